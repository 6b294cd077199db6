// The table of a state's sync objects (State.syncs): one record per mutex,
// rwmutex, waitgroup, once and cond the scenario declares, indexed by the
// object's sync index (ProgramObject.sync, declaration order among sync
// objects), as channels are by their channel index. Each record's shape,
// invariants and key belong to its mechanism's file; this one only
// dispatches on `kind`.
//
// Invariants: every record keeps its mechanism's invariants
// (`syncInvariants[kind]`), checked by typeOK; the record at sync index i
// has the kind of the object whose `sync` is i.

import type { Level, ObjectDecl } from '../ir.ts';
import type { G } from '../sched.ts';
import type { Slice } from '../action.ts';
import type { Mutex } from './mutex.ts';
import { describeMutex, mutexInvariants, mutexKey, newMutex, STARVATION_THRESHOLD_NS } from './mutex.ts';
import type { RWMutex } from './rwmutex.ts';
import { describeRWMutex, newRWMutex, rwmutexInvariants, rwmutexKey } from './rwmutex.ts';
import type { WaitGroup } from './waitgroup.ts';
import { describeWaitGroup, newWaitGroup, waitgroupInvariants, waitgroupKey } from './waitgroup.ts';
import type { Once } from './once.ts';
import { describeOnce, newOnce, onceInvariants, onceKey } from './once.ts';
import type { Cond } from './cond.ts';
import { condInvariants, condKey, describeCond, newCond } from './cond.ts';

export type SyncObj = Mutex | RWMutex | WaitGroup | Once | Cond;
export type SyncKind = SyncObj['kind'];

/** The decisions of the sync package that a mutant may change (model/semantics.ts), at one level. */
export interface SyncSemantics {
  /**
   * Which goroutines parked on a sync object (head first) a release may
   * ready: the waiter Mutex.Unlock wakes to retry (runtime/sema.go
   * semrelease1 dequeues the head of its queue). The spec promises no
   * order, so any; the gc level the head.
   */
  readonly semaServable: (queueLength: number) => readonly number[];
  /**
   * Which goroutines in a Cond's notify list (oldest first) Signal may
   * ready: runtime/sema.go notifyListNotifyOne readies the holder of the
   * oldest ticket not yet notified, so the gc level readies the head; the
   * spec (sync/cond.go: "wakes one goroutine waiting on c") any.
   */
  readonly notifyServable: (listLength: number) => readonly number[];
  /**
   * mutex.go's starvationThresholdNs, 1 ms: a woken waiter that waited
   * longer and still finds the mutex held switches it to starvation mode.
   * null: no starvation mode (the spec level; Go before 1.9).
   */
  readonly starvationThresholdNs: number | null;
  /**
   * Whether the waiter handed the lock in starvation mode ends the mode:
   * lockSlow does when it waited no longer than the threshold, or when no
   * other waiter is left.
   */
  readonly starvationEnds: (waitedLong: boolean, waitersLeft: number) => boolean;
  /** Whether Unlock hands the lock to the queue's head rather than readying it to compete (unlockSlow: only in starvation mode). */
  readonly handsOff: (starving: boolean) => boolean;
  /** Whether a newcomer leaves a mutex in starvation mode to the queue (lockSlow: it neither takes it nor spins). */
  readonly newcomersQueueWhileStarving: boolean;
  /** Whether Mutex.Unlock readies a parked waiter when none is on its way already (mutex.go unlockSlow: it does). */
  readonly unlockReadiesWaiter: boolean;
  /**
   * Whether TryLock / TryRLock may fail on a lock they could take. The
   * memory model says a TryLock may be considered able to fail even on an
   * unlocked mutex (spec); gc's fails only when its CAS loses a race, which
   * an atomic step never does (gc).
   */
  readonly tryLockMayFail: boolean;
  /** Whether a writer waiting in RWMutex.Lock makes new readers wait (rwmutex.go: readerCount < 0 does). */
  readonly pendingWriterBlocksReaders: boolean;
  /** Whether the WaitGroup.Add that brings the counter to zero readies the waiters (waitgroup.go: it does). */
  readonly wgReleasesWaiters: boolean;
  /** Whether Once.Do waits for an f that is still running (once.go doSlow: it does, on o.m). */
  readonly onceWaitsForF: boolean;
  /** Whether Cond.Broadcast readies every waiter (notifyListNotifyAll: it does). */
  readonly broadcastReadiesAll: boolean;
}

/** The head of a queue of n at the gc level, any of them at the spec level, none when empty. */
function headAtGc(level: Level, n: number): readonly number[] {
  return n === 0 ? [] : level === 'gc' ? [0] : Array.from({ length: n }, (_, i) => i);
}

/** Go's sync package at a level. */
export function goSync(level: Level): SyncSemantics {
  return {
    semaServable: (n) => headAtGc(level, n),
    notifyServable: (n) => headAtGc(level, n),
    starvationThresholdNs: level === 'gc' ? STARVATION_THRESHOLD_NS : null,
    starvationEnds: (waitedLong, waitersLeft) => !waitedLong || waitersLeft === 0,
    handsOff: (starving) => starving,
    newcomersQueueWhileStarving: true,
    unlockReadiesWaiter: true,
    tryLockMayFail: level === 'spec',
    pendingWriterBlocksReaders: true,
    wgReleasesWaiters: true,
    onceWaitsForF: true,
    broadcastReadiesAll: true,
  };
}

/** Each mechanism's named invariants, by kind (docs/style.md habit 7). */
export const syncInvariants = {
  mutex: mutexInvariants,
  rwmutex: rwmutexInvariants,
  waitgroup: waitgroupInvariants,
  once: onceInvariants,
  cond: condInvariants,
} as const;

export function isSyncDecl(d: ObjectDecl): boolean {
  return d.kind === 'mutex' || d.kind === 'rwmutex' || d.kind === 'waitgroup' || d.kind === 'once' || d.kind === 'cond';
}

/** The zero value of a sync object (Go's sync types are usable at their zero value). */
export function newSync(d: ObjectDecl): SyncObj {
  switch (d.kind) {
    case 'mutex':
      return newMutex();
    case 'rwmutex':
      return newRWMutex();
    case 'waitgroup':
      return newWaitGroup();
    case 'once':
      return newOnce();
    case 'cond':
      return newCond();
    default:
      throw new Error(`${d.kind} is not a sync object`);
  }
}

/** The name of the first invariant x breaks, or null. */
export function brokenSyncInvariant(x: SyncObj, gs: readonly G[]): string | null {
  const preds = syncInvariants[x.kind] as Record<string, (x: SyncObj, gs: readonly G[]) => boolean>;
  for (const [name, pred] of Object.entries(preds)) if (!pred(x, gs)) return `${x.kind} invariant ${name}`;
  return null;
}

/** The sync objects' part of the state, by sync index: each at its zero value. */
export const syncSlice: Slice<'syncs'> = {
  name: 'sync',
  fields: ['syncs'],
  init: (p) => ({ syncs: p.objects.filter((o) => o.sync >= 0).map((o) => newSync(o.decl)) }),
  key: (s) => s.syncs.map(syncKey).join('|'),
  broken: (s) => {
    for (let i = 0; i < s.syncs.length; i++) {
      const broken = brokenSyncInvariant(s.syncs[i]!, s.gs);
      if (broken) return `${broken} fails on sync object #${i}: ${describeSync(`#${i}`, s.syncs[i]!)}`;
    }
    return null;
  },
  describe: (p, s) => p.objects.filter((o) => o.sync >= 0).map((o) => describeSync(o.name, s.syncs[o.sync]!)),
};

/** A compact key: the kind's letter, then the mechanism's own key. */
export function syncKey(x: SyncObj): string {
  switch (x.kind) {
    case 'mutex':
      return `M${mutexKey(x)}`;
    case 'rwmutex':
      return `R${rwmutexKey(x)}`;
    case 'waitgroup':
      return `W${waitgroupKey(x)}`;
    case 'once':
      return `O${onceKey(x)}`;
    case 'cond':
      return `C${condKey(x)}`;
  }
}

export function describeSync(name: string, x: SyncObj): string {
  switch (x.kind) {
    case 'mutex':
      return describeMutex(name, x);
    case 'rwmutex':
      return describeRWMutex(name, x);
    case 'waitgroup':
      return describeWaitGroup(name, x);
    case 'once':
      return describeOnce(name, x);
    case 'cond':
      return describeCond(name, x);
  }
}
