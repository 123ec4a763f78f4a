/**
 * Conferences through HTTP against FerretDB: organising, publishing, Europe/Oslo times, who may see and
 * change what, audiences (the county meeting, the Sør-Vest learning network), and bad input refused
 * with nothing stored.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Conference, ConferenceMessage, Registration, Seat } from "@markedsdialog/core";
import { ADMIN_TOKEN, bearer, needBody, startHarness, type Harness } from "./helpers/harness";

type Org = { id: string; token: string; name: string };
type Res = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

const countyMeeting = (extra: Record<string, unknown> = {}) => ({
  title: "Fylkessamling om innovative anskaffelser",
  description: "Erfaringsdeling og verksteder for fylkeskommunenes innkjøpere.",
  venue: "Gardermoen",
  address: "Hotellvegen 1, 2060 Gardermoen",
  location: { lat: 60.1939, lon: 11.1004 },
  startsAt: "2027-03-10T09:00:00+01:00",
  endsAt: "2027-03-10T16:00:00+01:00",
  registrationDeadline: "2027-03-01T12:00:00+01:00",
  capacity: 40,
  perOrgQuota: 4,
  audience: {
    kinds: ["buyer"],
    buyerTypes: ["fylkeskommune"],
    description: "Forbeholdt ansatte i fylkeskommunene",
  },
  programme: [
    { startsAt: "2027-03-10T09:00:00+01:00", title: "Velkommen", speaker: "LUP" },
    { startsAt: "2027-03-10T10:00:00+01:00", endsAt: "2027-03-10T12:00:00+01:00", title: "Verksteder" },
  ],
  meetings: {
    start: "2027-03-10T13:00:00+01:00",
    end: "2027-03-10T15:00:00+01:00",
    slotMinutes: 20,
    breakMinutes: 5,
    tables: ["Bord 1", "Bord 2"],
  },
  status: "published",
  ...extra,
});

/** The Sør-Vest learning network: four sessions through spring and autumn 2027, one registration. */
const learningNetwork = (extra: Record<string, unknown> = {}) => ({
  title: "Læringsnettverk Sør-Vest",
  venue: "Stavanger",
  startsAt: "2027-02-04T10:00:00+01:00",
  endsAt: "2027-10-14T15:00:00+02:00",
  registrationDeadline: "2027-01-20T23:59:00+01:00",
  capacity: 60,
  audience: { kinds: ["buyer"], buyerTypes: ["kommune", "statlig_virksomhet"], counties: ["46", "11", "42"] },
  sessions: [
    { title: "Samling 1", startsAt: "2027-02-04T10:00:00+01:00", endsAt: "2027-02-04T15:00:00+01:00" },
    { title: "Samling 2", startsAt: "2027-04-15T10:00:00+02:00", endsAt: "2027-04-15T15:00:00+02:00", venue: "Bergen" },
    { title: "Samling 3", startsAt: "2027-06-10T09:00:00+02:00", endsAt: "2027-06-10T15:00:00+02:00" },
    {
      title: "Samling 4",
      startsAt: "2027-10-14T10:00:00+02:00",
      endsAt: "2027-10-14T15:00:00+02:00",
      venue: "Kristiansand",
    },
  ],
  status: "published",
  ...extra,
});

const people = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ name: `Person ${i + 1} ${tag}`, email: `p${i + 1}.${tag}@example.no` }));

function assertProblem(res: Res, status: number, path?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers["content-type"] ?? "", /^application\/problem\+json/);
  if (path) {
    const errors = (res.body["errors"] ?? []) as { path: string }[];
    assert.ok(
      errors.some((e) => e.path === path),
      `expected an error at ${path}: ${JSON.stringify(res.body)}`,
    );
  }
}

describe("conferences: organising, reading and registering", () => {
  let h: Harness;
  let county: Org; // Viken's successor: a county municipality, the organiser
  let otherCounty: Org;
  let kommune: Org;
  let bergen: Org;
  let supplier: Org;
  let otherSupplier: Org;
  let organiser: Org;
  let meetingId = "";
  let networkId = "";
  let closedId = "";

  before(async () => {
    h = await startHarness("conferences", { MEILI_URL: "" });
    county = await h.organization("buyer", { buyerType: "fylkeskommune", municipality: "3205" });
    otherCounty = await h.organization("buyer", { buyerType: "fylkeskommune", municipality: "4601" });
    kommune = await h.organization("buyer");
    bergen = await h.organization("buyer", { municipality: "4601" });
    supplier = await h.organization("supplier");
    otherSupplier = await h.organization("supplier");
    organiser = await h.organization("organiser");
    const closed = await h.http
      .post("/api/v1/conferences")
      .set(...bearer(organiser.token))
      .send(countyMeeting({ title: "Påmeldingen er stengt", registrationDeadline: "2026-11-02T11:00:00Z" }));
    closedId = closed.body.id;
  });
  after(async () => h.close());

  const post = (path: string, token: string | undefined, body: object) => {
    const req = h.http.post(`/api/v1${path}`);
    return (token ? req.set(...bearer(token)) : req).send(body) as unknown as Promise<Res>;
  };
  const get = (path: string, token?: string) => {
    const req = h.http.get(`/api/v1${path}`);
    return (token ? req.set(...bearer(token)) : req) as unknown as Promise<Res>;
  };
  const patch = (path: string, token: string, body: object) =>
    h.http
      .patch(`/api/v1${path}`)
      .set(...bearer(token))
      .send(body) as unknown as Promise<Res>;

  it("when a county municipality creates the county meeting, then it is stored as instants and shown in Oslo time", async () => {
    const res = await post("/conferences", county.token, countyMeeting());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    meetingId = String(res.body["id"]);
    assert.equal(res.body["startsAt"], "2027-03-10T09:00:00+01:00");
    assert.equal(res.body["organizerId"], county.id);
    assert.deepEqual(res.body["meetings"], countyMeeting().meetings);
    assert.deepEqual([res.body["registeredParticipants"], res.body["seatsLeft"]], [0, 40]);
    const stored = await Conference.findById(meetingId).lean();
    assert.equal(stored!.startsAt.toISOString(), "2027-03-10T08:00:00.000Z");

    const network = await post("/conferences", organiser.token, learningNetwork({ startsAt: "2027-02-04T09:00:00Z" }));
    assert.equal(network.status, 201, JSON.stringify(network.body));
    networkId = String(network.body["id"]);
    assert.equal(network.body["startsAt"], "2027-02-04T10:00:00+01:00", "a UTC time is shown in Oslo time");
    const sessions = network.body["sessions"] as { startsAt: string; venue?: string }[];
    assert.deepEqual(
      sessions.map((s) => s.startsAt),
      [
        "2027-02-04T10:00:00+01:00",
        "2027-04-15T10:00:00+02:00",
        "2027-06-10T09:00:00+02:00",
        "2027-10-14T10:00:00+02:00",
      ],
      "summer time sessions have +02:00",
    );
  });

  it("a draft is its organisers' alone; once published anyone reads it, without participants", async () => {
    const draft = await post("/conferences", kommune.token, countyMeeting({ status: "draft", audience: undefined }));
    const draftId = String(draft.body["id"]);
    assert.equal((await get(`/conferences/${draftId}`)).status, 404);
    assert.equal((await get(`/conferences/${draftId}`, supplier.token)).status, 404);
    assert.equal((await get(`/conferences/${draftId}`, kommune.token)).status, 200);
    assert.equal((await get(`/conferences/${draftId}`, ADMIN_TOKEN)).status, 200);
    const listed = (token?: string) =>
      get("/conferences", token).then((r) => (r.body["items"] as { id: string }[]).map((c) => c.id));
    assert.ok(!(await listed()).includes(draftId) && (await listed()).includes(meetingId));
    assert.ok((await listed(kommune.token)).includes(draftId));
    assertProblem(
      await post(`/conferences/${draftId}/registrations`, supplier.token, { participants: people(1, "x") }),
      404,
    );
    const published = await patch(`/conferences/${draftId}`, kommune.token, { status: "published" });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const anonymous = await get(`/conferences/${draftId}`);
    assert.equal(anonymous.status, 200);
    assert.ok(!JSON.stringify(anonymous.body).includes("@example.no"));
    assertProblem(await get(`/conferences/${draftId}/registrations`), 401);
    assertProblem(await patch(`/conferences/${draftId}`, kommune.token, { status: "draft" }), 400, "body.status");
  });

  it("another buyer, a supplier and anonymous cannot change a conference; a co-organiser can, but not name co-organisers", async () => {
    assertProblem(await patch(`/conferences/${meetingId}`, kommune.token, { title: "Kapret konferanse" }), 403);
    assertProblem(await patch(`/conferences/${meetingId}`, supplier.token, { capacity: 400 }), 403);
    const anon = (await h.http.patch(`/api/v1/conferences/${meetingId}`).send({ capacity: 400 })) as unknown as Res;
    assertProblem(anon, 401);
    assertProblem(await post("/conferences", supplier.token, countyMeeting()), 403);
    assertProblem(await post("/conferences", undefined, countyMeeting()), 401);
    assertProblem(await post("/conferences", county.token, countyMeeting({ organizerId: kommune.id })), 403);

    const named = await patch(`/conferences/${meetingId}`, county.token, { coOrganizerIds: [otherCounty.id] });
    assert.deepEqual(named.body["coOrganizerIds"], [otherCounty.id]);
    const changed = await patch(`/conferences/${meetingId}`, otherCounty.token, { venue: "Gardermoen, Clarion" });
    assert.equal(changed.status, 200);
    assert.equal(changed.body["version"], 3);
    assertProblem(await patch(`/conferences/${meetingId}`, otherCounty.token, { coOrganizerIds: [] }), 403);
    const stored = await Conference.findById(meetingId).lean();
    assert.equal(stored!.title, "Fylkessamling om innovative anskaffelser");
  });

  it("the county meeting is reserved for county municipality staff; the learning network for municipal and state bodies in Vestland, Rogaland and Agder", async () => {
    const meeting = `/conferences/${meetingId}/registrations`;
    assertProblem(await post(meeting, kommune.token, { participants: people(1, "k") }), 403);
    assertProblem(await post(meeting, supplier.token, { participants: people(1, "s") }), 403);
    const ok = await post(meeting, county.token, { participants: people(2, "c") });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body["status"], "registered");

    const network = `/conferences/${networkId}/registrations`;
    const refused = await post(network, kommune.token, { participants: people(1, "n") });
    assertProblem(refused, 403);
    assert.match(String(refused.body["detail"]), /open to organisations in 46 Vestland, 11 Rogaland, 42 Agder/);
    assertProblem(await post(network, otherCounty.token, { participants: people(1, "oc") }), 403);
    const inBergen = await post(network, bergen.token, { participants: people(3, "b") });
    assert.equal(inBergen.status, 201, JSON.stringify(inBergen.body));
    const admin = await post(network, ADMIN_TOKEN, { orgId: kommune.id, participants: people(1, "a") });
    assertProblem(admin, 403);
  });

  it("a supplier sees who is registered but not another organisation's e-mail addresses; organisers see them", async () => {
    const open = await post(
      "/conferences",
      organiser.token,
      learningNetwork({ audience: undefined, title: "Åpen dialogdag" }),
    );
    const path = `/conferences/${open.body["id"]}/registrations`;
    assert.equal((await post(path, supplier.token, { participants: people(2, "sup") })).status, 201);
    assert.equal((await post(path, kommune.token, { participants: people(1, "kom") })).status, 201);
    const seen = await get(path, otherSupplier.token);
    assert.equal(seen.status, 200);
    assert.equal(seen.body["total"], 2);
    assert.ok(!JSON.stringify(seen.body).includes("@example.no"), "no e-mail address of another organisation");
    assert.ok(!JSON.stringify(seen.body).includes("history"));
    const own = await get(path, supplier.token);
    const items = own.body["items"] as { orgId: string; participants: { email?: string }[] }[];
    assert.ok(items.find((i) => i.orgId === supplier.id)!.participants.every((p) => p.email));
    assert.ok(items.find((i) => i.orgId === kommune.id)!.participants.every((p) => p.email === undefined));
    const organisers = await get(path, organiser.token);
    assert.equal(JSON.stringify(organisers.body).match(/@example\.no/g)?.length, 3);
    assertProblem(await get(`/conferences/${open.body["id"]}/notices`, supplier.token), 403);
  });

  describe("bad input gets a 4xx problem with its path and stores nothing", () => {
    let counts: number[] = [];
    const count = async () => [
      await Conference.countDocuments(),
      await Registration.countDocuments(),
      await Seat.countDocuments(),
      await ConferenceMessage.countDocuments(),
    ];
    before(async () => {
      counts = await count();
    });
    after(async () => assert.deepEqual(await count(), counts, "no bad request stored anything"));

    it("conferences: times out of order or without offset, numbers that do not fit, unknown references and fields", async () => {
      const draftNeed = await h.http
        .post("/api/v1/needs")
        .set(...bearer(county.token))
        .send(needBody());
      const cases: [Record<string, unknown>, string, string?][] = [
        [{ endsAt: "2027-03-10T08:00:00+01:00" }, "body.endsAt"],
        [{ registrationDeadline: "2027-03-11T09:00:00+01:00" }, "body.registrationDeadline"],
        [{ startsAt: "2027-03-10T09:00:00" }, "body.startsAt"],
        [{ startsAt: "2027-03-10" }, "body.startsAt"],
        [{ perOrgQuota: 41 }, "body.perOrgQuota"],
        [{ capacity: 0 }, "body.capacity"],
        [{ meetings: { ...countyMeeting().meetings, end: "2027-03-10T18:00:00+01:00" } }, "body.meetings"],
        [{ meetings: { ...countyMeeting().meetings, tables: ["Bord 1", "bord 1"] } }, "body.meetings.tables.1"],
        [{ meetings: { ...countyMeeting().meetings, slotMinutes: 2 } }, "body.meetings.slotMinutes"],
        [
          {
            sessions: [
              { title: "Før start", startsAt: "2027-03-09T09:00:00+01:00", endsAt: "2027-03-09T10:00:00+01:00" },
            ],
          },
          "body.sessions.0",
        ],
        [{ programme: [{ startsAt: "2027-03-11T09:00:00+01:00", title: "Etterpå" }] }, "body.programme.0"],
        [{ needIds: ["0123456789abcdef01234567"] }, "body.needIds.0"],
        [{ needIds: [draftNeed.body.id] }, "body.needIds.0"],
        [{ audience: { kinds: ["supplier"], buyerTypes: ["kommune"] } }, "body.audience.buyerTypes"],
        [{ audience: { counties: ["30"] } }, "body.audience.counties.0"],
        [{ audience: {} }, "body.audience"],
        [{ coOrganizerIds: [supplier.id] }, "body.coOrganizerIds.0"],
        [{ coOrganizerIds: [county.id] }, "body.coOrganizerIds.0"],
        [{ title: "Kurs\u202e" }, "body.title"],
        [{ sessionz: [] }, "body.sessionz"],
      ];
      for (const [change, path] of cases)
        assertProblem(await post("/conferences", county.token, countyMeeting(change)), 400, path);
      assertProblem(await post("/conferences", ADMIN_TOKEN, countyMeeting()), 400, "body.organizerId");
      assertProblem(await patch(`/conferences/${meetingId}`, county.token, { capacity: 39 }), 400, "body.capacity");
      assertProblem(
        await patch(`/conferences/${meetingId}`, county.token, { endsAt: "2027-03-09T09:00:00+01:00" }),
        400,
        "body.endsAt",
      );
      assertProblem(await patch(`/conferences/${meetingId}`, county.token, {}), 400);
      assertProblem(await get("/conferences/not-an-id"), 404);
    });

    it("registrations: after the deadline, beyond the quota, outside the audience, a request to oneself, twice, malformed", async () => {
      const path = `/conferences/${meetingId}/registrations`;
      assertProblem(await post(path, otherCounty.token, { participants: people(5, "q") }), 400, "body.participants");
      assertProblem(
        await post(path, otherCounty.token, {
          participants: people(1, "m"),
          meetingRequests: [{ orgId: otherCounty.id }],
        }),
        400,
        "body.meetingRequests.0.orgId",
      );
      assertProblem(
        await post(path, otherCounty.token, {
          participants: people(1, "u"),
          meetingRequests: [{ orgId: "0123456789abcdef01234567" }],
        }),
        400,
        "body.meetingRequests.0.orgId",
      );
      const twice = [people(1, "d")[0]!, { ...people(1, "d")[0]!, name: "Same Mail" }];
      assertProblem(await post(path, otherCounty.token, { participants: twice }), 400, "body.participants.1.email");
      assertProblem(
        await post(path, otherCounty.token, {
          participants: people(1, "w"),
          availability: [{ start: "2027-03-11T09:00:00+01:00", end: "2027-03-11T10:00:00+01:00" }],
        }),
        400,
        "body.availability.0",
      );
      assertProblem(
        await post(path, otherCounty.token, { participants: [{ name: "Uten e-post" }] }),
        400,
        "body.participants.0.email",
      );
      assertProblem(await post(path, otherCounty.token, { participants: [] }), 400, "body.participants");
      assertProblem(await post(path, otherCounty.token, { orgId: county.id, participants: people(1, "o") }), 403);
      assertProblem(await post(path, kommune.token, { participants: people(1, "k") }), 403);
      assertProblem(await post(path, county.token, { participants: people(1, "again") }), 409);
      assertProblem(await post(path, ADMIN_TOKEN, { participants: people(1, "adm") }), 400, "body.orgId");

      const late = await post(`/conferences/${closedId}/registrations`, otherCounty.token, {
        participants: people(1, "l"),
      });
      assertProblem(late, 409);
      assert.equal(late.body["detail"], "Registration closed at 2026-11-02T12:00:00+01:00");
      assertProblem(
        (await h.http
          .delete(`/api/v1/conferences/${meetingId}/registrations?orgId=${county.id}`)
          .set(...bearer(kommune.token))) as unknown as Res,
        403,
      );
      assertProblem(
        (await h.http
          .delete(`/api/v1/conferences/${meetingId}/registrations`)
          .set(...bearer(kommune.token))) as unknown as Res,
        404,
      );
    });
  });
});
