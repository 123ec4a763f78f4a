/** Meeting requests asked and answered, schedules generated and read, locks made: through the API. */
import assert from "node:assert/strict";
import type { Org } from "./conference-meetings";
import { bearer, type Harness } from "./harness";

export interface Meeting {
  requestId: string;
  buyerOrgId: string;
  supplierOrgId: string;
  table: string;
  start: string;
  end: string;
  sequence: number;
  locked: boolean;
}
export interface Schedule {
  version: number;
  state: string;
  meetings: Meeting[];
  unscheduled: { requestId: string; reason: string; explanation: string }[];
  belowMinimum: { orgId: string; minimum: number; scheduled: number }[];
  ignoredLocks?: { requestId: string; explanation: string }[];
  scheduled: number;
  moved: number;
  publication?: number;
}

/** The supplier asks the buyer; the buyer accepts with `buyerRanking` unless it is undefined (left open). */
export async function askMeeting(
  h: Harness,
  conferenceId: string,
  buyer: Org,
  supplier: Org,
  options: { buyerRanking?: string; supplierRanking?: string; needId?: string } = { buyerRanking: "would_like" },
): Promise<string> {
  const res = await h.http
    .post(`/api/v1/conferences/${conferenceId}/meeting-requests`)
    .set(...bearer(supplier.token))
    .send({
      buyerOrgId: buyer.id,
      supplierOrgId: supplier.id,
      ranking: options.supplierRanking ?? "would_like",
      ...(options.needId && { needId: options.needId }),
    });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  if (options.buyerRanking) {
    const accepted = await h.http
      .post(`/api/v1/meeting-requests/${res.body.id}/accept`)
      .set(...bearer(buyer.token))
      .send({ ranking: options.buyerRanking });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  }
  return res.body.id as string;
}

export async function generate(h: Harness, conferenceId: string, token: string, seed = 1): Promise<Schedule> {
  const res = await h.http
    .post(`/api/v1/conferences/${conferenceId}/schedule`)
    .set(...bearer(token))
    .send({ seed });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as Schedule;
}

export const lock = (h: Harness, conferenceId: string, token: string, body: Record<string, unknown>) =>
  h.http
    .post(`/api/v1/conferences/${conferenceId}/schedule/locks`)
    .set(...bearer(token))
    .send(body);

/** Meetings per organisation id. */
export function meetingsPer(s: Schedule): Map<string, number> {
  const count = new Map<string, number>();
  for (const m of s.meetings)
    for (const org of [m.buyerOrgId, m.supplierOrgId]) count.set(org, (count.get(org) ?? 0) + 1);
  return count;
}
