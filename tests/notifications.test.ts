/**
 * The notification pipeline end to end: outbox event per need version, match-need fan-out into the
 * delivery ledger, deliver jobs to the inbox and over real SMTP (the mail catcher). Redis is a server of
 * this file's own, stopped around a publish to show that the outbox loses nothing.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DeliveryEntry, InboxItem, NotifyEvent, unsubscribeToken, type DeliveryRecord } from "@markedsdialog/core";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { ADMIN_TOKEN, bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";
import { startRedisServer, type RedisServer } from "./helpers/redis-servers";

/** A Redis that keeps its data across a restart (append-only file), as a production Redis does. */
const durable = (port: number, dir: string) => [
  ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes"],
  ...["--maxmemory-policy", "noeviction"],
];

describe("when a buyer publishes a need, then matched suppliers are notified once", () => {
  let h: Harness;
  let redis: RedisServer;
  let catcher: MailCatcher;
  const dir = mkdtempSync(join(tmpdir(), "notify-redis-"));
  let buyer: { id: string; token: string; name: string };
  const suppliers: { id: string; token: string; name: string; email: string }[] = [];
  let firstNeed = "";

  before(async () => {
    redis = await startRedisServer((port) => durable(port, dir));
    catcher = await startMailCatcher();
    h = await startHarness(
      "notify",
      {
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        SMTP_URL: catcher.url,
        NOTIFY_SWEEP_MS: "300",
        MEILI_URL: "",
      },
      { workers: true },
    );
    buyer = await h.organization("buyer");
    for (let i = 0; i < 3; i++) {
      const s = await h.organization("supplier");
      const email = `leverandor${i}.${s.id}@example.no`;
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

  const sentFor = (needId: string, version?: number) =>
    eventually(
      async () =>
        (await DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>()).filter(
          (d) => version === undefined || d.needVersion === version,
        ),
      (rows) => rows.length === suppliers.length * 2 && rows.every((d) => d.state === "sent"),
      30_000,
    );

  it("when a need is published, then each supplier gets one inbox item and one Norwegian e-mail with one-click unsubscribe", async () => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published" }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const needId = res.body.id as string;
    firstNeed = needId;
    const rows = await sentFor(needId);
    assert.deepEqual(new Set(rows.map((d) => d.supplierId)), new Set(suppliers.map((s) => s.id)));
    assert.equal(new Set(rows.map((d) => d.contentHash)).size, 1, "every recipient is told the same");
    const inbox = await InboxItem.find({ needId }).lean();
    assert.equal(inbox.length, suppliers.length);
    for (const s of suppliers) {
      const mail = await catcher.waitFor((m) => m.to.includes(s.email) && m.text.includes(needId), 10_000);
      assert.match(mail.subject, /^Ny markedsdialog: Vinterdrift/);
      assert.match(mail.text, new RegExp(`^Hei ${s.name},`));
      assert.match(mail.text, /Anslått verdi: 40\s000\s000 kr – 60\s000\s000 kr/);
      assert.match(mail.text, /Sted: Nordre Follo/);
      assert.match(mail.headers["content-type"] ?? "", /^multipart\/alternative/);
      assert.equal(mail.headers["message-id"], `<${needId}-v${rows[0]!.needVersion}-${s.id}-email@markedsdialog.no>`);
      assert.match(mail.headers["list-unsubscribe"] ?? "", /\/api\/v1\/unsubscribe\/[\w.-]+/);
      assert.equal(mail.headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
    }
    // Bodies are identical apart from the greeting and the personal links.
    const bodies = catcher
      .messages()
      .filter((m) => m.text.includes(needId))
      .map((m) =>
        m.text
          .split("\n")
          .filter((line) => !/^Hei |unsubscribe|avmelding/.test(line))
          .join("\n"),
      );
    assert.equal(new Set(bodies).size, 1);
    const event = await NotifyEvent.findById(`${needId}-v${rows[0]!.needVersion}`).lean();
    assert.equal(event?.state, "done");
  });

  it("when Redis is down while a need is published, then the publish succeeds and the suppliers are notified and the need found once Redis is back", async () => {
    const port = redis.port;
    await redis.stop();
    const title = "Snørydding ved skoler i Nordre Follo";
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const needId = res.body.id as string;
    const stored = await h.http.get(`/api/v1/needs/${needId}`).set(...bearer(buyer.token));
    assert.equal(stored.status, 200);
    assert.equal(stored.body.status, "published");
    const event = await NotifyEvent.findById(`${needId}-v${res.body.version}`).lean();
    assert.equal(event?.state, "pending");
    const found = () => h.http.get("/api/v1/needs/search").query({ q: "snørydding skoler" });
    assert.ok(!(await found()).body.hits.some((hit: { id: string }) => hit.id === needId), "not indexed without Redis");

    redis = await startRedisServer((p) => durable(p, dir), port);
    const rows = await sentFor(needId);
    assert.deepEqual(new Set(rows.map((d) => d.supplierId)), new Set(suppliers.map((s) => s.id)));
    const inbox = await InboxItem.find({ needId }).lean();
    assert.deepEqual(inbox.map((i) => i.supplierId).sort(), suppliers.map((s) => s.id).sort(), "one inbox item each");
    const mails = catcher.messages().filter((m) => m.text.includes(needId));
    assert.equal(mails.length, suppliers.length, "one e-mail each, none lost, none twice");
    assert.equal(new Set(mails.map((m) => m.headers["message-id"])).size, suppliers.length);
    // The search index catches up without an admin: the failed search-sync enqueue was remembered.
    const hits = await eventually(
      async () => (await found()).body.hits as { id: string; title: string }[],
      (list) => list.some((hit) => hit.id === needId),
    );
    assert.equal(hits.find((hit) => hit.id === needId)?.title, title);
    const listed = await h.http.get("/api/v1/needs").query({ buyer: buyer.id });
    assert.ok(listed.body.items.some((n: { id: string }) => n.id === needId));
  });

  it("when a published need's value changes, then those told before get a change alert naming what changed", async () => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title: "Strøing av gang- og sykkelveier" }));
    assert.equal(res.status, 201);
    const needId = res.body.id as string;
    await sentFor(needId, 1);
    const patch = await h.http
      .patch(`/api/v1/needs/${needId}`)
      .set(...bearer(buyer.token))
      .send({ estimatedValueNok: { min: 50_000_000, max: 70_000_000 } });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    await sentFor(needId, patch.body.version as number);
    const alert = await catcher.waitFor((m) => m.text.includes(needId) && m.subject.startsWith("Endret"), 10_000);
    assert.match(alert.text, /Anslått verdi: \{"min":40000000,"max":60000000\} → \{"min":50000000,"max":70000000\}/);
  });

  it("when the buyer asks whom a need reached, then it gets every delivery with one content hash per version, and others are refused", async () => {
    const res = await h.http.get(`/api/v1/needs/${firstNeed}/notifications`).set(...bearer(buyer.token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.items.length, suppliers.length * 2);
    assert.equal(new Set(res.body.items.map((i: { contentHash: string }) => i.contentHash)).size, 1);
    assert.ok(res.body.items.every((i: { state: string; sentAt?: string }) => i.state === "sent" && i.sentAt));
    const [version] = res.body.versions;
    assert.equal(version.recipients, suppliers.length);
    assert.equal(version.sent, suppliers.length * 2);
    assert.ok(version.spreadMs >= 0 && version.first <= version.last);
    const admin = await h.http.get(`/api/v1/needs/${firstNeed}/notifications`).set(...bearer(ADMIN_TOKEN));
    assert.equal(admin.status, 200);

    const other = await h.organization("buyer");
    for (const token of [other.token, suppliers[0]!.token]) {
      const denied = await h.http.get(`/api/v1/needs/${firstNeed}/notifications`).set(...bearer(token));
      assert.equal(denied.status, 403);
      assert.match(denied.headers["content-type"] ?? "", /problem\+json/);
      const csv = await h.http.get(`/api/v1/needs/${firstNeed}/notifications.csv`).set(...bearer(token));
      assert.equal(csv.status, 403);
    }
    assert.equal((await h.http.get(`/api/v1/needs/${firstNeed}/notifications`)).status, 401);
    const bad = await h.http.get("/api/v1/needs/not-an-id/notifications").set(...bearer(buyer.token));
    assert.equal(bad.status, 404, "a malformed id is no need, as everywhere in the API");
    const unknown = await h.http.get(`/api/v1/needs/${firstNeed}/notifications?state=sent`).set(...bearer(buyer.token));
    assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
    assert.equal(unknown.body.errors[0].path, "query.state");
  });

  it("when a supplier named like a formula is notified, then the CSV neutralises the cell", async () => {
    const evil = await h.organization("supplier", { name: '=HYPERLINK("http://x") Leverandør AS' });
    const sub = await h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(evil.token))
      .send({ channels: ["inapp"], frequency: "instant", cpv: ["90620000"] });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title: "Brøyting av parkeringsplasser" }));
    assert.equal(res.status, 201);
    const needId = res.body.id as string;
    await eventually(
      () => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>(),
      (rows) => rows.length === suppliers.length * 2 + 1 && rows.every((d) => d.state === "sent"),
      30_000,
    );
    const csv = await h.http.get(`/api/v1/needs/${needId}/notifications.csv`).set(...bearer(buyer.token));
    assert.equal(csv.status, 200);
    assert.match(csv.headers["content-type"] ?? "", /^text\/csv/);
    const lines = csv.text.trim().split("\r\n");
    assert.equal(lines[0], "needVersion,supplierId,supplierName,channel,state,reason,sentAt,contentHash,via");
    assert.equal(lines.length, 1 + suppliers.length * 2 + 1);
    const row = lines.find((line) => line.includes(evil.id))!;
    assert.ok(row.includes(`"'=HYPERLINK(""http://x"") Leverandør AS"`), row);
  });

  it("when a supplier reads its inbox, then it sees its own items with the unread count and can mark one read; others cannot", async () => {
    const [me, other] = suppliers as [(typeof suppliers)[0], (typeof suppliers)[0]];
    const inbox = await h.http.get("/api/v1/inbox").set(...bearer(me.token));
    assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
    assert.ok(inbox.body.items.length >= 3);
    assert.equal(inbox.body.unread, inbox.body.items.length);
    assert.ok(inbox.body.items.some((i: { needId: string }) => i.needId === firstNeed));
    const item = inbox.body.items[0];
    assert.match(item.summary, /CPV: 90620000-9/);

    assert.equal((await h.http.post(`/api/v1/inbox/${item.id}/read`).set(...bearer(other.token))).status, 404);
    const read = await h.http.post(`/api/v1/inbox/${item.id}/read`).set(...bearer(me.token));
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal(read.body.read, true);
    const after = await h.http.get("/api/v1/inbox").set(...bearer(me.token));
    assert.equal(after.body.unread, inbox.body.unread - 1);
    const unreadOnly = await h.http.get("/api/v1/inbox?unread=true").set(...bearer(me.token));
    assert.equal(unreadOnly.body.items.length, after.body.unread);

    assert.equal((await h.http.get("/api/v1/inbox").set(...bearer(buyer.token))).status, 403);
    assert.equal((await h.http.get("/api/v1/inbox")).status, 401);
    const bad = await h.http.get("/api/v1/inbox?unread=maybe").set(...bearer(me.token));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, "query.unread");
    const body = await h.http
      .post(`/api/v1/inbox/${item.id}/read`)
      .set(...bearer(me.token))
      .send({ read: false });
    assert.equal(body.status, 400);
    assert.equal(body.body.errors[0].path, "body.read");
  });

  it("when a supplier follows its one-click unsubscribe link, then it gets no more e-mail but still its inbox, until it undoes it from the same link; a forged link is refused", async () => {
    const me = suppliers[2]!;
    const mail = catcher.messages().find((m) => m.to.includes(me.email))!;
    const url = new URL(/<([^>]+)>/.exec(mail.headers["list-unsubscribe"] ?? "")![1]!);
    // The link in the text opens the web app's page for the same token (it asks before it unsubscribes).
    const page = new URL(/Avslutt varsler: (\S+)/.exec(mail.text)![1]!);
    assert.equal(page.pathname, "/avmelding");
    assert.equal(page.searchParams.get("token"), url.pathname.split("/").pop());
    assert.match(mail.html, new RegExp(`href="[^"]*/avmelding\\?token=${page.searchParams.get("token")}"`));
    const status = await h.http.get(url.pathname);
    assert.equal(status.status, 200, JSON.stringify(status.body));
    assert.deepEqual(status.body, { supplierId: me.id, unsubscribed: false });
    const click = await h.http
      .post(url.pathname)
      .set("content-type", "application/x-www-form-urlencoded")
      .send("List-Unsubscribe=One-Click");
    assert.equal(click.status, 200, JSON.stringify(click.body));
    assert.deepEqual(click.body, { supplierId: me.id, unsubscribed: true });
    assert.equal((await h.http.get(url.pathname)).body.unsubscribed, true);

    const forged = url.pathname.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    const refused = await h.http
      .post(forged)
      .set("content-type", "application/x-www-form-urlencoded")
      .send("List-Unsubscribe=One-Click");
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errors[0].path, "params.token");
    const other = suppliers[0]!;
    const otherToken = url.pathname.split("/").pop()!.replace(me.id, other.id);
    assert.equal(
      (await h.http.post(`/api/v1/unsubscribe/${otherToken}`)).status,
      400,
      "the signature binds the supplier",
    );

    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title: "Salting av bussholdeplasser" }));
    assert.equal(res.status, 201);
    const needId = res.body.id as string;
    const rows = await eventually(
      () => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>(),
      // Two suppliers by inbox and e-mail, this one by inbox only, the formula-named one by inbox.
      (all) => all.length === (suppliers.length - 1) * 2 + 1 + 1 && all.every((d) => d.state === "sent"),
      30_000,
    );
    const mine = rows.filter((d) => d.supplierId === me.id).map((d) => d.channel);
    assert.deepEqual(mine, ["inapp"]);
    assert.ok(!catcher.messages().some((m) => m.text.includes(needId) && m.to.includes(me.email)));

    // Undone from the same link: the next need reaches it by e-mail again.
    const undo = await h.http.delete(url.pathname);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    assert.deepEqual(undo.body, { supplierId: me.id, unsubscribed: false });
    assert.equal((await h.http.get(url.pathname)).body.unsubscribed, false);
    assert.equal((await h.http.delete(forged)).status, 400, "a forged link undoes nothing");
    const again = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title: "Strøing av gang- og sykkelveier" }));
    assert.equal(again.status, 201);
    await catcher.waitFor((m) => m.to.includes(me.email) && m.text.includes(again.body.id as string), 30_000);
  });

  it("when a signed-in supplier stops or resumes its e-mail notifications, then the unsubscribe link agrees; others are refused", async () => {
    const me = suppliers[1]!;
    const mine = async () => h.http.get("/api/v1/email-notifications").set(...bearer(me.token));
    assert.deepEqual((await mine()).body, { supplierId: me.id, unsubscribed: false });
    const stop = await h.http
      .put("/api/v1/email-notifications")
      .set(...bearer(me.token))
      .send({ unsubscribed: true });
    assert.equal(stop.status, 200, JSON.stringify(stop.body));
    assert.deepEqual(stop.body, { supplierId: me.id, unsubscribed: true });
    const token = unsubscribeToken(h.config.NOTIFY_SECRET, me.id);
    assert.equal((await h.http.get(`/api/v1/unsubscribe/${token}`)).body.unsubscribed, true, "the link's page agrees");
    await h.http.delete(`/api/v1/unsubscribe/${token}`);
    assert.equal((await mine()).body.unsubscribed, false, "undone by the link");

    const bad = await h.http
      .put("/api/v1/email-notifications")
      .set(...bearer(me.token))
      .send({ unsubscribed: "yes" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, "body.unsubscribed");
    assert.equal((await mine()).body.unsubscribed, false, "nothing stored");
    for (const res of [
      await h.http.get("/api/v1/email-notifications").set(...bearer(buyer.token)),
      await h.http
        .put("/api/v1/email-notifications")
        .set(...bearer(buyer.token))
        .send({ unsubscribed: true }),
    ])
      assert.equal(res.status, 403, "only suppliers have e-mail notifications to stop");
    assert.equal((await h.http.get("/api/v1/email-notifications")).status, 401);
  });
});
