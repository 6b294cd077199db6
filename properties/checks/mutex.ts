// Properties of sync.Mutex at the gc level (model/sync/mutex.ts: the
// semaphore's queue, starvation mode), over generated programs that contend
// for one mutex (properties/arbitraries/mutexed.ts):
//   - mutualExclusion: no two goroutines hold mu at once. The monitor
//     counts holders from the steps alone: a Lock that goes on, a TryLock
//     that succeeds, an Unlock.
//   - wakesQueueHead: an Unlock in normal mode readies the waiter at the
//     head of the queue (runtime/sema.go semrelease1 dequeues the head;
//     a waiter that lost once is at the head again, semacquire1's lifo).
//   - longWaitStarves: a woken waiter that has waited more than 1 ms
//     (mutex.go starvationThresholdNs) and finds mu held switches it to
//     starvation mode. The monitor keeps its own time and each waiter's
//     first park, and compares with the constant of mutex.go, not with
//     anything of the model's.
//   - starvationHandsOffInOrder: in starvation mode nobody takes mu but
//     the waiter it was handed to, and Unlock hands it to the head of the
//     queue: once mu starves, the waiter at position k gets it after the k
//     hand-offs ahead of it.
//   - starvationEnds: the waiter handed mu ends starvation mode when it
//     was the last waiter or waited less than 1 ms.
//   - bargingHappens: normal mode lets a newcomer take mu from a waiter
//     Unlock woke (which then parks again): on a fixed program, some run
//     shows it, so an always-FIFO mutex is told apart.

import fc from 'fast-check';
import type { Scenario } from '../../model/ir.ts';
import type { Model } from '../../model/step.ts';
import { choiceLabel } from '../../model/step.ts';
import type { State } from '../../model/state.ts';
import type { Mutex } from '../../model/sync/mutex.ts';
import { STARVATION_THRESHOLD_NS } from '../../model/sync/mutex.ts';
import { CLOCK, clockWays } from '../../model/time.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { mutexScenario } from '../arbitraries/mutexed.ts';
import type { StepVisit } from '../states.ts';
import { everyStep } from '../states.ts';

/** The states a run's search may visit: larger programs are left out (fc.pre), so that a property stays within seconds. */
const BOUND = 6_000;

function mu(m: Model, s: State): Mutex {
  return s.syncs[m.program.objects.find((o) => o.name === 'mu')!.sync]! as Mutex;
}

/** A property of every step of generated mutex programs: `visit` says what broke, or null. */
function overSteps(name: string, claim: string, visit: (v: StepVisit<null> & { label: string }) => string | null, numRuns = 40): PropertyCheck {
  return {
    name,
    claim,
    run: (sem, over) =>
      assertProperty(mutexScenario(), (sc: Scenario) => {
        const r = everyStep<null>(sc, { semantics: sem, level: 'gc', bound: BOUND }, null, (v) => {
          const broke = visit({ ...v, label: choiceLabel(v.m, v.before, v.choice) });
          return broke ?? { memory: null };
        });
        fc.pre(r.complete);
      }, numRuns, over),
  };
}

/** Who holds mu, from the steps: the monitor of mutualExclusion. */
export const mutualExclusion: PropertyCheck = {
  name: 'mutualExclusion',
  claim: 'at gc: no two goroutines hold a mutex at once',
  run: (sem, over) =>
    assertProperty(mutexScenario(), (sc: Scenario) => {
      const r = everyStep<readonly number[]>(sc, { semantics: sem, level: 'gc', bound: BOUND }, [], ({ m, before, choice, after, memory }) => {
        if (choice.actor === CLOCK) return { memory };
        const label = choiceLabel(m, before, choice);
        const g = choice.actor;
        const goesOn = after.gs[g - 1]!.status !== 'waiting';
        let holders = memory;
        if ((/: lock mu( \(|$)/.test(label) && goesOn) || /: trylock mu → true$/.test(label)) {
          if (holders.length > 0) return `g${g} takes mu while g${holders[0]} holds it (${label})`;
          holders = [g];
        } else if (/: unlock mu( |$)/.test(label)) holders = [];
        return { memory: holders };
      });
      fc.pre(r.complete);
    }, 40, over),
};

export const wakesQueueHead = overSteps('wakesQueueHead', 'at gc: an Unlock in normal mode readies the head of the queue', ({ m, before, after }) => {
  const b = mu(m, before);
  const a = mu(m, after);
  if (b.starving || b.woken !== 0 || a.woken === 0 || a.woken === b.woken) return null;
  return a.woken === b.sema[0] ? null : `Unlock readied g${a.woken}, but g${b.sema[0]} heads the queue [${b.sema.map((x) => `g${x}`).join(' ')}]`;
});

/** What longWaitStarves and starvationEnds remember: the time now (ns) and when each waiter first parked in its Lock, [goid, ns] by goid. */
interface Waits {
  readonly now: number;
  readonly since: readonly (readonly [number, number])[];
}

/** A monitor of waiting times, and a check of each goroutine step against them. */
function overWaits(name: string, claim: string, check: (v: { m: Model; before: State; after: State; goid: number; waitedNs: number | null }) => string | null): PropertyCheck {
  return {
    name,
    claim,
    run: (sem, over) =>
      assertProperty(mutexScenario(), (sc: Scenario) => {
        const r = everyStep<Waits>(sc, { semantics: sem, level: 'gc', bound: BOUND }, { now: 0, since: [] }, ({ m, before, choice, after, memory }) => {
          if (choice.actor === CLOCK) {
            const way = clockWays(m, before)[choice.alt]!;
            return { memory: way.kind === 'advance' ? { ...memory, now: memory.now + way.by * m.quantum } : memory };
          }
          const g = choice.actor;
          const start = memory.since.find(([x]) => x === g)?.[1];
          const broke = check({ m, before, after, goid: g, waitedNs: start === undefined ? null : memory.now - start });
          if (broke) return broke;
          const b = mu(m, before);
          const a = mu(m, after);
          const wasWaiting = b.sema.includes(g) || b.woken === g || b.handoff === g;
          const waits = a.sema.includes(g) || a.woken === g || a.handoff === g;
          let since = memory.since;
          if (!wasWaiting && waits && start === undefined) since = [...since, [g, memory.now] as const].sort((x, y) => x[0] - y[0]);
          if (!waits && after.gs[g - 1]!.status !== 'waiting') since = since.filter(([x]) => x !== g);
          return { memory: { now: memory.now, since } };
        });
        fc.pre(r.complete);
      }, 40, over),
  };
}

/** Waited more than the threshold for certain: at least one quantum more, as the clock's ticks can tell (model/time.ts digitization). */
const surelyLong = (m: Model, ns: number | null): boolean => ns !== null && ns >= STARVATION_THRESHOLD_NS + m.quantum;
/** Waited less than the threshold for certain. */
const surelyShort = (m: Model, ns: number | null): boolean => ns !== null && ns <= STARVATION_THRESHOLD_NS - m.quantum;

export const longWaitStarves = overWaits('longWaitStarves', 'at gc: a woken waiter that waited more than 1 ms and finds the mutex held puts it in starvation mode', ({ m, before, after, goid, waitedNs }) => {
  const b = mu(m, before);
  const a = mu(m, after);
  if (b.woken !== goid || !a.sema.includes(goid) || !b.locked) return null;
  return surelyLong(m, waitedNs) && !a.starving ? `g${goid} waited ${waitedNs} ns, lost mu again, and the mutex is not starving` : null;
});

export const starvationEnds = overWaits('starvationEnds', 'at gc: the waiter handed the mutex ends starvation mode when it was the last waiter or waited less than 1 ms', ({ m, before, after, goid, waitedNs }) => {
  const b = mu(m, before);
  const a = mu(m, after);
  if (b.handoff !== goid || a.handoff === goid) return null;
  if (a.starving && a.sema.length === 0) return `g${goid} took mu as the last waiter, and the mutex still starves`;
  if (a.starving && surelyShort(m, waitedNs)) return `g${goid} waited only ${waitedNs} ns, and the mutex still starves`;
  return null;
});

export const starvationHandsOffInOrder = overSteps('starvationHandsOffInOrder', 'at gc: in starvation mode the lock goes to the head of the queue, and nobody else takes it', ({ m, before, after, choice, label }) => {
  const b = mu(m, before);
  const a = mu(m, after);
  if (!b.starving) return null;
  if (!b.locked && a.locked && choice.actor !== b.handoff) return `g${choice.actor} took the starving mutex, which was handed to g${b.handoff} (${label})`;
  if (b.locked && !a.locked && b.sema.length > 0 && a.handoff !== b.sema[0]) return `Unlock of the starving mutex handed it to ${a.handoff === 0 ? 'nobody' : `g${a.handoff}`}, not to g${b.sema[0]}, the head of the queue`;
  return null;
});

/**
 * Main holds mu for 2 ms while a worker parks on it; then main unlocks
 * (readying the worker) and locks again at once: a run in which main wins
 * and the worker parks again is barging.
 */
const BARGING: Scenario = {
  name: 'barging',
  level: 'gc',
  objects: { mu: { kind: 'mutex' }, done: { kind: 'chan' } },
  main: [
    { lock: 'mu' },
    { go: { name: 'waiter', body: [{ lock: 'mu' }, { unlock: 'mu' }, { send: { chan: 'done', value: 1 } }] } },
    { sleep: 2_000_000 },
    { unlock: 'mu' },
    { lock: 'mu' },
    { unlock: 'mu' },
    { recv: { chan: 'done' } },
  ],
};

export const bargingHappens: PropertyCheck = {
  name: 'bargingHappens',
  claim: 'at gc: in normal mode a newcomer may take the mutex from the waiter Unlock woke, which parks again',
  run: (sem) => {
    let seen = false;
    everyStep<null>(BARGING, { semantics: sem, level: 'gc', bound: BOUND }, null, ({ m, before, after, choice }) => {
      // The woken waiter ran Lock again, found the mutex taken and parked again.
      if (choice.actor !== CLOCK && mu(m, before).woken === choice.actor && mu(m, after).sema.includes(choice.actor)) seen = true;
      return { memory: null };
    });
    if (!seen) throw new Error('no run of the barging program shows the waiter main woke losing mu to main and parking again');
  },
};
