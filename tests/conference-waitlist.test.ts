/**
 * The waiting list, the fair reduction and the discussion groups through HTTP, with the Norwegian notices
 * read from a real SMTP server (the mail catcher) and the printable group lists as served.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { ADMIN_TOKEN, bearer, eventually, startHarness, type Harness } from "./helpers/harness";

type Org = { id: string; token: string; name: string };
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const day = 24 * 3_600_000;
const conference = (capacity: number, extra: Record<string, unknown> = {}) => ({
  title: "Dialogmøte om fremtidens skolemåltid",
  venue: "Oslo kongressenter",
  startsAt: new Date(Date.now() + 60 * day).toISOString(),
  endsAt: new Date(Date.now() + 60 * day + 6 * 3_600_000).toISOString(),
  registrationDeadline: new Date(Date.now() + 50 * day).toISOString(),
  capacity,
  status: "published",
  ...extra,
});
const people = (n: number, tag: string, roles: string[] = []) =>
  Array.from({ length: n }, (_, i) => ({
    name: `${tag} ${i + 1}`,
    email: `${tag.toLowerCase()}${i + 1}@example.no`,
    ...(roles[i] && { role: roles[i] }),
  }));

describe("the waiting list, the fair reduction and discussion groups", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let organiser: Org;
  const orgs: Org[] = [];

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness("confwait", { MEILI_URL: "", SMTP_URL: catcher.url }, { workers: true });
    organiser = await h.organization("organiser");
    for (let i = 0; i < 6; i++) orgs.push(await h.organization(i % 2 ? "supplier" : "buyer"));
  });
  after(async () => {
    await h.close();
    await catcher.stop();
  });

  const create = async (body: object) => {
    const res = await h.http
      .post("/api/v1/conferences")
      .set(...bearer(organiser.token))
      .send(body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const registerAs = async (id: string, org: Org, participants: object[]) => {
    const res = await h.http
      .post(`/api/v1/conferences/${id}/registrations`)
      .set(...bearer(org.token))
      .send({ participants });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as Body;
  };
  const registrations = async (id: string) => {
    const res = await h.http.get(`/api/v1/conferences/${id}/registrations`).set(...bearer(organiser.token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return new Map((res.body.items as Body[]).map((r) => [r.orgId as string, r]));
  };

  it("when a registered delegation cancels, then the first waitlisted delegation that fits is promoted, with time, reason and an e-mail", async () => {
    const id = await create(conference(5));
    const [a, b, c, d] = orgs as [Org, Org, Org, Org];
    assert.equal((await registerAs(id, a, people(3, "Alfa"))).status, "registered");
    assert.equal((await registerAs(id, b, people(2, "Bravo"))).status, "registered");
    const waitingC = await registerAs(id, c, people(3, "Charlie"));
    assert.deepEqual([waitingC.status, waitingC.waitlistNumber, waitingC.waitlistPosition], ["waitlisted", 1, 1]);
    assert.match(waitingC.history[0].reason, /^Fullt: 3 plasser ønsket, 0 ledige\. Venteliste nr\. 1\.$/);
    const waitingD = await registerAs(id, d, people(1, "Delta"));
    assert.deepEqual([waitingD.status, waitingD.waitlistNumber], ["waitlisted", 2]);

    const cancelled = await h.http.delete(`/api/v1/conferences/${id}/registrations`).set(...bearer(b.token));
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, "cancelled");
    assert.equal(cancelled.body.history.at(-1).reason, `Avmeldt av ${b.name}.`);
    let regs = await registrations(id);
    assert.equal(regs.get(c.id)!.status, "waitlisted", "Charlie's 3 do not fit in 2 seats");
    assert.equal(regs.get(c.id)!.waitlistPosition, 1);
    const promoted = regs.get(d.id)!;
    assert.equal(promoted.status, "registered");
    assert.deepEqual(
      promoted.history.map((e: Body) => e.event),
      ["waitlisted", "promoted"],
    );
    assert.equal(
      promoted.history[1].reason,
      `Plass ble ledig etter avmelding fra ${b.name}. Flyttet fra venteliste nr. 2 med 1 deltaker.`,
    );
    assert.ok(Date.parse(promoted.history[1].at) >= Date.parse(cancelled.body.history.at(-1).at) - 1000);
    const waitlistMail = await catcher.waitFor(
      (m) => m.to.includes("delta1@example.no") && m.subject.startsWith("Du står på venteliste"),
      10_000,
    );
    assert.equal(waitlistMail.subject, "Du står på venteliste til Dialogmøte om fremtidens skolemåltid");
    assert.match(waitlistMail.text, /står på ventelisten som nr\. 2 med 1 deltaker/);
    const mail = await catcher.waitFor(
      (m) => m.to.includes("delta1@example.no") && m.subject.startsWith("Du har fått plass"),
      10_000,
    );
    assert.match(mail.subject, /^Du har fått plass på Dialogmøte om fremtidens skolemåltid$/);
    assert.match(mail.text, /er flyttet fra ventelisten til de påmeldte/);

    const raised = await h.http
      .patch(`/api/v1/conferences/${id}`)
      .set(...bearer(organiser.token))
      .send({ capacity: 7 });
    assert.equal(raised.status, 200, JSON.stringify(raised.body));
    regs = await registrations(id);
    assert.equal(regs.get(c.id)!.status, "registered");
    assert.match(regs.get(c.id)!.history.at(-1).reason, /^Plass ble ledig da kapasiteten ble økt til 7\./);
    assert.deepEqual(
      [raised.body.registeredParticipants, raised.body.seatsLeft, raised.body.waitlistedRegistrations],
      [7, 0, 0],
    );
    const again = await registerAs(id, b, people(1, "Bravo"));
    assert.equal(again.id, `${id}-${b.id}-r2`, "registering anew after cancelling is a new registration");
    assert.equal(again.status, "waitlisted");
  });

  it("when registrations exceed capacity, then the dry run plans the cuts round by round, the apply performs exactly that plan and tells each person cut", async () => {
    const id = await create(conference(10));
    const [a, b, c, d, e] = orgs as [Org, Org, Org, Org, Org];
    await registerAs(id, a, people(5, "Anna"));
    await registerAs(id, b, people(4, "Berit"));
    await registerAs(id, c, people(1, "Cato"));
    assert.equal((await registerAs(id, d, people(3, "Dina"))).status, "waitlisted");
    assert.equal((await registerAs(id, e, people(2, "Erik"))).status, "waitlisted");

    const reduce = (body: object, token = organiser.token) =>
      h.http
        .post(`/api/v1/conferences/${id}/reduce`)
        .set(...bearer(token))
        .send(body);
    const dry = await reduce({});
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.equal(dry.body.applied, false);
    assert.deepEqual(
      dry.body.cuts.map((c: Body) => [c.round, c.participantName]),
      [
        [1, "Anna 5"],
        [2, "Berit 4"],
        [2, "Anna 4"],
        [3, "Dina 3"],
        [3, "Berit 3"],
      ],
    );
    assert.deepEqual((await reduce({ apply: false })).body, dry.body, "the same state gives the same plan");
    assert.equal((await registrations(id)).get(a.id)!.participants.length, 5, "a dry run changes nothing");
    assert.equal((await reduce({}, orgs[5]!.token)).status, 403);
    assert.equal((await reduce({ apply: true, planId: "0000000000000000" })).status, 409);

    const applied = await reduce({ apply: true, planId: dry.body.planId });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    assert.deepEqual({ ...applied.body, applied: false }, dry.body);
    const regs = await registrations(id);
    const sizes = [a, b, c, d, e].map((o) => [regs.get(o.id)!.status, regs.get(o.id)!.participants.length]);
    assert.deepEqual(sizes, [
      ["registered", 3],
      ["registered", 2],
      ["registered", 1],
      ["registered", 2],
      ["registered", 2],
    ]);
    const anna = regs.get(a.id)!;
    assert.deepEqual(
      anna.removedParticipants.map((p: Body) => [p.name, p.round]),
      [
        ["Anna 4", 2],
        ["Anna 5", 1],
      ],
    );
    assert.equal(anna.history.at(-1).event, "reduced");
    for (const cut of dry.body.cuts as Body[]) {
      const email = `${String(cut.participantName).toLowerCase().replace(" ", "")}@example.no`;
      const mail = await catcher.waitFor(
        (m) => m.to.includes(email) && m.subject.startsWith("Endring i påmeldingen"),
        10_000,
      );
      assert.match(mail.text, /redusert antall deltakere per organisasjon/);
      assert.ok(mail.text.includes(`Begrunnelse: ${cut.reason}`), mail.text);
    }
    // Sent by the notification worker: the ledger says so a moment after the mail arrived.
    const notices = await eventually(
      () => h.http.get(`/api/v1/conferences/${id}/notices`).set(...bearer(organiser.token)),
      (res) => {
        const sent = (kind: string) =>
          (res.body.items as Body[]).filter((n) => n.kind === kind && n.state === "sent").length;
        return sent("cut") >= 5 && sent("promoted") >= 4;
      },
    );
    const kinds = (notices.body.items as Body[]).map((n) => [n.kind, n.state]);
    assert.equal(kinds.filter(([k, s]) => k === "cut" && s === "sent").length, 5);
    assert.equal(kinds.filter(([k, s]) => k === "promoted" && s === "sent").length, 4, "Dina's 2 and Erik's 2");
    assert.ok(!catcher.messages().some((m) => m.to.includes("dina3@example.no") && m.subject.startsWith("Du har")));
  });

  it("when the organiser names groups and assigns with a seed, then each group mixes organisations and roles, sizes within one, and prints escaped", async () => {
    const id = await create(conference(40));
    const roles = ["innkjøper", "fagperson", "leder", "innkjøper"];
    const names = ["Anne", "Bjarne", "Cecilie", "Dag", "Eva", "Frode"];
    for (const [i, org] of orgs.entries()) await registerAs(id, org, people(3 + (i % 2), names[i]!, roles));
    await registerAs(id, (await h.organization("buyer")) as Org, [
      { name: "Ola <script>alert(1)</script>", email: "ola@example.no", role: "leder & sjef" },
    ]);
    const put = await h.http
      .put(`/api/v1/conferences/${id}/groups`)
      .set(...bearer(organiser.token))
      .send({
        groups: [
          { name: "Gruppe A", topic: "Kjøkken og mottak" },
          { name: "Gruppe B", topic: "Leverandørmarkedet" },
          { name: "Gruppe C", topic: "Kontrakt & oppfølging" },
          { name: "Gruppe D" },
        ],
      });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.assignment, undefined);
    const assign = (seed: number) =>
      h.http
        .post(`/api/v1/conferences/${id}/groups/assign`)
        .set(...bearer(organiser.token))
        .send({ seed });
    const first = await assign(7);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const groups = first.body.assignment.groups as { members: Body[] }[];
    const sizes = groups.map((g) => g.members.length);
    assert.equal(
      sizes.reduce((x, y) => x + y, 0),
      22,
    );
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
    for (const g of groups) {
      const orgIds = g.members.map((m) => m.orgId);
      assert.equal(new Set(orgIds).size, orgIds.length, "no two of one organisation in a group");
      const roleCounts = new Map<string, number>();
      for (const m of g.members) if (m.role) roleCounts.set(m.role, (roleCounts.get(m.role) ?? 0) + 1);
      assert.ok(roleCounts.size >= 2, `roles mixed: ${JSON.stringify([...roleCounts])}`);
    }
    assert.equal(first.body.assignment.sameOrganisationPairs, 0);
    const second = await assign(7);
    assert.deepEqual(second.body.assignment.groups, first.body.assignment.groups, "same seed, same groups");
    const other = await assign(8);
    assert.notDeepEqual(other.body.assignment.groups, first.body.assignment.groups);
    await assign(7);

    const html = await h.http.get(`/api/v1/conferences/${id}/groups.html`).set(...bearer(organiser.token));
    assert.equal(html.status, 200);
    assert.match(html.headers["content-type"] ?? "", /^text\/html/);
    assert.match(html.headers["content-security-policy"] ?? "", /style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.ok(!html.text.includes("<script>alert(1)</script>"));
    assert.ok(html.text.includes("Ola &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(html.text.includes("leder &amp; sjef") && html.text.includes("Kontrakt &amp; oppfølging"));
    assert.equal(html.text.match(/<section>/g)?.length, 4);
    for (const g of groups) for (const m of g.members) assert.ok(html.text.includes(m.orgName));
    assert.equal(
      (await h.http.get(`/api/v1/conferences/${id}/groups.html`).set(...bearer(orgs[1]!.token))).status,
      200,
      "a registered organisation prints it too",
    );
    const outsider = await h.organization("supplier");
    assert.equal(
      (await h.http.get(`/api/v1/conferences/${id}/groups.html`).set(...bearer(outsider.token))).status,
      403,
    );
    assert.equal((await h.http.get(`/api/v1/conferences/${id}/groups.html`)).status, 401);
    const byParticipant = await h.http
      .post(`/api/v1/conferences/${id}/groups/assign`)
      .set(...bearer(orgs[0]!.token))
      .send({ seed: 1 });
    assert.equal(byParticipant.status, 403);
    const admin = await h.http
      .post(`/api/v1/conferences/${id}/groups/assign`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ seed: -1 });
    assert.equal(admin.status, 400);
  });
});
