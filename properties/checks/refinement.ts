// gcRefinesSpec (docs/style.md habit 18): every outcome the gc level allows, the
// spec level allows too. gc only narrows choices (FIFO wait queues, …); a
// gc-level outcome the spec level cannot produce is a gc rule that invents
// behaviour instead of choosing among the spec's.

import { explore } from '../../model/explore/oracle.ts';
import fc from 'fast-check';
import type { Scenario } from '../../model/ir.ts';
import type { Semantics } from '../../model/semantics.ts';
import { scenario } from '../arbitraries/scenario.ts';
import { funcTimerScenario, timedScenario, timerScenario } from '../arbitraries/timed.ts';
import { condScenario } from '../arbitraries/conded.ts';
import { mutexScenario } from '../arbitraries/mutexed.ts';
import { formatSteps } from '../../harness/report/console.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';

const BOUND = { maxStates: 20_000 };

export const gcRefinesSpec: PropertyCheck = {
  name: 'gcRefinesSpec',
  claim: 'every outcome explored at gc is an outcome explored at spec',
  run: (sem, over) =>
    assertProperty(scenario(), (sc) => refines(sc, sem), 150, over),
};

/**
 * gcRefinesSpec over programs that sleep (properties/arbitraries/timed.ts):
 * the gc level's clock (model/time.ts) parks sleepers on timers where the
 * spec level's sleep is one step, and must add no outcome either.
 */
export const timedGcRefinesSpec: PropertyCheck = {
  name: 'timedGcRefinesSpec',
  claim: 'on programs that sleep, every outcome explored at gc (with the clock) is an outcome explored at spec',
  run: (sem, over) => assertProperty(timedScenario(), (sc) => refines(sc, sem), 100, over),
};

/**
 * gcRefinesSpec over programs with a timer (a channel one or an AfterFunc) they wait on, stop and reset,
 * under both timer semantics: at the spec level a timer may fire at any
 * moment, at the gc level at its deadline, which must add no outcome.
 */
export const timerGcRefinesSpec: PropertyCheck = {
  name: 'timerGcRefinesSpec',
  claim: 'on programs with a timer, every outcome explored at gc (deadlines) is an outcome explored at spec (any time)',
  run: (sem, over) => assertProperty(fc.oneof(timerScenario(), funcTimerScenario()), (sc) => refines(sc, sem), 100, over),
};

/**
 * gcRefinesSpec over programs that contend for a mutex
 * (properties/arbitraries/mutexed.ts): the gc level's queue order, waiter
 * ages and starvation mode (model/sync/mutex.ts) only choose among the
 * spec level's behaviours, and must add no outcome.
 */
export const mutexGcRefinesSpec: PropertyCheck = {
  name: 'mutexGcRefinesSpec',
  claim: 'on programs contending for a mutex, every outcome explored at gc (FIFO queue, starvation mode) is an outcome explored at spec',
  run: (sem, over) => assertProperty(mutexScenario(), (sc) => refines(sc, sem), 40, over),
};

/**
 * gcRefinesSpec over programs that wait on a Cond
 * (properties/arbitraries/conded.ts): the gc level's notify-list order
 * (Signal readies the oldest waiter) only chooses among the spec level's
 * behaviours.
 */
export const condGcRefinesSpec: PropertyCheck = {
  name: 'condGcRefinesSpec',
  claim: 'on programs waiting on a cond, every outcome explored at gc (the notify list in ticket order) is an outcome explored at spec',
  run: (sem, over) => assertProperty(condScenario(), (sc) => refines(sc, sem), 40, over),
};

function refines(sc: Scenario, sem: Semantics): void {
  const gc = explore(sc, { semantics: sem, config: { level: 'gc', bounds: BOUND } });
  const spec = explore(sc, { semantics: sem, config: { level: 'spec', bounds: BOUND } });
  fc.pre(gc.complete && spec.complete);
  const allowed = new Set(spec.outcomes.map((o) => o.key));
  const extra = gc.outcomes.find((o) => !allowed.has(o.key));
  if (extra) {
    throw new Error(`gc allows ${extra.key}, spec does not (spec: ${[...allowed].join(' | ')})\n  gc witness:\n${formatSteps(extra.witness, '    ').join('\n')}`);
  }
}
