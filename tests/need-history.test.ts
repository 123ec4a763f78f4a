import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startHarness, needBody, bearer, type Harness } from "./helpers/harness";

type Entry = {
  kind: string;
  version: number;
  fields?: string[];
  changes?: { field: string; from: unknown; to: unknown }[];
  fromStatus?: string;
  toStatus?: string;
};

describe("a need's change log", () => {
  let h: Harness;
  let buyer: { id: string; token: string };
  before(async () => {
    h = await startHarness("need_history");
    buyer = await h.organization("buyer");
  });
  after(async () => h.close());

  const publish = async (extra: Record<string, unknown> = {}) => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", ...extra }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; version: number };
  };
  const changes = async (id: string): Promise<Entry[]> => {
    const res = await h.http.get(`/api/v1/needs/${id}/changes`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as Entry[];
  };

  it("when a need is created published, then its log starts with draft → published at its publication, by its buyer, and a draft published later logs the same", async () => {
    const created = await publish();
    const record = (await h.http.get(`/api/v1/needs/${created.id}`).set(...bearer(buyer.token))).body;
    const [first, ...rest] = (await changes(created.id)) as (Entry & {
      at: string;
      actor: { type: string; orgId?: string };
    })[];
    assert.deepEqual(
      { kind: first?.kind, fromStatus: first?.fromStatus, toStatus: first?.toStatus, version: first?.version },
      { kind: "status", fromStatus: "draft", toStatus: "published", version: 1 },
    );
    assert.equal(first?.at, record.publishedAt, "logged at the moment it was published");
    assert.deepEqual({ type: first?.actor.type, orgId: first?.actor.orgId }, { type: "organization", orgId: buyer.id });
    assert.deepEqual(rest, [], "nothing else happened to it");
    assert.equal("createdBy" in record, false, "the entry is not part of the need's answer");

    const draft = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody());
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    const published = await h.http
      .post(`/api/v1/needs/${draft.body.id}/status`)
      .set(...bearer(buyer.token))
      .send({ status: "published" });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const later = (await changes(draft.body.id)) as (Entry & { actor: { orgId?: string } })[];
    assert.deepEqual(
      later.map((e) => [e.kind, e.fromStatus, e.toStatus, e.version, e.actor.orgId]),
      [["status", "draft", "published", 2, buyer.id]],
    );
  });

  it("when 20 edits of one need race, 5 rounds, then every successful write has exactly one entry, in version order, the last matching the record", async () => {
    const need = await publish();
    const written: number[] = [];
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          h.http
            .patch(`/api/v1/needs/${need.id}`)
            .set(...bearer(buyer.token))
            .send({ title: `Runde ${round}, skriver ${i}: vinterdrift` }),
        ),
      );
      const statuses = results.map((r) => r.status);
      assert.ok(
        statuses.every((s) => s === 200 || s === 409),
        `unexpected statuses ${statuses.join(",")}`,
      );
      written.push(...results.filter((r) => r.status === 200).map((r) => r.body.version as number));
    }
    assert.ok(written.length >= 5, `at least one write per round won: ${written.length}`);

    const record = (await h.http.get(`/api/v1/needs/${need.id}`)).body;
    const log = await changes(need.id);
    const updates = log.filter((e) => e.kind === "update");
    assert.deepEqual(
      log.map((e) => e.version),
      [need.version, ...written.sort((a, b) => a - b)],
      "the publication, then one entry per successful write, in version order",
    );
    assert.equal(updates.length, written.length);
    const last = updates.at(-1);
    assert.equal(last?.version, record.version);
    assert.deepEqual(
      last?.changes?.find((c) => c.field === "title")?.to,
      record.title,
      "the last entry ends where the record is",
    );
  });

  it("when a status change sets the notice link, then the log shows the old and the new link", async () => {
    const need = await publish({ noticeUrl: "https://www.doffin.no/notices/2027-100001" });
    const announced = await h.http
      .post(`/api/v1/needs/${need.id}/status`)
      .set(...bearer(buyer.token))
      .send({ status: "tender_announced", noticeUrl: "https://www.doffin.no/notices/2027-100002" });
    assert.equal(announced.status, 200, JSON.stringify(announced.body));
    const entry = (await changes(need.id)).at(-1);
    assert.equal(entry?.kind, "status");
    assert.deepEqual(entry?.fields, ["status", "noticeUrl"]);
    assert.deepEqual(entry?.changes, [
      { field: "status", from: "published", to: "tender_announced" },
      {
        field: "noticeUrl",
        from: "https://www.doffin.no/notices/2027-100001",
        to: "https://www.doffin.no/notices/2027-100002",
      },
    ]);

    const first = await publish();
    await h.http
      .post(`/api/v1/needs/${first.id}/status`)
      .set(...bearer(buyer.token))
      .send({ status: "tender_announced", noticeUrl: "https://www.doffin.no/notices/2027-100003" });
    assert.deepEqual(
      (await changes(first.id)).at(-1)?.changes?.find((c) => c.field === "noticeUrl"),
      { field: "noticeUrl", from: null, to: "https://www.doffin.no/notices/2027-100003" },
      "a first link comes from nothing",
    );
  });
});
