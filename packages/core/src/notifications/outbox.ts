/** The outbox side of publishing: which need writes are told to suppliers, recorded before any queue is touched. */
import { emitDomainEvent } from "../events";
import type { NeedRecord } from "../needs/need.model";
import { isDuplicateKey } from "../platform/ids";
import type { FieldChange } from "./content";
import { NotifyEvent, type NotifyEventRecord } from "./notification.model";

/** Fields whose change suppliers are told of (equal treatment: all who were told hear of it). */
export const MATERIAL_FIELDS = [
  "estimatedValueNok",
  "cpv",
  "municipalities",
  "counties",
  "national",
  "timeline",
  "milestones",
  "status",
] as const;

export const notifyEventId = (needId: string, version: number): string => `${needId}-v${version}`;

export const materialChanges = (changes: FieldChange[]): FieldChange[] =>
  changes.filter((c) => (MATERIAL_FIELDS as readonly string[]).includes(c.field));

/**
 * Records that this need version is to be told (unique per need and version: a second call is a no-op),
 * then announces it so the producer enqueues `match-need`. The announcement may fail (Redis away): the
 * record stays pending and the worker's sweeper enqueues it.
 */
export async function recordNotifyEvent(
  need: NeedRecord,
  kind: NotifyEventRecord["kind"],
  changes: FieldChange[] = [],
): Promise<void> {
  const id = notifyEventId(need._id.toString(), need.version);
  try {
    await NotifyEvent.create({ _id: id, needId: need._id.toString(), needVersion: need.version, kind, changes });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  await emitDomainEvent({ type: "need.notify", id: need._id.toString(), version: need.version });
}

/** Events not yet fanned out, oldest first, at most `limit`. */
export async function pendingNotifyEvents(limit = 500): Promise<NotifyEventRecord[]> {
  const rows = await NotifyEvent.find({ state: "pending" }).lean<NotifyEventRecord[]>();
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).slice(0, limit);
}
