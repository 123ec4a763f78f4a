/**
 * Exactly once under a crash: a real worker process (`services/worker/src/main.ts`) fans a need out to
 * 200 suppliers (inbox and e-mail each) and is SIGKILLed mid-way; a second worker process takes over. Every
 * recipient ends with one delivery record per channel and one inbox item, nobody is skipped, and the SMTP
 * catcher holds one distinct Message-ID per recipient; duplicates (sent, not yet marked, when killed) are
 * reported and at most the worker's concurrency.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { DeliveryEntry, InboxItem, type DeliveryRecord } from "@markedsdialog/core";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { meiliServer } from "./helpers/engines";
import { bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";
import { startProcess, type RunningProcess } from "./helpers/processes";

const SUPPLIERS = 200;
const CONCURRENCY = 4;
const server = meiliServer();

describe(
  "when the worker is killed mid fan-out, then every recipient is still notified exactly once",
  { skip: !server && "no Meilisearch" },
  () => {
    const tag = `kill_${process.pid}_${randomBytes(3).toString("hex")}`;
    let h: Harness;
    let catcher: MailCatcher;
    const workers: RunningProcess[] = [];
    let workerEnv: NodeJS.ProcessEnv;

    before(async () => {
      catcher = await startMailCatcher();
      h = await startHarness("kill", { QUEUE_PREFIX: tag, SMTP_URL: catcher.url }, { engine: "meilisearch" });
      workerEnv = {
        ...process.env,
        MONGO_DB: h.config.MONGO_DB,
        QUEUE_PREFIX: tag,
        MEILI_URL: h.config.MEILI_URL,
        MEILI_INDEX_PREFIX: h.config.MEILI_INDEX_PREFIX,
        ...(h.config.MEILI_MASTER_KEY && { MEILI_MASTER_KEY: h.config.MEILI_MASTER_KEY }),
        SMTP_URL: catcher.url,
        WORKER_CONCURRENCY: String(CONCURRENCY),
        WORKER_LOCK_MS: "2000",
        NOTIFY_SWEEP_MS: "500",
        LOG_LEVEL: "info",
      };
    });
    after(async () => {
      await Promise.all(workers.map((w) => w.killAll()));
      await h.close();
      await catcher.stop();
    });

    const startWorker = async (name: string) => {
      const worker = startProcess(name, "services/worker/src/main.ts", workerEnv);
      workers.push(worker);
      await worker.waitFor((l) => l.msg === "workers started", "workers started");
      return worker;
    };

    it(`when a need reaching ${SUPPLIERS} suppliers is published and the worker SIGKILLed, then a new worker finishes it with no one skipped and no one told twice in the ledger`, async () => {
      const buyer = await h.organization("buyer");
      const suppliers: { id: string; email: string }[] = [];
      for (let i = 0; i < SUPPLIERS; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(10, SUPPLIERS - i) }, async (_, j) => {
            const s = await h.organization("supplier");
            const email = `s${i + j}.${s.id}@example.no`;
            const sub = await h.http
              .post("/api/v1/subscriptions")
              .set(...bearer(s.token))
              .send({ channels: ["inapp", "email"], frequency: "instant", cpv: ["90620000"], email });
            assert.equal(sub.status, 201, JSON.stringify(sub.body));
            return { id: s.id, email };
          }),
        );
        suppliers.push(...batch);
      }
      const first = await startWorker("worker 1");
      const res = await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .send(needBody({ status: "published" }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const needId = res.body.id as string;
      const ofNeed = () => catcher.messages().filter((m) => m.text.includes(needId));

      await eventually(
        async () => ofNeed().length,
        (n) => n >= SUPPLIERS / 5,
        60_000,
      );
      await first.stop("SIGKILL");
      const atKill = ofNeed().length;
      assert.ok(atKill < SUPPLIERS, `killed mid fan-out (${atKill} of ${SUPPLIERS} mails sent)`);
      await startWorker("worker 2");

      const rows = await eventually(
        () => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>(),
        (all) => all.length === SUPPLIERS * 2 && all.every((d) => d.state === "sent"),
        120_000,
      );
      const expected = new Set(suppliers.map((s) => s.id));
      for (const channel of ["inapp", "email"] as const) {
        const of = rows.filter((d) => d.channel === channel).map((d) => d.supplierId);
        assert.equal(of.length, SUPPLIERS, `${channel}: one record per recipient`);
        assert.deepEqual(new Set(of), expected, `${channel}: nobody skipped`);
      }
      const inbox = await InboxItem.find({ needId }).lean();
      assert.equal(inbox.length, SUPPLIERS);
      assert.deepEqual(new Set(inbox.map((i) => i.supplierId)), expected);

      await eventually(
        async () => new Set(ofNeed().map((m) => m.headers["message-id"])).size,
        (n) => n === SUPPLIERS,
      );
      const mails = ofNeed();
      const distinct = new Set(mails.map((m) => m.headers["message-id"]));
      const duplicates = mails.length - distinct.size;
      console.log(`kill test: ${atKill} mails before the kill, ${mails.length} in all, ${duplicates} duplicate(s)`);
      assert.equal(distinct.size, SUPPLIERS);
      assert.deepEqual(new Set(mails.flatMap((m) => m.to)), new Set(suppliers.map((s) => s.email)));
      assert.ok(duplicates <= CONCURRENCY, `${duplicates} duplicates, at most the worker's concurrency ${CONCURRENCY}`);
    });
  },
);
