// sync.Mutex, after sync/mutex.go (internal/sync/mutex.go from Go 1.24:
// Lock, TryLock, Unlock and their slow paths lockSlow / unlockSlow) and the
// semaphore its waiters park on (runtime/sema.go semacquire1 /
// semrelease1).
//
// Invariants (exported as `mutexInvariants`, checked by typeOK after every
// step in debug mode and by properties/checks/sync.ts):
//   1. semaOfParked: every goid in `sema` is a goroutine parked in Lock
//      (waitreason "semacquire", as a Go 1.19 goroutine dump prints it);
//   2. wokenIsRunnable: `woken` names no goroutine (0), or a runnable one
//      that is not in `sema`: the waiter an Unlock readied, which has not
//      retried its Lock yet;
//   3. noStrandedWaiters: `sema` non-empty ⇒ `locked`, `woken` ≠ 0 or
//      `handoff` ≠ 0. A waiter is never left parked on a free mutex with
//      nobody on the way to take it: that is what makes a lost wake-up
//      impossible;
//   4. handoffIsRunnable: `handoff` names no goroutine, or a runnable one
//      not in `sema`, and then the mutex is starving and not locked (the
//      lock is its, and it has not run to take it yet);
//   5. starvingHasWaiters: a starving mutex has a waiter parked or handed
//      the lock (starvation mode ends with the last waiter);
//   6. agesOfWaiters: `ages` names only goroutines in `sema`, `woken` or
//      `handoff`, each once, sorted by goid.
//
// Normal mode (both levels). A waiter Unlock readies does not get the lock
// handed over: it runs Lock again and may find the mutex taken by a
// goroutine that arrived meanwhile (barging), and then parks again. While
// it is on its way (`woken`, mutex.go's mutexWoken bit) Unlock readies
// nobody else, so at most one readied waiter contends at a time. At the
// spec level Unlock may ready any waiter (`Semantics.sync.semaServable`).
//
// The gc level adds what mutex.go and sema.go do about fairness (Go 1.9):
//   - the semaphore is a queue: a first-time waiter parks at the tail, a
//     woken waiter that lost the race parks again at the head (semacquire1
//     with lifo), and Unlock readies the head (semrelease1);
//   - each waiter's age, the time since it first parked in this Lock, in
//     clock quanta (model/time.ts advances it); once a waiter that wakes
//     has waited more than starvationThresholdNs = 1 ms and still finds the
//     mutex held, it switches the mutex to starvation mode;
//   - starvation mode: Unlock hands the lock to the queue's head (`handoff`;
//     semrelease1 with handoff), newcomers neither take it nor spin but
//     queue at the tail, TryLock fails; the new owner ends the mode when it
//     waited less than 1 ms or was the last waiter.
// "Waited more than 1 ms" is decided on clock ticks (model/time.ts): a
// waiter T ticks old (T = 1 ms in quanta) may have waited a little more or
// a little less than T quanta, so both answers are ways of the step; older
// is more, younger is less. Ages saturate at T + 1, so they add finitely
// many states.
//
// Not modelled: spinning (runtime_canSpin) — it changes timing, never what a
// program can observe, except through the woken bit, which a spinner sets to
// stop Unlock readying a parked waiter; leaving it out only removes
// schedules in which the spinner wins, which barging allows anyway.
//
// TryLock (Go 1.18) takes a free mutex or fails; at the spec level it may
// also fail on a free one (the memory model says so), at the gc level only
// on a held one (`Semantics.sync.tryLockMayFail`).
//
// Go records no owner: any goroutine may Unlock a mutex another goroutine
// locked. Unlocking a free mutex is the unrecoverable `fatal error: sync:
// unlock of unlocked mutex` (mutex.go unlockSlow calls fatal, not panic).

import type { G } from '../sched.ts';
import type { Model } from '../step.ts';

export interface Mutex {
  readonly kind: 'mutex';
  /** mutexLocked: some goroutine holds the lock (which one is not recorded, as in Go). */
  readonly locked: boolean;
  /** mutexWoken: the goid of the waiter Unlock readied that has not run Lock again yet; 0 when none. */
  readonly woken: number;
  /** The goroutines parked in Lock on the mutex's semaphore, head first. */
  readonly sema: readonly number[];
  /** mutexStarving (gc): starvation mode, the lock handed to the queue's head. */
  readonly starving: boolean;
  /** The goid an Unlock in starvation mode handed the lock to, which has not run to take it yet; 0 when none. */
  readonly handoff: number;
  /** (gc) Each waiter's age in clock quanta since it first parked in its Lock, [goid, age] sorted by goid; saturates at the threshold + 1. */
  readonly ages: readonly (readonly [number, number])[];
}

/** The wait reason Go 1.19 prints for a goroutine parked on a sync semaphore (runtime2.go waitReasonSemacquire). */
export const SEMACQUIRE = 'semacquire';

export const UNLOCK_OF_UNLOCKED = 'sync: unlock of unlocked mutex';

/** mutex.go's starvationThresholdNs: a waiter that waited longer switches the mutex to starvation mode. */
export const STARVATION_THRESHOLD_NS = 1_000_000;

export const mutexInvariants = {
  semaOfParked: (mu: Mutex, gs: readonly G[]): boolean =>
    mu.sema.every((id) => gs[id - 1]?.status === 'waiting' && gs[id - 1]?.waitreason === SEMACQUIRE),
  wokenIsRunnable: (mu: Mutex, gs: readonly G[]): boolean =>
    mu.woken === 0 || (gs[mu.woken - 1]?.status === 'runnable' && !mu.sema.includes(mu.woken)),
  noStrandedWaiters: (mu: Mutex): boolean => mu.sema.length === 0 || mu.locked || mu.woken !== 0 || mu.handoff !== 0,
  handoffIsRunnable: (mu: Mutex, gs: readonly G[]): boolean =>
    mu.handoff === 0 || (gs[mu.handoff - 1]?.status === 'runnable' && !mu.sema.includes(mu.handoff) && mu.starving && !mu.locked),
  starvingHasWaiters: (mu: Mutex): boolean => !mu.starving || mu.sema.length > 0 || mu.handoff !== 0,
  agesOfWaiters: (mu: Mutex): boolean =>
    mu.ages.every(([g], i) => (i === 0 || mu.ages[i - 1]![0] < g) && (mu.sema.includes(g) || mu.woken === g || mu.handoff === g)),
};

export function newMutex(): Mutex {
  return { kind: 'mutex', locked: false, woken: 0, sema: [], starving: false, handoff: 0, ages: [] };
}

/**
 * How a Lock goes: it takes a free mutex, or parks on a held one; at the gc
 * level a woken waiter that loses parks again at the head (`requeue`), and
 * the waiter handed the lock takes it (`handed`), each saying whether it
 * found it had waited more than the threshold (`starving`).
 */
export type LockWay =
  | { readonly kind: 'acquire' }
  | { readonly kind: 'park' }
  | { readonly kind: 'requeue'; readonly starving: boolean }
  | { readonly kind: 'handed'; readonly starving: boolean };

/** How an Unlock goes: fatal on a free mutex; else it frees it and readies sema[waiter], or nobody; in starvation mode it hands the lock to the head. */
export type UnlockWay = { readonly kind: 'fatal' } | { readonly kind: 'release' } | { readonly kind: 'wake'; readonly waiter: number } | { readonly kind: 'handoff' };

/**
 * What the gc level's fairness needs to know: the starvation threshold in
 * clock quanta (null: no starvation mode), and whether the waiter handed
 * the lock ends the mode. Fairness null: the spec level, normal mode only.
 */
export type Fairness = {
  readonly threshold: number | null;
  readonly ends: (waitedLong: boolean, waitersLeft: number) => boolean;
  readonly handsOff: (starving: boolean) => boolean;
  readonly newcomersQueue: boolean;
} | null;

/** The fairness of a model's mutexes: none at the spec level; at the gc level the threshold in the clock's quanta (model/time.ts quantumOf counts it among the program's durations). */
export function fairnessOf(m: Model): Fairness {
  if (m.level !== 'gc') return null;
  const ns = m.sem.sync.starvationThresholdNs;
  const sy = m.sem.sync;
  return { threshold: ns === null || m.quantum === 0 ? null : Math.round(ns / m.quantum), ends: sy.starvationEnds, handsOff: sy.handsOff, newcomersQueue: sy.newcomersQueueWhileStarving };
}

/** The age a waiter's saturates at (the threshold + 1: older makes no difference), or 0 with no clock. */
export function ageCap(f: Fairness): number {
  return f === null || f.threshold === null ? 0 : f.threshold + 1;
}

/** Whether goid, waking, finds it has waited more than the threshold: [no], [yes], or both when its age is the threshold itself. */
function starvingWays(mu: Mutex, goid: number, f: NonNullable<Fairness>): readonly boolean[] {
  const age = ageOf(mu, goid);
  if (f.threshold === null) return [false];
  if (age > f.threshold) return [true];
  return age === f.threshold ? [false, true] : [false];
}

export function ageOf(mu: Mutex, goid: number): number {
  return mu.ages.find(([g]) => g === goid)?.[1] ?? 0;
}

/** Lock (and the retry of a readied waiter): the ways it can go now. */
export function lockWays(mu: Mutex, goid: number, f: Fairness): LockWay[] {
  if (f === null) return [mu.locked ? { kind: 'park' } : { kind: 'acquire' }];
  if (mu.handoff === goid) return starvingWays(mu, goid, f).map((starving) => ({ kind: 'handed', starving }));
  if (!mu.locked && (!mu.starving || !f.newcomersQueue)) return [{ kind: 'acquire' }];
  if (mu.woken === goid) return starvingWays(mu, goid, f).map((starving) => ({ kind: 'requeue', starving }));
  return [{ kind: 'park' }];
}

/** TryLock: fails on a held mutex, and at the gc level on one in starvation mode (its lock belongs to the queue's head). */
export function tryLockFree(mu: Mutex): boolean {
  return !mu.locked && !mu.starving;
}

/**
 * Every way an Unlock may go. Several only when several parked waiters may
 * be readied: `semaServable` says which (any at the spec level, the head at
 * the gc level). In starvation mode the lock goes to the head.
 */
export function unlockWays(mu: Mutex, readies: boolean, servable: readonly number[], f: Fairness = null): UnlockWay[] {
  if (!mu.locked) return [{ kind: 'fatal' }];
  if (f !== null && f.handsOff(mu.starving) && mu.sema.length > 0) return [{ kind: 'handoff' }];
  if (!readies || mu.woken !== 0 || servable.length === 0) return [{ kind: 'release' }];
  return servable.map((waiter) => ({ kind: 'wake', waiter }));
}

/** Lock takes the free mutex; a readied waiter that retries clears the woken bit as it does, and its age goes. */
export function acquireMutex(mu: Mutex, goid: number): Mutex {
  if (mu.locked) throw new Error('acquireMutex: the mutex is held');
  return { ...mu, locked: true, woken: mu.woken === goid ? 0 : mu.woken, ages: withoutAge(mu.ages, goid) };
}

/** Lock on a held mutex: goid joins the semaphore at the tail, its age starting at 0 at the gc level (the caller parks the g); a retrying waiter clears the woken bit. */
export function parkOnMutex(mu: Mutex, goid: number, f: Fairness = null): Mutex {
  const ages = f === null ? mu.ages : withAge(mu.ages, goid, 0);
  return { ...mu, sema: [...mu.sema, goid], woken: mu.woken === goid ? 0 : mu.woken, ages };
}

/**
 * A woken waiter that found the mutex held (or starving) parks again, at
 * the head (sema.go's lifo); having waited more than the threshold on a
 * held mutex, it switches the mutex to starvation mode. Its age stays, and
 * a waiter found starving stays so (lockSlow's `starving` is sticky).
 */
export function requeueOnMutex(mu: Mutex, goid: number, starving: boolean, f: NonNullable<Fairness>): Mutex {
  const ages = starving && f.threshold !== null ? withAge(mu.ages, goid, Math.max(ageOf(mu, goid), f.threshold + 1)) : mu.ages;
  return { ...mu, sema: [goid, ...mu.sema], woken: 0, starving: mu.starving || (starving && mu.locked), ages };
}

/** The waiter handed the lock takes it; it ends starvation mode when it waited less than the threshold or no waiter is left. */
export function takeHandoff(mu: Mutex, goid: number, starving: boolean, f: NonNullable<Fairness>): Mutex {
  return { ...mu, locked: true, handoff: 0, starving: !f.ends(starving, mu.sema.length), ages: withoutAge(mu.ages, goid) };
}

/** Unlock of a held mutex: it is free; with a 'wake' way, that waiter leaves the semaphore and is the woken one; with 'handoff', the head is handed the lock. */
export function unlockMutex(mu: Mutex, way: UnlockWay): { mu: Mutex; ready: number | null } {
  if (way.kind === 'fatal') throw new Error('unlockMutex: the mutex is free (fatal)');
  if (way.kind === 'release') return { mu: { ...mu, locked: false }, ready: null };
  if (way.kind === 'handoff') {
    const goid = mu.sema[0]!;
    return { mu: { ...mu, locked: false, handoff: goid, sema: mu.sema.slice(1) }, ready: goid };
  }
  const goid = mu.sema[way.waiter]!;
  return { mu: { ...mu, locked: false, woken: goid, sema: mu.sema.filter((_, i) => i !== way.waiter) }, ready: goid };
}

/** Time passes for the waiters: each age grows by `by` quanta, up to `cap`. */
export function ageMutex(mu: Mutex, by: number, cap: number): Mutex {
  if (!mu.ages.some(([, a]) => a < cap)) return mu;
  return { ...mu, ages: mu.ages.map(([g, a]) => [g, Math.min(cap, a + by)] as const) };
}

/** Whether some waiter's age can still grow below `cap` (time passing changes the mutex). */
export function mutexAging(mu: Mutex, cap: number): boolean {
  return mu.ages.some(([, a]) => a < cap);
}

function withAge(ages: readonly (readonly [number, number])[], goid: number, age: number): (readonly [number, number])[] {
  return [...withoutAge(ages, goid), [goid, age] as const].sort((a, b) => a[0] - b[0]);
}

function withoutAge(ages: readonly (readonly [number, number])[], goid: number): (readonly [number, number])[] {
  return ages.filter(([g]) => g !== goid);
}

/** A line for a report: `mu: locked sema [g3 g4] woken g2`, with starvation mode, the hand-off and the ages at the gc level. */
export function describeMutex(name: string, mu: Mutex): string {
  const woken = mu.woken !== 0 ? ` woken g${mu.woken}` : '';
  const starving = mu.starving ? ' starving' : '';
  const handoff = mu.handoff !== 0 ? ` handed to g${mu.handoff}` : '';
  const ages = mu.ages.length > 0 ? ` ages ${mu.ages.map(([g, a]) => `g${g}:${a}`).join(' ')}` : '';
  return `${name}: ${mu.locked ? 'locked' : 'unlocked'}${starving} sema [${mu.sema.map((g) => `g${g}`).join(' ')}]${woken}${handoff}${ages}`;
}

/** The key of a mutex for stateKey: `L` or `U`, `S` when starving, the woken and handed goids, the sema goids, the ages. */
export function mutexKey(mu: Mutex): string {
  const gc = mu.starving || mu.handoff !== 0 || mu.ages.length > 0 ? `:${mu.starving ? 'S' : ''}${mu.handoff}:${mu.ages.map(([g, a]) => `${g}.${a}`).join(',')}` : '';
  return `${mu.locked ? 'L' : 'U'}${mu.woken}:${mu.sema.join(',')}${gc}`;
}
