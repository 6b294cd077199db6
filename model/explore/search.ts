// gospec's one search engine. Every way gospec looks at a scenario's runs
// is a strategy over the same two loops:
//   - `exhaustive`: every reachable node once, breadth first (every path to
//     a node is then a shortest one: witnesses are shortest schedules) or
//     depth first, folding nodes with equal keys, within bounds. The oracle
//     (oracle.ts), the continuation after main's return (settle.ts) and the
//     properties' every-state and every-step walkers (properties/states.ts)
//     are visitors of it;
//   - `walk`: one run, a strategy picking one successor at each state: a
//     seeded random walk (random.ts), a schedule replayed by its labels
//     (replay.ts); later PCT and other schedulers. A walk runs on past
//     main's return until the goroutines left behind settle (settle.ts).
// The engine knows no mechanism: it sees choices, successors and what the
// mechanisms' notes say about a way (action.ts WayNote: its odds, whether
// fairness applies to it). As shuttle separates its schedulers from its
// executor, a strategy here only picks; the engine runs, counts, bounds and
// records the paths a witness is printed from.
//
// Invariants:
//   1. node ids are assigned in the order nodes are first reached; the
//      root is 0, and with breadth-first order a smaller id is a nearer node;
//   2. `parent`/`via` give, for every node but the root, the node and the
//      choice that first reached it: `pathTo(id)` is a path from the root
//      (a shortest one breadth first);
//   3. a node is expanded at most once; `expanded[id]` says it was (an end
//      counts as expanded, a node cut by a bound does not);
//   4. a bound hit is recorded (`boundHit`), never silent.

import type { StepEvent } from '../action.ts';
import type { HbNote } from '../memory/hbnotes.ts';
import type { Choice, Model, Successor } from '../step.ts';
import { choiceLabel, initial, step, successors, terminal } from '../step.ts';
import type { State } from '../state.ts';
import { resume, typeOK } from '../state.ts';
import type { Outcome } from '../outcome.ts';
import { settledOutcome } from './settle.ts';

/** What a visitor of the exhaustive search says about the node space. */
export interface Visitor<N, E> {
  /** The edges leaving node n (id `id`; `x` is the search so far, for a path to it); empty for an end. */
  expand(n: N, id: number, x: Explored): readonly E[];
  /** The choice an edge takes. */
  choice(e: E): Choice;
  /** The node an edge leads to. */
  target(e: E): N;
  /** The node's key: nodes with equal keys are one node. */
  key(n: N): string;
  /** Called for every edge followed once its target has an id; `fresh` when the target was reached first by it. */
  edge?(from: number, e: E, to: number, fresh: boolean): void;
}

export interface ExhaustiveOptions {
  /** Stop once this many distinct nodes are known (the bound edge's target is not added). */
  readonly maxStates: number;
  /** Do not expand nodes at this depth (ends there still count). */
  readonly maxDepth?: number;
  /** Breadth first (the default: shortest paths) or depth first. */
  readonly order?: 'bfs' | 'dfs';
  /** Keep the graph's edges, `from[e] → to[e]`, for the graph analyses (graph.ts). */
  readonly edges?: boolean;
}

const ROOT: Choice = { actor: 0, alt: 0 };

/** What an exhaustive search found: the node graph's spanning tree, its edges when kept, and its counts. */
export class Explored {
  readonly parent: number[] = [-1];
  readonly via: Choice[] = [ROOT];
  readonly depth: number[] = [0];
  readonly from: number[] = [];
  readonly to: number[] = [];
  readonly expanded: boolean[] = [];
  readonly ids = new Map<string, number>();
  transitions = 0;
  deepest = 0;
  boundHit?: { readonly kind: 'states' | 'depth'; readonly limit: number };

  /** Distinct nodes found. */
  get states(): number {
    return this.parent.length;
  }

  get complete(): boolean {
    return this.boundHit === undefined;
  }

  /** The choices from the root to node id (invariant 2). */
  pathTo(id: number): Choice[] {
    const path: Choice[] = [];
    for (let i = id; i > 0; i = this.parent[i]!) path.push(this.via[i]!);
    return path.reverse();
  }
}

/** Visits every node reachable from `start` once (see the header). */
export function exhaustive<N, E>(start: N, v: Visitor<N, E>, o: ExhaustiveOptions): Explored {
  const x = new Explored();
  const maxDepth = o.maxDepth ?? Infinity;
  x.ids.set(v.key(start), 0);
  const dfs = o.order === 'dfs';
  // Breadth first: a queue read from `head`; depth first: a stack.
  const pending: { id: number; n: N }[] = [{ id: 0, n: start }];
  let head = 0;
  while (dfs ? pending.length > 0 : head < pending.length) {
    const { id, n } = dfs ? pending.pop()! : pending[head++]!;
    const d = x.depth[id]!;
    const edges = v.expand(n, id, x);
    if (edges.length > 0 && d >= maxDepth) {
      x.boundHit ??= { kind: 'depth', limit: maxDepth };
      continue;
    }
    x.expanded[id] = true;
    for (const e of edges) {
      x.transitions++;
      const next = v.target(e);
      const key = v.key(next);
      let to = x.ids.get(key);
      const fresh = to === undefined;
      if (to === undefined) {
        if (x.ids.size >= o.maxStates) {
          x.boundHit = { kind: 'states', limit: o.maxStates };
          x.expanded[id] = false;
          return x;
        }
        to = x.parent.length;
        x.ids.set(key, to);
        x.parent.push(id);
        x.via.push(v.choice(e));
        x.depth.push(d + 1);
        if (d + 1 > x.deepest) x.deepest = d + 1;
        pending.push({ id: to, n: next });
      }
      if (o.edges) {
        x.from.push(id);
        x.to.push(to);
      }
      v.edge?.(id, e, to, fresh);
    }
    if (!dfs && head > 4096 && head * 2 > pending.length) {
      pending.splice(0, head);
      head = 0;
    }
  }
  return x;
}

/** The readable labels of a path of choices from the model's initial state (on past main's return, as settle.ts runs it). */
export function labelsAlong(m: Model, path: readonly Choice[]): string[] {
  let st = initial(m);
  return path.map((c) => {
    if (st.exit?.end === 'ok') st = resume(st);
    const label = choiceLabel(m, st, c);
    st = step(m, st, c).state;
    return label;
  });
}

/** What a walk strategy is told at each state besides its successors. */
export interface WalkContext {
  /** Steps taken so far. */
  readonly n: number;
  /** The run's outcome if its goroutines left behind have settled here (null before main's return and until then). */
  settled(): Outcome | null;
}

/** A walk strategy: which successor to take (an index into succ), or null to stop here. */
export type Pick = (st: State, succ: readonly Successor[], ctx: WalkContext) => number | null;

/** One step of a walk: its label and what it did. */
export interface Walked {
  readonly choice: Choice;
  readonly label: string;
  readonly events: readonly StepEvent[];
  /** What the step did to happens-before (memory/hbnotes.ts), when it synchronised. */
  readonly hb?: readonly HbNote[];
  /** A step of the goroutines left behind, run on after main's return (settle.ts). */
  readonly afterMain?: true;
}

export interface WalkResult {
  readonly steps: readonly Walked[];
  /** The outcome when the run ended (and its goroutines left behind settled); null when it stopped before. */
  readonly outcome: Outcome | null;
  /** The last state stepped into (an exit state is not resumed). */
  readonly final: State;
  /** Why the walk stopped: no choice left, the strategy stopped, or the step bound. */
  readonly stop: 'end' | 'strategy' | 'bound';
}

/** One run of the model under a strategy, at most maxSteps steps (see the header). */
export function walk(m: Model, pick: Pick, o: { readonly maxSteps?: number; readonly debug?: boolean } = {}): WalkResult {
  const maxSteps = o.maxSteps ?? Infinity;
  let st = initial(m);
  // The exit state, once main has returned with goroutines left behind.
  let exit: State | undefined;
  const steps: Walked[] = [];
  for (;;) {
    if (st.exit?.end === 'ok') exit = st;
    const here = st.exit?.end === 'ok' ? resume(st) : st;
    const done = (stop: WalkResult['stop'], outcome: Outcome | null): WalkResult => ({ steps, outcome, final: st, stop });
    if (steps.length >= maxSteps) return done('bound', null);
    const succ = successors(m, here);
    const settled = (): Outcome | null => (exit ? settledOutcome(m, exit, here) : null);
    const k = pick(here, succ, { n: steps.length, settled });
    if (k === null) {
      if (succ.length === 0) return done('end', settled() ?? terminal(m, here));
      return done('strategy', settled());
    }
    const chosen = succ[k];
    if (!chosen) throw new Error(`walk: the strategy picked #${k} of ${succ.length} successors`);
    steps.push({ choice: chosen.choice, label: choiceLabel(m, here, chosen.choice), events: chosen.result.events, ...(chosen.result.hb ? { hb: chosen.result.hb } : {}), ...(here.after ? { afterMain: true as const } : {}) });
    st = chosen.result.state;
    if (o.debug) typeOK(st);
  }
}
