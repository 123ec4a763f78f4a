import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, needBody, bearer, ADMIN_TOKEN, type Harness } from "./helpers/harness";

type Row = {
  key: string;
  label: string;
  count: number;
  valueMinNok: number;
  valueMaxNok: number;
  withoutValue: number;
};

describe("pipeline: the announced procurements added up in the database", () => {
  let h: Harness;
  let ski: { id: string; token: string };
  let aas: { id: string; token: string };
  let halden: { id: string; token: string };
  let groupId: string;
  const rows = async (groupBy: string, extra: Record<string, string> = {}) => {
    const res = await h.http.get("/api/v1/pipeline").query({ groupBy, ...extra });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return {
      items: res.body.items as Row[],
      total: res.body.total as Omit<Row, "key" | "label">,
      byKey: new Map((res.body.items as Row[]).map((r) => [r.key, r])),
    };
  };

  before(async () => {
    h = await startHarness("pipeline");
    ski = await h.organization("buyer", { municipality: "3207" });
    aas = await h.organization("buyer", { municipality: "3218" });
    halden = await h.organization("buyer", { municipality: "3101" });
    const add = async (who: { token: string }, extra: Record<string, unknown>, status = "published") => {
      const res = await h.http
        .post("/api/v1/needs")
        .set(...bearer(who.token))
        .send(needBody({ status: status === "draft" ? "draft" : "published", ...extra }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      if (!["draft", "published"].includes(status)) {
        assert.equal(
          (
            await h.http
              .post(`/api/v1/needs/${res.body.id}/status`)
              .set(...bearer(who.token))
              .send({ status })
          ).status,
          200,
        );
      }
    };
    // Ski: 1 000 + 2 500 MNOK (one without value); Ås: 300 MNOK across two counties; Halden: 50–80 MNOK.
    await add(ski, {
      cpv: ["45214200"],
      estimatedValueNok: { min: 900e6, max: 1000e6 },
      timeline: { plannedNotice: "2027-03-01" },
    });
    await add(
      ski,
      { cpv: ["60130000"], estimatedValueNok: { min: 2000e6, max: 2500e6 }, timeline: { plannedNotice: "2028-03-01" } },
      "in_dialogue",
    );
    await add(ski, { cpv: ["72000000"], estimatedValueNok: undefined, timeline: { plannedNotice: "2027-06-01" } });
    await add(aas, {
      cpv: ["90910000"],
      municipalities: ["3218"],
      counties: ["31"],
      estimatedValueNok: { max: 300e6 },
      timeline: { plannedNotice: "2027-09-01" },
    });
    await add(halden, {
      cpv: ["45214200"],
      municipalities: ["3101"],
      estimatedValueNok: { min: 50e6, max: 80e6 },
      timeline: { plannedNotice: "2029-01-01" },
    });
    // Not in the pipeline: a draft and a cancelled need.
    await add(ski, { estimatedValueNok: { min: 1e9, max: 9e9 } }, "draft");
    await add(halden, { estimatedValueNok: { min: 1e9, max: 9e9 } }, "cancelled");
    const group = await h.http
      .post("/api/v1/buyer-groups")
      .set(...bearer(ADMIN_TOKEN))
      .send({ name: "Follo", kind: "procurement_collaboration", members: [ski.id, aas.id] });
    groupId = group.body.id;
  });
  after(async () => h.close());

  it("by buyer: sums of min and max, count and needs without a value; drafts and cancelled left out", async () => {
    const { byKey, total } = await rows("buyer");
    assert.deepEqual(
      { ...byKey.get(ski.id), key: undefined, label: undefined },
      { key: undefined, label: undefined, count: 3, valueMinNok: 2900e6, valueMaxNok: 3500e6, withoutValue: 1 },
    );
    assert.equal(byKey.get(aas.id)?.valueMinNok, 300e6, "a max alone counts as both ends");
    assert.equal(byKey.get(halden.id)?.count, 1);
    assert.deepEqual(total, { count: 5, valueMinNok: 3250e6, valueMaxNok: 3880e6, withoutValue: 1 });
  });

  it("by buyer group: the members' needs added up under the group's name", async () => {
    const { byKey } = await rows("group");
    const follo = byKey.get(groupId);
    assert.equal(follo?.label, "Follo");
    assert.equal(follo?.count, 4);
    assert.equal(follo?.valueMaxNok, 3800e6);
  });

  it("by county: a need that concerns two counties counts in each", async () => {
    const { byKey } = await rows("county");
    assert.equal(byKey.get("32")?.label, "Akershus");
    assert.equal(byKey.get("32")?.count, 4);
    assert.equal(byKey.get("31")?.count, 2, "Halden and the Ås need that also concerns Østfold");
    assert.equal(byKey.get("31")?.valueMaxNok, 380e6);
  });

  it("by CPV division and by year", async () => {
    const division = await rows("cpvDivision");
    assert.equal(division.byKey.get("45")?.valueMaxNok, 1080e6);
    assert.match(division.byKey.get("45")?.label ?? "", /\w/);
    assert.equal(division.byKey.get("60")?.count, 1);
    const years = await rows("year");
    assert.deepEqual([...years.byKey.keys()].sort(), ["2027", "2028", "2029"]);
    assert.equal(years.byKey.get("2027")?.count, 3);
    assert.equal(years.byKey.get("2028")?.valueMaxNok, 2500e6);
  });

  it("filters by status, county and year", async () => {
    const dialogue = await rows("buyer", { status: "in_dialogue" });
    assert.deepEqual(dialogue.total, { count: 1, valueMinNok: 2000e6, valueMaxNok: 2500e6, withoutValue: 0 });
    const y2027 = await rows("county", { year: "2027" });
    assert.equal(y2027.total.count, 3);
    const ostfold = await rows("buyer", { county: "31" });
    assert.equal(ostfold.total.count, 2);
  });
});
