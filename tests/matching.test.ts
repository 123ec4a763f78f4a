/**
 * Matching through the HTTP API against the real FerretDB, Redis and embedded search engine: which
 * suppliers a need reaches (GET /needs/{id}/matches), which needs a supplier is matched to
 * (GET /suppliers/{orgId}/matches), why, and who may see it; the candidate index under racing writes and
 * after losing its keys. The two-process case is in tests/matching-processes.test.ts.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { compileSubscription, MatchIndex, Subscription, type SubscriptionRecord } from "@markedsdialog/core";
import { startHarness, needBody, bearer, ADMIN_TOKEN, eventually, type Harness } from "./helpers/harness";

type Org = { id: string; token: string; name: string };
type NeedMatchItem = {
  supplier: { id: string; name?: string };
  score: number;
  explanation: string;
  distanceKm?: number;
  sources: { type: string }[];
};
type SupplierMatchItem = {
  need: { id: string };
  score: number;
  explanation: string;
  sources: { type: string; subscriptionId?: string }[];
};

const profile = (municipality: string, cpv: string[], extra: Record<string, unknown> = {}) => ({
  name: `Leverandør ${municipality} ${cpv.join(" ")}`,
  description: "Entreprenør.",
  capabilities: "Asfaltering, vedlikehold og brøyting av kommunale veier.",
  cpv,
  municipality,
  serviceArea: {},
  ...extra,
});

describe("matching needs and suppliers", () => {
  let h: Harness;
  const buyers: Record<string, Org> = {};
  const suppliers: Record<string, Org> = {};
  const subs: Record<string, string> = {};
  const needs: Record<string, string> = {};
  let follo: string;

  const as = (org: Org | string) => bearer(typeof org === "string" ? org : org.token);
  async function subscribe(key: string, body: Record<string, unknown>) {
    suppliers[key] ??= await h.organization("supplier");
    const res = await h.http
      .post("/api/v1/subscriptions")
      .set(...as(suppliers[key]!))
      .send({ channels: ["inapp"], frequency: "instant", ...body });
    assert.equal(res.status, 201, `${key}: ${JSON.stringify(res.body)}`);
    subs[key] = res.body.id;
  }
  async function publish(key: string, buyer: string, extra: Record<string, unknown>) {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...as(buyers[buyer]!))
      .send(needBody({ status: "published", ...extra }));
    assert.equal(res.status, 201, `${key}: ${JSON.stringify(res.body)}`);
    needs[key] = res.body.id;
  }
  const needMatches = async (need: string, token = buyers.nordreFollo!.token) => {
    const res = await h.http.get(`/api/v1/needs/${needs[need]}/matches?limit=100`).set(...bearer(token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as NeedMatchItem[];
  };
  const buyerOf: Record<string, string> = {};
  const matched = async (need: string) =>
    new Map((await needMatches(need, buyers[buyerOf[need]!]!.token)).map((m) => [m.supplier.id, m]));
  const reaches = async (need: string, supplier: string) => (await matched(need)).has(suppliers[supplier]!.id);
  const supplierMatches = async (supplier: string) => {
    const res = await h.http
      .get(`/api/v1/suppliers/${suppliers[supplier]!.id}/matches?limit=100`)
      .set(...as(suppliers[supplier]!));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as SupplierMatchItem[];
  };

  before(async () => {
    // The racing tests send hundreds of writes by one supplier within a minute: no write limit here.
    h = await startHarness("matching", { RATE_LIMIT_WRITES: "0" }, { workers: true, engine: "embedded" });
    buyers.nordreFollo = await h.organization("buyer", { municipality: "3207" });
    buyers.aas = await h.organization("buyer", { municipality: "3218" });
    buyers.frogn = await h.organization("buyer", { municipality: "3214" });
    buyers.halden = await h.organization("buyer", { municipality: "3101" });
    buyers.akershus = await h.organization("buyer", { municipality: "3205", buyerType: "fylkeskommune" });
    buyers.state = await h.organization("buyer", { municipality: "0301", buyerType: "statlig_virksomhet" });
    const group = await h.http
      .post("/api/v1/buyer-groups")
      .set(...bearer(ADMIN_TOKEN))
      .send({
        name: "Follo innkjøpssamarbeid",
        kind: "procurement_collaboration",
        members: [buyers.nordreFollo.id, buyers.aas.id],
      });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    follo = group.body.id;

    const road = {
      title: "Vedlikehold av kommunale veier i Nordre Follo",
      challenge: "Vi trenger asfaltering og vedlikehold av veiene, med færre utslipp.",
      cpv: ["45233140"],
      smeSuitable: true,
    };
    const snow = { cpv: ["90620000"], title: "Brøyting av kommunale veier", challenge: "Snørydding og strøing." };
    for (const [key, buyer, extra] of [
      ["road", "nordreFollo", road],
      [
        "clean",
        "halden",
        {
          title: "Renhold av skoler",
          challenge: "Daglig renhold.",
          cpv: ["90911200"],
          municipalities: ["3101"],
          estimatedValueNok: { min: 5e6, max: 8e6 },
          procedure: "open",
        },
      ],
      [
        "county",
        "akershus",
        {
          ...road,
          title: "Vedlikehold av fylkesveier",
          municipalities: [],
          counties: ["32"],
          estimatedValueNok: undefined,
          smeSuitable: false,
        },
      ],
      [
        "national",
        "state",
        {
          title: "Nytt fagsystem",
          challenge: "Et digitalt saksbehandlingssystem.",
          cpv: ["72000000"],
          municipalities: [],
          estimatedValueNok: { min: 1e8, max: 2e8 },
          procedure: "open",
        },
      ],
      ["aas", "aas", { ...snow, municipalities: ["3218"] }],
      ["frogn", "frogn", { ...snow, municipalities: ["3214"] }],
    ] as const) {
      buyerOf[key] = buyer;
      await publish(key, buyer, extra);
    }

    await subscribe("cpv", { cpv: ["45230000"] });
    await subscribe("sibling", { cpv: ["45240000"] });
    await subscribe("municipality", { cpv: ["45000000"], municipalities: ["3207"] });
    await subscribe("county", { counties: ["31"] });
    await subscribe("group", { buyerGroups: [follo] });
    await subscribe("buyer", { buyers: [buyers.halden.id] });
    await subscribe("valueIn", { cpv: ["45000000"], minValue: 50e6 });
    await subscribe("valueOut", { cpv: ["45000000"], maxValue: 30e6 });
    await subscribe("procedureOut", { cpv: ["45000000"], procedures: ["open"] });
    await subscribe("procedureIn", { cpv: ["45000000"], procedures: ["competitive_negotiation", "open"] });
    await subscribe("sme", { cpv: ["45000000"], smeOnly: true });
    await subscribe("keyword", { keywords: ["veg"] });
    await subscribe("synonym", { keywords: ["snøbrøyting", "helt annet ord"] });
    await subscribe("everything", {
      cpv: ["45233000"],
      municipalities: ["3207"],
      buyerGroups: [follo],
      keywords: ["vedlikehold", "veg", "tunnel"],
      minValue: 10e6,
      maxValue: 100e6,
      procedures: ["competitive_negotiation"],
      smeOnly: true,
    });
    suppliers.radius = await h.organization("supplier");
    const put = await h.http
      .put(`/api/v1/suppliers/${suppliers.radius.id}/profile`)
      .set(...as(suppliers.radius))
      .send(profile("3207", ["71000000"], { location: { lat: 59.72, lon: 10.83 } }));
    assert.equal(put.status, 200, JSON.stringify(put.body));
    await subscribe("radius", { radiusKm: 7 });
    suppliers.follower = await h.organization("supplier");
    assert.equal((await h.http.put(`/api/v1/buyer-groups/${follo}/follow`).set(...as(suppliers.follower))).status, 200);
  });
  after(async () => h.close());

  it("when a subscription names a CPV code, then needs with codes under it match and the explanation says where", async () => {
    const road = await matched("road");
    assert.match(road.get(suppliers.cpv!.id)?.explanation ?? "", /CPV 45233140 ligger under deres 45230000/);
    assert.ok(!road.has(suppliers.sibling!.id), "a sibling branch (45240000) does not match");
    assert.ok(!(await reaches("clean", "cpv")) && !(await reaches("national", "cpv")));
  });

  it("when a subscription names a municipality, then needs there, for its whole county or the whole country match; others do not", async () => {
    assert.match((await matched("road")).get(suppliers.municipality!.id)?.explanation ?? "", /i Nordre Follo/);
    assert.match((await matched("county")).get(suppliers.municipality!.id)?.explanation ?? "", /gjelder hele Akershus/);
    assert.ok(!(await reaches("aas", "municipality")), "Ås is another municipality (and another CPV)");
    assert.match((await matched("clean")).get(suppliers.county!.id)?.explanation ?? "", /i Østfold/);
    assert.match((await matched("national")).get(suppliers.county!.id)?.explanation ?? "", /gjelder hele landet/);
    assert.ok(!(await reaches("road", "county")), "Nordre Follo is not in Østfold");
  });

  it("when a subscription has a radius around the profile's location, then needs within it match with their distance", async () => {
    const road = (await matched("road")).get(suppliers.radius!.id);
    assert.match(road?.explanation ?? "", /\b4 km fra Ski\b/);
    assert.ok(await reaches("aas", "radius"), "Ås, 5 km away");
    assert.ok(!(await reaches("frogn", "radius")), "Frogn, 9.5 km away, is outside 7 km");
    assert.ok(!(await reaches("clean", "radius")), "Halden, 80 km away");
  });

  it("when a subscription follows a buyer or a group, then its members' needs match; a changed membership counts at once", async () => {
    assert.match((await matched("road")).get(suppliers.group!.id)?.explanation ?? "", /følger Follo innkjøpssamarbeid/);
    assert.ok(await reaches("aas", "group"));
    assert.ok(!(await reaches("frogn", "group")));
    assert.match((await matched("clean")).get(suppliers.buyer!.id)?.explanation ?? "", /følger buyer/);
    const patched = await h.http
      .patch(`/api/v1/buyer-groups/${follo}`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ members: [buyers.nordreFollo!.id, buyers.frogn!.id] });
    assert.equal(patched.status, 200);
    assert.ok(await reaches("frogn", "group"), "Frogn joined");
    assert.ok(!(await reaches("aas", "group")), "Ås left");
    assert.ok(await reaches("frogn", "follower"), "following the group follows its new member too");
    await h.http
      .patch(`/api/v1/buyer-groups/${follo}`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ members: [buyers.nordreFollo!.id, buyers.aas!.id] });
  });

  it("when a supplier follows a group, then its members' needs reach it as a follow", async () => {
    const follower = (await matched("road")).get(suppliers.follower!.id);
    assert.deepEqual(follower?.sources, [{ type: "follow", groupId: follo, groupName: "Follo innkjøpssamarbeid" }]);
  });

  it("value ranges overlap, procedures and SME suitability are required when asked for", async () => {
    const road = await matched("road");
    assert.match(road.get(suppliers.valueIn!.id)?.explanation ?? "", /verdi 40–60 mill\. kr/);
    assert.ok(!road.has(suppliers.valueOut!.id), "40–60 MNOK is above a 30 MNOK ceiling");
    assert.ok(!(await reaches("county", "valueIn")), "a need without an estimate does not meet a value criterion");
    assert.ok(!road.has(suppliers.procedureOut!.id));
    assert.match(road.get(suppliers.procedureIn!.id)?.explanation ?? "", /konkurranse med forhandling/);
    assert.match(road.get(suppliers.sme!.id)?.explanation ?? "", /egnet for små og mellomstore bedrifter/);
    assert.ok(!(await reaches("county", "sme")), "the county need is not marked SME-suitable");
  });

  it("keywords match inflections and synonyms, as search does", async () => {
    assert.match((await matched("road")).get(suppliers.keyword!.id)?.explanation ?? "", /ord: veg$/);
    assert.match((await matched("aas")).get(suppliers.synonym!.id)?.explanation ?? "", /ord: snøbrøyting/);
    assert.ok(!(await reaches("clean", "keyword")));
  });

  it("when every criterion holds, then all are told; when one fails, then there is no match", async () => {
    const all = (await matched("road")).get(suppliers.everything!.id);
    assert.equal(
      all?.explanation,
      "CPV 45233140 ligger under deres 45233000; i Nordre Follo; følger Follo innkjøpssamarbeid; ord: vedlikehold, veg; verdi 40–60 mill. kr; konkurranse med forhandling; egnet for små og mellomstore bedrifter",
    );
    assert.ok(all.score >= 80, `score ${all.score}`);
    assert.ok(!(await reaches("county", "everything")), "the county need fails on place, group, value and SME");
  });

  it("when suppliers opt in to profile matching, then those covering the need's place are matched on CPV, nearest first; others are not", async () => {
    const put = async (key: string, body: Record<string, unknown>) => {
      suppliers[key] = await h.organization("supplier");
      const res = await h.http
        .put(`/api/v1/suppliers/${suppliers[key]!.id}/profile`)
        .set(...as(suppliers[key]!))
        .send(body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.matchOnProfile, body.matchOnProfile ?? false);
    };
    await put("local", profile("3207", ["45233140"], { matchOnProfile: true }));
    await put("regional", profile("3218", ["45233140"], { matchOnProfile: true, serviceArea: { counties: ["32"] } }));
    await put("broad", profile("3207", ["45200000"], { matchOnProfile: true }));
    await put("notOptedIn", profile("3207", ["45233140"]));
    await put("elsewhere", profile("3101", ["45233140"], { matchOnProfile: true }));
    const road = await eventually(
      () => matched("road"),
      (m) => m.has(suppliers.local!.id) && m.has(suppliers.regional!.id) && m.has(suppliers.broad!.id),
    );
    const local = road.get(suppliers.local!.id)!;
    assert.deepEqual(local.sources, [{ type: "profile" }]);
    assert.match(
      local.explanation,
      /^samme CPV 45233140; tjenesteområdet deres dekker Nordre Follo; (under 1|\d+) km fra Ski; ord: .*asfaltering/,
    );
    assert.match(road.get(suppliers.broad!.id)!.explanation, /CPV 45233140 ligger under deres 45200000/);
    assert.ok(!road.has(suppliers.notOptedIn!.id), "no opt-in, no profile match");
    assert.ok(!road.has(suppliers.elsewhere!.id), "Halden's supplier does not deliver in Nordre Follo");
    const order = (await needMatches("road")).map((m) => m.supplier.id);
    assert.ok(order.indexOf(suppliers.local!.id) < order.indexOf(suppliers.regional!.id), "the local supplier first");
    const scores = (await needMatches("road")).map((m) => m.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      "best first",
    );
  });

  it("a supplier's matches are the needs that reach it, with the same explanations", async () => {
    for (const key of [
      "cpv",
      "municipality",
      "county",
      "group",
      "radius",
      "keyword",
      "everything",
      "local",
      "follower",
    ]) {
      const supplier = suppliers[key]!;
      const fromNeeds = new Map<string, string>();
      for (const need of Object.keys(needs)) {
        const match = (await matched(need)).get(supplier.id);
        if (match) fromNeeds.set(needs[need]!, match.explanation);
      }
      const listed = await eventually(
        () => supplierMatches(key),
        (items) => items.length === fromNeeds.size,
      );
      assert.deepEqual(new Map(listed.map((m) => [m.need.id, m.explanation])), fromNeeds, key);
    }
    const own = await supplierMatches("everything");
    assert.deepEqual(
      own[0]?.sources.map((s) => s.subscriptionId),
      [subs.everything],
    );
  });

  it("only the need's buyer and the admin see whom it reaches; only the supplier and the admin its matches", async () => {
    const road = `/api/v1/needs/${needs.road}/matches`;
    assert.equal((await h.http.get(road)).status, 401);
    assert.equal((await h.http.get(road).set(...as(buyers.halden!))).status, 403);
    assert.equal((await h.http.get(road).set(...as(suppliers.cpv!))).status, 403);
    assert.equal((await h.http.get(road).set(...bearer(ADMIN_TOKEN))).status, 200);
    const draft = await h.http
      .post("/api/v1/needs")
      .set(...as(buyers.nordreFollo!))
      .send(needBody());
    assert.equal((await h.http.get(`/api/v1/needs/${draft.body.id}/matches`).set(...as(buyers.halden!))).status, 404);
    const preview = await h.http.get(`/api/v1/needs/${draft.body.id}/matches`).set(...as(buyers.nordreFollo!));
    assert.equal(preview.status, 200, "a buyer previews whom its draft would reach");
    const theirs = `/api/v1/suppliers/${suppliers.cpv!.id}/matches`;
    assert.equal((await h.http.get(theirs)).status, 401);
    assert.equal((await h.http.get(theirs).set(...as(suppliers.sibling!))).status, 403);
    assert.equal((await h.http.get(theirs).set(...as(buyers.nordreFollo!))).status, 403);
    const ownId = `/api/v1/suppliers/${buyers.nordreFollo!.id}/matches`;
    assert.equal(
      (await h.http.get(ownId).set(...as(buyers.nordreFollo!))).status,
      403,
      "a buyer has no supplier matches",
    );
    assert.equal((await h.http.get(theirs).set(...bearer(ADMIN_TOKEN))).status, 200);
    const shown = JSON.stringify(await needMatches("road"));
    assert.ok(
      !shown.includes("subscriptionId") && !shown.includes("webhook") && !shown.includes("channels"),
      "a buyer never sees suppliers' settings",
    );
  });

  it("when twelve writes to subscriptions race, then the index ends equal to the database", async () => {
    const racer = await h.organization("supplier");
    const create = (i: number) =>
      h.http
        .post("/api/v1/subscriptions")
        .set(...as(racer))
        .send({ channels: ["inapp"], frequency: "instant", cpv: [i % 2 ? "45000000" : "90620000"] });
    const [a, b, c] = await Promise.all([create(0), create(1), create(2)]);
    const patch = (id: string, body: Record<string, unknown>) =>
      h.http
        .patch(`/api/v1/subscriptions/${id}`)
        .set(...as(racer))
        .send(body);
    const results = await Promise.all([
      ...[0, 1, 2, 3, 4].map((i) =>
        patch(a.body.id, i % 2 ? { municipalities: ["3207"] } : { keywords: [`ord${i}`], cpv: null }),
      ),
      ...[0, 1, 2].map(() => patch(b.body.id, { counties: ["31"] })),
      h.http.delete(`/api/v1/subscriptions/${b.body.id}`).set(...as(racer)),
      h.http.delete(`/api/v1/subscriptions/${c.body.id}`).set(...as(racer)),
      create(3),
      create(4),
    ]);
    assert.equal(results.length, 12);
    for (const res of results)
      assert.ok([200, 201, 204, 404, 409].includes(res.status), `${res.status} ${JSON.stringify(res.body)}`);
    assert.ok(
      results.some((r) => r.status === 200),
      "some changes went through",
    );
    const drift = await h.http.get("/api/v1/admin/matching/drift").set(...bearer(ADMIN_TOKEN));
    assert.equal(drift.status, 200);
    assert.equal(drift.body.inSync, true, JSON.stringify(drift.body));
    assert.equal((await h.http.get(`/api/v1/subscriptions/${b.body.id}`).set(...as(racer))).status, 404);
  });

  it("when index writes arrive out of order, then the newest version wins and a deletion is never undone", async () => {
    const index = new MatchIndex(h.ctx.redis, `${h.config.QUEUE_PREFIX}:match`);
    const record = await Subscription.findById(subs.cpv).lean<SubscriptionRecord>();
    const v = (version: number, cpv: string[]) => compileSubscription({ ...record!, version, cpv });
    assert.equal(await index.apply(v(5, ["90620000"])), true);
    assert.equal(await index.apply(v(4, ["72000000"])), false, "an older write is ignored");
    assert.deepEqual((await index.criteria(subs.cpv!))?.cpv, ["90620000"]);
    const { criteria } = await index.candidates(["cpv:72000000"]);
    assert.ok(!criteria.some((c) => c.id === subs.cpv), "and not filed where the older write would have put it");
    assert.equal(await index.remove(subs.cpv!, 6), true);
    assert.equal(await index.apply(v(5, ["90620000"])), false, "a late write after the deletion");
    assert.equal(await index.criteria(subs.cpv!), undefined);
    assert.ok(!(await index.candidates(["cpv:90620000"])).criteria.some((c) => c.id === subs.cpv));
    await h.http.post("/api/v1/admin/matching/reindex").set(...bearer(ADMIN_TOKEN));
    assert.equal((await index.criteria(subs.cpv!))?.version, record!.version, "the repair files the database's state");
  });

  it("when a repair runs while subscriptions change, then no change is undone by it", async () => {
    const racer = await h.organization("supplier");
    const body = (i: number) => ({ channels: ["inapp"], frequency: "instant", cpv: ["45000000"], name: `r${i}` });
    const ids: string[] = [];
    for (let i = 0; i < 120; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          h.http
            .post("/api/v1/subscriptions")
            .set(...as(racer))
            .send(body(i + j)),
        ),
      );
      ids.push(...batch.map((res) => String(res.body.id)));
    }
    for (const round of [0, 1, 2]) {
      const [repair, ...changes] = await Promise.all([
        h.http.post("/api/v1/admin/matching/reindex").set(...bearer(ADMIN_TOKEN)),
        ...ids.map((id, i) =>
          h.http
            .patch(`/api/v1/subscriptions/${id}`)
            .set(...as(racer))
            .send({ cpv: (i + round) % 2 ? ["90620000"] : ["72000000"] }),
        ),
      ]);
      assert.equal(repair!.status, 200, JSON.stringify(repair!.body));
      assert.deepEqual(new Set(changes.map((res) => res.status)), new Set([200]));
    }
    const drift = await h.http.get("/api/v1/admin/matching/drift").set(...bearer(ADMIN_TOKEN));
    assert.equal(drift.body.inSync, true, JSON.stringify({ ...drift.body, missing: drift.body.missing.length }));
  });

  it("when Redis loses the index, then the drift check says what is missing and a repair restores every match", async () => {
    const before_ = await needMatches("road");
    const prefix = `${h.config.QUEUE_PREFIX}:match:`;
    const keys = await h.ctx.redis.keys(`${prefix}*`);
    assert.ok(keys.length > 0);
    await h.ctx.redis.del(...keys);
    const drift = await h.http.get("/api/v1/admin/matching/drift").set(...bearer(ADMIN_TOKEN));
    assert.equal(drift.body.inSync, false);
    assert.ok(drift.body.missing.includes(subs.cpv), "the lost subscriptions are listed as missing");
    assert.equal((await h.http.post("/api/v1/admin/matching/reindex").set(...as(suppliers.cpv!))).status, 403);
    const repair = await h.http.post("/api/v1/admin/matching/reindex").set(...bearer(ADMIN_TOKEN));
    assert.equal(repair.status, 200, JSON.stringify(repair.body));
    assert.equal((await h.http.get("/api/v1/admin/matching/drift").set(...bearer(ADMIN_TOKEN))).body.inSync, true);
    assert.deepEqual(await needMatches("road"), before_);
  });
});
