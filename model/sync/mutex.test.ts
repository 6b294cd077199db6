// Stories of sync.Mutex (model/sync/mutex.ts, actions.ts): the ways Lock,
// Unlock and TryLock can go, the woken bit, barging in normal mode, the
// fatal error, and the happens-before edge Unlock → Lock.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../ir.ts';
import { explore } from '../explore/oracle.ts';
import { describeOutcome } from '../outcome.ts';
import { mutant } from '../semantics.ts';
import type { Model } from '../step.ts';
import { choiceLabel, enabled, initial, makeModel, step } from '../step.ts';
import type { State } from '../state.ts';
import { describeState } from '../state.ts';
import type { Mutex } from './mutex.ts';
import { acquireMutex, ageMutex, lockWays, mutexAging, mutexInvariants, newMutex, parkOnMutex, requeueOnMutex, takeHandoff, tryLockFree, unlockMutex, unlockWays } from './mutex.ts';

const outcomes = (s: Scenario, o: Parameters<typeof explore>[1] = {}): string[] =>
  explore(s, { debug: true, ...o }).outcomes.map((x) => describeOutcome(x.outcome));

/** Takes the choice whose label is `label` (failing with the labels on offer). */
function take(m: Model, s: State, label: string): State {
  const cs = enabled(m, s);
  const c = cs.find((x) => choiceLabel(m, s, x) === label);
  if (!c) throw new Error(`no choice "${label}" among: ${cs.map((x) => choiceLabel(m, s, x)).join(' | ')}`);
  return step(m, s, c).state;
}

describe('mutex ways', () => {
  it('Lock takes a free mutex and parks on a held one', () => {
    // Arrange
    const free = newMutex();
    // Act / Assert
    expect(lockWays(free, 1, null)).toEqual([{ kind: 'acquire' }]);
    expect(lockWays(acquireMutex(free, 1), 2, null)).toEqual([{ kind: 'park' }]);
  });

  it('Unlock of a free mutex is fatal; with waiters it may ready any one of them, unless one is already woken', () => {
    // Arrange
    const held: Mutex = parkOnMutex(parkOnMutex(acquireMutex(newMutex(), 1), 2), 3);
    // Act / Assert
    expect(unlockWays(newMutex(), true, [])).toEqual([{ kind: 'fatal' }]);
    expect(unlockWays(held, true, [0, 1])).toEqual([{ kind: 'wake', waiter: 0 }, { kind: 'wake', waiter: 1 }]);
    expect(unlockWays({ ...held, woken: 4 }, true, [0, 1])).toEqual([{ kind: 'release' }]);
    expect(unlockWays(acquireMutex(newMutex(), 1), true, [])).toEqual([{ kind: 'release' }]);
  });

  it('the readied waiter becomes the woken one, and clears the bit when it retries', () => {
    // Arrange
    const held = parkOnMutex(acquireMutex(newMutex(), 1), 2);
    // Act
    const u = unlockMutex(held, { kind: 'wake', waiter: 0 });
    // Assert
    expect(u).toEqual({ mu: { ...newMutex(), woken: 2 }, ready: 2 });
    expect(acquireMutex(u.mu, 2).woken).toBe(0);
    expect(acquireMutex(u.mu, 3).woken).toBe(2);
  });

  it('noStrandedWaiters fails on a free mutex with a parked waiter and nobody woken', () => {
    // Arrange
    const stranded: Mutex = { ...newMutex(), sema: [2] };
    // Act / Assert
    expect(mutexInvariants.noStrandedWaiters(stranded)).toBe(false);
    expect(mutexInvariants.noStrandedWaiters({ ...stranded, woken: 3 })).toBe(true);
  });
});

describe('mutex stories', () => {
  const contended: Scenario = {
    name: 'barging',
    objects: { mu: { kind: 'mutex' }, done: { kind: 'chan', cap: 2 } },
    procs: { locker: { params: { id: 'int' }, body: [{ lock: 'mu' }, { observe: { got: { reg: 'id' } } }, { unlock: 'mu' }, { send: { chan: 'done', value: 1 } }] } },
    main: [
      { lock: 'mu' },
      { go: { proc: 'locker', args: { id: 1 } } },
      { go: { proc: 'locker', args: { id: 2 } } },
      { unlock: 'mu' },
      { recv: { chan: 'done' } },
      { recv: { chan: 'done' } },
    ],
  };

  it('Unlock with two parked waiters: two choices, named by the waiter readied', () => {
    // Arrange
    const m = makeModel(contended);
    let s = initial(m);
    for (const l of ['g1 main: lock mu', 'g1 main: go locker', 'g1 main: go locker', 'g2 locker: lock mu', 'g3 locker: lock mu']) s = take(m, s, l);
    // Act
    const labels = enabled(m, s).map((c) => choiceLabel(m, s, c));
    // Assert
    expect(labels).toEqual(['g1 main: unlock mu → readies g2', 'g1 main: unlock mu → readies g3']);
  });

  it('normal mode: a readied waiter that finds the mutex taken by a barger parks again', () => {
    // Arrange: g2 parks, g1 unlocks readying g2, g1 locks again before g2 retries.
    const s: Scenario = { ...contended, main: [{ lock: 'mu' }, { go: { proc: 'locker', args: { id: 1 } } }, { unlock: 'mu' }, { lock: 'mu' }, { unlock: 'mu' }, { recv: { chan: 'done' } }] };
    const m = makeModel(s);
    let st = initial(m);
    for (const l of ['g1 main: lock mu', 'g1 main: go locker', 'g2 locker: lock mu', 'g1 main: unlock mu → readies g2', 'g1 main: lock mu']) st = take(m, st, l);
    // Act
    st = take(m, st, 'g2 locker: lock mu');
    // Assert
    expect(describeState(m.program, st)).toContain('g2 locker: waiting [semacquire] at locker:0');
    expect(describeState(m.program, st)).toContain('mu: locked sema [g2]');
    expect(outcomes(s)).toEqual(['got=1']);
  });

  it('a condwait without holding L unlocks a free mutex: fatal', () => {
    // Arrange
    const s: Scenario = { name: 'x', objects: { mu: { kind: 'mutex' }, c: { kind: 'cond', lock: 'mu' } }, main: [{ condwait: 'c' }] };
    // Act / Assert
    expect(outcomes(s)).toEqual(['fatal error: sync: unlock of unlocked mutex']);
  });
});

describe('mutex happens-before (rule mutex)', () => {
  // MP through a mutex: P publishes x, then y under mu; Q reads y under mu, then x.
  const mp: Scenario = {
    name: 'MP+mutex',
    objects: { mu: { kind: 'mutex' }, x: { kind: 'word' }, y: { kind: 'word' } },
    goroutines: {
      P: [{ store: { to: 'x', value: 1 } }, { lock: 'mu' }, { store: { to: 'y', value: 1 } }, { unlock: 'mu' }],
      Q: [{ lock: 'mu' }, { load: { from: 'y', into: 'r1' } }, { unlock: 'mu' }, { load: { from: 'x', into: 'r2' } }, { observe: { r1: { reg: 'r1' }, r2: { reg: 'r2' } } }],
    },
  };

  it('Unlock → a later Lock: a reader that sees y=1 under the lock sees x=1', () => {
    // Act / Assert
    expect(outcomes(mp)).not.toContain('r1=1 r2=0');
    expect(outcomes(mp)).toContain('r1=1 r2=1');
  });

  it('without the rule, the stale x is allowed', () => {
    // Arrange
    const noMutexEdge = mutant('memory', () => ({ hbRule: (r) => r !== 'mutex' }));
    // Act / Assert
    expect(outcomes(mp, { semantics: noMutexEdge })).toContain('r1=1 r2=0');
  });

  it('a successful TryLock is a Lock; a failed one orders nothing', () => {
    // Arrange: Q reads y under a TryLock that succeeded (ok) or not.
    const s: Scenario = {
      ...mp,
      goroutines: {
        P: mp.goroutines!.P!,
        Q: [
          { trylock: { mutex: 'mu', into: 'ok' } },
          { load: { from: 'y', into: 'r1' } },
          { if: { cond: { reg: 'ok' }, then: [{ unlock: 'mu' }] } },
          { load: { from: 'x', into: 'r2' } },
          { observe: { ok: { reg: 'ok' }, r1: { reg: 'r1' }, r2: { reg: 'r2' } } },
        ],
      },
    };
    // Act
    const out = outcomes(s);
    // Assert
    expect(out).not.toContain('ok=true r1=1 r2=0');
    expect(out).toContain('ok=false r1=1 r2=0');
  });
});

describe('mutex at the gc level: FIFO queue, LIFO requeue, starvation mode (threshold 2 quanta)', () => {
  const f = { threshold: 2, ends: (waitedLong: boolean, left: number) => !waitedLong || left === 0, handsOff: (starving: boolean) => starving, newcomersQueue: true };

  it('a first-time waiter parks at the tail with age 0; a woken waiter that loses parks again at the head', () => {
    // Arrange: g1 holds, g2 then g3 wait
    const held = parkOnMutex(parkOnMutex(acquireMutex(newMutex(), 1), 2, f), 3, f);
    // Act: g1 unlocks (readies the head, g2), g4 barges in, g2 retries
    const woken = unlockMutex(held, { kind: 'wake', waiter: 0 }).mu;
    const barged = acquireMutex(woken, 4);
    const ways = lockWays(barged, 2, f);
    const requeued = requeueOnMutex(barged, 2, false, f);
    // Assert
    expect(held.sema).toEqual([2, 3]);
    expect(held.ages).toEqual([[2, 0], [3, 0]]);
    expect(ways).toEqual([{ kind: 'requeue', starving: false }]);
    expect(requeued.sema).toEqual([2, 3]);
    expect(requeued.starving).toBe(false);
  });

  it('a waiter older than the threshold that loses switches the mutex to starvation mode; at the threshold itself both answers are ways', () => {
    // Arrange: g2 woken with age 3 (older than 2), g5 woken with age 2
    const old: Mutex = { ...acquireMutex(newMutex(), 4), woken: 2, sema: [3], ages: [[2, 3], [3, 0]] };
    const atThreshold: Mutex = { ...old, ages: [[2, 2], [3, 0]] };
    // Act
    const starving = requeueOnMutex(old, 2, true, f);
    // Assert
    expect(lockWays(old, 2, f)).toEqual([{ kind: 'requeue', starving: true }]);
    expect(lockWays(atThreshold, 2, f)).toEqual([{ kind: 'requeue', starving: false }, { kind: 'requeue', starving: true }]);
    expect(starving.starving).toBe(true);
    expect(starving.sema).toEqual([2, 3]);
  });

  it('in starvation mode Unlock hands the lock to the head, newcomers park and TryLock fails; the new owner ends the mode as the last waiter or when it waited little', () => {
    // Arrange: starving, g2 then g3 queued, g4 holds
    const starving: Mutex = { ...acquireMutex(newMutex(), 4), starving: true, sema: [2, 3], ages: [[2, 3], [3, 3]] };
    // Act
    const u = unlockMutex(starving, unlockWays(starving, true, [0], f)[0]!);
    // Assert
    expect(unlockWays(starving, true, [0], f)).toEqual([{ kind: 'handoff' }]);
    expect(unlockWays(starving, true, [0], null)).toEqual([{ kind: 'wake', waiter: 0 }]);
    expect(u).toMatchObject({ ready: 2, mu: { locked: false, starving: true, handoff: 2, sema: [3] } });
    expect(lockWays(u.mu, 5, f)).toEqual([{ kind: 'park' }]);
    expect(tryLockFree(u.mu)).toBe(false);
    expect(lockWays(u.mu, 2, f)).toEqual([{ kind: 'handed', starving: true }]);
    expect(takeHandoff(u.mu, 2, true, f)).toMatchObject({ locked: true, handoff: 0, starving: true, ages: [[3, 3]] });
    expect(takeHandoff(u.mu, 2, false, f).starving).toBe(false);
    expect(takeHandoff({ ...u.mu, sema: [] }, 2, true, f).starving).toBe(false);
  });

  it('ages grow with time up to the cap, and only while some waiter is below it', () => {
    // Arrange
    const mu: Mutex = { ...newMutex(), locked: true, sema: [2, 3], ages: [[2, 0], [3, 2]] };
    // Act / Assert
    expect(ageMutex(mu, 1, 3).ages).toEqual([[2, 1], [3, 3]]);
    expect(ageMutex(mu, 5, 3).ages).toEqual([[2, 3], [3, 3]]);
    expect(mutexAging(ageMutex(mu, 5, 3), 3)).toBe(false);
    expect(mutexInvariants.agesOfWaiters({ ...mu, ages: [[4, 0]] })).toBe(false);
  });
});
