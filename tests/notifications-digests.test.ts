/**
 * Daily and weekly digests end to end: fan-out records digest entries and ledger records waiting for the
 * digest; "send my digest now" and the scheduled delayed job send one message per channel (real SMTP to the
 * mail catcher, a webhook receiver started here, the inbox); the buyer's record shows the digest's
 * recipients with its time. Failures are a receiver answering 500 and digests racing for the same entries.
 * Each test has a buyer of its own, and its suppliers follow that buyer only, so tests do not mix.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Job } from "bullmq";
import {
  createLogger,
  DeliveryEntry,
  NotifyEvent,
  webhookSignature,
  type DeliveryRecord,
  type DigestJob,
} from "@markedsdialog/core";
import { startWorkers } from "@markedsdialog/worker/worker";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { meiliServer } from "./helpers/engines";
import { ADMIN_TOKEN, bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";
import { startProcess, type RunningProcess } from "./helpers/processes";

interface Call {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
  status: number;
}

/**
 * A webhook receiver on loopback: records every call; answers 500 to the next `fail` calls of a path, and
 * never answers the next `hold` calls (status 0), as a receiver that hangs.
 */
async function startReceiver() {
  const calls: Call[] = [];
  const failures = new Map<string, number>();
  const holds = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      const path = req.url ?? "/";
      const take = (counts: Map<string, number>) => {
        const left = counts.get(path) ?? 0;
        if (left > 0) counts.set(path, left - 1);
        return left > 0;
      };
      const status = take(holds) ? 0 : take(failures) ? 500 : 200;
      calls.push({ path, headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown>, status });
      if (status === 0) return;
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    calls: (path: string) => calls.filter((c) => c.path === path),
    fail: (path: string, times: number) => failures.set(path, times),
    hold: (path: string, times: number) => holds.set(path, times),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Oslo's wall clock (Intl: the oracle; the code under test computes it without Intl). */
const oslo = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Oslo",
  hour: "2-digit",
  minute: "2-digit",
  weekday: "short",
  hourCycle: "h23",
});
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

describe("when needs match a daily or weekly subscription, then the supplier hears of them in one digest", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let serial = 0;

  before(async () => {
    catcher = await startMailCatcher();
    receiver = await startReceiver();
    h = await startHarness(
      "digests",
      { SMTP_URL: catcher.url, MEILI_URL: "", WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8" },
      { workers: true },
    );
  });
  after(async () => {
    await h.ctx.queues.digest.obliterate({ force: true }).catch(() => undefined);
    await h.close();
    await catcher.stop();
    await receiver.stop();
  });

  /** A supplier with one subscription to the buyer's needs; its e-mail address is its own. */
  async function supplier(buyerId: string, settings: Record<string, unknown>) {
    const s = await h.organization("supplier");
    const email = `digest${++serial}.${s.id}@example.no`;
    const sub = await h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(s.token))
      .send({ channels: ["inapp", "email"], frequency: "daily", buyers: [buyerId], email, ...settings });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    return { ...s, email, subscriptionId: sub.body.id as string, subscription: sub.body };
  }

  async function publish(buyer: { token: string }, title: string) {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; version: number };
  }

  /** Waits until the need version is fanned out (its outbox event done). */
  const fannedOut = (needId: string, version: number) =>
    eventually(
      () => NotifyEvent.findById(`${needId}-v${version}`).lean(),
      (e) => e?.state === "done",
      30_000,
    );

  const record = async (buyer: { token: string }, needId: string) => {
    const res = await h.http.get(`/api/v1/needs/${needId}/notifications`).set(...bearer(buyer.token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as {
      items: {
        supplierId: string;
        channel: string;
        state: string;
        via: string;
        reason?: string;
        sentAt?: string;
        digestId?: string;
        needVersion: number;
        contentHash?: string;
      }[];
    };
  };

  const askDigest = async (s: { token: string; subscriptionId: string }) => {
    const res = await h.http.post(`/api/v1/subscriptions/${s.subscriptionId}/digest`).set(...bearer(s.token));
    assert.equal(res.status, 202, JSON.stringify(res.body));
    return res.body as { digestId: string; waiting: number; subscriptionId: string };
  };

  /** The digest job's outcome, once it finished. */
  const finished = (digestId: string) =>
    eventually(
      () => h.ctx.queues.digest.getJob(digestId) as Promise<Job<DigestJob> | undefined>,
      (job) => Boolean(job?.finishedOn),
      30_000,
    ).then((job) => job!.returnvalue as { outcome: string; items?: number });

  const inbox = async (token: string) =>
    (await h.http.get("/api/v1/inbox").set(...bearer(token))).body.items as { needId: string; kind: string }[];
  const mailsTo = (email: string) => catcher.messages().filter((m) => m.to.includes(email));

  const state = {
    buyer: { id: "", token: "", name: "" },
    digest: {} as Awaited<ReturnType<typeof supplier>>,
    instant: {} as Awaited<ReturnType<typeof supplier>>,
    needs: [] as { id: string; version: number }[],
  };

  it("when two needs match a daily digest, then the supplier is told of neither at once, and the buyer's record shows its deliveries waiting for the digest", async () => {
    state.buyer = await h.organization("buyer");
    state.digest = await supplier(state.buyer.id, {
      channels: ["inapp", "email", "webhook"],
      webhookUrl: receiver.url("/hook-d"),
      name: "Vinterdrift",
    });
    state.instant = await supplier(state.buyer.id, { channels: ["inapp"], frequency: "instant" });
    assert.ok(state.digest.subscription.nextDigestAt, "a digest subscription shows when its digest is due");
    for (const title of ["Brøyting av kommunale veier", "Strøing av fortau i sentrum"])
      state.needs.push(await publish(state.buyer, title));
    for (const n of state.needs) await fannedOut(n.id, n.version);

    for (const n of state.needs) {
      const items = (await record(state.buyer, n.id)).items;
      const mine = items.filter((i) => i.supplierId === state.digest.id);
      assert.deepEqual(mine.map((i) => i.channel).sort(), ["email", "inapp", "webhook"]);
      assert.ok(
        mine.every((i) => i.via === "digest" && i.state === "pending" && !i.sentAt),
        JSON.stringify(mine),
      );
      const other = items.filter((i) => i.supplierId === state.instant.id);
      assert.deepEqual(
        other.map((i) => [i.via, i.channel]),
        [["instant", "inapp"]],
      );
    }
    await eventually(
      () => inbox(state.instant.token),
      (items) => items.length === 2,
    );
    assert.deepEqual(await inbox(state.digest.token), []);
    assert.equal(mailsTo(state.digest.email).length, 0);
    assert.equal(receiver.calls("/hook-d").length, 0);
  });

  it("when the supplier asks for its digest now, then one e-mail 'Dagens nye markedsdialoger (2)', one signed webhook call and an inbox item per need arrive, and the record shows them sent by that digest", async () => {
    const { digest, buyer, needs, instant } = state;
    const asked = await askDigest(digest);
    assert.equal(asked.waiting, 2);
    const mail = await catcher.waitFor((m) => m.to.includes(digest.email), 20_000);
    assert.equal(mail.subject, "Dagens nye markedsdialoger (2)");
    assert.match(mail.text, new RegExp(`^Hei ${digest.name},`));
    assert.match(mail.text, /«Vinterdrift»/);
    for (const [title, n] of [
      ["Brøyting av kommunale veier", needs[0]!],
      ["Strøing av fortau i sentrum", needs[1]!],
    ] as const) {
      assert.ok(mail.text.includes(`Ny: ${title}`), mail.text);
      assert.ok(mail.text.includes(`/api/v1/needs/${n.id}`));
    }
    assert.match(mail.text, /Anslått verdi: 40\s000\s000 kr – 60\s000\s000 kr/);
    assert.equal(mail.headers["message-id"], `<${asked.digestId}-email@markedsdialog.no>`);
    assert.match(mail.headers["list-unsubscribe"] ?? "", /\/api\/v1\/unsubscribe\//);
    assert.match(mail.headers["content-type"] ?? "", /^multipart\/alternative/);

    const [call] = await eventually(
      async () => receiver.calls("/hook-d"),
      (calls) => calls.length === 1,
    );
    assert.equal(call!.body["type"], "digest");
    assert.equal(call!.body["digestId"], asked.digestId);
    const items = call!.body["items"] as { deliveryId: string; need: { needId: string } }[];
    assert.deepEqual(new Set(items.map((i) => i.need.needId)), new Set(needs.map((n) => n.id)));
    // Signed with the subscription's own secret, shown once when it was created.
    const secret = digest.subscription.webhookSecret as string;
    assert.match(secret, /^whsec_/);
    const timestamp = String(call!.headers["x-markedsdialog-timestamp"]);
    assert.equal(
      call!.headers["x-markedsdialog-signature"],
      `sha256=${webhookSignature(secret, timestamp, call!.raw)}`,
    );
    assert.equal(call!.headers["x-markedsdialog-subscription"], digest.subscriptionId);

    await finished(asked.digestId);
    const box = await eventually(
      () => inbox(digest.token),
      (rows) => rows.length === 2,
    );
    assert.deepEqual(new Set(box.map((i) => i.needId)), new Set(needs.map((n) => n.id)));

    for (const n of needs) {
      const rows = (await record(buyer, n.id)).items;
      const mine = rows.filter((i) => i.supplierId === digest.id);
      assert.ok(
        mine.every((i) => i.state === "sent" && i.sentAt && i.digestId === asked.digestId),
        JSON.stringify(mine),
      );
      const told = rows.find((i) => i.supplierId === instant.id)!;
      assert.ok(
        mine.every((i) => i.contentHash === told.contentHash),
        "told the same as the instant recipient",
      );
    }

    const again = await askDigest(digest);
    assert.equal(again.waiting, 0);
    assert.deepEqual(await finished(again.digestId), {
      outcome: "sent",
      digestId: again.digestId,
      items: 0,
      skipped: 0,
      channels: [],
    });
    assert.equal(mailsTo(digest.email).length, 1, "nothing is sent twice");
    assert.equal(receiver.calls("/hook-d").length, 1);
  });

  it("when three digests are asked for at once, then each need is carried by exactly one of them", async () => {
    const buyer = await h.organization("buyer");
    const s = await supplier(buyer.id, {});
    const needs: { id: string; version: number }[] = [];
    for (const title of ["Veilys i boligfelt", "Feiing av gater", "Drift av pumpestasjoner"])
      needs.push(await publish(buyer, title));
    for (const n of needs) await fannedOut(n.id, n.version);
    const asked = await Promise.all([askDigest(s), askDigest(s), askDigest(s)]);
    assert.equal(new Set(asked.map((a) => a.digestId)).size, 3);
    const outcomes = await Promise.all(asked.map((a) => finished(a.digestId)));
    console.log(`racing digests: needs carried per digest ${outcomes.map((o) => o.items).join(", ")}`);
    assert.equal(
      outcomes.reduce((sum, o) => sum + (o.items ?? 0), 0),
      3,
      JSON.stringify(outcomes),
    );
    const mails = await eventually(
      async () => mailsTo(s.email),
      (list) => list.length === outcomes.filter((o) => (o.items ?? 0) > 0).length,
    );
    const linked = mails.flatMap((m) => needs.filter((n) => m.text.includes(`/api/v1/needs/${n.id}`)).map((n) => n.id));
    assert.deepEqual(linked.sort(), needs.map((n) => n.id).sort(), "every need once, in one e-mail");
    assert.equal((await inbox(s.token)).length, 3);
  });

  it("when a digest's webhook answers 500 once, then the digest is retried and sends only the webhook again: one e-mail, one inbox item", async () => {
    const buyer = await h.organization("buyer");
    const s = await supplier(buyer.id, {
      channels: ["inapp", "email", "webhook"],
      webhookUrl: receiver.url("/hook-f"),
    });
    const need = await publish(buyer, "Vedlikehold av bruer");
    await fannedOut(need.id, need.version);
    receiver.fail("/hook-f", 1);
    const asked = await askDigest(s);
    assert.equal((await finished(asked.digestId)).outcome, "sent");
    const calls = receiver.calls("/hook-f");
    assert.deepEqual(
      calls.map((c) => c.status),
      [500, 200],
    );
    assert.equal(new Set(calls.map((c) => c.headers["x-markedsdialog-delivery"])).size, 1, "the same delivery twice");
    assert.equal(mailsTo(s.email).length, 1, "the e-mail went once");
    assert.equal((await inbox(s.token)).length, 1);
    const rows = await DeliveryEntry.find({ needId: need.id, supplierId: s.id }).lean<DeliveryRecord[]>();
    assert.deepEqual(
      rows.map((r) => r.state),
      ["sent", "sent", "sent"],
    );
  });

  it("when a need is cancelled and another changed before the digest, then the digest leaves the cancelled one out and carries the changed one once, at its newest version, and the record says why", async () => {
    const buyer = await h.organization("buyer");
    const s = await supplier(buyer.id, {});
    const gone = await publish(buyer, "Rydding av strender");
    const kept = await publish(buyer, "Klipping av gress i parker");
    // Both are waiting in the digest (fanned out) before they change.
    for (const n of [gone, kept]) await fannedOut(n.id, n.version);
    const cancel = await h.http
      .post(`/api/v1/needs/${gone.id}/status`)
      .set(...bearer(buyer.token))
      .send({ status: "cancelled" });
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    const change = await h.http
      .patch(`/api/v1/needs/${kept.id}`)
      .set(...bearer(buyer.token))
      .send({ estimatedValueNok: { min: 50_000_000, max: 70_000_000 } });
    assert.equal(change.status, 200, JSON.stringify(change.body));
    for (const [n, v] of [
      [gone, cancel.body.version],
      [kept, change.body.version],
    ] as const)
      await fannedOut(n.id, v as number);
    assert.equal(mailsTo(s.email).length, 0, "no change alert about needs it has not been told of");

    const asked = await askDigest(s);
    assert.equal(
      asked.waiting,
      4,
      "both publications, the change, and the cancellation (it waits where the need waited)",
    );
    const mail = await catcher.waitFor((m) => m.to.includes(s.email), 20_000);
    assert.equal(mail.subject, "Dagens nye markedsdialoger (1)");
    assert.ok(mail.text.includes("Endret: Klipping av gress i parker"), mail.text);
    assert.match(mail.text, /Anslått verdi: \{"min":40000000,"max":60000000\} → \{"min":50000000,"max":70000000\}/);
    assert.ok(!mail.text.includes("Rydding av strender"));
    await finished(asked.digestId);

    const goneRows = (await record(buyer, gone.id)).items.filter((i) => i.supplierId === s.id);
    assert.ok(
      goneRows.length > 0 &&
        goneRows.every((i) => i.state === "skipped" && /cancelled before the digest/.test(i.reason ?? "")),
      JSON.stringify(goneRows),
    );
    const keptRows = (await record(buyer, kept.id)).items.filter((i) => i.supplierId === s.id);
    for (const row of keptRows) {
      if (row.needVersion === 1)
        assert.match(`${row.state} ${row.reason}`, /^skipped version \d+ of the need is in the same digest/);
      else assert.equal(row.state, "sent");
    }
  });

  it("when the digest's schedule changes, then its delayed job moves; when it is deleted, the job goes and what waited is closed with why", async () => {
    const buyer = await h.organization("buyer");
    const s = await supplier(buyer.id, { digestHour: 7 });
    const jobOf = (nextDigestAt: string) =>
      h.ctx.queues.digest.getJob(`${s.subscriptionId}-${Date.parse(nextDigestAt)}`);
    const first = await jobOf(s.subscription.nextDigestAt as string);
    assert.equal(await first?.getState(), "delayed");
    assert.equal(first!.data.dueAt, Date.parse(s.subscription.nextDigestAt as string));
    assert.equal(first!.timestamp + first!.delay, first!.data.dueAt, "it fires at the due instant");

    const patch = await h.http
      .patch(`/api/v1/subscriptions/${s.subscriptionId}`)
      .set(...bearer(s.token))
      .send({ digestHour: 8 });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    assert.equal(await jobOf(s.subscription.nextDigestAt as string), undefined, "the 07:00 job is gone");
    assert.equal(await (await jobOf(patch.body.nextDigestAt as string))?.getState(), "delayed");

    const need = await publish(buyer, "Tømming av søppelkasser");
    await fannedOut(need.id, need.version);
    const del = await h.http.delete(`/api/v1/subscriptions/${s.subscriptionId}`).set(...bearer(s.token));
    assert.equal(del.status, 204);
    assert.equal(await jobOf(patch.body.nextDigestAt as string), undefined, "the 08:00 job is gone");
    const rows = await eventually(
      async () => (await record(buyer, need.id)).items.filter((i) => i.supplierId === s.id),
      (list) => list.length === 2 && list.every((i) => i.state === "skipped"),
    );
    assert.ok(rows.every((i) => i.reason === "the subscription was deleted before its digest"));
    assert.equal(mailsTo(s.email).length, 0);
  });

  it("when Redis has lost the digests' delayed jobs, then a worker starting schedules every digest subscription's next one again", async () => {
    const buyer = await h.organization("buyer");
    const s = await supplier(buyer.id, { frequency: "weekly", digestWeekday: 3 });
    const id = `${s.subscriptionId}-${Date.parse(s.subscription.nextDigestAt as string)}`;
    assert.ok(await h.ctx.queues.digest.getJob(id));
    await h.ctx.queues.digest.obliterate({ force: true });
    assert.equal(await h.ctx.queues.digest.getJob(id), undefined);
    const more = startWorkers({ config: h.config, logger: createLogger("silent", "test"), search: h.search });
    try {
      const job = await eventually(
        () => h.ctx.queues.digest.getJob(id),
        (j) => j !== undefined,
      );
      assert.equal(await job!.getState(), "delayed");
    } finally {
      await more.close();
    }
  });

  it("when a weekly digest is due in the coming minute, then it really goes at that minute: 'Ukens nye markedsdialoger (1)'", async () => {
    const buyer = await h.organization("buyer");
    const due = new Date(Math.ceil((Date.now() + 25_000) / 60_000) * 60_000);
    const parts = Object.fromEntries(oslo.formatToParts(due).map((p) => [p.type, p.value]));
    const s = await supplier(buyer.id, {
      frequency: "weekly",
      digestHour: Number(parts["hour"]),
      digestMinute: Number(parts["minute"]),
      digestWeekday: WEEKDAYS.indexOf(String(parts["weekday"])) + 1,
    });
    assert.equal(s.subscription.nextDigestAt, due.toISOString());
    const need = await publish(buyer, "Asfaltering av gang- og sykkelvei");
    await fannedOut(need.id, need.version);
    assert.ok(Date.now() < due.getTime(), "fanned out before the digest is due");
    const mail = await catcher.waitFor((m) => m.to.includes(s.email), 120_000);
    assert.equal(mail.subject, "Ukens nye markedsdialoger (1)");
    assert.ok(
      mail.receivedAt.getTime() >= due.getTime(),
      `received ${mail.receivedAt.toISOString()}, due ${due.toISOString()}`,
    );
    assert.ok(mail.text.includes(`/api/v1/needs/${need.id}`));
    await finished(`${s.subscriptionId}-${due.getTime()}`);
    const rows = (await record(buyer, need.id)).items.filter((i) => i.supplierId === s.id);
    assert.ok(
      rows.every((i) => i.state === "sent" && i.digestId === `${s.subscriptionId}-${due.getTime()}`),
      JSON.stringify(rows),
    );
    const week = due.getTime() + 7 * 86_400_000;
    const next = await eventually(
      () => h.ctx.queues.digest.getJob(`${s.subscriptionId}-${week}`),
      (j) => j !== undefined,
    );
    assert.equal(await next!.getState(), "delayed", "the next week's digest is scheduled");
    const shown = await h.http.get(`/api/v1/subscriptions/${s.subscriptionId}`).set(...bearer(s.token));
    assert.equal(shown.body.nextDigestAt, new Date(week).toISOString());
  });

  it("only the subscription's supplier may ask for its digest; an instant subscription has none", async () => {
    const buyer = await h.organization("buyer");
    const s = await supplier(buyer.id, {});
    const instant = await supplier(buyer.id, { frequency: "instant" });
    const path = `/api/v1/subscriptions/${s.subscriptionId}/digest`;
    const status = async (token: string | undefined, to = path, body?: object) => {
      const req = h.http.post(to);
      if (token) req.set(...bearer(token));
      const res = body ? await req.send(body) : await req;
      if (res.status >= 400) assert.match(res.headers["content-type"] ?? "", /problem\+json/);
      return res;
    };
    assert.equal((await status(instant.token)).status, 404, "another supplier's subscription does not exist for it");
    assert.equal((await status(buyer.token)).status, 403);
    assert.equal(
      (await status(ADMIN_TOKEN)).status,
      403,
      "the admin reads subscriptions, it does not act for suppliers",
    );
    assert.equal((await status(undefined)).status, 401);
    const own = await status(instant.token, `/api/v1/subscriptions/${instant.subscriptionId}/digest`);
    assert.equal(own.status, 409, JSON.stringify(own.body));
    assert.equal((await status(s.token, "/api/v1/subscriptions/not-an-id/digest")).status, 404);
    const withBody = await status(s.token, path, { now: true });
    assert.deepEqual([withBody.status, withBody.body.errors?.[0]?.path], [400, "body.now"]);
    const withQuery = await status(s.token, `${path}?at=7`);
    assert.deepEqual([withQuery.status, withQuery.body.errors?.[0]?.path], [400, "query.at"]);
  });
});

describe(
  "when the worker is killed in the middle of a digest, then another worker finishes it and nothing is sent twice",
  { skip: !meiliServer() && "no Meilisearch" },
  () => {
    const tag = `dkill_${process.pid}_${Date.now().toString(36)}`;
    let h: Harness;
    let catcher: MailCatcher;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    const workers: RunningProcess[] = [];

    before(async () => {
      catcher = await startMailCatcher();
      receiver = await startReceiver();
      h = await startHarness(
        "dkill",
        { QUEUE_PREFIX: tag, SMTP_URL: catcher.url, WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8" },
        { engine: "meilisearch" },
      );
    });
    after(async () => {
      await Promise.all(workers.map((w) => w.killAll()));
      await h.ctx.queues.digest.obliterate({ force: true }).catch(() => undefined);
      await h.close();
      await catcher.stop();
      await receiver.stop();
    });

    const startWorker = async (name: string) => {
      const worker = startProcess(name, "services/worker/src/main.ts", {
        ...process.env,
        MONGO_DB: h.config.MONGO_DB,
        QUEUE_PREFIX: tag,
        MEILI_URL: h.config.MEILI_URL,
        MEILI_INDEX_PREFIX: h.config.MEILI_INDEX_PREFIX,
        ...(h.config.MEILI_MASTER_KEY && { MEILI_MASTER_KEY: h.config.MEILI_MASTER_KEY }),
        SMTP_URL: catcher.url,
        WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8",
        WORKER_LOCK_MS: "2000",
        NOTIFY_SWEEP_MS: "500",
        LOG_LEVEL: "info",
      });
      workers.push(worker);
      await worker.waitFor((l) => l.msg === "workers started", "workers started");
      return worker;
    };

    it("when the worker process is SIGKILLed while the digest's webhook hangs (inbox and e-mail done), then a second worker sends only the webhook", async () => {
      const buyer = await h.organization("buyer");
      const s = await h.organization("supplier");
      const email = `dkill.${s.id}@example.no`;
      const sub = await h.http
        .post("/api/v1/subscriptions")
        .set(...bearer(s.token))
        .send({
          channels: ["inapp", "email", "webhook"],
          frequency: "daily",
          buyers: [buyer.id],
          email,
          webhookUrl: receiver.url("/hook-k"),
        });
      assert.equal(sub.status, 201, JSON.stringify(sub.body));
      const first = await startWorker("worker 1");
      const needs: string[] = [];
      for (const title of ["Drift av svømmehall", "Renhold av skoler"]) {
        const res = await h.http
          .post("/api/v1/needs")
          .set(...bearer(buyer.token))
          .send(needBody({ status: "published", title }));
        assert.equal(res.status, 201, JSON.stringify(res.body));
        needs.push(res.body.id as string);
        await eventually(
          () => NotifyEvent.findById(`${res.body.id}-v${res.body.version}`).lean(),
          (e) => e?.state === "done",
          30_000,
        );
      }
      receiver.hold("/hook-k", 1);
      const asked = await h.http.post(`/api/v1/subscriptions/${sub.body.id}/digest`).set(...bearer(s.token));
      assert.equal(asked.status, 202, JSON.stringify(asked.body));
      await eventually(
        async () => receiver.calls("/hook-k"),
        (calls) => calls.length === 1,
        30_000,
      );
      assert.equal(
        catcher.messages().filter((m) => m.to.includes(email)).length,
        1,
        "the e-mail went before the webhook",
      );
      await first.stop("SIGKILL");

      await startWorker("worker 2");
      const job = await eventually(
        () => h.ctx.queues.digest.getJob(asked.body.digestId as string),
        (j) => Boolean(j?.finishedOn),
        60_000,
      );
      assert.equal((job!.returnvalue as { outcome: string }).outcome, "sent", JSON.stringify(job!.returnvalue));
      const calls = receiver.calls("/hook-k");
      assert.deepEqual(
        calls.map((c) => c.status),
        [0, 200],
      );
      assert.equal(new Set(calls.map((c) => c.headers["x-markedsdialog-delivery"])).size, 1);
      assert.equal(catcher.messages().filter((m) => m.to.includes(email)).length, 1, "the e-mail is not sent again");
      const box = (await h.http.get("/api/v1/inbox").set(...bearer(s.token))).body.items as { needId: string }[];
      assert.deepEqual(box.map((i) => i.needId).sort(), [...needs].sort());
      const rows = await DeliveryEntry.find({ supplierId: s.id }).lean<DeliveryRecord[]>();
      assert.equal(rows.length, 6);
      assert.ok(
        rows.every((r) => r.state === "sent" && r.digestId === asked.body.digestId),
        JSON.stringify(rows),
      );
    });
  },
);
