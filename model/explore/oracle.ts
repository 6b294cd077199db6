// The oracle: exhaustive breadth-first search over a scenario's states, with
// state hashing, that computes the set of allowed outcomes, each with a
// shortest witness schedule, and the exploration statistics a case may pin
// (`explored: { states, maxDepth }`).
//
// The search is the engine's (search.ts `exhaustive`), with the oracle as
// its visitor. Breadth-first order makes every witness a shortest schedule
// to its outcome. States are hashed with `stateKey`; a state seen before is not
// expanded again, which folds the repeated states of unbounded loops. What
// the hashing cannot fold is guarded by bounds (Config.bounds): hitting one
// sets `complete: false` and `boundHit`, and every report says so.
//
// Runs that never end: Go's scheduler is fair (preemption) and select picks
// at random, so a run that can still reach an end eventually does (with
// probability 1). A run that reaches a state from which no end is reachable
// at all runs forever: a livelock, or a goroutine spinning while main waits
// for what will never come. The explorer keeps the state graph's edges,
// marks the states that can reach an end (backwards from the ends), and
// reports the outcome `may-not-terminate` when some reachable state cannot,
// with a shortest schedule to the first such state as its witness. Go's
// deadlock detector never fires there: some goroutine is always runnable.
//
// After main's return: an exit state whose main returned is no outcome yet.
// Once the search is over, each such state's goroutines left behind are run
// on until they settle (settle.ts), and the exit gives one outcome per way
// they can: who was parked at exit, who is leaked, who spins. A witness then
// goes on past main's return to where they settled. Those states are counted
// apart (`stats.settled`), so `states` keeps counting the program's own.
//
// Distributions: Go fixes a probability for one thing only, select's choice
// among ready cases ("a uniform pseudo-random selection", the spec;
// select.go shuffles its poll order), which select.ts marks on its ways
// (action.ts WayNote `uniform`). When every branching state of the graph is
// one goroutine choosing among ways with distinct odds, the
// explorer computes each outcome's exact probability by pushing probability
// along the graph in topological order. Otherwise `distribution` is absent:
// which goroutine runs next, or which parked waiter the spec level serves,
// has no probability in Go, and a report must not pretend it has.
//
// Statistics: `states` counts distinct states (the initial one included),
// `transitions` counts every step taken, `maxDepth` is the length of the
// longest shortest path from the initial state (the BFS depth).

import type { MeasureBounds } from './measure.ts';
import { measureBounds, measuredNames } from './measure.ts';
import type { Level, Scenario } from '../ir.ts';
import type { Bounds, Config } from '../config.ts';
import { makeConfig } from '../config.ts';
import type { Outcome } from '../outcome.ts';
import { outcomeKey, withSettled } from '../outcome.ts';
import type { Semantics } from '../semantics.ts';
import type { Choice, Model, Successor } from '../step.ts';
import { infeasible, initial, makeModel, successors, terminal } from '../step.ts';
import type { Race } from '../memory/words.ts';
import type { State } from '../state.ts';
import { stateKey, typeOK } from '../state.ts';
import { settle } from './settle.ts';
import type { Fairness } from './graph.ts';
import { fairnessOf, staleLoops } from './graph.ts';
import { exhaustive, labelsAlong } from './search.ts';
import type { Schedule } from './strategy.ts';

export interface ExploreOptions {
  readonly config?: Partial<Omit<Config, 'bounds'>> & { bounds?: Partial<Bounds> };
  /** Swap the model's decision points (properties/mutants use this). */
  readonly semantics?: Semantics;
  /** Check typeOK after every step (slower; the properties turn it on). */
  readonly debug?: boolean;
}

export interface OutcomeEntry {
  readonly key: string;
  readonly outcome: Outcome;
  /** A shortest schedule reaching this outcome. */
  readonly witness: Schedule;
}

export interface ExploreStats {
  readonly states: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly ms: number;
  /** The continuations after main's return (settle.ts), summed over exit states; not in `states`. */
  readonly settled: { readonly states: number; readonly transitions: number };
}

export interface ExploreResult {
  readonly scenario: string;
  readonly level: Level;
  /** Sorted by key. */
  readonly outcomes: readonly OutcomeEntry[];
  readonly stats: ExploreStats;
  /** False when a bound was hit: the outcome set may then be incomplete. */
  readonly complete: boolean;
  readonly boundHit?: { readonly kind: 'states' | 'depth'; readonly limit: number };
  /** Each outcome's probability, when Go fixes one (see the header); sorted by key. */
  readonly distribution?: readonly { readonly key: string; readonly p: number }[];
  /** Whether some sequentially consistent run has a data race (model/memory/words.ts). */
  readonly racy: boolean;
  /** Each distinct race (by word, the two sites and kinds), with a shortest schedule to it; sorted. */
  readonly races: readonly RaceReport[];
  /** Where the model approximates this scenario (memory/values.ts), in words; absent when nowhere. */
  readonly approximations?: readonly string[];
  /** At the gc level, for a scenario with `measure` bodies: each one's bound (model/explore/measure.ts). */
  readonly measured?: MeasureBounds;
}

/** One access of a race, as a report prints it. */
export interface RaceAccessReport {
  readonly site: string;
  readonly kind: 'read' | 'write';
  /** The goroutine's label. */
  readonly goroutine: string;
}

export interface RaceReport {
  readonly word: string;
  readonly first: RaceAccessReport;
  readonly second: RaceAccessReport;
  /** A shortest schedule whose last step makes the second access. */
  readonly witness: Schedule;
}

/** The model a scenario runs in under these options (level: the option's, else the case's). */
export function modelFor(s: Scenario, o: ExploreOptions = {}): Model {
  const config = makeConfig({ level: s.level ?? 'spec', ...(o.config ?? {}) });
  return makeModel(s, config, o.semantics);
}

export function explore(s: Scenario, o: ExploreOptions = {}): ExploreResult {
  const t0 = performance.now();
  const m = modelFor(s, o);
  const { maxStates, maxDepth } = m.config.bounds;
  const found = new Map<string, { outcome: Outcome; id: number; tail?: readonly Choice[] }>();
  // Exit states whose main returned: settled once the search is over (settle.ts).
  const exits: { id: number; st: State; out: Outcome }[] = [];
  // The ends of the graph, for the non-termination analysis, and the outcome each gives.
  const ends: number[] = [];
  const endKey = new Map<number, string>();
  // Branch probabilities: uniform among a state's choices, when Go gives them odds.
  const weight: number[] = [];
  let unpricedChoice = false;
  let w = 0;
  // States that are ends no run reaches (a promise left unfulfilled), and
  // states holding a promise: neither can witness non-termination.
  const promising = new Set<number>();
  // Per edge: the goroutine that stepped and whether fairness applies to its
  // way, and per state its runnable goroutines, for the stale-value loop
  // analysis; kept only when the scenario has plain words (only they have
  // value choices fairness does not reach).
  const words = m.program.wordInits.length > 0;
  const edgeG: number[] = [];
  const edgeValue: Fairness[] = [];
  const runnableGs: (readonly number[])[] = [];
  const raceFound = new Map<string, { race: Race; from: number; choice: Choice; first: string; second: string }>();

  const x = exhaustive<State, Successor>(initial(m), {
    key: stateKey,
    choice: (e) => e.choice,
    target: (e) => e.result.state,
    expand(st, id) {
      const succ = successors(m, st);
      if ((st.mem?.promises.length ?? 0) > 0) promising.add(id);
      if (succ.length === 0) {
        if (infeasible(m, st)) return succ;
        const out = terminal(m, st)!;
        ends.push(id);
        if (out.end === 'ok') {
          exits.push({ id, st, out });
          return succ;
        }
        const key = outcomeKey(out);
        if (!found.has(key)) found.set(key, { outcome: out, id });
        endKey.set(id, key);
        return succ;
      }
      if (words) runnableGs[id] = [...new Set(succ.map((x) => x.choice.actor))];
      // The engine follows a state's edges right after expanding it (search.ts), so `edge` weighs them with this.
      w = 1 / succ.length;
      if (!unpricedChoice && succ.length > 1 && !isUniformChoice(succ)) unpricedChoice = true;
      for (const { choice, result } of succ) {
        if (result.races) for (const race of result.races) noteRace(m, st, race, id, choice, raceFound);
        if (o.debug) typeOK(result.state);
      }
      return succ;
    },
    edge(_from, e) {
      weight.push(w);
      if (words) {
        edgeG.push(e.choice.actor);
        edgeValue.push(fairnessOf(e.value));
      }
    },
  }, { maxStates, maxDepth, edges: true });
  let boundHit = x.boundHit;

  // What becomes of the goroutines each exit leaves behind (settle.ts): one
  // outcome per way they can settle. Which way is the scheduler's choice, so
  // an exit that can settle in several ways has no probability of its own.
  let settledStates = 0;
  let settledTransitions = 0;
  let severalWays = false;
  for (const { id, st, out } of exits) {
    const a = settle(m, st);
    settledStates += a.states;
    settledTransitions += a.transitions;
    if (!a.complete) boundHit ??= { kind: 'states', limit: maxStates };
    if (a.ways.length !== 1) severalWays = true;
    for (const w of a.ways) {
      const o = withSettled(out, w.settled);
      const key = outcomeKey(o);
      if (!found.has(key)) found.set(key, { outcome: o, id, tail: w.path });
      if (a.ways.length === 1) endKey.set(id, key);
    }
  }

  const n = x.states;
  let distribution: ExploreResult['distribution'];
  if (boundHit === undefined) {
    let stuck = firstStuck(n, x.from, x.to, ends, promising);
    if (stuck < 0 && words) stuck = firstStaleLoop(n, x.from, x.to, edgeG, edgeValue, runnableGs, promising);
    if (stuck >= 0) found.set('may-not-terminate', { outcome: { end: 'may-not-terminate', obs: {} }, id: stuck });
    else if (!unpricedChoice && !severalWays) distribution = outcomeProbabilities(n, x.from, x.to, weight, endKey);
  }

  const outcomes: OutcomeEntry[] = [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { outcome, id, tail }]) => ({ key, outcome, witness: witness(m, s.name, [...x.pathTo(id), ...(tail ?? [])]) }));
  const races = [...raceFound.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, f]) => raceReport(m, s.name, f.race, f.first, f.second, [...x.pathTo(f.from), f.choice]));
  return {
    scenario: s.name,
    level: m.level,
    outcomes,
    racy: races.length > 0,
    races,
    stats: { states: n, transitions: x.transitions, maxDepth: x.deepest, ms: performance.now() - t0, settled: { states: settledStates, transitions: settledTransitions } },
    complete: boundHit === undefined,
    ...(boundHit ? { boundHit } : {}),
    ...(distribution ? { distribution } : {}),
    ...(m.approximations.length > 0 ? { approximations: m.approximations } : {}),
    ...(m.level === 'gc' && measuredNames(m.program).length > 0 ? { measured: measureBounds(s, o.semantics ? { semantics: o.semantics } : {}) } : {}),
  };
}

/**
 * The smallest state id (ids are in BFS order, so the nearest state) from
 * which no end is reachable, or -1 when every state can reach an end.
 */
function firstStuck(n: number, from: readonly number[], to: readonly number[], ends: readonly number[], promising: ReadonlySet<number>): number {
  // Reverse adjacency in compressed form.
  const deg = new Int32Array(n + 1);
  for (const t of to) deg[t + 1]!++;
  for (let i = 0; i < n; i++) deg[i + 1]! += deg[i]!;
  const rev = new Int32Array(to.length);
  const fill = deg.slice(0, n);
  to.forEach((t, i) => (rev[fill[t]!++] = from[i]!));
  const canEnd = new Uint8Array(n);
  const queue: number[] = [];
  for (const e of ends) if (!canEnd[e]) (canEnd[e] = 1), queue.push(e);
  while (queue.length > 0) {
    const x = queue.pop()!;
    for (let k = deg[x]!; k < deg[x + 1]!; k++) {
      const y = rev[k]!;
      if (!canEnd[y]) (canEnd[y] = 1), queue.push(y);
    }
  }
  // A state holding a promise that reaches no end is a run that cannot
  // happen (its promise is never kept), not one that runs forever; from a
  // state without promises the sequentially consistent ways always remain,
  // so reaching no end there is a genuine infinite run.
  for (let i = 0; i < n; i++) if (!canEnd[i] && !promising.has(i)) return i;
  return -1;
}

/** The first state (the nearest) of the first stale loop (graph.ts), or -1. */
function firstStaleLoop(n: number, from: readonly number[], to: readonly number[], edgeG: readonly number[], edgeValue: readonly Fairness[], runnable: readonly (readonly number[] | undefined)[], promising: ReadonlySet<number>): number {
  const loops = staleLoops({ n, from, to, edgeG, edgeValue, runnable, excluded: promising });
  return loops.length > 0 ? loops[0]![0]! : -1;
}

/** Records a race once per (word, the two accesses' sites and kinds), keeping the first (shortest) witness. */
function noteRace(m: Model, st: State, race: Race, from: number, choice: Choice, found: Map<string, { race: Race; from: number; choice: Choice; first: string; second: string }>): void {
  const label = (goid: number): string => st.gs[goid - 1]?.label ?? `g${goid}`;
  const first = label(race.first.goid);
  const second = label(race.second.goid);
  const [a, b] = [`${race.first.kind}@${race.first.site}`, `${race.second.kind}@${race.second.site}`].sort();
  const key = `${m.program.objects.find((o) => o.word === race.word)?.name ?? race.word}|${a}|${b}`;
  if (!found.has(key)) found.set(key, { race, from, choice, first, second });
}

function raceReport(m: Model, scenario: string, race: Race, first: string, second: string, path: readonly Choice[]): RaceReport {
  const word = m.program.objects.find((o) => o.word === race.word)?.name ?? String(race.word);
  return {
    word,
    first: { site: race.first.site, kind: race.first.kind, goroutine: first },
    second: { site: race.second.site, kind: race.second.kind, goroutine: second },
    witness: witness(m, scenario, path),
  };
}

/** Are these one goroutine's choices among ways Go gives distinct odds (action.ts WayNote `uniform`)? */
function isUniformChoice(succ: readonly Successor[]): boolean {
  const ids = new Set<number>();
  for (const x of succ) {
    if (x.choice.actor !== succ[0]!.choice.actor || x.uniform === undefined || ids.has(x.uniform)) return false;
    ids.add(x.uniform);
  }
  return true;
}

/**
 * Pushes probability 1 from the initial state along weighted edges in
 * topological order (Kahn); undefined when the graph has a cycle (a loop
 * whose probability of exit would need solving, not pushing).
 */
function outcomeProbabilities(n: number, from: readonly number[], to: readonly number[], weight: readonly number[], endKey: ReadonlyMap<number, string>): { key: string; p: number }[] | undefined {
  const indeg = new Int32Array(n);
  for (const t of to) indeg[t]!++;
  const out: number[][] = Array.from({ length: n }, () => []);
  from.forEach((f, i) => out[f]!.push(i));
  const prob = new Float64Array(n);
  prob[0] = 1;
  const ready = [0];
  let visited = 0;
  while (ready.length > 0) {
    const x = ready.pop()!;
    visited++;
    for (const e of out[x]!) {
      const y = to[e]!;
      prob[y]! += prob[x]! * weight[e]!;
      if (--indeg[y]! === 0) ready.push(y);
    }
  }
  if (visited < n) return undefined;
  const byKey = new Map<string, number>();
  for (const [id, key] of endKey) byKey.set(key, (byKey.get(key) ?? 0) + prob[id]!);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, p]) => ({ key, p }));
}


/** A path of choices from the initial state as a Schedule (search.ts labelsAlong). */
function witness(m: Model, scenario: string, path: readonly Choice[]): Schedule {
  return { scenario, level: m.level, steps: labelsAlong(m, path) };
}
