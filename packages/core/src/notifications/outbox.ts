/**
 * The outbox side of publishing: which need versions are told to suppliers, recorded before the need is.
 *
 * Why no version is lost, and none told that was never written:
 * - A version to be told gets its `NotifyEvent` (`needId-vN`) inside the version's claim
 *   (platform/version-claims.ts), before the need's write. Once the need is at version N, its event is in
 *   the database, whatever happens to the process next; the worker's sweeper finds every pending event.
 * - A write that fails takes its event back before the claim is released. A writer that dies leaves claim
 *   and event behind. The fan-out tells an event only once the need has reached its version; below it, it
 *   waits while the claim is held (the job tries again) and drops the event once nobody holds the claim or
 *   its holder abandoned it (older than ABANDONED_MS), holding the claim itself while it does. A writer that
 *   takes over an abandoned claim drops the dead writer's event the same way before it writes
 *   (`onClaimTakeOver`), and records its own if its change is to be told.
 * - So, until version N is written, only the holder of N's claim changes N's event; afterwards, only the
 *   fan-out. No two processes update one event at once, which FerretDB could not be trusted with.
 * - The fan-out reads the event again after the need: a need at N or later means the event read after it
 *   is the one recorded by the writer of N (a taker replaces the event before its write).
 * - A match-need job the writer enqueued after its write carries the need as written (writtenNotice): the
 *   version is known to be written, so the event read then is its writer's, and the need is not read.
 * - The event is recorded with what it tells (its content, from the need the write will leave), so the
 *   fan-out does not write it afterwards.
 * - A need published as it is created records its event (version 1) without a claim: no other writer can
 *   write version 1 of an id just made. Until the event is ABANDONED_MS old, the fan-out waits for the
 *   need; then it claims version 1 itself, as for an abandoned claim, and drops the event.
 * The one assumption is the claims' own: no writer takes longer than ABANDONED_MS from claim to write.
 */
import { emitDomainEvent } from "../events";
import { AppError } from "../errors";
import { Need, type NeedRecord } from "../needs/need.model";
import { isDuplicateKey } from "../platform/ids";
import { ABANDONED_MS, ifClaimAbandoned, onClaimTakeOver, VersionClaim } from "../platform/version-claims";
import { needFromSnapshot } from "../needs/snapshot";
import { contentHash, noticeContent, type FieldChange } from "./content";
import { NotifyEvent, type Notice, type NotifyEventRecord } from "./notification.model";

export type { Notice };

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

/** The notice with its content, from the need as the write will leave it (with `publicUrl`, the links'). */
export function noticeWithContent(notice: Notice, need: NeedRecord, publicUrl: string | undefined): Notice {
  if (publicUrl === undefined) return notice;
  return { ...notice, content: noticeContent(need, notice.kind, notice.changes ?? [], publicUrl) };
}

async function reachedVersion(needId: string, version: number): Promise<boolean> {
  const need = await Need.findById(needId, { version: 1 }).lean();
  return need !== null && need.version >= version;
}

/** The outbox event recording `notice` for the version, as it is inserted. */
export function noticeEvent(needId: string, version: number, notice: Notice) {
  const content = notice.content && { ...notice.content, needVersion: version };
  return {
    ...{ _id: notifyEventId(needId, version), needId, needVersion: version },
    ...{ kind: notice.kind, changes: notice.changes ?? [] },
    ...(content && { content, contentHash: contentHash(content) }),
  };
}

/** The event of a version that was never written goes (called holding the version's claim). */
async function dropUnwrittenEvent(needId: string, version: number): Promise<void> {
  if (!(await reachedVersion(needId, version))) await NotifyEvent.deleteOne({ _id: notifyEventId(needId, version) });
}
onClaimTakeOver("need", dropUnwrittenEvent);

/**
 * Runs the need's write of `version` with the version's event recorded first, when there is a notice.
 * Call it inside that version's claim. A write that throws or finds nothing (null) takes the event back.
 */
export async function writeWithNotice<T>(
  needId: string,
  version: number,
  notice: Notice | undefined,
  write: () => Promise<T | null>,
): Promise<T | null> {
  if (!notice) return write();
  const doc = noticeEvent(needId, version, notice);
  const _id = doc._id;
  try {
    await NotifyEvent.create(doc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // Left by an earlier holder of this claim that could not take it back. Unless the version was written
    // after all (then this writer read an old version: 409), it is replaced.
    if (await reachedVersion(needId, version)) return null;
    await NotifyEvent.deleteOne({ _id });
    await NotifyEvent.create(doc);
  }
  const takeBack = () => NotifyEvent.deleteOne({ _id }).catch(() => undefined);
  let result: T | null;
  try {
    result = await write();
  } catch (error) {
    await takeBack();
    throw error;
  }
  if (result === null) await takeBack();
  return result;
}

/**
 * After the write: the producer enqueues `match-need`, with the record written and the notice recorded. The
 * enqueue may fail (Redis away): the event stays pending in the database and the worker's sweeper enqueues
 * it.
 */
export async function announceNotifyEvent(
  needId: string,
  version: number,
  written?: { need: NeedRecord; notice: Notice },
): Promise<void> {
  await emitDomainEvent({ type: "need.notify", id: needId, version, ...written });
}

/**
 * The need, once it has reached the event's version; undefined when that version was never written (its
 * event is then dropped). While a writer holds the version's claim, its write may still come: throws
 * (unavailable), so the job tries again.
 */
export async function needWrittenFor(event: NotifyEventRecord): Promise<NeedRecord | undefined> {
  const written = async () => {
    const need = await Need.findById(event.needId).lean<NeedRecord>();
    return need && need.version >= event.needVersion ? need : undefined;
  };
  const need = await written();
  if (need) return need;
  if (event.needVersion === 1 && Date.now() - new Date(event.createdAt).getTime() < ABANDONED_MS) {
    const claimed = await VersionClaim.exists({ entity: "need", entityId: event.needId, version: 1 });
    // A creator under way claims nothing (needs.service.ts): its event's age stands for the claim's.
    if (!claimed) throw new AppError("unavailable", `need ${event.needId} is not created yet; retrying`);
  }
  const dropped = await ifClaimAbandoned("need", event.needId, event.needVersion, () =>
    dropUnwrittenEvent(event.needId, event.needVersion),
  );
  if (!dropped)
    throw new AppError("unavailable", `need ${event.needId} is not at version ${event.needVersion} yet; retrying`);
  return written();
}

const isNotice = (value: unknown): value is Notice => {
  const notice = value as Partial<Notice> | null;
  return (
    typeof notice === "object" &&
    notice !== null &&
    (notice.kind === "published" || notice.kind === "changed") &&
    (notice.changes === undefined || Array.isArray(notice.changes)) &&
    (notice.content === undefined || (typeof notice.content === "object" && notice.content !== null))
  );
};

/**
 * A match-need job's event and need, when the job carries the need as its writer wrote it: the writer
 * enqueued it after the write, so the version is written and its event is the one the writer recorded (a
 * taker of an abandoned claim replaces an event only before that version is written): built from the
 * notice the job carries, or read. Undefined otherwise (the sweeper's jobs, and any that carry no need):
 * the fan-out then reads the need first (needWrittenFor).
 */
export async function writtenNotice(
  needId: string,
  version: number,
  job: { need?: unknown; notice?: unknown },
): Promise<{ event: NotifyEventRecord; need: NeedRecord } | undefined> {
  const need = needFromSnapshot(job.need, needId, version);
  if (!need) return undefined;
  const event = isNotice(job.notice)
    ? { ...noticeEvent(needId, version, job.notice), state: "pending" as const, createdAt: new Date() }
    : await NotifyEvent.findById(notifyEventId(needId, version)).lean<NotifyEventRecord>();
  return event ? { event, need } : undefined;
}

/** Events not yet fanned out, oldest first, at most `limit`. */
export async function pendingNotifyEvents(limit = 500): Promise<NotifyEventRecord[]> {
  const rows = await NotifyEvent.find({ state: "pending" }).lean<NotifyEventRecord[]>();
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).slice(0, limit);
}

export async function isNotifyEventPending(eventId: string): Promise<boolean> {
  return (await NotifyEvent.exists({ _id: eventId, state: "pending" })) !== null;
}
