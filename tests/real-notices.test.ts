import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, bearer, type Harness } from "./helpers/harness";

/**
 * Needs shaped like real Doffin prior information notices: long titles and descriptions, several 8-digit
 * CPV codes without check digit, missing values and dates. They must be accepted as they are.
 */
const notices = [
  {
    title:
      "Forhåndskunngjøring – Rammeavtale for drift og vedlikehold av fylkesveier i Vestfold og Telemark, driftskontrakt 3905 Larvik og 4001 Porsgrunn/Skien, inkludert vinterdrift, vegoppmerking og beredskap",
    challenge:
      "Fylkeskommunen skal sikre trygg fremkommelighet på 1 600 km fylkesvei hele året, med lavere utslipp fra maskinparken.",
    description: "Bakgrunn\n\nKontrakten omfatter ".concat(
      "sommer- og vinterdrift, grøfterensk, kantklipp, ".repeat(400),
    ),
    cpv: ["45233141", "90620000", "90630000", "45233221", "34992200"],
    counties: ["39", "40"],
    procedure: "restricted",
  },
  {
    title: "Markedsdialog: Ny videregående skole i Horten",
    challenge: "Vestfold fylkeskommune trenger en skole for 900 elever som kan bygges og driftes fossilfritt.",
    description: "",
    cpv: ["45214220", "71000000"],
    municipalities: ["3901"],
    procedure: "competitive_dialogue",
    estimatedValueNok: { max: 1_100_000_000 },
    timeline: { plannedNotice: "2027-11-15" },
    milestones: [
      { kind: "dialogue_conference", title: "Dialogkonferanse", date: "2027-02-10T12:00:00+01:00", location: "Horten" },
    ],
  },
];

describe("real notices are accepted as buyers copy them", () => {
  let h: Harness;
  let buyer: { token: string };
  before(async () => {
    h = await startHarness("notices");
    buyer = await h.organization("buyer", { municipality: "3905", buyerType: "fylkeskommune" });
  });
  after(async () => h.close());

  for (const notice of notices) {
    it(`accepts "${notice.title.slice(0, 60)}…"`, async () => {
      const res = await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .send({ ...notice, status: "published" });
      assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 500));
      assert.ok(
        res.body.cpv.every((c: string) => /^\d{8}-\d$/.test(c)),
        "stored with check digits",
      );
      assert.equal(res.body.cpv.length, notice.cpv.length);
    });
  }
});
