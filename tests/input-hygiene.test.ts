import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { BuyerGroup, Need, Organization, SupplierProfile } from "@markedsdialog/core";
import {
  startHarness,
  needBody,
  bearer,
  ADMIN_TOKEN,
  eventually,
  freshOrgNumber,
  type Harness,
} from "./helpers/harness";

type Problem = {
  status: number;
  headers: Record<string, string>;
  body: { errors?: { path: string; message: string }[] };
};

/** A 400 problem+json with an error at each path, and the message at the first path. */
function assertRefused(res: Problem, paths: string[], message?: RegExp) {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.match(res.headers["content-type"] ?? "", /^application\/problem\+json/);
  for (const path of paths)
    assert.ok(
      res.body.errors?.some((e) => e.path === path),
      `expected an error at ${path}: ${JSON.stringify(res.body.errors)}`,
    );
  if (message) assert.match(res.body.errors?.find((e) => e.path === paths[0])?.message ?? "", message);
}

const admin: [string, string] = ["Authorization", `Bearer ${ADMIN_TOKEN}`];
const org = (extra: Record<string, unknown>) => ({
  kind: "supplier",
  name: "Follo Maskinutleie AS",
  orgNumber: freshOrgNumber(),
  municipality: "3207",
  ...extra,
});
const profile = (extra: Record<string, unknown> = {}) => ({
  name: "Follo Maskin AS",
  description: "Entreprenør med egne maskiner.",
  capabilities: "Brøyting og strøing av kommunale veier.",
  cpv: ["90620000"],
  municipality: "3207",
  serviceArea: {},
  ...extra,
});

describe("input hygiene: what is stored is what was meant, and nothing else", () => {
  let h: Harness;
  let buyer: { id: string; token: string };
  let supplier: { id: string; token: string };
  const counts = async () => [
    await Need.countDocuments(),
    await Organization.countDocuments(),
    await SupplierProfile.countDocuments(),
    await BuyerGroup.countDocuments(),
  ];
  const postNeed = (body: object) =>
    h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(body);
  const refusedStoresNothing = async (send: () => Promise<Problem>, paths: string[], message?: RegExp) => {
    const before = await counts();
    assertRefused(await send(), paths, message);
    assert.deepEqual(await counts(), before, "a refused request stored nothing");
  };

  before(async () => {
    h = await startHarness("hygiene", {}, { workers: true });
    buyer = await h.organization("buyer");
    supplier = await h.organization("supplier");
  });
  after(async () => h.close());

  it("when an organisation number is nine equal digits, then it is refused although its check digit works", async () => {
    for (const orgNumber of ["000000000", "111111111", "999 999 999"]) {
      await refusedStoresNothing(
        () =>
          h.http
            .post("/api/v1/organizations")
            .set(...admin)
            .send(org({ orgNumber })),
        ["body.orgNumber"],
        /placeholder/,
      );
    }
  });

  it("when a supplier or an organiser is given a buyerType, then it is refused", async () => {
    for (const kind of ["supplier", "organiser"]) {
      await refusedStoresNothing(
        () =>
          h.http
            .post("/api/v1/organizations")
            .set(...admin)
            .send(org({ kind, buyerType: "kommune" })),
        ["body.buyerType"],
      );
    }
  });

  it("when a plan or milestone date lies outside 2000–2100, then it is refused at its field", async () => {
    await refusedStoresNothing(
      () =>
        postNeed(
          needBody({
            timeline: { plannedNotice: "1999-12-31", contractStart: "2101-01-01" },
            milestones: [{ kind: "other", date: "2150-02-04T09:00:00+01:00" }],
          }),
        ),
      ["body.timeline.plannedNotice", "body.timeline.contractStart", "body.milestones.0.date"],
      /2000 to 2100/,
    );
  });

  it("when the timeline is out of order, then the later field is refused", async () => {
    await refusedStoresNothing(
      () => postNeed(needBody({ timeline: { dialogueOpens: "2027-06-01", plannedNotice: "2027-04-01" } })),
      ["body.timeline.plannedNotice"],
      /dialogueOpens/,
    );
    await refusedStoresNothing(
      () => postNeed(needBody({ timeline: { plannedNotice: "2027-04-01", contractStart: "2027-03-31" } })),
      ["body.timeline.contractStart"],
    );
    await refusedStoresNothing(
      () => postNeed(needBody({ timeline: { dialogueOpens: "2027-06-01", contractStart: "2027-01-01" } })),
      ["body.timeline.contractStart"],
    );
  });

  it("when a milestone ends before it starts, then its end is refused; a timed start may end that day", async () => {
    const conference = { kind: "dialogue_conference", date: "2027-02-04T09:00:00+01:00" };
    await refusedStoresNothing(
      () => postNeed(needBody({ milestones: [{ ...conference, endDate: "2027-02-04T08:00:00+01:00" }] })),
      ["body.milestones.0.endDate"],
    );
    await refusedStoresNothing(
      () => postNeed(needBody({ milestones: [{ ...conference, endDate: "2027-02-03" }] })),
      ["body.milestones.0.endDate"],
    );
    const sameDay = await postNeed(needBody({ milestones: [{ ...conference, endDate: "2027-02-04" }] }));
    assert.equal(sameDay.status, 201, JSON.stringify(sameDay.body));
  });

  it("when a date-only field carries a time or an offset, then it is refused; a date comes back as the same date everywhere", async () => {
    await refusedStoresNothing(
      () => postNeed(needBody({ timeline: { plannedNotice: "2027-03-01T23:30:00-01:00" } })),
      ["body.timeline.plannedNotice"],
      /YYYY-MM-DD.*without time or offset/,
    );
    const timeline = { dialogueOpens: "2027-01-01", plannedNotice: "2027-03-01", contractStart: "2027-12-31" };
    const created = await postNeed(needBody({ timeline, status: "published" }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.timeline, timeline);
    const owner = await h.http.get(`/api/v1/needs/${created.body.id}`).set(...bearer(buyer.token));
    assert.deepEqual(owner.body.timeline, created.body.timeline);
    const listed = await eventually(
      () => h.http.get("/api/v1/needs").query({ buyer: buyer.id, from: "2027-03-01", to: "2027-03-01" }),
      (res) => res.body.items?.some((n: { id: string }) => n.id === created.body.id),
    );
    const item = listed.body.items.find((n: { id: string }) => n.id === created.body.id);
    assert.deepEqual(item.timeline, timeline);
    const read = await eventually(
      () => h.http.get(`/api/v1/needs/${created.body.id}`),
      (res) => res.status === 200,
    );
    assert.deepEqual(read.body.timeline, created.body.timeline);
  });

  it("when a PATCH would put the stored timeline out of order, then the later field is refused and the need is unchanged", async () => {
    const created = await postNeed(needBody());
    const patch = (body: object) =>
      h.http
        .patch(`/api/v1/needs/${created.body.id}`)
        .set(...bearer(buyer.token))
        .send(body);
    assertRefused(await patch({ timeline: { dialogueOpens: "2027-05-01" } }), ["body.timeline.plannedNotice"]);
    assertRefused(await patch({ timeline: { contractStart: "2027-03-01" } }), ["body.timeline.contractStart"]);
    const read = await h.http.get(`/api/v1/needs/${created.body.id}`).set(...bearer(buyer.token));
    assert.equal(read.body.version, created.body.version);
    assert.deepEqual(read.body.timeline, created.body.timeline);
    const moved = await patch({ timeline: { plannedNotice: "2027-02-01" } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.timeline.plannedNotice, "2027-02-01");
  });

  it("when text arrives decomposed (NFD), then it is stored composed (NFC)", async () => {
    const nfd = "Kafe\u0301 og bru i A\u030As";
    const created = await postNeed(needBody({ title: nfd, challenge: `${nfd}: sikre veier` }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const read = await h.http.get(`/api/v1/needs/${created.body.id}`).set(...bearer(buyer.token));
    assert.equal(read.body.title, "Kafé og bru i Ås");
    assert.equal(read.body.challenge, "Kafé og bru i Ås: sikre veier");
    const stored = await Need.findById(created.body.id).lean();
    assert.equal(stored?.title, "Kafé og bru i Ås");
  });

  it("when text holds control characters, ANSI escapes or bidirectional overrides, then it is refused at its field in every module", async () => {
    const cases: [() => Promise<Problem>, string][] = [
      [() => postNeed(needBody({ title: "Brøyting\u0000" })), "body.title"],
      [() => postNeed(needBody({ description: "Rød \u001b[31mtekst\u001b[0m" })), "body.description"],
      [() => postNeed(needBody({ challenge: "Pris \u202e0001 kr" })), "body.challenge"],
      [() => postNeed(needBody({ contact: { name: "Kari\u2066", email: "kari@example.no" } })), "body.contact.name"],
      [
        () => postNeed(needBody({ milestones: [{ kind: "other", date: "2027-02-01", location: "Ski\u0085" }] })),
        "body.milestones.0.location",
      ],
      [
        () =>
          h.http
            .post("/api/v1/organizations")
            .set(...admin)
            .send(org({ name: "Firma\u0007 AS" })),
        "body.name",
      ],
      [
        () =>
          h.http
            .put(`/api/v1/suppliers/${supplier.id}/profile`)
            .set(...bearer(supplier.token))
            .send(profile({ capabilities: "Brøyting \u202dAS" })),
        "body.capabilities",
      ],
      [
        () =>
          h.http
            .post("/api/v1/buyer-groups")
            .set(...admin)
            .send({ name: "Follo", kind: "other", description: "\u001b[2J" }),
        "body.description",
      ],
      [() => postNeed(needBody({ title: "Brøyting \ud800 av veier" })), "body.title"],
    ];
    for (const [send, path] of cases) await refusedStoresNothing(send, [path]);
  });

  it("when a text is only invisible characters, then it is refused", async () => {
    await refusedStoresNothing(
      () =>
        h.http
          .post("/api/v1/organizations")
          .set(...admin)
          .send(org({ name: "\u200b\u200c\u200d\u2060\ufeff" })),
      ["body.name"],
      /no visible characters/,
    );
    await refusedStoresNothing(
      () => postNeed(needBody({ description: " \u200b\u00a0\u200b " })),
      ["body.description"],
      /no visible characters/,
    );
  });

  it("when a long text has line breaks and tabs, then they are kept; a one-line field refuses them", async () => {
    const description = "Bakgrunn\n\n\tKontrakten omfatter brøyting.\r\nOg strøing.";
    const created = await postNeed(needBody({ description }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.description, description);
    await refusedStoresNothing(() => postNeed(needBody({ title: "Brøyting\nav veier" })), ["body.title"], /one line/);
  });

  it("when a supplier types certifications as people write them, then they are stored as codes and shown with labels", async () => {
    const res = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send(
        profile({
          certifications: ["ISO 14001", "Miljøfyrtårn", "miljofyrtarn", "iso 9001:2015", "Svanemerket", "EMAS"],
        }),
      );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.certifications, [
      { code: "iso_14001", label: "ISO 14001 Miljøledelse" },
      { code: "miljofyrtarn", label: "Miljøfyrtårn" },
      { code: "iso_9001", label: "ISO 9001 Kvalitetsledelse" },
      { code: "svanemerket", label: "Svanemerket" },
      { code: "emas", label: "EMAS (EUs miljøstyringsordning)" },
    ]);
    const stored = await SupplierProfile.findById(supplier.id).lean();
    assert.deepEqual(stored?.certifications, ["iso_14001", "miljofyrtarn", "iso_9001", "svanemerket", "emas"]);
    const read = await h.http.get(`/api/v1/suppliers/${supplier.id}`).set(...bearer(buyer.token));
    assert.deepEqual(read.body.certifications, res.body.certifications);
    for (const typed of ["ISO 13485", "ISO 50001", "ISO 45001", "ISO/IEC 27001", "Godkjent lærebedrift", "StartBANK"]) {
      const one = await h.http
        .put(`/api/v1/suppliers/${supplier.id}/profile`)
        .set(...bearer(supplier.token))
        .send(profile({ certifications: [typed] }));
      assert.equal(one.status, 200, `${typed}: ${JSON.stringify(one.body)}`);
    }
  });

  it("when a certification is unknown, then it is refused at its place in the list", async () => {
    const before = await SupplierProfile.findById(supplier.id).lean();
    assertRefused(
      await h.http
        .put(`/api/v1/suppliers/${supplier.id}/profile`)
        .set(...bearer(supplier.token))
        .send(profile({ certifications: ["ISO 9001", "ISO 99999"] })),
      ["body.certifications.1"],
      /not a certification we know/,
    );
    assert.equal((await SupplierProfile.findById(supplier.id).lean())?.version, before?.version);
  });

  it("when an organisation gives a municipality number of an earlier structure, then its 2024 successor is stored with a note", async () => {
    const res = await h.http
      .post("/api/v1/organizations")
      .set(...admin)
      .send(org({ municipality: "0213" }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.municipality, "3207");
    assert.equal(res.body.county, "32");
    assert.equal(res.body.notes.length, 1);
    assert.equal(res.body.notes[0].path, "body.municipality");
    assert.match(res.body.notes[0].message, /0213 Ski.*3207 Nordre Follo/);
    const read = await h.http.get(`/api/v1/organizations/${res.body.id}`);
    assert.equal(read.body.municipality, "3207");
    assert.equal(read.body.notes, undefined, "notes belong to the write's answer");
  });

  it("when a need or a profile names former municipalities, then they are mapped along their chain and noted", async () => {
    const need = await postNeed(needBody({ municipalities: ["0124", "3020", "3207"] }));
    assert.equal(need.status, 201, JSON.stringify(need.body));
    assert.deepEqual(need.body.municipalities, ["3118", "3207"]);
    assert.deepEqual(
      need.body.notes.map((n: { path: string }) => n.path),
      ["body.municipalities.0", "body.municipalities.1"],
    );
    const patched = await h.http
      .patch(`/api/v1/needs/${need.body.id}`)
      .set(...bearer(buyer.token))
      .send({ municipalities: ["0217"] });
    assert.deepEqual(patched.body.municipalities, ["3207"]);
    assert.equal(patched.body.notes[0].path, "body.municipalities.0");
    const put = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send(profile({ municipality: "0213", serviceArea: { municipalities: ["0138"] } }));
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.municipality, "3207");
    assert.deepEqual(put.body.serviceArea.municipalities, ["3118"]);
    assert.deepEqual(
      put.body.notes.map((n: { path: string }) => n.path),
      ["body.municipality", "body.serviceArea.municipalities.0"],
    );
  });

  it("when a municipality number was split, then it is refused with the municipalities it became", async () => {
    await refusedStoresNothing(
      () =>
        h.http
          .post("/api/v1/organizations")
          .set(...admin)
          .send(org({ municipality: "1507" })),
      ["body.municipality"],
      /1508 Ålesund.*1580 Haram/,
    );
    await refusedStoresNothing(
      () => postNeed(needBody({ municipalities: ["3207", "1850"] })),
      ["body.municipalities.1"],
      /1806 Narvik.*1875 Hamarøy/,
    );
  });

  it("when a list or search filter names a former number, then it finds what its successor finds", async () => {
    const need = await postNeed(
      needBody({ title: "Kantklipp langs veier i Askim", municipalities: ["3118"], status: "published" }),
    );
    const listed = await eventually(
      () => h.http.get("/api/v1/needs").query({ municipality: "0124" }),
      (res) => res.body.items?.some((n: { id: string }) => n.id === need.body.id),
    );
    assert.equal(listed.status, 200);
    const found = await h.http.get("/api/v1/needs/search").query({ q: "kantklipp", municipality: "0124" });
    assert.deepEqual(
      found.body.hits.map((hit: { id: string }) => hit.id),
      [need.body.id],
    );
  });

  it("when a search query holds control characters, then it is refused", async () => {
    assertRefused(await h.http.get("/api/v1/needs/search").query({ q: "brøyting\u0000" }), ["query.q"]);
    assertRefused(await h.http.get("/api/v1/needs/search").query({ q: "\u202ebrøyting" }), ["query.q"]);
  });
});
