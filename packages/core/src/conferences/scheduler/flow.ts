/**
 * Network flow for the scheduler: a residual graph in typed arrays and Dinic's maximum flow (for the upper
 * bounds); minimum-cost flow (for the fair, weighted selection) is in min-cost.ts. Arc `a`'s reverse is
 * `a ^ 1`. A `monotone` arc's reverse is closed: flow through it never goes down again, which is what keeps
 * earlier rounds' meetings when a later round raises capacities (see select.ts).
 */

export class FlowGraph {
  readonly head: Int32Array;
  next = new Int32Array(16);
  to = new Int32Array(16);
  residual = new Int32Array(16);
  cost = new Float64Array(16);
  /** 1 where the arc is closed (the reverse of a monotone arc). */
  closed = new Uint8Array(16);
  /** Arcs so far, reverses included. */
  arcs = 0;

  constructor(readonly size: number) {
    this.head = new Int32Array(size).fill(-1);
  }

  addArc(from: number, to: number, capacity: number, cost = 0, monotone = false): number {
    const arc = this.arcs;
    this.push(from, to, capacity, cost, false);
    this.push(to, from, 0, -cost, monotone);
    return arc;
  }

  flowOn(arc: number): number {
    return this.residual[arc ^ 1]!;
  }

  raise(arc: number, by: number): void {
    this.residual[arc] = this.residual[arc]! + by;
  }

  private push(from: number, to: number, capacity: number, cost: number, closed: boolean) {
    if (this.arcs === this.to.length) this.grow();
    const arc = this.arcs++;
    this.to[arc] = to;
    this.residual[arc] = capacity;
    this.cost[arc] = cost;
    this.closed[arc] = closed ? 1 : 0;
    this.next[arc] = this.head[from]!;
    this.head[from] = arc;
  }

  private grow() {
    const n = 2 * this.to.length;
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.next = copy(this.next, new Int32Array(n));
    this.to = copy(this.to, new Int32Array(n));
    this.residual = copy(this.residual, new Int32Array(n));
    this.cost = copy(this.cost, new Float64Array(n));
    this.closed = copy(this.closed, new Uint8Array(n));
  }

  open(arc: number): boolean {
    return this.residual[arc]! > 0 && this.closed[arc] === 0;
  }
}

/** Dinic: pushes as much as it can from `source` to `sink`, adds to any flow already there; returns what it added. */
export function maxFlow(g: FlowGraph, source: number, sink: number): number {
  const level = new Int32Array(g.size);
  const cursor = new Int32Array(g.size);
  const queue = new Int32Array(g.size);
  const bfs = (): boolean => {
    level.fill(-1);
    level[source] = 0;
    let [read, write] = [0, 1];
    queue[0] = source;
    while (read < write) {
      const u = queue[read++]!;
      for (let a = g.head[u]!; a >= 0; a = g.next[a]!)
        if (g.open(a) && level[g.to[a]!]! < 0) {
          level[g.to[a]!] = level[u]! + 1;
          queue[write++] = g.to[a]!;
        }
    }
    return level[sink]! >= 0;
  };
  const dfs = (u: number, limit: number): number => {
    if (u === sink) return limit;
    for (; cursor[u]! >= 0; cursor[u] = g.next[cursor[u]!]!) {
      const a = cursor[u]!;
      const v = g.to[a]!;
      if (!g.open(a) || level[v] !== level[u]! + 1) continue;
      const pushed = dfs(v, Math.min(limit, g.residual[a]!));
      if (pushed > 0) {
        g.residual[a] = g.residual[a]! - pushed;
        g.residual[a ^ 1] = g.residual[a ^ 1]! + pushed;
        return pushed;
      }
    }
    return 0;
  };
  let total = 0;
  while (bfs()) {
    cursor.set(g.head);
    for (let pushed = dfs(source, Infinity); pushed > 0; pushed = dfs(source, Infinity)) total += pushed;
  }
  return total;
}
