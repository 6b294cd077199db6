// sync.Cond at the gc level, over generated programs that wait on one cond
// (properties/arbitraries/conded.ts), each searched exhaustively:
//   - signalReadiesOldest: a Signal readies the goroutine that joined the
//     notify list first (runtime/sema.go notifyListNotifyOne wakes the
//     oldest ticket not yet notified). The monitor keeps its own record of
//     the order in which goroutines entered Wait, from the steps' labels,
//     and compares each Signal's wake with it — not with the model's list.
//   - broadcastReadiesAll: after a Broadcast, no goroutine that entered
//     Wait before it is still waiting on c (notifyListNotifyAll).

import fc from 'fast-check';
import type { Scenario } from '../../model/ir.ts';
import { choiceLabel } from '../../model/step.ts';
import { CLOCK } from '../../model/time.ts';
import { COND_WAIT } from '../../model/sync/cond.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { condScenario } from '../arbitraries/conded.ts';
import type { StepVisit } from '../states.ts';
import { everyStep } from '../states.ts';

/** The states a run's search may visit: larger programs are left out (fc.pre). */
const BOUND = 6_000;

/** Goroutines in Wait on c, in the order they entered it, from what each step did. */
type Waiting = readonly number[];

const inCondWait = (v: StepVisit<Waiting>, g: number): boolean => {
  const x = v.after.gs[g - 1];
  return x?.status === 'waiting' && x.waitreason === COND_WAIT;
};

/** A property of every step of generated cond programs, with the waiting order as memory. */
function overWaits(name: string, claim: string, check: (v: StepVisit<Waiting> & { label: string; waiting: Waiting; left: readonly number[] }) => string | null): PropertyCheck {
  return {
    name,
    claim,
    run: (sem, over) =>
      assertProperty(condScenario(), (sc: Scenario) => {
        const r = everyStep<Waiting>(sc, { semantics: sem, level: 'gc', bound: BOUND }, [], (v) => {
          if (v.choice.actor === CLOCK) return { memory: v.memory };
          const label = choiceLabel(v.m, v.before, v.choice);
          const g = v.choice.actor;
          let waiting = v.memory;
          if (/: condwait c( |$)/.test(label) && inCondWait(v, g)) waiting = [...waiting, g];
          const left = waiting.filter((w) => !inCondWait(v, w));
          const broke = check({ ...v, label, waiting, left });
          return broke ?? { memory: waiting.filter((w) => !left.includes(w)) };
        });
        fc.pre(r.complete);
      }, 40, over),
  };
}

export const signalReadiesOldest = overWaits('signalReadiesOldest', 'at gc: Cond.Signal readies the goroutine that has waited longest', ({ label, waiting, left }) => {
  if (!/: signal c( |$)/.test(label) || left.length === 0) return null;
  return left.length === 1 && left[0] === waiting[0]
    ? null
    : `${label} readied ${left.map((g) => `g${g}`).join(' ')}, but g${waiting[0]} entered Wait first (waiting: ${waiting.map((g) => `g${g}`).join(' ')})`;
});

export const broadcastReadiesAll = overWaits('broadcastReadiesAll', 'at gc: Cond.Broadcast readies every goroutine waiting on the cond', ({ label, waiting, left }) => {
  if (!/: broadcast c( |$)/.test(label)) return null;
  const still = waiting.filter((g) => !left.includes(g));
  return still.length === 0 ? null : `${label} left ${still.map((g) => `g${g}`).join(' ')} waiting`;
});
