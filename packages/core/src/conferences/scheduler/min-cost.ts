/**
 * Minimum-cost flow by successive shortest paths: augments along cheapest paths until the sink is out of
 * reach, so the flow is as large as it can be and, among such, of least cost. Needs a residual graph without
 * negative cycles (true of a fresh graph whose arcs go forward, and kept by each augmentation). Potentials
 * come from Bellman–Ford first, so costs may be negative; then Dijkstra on reduced costs
 * (cost + potential[u] − potential[v] ≥ 0), once per augmenting path.
 *
 * The source's many neighbours (in the selection: every supplier) are not settled one by one. Through a
 * neighbour s, a node v is reached at reduced distance cost(source, s) + cost(s, v) + potential[source] −
 * potential[v]: s's potential cancels out. So each v keeps its two-step paths from the source sorted by
 * that cost once per call (TwoSteps), and each search starts v at its cheapest one still open, without
 * visiting s. A neighbour is visited only if another path reaches it more cheaply than its own arc does.
 * The distances, hence the flow, are those of the plain search.
 */
import type { FlowGraph } from "./flow";

/** Returns the units of flow added. */
export function minCostFlow(g: FlowGraph, source: number, sink: number): number {
  const potential = bellmanFord(g, source);
  const steps = new TwoSteps(g, source);
  const dist = new Float64Array(g.size);
  const via = new Int32Array(g.size);
  const heap = new MinHeap(g.size);
  let total = 0;
  for (;;) {
    dijkstra(g, source, sink, { potential, dist, via, heap, steps });
    const reach = dist[sink]!;
    if (reach === Infinity) return total;
    // Dijkstra stopped at the sink: min(distance, the sink's) keeps every reduced cost ≥ 0.
    for (let v = 0; v < g.size; v++)
      if (potential[v]! < Infinity) potential[v] = potential[v]! + Math.min(dist[v]!, reach);
    let push = Infinity;
    for (let v = sink; v !== source; v = g.to[via[v]! ^ 1]!) push = Math.min(push, g.residual[via[v]!]!);
    for (let v = sink; v !== source; v = g.to[via[v]! ^ 1]!) {
      const arc = via[v]!;
      g.residual[arc] = g.residual[arc]! - push;
      g.residual[arc ^ 1] = g.residual[arc ^ 1]! + push;
      steps.reopened(g, arc ^ 1);
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

interface SearchState {
  potential: Float64Array;
  dist: Float64Array;
  via: Int32Array;
  heap: MinHeap;
  steps: TwoSteps;
}

/** Dijkstra on reduced costs until the sink is settled; the source's neighbours start from their own arcs. */
function dijkstra(g: FlowGraph, source: number, sink: number, { potential, dist, via, heap, steps }: SearchState) {
  const { head, next, to, residual, cost, closed } = g;
  dist.fill(Infinity);
  dist[source] = 0;
  heap.clear();
  const ps = potential[source]!;
  // The neighbours get their distance through their own arc, but are not queued: TwoSteps stands for them.
  for (const a of steps.firsts) {
    const s = to[a]!;
    if (residual[a]! <= 0 || potential[s] === Infinity) continue;
    const d = cost[a]! + ps - potential[s]!;
    if (d < dist[s]!) {
      dist[s] = d;
      via[s] = a;
    }
  }
  for (const v of steps.targets) {
    const e = steps.cheapest(g, v);
    if (e < 0 || potential[v] === Infinity) continue;
    const d = steps.cost[e]! + ps - potential[v]!;
    if (d < dist[v]!) {
      dist[v] = d;
      via[v] = steps.second[e]!;
      heap.push(d, v);
    }
  }
  while (heap.size > 0) {
    const d = heap.topKey;
    const u = heap.pop();
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

/**
 * The two-step paths source → s → v (first arc open when the call starts, second not closed), grouped by v
 * and sorted by cost (then by arcs, for the same order on every run). A first arc only loses capacity
 * during a call (no path re-enters the source); a second one may get it back when a path runs along its
 * reverse (`reopened`), so each v's cursor skips what is full and steps back when something reopens.
 */
class TwoSteps {
  /** The source's open arcs. */
  readonly firsts: number[] = [];
  /** Nodes with two-step paths. */
  readonly targets: number[] = [];
  readonly first: Int32Array;
  readonly second: Int32Array;
  readonly cost: Float64Array;
  /** Per node: its paths are at [start[v], start[v + 1]); cursor[v] is the first that may be open. */
  private readonly start: Int32Array;
  private readonly cursor: Int32Array;
  /** Per arc: the first position where it is a second step, or −1. */
  private readonly position: Int32Array;

  constructor(g: FlowGraph, source: number) {
    const counts = new Int32Array(g.size + 1);
    const seconds = (a: number, visit: (b: number) => void) => {
      for (let b = g.head[g.to[a]!]!; b >= 0; b = g.next[b]!) if (!g.closed[b] && g.to[b] !== source) visit(b);
    };
    for (let a = g.head[source]!; a >= 0; a = g.next[a]!) if (g.open(a)) this.firsts.push(a);
    for (const a of this.firsts) seconds(a, (b) => counts[g.to[b]! + 1]!++);
    for (let v = 0; v < g.size; v++) counts[v + 1] = counts[v + 1]! + counts[v]!;
    this.start = counts.slice();
    const n = counts[g.size]!;
    const [first, second] = [new Int32Array(n), new Int32Array(n)];
    for (const a of this.firsts)
      seconds(a, (b) => {
        const at = counts[g.to[b]!]!++;
        [first[at], second[at]] = [a, b];
      });
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const key = (i: number) => g.cost[first[i]!]! + g.cost[second[i]!]!;
    for (let v = 0; v < g.size; v++) {
      const [from, to] = [this.start[v]!, this.start[v + 1]!];
      if (from === to) continue;
      this.targets.push(v);
      order.subarray(from, to).sort((i, j) => key(i) - key(j) || second[i]! - second[j]! || first[i]! - first[j]!);
    }
    this.first = order.map((i) => first[i]!);
    this.second = order.map((i) => second[i]!);
    this.cost = Float64Array.from(order, (i) => key(i));
    this.cursor = this.start.slice(0, g.size);
    this.position = new Int32Array(g.arcs).fill(-1);
    for (let i = n - 1; i >= 0; i--) this.position[this.second[i]!] = i;
  }

  /** v's cheapest two-step path open now, or −1. */
  cheapest(g: FlowGraph, v: number): number {
    const end = this.start[v + 1]!;
    let i = this.cursor[v]!;
    while (i < end && (g.residual[this.first[i]!]! <= 0 || g.residual[this.second[i]!]! <= 0)) i++;
    this.cursor[v] = i;
    return i < end ? i : -1;
  }

  /** The arc got capacity back: its paths may be open again. */
  reopened(g: FlowGraph, arc: number): void {
    const at = this.position[arc]!;
    const v = g.to[arc]!;
    if (at >= 0 && at < this.cursor[v]!) this.cursor[v] = at;
  }
}

/**
 * A binary heap of nodes keyed by distance, at most one entry per node: `push` lowers the key of a node
 * already in it. Reused across searches.
 */
class MinHeap {
  private readonly keys: Float64Array;
  private readonly nodes: Int32Array;
  /** Each node's index in the heap, or −1. */
  private readonly at: Int32Array;
  size = 0;

  constructor(nodes: number) {
    [this.keys, this.nodes] = [new Float64Array(nodes), new Int32Array(nodes)];
    this.at = new Int32Array(nodes).fill(-1);
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.at[this.nodes[i]!] = -1;
    this.size = 0;
  }

  push(key: number, node: number): void {
    const i = this.at[node]!;
    this.up(i < 0 ? this.size++ : i, key, node);
  }

  get topKey(): number {
    return this.keys[0]!;
  }

  /** Takes the node with the least key out (read `topKey` first for its key). */
  pop(): number {
    const top = this.nodes[0]!;
    this.at[top] = -1;
    const n = --this.size;
    if (n > 0) this.down(this.keys[n]!, this.nodes[n]!, n);
    return top;
  }

  private up(from: number, key: number, node: number) {
    const { keys, nodes, at } = this;
    let i = from;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      nodes[i] = nodes[parent]!;
      at[nodes[i]!] = i;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
    at[node] = i;
  }

  private down(key: number, node: number, n: number) {
    const { keys, nodes, at } = this;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      nodes[i] = nodes[child]!;
      at[nodes[i]!] = i;
      i = child;
    }
    keys[i] = key;
    nodes[i] = node;
    at[node] = i;
  }
}
