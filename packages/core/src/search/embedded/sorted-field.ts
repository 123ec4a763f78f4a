/**
 * One sortable field of the embedded index kept in order: internal ids sorted by (value, id), maintained
 * on every insert and removal, so a list sorted by that field reads its first page without looking at the
 * rest. GET /needs (newest first, 20 at a time) would otherwise rank every open need per request.
 *
 * The order is the one `rank.ts` gives a field sort: by value in the asked direction, ties by ascending
 * internal id, documents without a value last in both directions.
 */
export type SortValue = string | number;

const collator = new Intl.Collator("nb");

export const sortValue = (value: unknown): SortValue | undefined =>
  typeof value === "number" || typeof value === "string" ? value : undefined;

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

export class SortedField {
  /** Internal ids with a value, ascending by (value, id). */
  private readonly ids: number[] = [];
  private readonly values: SortValue[] = [];
  /** Internal ids without a value, ascending. */
  private readonly missing: number[] = [];

  /** Builds the order in one sort (adding one by one would move the arrays for every id). */
  static of(entries: [id: number, value: SortValue | undefined][]): SortedField {
    const field = new SortedField();
    const valued = entries.filter((e): e is [number, SortValue] => e[1] !== undefined);
    valued.sort((a, b) => compareValues(a[1], b[1]) || a[0] - b[0]);
    for (const [id, value] of valued) {
      field.ids.push(id);
      field.values.push(value);
    }
    field.missing.push(...entries.filter((e) => e[1] === undefined).map((e) => e[0]));
    field.missing.sort((a, b) => a - b);
    return field;
  }

  get size(): number {
    return this.ids.length + this.missing.length;
  }

  add(id: number, value: SortValue | undefined): void {
    if (value === undefined) {
      this.missing.splice(lowerBound(this.missing, id), 0, id);
      return;
    }
    const at = this.position(id, value);
    this.ids.splice(at, 0, id);
    this.values.splice(at, 0, value);
  }

  delete(id: number, value: SortValue | undefined): void {
    if (value === undefined) {
      const at = lowerBound(this.missing, id);
      if (this.missing[at] === id) this.missing.splice(at, 1);
      return;
    }
    const at = this.position(id, value);
    if (this.ids[at] === id) {
      this.ids.splice(at, 1);
      this.values.splice(at, 1);
    }
  }

  /**
   * Visits ids in sort order until `visit` returns false. Descending walks the values from the top, but
   * keeps ties in ascending id order, as the ranking does.
   */
  walk(direction: "asc" | "desc", visit: (id: number) => boolean): void {
    if (direction === "asc") {
      for (const id of this.ids) if (!visit(id)) return;
    } else {
      for (let end = this.ids.length; end > 0;) {
        let start = end - 1;
        const value = this.values[start]!;
        while (start > 0 && compareValues(this.values[start - 1]!, value) === 0) start--;
        for (let i = start; i < end; i++) if (!visit(this.ids[i]!)) return;
        end = start;
      }
    }
    for (const id of this.missing) if (!visit(id)) return;
  }

  /** The first index whose (value, id) is not below the given one. */
  private position(id: number, value: SortValue): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compareValues(this.values[mid]!, value) || this.ids[mid]! - id;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(list: number[], id: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
