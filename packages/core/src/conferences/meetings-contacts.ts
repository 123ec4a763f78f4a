/**
 * The record of every contact with suppliers about one need through conferences (its buyer and the admin):
 * each meeting request and, where the last published schedule has it, the meeting with its time and table.
 */
import { type Actor, requireOwnerOrAdmin } from "../auth/actor";
import { notFound } from "../errors";
import { Need } from "../needs/need.model";
import { csvCell } from "../notifications/notifications.service";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import { parseId } from "../platform/ids";
import { Conference, type ConferenceRecord } from "./conference.model";
import { ConferenceMeetingRequest, type MeetingRequestRecord } from "./meetings.model";
import { conferenceSchedules, lastPublished } from "./schedule-store";
import { osloIso } from "./times";

const HEADER = [
  "conferenceId",
  "conference",
  "requestId",
  "requestedAt",
  "requestedBy",
  "supplierOrgId",
  "supplier",
  "status",
  "buyerRanking",
  "supplierRanking",
  "pitch",
  "decidedAt",
  "meetingStart",
  "meetingEnd",
  "table",
  "scheduleState",
];

export async function needContactsCsv(actor: Actor, needId: string): Promise<string> {
  const need = await Need.findById(parseId(needId, "need"), { buyerId: 1 }).lean<{ buyerId: unknown }>();
  if (!need) throw notFound("Need");
  requireOwnerOrAdmin(actor, String(need.buyerId), "need's contact record");
  const requests = (await ConferenceMeetingRequest.find({ needId }).lean<MeetingRequestRecord[]>()).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
  );
  const conferences = new Map<string, { title: string; published: Awaited<ReturnType<typeof lastPublished>> }>();
  const names = new Map<string, string>();
  const rows: unknown[][] = [];
  for (const r of requests) {
    if (!conferences.has(r.conferenceId)) {
      const c = await Conference.findById(r.conferenceId, { title: 1 }).lean<Pick<ConferenceRecord, "title">>();
      conferences.set(r.conferenceId, {
        title: c?.title ?? "",
        published: lastPublished(await conferenceSchedules(r.conferenceId)),
      });
    }
    if (!names.has(r.supplierOrgId))
      names.set(r.supplierOrgId, (await Organization.findById(r.supplierOrgId).lean<OrganizationRecord>())?.name ?? "");
    const { title, published } = conferences.get(r.conferenceId)!;
    const meeting = published?.meetings.find((m) => m.requestId === r._id.toString());
    rows.push([
      r.conferenceId,
      title,
      r._id.toString(),
      r.createdAt.toISOString(),
      r.requestedBy === r.buyerOrgId ? "buyer" : "supplier",
      r.supplierOrgId,
      names.get(r.supplierOrgId),
      r.status,
      r.buyerRanking,
      r.supplierRanking,
      r.pitch,
      r.decidedAt?.toISOString(),
      meeting && osloIso(meeting.start),
      meeting && osloIso(meeting.end),
      meeting?.table,
      meeting && published?.state,
    ]);
  }
  return [HEADER, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
