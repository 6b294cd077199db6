// sync.RWMutex, after sync/rwmutex.go (RLock, TryRLock, RUnlock, Lock,
// TryLock, Unlock; the Try methods since Go 1.18): a writers' Mutex `w`, a count of the readers holding the
// lock, and two semaphores (runtime/sema.go) — readers wait on `readerSem`
// for a writer to finish, a writer waits on `writerSem` for the readers
// that held the lock when it arrived to leave.
//
// rwmutex.go keeps readerCount (readers holding or waiting, made negative by
// a pending writer) and readerWait (readers the pending writer still waits
// for). At our granularity, where each of these methods is one atomic step,
// both follow from the fields below: a pending writer waits for exactly the
// readers holding the lock (no new reader can join them), and readers
// waiting for a writer are `readerSem`.
//
// Invariants (exported as `rwmutexInvariants`):
//   1. writersMutex: `w` keeps the Mutex invariants (mutex.ts);
//   2. onePendingWriter: `writerSem` holds at most one goroutine, and only
//      while `w` is locked (the writer holds `w` from Lock to Unlock);
//   3. writerExcludesReaders: `w` locked and `writerSem` empty (a writer
//      holds the lock) ⇒ `readers` = 0;
//   4. pendingWriterWaitsForReaders: `writerSem` non-empty ⇒ `readers` > 0
//      (the last RUnlock readies the writer);
//   5. readersWaitOnlyForWriter: `readerSem` non-empty ⇒ `w` locked;
//   6. semasOfParked: every goid in `readerSem` and `writerSem` is parked
//      [semacquire].
//
// Modes: free; read-locked (`readers` > 0); write-pending (a writer holds
// `w` and waits in `writerSem` for the readers: new readers park, as Go's
// negative readerCount makes them, so a stream of readers cannot starve a
// writer); write-locked (`w` locked, `writerSem` empty). Unlock hands the
// lock to every reader parked while the writer was pending or holding (they
// hold it when they run: readerCount already counted them), then unlocks
// `w`, which may ready one writer parked on it (mutex.ts).
//
// Misuse: RUnlock with no reader holding the lock and Unlock with no writer
// holding it are fatal errors (`sync: RUnlock of unlocked RWMutex`, `sync:
// Unlock of unlocked RWMutex`), as the documentation calls them run-time
// errors. gc detects them from its counters, which also misses a few cases
// (an RUnlock too many while readers wait for a writer, an Unlock while a
// writer is still pending): there gc corrupts its state instead, which no
// specification promises; the model reports the fatal error.

import type { G } from '../sched.ts';
import type { Mutex, UnlockWay } from './mutex.ts';
import { SEMACQUIRE, acquireMutex, describeMutex, mutexInvariants, mutexKey, newMutex, parkOnMutex, unlockMutex } from './mutex.ts';

export interface RWMutex {
  readonly kind: 'rwmutex';
  /** The writers' mutex: held by a writer from its Lock (pending or holding) to its Unlock. */
  readonly w: Mutex;
  /** Readers holding the read lock. */
  readonly readers: number;
  /** Readers parked in RLock until the writer's Unlock, in the order they parked. */
  readonly readerSem: readonly number[];
  /** The writer parked in Lock until the readers holding the lock leave (at most one). */
  readonly writerSem: readonly number[];
}

export const RUNLOCK_OF_UNLOCKED = 'sync: RUnlock of unlocked RWMutex';
export const UNLOCK_OF_UNLOCKED_RW = 'sync: Unlock of unlocked RWMutex';

const parked = (ids: readonly number[], gs: readonly G[]): boolean =>
  ids.every((id) => gs[id - 1]?.status === 'waiting' && gs[id - 1]?.waitreason === SEMACQUIRE);

export const rwmutexInvariants = {
  writersMutex: (rw: RWMutex, gs: readonly G[]): boolean =>
    Object.values(mutexInvariants).every((p) => (p as (m: Mutex, gs: readonly G[]) => boolean)(rw.w, gs)),
  onePendingWriter: (rw: RWMutex): boolean => rw.writerSem.length <= 1 && (rw.writerSem.length === 0 || rw.w.locked),
  writerExcludesReaders: (rw: RWMutex): boolean => !writerHolds(rw) || rw.readers === 0,
  pendingWriterWaitsForReaders: (rw: RWMutex): boolean => rw.writerSem.length === 0 || rw.readers > 0,
  readersWaitOnlyForWriter: (rw: RWMutex): boolean => rw.readerSem.length === 0 || rw.w.locked,
  semasOfParked: (rw: RWMutex, gs: readonly G[]): boolean => parked(rw.readerSem, gs) && parked(rw.writerSem, gs),
};

export function newRWMutex(): RWMutex {
  return { kind: 'rwmutex', w: newMutex(), readers: 0, readerSem: [], writerSem: [] };
}

/** A writer holds the lock: it has `w` and no longer waits for readers. */
export function writerHolds(rw: RWMutex): boolean {
  return rw.w.locked && rw.writerSem.length === 0;
}

/**
 * Would an RLock have to wait? While a writer holds the lock, and while one
 * is pending (rwmutex.go: readerCount < 0) — unless a mutant says a pending
 * writer does not hold readers back.
 */
export function readersBlocked(rw: RWMutex, pendingWriterBlocksReaders: boolean): boolean {
  return writerHolds(rw) || (pendingWriterBlocksReaders && rw.writerSem.length > 0);
}

/** How RLock goes: it joins the readers, or parks until the writer's Unlock. */
export type RLockWay = { readonly kind: 'acquire' } | { readonly kind: 'park' };

/** How Lock goes: takes a free RWMutex; waits for readers (pending); parks on `w` behind another writer. */
export type WLockWay = { readonly kind: 'acquire' } | { readonly kind: 'pending' } | { readonly kind: 'park' };

export function rlockWays(rw: RWMutex, pendingWriterBlocksReaders: boolean): RLockWay[] {
  return [readersBlocked(rw, pendingWriterBlocksReaders) ? { kind: 'park' } : { kind: 'acquire' }];
}

export function wlockWays(rw: RWMutex): WLockWay[] {
  if (rw.w.locked) return [{ kind: 'park' }];
  return [rw.readers === 0 ? { kind: 'acquire' } : { kind: 'pending' }];
}

/** RLock that does not wait: one more reader. */
export function rlock(rw: RWMutex): RWMutex {
  return { ...rw, readers: rw.readers + 1 };
}

/** RLock that waits: goid parks on readerSem (the caller parks the g). */
export function parkReader(rw: RWMutex, goid: number): RWMutex {
  return { ...rw, readerSem: [...rw.readerSem, goid] };
}

/**
 * Lock: with `w` free it takes `w`; then either holds the lock (no readers)
 * or becomes the pending writer parked on writerSem. With `w` held it parks
 * on `w` (a retry once readied, as Mutex.Lock).
 */
export function wlock(rw: RWMutex, goid: number, way: WLockWay): RWMutex {
  if (way.kind === 'park') return { ...rw, w: parkOnMutex(rw.w, goid) };
  const w = acquireMutex(rw.w, goid);
  return way.kind === 'acquire' ? { ...rw, w } : { ...rw, w, writerSem: [goid] };
}

/** RUnlock with a reader holding the lock: one fewer; the last one readies a pending writer, who then holds the lock. */
export function runlock(rw: RWMutex): { rw: RWMutex; ready: number | null } {
  if (rw.readers === 0) throw new Error('runlock: no reader holds the lock (fatal)');
  const readers = rw.readers - 1;
  if (readers === 0 && rw.writerSem.length > 0) return { rw: { ...rw, readers, writerSem: [] }, ready: rw.writerSem[0]! };
  return { rw: { ...rw, readers }, ready: null };
}

/**
 * Unlock by the writer: every reader parked on readerSem now holds the read
 * lock (readied with it), then `w` is unlocked by `wWay` (mutex.ts), which
 * may ready one writer parked on `w` to retry.
 */
export function wunlock(rw: RWMutex, wWay: UnlockWay): { rw: RWMutex; readers: readonly number[]; writer: number | null } {
  if (!writerHolds(rw)) throw new Error('wunlock: no writer holds the lock (fatal)');
  const u = unlockMutex(rw.w, wWay);
  return { rw: { ...rw, w: u.mu, readers: rw.readers + rw.readerSem.length, readerSem: [] }, readers: rw.readerSem, writer: u.ready };
}

/** A line for a report: `rw: readers 2 readerSem [g4] writerSem [g3] w: locked sema [] `. */
export function describeRWMutex(name: string, rw: RWMutex): string {
  const ids = (xs: readonly number[]): string => `[${xs.map((g) => `g${g}`).join(' ')}]`;
  const mode = writerHolds(rw) ? 'write-locked' : rw.writerSem.length > 0 ? 'write-pending' : rw.readers > 0 ? 'read-locked' : 'free';
  return `${name}: ${mode} readers ${rw.readers} readerSem ${ids(rw.readerSem)} writerSem ${ids(rw.writerSem)}; ${describeMutex('w', rw.w)}`;
}

export function rwmutexKey(rw: RWMutex): string {
  return `${mutexKey(rw.w)};${rw.readers};${rw.readerSem.join(',')};${rw.writerSem.join(',')}`;
}
