/**
 * The jobs a need's writer enqueues carry the need as written (search-sync, match-need), a new need's
 * version 1 takes no claim, and matching keeps the buyer groups per process under a stamp. Through the API,
 * the queues and the real FerretDB and Redis: what must still hold when the worker reads less.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Types } from "mongoose";
import { InboxItem, Need, NotifyEvent, type NeedRecord, type SearchSyncJob } from "@markedsdialog/core";
import { ABANDONED_MS } from "@markedsdialog/core/platform/version-claims";
import { LATEST_VERSION_TTL_S } from "@markedsdialog/core/search/latest-versions";
import type { RedisConnection } from "@markedsdialog/core/platform/redis";
import { ADMIN_TOKEN, bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";

describe("when the worker trusts what the writer's jobs carry, then the index and the outbox still end right", () => {
  let h: Harness;
  let buyer: { id: string; token: string; name: string };
  let follower: { id: string; token: string; name: string };
  let groupId = "";

  before(async () => {
    h = await startHarness(
      "written_jobs",
      { NOTIFY_SWEEP_MS: "300", MATCH_NEED_ATTEMPTS: "2", MEILI_URL: "" },
      { workers: true },
    );
    buyer = await h.organization("buyer");
    follower = await h.organization("supplier");
    const group = await h.http
      .post("/api/v1/buyer-groups")
      .set(...bearer(ADMIN_TOKEN))
      .send({ name: `Innkjøpssamarbeid ${buyer.id}`, kind: "procurement_collaboration", members: [buyer.id] });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    groupId = group.body.id as string;
  });
  after(async () => {
    await h.close();
  });

  const publish = async (title: string) => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const told = (needId: string) =>
    eventually(
      async () => (await NotifyEvent.findById(`${needId}-v1`).lean())?.state,
      (state) => state === "done",
      30_000,
    );
  const inboxOf = async (needId: string) => InboxItem.find({ needId, supplierId: follower.id }).lean();
  const follow = async (on: boolean) => {
    const res = await h.http[on ? "put" : "delete"](`/api/v1/buyer-groups/${groupId}/follow`).set(
      ...bearer(follower.token),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  it("when a supplier follows or leaves a group after its groups were matched, then the next need of a member reaches it or does not", async () => {
    const first = await publish("Vask av kommunale biler");
    await told(first);
    assert.equal((await inboxOf(first)).length, 0, "nobody follows the group yet");
    await follow(true);
    const followed = await publish("Vask av kommunale busser");
    await eventually(
      () => inboxOf(followed),
      (items) => items.length === 1,
    );
    await follow(false);
    const left = await publish("Vask av kommunale ferjer");
    await told(left);
    assert.equal((await inboxOf(left)).length, 0, "the supplier left the group");
  });

  it("when a search-sync job carrying an older version runs late, then the index ends with the newest version and a closed need is not brought back", async () => {
    const id = await publish("Drift av svømmehall");
    await eventually(
      () => h.search.get("needs", id),
      (doc) => doc?.version === 1,
    );
    const v1 = await Need.findById(id).lean<NeedRecord>();
    const patched = await h.http
      .patch(`/api/v1/needs/${id}`)
      .set(...bearer(buyer.token))
      .send({ title: "Drift av svømmehall og badeland" });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    await eventually(
      () => h.search.get("needs", id),
      (doc) => doc?.version === 2,
    );
    const late: SearchSyncJob = { index: "needs", id, version: 1, need: JSON.parse(JSON.stringify(v1)) };
    const finished = async (jobId: string) =>
      eventually(
        async () => (await h.ctx.queues.searchSync.getJob(jobId))?.getState(),
        (state) => state === "completed",
      );
    await h.ctx.queues.searchSync.add("sync", late, { jobId: `late-${id}-1` });
    await finished(`late-${id}-1`);
    const doc = await h.search.get("needs", id);
    assert.equal(doc?.version, 2);
    assert.equal(doc?.view?.title, "Drift av svømmehall og badeland");

    // The newest version is kept for a day after the need's last write, then forgotten: a late job that
    // finds none asks the database and still leaves the newest version.
    const redis = (await h.ctx.queues.searchSync.client) as unknown as RedisConnection;
    const latestKey = `${h.ctx.queues.searchSync.opts.prefix}:search-latest:need:${id}`;
    const ttl = await redis.ttl(latestKey);
    assert.ok(ttl > 0 && ttl <= LATEST_VERSION_TTL_S, `the newest version expires (ttl ${ttl} s)`);
    assert.equal(await redis.get(latestKey), "2");
    await redis.del(latestKey);
    await h.ctx.queues.searchSync.add("sync", late, { jobId: `late-${id}-expired` });
    await finished(`late-${id}-expired`);
    assert.equal((await h.search.get("needs", id))?.version, 2, "the database said version 2");

    const cancelled = await h.http
      .post(`/api/v1/needs/${id}/status`)
      .set(...bearer(buyer.token))
      .send({ status: "cancelled" });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    await eventually(
      () => h.search.get("needs", id),
      (found) => found === undefined,
    );
    await h.ctx.queues.searchSync.add("sync", late, { jobId: `late-${id}-2` });
    await finished(`late-${id}-2`);
    assert.equal(await h.search.get("needs", id), undefined, "the cancelled need stays out of the index");
  });

  it("when a need published at creation is still being written, then its event waits for it and is told once it lands; one whose creator died is dropped", async () => {
    await follow(true);
    const model = await Need.findById(await publish("Mal for en ny behovsmelding")).lean<NeedRecord>();
    assert.ok(model);
    // A creator under way: its event recorded (no claim for version 1), the need not yet.
    const id = new Types.ObjectId();
    await NotifyEvent.create({ _id: `${id}-v1`, needId: id.toString(), needVersion: 1, kind: "published" });
    await h.ctx.queues.matchNeed.add(
      "match",
      { needId: id.toString(), version: 1 },
      { jobId: `${id}-v1`, attempts: 1 },
    );
    await eventually(
      async () => (await h.ctx.queues.matchNeed.getJob(`${id}-v1`))?.getState(),
      (state) => state === "failed",
      30_000,
    );
    assert.equal((await NotifyEvent.findById(`${id}-v1`).lean())?.state, "pending", "kept while young");
    const { _id: _model, createdAt: _c, updatedAt: _u, ...fields } = model;
    await Need.create({ ...fields, _id: id, title: "Ny behovsmelding som kom fram", version: 1 });
    await told(id.toString());
    await eventually(
      () => inboxOf(id.toString()),
      (items) => items.length === 1,
    );

    // A creator that died more than ABANDONED_MS ago: its event goes, and nothing is told.
    const never = new Types.ObjectId().toString();
    const old = new Date(Date.now() - ABANDONED_MS - 5_000);
    await new NotifyEvent({
      ...{ _id: `${never}-v1`, needId: never, needVersion: 1, kind: "published" },
      ...{ createdAt: old, updatedAt: old },
    }).save({ timestamps: false });
    await eventually(
      () => NotifyEvent.findById(`${never}-v1`).lean(),
      (event) => event === null,
      30_000,
    );
    assert.equal((await InboxItem.find({ needId: never }).lean()).length, 0);
  });
});
