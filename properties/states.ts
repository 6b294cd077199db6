// The two ways a property looks at a scenario's runs, each exhaustive and
// each with a replay handle on failure (docs/style.md habit 11):
//   - `everyState`: every reachable state, breadth first with state hashing
//     (model/explore/search.ts, the oracle's engine, with a visitor) — for invariants of a state;
//   - `everyStep`: every step of every run, with a monitor that remembers
//     what the law needs of the run's history (FIFO order, what close did) —
//     for laws about histories. Runs that reach the same state with the same
//     memory are folded, as state hashing folds them.
// A visitor that finds a violation says what broke in a sentence; the search
// then throws a Violation carrying the schedule that reaches it.

import fc from 'fast-check';
import type { Level, Scenario } from '../model/ir.ts';
import type { Semantics } from '../model/semantics.ts';
import type { Choice, Model } from '../model/step.ts';
import { enabled, initial, step } from '../model/step.ts';
import type { State } from '../model/state.ts';
import { stateKey } from '../model/state.ts';
import { modelFor } from '../model/explore/oracle.ts';
import { exhaustive, labelsAlong } from '../model/explore/search.ts';
import { scenario } from './arbitraries/scenario.ts';
import type { PropertyCheck } from './check.ts';
import { assertProperty } from './check.ts';

/** Both conformance levels: most properties hold at each. */
export const LEVELS = fc.constantFrom<Level>('spec', 'gc');

/**
 * A property of every reachable state of generated scenarios, at both
 * levels: `visit` returns what broke (the visit's model says at which
 * level), or null. Scenarios whose search hits the bound are discarded.
 */
export function stateProperty(name: string, claim: string, visit: (v: StateVisit) => string | null, numRuns = 100): PropertyCheck {
  return {
    name,
    claim,
    run: (sem, over) =>
      assertProperty(fc.tuple(scenario(), LEVELS), ([sc, level]) => {
        fc.pre(everyState(sc, { semantics: sem, level }, visit).complete);
      }, numRuns, over),
  };
}

export interface RunOptions {
  readonly semantics?: Semantics;
  readonly level?: Level;
  /** Stop after this many distinct states (everyState) or state-and-memory pairs (everyStep). */
  readonly bound?: number;
}

/** A property failed: what broke, and the schedule that gets there. */
export class Violation extends Error {
  constructor(readonly what: string, readonly steps: readonly string[]) {
    super(`${what}\n  schedule:\n${steps.map((l, i) => `    ${i + 1}. ${l}`).join('\n') || '    (the initial state)'}`);
  }
}

export interface StateVisit {
  readonly m: Model;
  readonly s: State;
  /** The enabled choices of s; empty for a state that has ended. */
  readonly choices: readonly Choice[];
}

/**
 * Visits every reachable state once (model/explore/search.ts, breadth
 * first). Returns whether the search completed within the bound (a property
 * discards incomplete scenarios).
 */
export function everyState(sc: Scenario, o: RunOptions, visit: (v: StateVisit) => string | null): { complete: boolean; states: number } {
  const m = modelFor(sc, { ...(o.semantics ? { semantics: o.semantics } : {}), ...(o.level ? { config: { level: o.level } } : {}) });
  const x = exhaustive<State, { choice: Choice; to: State }>(initial(m), {
    key: stateKey,
    choice: (e) => e.choice,
    target: (e) => e.to,
    expand(s, id, x) {
      const choices = enabled(m, s);
      const bad = visit({ m, s, choices });
      if (bad !== null) throw new Violation(bad, labelsAlong(m, x.pathTo(id)));
      return choices.map((c) => ({ choice: c, to: step(m, s, c).state }));
    },
  }, { maxStates: o.bound ?? 20_000 });
  return { complete: x.complete, states: x.states };
}

export interface StepVisit<M> {
  readonly m: Model;
  readonly before: State;
  readonly choice: Choice;
  readonly after: State;
  /** What the monitor remembers of the run so far, before this step. */
  readonly memory: M;
}

/**
 * Visits every step of every run: a breadth-first search (search.ts) over
 * pairs of a state and a monitor's memory of the run that led to it. The
 * memory must be plain data whose JSON is canonical (equal memories, equal
 * JSON): two runs reaching the same state with the same memory are explored
 * once. `visit` returns the memory after the step, or a sentence saying what
 * broke.
 */
export function everyStep<M>(
  sc: Scenario,
  o: RunOptions,
  start: M,
  visit: (v: StepVisit<M>) => { readonly memory: M } | string,
): { complete: boolean; states: number } {
  const m = modelFor(sc, { ...(o.semantics ? { semantics: o.semantics } : {}), ...(o.level ? { config: { level: o.level } } : {}) });
  interface Node { readonly s: State; readonly memory: M }
  const x = exhaustive<Node, { choice: Choice; to: Node }>({ s: initial(m), memory: start }, {
    key: (n) => `${stateKey(n.s)}|${JSON.stringify(n.memory)}`,
    choice: (e) => e.choice,
    target: (e) => e.to,
    expand({ s, memory }, id, x) {
      return enabled(m, s).map((c) => {
        const r = step(m, s, c);
        const v = visit({ m, before: s, choice: c, after: r.state, memory });
        if (typeof v === 'string') throw new Violation(v, labelsAlong(m, [...x.pathTo(id), c]));
        return { choice: c, to: { s: r.state, memory: v.memory } };
      });
    },
  }, { maxStates: o.bound ?? 20_000 });
  return { complete: x.complete, states: x.states };
}
