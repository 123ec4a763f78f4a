/**
 * No notification event is lost, and none is told that was never written (notifications/outbox.ts): a
 * writer that dies between its version claim and its write, a writer taking over its abandoned claim, a
 * match-need job that used up its attempts, and a supplier profile written while Redis was away. Redis is a
 * server of this file's own; a dying or slow writer is left as such a writer leaves the database, through
 * the core models, and everything else goes through HTTP, the queues and the SMTP catcher.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { Types } from "mongoose";
import { DeliveryEntry, Need, NotifyEvent, type DeliveryRecord } from "@markedsdialog/core";
import { ABANDONED_MS, VersionClaim } from "@markedsdialog/core/platform/version-claims";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";
import { startRedisServer, type RedisServer } from "./helpers/redis-servers";

const durable = (port: number, dir: string) => [
  ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes"],
  ...["--maxmemory-policy", "noeviction"],
];
const VALUE = { min: 40_000_000, max: 60_000_000 };

describe("when a need write or an enqueue fails half-way, then every written version is told once and no other", () => {
  let h: Harness;
  let redis: RedisServer;
  let catcher: MailCatcher;
  const dir = mkdtempSync(join(tmpdir(), "outbox-redis-"));
  let buyer: { id: string; token: string; name: string };
  const suppliers: { id: string; token: string; email: string }[] = [];

  before(async () => {
    redis = await startRedisServer((port) => durable(port, dir));
    catcher = await startMailCatcher();
    h = await startHarness(
      "outbox",
      {
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        SMTP_URL: catcher.url,
        NOTIFY_SWEEP_MS: "300",
        MATCH_NEED_ATTEMPTS: "2",
        MEILI_URL: "",
      },
      { workers: true },
    );
    buyer = await h.organization("buyer");
    for (let i = 0; i < 2; i++) {
      const s = await h.organization("supplier");
      const email = `utboks${i}.${s.id}@example.no`;
      const sub = await h.http
        .post("/api/v1/subscriptions")
        .set(...bearer(s.token))
        .send({ channels: ["inapp", "email"], frequency: "instant", cpv: ["90620000"], email });
      assert.equal(sub.status, 201, JSON.stringify(sub.body));
      suppliers.push({ ...s, email });
    }
  });
  after(async () => {
    await h.close();
    await redis.stop();
    await catcher.stop();
  });

  let redisDown = false;
  const stopRedis = async () => {
    redisDown = true;
    await redis.stop();
  };
  const restartRedis = async () => {
    redis = await startRedisServer((p) => durable(p, dir), redis.port);
    redisDown = false;
  };
  // A test that failed with Redis stopped leaves the next one a running Redis.
  afterEach(async () => {
    if (redisDown) await restartRedis();
  });
  const deliveries = (needId: string) => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>();
  /** Every supplier told of `version` on both channels, sent. */
  const sentFor = (needId: string, version: number) =>
    eventually(
      async () => (await deliveries(needId)).filter((d) => d.needVersion === version),
      (rows) => rows.length === suppliers.length * 2 && rows.every((d) => d.state === "sent"),
      30_000,
    );
  const publish = async (title: string) => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title, estimatedValueNok: VALUE }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const needId = res.body.id as string;
    await sentFor(needId, 1);
    return needId;
  };
  const patch = (needId: string, body: Record<string, unknown>) =>
    h.http
      .patch(`/api/v1/needs/${needId}`)
      .set(...bearer(buyer.token))
      .send(body);
  /** What a writer leaves when it dies after claiming `version` and recording its event, `agoMs` ago. */
  const writerLeft = async (needId: string, version: number, agoMs: number, to = { min: 1, max: 2 }) => {
    await VersionClaim.create({ entity: "need", entityId: needId, version, at: new Date(Date.now() - agoMs) });
    await NotifyEvent.create({
      _id: `${needId}-v${version}`,
      needId,
      needVersion: version,
      kind: version === 1 ? "published" : "changed",
      changes: version === 1 ? [] : [{ field: "estimatedValueNok", from: VALUE, to }],
    });
  };
  const toldVersions = async (needId: string) => {
    const res = await h.http.get(`/api/v1/needs/${needId}/notifications`).set(...bearer(buyer.token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.versions as { needVersion: number }[]).map((v) => v.needVersion);
  };
  const mailsAbout = (needId: string) => catcher.messages().filter((m) => m.text.includes(needId));

  it("when a writer dies between claiming a version and writing it, then nothing is told of it and the next writer writes that version and is told", async () => {
    const needId = await publish("Brøyting av skolegårder");
    await writerLeft(needId, 2, ABANDONED_MS + 5_000);
    // A creation that died the same way: a need that never came to be.
    const never = new Types.ObjectId().toString();
    await writerLeft(never, 1, ABANDONED_MS + 5_000);
    // The sweeper hands both to match-need, which finds the versions never written and drops them.
    await eventually(
      async () => (await NotifyEvent.find({ _id: { $in: [`${needId}-v2`, `${never}-v1`] } }).lean()).length,
      (left) => left === 0,
    );
    const res = await patch(needId, { estimatedValueNok: { min: 45_000_000, max: 65_000_000 } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.version, 2);
    await sentFor(needId, 2);
    const alerts = mailsAbout(needId).filter((m) => m.subject.startsWith("Endret"));
    assert.equal(alerts.length, suppliers.length);
    for (const mail of alerts) assert.match(mail.text, /→ \{"min":45000000,"max":65000000\}/);
    assert.ok(!mailsAbout(needId).some((m) => m.text.includes('{"min":1,"max":2}')), "the dead write is not told");
    assert.deepEqual(await toldVersions(needId), [1, 2]);
    assert.equal((await deliveries(never)).length, 0);
    assert.equal((await h.http.get(`/api/v1/needs/${never}`).set(...bearer(buyer.token))).status, 404);
  });

  it("when a writer takes over a dead writer's claim with a change not to be told, then the dead writer's change is never told", async () => {
    const needId = await publish("Strøing av fortau i sentrum");
    // Redis away: no sweep, no fan-out can act on the dead writer's event before the next writer does.
    await stopRedis();
    await writerLeft(needId, 2, ABANDONED_MS + 5_000);
    const renamed = await patch(needId, { title: "Strøing av fortau og gangfelt i sentrum" });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.version, 2);
    assert.equal(await NotifyEvent.findById(`${needId}-v2`).lean(), null, "the taker dropped the dead writer's event");

    await restartRedis();
    const changed = await patch(needId, { estimatedValueNok: { min: 50_000_000, max: 70_000_000 } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.version, 3);
    await sentFor(needId, 3);
    assert.deepEqual(await toldVersions(needId), [1, 3]);
    assert.ok(!(await deliveries(needId)).some((d) => d.needVersion === 2));
    assert.ok(!mailsAbout(needId).some((m) => m.text.includes('{"min":1,"max":2}')));
    // The rename written while Redis was away reached the index too.
    await eventually(
      async () => (await h.http.get("/api/v1/needs/search").query({ q: "gangfelt" })).body.hits as { id: string }[],
      (hits) => hits.some((hit) => hit.id === needId),
    );
  });

  it("when a match-need job fails all its attempts, then the sweeper retries it and the version is told once its write lands", async () => {
    const needId = await publish("Feiing av gater etter vinteren");
    // A writer still under way: its claim is fresh, so match-need waits for the write, and fails.
    await writerLeft(needId, 2, 0, { min: 70_000_000, max: 90_000_000 });
    const job = await eventually(
      async () => {
        const found = await h.ctx.queues.matchNeed.getJob(`${needId}-v2`);
        return { state: found ? await found.getState() : "none", attempts: found?.opts.attempts };
      },
      (j) => j.state === "failed",
    );
    assert.equal(job.attempts, 2, "MATCH_NEED_ATTEMPTS");
    assert.equal((await deliveries(needId)).filter((d) => d.needVersion === 2).length, 0);
    // The write lands, as the writer would have made it.
    await Need.updateOne(
      { _id: needId },
      {
        $set: { estimatedValueNok: { min: 70_000_000, max: 90_000_000 }, valueMin: 70_000_000, valueMax: 90_000_000 },
        $inc: { version: 1 },
      },
    );
    await sentFor(needId, 2);
    const alerts = mailsAbout(needId).filter((m) => m.subject.startsWith("Endret"));
    assert.equal(alerts.length, suppliers.length);
    assert.equal(new Set(alerts.map((m) => m.headers["message-id"])).size, suppliers.length);
    for (const mail of alerts) assert.match(mail.text, /→ \{"min":70000000,"max":90000000\}/);
    const event = await NotifyEvent.findById(`${needId}-v2`).lean();
    assert.equal(event?.state, "done");
  });

  it("when a supplier changes its profile while Redis is down, then the change is saved and supplier search finds it once Redis is back", async () => {
    const supplier = await h.organization("supplier", { municipality: "3207" });
    const profile = {
      name: "Follo Takservice AS",
      description: "Vedlikehold av tak og takrenner i Follo.",
      capabilities: "Takrenner, beslag og takvinduer.",
      cpv: ["45260000"],
      municipality: "3207",
      serviceArea: { municipalities: ["3207"] },
    };
    const put = (capabilities: string) =>
      h.http
        .put(`/api/v1/suppliers/${supplier.id}/profile`)
        .set(...bearer(supplier.token))
        .send({ ...profile, capabilities });
    const first = await put(profile.capabilities);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const search = async () =>
      (
        await h.http
          .get("/api/v1/suppliers/search")
          .query({ q: "taksnømåking" })
          .set(...bearer(buyer.token))
      ).body.hits as { id: string; version?: number }[];
    await stopRedis();
    const res = await put("Takrenner, beslag, takvinduer og taksnømåking med sikring.");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.version, 2);
    assert.ok(!(await search()).some((hit) => hit.id === supplier.id), "not indexed without Redis");

    await restartRedis();
    await eventually(search, (hits) => hits.some((hit) => hit.id === supplier.id));
  });
});
