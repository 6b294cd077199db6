// Analyses of an explored state graph, shared by the oracle (oracle.ts) and
// the continuation after main's return (settle.ts), over the graphs the
// search engine (search.ts) keeps. A graph is given as
// parallel edge arrays, `from[e] → to[e]`, over state ids 0..n-1 in
// breadth-first order (so a smaller id is a nearer state).

import type { WayNote } from '../action.ts';

/** Per state, the indexes of the edges leaving it. */
export function outEdges(n: number, from: readonly number[]): number[][] {
  const out: number[][] = Array.from({ length: n }, () => []);
  from.forEach((f, e) => out[f]!.push(e));
  return out;
}

/** Strongly connected components (Tarjan's algorithm, iterative): a component id per state. */
export function scc(n: number, out: readonly (readonly number[])[], to: readonly number[]): Int32Array {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let next = 0;
  let comps = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [v, k] = top;
      const edges = out[v]!;
      if (k < edges.length) {
        top[1]++;
        const w = to[edges[k]!]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const u = work[work.length - 1]![0];
        low[u] = Math.min(low[u]!, low[v]!);
      }
      if (low[v] === index[v]) {
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = comps;
          if (w === v) break;
        }
        comps++;
      }
    }
  }
  return comp;
}

/** The states of each component, in id order, by component id. */
export function members(comp: Int32Array): Map<number, number[]> {
  const byComp = new Map<number, number[]>();
  comp.forEach((c, i) => (byComp.has(c) ? byComp.get(c)!.push(i) : byComp.set(c, [i])));
  return byComp;
}

/**
 * Whether fairness reaches an edge's choice (action.ts WayNote `value`): a
 * scheduling or select choice, which a fair run cannot refuse for ever (0);
 * a choice of value nothing compels, the current one (1) or a stale one (2).
 */
export type Fairness = 0 | 1 | 2;

/** A way's note (action.ts WayNote `value`) as its Fairness. */
export function fairnessOf(value: WayNote['value']): Fairness {
  return value === undefined ? 0 : value === 'stale' ? 2 : 1;
}

/** What the stale-loop analysis needs of each edge and state besides the edges. */
export interface StaleGraph {
  readonly n: number;
  readonly from: readonly number[];
  readonly to: readonly number[];
  /** Per edge: the goroutine that stepped. */
  readonly edgeG: readonly number[];
  readonly edgeValue: readonly Fairness[];
  /** Per state: its runnable goroutines (undefined for a state not expanded). */
  readonly runnable: readonly (readonly number[] | undefined)[];
  /** States that cannot witness a loop (holding a promise, or not expanded). */
  readonly excluded: ReadonlySet<number>;
}

/**
 * A run may never end by reading a stale value for ever: Go's memory model
 * lets `for !done {}` on a plain flag spin although the flag was set (a
 * compiler may hoist the load, gccgo -O2 does). Such a run loops in a
 * strongly connected set of states that (1) it can stay in by choosing
 * stale reads: every edge leaving the set from one of its states is a
 * read's other choice of value, (2) has a stale read on some cycle, and
 * (3) is fair to the scheduler: every goroutine runnable in all its states
 * steps inside it. Returns the states of every such component, each in id
 * order, the components by their first state.
 */
export function staleLoops(g: StaleGraph): number[][] {
  if (!g.edgeValue.includes(2)) return [];
  const out = outEdges(g.n, g.from);
  const comp = scc(g.n, out, g.to);
  const loops: number[][] = [];
  for (const ids of members(comp).values()) {
    const c = comp[ids[0]!]!;
    let stale = false;
    let closed = true;
    const stepping = new Set<number>();
    for (const i of ids) {
      if (g.excluded.has(i)) closed = false;
      for (const e of out[i]!) {
        if (comp[g.to[e]!] === c) {
          stepping.add(g.edgeG[e]!);
          if (g.edgeValue[e] === 2) stale = true;
        } else if (g.edgeValue[e] === 0) closed = false;
      }
    }
    if (!stale || !closed) continue;
    const always = ids.reduce<number[]>((acc, i, k) => (k === 0 ? [...(g.runnable[i] ?? [])] : acc.filter((x) => (g.runnable[i] ?? []).includes(x))), []);
    if (always.every((x) => stepping.has(x))) loops.push(ids);
  }
  return loops.sort((a, b) => a[0]! - b[0]!);
}
