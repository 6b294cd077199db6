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

import type { ObjectDecl } from '../ir.ts';
import type { G } from '../sched.ts';
import type { Mutex } from './mutex.ts';
import { describeMutex, mutexInvariants, mutexKey, newMutex } from './mutex.ts';
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
