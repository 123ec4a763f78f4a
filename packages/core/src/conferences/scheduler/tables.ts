/**
 * Table names for the placed meetings, slot by slot: a locked meeting has its own; a meeting still in its
 * previous slot keeps its previous table when that is free; the others sit at their buyer's table (the one
 * of its first meeting) when free, so buyers stay put while suppliers move, else at the first free table.
 * A slot never holds more meetings than tables (the grid's rule), so every meeting gets one.
 */
import type { Grid } from "./grid";

export function assignTables(grid: Grid): Int32Array {
  const { inst } = grid;
  const tableOf = new Int32Array(inst.requests.length).fill(-1);
  const home = new Int32Array(inst.orgs.length).fill(-1);
  for (let t = 0; t < grid.slots; t++) {
    const taken = new Uint8Array(inst.tables.length);
    const take = (m: number, table: number) => {
      tableOf[m] = table;
      taken[table] = 1;
      const buyer = inst.requests[m]!.buyer;
      if (home[buyer]! < 0) home[buyer] = table;
    };
    const here = [...grid.atSlot[t]!].sort((a, b) => a - b);
    for (const m of here) if (inst.requests[m]!.locked) take(m, inst.requests[m]!.locked!.table);
    for (const m of here) {
      const previous = inst.requests[m]!.previous;
      if (tableOf[m]! < 0 && previous?.slot === t && previous.table >= 0 && !taken[previous.table])
        take(m, previous.table);
    }
    const rest = here.filter((m) => tableOf[m]! < 0);
    rest.sort((a, b) => Number(home[inst.requests[b]!.buyer]! >= 0) - Number(home[inst.requests[a]!.buyer]! >= 0));
    for (const m of rest) {
      const own = home[inst.requests[m]!.buyer]!;
      take(m, own >= 0 && !taken[own] ? own : taken.indexOf(0));
    }
  }
  return tableOf;
}
