/**
 * Equal treatment through the ledger: material shared with every registered supplier at once, the minutes
 * of a one-to-one (confidential part for the meeting's two sides only, summary published to all registered
 * suppliers), and the final schedule's agendas, once per published version. Real workers, real SMTP catcher.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConferenceMaterial } from "@markedsdialog/core";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { meetingConference, publishedNeed, registerOrg, type Org } from "./helpers/conference-meetings";
import { ADMIN_TOKEN, bearer, eventually, startHarness, type Harness } from "./helpers/harness";

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CONFIDENTIAL = "Prisnivå 412 kr per time og ny sensorløsning (forretningshemmelighet).";
const SUMMARY = "Leverandøren presenterte erfaringer med elektriske brøytebiler og ba om lengre kontrakt.";

describe("material, minutes and agendas reach every registered supplier at once, through the ledger", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let organiser: Org;
  let buyer: Org;
  let otherBuyer: Org;
  let s1: Org;
  let s2: Org;
  let outsider: Org;
  let conferenceId: string;

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness("confmaterial", { MEILI_URL: "", SMTP_URL: catcher.url }, { workers: true });
    organiser = await h.organization("organiser");
    buyer = await h.organization("buyer");
    otherBuyer = await h.organization("buyer");
    s1 = await h.organization("supplier");
    s2 = await h.organization("supplier");
    outsider = await h.organization("supplier");
    const needId = await publishedNeed(h, buyer);
    conferenceId = (await meetingConference(h, organiser, {}, { needIds: [needId] })).id;
    for (const org of [buyer, otherBuyer, s1, s2]) await registerOrg(h, conferenceId, org);
  });
  after(async () => {
    await h.close();
    await catcher.stop();
  });

  const kari = (org: Org) => `kari.${org.id}@example.no`;
  const mailsTo = (org: Org, subject: string) =>
    catcher.messages().filter((m) => m.to.includes(kari(org)) && m.subject.startsWith(subject));
  const ledger = (accept: (b: Body) => boolean, query: string) =>
    eventually(
      async () =>
        (await h.http.get(`/api/v1/conferences/${conferenceId}/deliveries${query}`).set(...bearer(organiser.token)))
          .body as Body,
      accept,
      30_000,
    );
  const material = (token: string | undefined, body: object) => {
    const req = h.http.post(`/api/v1/conferences/${conferenceId}/material`);
    return (token ? req.set(...bearer(token)) : req).send(body);
  };

  it("when the buyer of a linked need shares material, then every registered supplier gets the same words at once, and only they", async () => {
    const body = {
      title: "Spørsmål og svar",
      body: "Spørsmål: Er el-drift et krav?\nSvar: Nei.",
      links: ["https://example.no/qa.pdf"],
    };
    const before = await ConferenceMaterial.countDocuments();
    assert.equal((await material(undefined, body)).status, 401);
    assert.equal((await material(s1.token, body)).status, 403, "a supplier does not share");
    assert.equal((await material(otherBuyer.token, body)).status, 403, "a buyer of no linked need does not share");
    const bad = await material(buyer.token, { ...body, links: ["javascript:alert(1)"], extra: true });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: Body) => e.path).sort(), ["body.extra", "body.links.0"]);
    assert.equal(await ConferenceMaterial.countDocuments(), before, "refused requests store nothing");

    const shared = await material(buyer.token, body);
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
    const b = await ledger(
      (x) => x.items.length === 4 && x.items.every((d: Body) => d.state === "sent"),
      "?topic=material",
    );
    assert.deepEqual(
      b.items.map((d: Body) => `${d.supplierId}:${d.channel}`).sort(),
      [`${s1.id}:email`, `${s1.id}:inapp`, `${s2.id}:email`, `${s2.id}:inapp`].sort(),
    );
    assert.equal(new Set(b.items.map((d: Body) => d.contentHash)).size, 1, "one content hash for all");
    assert.equal(b.messages[0].id, shared.body.messageId);
    for (const org of [s1, s2]) {
      const [mail] = mailsTo(org, "Nytt fra Leverandørdag om utslippsfri vinterdrift: Spørsmål og svar");
      assert.ok(mail, `mail to ${org.name}`);
      assert.match(mail.text, /Svar: Nei\./);
      assert.match(mail.text, /- https:\/\/example\.no\/qa\.pdf/);
    }
    assert.equal(
      mailsTo(buyer, "Nytt fra").length + mailsTo(otherBuyer, "Nytt fra").length,
      0,
      "buyers are not sent it",
    );

    const list = await h.http.get(`/api/v1/conferences/${conferenceId}/material`).set(...bearer(s2.token));
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(
      list.body.items.map((m: Body) => m.title),
      ["Spørsmål og svar"],
    );
    const outside = await h.http.get(`/api/v1/conferences/${conferenceId}/material`).set(...bearer(outsider.token));
    assert.equal(outside.status, 403);
    assert.equal(
      (await h.http.get(`/api/v1/conferences/${conferenceId}/material`).set(...bearer(organiser.token))).status,
      200,
    );
  });

  it("when the buyer writes minutes, then only the meeting's buyer and supplier read the confidential part, and the published summary reaches every registered supplier", async () => {
    const asked = await h.http
      .post(`/api/v1/conferences/${conferenceId}/meeting-requests`)
      .set(...bearer(s1.token))
      .send({ buyerOrgId: buyer.id, supplierOrgId: s1.id, ranking: "must" });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const requestId = asked.body.id as string;
    const path = `/api/v1/meetings/${requestId}/minutes`;
    const minutes = { confidential: CONFIDENTIAL, summary: SUMMARY };
    assert.equal(
      (
        await h.http
          .put(path)
          .set(...bearer(buyer.token))
          .send(minutes)
      ).status,
      409,
      "not agreed yet",
    );
    const accepted = await h.http
      .post(`/api/v1/meeting-requests/${requestId}/accept`)
      .set(...bearer(buyer.token))
      .send({ ranking: "would_like" });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));

    assert.equal((await h.http.put(path).send(minutes)).status, 401);
    for (const org of [s1, organiser, s2])
      assert.equal(
        (
          await h.http
            .put(path)
            .set(...bearer(org.token))
            .send(minutes)
        ).status,
        403,
        org.name,
      );
    const bad = await h.http
      .put(path)
      .set(...bearer(buyer.token))
      .send({ summary: 3 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: Body) => e.path).sort(), ["body.confidential", "body.summary"]);
    const written = await h.http
      .put(path)
      .set(...bearer(buyer.token))
      .send(minutes);
    assert.equal(written.status, 200, JSON.stringify(written.body));
    assert.equal(written.body.version, 1);

    for (const token of [buyer.token, s1.token, ADMIN_TOKEN]) {
      const full = await h.http.get(path).set(...bearer(token));
      assert.equal(full.status, 200);
      assert.equal(full.body.confidential, CONFIDENTIAL);
    }
    const organisers = await h.http.get(path).set(...bearer(organiser.token));
    assert.equal(organisers.status, 200);
    assert.equal(organisers.body.summary, SUMMARY);
    assert.ok(!("confidential" in organisers.body), "the organiser does not get the confidential part");
    assert.ok(!JSON.stringify(organisers.body).includes("412 kr"));
    for (const org of [s2, otherBuyer]) {
      const refused = await h.http.get(path).set(...bearer(org.token));
      assert.equal(refused.status, 403, org.name);
      assert.ok(!JSON.stringify(refused.body).includes("412 kr"));
    }

    const publish = `${path}/publish`;
    assert.equal((await h.http.post(publish).set(...bearer(s1.token))).status, 403);
    const published = await h.http.post(publish).set(...bearer(buyer.token));
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.publishedVersion, 1);
    assert.equal((await h.http.post(publish).set(...bearer(buyer.token))).status, 409, "once per version");
    const b = await ledger(
      (x) => x.items.length === 4 && x.items.every((d: Body) => d.state === "sent"),
      "?topic=minutes_summary",
    );
    assert.equal(new Set(b.items.map((d: Body) => d.supplierId)).size, 2);
    for (const org of [s1, s2]) {
      const [mail] = mailsTo(org, "Referat fra en-til-en-møte");
      assert.ok(mail, `summary mailed to ${org.name}`);
      assert.ok(mail.text.includes(SUMMARY));
      assert.ok(!mail.text.includes("412 kr"), "the confidential part is never mailed");
    }
    const inbox = await h.http.get("/api/v1/inbox").set(...bearer(s2.token));
    const item = (inbox.body.items as Body[]).find((i) => i.topic === "minutes_summary");
    assert.ok(item && !JSON.stringify(item).includes("412 kr"));
  });

  it("when the final schedule is published, then each participant gets its agenda once per published version", async () => {
    const generated = await h.http
      .post(`/api/v1/conferences/${conferenceId}/schedule`)
      .set(...bearer(organiser.token))
      .send({ seed: 7 });
    assert.equal(generated.status, 201, JSON.stringify(generated.body));
    const publish = () =>
      h.http
        .post(`/api/v1/conferences/${conferenceId}/schedule/publish`)
        .set(...bearer(organiser.token))
        .send({ final: true });
    assert.equal((await publish()).status, 200);
    assert.equal((await publish()).status, 200, "publishing the same version again");
    const b = await ledger(
      (x) =>
        x.messages.length === 4 &&
        x.items.filter((d: Body) => d.channel === "email" && d.state === "sent").length === 4,
      "?topic=agenda",
    );
    assert.equal(b.items.filter((d: Body) => d.channel === "email").length, 4, "one per participant");
    const mail = await catcher.waitFor((m) => m.to.includes(kari(s1)) && m.subject.startsWith("Møteplan"), 20_000);
    assert.ok(mail.text.includes(`agenda.ics?org=${s1.id}`));
    assert.match(mail.text, /Bord [AB]: buyer /);
    for (const org of [buyer, otherBuyer, s1, s2]) assert.equal(mailsTo(org, "Møteplan").length, 1, org.name);
  });
});
