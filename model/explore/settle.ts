// After main returns: what becomes of the goroutines left behind.
//
// A Go program ends when main returns and abandons the goroutines still
// alive; a stopped-world snapshot at that moment shows some of them parked
// (the outcome's `parked`). That is not what a Go developer, goleak, Go's
// leak profile or a CI gate calls a leak: a helper that main merely
// overtook would have finished a moment later. A leak is a goroutine that
// can never finish. gospec finds them by running the program on from the
// exit state with main gone (state.ts `resume`) and following every
// schedule of the goroutines left behind until they settle. A run settles
//   - in a state without choices: every goroutine still alive is parked and
//     nothing can ready it; each is *leaked* (blocked for ever);
//   - in a bottom strongly connected component of the continuation's state
//     graph (no step leaves it) with steps inside: the run circles there
//     for ever. Go's scheduler is fair (it preempts) and select chooses at
//     random, so a run that can leave a component eventually does, and ends
//     in a bottom one with probability 1. The goroutines that step inside
//     it are *spinning* (running for ever, a live leak); those that never
//     step are parked throughout: leaked;
//   - for a program with plain words, also in a stale loop (graph.ts): a
//     set of states a run can stay in for ever by reading stale values, as
//     Go's memory model allows (it promises no eventual visibility).
// Each way the goroutines can settle is one `Settled` (who is leaked, who
// spins), with a shortest continuation that reaches it; the oracle crosses
// each with the exit outcome (oracle.ts), random walks and replay ask which
// settled set a continuation state belongs to (`limitOf`).
//
// Approximation, said in model/memory/README.md: after main's return a
// plain read takes no promise (no load buffering across the exit); only
// which goroutines can finish is asked there, and a promise would need a
// write after the end to keep it.

import type { Outcome, Settled } from '../outcome.ts';
import { withSettled } from '../outcome.ts';
import type { State } from '../state.ts';
import { outcomeOf, resume, stateKey } from '../state.ts';
import type { Choice, Model, Successor } from '../step.ts';
import { successors } from '../step.ts';
import { parkedLabels } from '../sched.ts';
import type { Fairness } from './graph.ts';
import { fairnessOf, members, outEdges, scc, staleLoops } from './graph.ts';
import { exhaustive } from './search.ts';

export interface SettleWay {
  readonly settled: Settled;
  /** A shortest continuation from the exit state (after `resume`) to where it settles. */
  readonly path: readonly Choice[];
}

export interface Aftermath {
  /** Every way the goroutines left behind can settle, nearest first, each settled set once. */
  readonly ways: readonly SettleWay[];
  /** The settled set a continuation state lies in, or null while the goroutines can still move on. */
  readonly limitOf: (s: State) => Settled | null;
  readonly states: number;
  readonly transitions: number;
  /** False when the bound stopped the continuation: ways may be missing. */
  readonly complete: boolean;
}

const settledKey = (x: Settled): string => `${x.leaked.join(',')}|${x.spinning.join(',')}`;

/**
 * Runs the program on from an exit state whose main returned (every
 * schedule, breadth first, within the model's state bound) and says every
 * way its goroutines can settle. Cached per model and exit state.
 */
export function settle(m: Model, exit: State): Aftermath {
  const start = resume(exit);
  const key = stateKey(start);
  let cache = caches.get(m);
  if (!cache) caches.set(m, (cache = new Map()));
  let a = cache.get(key);
  if (!a) cache.set(key, (a = m.sem.proc.leftBehindRunOn ? explore(runOnModel(m), start) : snapshot(start)));
  return a;
}

const caches = new WeakMap<Model, Map<string, Aftermath>>();

/** The outcome of a run whose main returned at `exit` and that is now at `at` (exit itself or a later continuation state); null until it settles. */
export function settledOutcome(m: Model, exit: State, at: State): Outcome | null {
  const a = settle(m, exit);
  const lim = a.limitOf(at.exit ? resume(at) : at);
  return lim ? withSettled(outcomeOf(exit, false), lim) : null;
}

/** The model the continuation runs in: no promises (see the header). */
function runOnModel(m: Model): Model {
  return m.config.speculativeReads ? { ...m, config: { ...m.config, speculativeReads: false } } : m;
}

/** The mutant's leak verdict (Semantics.proc.leftBehindRunOn false): the snapshot at exit, nothing run on. */
function snapshot(start: State): Aftermath {
  const settled: Settled = { leaked: parkedLabels(start.gs), spinning: [] };
  return { ways: [{ settled, path: [] }], limitOf: () => settled, states: 1, transitions: 0, complete: true };
}

function explore(m: Model, start: State): Aftermath {
  const { maxStates, maxDepth } = m.config.bounds;
  const states: State[] = [start];
  const edgeG: number[] = [];
  const edgeValue: Fairness[] = [];
  const runnable: (readonly number[] | undefined)[] = [];
  const ends: number[] = [];
  // Only the stale-loop analysis asks who is runnable where, and only programs with plain words have stale reads.
  const words = m.program.wordInits.length > 0;
  const x = exhaustive<State, Successor>(start, {
    key: stateKey,
    choice: (e) => e.choice,
    target: (e) => e.result.state,
    expand(st, id) {
      const succ = successors(m, st);
      if (succ.length === 0) ends.push(id);
      else if (words) runnable[id] = [...new Set(succ.map((x) => x.choice.actor))];
      return succ;
    },
    edge(_from, e, _to, fresh) {
      if (fresh) states.push(e.result.state);
      edgeG.push(e.choice.actor);
      edgeValue.push(fairnessOf(e.value));
    },
  }, { maxStates, maxDepth, edges: true });
  const { from, to } = x;

  // Where a run settles: ends, bottom components with steps inside, stale loops.
  const n = states.length;
  const limitAt = new Map<number, Settled>();
  for (const id of ends) limitAt.set(id, { leaked: parkedLabels(states[id]!.gs), spinning: [] });
  // A component cut by the bound is no limit: its states may have steps not followed.
  const unexpanded = new Set<number>();
  for (let i = 0; i < n; i++) if (!x.expanded[i]) unexpanded.add(i);
  const out = outEdges(n, from);
  const comp = scc(n, out, to);
  const loops: number[][] = [];
  for (const ids of members(comp).values()) {
    const c = comp[ids[0]!]!;
    let inside = false;
    let bottom = true;
    for (const i of ids) {
      if (unexpanded.has(i)) bottom = false;
      for (const e of out[i]!) (comp[to[e]!] === c ? (inside = true) : (bottom = false));
    }
    if (inside && bottom) loops.push(ids);
  }
  if (words) loops.push(...staleLoops({ n, from, to, edgeG, edgeValue, runnable, excluded: unexpanded }));
  for (const ids of loops) {
    const c = comp[ids[0]!]!;
    const stepping = new Set<number>();
    for (const i of ids) for (const e of out[i]!) if (comp[to[e]!] === c) stepping.add(edgeG[e]!);
    const st = states[ids[0]!]!;
    const alive = st.gs.filter((g) => g.status !== 'dead');
    const settled: Settled = {
      leaked: alive.filter((g) => !stepping.has(g.goid)).map((g) => g.label).sort(),
      spinning: alive.filter((g) => stepping.has(g.goid)).map((g) => g.label).sort(),
    };
    for (const i of ids) if (!limitAt.has(i)) limitAt.set(i, settled);
  }

  // Each settled set once, at its nearest state (ids are breadth-first).
  const nearest = new Map<string, { settled: Settled; id: number }>();
  for (const id of [...limitAt.keys()].sort((a, b) => a - b)) {
    const settled = limitAt.get(id)!;
    const k = settledKey(settled);
    if (!nearest.has(k)) nearest.set(k, { settled, id });
  }
  const ways = [...nearest.values()].map(({ settled, id }) => ({ settled, path: x.pathTo(id) }));
  const limitOf = (s: State): Settled | null => {
    const id = x.ids.get(stateKey(s));
    return id === undefined ? null : limitAt.get(id) ?? null;
  };
  return { ways, limitOf, states: n, transitions: x.transitions, complete: x.complete };
}

