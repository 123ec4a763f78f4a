/**
 * match-need: one outbox event becomes one delivery record per (need version, supplier, channel). Inserts
 * keyed by the idempotency key are the exactly-once step; a rerun after a crash inserts nothing twice and
 * hands every pending key on again, so each is enqueued at least once. The records are written and handed
 * on in chunks (the first one small), so the first deliveries go out while later chunks are written.
 * Channels that go in a digest get their records too (`via: "digest"`, pending) and then one `DigestEntry`
 * per (version, subscription); the digest sends them (digests.ts), no deliver job does. Who is told is
 * recipients.ts; what the records say, ledger-records.ts.
 */
import type { NeedRecord } from "../needs/need.model";
import { isDuplicateKey } from "../platform/ids";
import type { DeliverChannel } from "../queues";
import { contentHash, noticeContent } from "./content";
import { DigestEntry } from "./digest.model";
import {
  digestEntriesOf,
  ledgerDocs,
  lackingOrganization,
  readOrganizations,
  type NewDelivery,
  type Organizations,
} from "./ledger-records";
import { needWrittenFor } from "./outbox";
import { recipientsOf, type MatchDeps } from "./recipients";
import { deliveryCollection, NotifyEvent, type NotifyEventRecord } from "./notification.model";

export { deliveryKey, type NewDelivery } from "./ledger-records";

export interface FanOutDeps extends MatchDeps {
  publicUrl: string;
}

/** Records of one chunk to enqueue: the pending instant ones, and which of them this run inserted. */
export interface LedgerChunk {
  pending: NewDelivery[];
  fresh: Set<string>;
}

/** Where the chunks go: each channel's batch size (the records name their job), and the enqueue. */
export interface LedgerSink {
  batchSize(channel: DeliverChannel): number;
  enqueue(chunk: LedgerChunk): Promise<void>;
}

export type FanOut =
  | { outcome: "skipped"; why: string }
  | {
      outcome: "fanned-out";
      /** Pending instant deliveries handed on to be sent. */
      deliveries: number;
      recipients: number;
      digestEntries: number;
      ms: Record<"match" | "write" | "enqueue", number>;
    };

/**
 * A change waits for the fan-outs of the need's earlier versions (thrown, so its job is retried): a change
 * alert reads their records, and one still being written would miss its recipients.
 */
export class EarlierVersionPendingError extends Error {
  constructor(readonly pendingEvents: string[]) {
    super(`waiting for the fan-out of ${pendingEvents.join(", ")}`);
    this.name = "EarlierVersionPendingError";
  }
}

/**
 * How long a change waits for its need's earlier versions at most, from when it first asked (its job's
 * creation). Past it (an earlier event that keeps failing), the change goes out with the records there are,
 * and the earlier version's recipients still get that version when its fan-out succeeds.
 */
export const EARLIER_VERSION_WAIT_MS = 10 * 60_000;

async function earlierPending(event: NotifyEventRecord, waitingSince: number): Promise<string[]> {
  if (Date.now() - waitingSince > EARLIER_VERSION_WAIT_MS) return [];
  // The need's own events only (indexed equality, not the whole outbox).
  const pending = await NotifyEvent.find({ needId: event.needId, state: "pending" }, { needVersion: 1 }).lean<
    Pick<NotifyEventRecord, "_id" | "needVersion">[]
  >();
  return pending.filter((e) => e.needVersion < event.needVersion).map((e) => e._id);
}

/** Inserts the records, skipping those already there (a rerun); the ids inserted now. */
async function insertMissing(insert: (docs: { _id: string }[]) => Promise<unknown>, docs: { _id: string }[]) {
  const ids = docs.map((d) => d._id);
  if (ids.length === 0) return new Set<string>();
  try {
    await insert(docs);
    return new Set(ids);
  } catch (error) {
    type WriteError = { index: number; code?: number; err?: { code?: number } };
    // Mongoose gives a list; the driver one error or a list.
    const given = (error as { writeErrors?: WriteError | WriteError[] }).writeErrors;
    const writeErrors = given === undefined ? [] : Array.isArray(given) ? given : [given];
    if (!writeErrors.length || !writeErrors.every((e) => isDuplicateKey(e) || isDuplicateKey(e.err))) throw error;
    const existing = new Set(writeErrors.map((e) => ids[e.index]));
    return new Set(ids.filter((id) => !existing.has(id)));
  }
}

/** Recipients per chunk: the first chunk small, so its deliveries start while the rest is written. */
const FIRST_CHUNK = 50;
const CHUNK = 500;

const noSink: LedgerSink = { batchSize: () => 50, enqueue: async () => undefined };

/**
 * `written`: the event and need of a job its writer enqueued after the write (outbox.ts: writtenNotice).
 * `waitingSince`: when a change first waited for its need's earlier versions (EARLIER_VERSION_WAIT_MS).
 */
export async function fanOutNeedEvent(
  eventId: string,
  deps: FanOutDeps,
  sink: LedgerSink = noSink,
  written?: { event: NotifyEventRecord; need: NeedRecord },
  waitingSince = Date.now(),
): Promise<FanOut> {
  let need = written?.need;
  let event: NotifyEventRecord | null | undefined = written?.event;
  if (!need || !event) {
    const recorded = await NotifyEvent.findById(eventId).lean<NotifyEventRecord>();
    if (!recorded) return { outcome: "skipped", why: "no such event" };
    // Told only once its version is written (outbox.ts); waits while the writer may still write.
    need = await needWrittenFor(recorded);
    if (!need) return { outcome: "skipped", why: "version never written" };
    // Read again after the need: a writer that took over an abandoned claim replaced the event before writing.
    event = await NotifyEvent.findById(eventId).lean<NotifyEventRecord>();
    if (!event) return { outcome: "skipped", why: "no such event" };
  }
  if (need.status === "draft") {
    await NotifyEvent.updateOne({ _id: eventId }, { $set: { state: "done", doneAt: new Date() } });
    return { outcome: "skipped", why: "draft" };
  }
  if (event.kind === "changed") {
    const waitingFor = await earlierPending(event, waitingSince);
    if (waitingFor.length) throw new EarlierVersionPendingError(waitingFor);
  }
  let content = event.content;
  let hash = event.contentHash;
  if (!content || !hash) {
    content = { ...noticeContent(need, event.kind, event.changes, deps.publicUrl), needVersion: event.needVersion };
    hash = contentHash(content);
    await NotifyEvent.updateOne({ _id: eventId }, { $set: { content, contentHash: hash } });
  }
  const ms = { match: 0, write: 0, enqueue: 0 };
  let lap = performance.now();
  const step = (name: keyof typeof ms) => {
    const now = performance.now();
    ms[name] += Math.round(now - lap);
    lap = now;
  };
  const recipients = await recipientsOf(need, event, deps);
  step("match");
  // The organisations the first chunk needs are read on their own (a few lookups), those of the rest in one
  // query that runs while the first chunk is written and sent.
  const first = lackingOrganization(recipients.slice(0, FIRST_CHUNK));
  const rest = lackingOrganization(recipients.slice(FIRST_CHUNK));
  const restOrgs = rest.length ? readOrganizations(rest) : Promise.resolve<Organizations>(new Map());
  restOrgs.catch(() => undefined); // awaited below; not an unhandled rejection if the first chunk fails first
  const firstOrgs = await readOrganizations(first);
  let deliveries = 0;
  let digestEntries = 0;
  for (let i = 0; i < recipients.length;) {
    const size = i === 0 ? FIRST_CHUNK : CHUNK;
    const orgs = i === 0 ? firstOrgs : await restOrgs;
    const { instant, digests } = ledgerDocs(recipients.slice(i, i + size), event, hash, orgs, (c) => sink.batchSize(c));
    i += size;
    const docs = [...instant, ...digests.flatMap((d) => d.rows)];
    // Through the driver: the records are whole as built (mongoose's casting of each costs more than the
    // insert); the timestamps mongoose would add are set here.
    const at = new Date();
    const fresh = await insertMissing(
      (d) =>
        deliveryCollection().insertMany(
          d.map((doc) => ({ ...doc, createdAt: at, updatedAt: at })),
          { ordered: false },
        ),
      docs,
    );
    // Then the digest entries: a digest takes an entry only once its ledger records exist.
    const entries = digestEntriesOf(digests, event);
    await insertMissing((d) => DigestEntry.insertMany(d, { ordered: false }), entries);
    digestEntries += entries.length;
    step("write");
    const pending = instant.filter((d) => d.state === "pending");
    deliveries += pending.length;
    await sink.enqueue({ pending, fresh });
    step("enqueue");
  }
  return { outcome: "fanned-out", deliveries, recipients: recipients.length, digestEntries, ms };
}

export async function markEventDone(eventId: string, recipients: number): Promise<void> {
  await NotifyEvent.updateOne({ _id: eventId }, { $set: { state: "done", doneAt: new Date(), recipients } });
}
