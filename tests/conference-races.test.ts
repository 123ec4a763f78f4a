/**
 * Races on one-to-one meetings, each raced by parallel requests over real HTTP connections to one
 * listening server: the organiser's maximum of open requests (unique place claims), publications of
 * schedule versions (an insert-only log) and locks on one table or one participant (unique claims).
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import type { AddressInfo, Server } from "node:net";
import { after, before, describe, it } from "node:test";
import { ConferenceMeetingRequest, MeetingLock, SchedulePublication } from "@markedsdialog/core";
import { meetingConference, publishedNeed, registerOrg, type Org } from "./helpers/conference-meetings";
import { askMeeting, generate } from "./helpers/conference-schedule";
import { startHarness, type Harness } from "./helpers/harness";

describe("conference meeting races", () => {
  let h: Harness;
  let server: Server;
  let base: string;
  let organiser: Org;

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      body: text ? JSON.parse(text) : undefined,
    };
  };

  before(async () => {
    h = await startHarness("conference_races");
    server = h.app.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    organiser = await h.organization("organiser");
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  it("when a supplier sends 24 requests at once against a maximum of 3 open, then exactly 3 are stored, and a freed place is taken exactly once", async () => {
    const [buyer, supplier] = await Promise.all([h.organization("buyer"), h.organization("supplier")]);
    const { id } = await meetingConference(h, organiser, { maxOpenRequests: 3 });
    await registerOrg(h, id, buyer);
    await registerOrg(h, id, supplier);
    const needs: string[] = [];
    for (let i = 0; i < 24; i++) needs.push(await publishedNeed(h, buyer));
    const burst = (ids: string[]) =>
      Promise.all(
        ids.map((needId) =>
          call("POST", `/conferences/${id}/meeting-requests`, supplier.token, {
            buyerOrgId: buyer.id,
            supplierOrgId: supplier.id,
            needId,
            ranking: "must",
          }),
        ),
      );
    const open = async () => ConferenceMeetingRequest.countDocuments({ conferenceId: id, status: "open" });

    const answers = await burst(needs);
    const created = answers.filter((a) => a.status === 201);
    assert.equal(created.length, 3, answers.map((a) => a.status).join(","));
    for (const a of answers.filter((x) => x.status !== 201)) {
      assert.equal(a.status, 409, JSON.stringify(a.body));
      assert.match(a.type, /application\/problem\+json/);
    }
    assert.equal(await open(), 3);
    assert.equal(await ConferenceMeetingRequest.countDocuments({ conferenceId: id }), 3, "nothing else stored");

    // The buyer declines one: one place is free, and of 21 racing requests exactly one takes it.
    const taken = new Set(created.map((a) => a.body.needId as string));
    const declined = await call("POST", `/meeting-requests/${created[0]!.body.id}/decline`, buyer.token);
    assert.equal(declined.status, 200, JSON.stringify(declined.body));
    const rest = needs.filter((n) => !taken.has(n));
    const second = await burst(rest);
    assert.equal(second.filter((a) => a.status === 201).length, 1, second.map((a) => a.status).join(","));
    assert.equal(await open(), 3);

    // The supplier withdraws one: again exactly one of the racing requests gets in.
    const withdrawn = await call("DELETE", `/meeting-requests/${created[1]!.body.id}`, supplier.token);
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    const left = rest.filter((n) => !second.some((a) => a.status === 201 && a.body.needId === n));
    const third = await burst(left);
    assert.equal(third.filter((a) => a.status === 201).length, 1, third.map((a) => a.status).join(","));
    assert.equal(await open(), 3);
  });

  it("when eight publications of four versions race, then each gets its own number, none is lost, and only the last one's version is published", async () => {
    const [buyer, supplier] = await Promise.all([h.organization("buyer"), h.organization("supplier")]);
    const { id } = await meetingConference(h, organiser);
    await registerOrg(h, id, buyer);
    await registerOrg(h, id, supplier);
    await askMeeting(h, id, buyer, supplier);
    for (const seed of [1, 2, 3, 4]) await generate(h, id, organiser.token, seed);

    const asked = [1, 2, 3, 4, 1, 2, 3, 4].map((version, i) => ({ version, final: i % 2 === 0 }));
    const answers = await Promise.all(
      asked.map((body) => call("POST", `/conferences/${id}/schedule/publish`, organiser.token, body)),
    );
    for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a.body));
    const numbers = answers.map((a) => a.body.publication as number).sort((x, y) => x - y);
    assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7, 8], "one publication number each");
    assert.equal(await SchedulePublication.countDocuments({ conferenceId: id }), 8);

    const last = asked[answers.findIndex((a) => a.body.publication === 8)]!;
    const versions = await call("GET", `/conferences/${id}/schedule/versions`, organiser.token);
    assert.equal(versions.status, 200, JSON.stringify(versions.body));
    const states = new Map(
      (versions.body.items as { version: number; state: string }[]).map((v) => [v.version, v.state]),
    );
    const live = [...states].filter(([, state]) => state === "final" || state === "preliminary");
    assert.deepEqual(live, [[last.version, last.final ? "final" : "preliminary"]], JSON.stringify([...states]));
    assert.ok([...states].every(([v, state]) => v === last.version || state === "superseded"));
    const seen = await call("GET", `/conferences/${id}/schedule`, supplier.token);
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.equal(seen.body.version, last.version, "participants see the last publication's version");
    const denied = await call("GET", `/conferences/${id}/schedule/versions`, supplier.token);
    assert.equal(denied.status, 403);
  });

  it("when locks race for one table and slot, or for one supplier in one slot at four tables, then exactly one of each wins", async () => {
    const tables = ["T1", "T2", "T3", "T4"];
    const { id, at } = await meetingConference(h, organiser, { tables });
    const buyers = await Promise.all([1, 2, 3, 4].map(() => h.organization("buyer")));
    const suppliers = await Promise.all([1, 2, 3, 4, 5].map(() => h.organization("supplier")));
    for (const org of [...buyers, ...suppliers]) await registerOrg(h, id, org);
    const pairs: string[] = [];
    for (let i = 0; i < 4; i++) pairs.push(await askMeeting(h, id, buyers[i]!, suppliers[i]!));
    const shared = suppliers[4]!;
    const withShared: string[] = [];
    for (const b of buyers) withShared.push(await askMeeting(h, id, b, shared));

    const onePlace = await Promise.all(
      pairs.map((requestId) =>
        call("POST", `/conferences/${id}/schedule/locks`, organiser.token, { requestId, table: "T1", start: at(1) }),
      ),
    );
    assert.deepEqual(
      onePlace.map((a) => a.status).sort(),
      [201, 409, 409, 409],
      JSON.stringify(onePlace.map((a) => a.body)),
    );
    const oneSupplier = await Promise.all(
      withShared.map((requestId, i) =>
        call("POST", `/conferences/${id}/schedule/locks`, organiser.token, {
          requestId,
          table: tables[i],
          start: at(2),
        }),
      ),
    );
    assert.deepEqual(
      oneSupplier.map((a) => a.status).sort(),
      [201, 409, 409, 409],
      JSON.stringify(oneSupplier.map((a) => a.body)),
    );
    assert.equal(await MeetingLock.countDocuments({ conferenceId: id }), 2);
    const s = await generate(h, id, organiser.token, 5);
    assert.equal(s.meetings.filter((m) => m.locked).length, 2);
  });
});
