/**
 * The schedule being built: which slot each request has, who meets whom in each slot, how many tables each
 * slot uses, with a journal so that a failed attempt is undone exactly. Tables are interchangeable here; a
 * slot holds as many meetings as there are tables, and they get their table names at the end (tables.ts).
 */
import type { Instance } from "./instance";

export class Grid {
  readonly slotOf: Int32Array;
  /** Meetings per slot. */
  readonly atSlot: number[][];
  /** Meetings per organisation and slot, at `org * slots + slot`. */
  private readonly occupants: number[][];
  /** Meetings per organisation, and per organisation as supplier (the fairness count). */
  readonly meetings: Int32Array;
  readonly asSupplier: Int32Array;
  /** Per organisation, how often its meetings changed (a version number for caches). */
  readonly changes: Int32Array;
  private readonly journal: { req: number; slot: number; placed: boolean }[] = [];
  private placedCount = 0;
  /** Sum of the placed meetings' weights (both sides' ranks). */
  weight = 0;

  constructor(readonly inst: Instance) {
    const n = inst.slots.length;
    this.slotOf = new Int32Array(inst.requests.length).fill(-1);
    this.atSlot = Array.from({ length: n }, () => []);
    this.occupants = Array.from({ length: n * inst.orgs.length }, () => []);
    this.meetings = new Int32Array(inst.orgs.length);
    this.asSupplier = new Int32Array(inst.orgs.length);
    this.changes = new Int32Array(inst.orgs.length);
  }

  get slots(): number {
    return this.inst.slots.length;
  }

  /** Meetings placed. */
  get placed(): number {
    return this.placedCount;
  }

  at(org: number, slot: number): readonly number[] {
    return this.occupants[org * this.slots + slot]!;
  }

  /** Whether the organisation has a representative free in the slot. */
  free(org: number, slot: number): boolean {
    return this.at(org, slot).length < this.inst.orgs[org]!.reps;
  }

  tableFree(slot: number): boolean {
    return this.atSlot[slot]!.length < this.inst.tables.length;
  }

  /** Whether both sides are under their maximum (a placed request counts as under). */
  underMaximum(req: number): boolean {
    const r = this.inst.requests[req]!;
    const placed = this.slotOf[req]! >= 0 ? 1 : 0;
    return (
      this.meetings[r.buyer]! - placed < this.inst.orgs[r.buyer]!.max &&
      this.meetings[r.supplier]! - placed < this.inst.orgs[r.supplier]!.max
    );
  }

  /** Whether the request could go into the slot as things stand, without moving anything. */
  fits(req: number, slot: number): boolean {
    const r = this.inst.requests[req]!;
    return this.free(r.buyer, slot) && this.free(r.supplier, slot) && this.tableFree(slot);
  }

  place(req: number, slot: number): void {
    const r = this.inst.requests[req]!;
    this.slotOf[req] = slot;
    this.atSlot[slot]!.push(req);
    this.occupants[r.buyer * this.slots + slot]!.push(req);
    this.occupants[r.supplier * this.slots + slot]!.push(req);
    this.meetings[r.buyer]!++;
    this.meetings[r.supplier]!++;
    this.changes[r.buyer]!++;
    this.changes[r.supplier]!++;
    this.asSupplier[r.supplier]!++;
    this.placedCount++;
    this.weight += r.weight;
    this.journal.push({ req, slot, placed: true });
  }

  remove(req: number): void {
    const r = this.inst.requests[req]!;
    const slot = this.slotOf[req]!;
    this.slotOf[req] = -1;
    drop(this.atSlot[slot]!, req);
    drop(this.occupants[r.buyer * this.slots + slot]!, req);
    drop(this.occupants[r.supplier * this.slots + slot]!, req);
    this.meetings[r.buyer]!--;
    this.meetings[r.supplier]!--;
    this.changes[r.buyer]!++;
    this.changes[r.supplier]!++;
    this.asSupplier[r.supplier]!--;
    this.placedCount--;
    this.weight -= r.weight;
    this.journal.push({ req, slot, placed: false });
  }

  /** A point to undo to. */
  mark(): number {
    return this.journal.length;
  }

  undo(mark: number): void {
    while (this.journal.length > mark) {
      const step = this.journal.pop()!;
      if (step.placed) this.remove(step.req);
      else this.place(step.req, step.slot);
      this.journal.pop();
    }
  }

  /** Requests taken out since the mark and not placed again. */
  removedSince(mark: number): number[] {
    const out = new Set<number>();
    for (let i = mark; i < this.journal.length; i++) {
      const step = this.journal[i]!;
      if (!step.placed && this.slotOf[step.req]! < 0) out.add(step.req);
    }
    return [...out];
  }

  /** Whether a meeting was taken out of its previous schedule's slot since the mark. */
  disturbedPreviousSince(mark: number): boolean {
    for (let i = mark; i < this.journal.length; i++) {
      const step = this.journal[i]!;
      if (!step.placed && this.inst.requests[step.req]!.previous?.slot === step.slot) return true;
    }
    return false;
  }

  /**
   * How the profile of suppliers with at least 1, 2, … meetings changed since the mark, from the suppliers
   * the journal touched: > 0 lexicographically better, < 0 worse, 0 the same.
   */
  profileChangeSince(mark: number): number {
    const change = new Map<number, number>();
    for (let i = mark; i < this.journal.length; i++) {
      const { req, placed } = this.journal[i]!;
      const supplier = this.inst.requests[req]!.supplier;
      change.set(supplier, (change.get(supplier) ?? 0) + (placed ? 1 : -1));
    }
    // delta[k]: suppliers with at least k + 1 meetings now, less those then.
    const delta: number[] = [];
    for (const [supplier, by] of change) {
      const [now, then] = [this.asSupplier[supplier]!, this.asSupplier[supplier]! - by];
      for (let k = Math.min(now, then); k < Math.max(now, then); k++) delta[k] = (delta[k] ?? 0) + Math.sign(by);
    }
    return delta.find((d) => d !== undefined && d !== 0) ?? 0;
  }

  /** Forget the journal (after a committed step): it would otherwise grow with every attempt. */
  commit(): void {
    this.journal.length = 0;
  }

  /** The organisation's slots with at least one meeting, as 0/1 per slot. */
  busy(org: number): Uint8Array {
    const out = new Uint8Array(this.slots);
    for (let t = 0; t < this.slots; t++) out[t] = this.at(org, t).length > 0 ? 1 : 0;
    return out;
  }
}

function drop(list: number[], item: number) {
  const i = list.indexOf(item);
  if (i >= 0) {
    list[i] = list[list.length - 1]!;
    list.pop();
  }
}
