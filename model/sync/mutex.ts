// sync.Mutex in normal mode, after sync/mutex.go (Lock, TryLock, Unlock and
// their slow paths lockSlow / unlockSlow) and the semaphore its waiters park
// on (runtime/sema.go semacquire1 / semrelease1).
//
// Invariants (exported as `mutexInvariants`, checked by typeOK after every
// step in debug mode and by properties/checks/sync.ts):
//   1. semaOfParked: every goid in `sema` is a goroutine parked in Lock
//      (waitreason "semacquire", as a Go 1.19 goroutine dump prints it);
//   2. wokenIsRunnable: `woken` names no goroutine (0), or a runnable one
//      that is not in `sema`: the waiter an Unlock readied, which has not
//      retried its Lock yet;
//   3. noStrandedWaiters: `sema` non-empty ⇒ `locked` or `woken` ≠ 0. A
//      waiter is never left parked on a free mutex with nobody on the way to
//      take it: that is what makes a lost wake-up impossible.
//
// Mode: normal mode only. A waiter Unlock readies does not get the lock
// handed over: it runs Lock again and may find the mutex taken by a
// goroutine that arrived meanwhile (barging), and then parks again. While
// it is on its way (`woken`, mutex.go's mutexWoken bit) Unlock readies
// nobody else, so at most one readied waiter contends at a time.
// Starvation mode (the lock handed straight to the oldest waiter after it
// waited 1 ms, Go 1.9) and the semaphore's FIFO/LIFO queueing are gc-level
// behaviour for a later issue: the spec level lets Unlock ready any waiter
// (`Semantics.sync.semaServable`), and so does the gc level for now.
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

export interface Mutex {
  readonly kind: 'mutex';
  /** mutexLocked: some goroutine holds the lock (which one is not recorded, as in Go). */
  readonly locked: boolean;
  /** mutexWoken: the goid of the waiter Unlock readied that has not run Lock again yet; 0 when none. */
  readonly woken: number;
  /** The goroutines parked in Lock on the mutex's semaphore, in the order they parked. */
  readonly sema: readonly number[];
}

/** The wait reason Go 1.19 prints for a goroutine parked on a sync semaphore (runtime2.go waitReasonSemacquire). */
export const SEMACQUIRE = 'semacquire';

export const UNLOCK_OF_UNLOCKED = 'sync: unlock of unlocked mutex';

export const mutexInvariants = {
  semaOfParked: (mu: Mutex, gs: readonly G[]): boolean =>
    mu.sema.every((id) => gs[id - 1]?.status === 'waiting' && gs[id - 1]?.waitreason === SEMACQUIRE),
  wokenIsRunnable: (mu: Mutex, gs: readonly G[]): boolean =>
    mu.woken === 0 || (gs[mu.woken - 1]?.status === 'runnable' && !mu.sema.includes(mu.woken)),
  noStrandedWaiters: (mu: Mutex): boolean => mu.sema.length === 0 || mu.locked || mu.woken !== 0,
};

export function newMutex(): Mutex {
  return { kind: 'mutex', locked: false, woken: 0, sema: [] };
}

/** How a Lock goes: it takes a free mutex, or parks on a held one. */
export type LockWay = { readonly kind: 'acquire' } | { readonly kind: 'park' };

/** How an Unlock goes: fatal on a free mutex; else it frees it and readies sema[waiter], or nobody. */
export type UnlockWay = { readonly kind: 'fatal' } | { readonly kind: 'release' } | { readonly kind: 'wake'; readonly waiter: number };

/** Lock (and the retry of a readied waiter): the one way it can go now. */
export function lockWays(mu: Mutex): LockWay[] {
  return [mu.locked ? { kind: 'park' } : { kind: 'acquire' }];
}

/**
 * Every way an Unlock may go. Several only when several parked waiters may
 * be readied: `semaServable` says which (any, at the spec level).
 */
export function unlockWays(mu: Mutex, readies: boolean, servable: readonly number[]): UnlockWay[] {
  if (!mu.locked) return [{ kind: 'fatal' }];
  if (!readies || mu.woken !== 0 || servable.length === 0) return [{ kind: 'release' }];
  return servable.map((waiter) => ({ kind: 'wake', waiter }));
}

/** Lock takes the free mutex; a readied waiter that retries clears the woken bit as it does. */
export function acquireMutex(mu: Mutex, goid: number): Mutex {
  if (mu.locked) throw new Error('acquireMutex: the mutex is held');
  return { ...mu, locked: true, woken: mu.woken === goid ? 0 : mu.woken };
}

/** Lock on a held mutex: goid joins the semaphore (the caller parks the g); a retrying waiter clears the woken bit. */
export function parkOnMutex(mu: Mutex, goid: number): Mutex {
  return { ...mu, sema: [...mu.sema, goid], woken: mu.woken === goid ? 0 : mu.woken };
}

/** Unlock of a held mutex: it is free; with a 'wake' way, that waiter leaves the semaphore and is the woken one. */
export function unlockMutex(mu: Mutex, way: UnlockWay): { mu: Mutex; ready: number | null } {
  if (way.kind === 'fatal') throw new Error('unlockMutex: the mutex is free (fatal)');
  if (way.kind === 'release') return { mu: { ...mu, locked: false }, ready: null };
  const goid = mu.sema[way.waiter]!;
  return { mu: { ...mu, locked: false, woken: goid, sema: mu.sema.filter((_, i) => i !== way.waiter) }, ready: goid };
}

/** A line for a report: `mu: locked sema [g3 g4] woken g2`. */
export function describeMutex(name: string, mu: Mutex): string {
  const woken = mu.woken !== 0 ? ` woken g${mu.woken}` : '';
  return `${name}: ${mu.locked ? 'locked' : 'unlocked'} sema [${mu.sema.map((g) => `g${g}`).join(' ')}]${woken}`;
}

/** The key of a mutex for stateKey: `L` or `U`, the woken goid, the sema goids. */
export function mutexKey(mu: Mutex): string {
  return `${mu.locked ? 'L' : 'U'}${mu.woken}:${mu.sema.join(',')}`;
}
