/**
 * Domain events: services announce that a record changed; the application wires them to queues (search-sync,
 * match-need). Listeners are awaited, so a caller knows the job was enqueued or, where Redis was away,
 * remembered for the worker's sweeper (search/sync-backlog.ts, notifications/outbox.ts): the producers do
 * not fail a write that is already stored. Every listener hears every event, even after another failed.
 */
import type { NeedRecord } from "./needs/need.model";
import type { Notice } from "./notifications/notification.model";

/**
 * `need`: the record the writer just wrote (that version), when it has it: the jobs carry it, so the worker
 * need not read the need again (search/sync.ts, notifications/outbox.ts say when they may trust it).
 */
export type DomainEvent =
  | { type: "need.changed"; id: string; version: number; need?: NeedRecord }
  | { type: "supplier.changed"; id: string; version: number }
  /** A need version recorded in the notification outbox (notifications/outbox.ts). */
  | { type: "need.notify"; id: string; version: number; need?: NeedRecord; notice?: Notice };

type Listener = (event: DomainEvent) => Promise<void> | void;

const listeners = new Set<Listener>();

export function onDomainEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs every listener; if any failed, throws the first failure once all have run. */
export async function emitDomainEvent(event: DomainEvent): Promise<void> {
  const failures: unknown[] = [];
  for (const listener of listeners) {
    try {
      await listener(event);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}
