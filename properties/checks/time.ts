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

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../model/ir.ts';
import type { Model } from '../../model/step.ts';
import { choiceLabel, isDeadlock } from '../../model/step.ts';
import { explore } from '../../model/explore/oracle.ts';
import { checkExpectation, describeExpectationFailure } from '../../harness/check.ts';
import { formatLoadError, loadCases } from '../../harness/load.ts';
import type { State } from '../../model/state.ts';
import { CLOCK, clockWays } from '../../model/time.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { funcTimerScenario, timedScenario, timerScenario } from '../arbitraries/timed.ts';
import { everyState, everyStep, LEVELS } from '../states.ts';
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

// ---------------------------------------------------------------------------
// Timers made with time.NewTimer (ir.ts timer objects), over
// timerScenario: programs with a timer t that goroutines wait on, stop and
// reset, under both timer semantics (model/time.ts TimerChan).
//   - timerFiresOnTime (also over funcTimerScenario, where t is a
//     time.AfterFunc timer whose fire starts a goroutine): t fires no
//     earlier than the deadline its making or its last Reset set, and never
//     after a Stop or a fire left it disarmed. The monitor keeps t's deadline from the program's durations
//     and the steps' labels; from the model it takes only how far each
//     clock step moved time on.
//   - stopLeavesNoStaleValue: once Stop or Reset returns, a value the timer
//     sent before is still in its channel under go 1.18 (the old semantics
//     leave it) and gone under go 1.23 (no stale value can be received).
//   - timeCorpusAgrees: every corpus/time case's expectation agrees with
//     what the explorer computes (the cases that show each version's
//     behaviour: a stale value, a forgotten ticker that hides a deadlock).

/** What timerFiresOnTime remembers: the time now (ns) and t's deadline (ns), null while t is disarmed. */
interface TimerClock {
  readonly now: number;
  readonly due: number | null;
}

/** The channel index of the scenario's timer t. */
function timerChan(m: Model): number {
  return m.program.timers[0]!.chan;
}

export const timerFiresOnTime: PropertyCheck = {
  name: 'timerFiresOnTime',
  claim: 'at gc: a timer fires (sends its value, or starts its func) no earlier than its deadline, and never while it is stopped',
  run: (sem, over) =>
    assertProperty(fc.oneof(timerScenario('gc'), funcTimerScenario('gc')), (sc: Scenario) => {
      const t0 = (sc.objects!.t as { ns: number }).ns;
      const r = everyStep<TimerClock>(sc, { semantics: sem, level: 'gc' }, { now: 0, due: t0 }, ({ m, before, choice, memory }) => {
        let { now, due } = memory;
        const label = choiceLabel(m, before, choice);
        if (choice.actor === CLOCK) {
          const way = clockWays(m, before)[choice.alt]!;
          if (way.kind === 'advance') now += way.by * m.quantum;
          else if (label.startsWith('clock: fires t')) {
            if (due === null) return `t fired at ${now} ns while stopped (or after it had fired)`;
            if (now < due) return `t fired at ${now} ns, before its deadline ${due} ns`;
            due = null;
          }
        } else {
          const reset = / reset t (\d+)( \(it ran first\))?$/.exec(label);
          if (reset) due = now + Number(reset[1]);
          else if (/ stop t( \(it ran first\))?$/.test(label)) due = null;
        }
        return { memory: { now, due } };
      });
      fc.pre(r.complete);
    }, 100, over),
};

export const stopLeavesNoStaleValue: PropertyCheck = {
  name: 'stopLeavesNoStaleValue',
  claim: "Stop and Reset leave a value already sent in t's channel under go 1.18 and take it out under go 1.23",
  run: (sem, over) =>
    assertProperty(fc.tuple(timerScenario('gc'), LEVELS), ([sc, level]) => {
      const r = everyStep<null>(sc, { semantics: sem, level }, null, ({ m, before, choice, after }) => {
        if (choice.actor === CLOCK || !/ (stop|reset) t/.test(choiceLabel(m, before, choice))) return { memory: null };
        const was = before.chans[timerChan(m)]!.buf.length;
        const left = after.chans[timerChan(m)]!.buf.length;
        if (m.timerChan === 'sync' && left > 0) return `under go ${sc.goVersion} a value is still in t's channel after ${choiceLabel(m, before, choice)}: a stale value can be received`;
        if (m.timerChan === 'async' && left < was) return `under go ${sc.goVersion} ${choiceLabel(m, before, choice)} took the value out of t's channel; the old semantics leave it there`;
        return { memory: null };
      });
      fc.pre(r.complete);
    }, 100, over),
};

const TIME_CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus', 'time');

let timeLoaded: readonly Scenario[] | null = null;

function timeCases(): readonly Scenario[] {
  if (timeLoaded) return timeLoaded;
  const { cases, errors } = loadCases([TIME_CORPUS]);
  if (errors.length > 0) throw new Error(`corpus/time does not load: ${errors.map(formatLoadError).join('; ')}`);
  timeLoaded = cases.map((c) => c.scenario).filter((s) => s.status !== 'skip');
  return timeLoaded;
}

export const timeCorpusAgrees: PropertyCheck = {
  name: 'timeCorpusAgrees',
  claim: "every corpus/time case's expectation agrees with the explorer",
  run: (sem) => {
    for (const s of timeCases()) {
      const report = checkExpectation(s, explore(s, { semantics: sem }));
      if (!report.ok) throw new Error(`${s.name}: ${report.failures.map(describeExpectationFailure).join('; ')}`);
    }
  },
};
