/** A published conference with a meetings block, and organisations registered for it through the API. */
import assert from "node:assert/strict";
import { bearer, type Harness } from "./harness";

export type Org = { id: string; token: string; name: string };
const hour = 3_600_000;

/** 40 days ahead at 08:00 UTC: the meetings window 09:00–11:00 UTC, 20-minute slots, tables A and B. */
export async function meetingConference(
  h: Harness,
  organiser: Org,
  meetings: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  const day = new Date(Date.now() + 40 * 24 * hour);
  day.setUTCHours(8, 0, 0, 0);
  const at = (hours: number) => new Date(day.getTime() + hours * hour).toISOString();
  const res = await h.http
    .post("/api/v1/conferences")
    .set(...bearer(organiser.token))
    .send({
      title: "Leverandørdag om utslippsfri vinterdrift",
      venue: "Ski rådhus",
      startsAt: at(0),
      endsAt: at(8),
      registrationDeadline: new Date(day.getTime() - 5 * 24 * hour).toISOString(),
      capacity: 200,
      status: "published",
      meetings: { start: at(1), end: at(3), slotMinutes: 20, tables: ["Bord A", "Bord B"], ...meetings },
      ...extra,
    });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.id as string, at };
}

export async function registerOrg(h: Harness, conferenceId: string, org: Org, extra: Record<string, unknown> = {}) {
  const res = await h.http
    .post(`/api/v1/conferences/${conferenceId}/registrations`)
    .set(...bearer(org.token))
    .send({ participants: [{ name: `Kari ${org.name}`, email: `kari.${org.id}@example.no` }], ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.status, "registered");
}

export async function publishedNeed(h: Harness, buyer: Org) {
  const { needBody } = await import("./harness");
  const res = await h.http
    .post("/api/v1/needs")
    .set(...bearer(buyer.token))
    .send(needBody({ status: "published" }));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}
