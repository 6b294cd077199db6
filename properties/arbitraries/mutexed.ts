// `mutexScenario()`: small gc-level programs whose goroutines contend for
// one sync.Mutex `mu`, for the properties of the gc level's mutex
// (properties/checks/mutex.ts: its queue order, starvation mode, mutual
// exclusion). Main starts 2..3 workers `w1, w2, …`; each locks mu 1..2
// times, holding it for a sleep of 0..2 ms (0: no sleep) and sometimes
// sleeping 0..1 ms after the Unlock, or tries it once with TryLock; each
// ends by sending on `done`, which main receives once per worker. Main may
// take mu itself first, so that the workers queue behind it. Sleeps while
// holding the lock are what make waiters old: time passes in the clock's
// quanta (model/time.ts), and the mutex's waiters age with it.
//
// Well-formed under shrinking: built with fast-check combinators only,
// mapped to a scenario by a pure function.

import fc from 'fast-check';
import type { Scenario, Stmt } from '../../model/ir.ts';

interface RawWorker {
  readonly rounds: number;
  readonly hold: number;
  readonly rest: number;
}

const rawWorker: fc.Arbitrary<RawWorker> = fc.record({
  rounds: fc.integer({ min: 1, max: 2 }),
  hold: fc.integer({ min: 0, max: 2 }),
  rest: fc.integer({ min: 0, max: 1 }),
});

interface RawMutexed {
  readonly workers: readonly RawWorker[];
  /** Main holds mu while it starts the workers and for this many ms more (-1: it does not take mu). */
  readonly mainHold: number;
  /** The worker (1-based) that first tries mu with TryLock; 0: none. */
  readonly withTryLock: number;
}

const rawMutexed: fc.Arbitrary<RawMutexed> = fc.record({
  workers: fc.array(rawWorker, { minLength: 2, maxLength: 3 }),
  mainHold: fc.integer({ min: -1, max: 2 }),
  withTryLock: fc.integer({ min: 0, max: 3 }),
});

const ms = (n: number): Stmt[] => (n > 0 ? [{ sleep: n * 1_000_000 }] : []);

function worker(w: RawWorker, i: number, tries: boolean, rounds: number): Stmt[] {
  const round: Stmt[] = [{ lock: 'mu' }, { observe: { [`w${i}`]: i } }, ...ms(w.hold), { unlock: 'mu' }, ...ms(w.rest)];
  const body: Stmt[] = rounds === 1 ? round : [{ repeat: { times: rounds, body: round } }];
  const attempt: Stmt[] = tries
    ? [{ trylock: { mutex: 'mu', into: 'got' } }, { if: { cond: { reg: 'got' }, then: [{ unlock: 'mu' }] } }, { observe: { [`w${i}_try`]: { reg: 'got' } } }]
    : [];
  return [...attempt, ...body, { send: { chan: 'done', value: 1 } }];
}

export function toMutexed(r: RawMutexed): Scenario {
  const n = r.workers.length;
  const main: Stmt[] = [
    ...(r.mainHold < 0 ? [] : [{ lock: 'mu' } as Stmt]),
    // Three workers lock once each: a second round of three would outgrow an exhaustive search.
    ...r.workers.map((w, i): Stmt => ({ go: { name: `w${i + 1}`, body: worker(w, i + 1, r.withTryLock === i + 1, n > 2 ? 1 : w.rounds) } })),
    ...(r.mainHold < 0 ? [] : [...ms(r.mainHold), { unlock: 'mu' } as Stmt]),
    ...Array.from({ length: n }, (): Stmt => ({ recv: { chan: 'done' } })),
  ];
  return { name: 'mutexed', level: 'gc', objects: { mu: { kind: 'mutex' }, done: { kind: 'chan', cap: n } }, main };
}

/** gc-level programs contending for one mutex. */
export function mutexScenario(): fc.Arbitrary<Scenario> {
  return rawMutexed.map(toMutexed);
}
