/**
 * Network flow for the scheduler: a residual graph, Dinic's maximum flow (for the upper bounds) and
 * successive shortest paths for minimum-cost flow (for the fair, weighted selection). Arc `a`'s reverse is
 * `a ^ 1`. A `monotone` arc's reverse is closed: flow through it never goes down again, which is what keeps
 * earlier rounds' meetings when a later round raises capacities (see select.ts).
 */

export class FlowGraph {
  readonly head: Int32Array;
  readonly next: number[] = [];
  readonly to: number[] = [];
  readonly residual: number[] = [];
  readonly cost: number[] = [];
  readonly closed: boolean[] = [];

  constructor(readonly size: number) {
    this.head = new Int32Array(size).fill(-1);
  }

  addArc(from: number, to: number, capacity: number, cost = 0, monotone = false): number {
    const arc = this.to.length;
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
    this.to.push(to);
    this.residual.push(capacity);
    this.cost.push(cost);
    this.closed.push(closed);
    this.next.push(this.head[from]!);
    this.head[from] = this.to.length - 1;
  }

  open(arc: number): boolean {
    return this.residual[arc]! > 0 && !this.closed[arc];
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

/**
 * Successive shortest paths: augments along cheapest paths until the sink is out of reach, so the flow is
 * as large as it can be and, among such, of least cost. Needs a residual graph without negative cycles
 * (true of a fresh graph whose arcs go forward, and kept by each augmentation). Potentials come from
 * Bellman–Ford first, so costs may be negative; then Dijkstra on reduced costs. Returns the units added.
 */
export function minCostFlow(g: FlowGraph, source: number, sink: number): number {
  const potential = bellmanFord(g, source);
  const dist = new Float64Array(g.size);
  const via = new Int32Array(g.size);
  let total = 0;
  for (;;) {
    dijkstra(g, source, sink, potential, dist, via);
    const reach = dist[sink]!;
    if (reach === Infinity) return total;
    // Dijkstra stopped at the sink: min(distance, the sink's) keeps every reduced cost ≥ 0.
    for (let v = 0; v < g.size; v++)
      if (potential[v]! < Infinity) potential[v] = potential[v]! + Math.min(dist[v]!, reach);
    let push = Infinity;
    for (let v = sink; v !== source; v = g.to[via[v]! ^ 1]!) push = Math.min(push, g.residual[via[v]!]!);
    for (let v = sink; v !== source; v = g.to[via[v]! ^ 1]!) {
      g.residual[via[v]!] = g.residual[via[v]!]! - push;
      g.residual[via[v]! ^ 1] = g.residual[via[v]! ^ 1]! + push;
    }
    total += push;
  }
}

/** Shortest distances from `source` over open arcs (queue-based Bellman–Ford); Infinity where out of reach. */
function bellmanFord(g: FlowGraph, source: number): Float64Array {
  const dist = new Float64Array(g.size).fill(Infinity);
  const queued = new Uint8Array(g.size);
  const queue: number[] = [source];
  dist[source] = 0;
  queued[source] = 1;
  for (let read = 0; read < queue.length; read++) {
    const u = queue[read]!;
    queued[u] = 0;
    for (let a = g.head[u]!; a >= 0; a = g.next[a]!) {
      const v = g.to[a]!;
      if (!g.open(a) || dist[u]! + g.cost[a]! >= dist[v]!) continue;
      dist[v] = dist[u]! + g.cost[a]!;
      if (!queued[v]) {
        queued[v] = 1;
        queue.push(v);
      }
    }
  }
  return dist;
}

/** Dijkstra on reduced costs (cost + potential[u] − potential[v] ≥ 0) until the sink is settled; a binary heap of (distance, node). */
function dijkstra(
  g: FlowGraph,
  source: number,
  sink: number,
  potential: Float64Array,
  dist: Float64Array,
  via: Int32Array,
) {
  dist.fill(Infinity);
  dist[source] = 0;
  // Locals for the hot loop (this runs once per augmenting path).
  const { head, next, to, residual, cost, closed } = g;
  const heap = new MinHeap();
  heap.push(0, source);
  while (heap.size > 0) {
    const d = heap.topKey;
    const u = heap.pop();
    if (d > dist[u]!) continue;
    if (u === sink) return;
    const pu = potential[u]!;
    for (let a = head[u]!; a >= 0; a = next[a]!) {
      if (residual[a]! <= 0 || closed[a]) continue;
      const v = to[a]!;
      const pv = potential[v]!;
      if (pv === Infinity) continue;
      const nd = d + cost[a]! + pu - pv;
      if (nd < dist[v]!) {
        dist[v] = nd;
        via[v] = a;
        heap.push(nd, v);
      }
    }
  }
}

class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, value: number): void {
    let i = this.keys.length;
    this.keys.push(key);
    this.values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[i] = this.keys[parent]!;
      this.values[i] = this.values[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }

  get topKey(): number {
    return this.keys[0]!;
  }

  /** Takes the value with the least key out (read `topKey` first for its key). */
  pop(): number {
    const top = this.values[0]!;
    const key = this.keys.pop()!;
    const value = this.values.pop()!;
    const n = this.keys.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.values[i] = this.values[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.values[i] = value;
    return top;
  }
}
