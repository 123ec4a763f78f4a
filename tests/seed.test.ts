import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BuyerGroup, Need, Organization, SupplierProfile } from "@markedsdialog/core";
import { DEMO_PASSWORD, generate, seedDemo, type DemoSummary } from "@markedsdialog/seed";
import { generatedId, generatedIdRange } from "@markedsdialog/seed/generate-records";
import { reindex } from "@markedsdialog/core/search/sync";
import { ADMIN_TOKEN, bearer, startHarness, type Harness } from "./helpers/harness";

const BILLION = 1_000_000_000;

async function counts() {
  const [organizations, needs, profiles, groups] = await Promise.all([
    Organization.countDocuments(),
    Need.countDocuments(),
    SupplierProfile.countDocuments(),
    BuyerGroup.countDocuments(),
  ]);
  return { organizations, needs, profiles, groups };
}

describe("demo seed", () => {
  let h: Harness;
  let first: DemoSummary;
  let second: DemoSummary;
  let afterFirst: Awaited<ReturnType<typeof counts>>;
  let afterSecond: Awaited<ReturnType<typeof counts>>;

  before(async () => {
    h = await startHarness("seed_demo");
    first = await seedDemo();
    afterFirst = await counts();
    second = await seedDemo();
    afterSecond = await counts();
    // Public lists are answered from the search index; bring it in line with what was seeded.
    await reindex(h.search, "needs");
  });
  after(async () => {
    await h.close();
  });

  it("when the demo is seeded twice, then the second run creates nothing and the counts stay the same", () => {
    assert.deepEqual(afterSecond, afterFirst);
    assert.deepEqual(second.created, { organizations: 0, needs: 0, suppliers: 0, groups: 0, apiKeys: 0, users: 0 });
    assert.equal(first.created.organizations, first.organizations);
    assert.equal(afterFirst.needs, first.needs);
    assert.equal(afterFirst.profiles, first.suppliers);
    assert.equal(afterFirst.groups, 3);
    assert.ok(first.needs >= 40 && first.needs <= 60, `about 50 needs, got ${first.needs}`);
    assert.ok(first.suppliers >= 250 && first.suppliers <= 350, `about 300 suppliers, got ${first.suppliers}`);
  });

  it("when a demo need is fetched by id, then every published one is visible to anyone and drafts are not", async () => {
    const needs = await Need.find({}, { status: 1, title: 1 }).lean();
    const statuses = new Set<string>(needs.map((n) => n.status));
    for (const status of ["published", "in_dialogue", "tender_announced", "awarded", "cancelled", "draft"]) {
      assert.ok(statuses.has(status), `the demo has a ${status} need`);
    }
    for (const need of needs) {
      const res = await h.http.get(`/api/v1/needs/${need._id.toString()}`);
      if (need.status === "draft") assert.equal(res.status, 404, need.title);
      else {
        assert.equal(res.status, 200, need.title);
        assert.equal(res.body.title, need.title);
        assert.equal(res.body.status, need.status);
      }
    }
  });

  it("when the pipeline is grouped by buyer group, then Follo plans about NOK 10 billion and Indre Østfold about 0.6", async () => {
    const res = await h.http.get("/api/v1/pipeline?groupBy=group");
    assert.equal(res.status, 200);
    const row = (label: string) => res.body.items.find((item: { label: string }) => item.label === label);
    const follo = row("Follo innkjøpssamarbeid");
    const indreOstfold = row("Indre Østfold");
    assert.ok(follo.valueMaxNok >= 9.5 * BILLION && follo.valueMaxNok <= 10.5 * BILLION, `Follo: ${follo.valueMaxNok}`);
    assert.ok(
      indreOstfold.valueMaxNok >= 0.5 * BILLION && indreOstfold.valueMaxNok <= 0.7 * BILLION,
      `Indre Østfold: ${indreOstfold.valueMaxNok}`,
    );
    assert.ok(row("Sør-Vest-nettverket").count > 0);
  });

  it("when needs are filtered on municipality 3207, then Nordre Follo's public needs are listed", async () => {
    const res = await h.http.get("/api/v1/needs?municipality=3207&limit=100");
    assert.equal(res.status, 200);
    const titles = res.body.items.map((n: { title: string }) => n.title);
    assert.ok(titles.includes("Ski sentrum: nytt rådhuskvartal, byrom og gater rundt stasjonen"));
    assert.ok(res.body.items.every((n: { municipalities: string[] }) => n.municipalities.includes("3207")));
    assert.ok(res.body.items.some((n: { buyer: { name: string } }) => n.buyer.name === "Nordre Follo kommune"));
    assert.ok(res.body.total >= 10, `Nordre Follo has many needs, got ${res.body.total}`);
  });

  it("when anyone lists needs, then drafts are not among them", async () => {
    const drafts = await Need.find({ status: "draft" }, { title: 1 }).lean();
    assert.ok(drafts.length >= 2);
    const listed: string[] = [];
    for (let page = 1; ; page++) {
      const res = await h.http.get(`/api/v1/needs?limit=100&page=${page}`);
      assert.equal(res.status, 200);
      listed.push(...res.body.items.map((n: { title: string }) => n.title));
      if (listed.length >= res.body.total || res.body.items.length === 0) break;
    }
    for (const draft of drafts) assert.ok(!listed.includes(draft.title), `draft listed: ${draft.title}`);
    assert.equal((await h.http.get("/api/v1/needs?status=draft")).status, 403);
  });

  it("when the demo API keys are used, then each authenticates as its organisation", async () => {
    assert.equal(first.keys.length, 3);
    assert.deepEqual(second.keys, first.keys, "the same tokens on every run");
    assert.deepEqual(first.keys.map((k) => k.kind).sort(), ["buyer", "organiser", "supplier"]);
    for (const key of first.keys) {
      assert.match(key.token, /^md_demo_[a-z_]+_[A-Za-z0-9_-]{32}$/);
      assert.match(key.token, /^md_[A-Za-z0-9_-]{20,100}$/);
      const me = await h.http.get("/api/v1/me").set(...bearer(key.token));
      assert.equal(me.status, 200);
      assert.deepEqual(me.body, {
        type: "organization",
        orgId: key.organizationId,
        kind: key.kind,
        name: key.organization,
      });
    }
  });

  it("when a demo user signs in with the demo password, then the session acts as the same organisation as its demo key", async () => {
    assert.deepEqual(second.users, first.users);
    assert.deepEqual(first.users.map((u) => u.email).sort(), [
      "arrangor@dialogarena.demo",
      "innkjoper@nordrefollo.demo",
      "leverandor@follobroyt.demo",
    ]);
    for (const user of first.users) {
      const res = await h.http
        .post("/api/v1/auth/password-sign-in")
        .send({ email: user.email, password: DEMO_PASSWORD });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.user.orgId, first.keys.find((k) => k.kind === user.kind)?.organizationId);
      assert.equal(res.body.user.role, "admin");
    }
  });
});

describe("benchmark generator", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness("seed_generate");
  });
  after(async () => {
    await h.close();
  });

  it("when 500 suppliers and 500 needs are generated, then that many are stored and readable through the API", async () => {
    const summary = await generate({ suppliers: 500, needs: 500, seed: 7 });
    assert.equal(summary.suppliers.created, 500);
    assert.equal(summary.needs.created, 500);
    assert.equal(await SupplierProfile.countDocuments({ orgId: generatedIdRange(7, "supplier") }), 500);
    assert.equal(await Organization.countDocuments({ kind: "supplier" }), 500);
    assert.equal(await Need.countDocuments(), 500);

    for (let i = 0; i < 500; i += 20) {
      const id = generatedId(7, "supplier", i).toString();
      const res = await h.http.get(`/api/v1/suppliers/${id}`).set(...bearer(ADMIN_TOKEN));
      assert.equal(res.status, 200, `supplier ${i}`);
      assert.equal(res.body.id, id);
      assert.ok(res.body.cpv.length > 0 && res.body.name.endsWith(" AS"));
    }
    const published = await Need.findOne({ status: "published" }, { _id: 1 }).lean();
    assert.ok(published);
    assert.equal((await h.http.get(`/api/v1/needs/${published._id.toString()}`)).status, 200);
  });

  it("when the generator runs again with the same seed, then it only tops up", async () => {
    const again = await generate({ suppliers: 500, needs: 500, seed: 7 });
    assert.deepEqual([again.buyers.created, again.suppliers.created, again.needs.created], [0, 0, 0]);
    const more = await generate({ suppliers: 600, needs: 500, seed: 7 });
    assert.equal(more.suppliers.created, 100);
    assert.equal(await SupplierProfile.countDocuments(), 600);
  });
});
