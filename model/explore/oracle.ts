// The oracle: exhaustive breadth-first search over a scenario's states, with
// state hashing, that computes the set of allowed outcomes, each with a
// shortest witness schedule, and the exploration statistics a case may pin
// (`explored: { states, maxDepth }`).
//
// Breadth-first order makes every witness a shortest schedule to its
// outcome. States are hashed with `stateKey`; a state seen before is not
// expanded again, which folds the repeated states of unbounded loops. What
// the hashing cannot fold is guarded by bounds (Config.bounds): hitting one
// sets `complete: false` and `boundHit`, and every report says so.
//
// Statistics: `states` counts distinct states (the initial one included),
// `transitions` counts every step taken, `maxDepth` is the length of the
// longest shortest path from the initial state (the BFS depth).

import type { Level, Scenario } from '../ir.ts';
import type { Bounds, Config } from '../config.ts';
import { makeConfig } from '../config.ts';
import type { Outcome } from '../outcome.ts';
import { outcomeKey } from '../outcome.ts';
import type { Semantics } from '../semantics.ts';
import type { Choice, Model } from '../step.ts';
import { choiceLabel, enabled, initial, makeModel, step, terminal } from '../step.ts';
import type { State } from '../state.ts';
import { stateKey, typeOK } from '../state.ts';
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
  const init = initial(m);
  // Per state id: its parent id and the choice taken there (for witnesses), and its depth.
  const parent: number[] = [-1];
  const via: Choice[] = [{ goid: 0, alt: 0 }];
  const depth: number[] = [0];
  const seen = new Map<string, number>([[stateKey(init), 0]]);
  const found = new Map<string, { outcome: Outcome; id: number }>();
  let frontier: { id: number; s: State }[] = [{ id: 0, s: init }];
  let transitions = 0;
  let deepest = 0;
  let boundHit: ExploreResult['boundHit'];

  search: while (frontier.length > 0) {
    const next: { id: number; s: State }[] = [];
    for (const { id, s: st } of frontier) {
      const choices = enabled(m, st);
      if (choices.length === 0) {
        const out = terminal(m, st)!;
        const key = outcomeKey(out);
        if (!found.has(key)) found.set(key, { outcome: out, id });
        continue;
      }
      if (depth[id]! >= maxDepth) {
        boundHit = { kind: 'depth', limit: maxDepth };
        continue;
      }
      for (const c of choices) {
        const r = step(m, st, c);
        transitions++;
        if (o.debug) typeOK(r.state);
        const key = stateKey(r.state);
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          boundHit = { kind: 'states', limit: maxStates };
          break search;
        }
        const nid = parent.length;
        seen.set(key, nid);
        parent.push(id);
        via.push(c);
        depth.push(depth[id]! + 1);
        deepest = Math.max(deepest, depth[id]! + 1);
        next.push({ id: nid, s: r.state });
      }
    }
    frontier = next;
  }

  const outcomes: OutcomeEntry[] = [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { outcome, id }]) => ({ key, outcome, witness: witness(m, s.name, pathTo(id, parent, via)) }));
  return {
    scenario: s.name,
    level: m.level,
    outcomes,
    stats: { states: seen.size, transitions, maxDepth: deepest, ms: performance.now() - t0 },
    complete: boundHit === undefined,
    ...(boundHit ? { boundHit } : {}),
  };
}

function pathTo(id: number, parent: readonly number[], via: readonly Choice[]): Choice[] {
  const path: Choice[] = [];
  for (let i = id; i > 0; i = parent[i]!) path.push(via[i]!);
  return path.reverse();
}

/** Replays choices from the initial state to print their labels. */
function witness(m: Model, scenario: string, path: readonly Choice[]): Schedule {
  let st = initial(m);
  const steps: string[] = [];
  for (const c of path) {
    steps.push(choiceLabel(m, st, c));
    st = step(m, st, c).state;
  }
  return { scenario, level: m.level, steps };
}
