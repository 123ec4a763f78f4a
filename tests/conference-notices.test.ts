/**
 * Conference communications through the notification worker (the real workers the harness starts, the real
 * mail catcher): invitations to the suppliers matched to the linked needs, confirmations, changes and the
 * cancellation, each one ledger record per (message, recipient, channel) read through the API, and SMTP
 * down then back (retried, then delivered once).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Conference, recordMessage, type ConferenceRecord } from "@markedsdialog/core";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { ADMIN_TOKEN, bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";

type Org = { id: string; token: string; name: string };
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const day = 24 * 3_600_000;

describe("conference communications go through the notification worker, one delivery per recipient", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let organiser: Org;
  let buyer: Org;

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness(
      "confnotices",
      {
        MEILI_URL: "",
        SMTP_URL: catcher.url,
        DELIVERY_ATTEMPTS: "8",
        DELIVERY_BACKOFF_MS: "100",
        NOTIFY_SWEEP_MS: "500",
      },
      { workers: true },
    );
    organiser = await h.organization("organiser");
    buyer = await h.organization("buyer");
  });
  after(async () => {
    await h.close();
    await catcher.stop();
  });

  const conference = (extra: Record<string, unknown> = {}) => ({
    title: "Dialogkonferanse om helsetjenester",
    venue: "Ski rådhus",
    address: "Idrettsveien 8, 1400 Ski",
    startsAt: new Date(Date.now() + 60 * day).toISOString(),
    endsAt: new Date(Date.now() + 60 * day + 6 * 3_600_000).toISOString(),
    registrationDeadline: new Date(Date.now() + 50 * day).toISOString(),
    capacity: 3,
    status: "published",
    ...extra,
  });
  const create = async (body: object, token = organiser.token) => {
    const res = await h.http
      .post("/api/v1/conferences")
      .set(...bearer(token))
      .send(body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const publishNeed = async (cpv: string, title: string) => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", cpv: [cpv], title }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const subscribe = async (org: Org, body: object) => {
    const res = await h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(org.token))
      .send({ frequency: "instant", ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const people = (org: Org, n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `Deltaker ${i + 1}`, email: `p${i + 1}.${org.id}@example.no` }));
  const register = async (id: string, org: Org, n: number) => {
    const res = await h.http
      .post(`/api/v1/conferences/${id}/registrations`)
      .set(...bearer(org.token))
      .send({ participants: people(org, n) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as Body;
  };
  const ledger = (id: string, accept: (b: Body) => boolean, query = "") =>
    eventually(
      async () => {
        const res = await h.http.get(`/api/v1/conferences/${id}/deliveries${query}`).set(...bearer(organiser.token));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body as Body;
      },
      accept,
      30_000,
    );
  const mailTo = (to: string, subject: string) =>
    catcher.waitFor((m) => m.to.includes(to) && m.subject.startsWith(subject), 20_000);

  it("when a conference with linked needs is published, then each matched supplier is invited once through its channels, and nobody else", async () => {
    const needId = await publishNeed("85100000", "Hjemmetjenester med velferdsteknologi");
    const otherNeed = await publishNeed("85300000", "Sosialtjenester for eldre");
    const mailer = await h.organization("supplier");
    const inboxOnly = await h.organization("supplier");
    const unmatched = await h.organization("supplier");
    const address = `tilbud.${mailer.id}@example.no`;
    await subscribe(mailer, { channels: ["email", "inapp"], cpv: ["85000000"], email: address });
    await subscribe(inboxOnly, { channels: ["inapp"], cpv: ["85100000"] });
    await subscribe(unmatched, { channels: ["inapp"], cpv: ["45000000"] });

    const id = await create(conference({ needIds: [needId] }));
    const mail = await mailTo(address, "Invitasjon: Dialogkonferanse om helsetjenester");
    assert.match(mail.text, /^Hei /);
    assert.match(mail.text, /«Hjemmetjenester med velferdsteknologi»/);
    assert.match(mail.text, /Påmeldingsfrist: /);
    assert.ok(mail.text.includes(`/api/v1/conferences/${id}`));
    const invited = await ledger(
      id,
      (b) => b.items.length === 3 && b.items.every((d: Body) => d.state === "sent"),
      "?topic=invitation",
    );
    const shape = invited.items.map((d: Body) => [d.supplierId, d.channel]).sort();
    assert.deepEqual(
      shape,
      [
        [mailer.id, "email"],
        [mailer.id, "inapp"],
        [inboxOnly.id, "inapp"],
      ].sort(),
    );
    const [message] = invited.messages as Body[];
    assert.equal(invited.items.filter((d: Body) => d.contentHash === message!.contentHash).length, 3, "same words");
    const email = invited.items.find((d: Body) => d.channel === "email");
    assert.equal(email.target, address);
    assert.equal(mail.headers["message-id"], `<${email.id}@markedsdialog.no>`);
    assert.ok(mail.headers["list-unsubscribe"], "invitations carry the one-click unsubscribe");

    const inbox = await h.http.get("/api/v1/inbox").set(...bearer(inboxOnly.token));
    assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
    const item = (inbox.body.items as Body[]).find((i) => i.conferenceId === id);
    assert.deepEqual([item?.kind, item?.topic], ["conference", "invitation"]);
    const own = await h.http.get("/api/v1/deliveries").set(...bearer(mailer.token));
    assert.equal(own.body.items.filter((d: Body) => d.conferenceId === id).length, 2, "the supplier sees its own");
    const none = await h.http.get("/api/v1/inbox").set(...bearer(unmatched.token));
    assert.ok(!(none.body.items as Body[]).some((i) => i.conferenceId === id));

    // A need added later invites whoever it newly reaches; the invited are not invited again.
    const patched = await h.http
      .patch(`/api/v1/conferences/${id}`)
      .set(...bearer(organiser.token))
      .send({ needIds: [needId, otherNeed] });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const again = await ledger(
      id,
      (b) => b.messages.length === 2 && b.messages.every((m: Body) => m.state === "done"),
      "?topic=invitation",
    );
    assert.equal(again.items.length, 3, "one invitation per supplier and channel per conference");
    assert.equal(
      catcher.messages().filter((m) => m.to.includes(address) && m.subject.startsWith("Invitasjon")).length,
      1,
    );
  });

  it("when organisations register, then every participant gets a confirmation or waitlisted e-mail from the worker, one each", async () => {
    const id = await create(conference());
    const seated = await h.organization("supplier");
    const waiting = await h.organization("buyer");
    const third = await h.organization("buyer");
    assert.equal((await register(id, seated, 2)).status, "registered");
    assert.equal((await register(id, waiting, 2)).status, "waitlisted");
    assert.equal((await register(id, third, 1)).status, "registered", "the one seat left fits a delegation of one");
    for (const p of [...people(seated, 2), ...people(third, 1)]) {
      const mail = await mailTo(p.email, "Påmeldingen til Dialogkonferanse om helsetjenester er bekreftet");
      assert.match(mail.text, new RegExp(`^Hei ${p.name},`));
      const org = p.email.includes(seated.id) ? seated : third;
      assert.ok(mail.text.includes(`${org.name} er påmeldt «Dialogkonferanse om helsetjenester» (Ski rådhus,`));
    }
    for (const p of people(waiting, 2)) {
      const mail = await mailTo(p.email, "Du står på venteliste til Dialogkonferanse om helsetjenester");
      assert.match(mail.text, /står på ventelisten som nr\. 1 med 2 deltakere/);
    }
    const b = await ledger(id, (x) => x.items.length === 6 && x.items.every((d: Body) => d.state === "sent"));
    const topics = b.items.map((d: Body) => `${d.topic}:${d.channel}`).sort();
    assert.deepEqual(topics, [
      "confirmation:email",
      "confirmation:email",
      "confirmation:email",
      "confirmation:inapp",
      "waitlisted:email",
      "waitlisted:email",
    ]);
    for (const d of b.items.filter((x: Body) => x.channel === "email"))
      assert.equal(d.messageId, `<${d.id}@markedsdialog.no>`);
    assert.equal(b.messages.length, 3, "one message per registration");
    const inapp = b.items.find((d: Body) => d.channel === "inapp");
    const byId = await h.http.get(`/api/v1/deliveries/${inapp.id}`).set(...bearer(seated.token));
    assert.equal(byId.status, 200, JSON.stringify(byId.body));
    assert.deepEqual([byId.body.conferenceId, byId.body.topic, byId.body.state], [id, "confirmation", "sent"]);
    const replay = await h.http
      .post(`/api/v1/deliveries/${inapp.id}/replay`)
      .set(...bearer(seated.token))
      .send({});
    assert.equal(replay.status, 409, "a sent delivery is not replayed");
    const resent = await h.http
      .post(`/api/v1/deliveries/${inapp.id}/replay`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ resend: true });
    assert.equal(resent.status, 202, JSON.stringify(resent.body));
    await eventually(
      async () => (await h.http.get(`/api/v1/deliveries/${inapp.id}`).set(...bearer(ADMIN_TOKEN))).body as Body,
      (d) => d.state === "sent" && d.replays.length === 1,
    );
    assert.equal((await h.http.get(`/api/v1/deliveries/${inapp.id}`).set(...bearer(waiting.token))).status, 403);
    for (const p of [...people(seated, 2), ...people(waiting, 2), ...people(third, 1)])
      assert.equal(catcher.messages().filter((m) => m.to.includes(p.email)).length, 1, `one mail to ${p.email}`);
  });

  it("when a published conference's time or venue changes, then the registered participants are told from what to what, once per change", async () => {
    const id = await create(conference());
    const org = await h.organization("supplier");
    const waiting = await h.organization("supplier");
    await register(id, org, 2);
    await register(id, waiting, 2);
    const startsAt = new Date(Date.now() + 61 * day);
    startsAt.setUTCHours(8, 0, 0, 0);
    const res = await h.http
      .patch(`/api/v1/conferences/${id}`)
      .set(...bearer(organiser.token))
      .send({
        venue: "Follo kulturhus",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 5 * 3_600_000).toISOString(),
      });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const mail = await mailTo(people(org, 1)[0]!.email, "Endring: Dialogkonferanse om helsetjenester");
    assert.match(mail.text, /- Sted: fra Ski rådhus til Follo kulturhus/);
    assert.match(
      mail.text,
      /- Start: fra \S+dag \d+\. \S+ \d{4} kl\. \d\d\.\d\d til \S+dag \d+\. \S+ \d{4} kl\. 09\.00\n/,
    );
    const title = await h.http
      .patch(`/api/v1/conferences/${id}`)
      .set(...bearer(organiser.token))
      .send({ title: "Dialogkonferanse om helsetjenester 2027" });
    assert.equal(title.status, 200);
    const b = await ledger(id, (x) => x.messages.every((m: Body) => m.state === "done"), "?topic=changed");
    assert.equal(b.messages.length, 1, "a new title is no change of time or place");
    await ledger(id, (x) => x.items.length === 3 && x.items.every((d: Body) => d.state === "sent"), "?topic=changed");
    const changes = b.items.find((d: Body) => d.channel === "inapp");
    assert.ok(changes, "the supplier's inbox has it too");
    const inbox = await h.http.get("/api/v1/inbox").set(...bearer(org.token));
    const item = (inbox.body.items as Body[]).find((i) => i.conferenceId === id && i.topic === "changed");
    assert.deepEqual(
      item?.changes.map((c: Body) => c.field),
      ["startsAt", "endsAt", "venue"],
    );
    assert.ok(
      !catcher.messages().some((m) => m.to.includes(people(waiting, 1)[0]!.email) && m.subject.startsWith("Endring")),
    );
  });

  it("when the organiser cancels, then registered and waitlisted participants are told why, and registrations are closed", async () => {
    const id = await create(conference({ capacity: 1 }));
    const org = await h.organization("supplier");
    const waiting = await h.organization("buyer");
    await register(id, org, 1);
    await register(id, waiting, 1);
    const path = `/api/v1/conferences/${id}/cancel`;
    const denied = await h.http
      .post(path)
      .set(...bearer(org.token))
      .send({ reason: "Nei" });
    assert.equal(denied.status, 403);
    assert.equal((await h.http.post(path).send({ reason: "Nei" })).status, 401);
    const bad = await h.http
      .post(path)
      .set(...bearer(organiser.token))
      .send({ reason: "", extra: 1 });
    assert.equal(bad.status, 400);
    assert.match(bad.headers["content-type"] ?? "", /application\/problem\+json/);
    assert.deepEqual(bad.body.errors.map((e: Body) => e.path).sort(), ["body.extra", "body.reason"]);
    assert.equal((await h.http.get(`/api/v1/conferences/${id}`)).body.status, "published", "nothing stored");

    const res = await h.http
      .post(path)
      .set(...bearer(organiser.token))
      .send({ reason: "For få påmeldte leverandører." });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, "cancelled");
    assert.equal(res.body.cancellation.reason, "For få påmeldte leverandører.");
    for (const o of [org, waiting]) {
      const mail = await mailTo(people(o, 1)[0]!.email, "Avlyst: Dialogkonferanse om helsetjenester");
      assert.match(mail.text, /Begrunnelse: For få påmeldte leverandører\./);
    }
    const late = await h.organization("supplier");
    const refused = await h.http
      .post(`/api/v1/conferences/${id}/registrations`)
      .set(...bearer(late.token))
      .send({ participants: people(late, 1) });
    assert.equal(refused.status, 409);
    assert.match(refused.headers["content-type"] ?? "", /application\/problem\+json/);
    assert.equal(
      (
        await h.http
          .post(path)
          .set(...bearer(organiser.token))
          .send({ reason: "Igjen" })
      ).status,
      409,
    );
    const patch = await h.http
      .patch(`/api/v1/conferences/${id}`)
      .set(...bearer(organiser.token))
      .send({ capacity: 9 });
    assert.equal(patch.status, 409);
    const regs = await h.http.get(`/api/v1/conferences/${id}/registrations`).set(...bearer(organiser.token));
    assert.equal(regs.body.items.length, 2, "the refused registration stored nothing");
    const b = await ledger(
      id,
      (x) => x.items.length === 3 && x.items.every((d: Body) => d.state === "sent"),
      "?topic=cancelled",
    );
    assert.equal(b.messages.length, 1);
  });

  it("the ledger is the organisers': others are refused", async () => {
    const id = await create(conference());
    const supplier = await h.organization("supplier");
    const deliveries = `/api/v1/conferences/${id}/deliveries`;
    assert.equal((await h.http.get(deliveries)).status, 401);
    const refused = await h.http.get(deliveries).set(...bearer(supplier.token));
    assert.equal(refused.status, 403);
    assert.match(refused.headers["content-type"] ?? "", /application\/problem\+json/);
    assert.equal((await h.http.get(deliveries).set(...bearer(buyer.token))).status, 403);
    assert.equal((await h.http.get(deliveries).set(...bearer(ADMIN_TOKEN))).status, 200);
    assert.equal((await h.http.get(`${deliveries}?topic=nonsense`).set(...bearer(organiser.token))).status, 400);
  });

  it("when a message was recorded but never handed to the worker (the API died in between), then the sweeper hands it over and it is delivered once", async () => {
    const id = await create(conference());
    const record = await Conference.findById(id).lean<ConferenceRecord>();
    const email = `feid.${id}@example.no`;
    // What a request records before its hand-over, without the hand-over.
    const messageId = await recordMessage(record!, {
      slug: "material.swept",
      topic: "material",
      audience: { type: "people", people: [{ id: organiser.id, orgId: organiser.id, name: "Ola", email }] },
      subject: "Materiell som ble liggende",
      lines: ["Dette ble registrert, men aldri lagt i køen."],
    });
    const mail = await mailTo(email, "Materiell som ble liggende");
    assert.match(mail.text, /^Hei Ola,/);
    const b = await ledger(id, (x) => x.items.length === 1 && x.items[0].state === "sent", "?topic=material");
    assert.deepEqual(
      b.messages.map((m: Body) => [m.id, m.state]),
      [[messageId, "done"]],
    );
    assert.equal(catcher.messages().filter((m) => m.to.includes(email)).length, 1);
  });

  it("when SMTP is down as people register and comes back, then each confirmation is retried and arrives once", async () => {
    const id = await create(conference());
    const org = await h.organization("buyer");
    const port = catcher.port;
    await catcher.stop();
    await register(id, org, 2);
    const waiting = await ledger(
      id,
      (b) => b.items.length === 2 && b.items.every((d: Body) => d.state === "pending" && d.attempts >= 2),
    );
    for (const d of waiting.items) assert.match(d.lastError ?? "", /ECONNREFUSED/);
    catcher = await startMailCatcher({ port });
    const sent = await ledger(id, (b) => b.items.length === 2 && b.items.every((d: Body) => d.state === "sent"));
    for (const p of people(org, 2)) {
      const mails = catcher.messages().filter((m) => m.to.includes(p.email));
      assert.equal(mails.length, 1, `one mail to ${p.email}`);
      const record = sent.items.find((d: Body) => d.target === p.email);
      assert.equal(mails[0]!.headers["message-id"], record.messageId);
    }
  });
});
