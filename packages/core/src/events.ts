/**
 * Domain events: services announce that a record changed; the application wires them to queues (search-sync, match-need). Listeners are awaited, so a caller knows the job was enqueued.
 */
export type DomainEvent =
  | { type: "need.changed"; id: string; version: number }
  | { type: "supplier.changed"; id: string; version: number }
  /** A need version recorded in the notification outbox (notifications/outbox.ts). */
  | { type: "need.notify"; id: string; version: number };

type Listener = (event: DomainEvent) => Promise<void> | void;

const listeners = new Set<Listener>();

export function onDomainEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function emitDomainEvent(event: DomainEvent): Promise<void> {
  for (const listener of listeners) await listener(event);
}
