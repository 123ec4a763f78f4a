/**
 * Listing a conference's meeting requests through HTTP against the real services: each side sees its own
 * organisation's requests with their states, the organisers every one, other organisations none, a draft
 * conference is not found for outsiders, and bad queries are refused at their parameter.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { meetingConference, registerOrg, type Org } from "./helpers/conference-meetings";
import { ADMIN_TOKEN, bearer, startHarness, type Harness } from "./helpers/harness";

type Listed = { id: string; status: string; buyerOrgId: string; supplierOrgId: string };

describe("listing meeting requests", () => {
  let h: Harness;
  let organiser: Org;
  let buyer: Org;
  let supplier: Org;
  let supplier2: Org;
  let outsider: Org;
  let conferenceId: string;
  const ids: Record<string, string> = {};

  before(async () => {
    h = await startHarness("conference_meeting_list");
    organiser = await h.organization("organiser");
    [buyer, supplier, supplier2, outsider] = await Promise.all([
      h.organization("buyer"),
      h.organization("supplier"),
      h.organization("supplier"),
      h.organization("supplier"),
    ]);
    ({ id: conferenceId } = await meetingConference(h, organiser));
    for (const org of [buyer, supplier, supplier2, outsider]) await registerOrg(h, conferenceId, org);
    const ask = async (token: string, body: Record<string, unknown>) => {
      const res = await h.http
        .post(`/api/v1/conferences/${conferenceId}/meeting-requests`)
        .set(...bearer(token))
        .send(body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    ids["asked"] = await ask(supplier.token, { buyerOrgId: buyer.id, supplierOrgId: supplier.id, ranking: "must" });
    ids["invited"] = await ask(buyer.token, {
      buyerOrgId: buyer.id,
      supplierOrgId: supplier2.id,
      ranking: "would_like",
    });
    const declined = await h.http
      .post(`/api/v1/meeting-requests/${ids["invited"]}/decline`)
      .set(...bearer(supplier2.token));
    assert.equal(declined.status, 200, JSON.stringify(declined.body));
  });
  after(async () => h.close());

  const list = (token: string | undefined, query: string) => {
    const req = h.http.get(`/api/v1/meeting-requests?${query}`);
    return token ? req.set(...bearer(token)) : req;
  };
  const listed = (body: { items: Listed[] }) => body.items.map((r) => [r.id, r.status]);

  it("when each side lists the conference's requests, then it sees its own organisation's, newest first, with their states", async () => {
    const byBuyer = await list(buyer.token, `conferenceId=${conferenceId}`);
    assert.equal(byBuyer.status, 200, JSON.stringify(byBuyer.body));
    assert.deepEqual(listed(byBuyer.body), [
      [ids["invited"], "declined"],
      [ids["asked"], "open"],
    ]);
    const bySupplier = await list(supplier.token, `conferenceId=${conferenceId}`);
    assert.deepEqual(listed(bySupplier.body), [[ids["asked"], "open"]]);
    const open = await list(buyer.token, `conferenceId=${conferenceId}&status=open`);
    assert.deepEqual(listed(open.body), [[ids["asked"], "open"]]);
  });

  it("when the organiser or the admin lists them, then every request of the conference is there", async () => {
    for (const token of [organiser.token, ADMIN_TOKEN]) {
      const res = await list(token, `conferenceId=${conferenceId}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        listed(res.body).sort(),
        [
          [ids["asked"], "open"],
          [ids["invited"], "declined"],
        ].sort(),
      );
    }
  });

  it("when another organisation lists them, then it sees none of the others' requests and cannot change them", async () => {
    const res = await list(outsider.token, `conferenceId=${conferenceId}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.items, []);
    const accept = await h.http
      .post(`/api/v1/meeting-requests/${ids["asked"]}/accept`)
      .set(...bearer(outsider.token))
      .send({ ranking: "must" });
    assert.equal(accept.status, 404);
    const withdraw = await h.http.delete(`/api/v1/meeting-requests/${ids["asked"]}`).set(...bearer(outsider.token));
    assert.equal(withdraw.status, 404);
    const anonymous = await list(undefined, `conferenceId=${conferenceId}`);
    assert.equal(anonymous.status, 401);
  });

  it("when a draft conference is listed by someone who does not organise it, then it is not found", async () => {
    const { id: draft } = await meetingConference(h, organiser, {}, { status: "draft" });
    const res = await list(buyer.token, `conferenceId=${draft}`);
    assert.equal(res.status, 404, JSON.stringify(res.body));
    assert.match(res.headers["content-type"] ?? "", /application\/problem\+json/);
    const byOrganiser = await list(organiser.token, `conferenceId=${draft}`);
    assert.deepEqual([byOrganiser.status, byOrganiser.body.items], [200, []]);
  });

  it("when the query is bad, then it is refused at its parameter with its kind", async () => {
    const missing = await list(buyer.token, "");
    assert.equal(missing.status, 400);
    assert.deepEqual(
      missing.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [["query.conferenceId", "required"]],
    );
    const bad = await list(buyer.token, `conferenceId=nope&status=maybe&x=1`);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]).sort(), [
      ["query.conferenceId", "invalid_format"],
      ["query.status", "invalid_option"],
      ["query.x", "unknown_parameter"],
    ]);
  });
});
