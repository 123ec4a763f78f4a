/**
 * The kind of each field problem (`code`, with the bound or the options it broke) beside the API's English
 * reason, through HTTP against the real services, so a client can word it in its own language; nothing is
 * stored. The reasons themselves stay as they were.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Need } from "@markedsdialog/core";
import { bearer, needBody, startHarness, type Harness } from "./helpers/harness";

type Issue = { path: string; message: string; code?: string; minimum?: number; maximum?: number; values?: string[] };

describe("field issue codes", () => {
  let h: Harness;
  let token: string;
  before(async () => {
    h = await startHarness("field_issue_codes");
    ({ token } = await h.organization("buyer"));
  });
  after(async () => h.close());

  it("when a need has the common kinds of bad field, then each is answered with its path, code and bound, and nothing is stored", async () => {
    const { title: _title, ...withoutTitle } = needBody();
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(token))
      .send({
        ...withoutTitle,
        challenge: "x".repeat(20_001),
        cpv: ["90620000-9", "12345678-0"],
        municipalities: ["9999"],
        counties: ["99"],
        procedure: "lottery",
        estimatedValueNok: { min: "mange", max: 10 },
        timeline: { dialogueOpens: "31.02.2027", durationMonths: 0 },
        colour: "blå",
      });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    const issues = new Map((res.body.errors as Issue[]).map((e) => [e.path, e]));
    const kind = (path: string) => {
      const { message: _m, path: _p, ...rest } = issues.get(path) ?? { path, message: "" };
      return rest;
    };
    assert.deepEqual(kind("body.title"), { code: "required" });
    assert.equal(kind("body.challenge").code, "too_long");
    assert.equal(kind("body.challenge").maximum, 20_000);
    assert.deepEqual(kind("body.cpv.1"), { code: "unknown_cpv" });
    assert.deepEqual(kind("body.municipalities.0"), { code: "unknown_municipality" });
    assert.deepEqual(kind("body.counties.0"), { code: "unknown_county" });
    assert.equal(kind("body.procedure").code, "invalid_option");
    assert.ok(kind("body.procedure").values?.includes("competitive_negotiation"));
    assert.deepEqual(kind("body.estimatedValueNok.min"), { code: "not_a_number" });
    assert.deepEqual(kind("body.timeline.dialogueOpens"), { code: "invalid_date" });
    assert.deepEqual(kind("body.timeline.durationMonths"), { code: "too_small", minimum: 1 });
    assert.deepEqual(kind("body.colour"), { code: "unknown_field" });
    // The English reasons are as before.
    assert.match(issues.get("body.colour")?.message ?? "", /is not a known field/);
    assert.equal(await Need.countDocuments({}), 0);
  });
});
