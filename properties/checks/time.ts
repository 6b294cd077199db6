// Properties of the clock (model/time.ts) over generated timed programs
// (properties/arbitraries/timed.ts), at the gc level where it runs:
//   - timersFireOnTime: a sleeping goroutine is woken no earlier than its
//     sleep's duration after it slept, and never while a sleep with an
//     earlier deadline is still pending (deadline order; ties either way).
//     The monitor keeps absolute time and each sleeper's deadline itself,
//     from the program's durations; it takes from the model only how far
//     each clock step moved time on.
//   - sleepIsNoDeadlock: a state where a goroutine sleeps always has a
//     choice (the clock's), and a deadlock is reported only with no sleeper.

import type { Scenario } from '../../model/ir.ts';
import type { Model } from '../../model/step.ts';
import { isDeadlock } from '../../model/step.ts';
import type { State } from '../../model/state.ts';
import { CLOCK, clockWays } from '../../model/time.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { timedScenario } from '../arbitraries/timed.ts';
import { everyState, everyStep } from '../states.ts';
import fc from 'fast-check';

/** What timersFireOnTime remembers of a run: the time now (ns) and each sleeper's deadline, as [goid, deadline] sorted by goid. */
interface Clocked {
  readonly now: number;
  readonly deadlines: readonly (readonly [number, number])[];
}

/** The duration of the sleep g is parked in, from the program. */
function sleepNs(m: Model, s: State, goid: number): number {
  const top = s.gs[goid - 1]!.frames.at(-1)!;
  const instr = m.program.units[top.unit]!.code[top.pc]!;
  if (instr.op !== 'sleep') throw new Error(`g${goid} sleeps at a ${instr.op}`);
  return instr.ns;
}

function sleeping(s: State, goid: number): boolean {
  const g = s.gs[goid - 1];
  return g?.status === 'waiting' && g.waitreason === 'sleep';
}

export const timersFireOnTime: PropertyCheck = {
  name: 'timersFireOnTime',
  claim: 'at gc: a sleep wakes no earlier than its duration, and sleeps wake in deadline order',
  run: (sem, over) =>
    assertProperty(timedScenario('gc'), (sc: Scenario) => {
      const r = everyStep<Clocked>(sc, { semantics: sem, level: 'gc' }, { now: 0, deadlines: [] }, ({ m, before, choice, after, memory }) => {
        let { now } = memory;
        let deadlines = memory.deadlines;
        if (choice.actor === CLOCK) {
          const way = clockWays(m, before)[choice.alt]!;
          if (way.kind === 'advance') {
            if (way.by <= 0) return `the clock stepped without moving time on (by ${way.by})`;
            now += way.by * m.quantum;
          }
          for (const [goid, due] of deadlines) {
            if (sleeping(before, goid) && !sleeping(after, goid)) {
              if (now < due) return `g${goid} woke at ${now} ns, before its deadline ${due} ns`;
              const earlier = deadlines.find(([g, d]) => g !== goid && d < due);
              if (earlier) return `g${goid} (deadline ${due} ns) woke while g${earlier[0]} (deadline ${earlier[1]} ns) still slept`;
              deadlines = deadlines.filter(([g]) => g !== goid);
            }
          }
        } else if (sleeping(after, choice.actor) && !sleeping(before, choice.actor)) {
          deadlines = [...deadlines, [choice.actor, now + sleepNs(m, after, choice.actor)] as const].sort((a, b) => a[0] - b[0]);
        }
        return { memory: { now, deadlines } };
      });
      fc.pre(r.complete);
    }, 100, over),
};

export const sleepIsNoDeadlock: PropertyCheck = {
  name: 'sleepIsNoDeadlock',
  claim: 'at gc: a state with a sleeping goroutine can move on, and no deadlock has a sleeper',
  run: (sem, over) =>
    assertProperty(timedScenario('gc'), (sc: Scenario) => {
      const r = everyState(sc, { semantics: sem, level: 'gc' }, ({ m, s, choices }) => {
        const sleeper = s.gs.find((g) => g.status === 'waiting' && g.waitreason === 'sleep');
        if (!sleeper || s.exit) return null;
        if (choices.length === 0) return `g${sleeper.goid} sleeps, yet nothing can move`;
        return isDeadlock(m, s) ? `a deadlock is reported while g${sleeper.goid} sleeps` : null;
      });
      fc.pre(r.complete);
    }, 100, over),
};
