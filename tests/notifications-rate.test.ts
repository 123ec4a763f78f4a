/**
 * Each channel has its own deliver queue: e-mail paced by NOTIFY_RATE_EMAIL_PER_S (BullMQ's limiter, shared
 * by all workers) while inbox items go out at once, and a webhook receiver that does not answer holds up
 * neither the inbox nor the mail. Real SMTP (the mail catcher) and a real HTTP receiver on loopback.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { DeliveryEntry, InboxItem, type DeliveryRecord } from "@markedsdialog/core";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";

const RATE = 5;
const SUPPLIERS = 20;

/** A webhook receiver that holds every request open until released. */
async function heldReceiver() {
  const held: { req: IncomingMessage; res: ServerResponse }[] = [];
  let release = false;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => (release ? res.writeHead(204).end() : held.push({ req, res })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    /** Requests held and still open (the sender has not given up on them). */
    open: () => held.filter(({ req }) => !req.socket.destroyed).length,
    release() {
      release = true;
      for (const { res } of held.splice(0)) res.writeHead(204).end();
    },
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("when deliveries are paced per channel, then the limit holds and the other channels do not wait", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let receiver: Awaited<ReturnType<typeof heldReceiver>>;
  let buyer: { token: string };

  before(async () => {
    catcher = await startMailCatcher();
    receiver = await heldReceiver();
    h = await startHarness(
      "notify_rate",
      {
        SMTP_URL: catcher.url,
        NOTIFY_RATE_EMAIL_PER_S: String(RATE),
        WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8",
        WORKER_CONCURRENCY: "1",
        MEILI_URL: "",
      },
      { workers: true },
    );
    buyer = await h.organization("buyer");
  });
  after(async () => {
    receiver.release();
    await h.close();
    await receiver.stop();
    await catcher.stop();
  });

  const subscribe = async (channels: string[], cpv: string) => {
    const s = await h.organization("supplier");
    const email = `rate.${s.id}@example.no`;
    const res = await h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(s.token))
      .send({
        channels,
        frequency: "instant",
        cpv: [cpv],
        email,
        ...(channels.includes("webhook") && { webhookUrl: receiver.url }),
      });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { ...s, email };
  };

  const publish = async (title: string, cpv: string) => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title, cpv: [cpv] }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };

  it(`when ${SUPPLIERS} suppliers are e-mailed with e-mail limited to ${RATE}/s, then the mails take at least ${(SUPPLIERS / RATE - 1).toFixed(0)} s, all arrive, and every inbox item is there before the last mail`, async () => {
    const suppliers = [];
    for (let i = 0; i < SUPPLIERS; i++) suppliers.push(await subscribe(["inapp", "email"], "90620000"));
    const needId = await publish("Brøyting av skolegårder i Nordre Follo", "90620000");

    const ofNeed = () => catcher.messages().filter((m) => m.text.includes(needId));
    await eventually(
      async () => ofNeed().length,
      (count) => count === SUPPLIERS,
      60_000,
    );
    const mails = ofNeed();
    assert.deepEqual(new Set(mails.flatMap((m) => m.to)), new Set(suppliers.map((s) => s.email)));
    const arrivals = mails.map((m) => m.receivedAt.getTime()).sort((a, b) => a - b);
    const spread = arrivals.at(-1)! - arrivals[0]!;
    // 20 mails at 5 per second fill four windows of a second: the last starts ≥ 3 s after the first. The
    // first mail may take longer to arrive than the last (the pool's connection), hence the margin.
    assert.ok(spread >= 2500, `20 mails at ${RATE}/s arrived within ${spread} ms`);

    const inbox = await InboxItem.find({ needId }).lean();
    assert.equal(inbox.length, SUPPLIERS);
    const lastInbox = Math.max(...inbox.map((i) => i.createdAt.getTime()));
    assert.ok(lastInbox < arrivals.at(-1)!, "the inbox items did not wait for the paced mail");
    const rows = await eventually(
      () => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>(),
      (all) => all.length === SUPPLIERS * 2 && all.every((d) => d.state === "sent"),
    );
    assert.equal(rows.filter((d) => d.channel === "email").length, SUPPLIERS);
  });

  it("when a webhook receiver does not answer, then later inbox items and mail are delivered all the same, and the webhooks once it answers", async () => {
    // Other kinds of need than above, so that only these suppliers are told of them.
    const hooked = [];
    for (let i = 0; i < 3; i++) hooked.push(await subscribe(["webhook"], "45233141"));
    const told = [];
    for (let i = 0; i < 3; i++) told.push(await subscribe(["inapp", "email"], "79340000"));
    const held = await publish("Reasfaltering av gang- og sykkelveier", "45233141");
    await eventually(
      async () => receiver.open(),
      (count) => count >= 1,
      30_000,
    );

    // One worker slot per queue: a queue shared by all channels would wait for the held webhook.
    const needId = await publish("Informasjonskampanje om avfallssortering", "79340000");
    await eventually(
      () => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>(),
      (all) => all.length === told.length * 2 && all.every((d) => d.state === "sent"),
      30_000,
    );
    assert.ok(receiver.open() >= 1, "the webhook still waits for its answer now that all else is delivered");
    assert.equal(catcher.messages().filter((m) => m.text.includes(needId)).length, told.length);
    assert.equal((await InboxItem.find({ needId }).lean()).length, told.length);
    const waiting = await DeliveryEntry.find({ needId: held }).lean<DeliveryRecord[]>();
    assert.equal(waiting.length, hooked.length);
    assert.ok(
      waiting.every((d) => d.state === "pending"),
      "the webhooks are still waiting for their answer",
    );

    receiver.release();
    await eventually(
      () => DeliveryEntry.find({ needId: held }).lean<DeliveryRecord[]>(),
      (rows) => rows.length === hooked.length && rows.every((d) => d.state === "sent"),
      60_000,
    );
  });
});
