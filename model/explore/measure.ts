// The model's bound on each `measure` body of a scenario (ir.ts): the
// longest the body takes, over every run, at the gc level on an ideal
// machine whose steps take no time (Config.stepCost 'zero': time passes
// only while no goroutine can run, model/time.ts). That is the figure the
// gc runtime's own policies fix — a mutex waiter's wait before starvation
// mode hands it the lock, a timer's fire after its deadline — with the
// machine's delays left out; a real run's measurements are reported
// against it (harness/check.ts measureReports), never asserted.
//
// The search runs over pairs of a state and a monitor of the run's time:
// the time now and, for each goroutine inside a measure body, when it
// entered. Time is absolute here, so a scenario whose runs go on for ever
// has no bound to compute: the search stops at its state bound and says so
// (`complete` false). At the spec level time orders nothing and a body's
// duration has no bound: there is nothing to compute.

import type { Scenario } from '../ir.ts';
import type { Program } from '../compile.ts';
import type { Bounds } from '../config.ts';
import { makeConfig } from '../config.ts';
import type { Semantics } from '../semantics.ts';
import type { Choice } from '../step.ts';
import { choiceLabel, enabled, initial, makeModel, step } from '../step.ts';
import type { State } from '../state.ts';
import { stateKey } from '../state.ts';
import { CLOCK, clockWays } from '../time.ts';
import { exhaustive } from './search.ts';

export interface MeasureBound {
  readonly name: string;
  /** The longest a body measured under this name takes, in ns; null when no run completes one. */
  readonly maxNs: number | null;
}

export interface MeasureBounds {
  /** By name, sorted. */
  readonly bounds: readonly MeasureBound[];
  /** False when the search hit its bound: a longer run may exist. */
  readonly complete: boolean;
}

interface Node {
  readonly s: State;
  /** Time now, ns. */
  readonly now: number;
  /** [goid, name, entered at (ns)] of every goroutine inside a measure body. */
  readonly open: readonly (readonly [number, string, number])[];
}

/** The names a compiled program measures under, sorted; empty when it measures nothing. */
export function measuredNames(p: Program): readonly string[] {
  const names = new Set<string>();
  for (const u of p.units) for (const i of u.code) if (i.op === 'measure') names.add(i.name);
  return [...names].sort();
}

/** Each measured body's longest duration at the gc level with steps that take no time. */
export function measureBounds(s: Scenario, o: { semantics?: Semantics; bounds?: Partial<Bounds> } = {}): MeasureBounds {
  const m = makeModel(s, makeConfig({ level: 'gc', stepCost: 'zero', bounds: { maxStates: 200_000, ...(o.bounds ?? {}) } }), o.semantics);
  const max = new Map<string, number>(measuredNames(m.program).map((name) => [name, -1]));
  const x = exhaustive<Node, { choice: Choice; to: Node }>({ s: initial(m), now: 0, open: [] }, {
    key: (n) => `${stateKey(n.s)}|${n.now}|${JSON.stringify(n.open)}`,
    choice: (e) => e.choice,
    target: (e) => e.to,
    expand(n) {
      return enabled(m, n.s).map((c) => {
        let { now, open } = n;
        if (c.actor === CLOCK) {
          const way = clockWays(m, n.s)[c.alt]!;
          if (way.kind === 'advance') now += way.by * m.quantum;
        } else {
          // The step's label says what it runs (a woken goroutine first finishes the operation it parked in, so its pc does not).
          const edge = / measure (\S+) (start|end)$/.exec(choiceLabel(m, n.s, c));
          if (edge?.[2] === 'start') open = [...open, [c.actor, edge[1]!, now]];
          if (edge?.[2] === 'end') {
            const name = edge[1]!;
            const at = open.findIndex(([g, x]) => g === c.actor && x === name);
            if (at >= 0) {
              max.set(name, Math.max(max.get(name) ?? -1, now - open[at]![2]));
              open = open.filter((_, i) => i !== at);
            }
          }
        }
        return { choice: c, to: { s: step(m, n.s, c).state, now, open } };
      });
    },
  }, { maxStates: m.config.bounds.maxStates, maxDepth: m.config.bounds.maxDepth });
  const bounds = [...max].map(([name, v]) => ({ name, maxNs: v < 0 ? null : v }));
  return { bounds, complete: x.complete };
}
