// The sync statements as actions of the transition function: for each, the
// ways it can go now (its guard, as an explicit list: docs/style.md habit 6) and
// its effect on the goroutine, the sync object, the goroutines it readies
// and the happens-before clocks: one action (model/action.ts) for every
// `sync` instruction; the objects' own rules live in mutex.ts, rwmutex.ts,
// waitgroup.ts, once.ts and cond.ts.
//
//   lock, unlock, trylock          sync/mutex.go (on an rwmutex: its Lock, Unlock, TryLock)
//   rlock, runlock, tryrlock       sync/rwmutex.go
//   add, done, wait                sync/waitgroup.go
//   onceEnter, onceExit            sync/once.go (the `once` statement's two ends)
//   condwait, relock, signal,      sync/cond.go, runtime/sema.go notifyList*
//   broadcast
//
// Wake-ups (model/sched.ts goready): a goroutine whose operation a
// counterpart completed — a reader or pending writer handed the lock, a Once
// waiter after f, a Cond waiter signalled — is readied with a WakeParam and
// continues past its instruction (model/local.ts applyParam; onceEnter's
// waiters continue past the body). A goroutine that must run its operation
// again — a Mutex waiter woken by Unlock (normal mode: it retries and may
// lose to a barging goroutine), a writer parked on an RWMutex's writers'
// mutex, a WaitGroup waiter released at zero (it checks for reuse as it
// returns) — is readied without one and finds its instruction where it was;
// the sync object remembers it (`woken`, `released`).
//
// Happens-before (model/memory/hb.ts; no-ops without plain words), each
// edge naming its rule of model/memory/rules.ts, keyed by object index:
//   Unlock releases into mutex:<i> (rw:<i>:w for an RWMutex); a Lock that
//   returns acquires it (rule mutex); an RWMutex Lock also acquires
//   rw:<i>:r, where RUnlock releases (rule rlock), and RLock acquires
//   rw:<i>:w (rule rlock). A failed TryLock acquires nothing.
//   add with a negative delta (done) releases into wg:<i>; Wait returning
//   acquires it (rule wg).
//   once's exit releases into once:<i>; every Do that returns without
//   running f acquires it (rule once) — a waiter as it is readied, which is
//   the same thing, since a parked goroutine's clock does not move.
//   Signal / Broadcast hand the signaller's clock to each waiter they ready
//   (rule cond).

import type { Value } from '../ir.ts';
import type { Instr, SyncOp } from '../compile.ts';
import type { Frame, G, WakeParam } from '../sched.ts';
import { gopark, goready } from '../sched.ts';
import type { State } from '../state.ts';
import type { Model } from '../step.ts';
import type { Actions, Moving, StepEvent, StepResult } from '../action.ts';
import { action, said } from '../action.ts';
import { evalExpr, objectOf, replaceTop } from '../local.ts';
import type { HbCell } from '../memory/hb.ts';
import type { HbNote } from '../memory/hbnotes.ts';
import { acquire, release, transfer } from '../memory/hb.ts';
import { withTaint } from '../memory/words.ts';
import type { LockWay, Mutex, UnlockWay } from './mutex.ts';
import { SEMACQUIRE, UNLOCK_OF_UNLOCKED, acquireMutex, fairnessOf, lockWays, parkOnMutex, requeueOnMutex, takeHandoff, tryLockFree, unlockMutex, unlockWays } from './mutex.ts';
import type { RLockWay, RWMutex, WLockWay } from './rwmutex.ts';
import { RUNLOCK_OF_UNLOCKED, UNLOCK_OF_UNLOCKED_RW, parkReader, readersBlocked, rlock, rlockWays, runlock, wlock, wlockWays, writerHolds, wunlock } from './rwmutex.ts';
import type { AddWay, WaitGroup, WaitWay } from './waitgroup.ts';
import { NEGATIVE_COUNTER, REUSED_BEFORE_WAIT_RETURNED, addWays, waitWays, wgAdd, wgWait } from './waitgroup.ts';
import type { EnterWay, Once } from './once.ts';
import { enterWays, onceEnter, onceExit } from './once.ts';
import type { Cond, SignalWay } from './cond.ts';
import { COND_WAIT, broadcast, condAdd, signal, signalWays } from './cond.ts';
import type { SyncObj } from './syncs.ts';

export type SyncInstr = Extract<Instr, { op: 'sync' }>;

/** How a Locker's Unlock goes (Mutex.Unlock, or RWMutex.Unlock where `wake` readies a writer parked on w). */
type LockerUnlock = UnlockWay;

/** One way a sync statement can go; `obj` is the object index (Program.objects). */
export type SyncWay =
  | { readonly kind: 'lock'; readonly obj: number; readonly way: LockWay }
  | { readonly kind: 'wlock'; readonly obj: number; readonly way: WLockWay }
  | { readonly kind: 'unlock'; readonly obj: number; readonly way: LockerUnlock }
  | { readonly kind: 'rlock'; readonly obj: number; readonly way: RLockWay }
  | { readonly kind: 'runlock'; readonly obj: number; readonly fatal: boolean }
  | { readonly kind: 'trylock'; readonly obj: number; readonly read: boolean; readonly ok: boolean }
  | { readonly kind: 'add'; readonly obj: number; readonly delta: number; readonly way: AddWay }
  | { readonly kind: 'wait'; readonly obj: number; readonly way: WaitWay }
  | { readonly kind: 'enter'; readonly obj: number; readonly way: EnterWay }
  | { readonly kind: 'exit'; readonly obj: number }
  | { readonly kind: 'condwait'; readonly obj: number; readonly lock: number; readonly way: LockerUnlock }
  | { readonly kind: 'signal'; readonly obj: number; readonly way: SignalWay }
  | { readonly kind: 'broadcast'; readonly obj: number };

/** The result of a sync step, in the words model/step.ts reports. */
export interface SyncStep {
  readonly state: State;
  readonly events: readonly StepEvent[];
  readonly hb?: readonly HbNote[];
}

/** The object index an instruction's operand denotes in frame f. */
function objOf(i: SyncInstr, f: Frame): number {
  return objectOf(i.obj, f);
}

/** The Locker (mutex or rwmutex) object a lock-family instruction acts on: a cond's L for relock. */
function lockerOf(m: Model, i: SyncInstr, f: Frame): number {
  const o = objOf(i, f);
  if (i.kind !== 'relock' && i.kind !== 'condwait') return o;
  return m.program.objects[o]!.condLock!;
}

function syncAt(m: Model, s: State, obj: number): SyncObj {
  return s.syncs[m.program.objects[obj]!.sync]!;
}

/** The ways a Locker's Unlock may go now (fatal when it is not locked for writing). */
function lockerUnlockWays(m: Model, x: Mutex | RWMutex): LockerUnlock[] {
  const mu = x.kind === 'mutex' ? x : x.w;
  if (x.kind === 'rwmutex' && !writerHolds(x)) return [{ kind: 'fatal' }];
  // An RWMutex's writers' mutex stays in normal mode (rwmutex.ts): only a Mutex of its own gets the gc level's fairness.
  return unlockWays(mu, m.sem.sync.unlockReadiesWaiter, m.sem.sync.semaServable(mu.sema.length), x.kind === 'mutex' ? fairnessOf(m) : null);
}

/** Every way sync instruction i of goroutine g may go in state s. */
export function syncWays(m: Model, s: State, g: G, top: Frame, i: SyncInstr): SyncWay[] {
  const locker = (): { obj: number; x: Mutex | RWMutex } => {
    const obj = lockerOf(m, i, top);
    return { obj, x: syncAt(m, s, obj) as Mutex | RWMutex };
  };
  switch (i.kind) {
    case 'lock':
    case 'relock': {
      const { obj, x } = locker();
      if (x.kind === 'mutex') return lockWays(x, g.goid, fairnessOf(m)).map((way) => ({ kind: 'lock', obj, way }));
      return wlockWays(x).map((way) => ({ kind: 'wlock', obj, way }));
    }
    case 'unlock': {
      const { obj, x } = locker();
      return lockerUnlockWays(m, x).map((way) => ({ kind: 'unlock', obj, way }));
    }
    case 'trylock':
    case 'tryrlock': {
      const { obj, x } = locker();
      const read = i.kind === 'tryrlock';
      const free =
        x.kind === 'mutex' ? tryLockFree(x)
        : read ? !readersBlocked(x, m.sem.sync.pendingWriterBlocksReaders)
        : !x.w.locked && x.readers === 0;
      const oks = free ? (m.sem.sync.tryLockMayFail ? [true, false] : [true]) : [false];
      return oks.map((ok) => ({ kind: 'trylock', obj, read, ok }));
    }
    case 'rlock': {
      const { obj, x } = locker();
      return rlockWays(x as RWMutex, m.sem.sync.pendingWriterBlocksReaders).map((way) => ({ kind: 'rlock', obj, way }));
    }
    case 'runlock': {
      const { obj, x } = locker();
      return [{ kind: 'runlock', obj, fatal: (x as RWMutex).readers === 0 }];
    }
    case 'add':
    case 'done': {
      const obj = objOf(i, top);
      const delta = i.kind === 'done' ? -1 : num(evalExpr(i.delta!, top, m.program, s));
      return addWays(syncAt(m, s, obj) as WaitGroup, delta).map((way) => ({ kind: 'add', obj, delta, way }));
    }
    case 'wait': {
      const obj = objOf(i, top);
      return waitWays(syncAt(m, s, obj) as WaitGroup, g.goid).map((way) => ({ kind: 'wait', obj, way }));
    }
    case 'onceEnter': {
      const obj = objOf(i, top);
      return enterWays(syncAt(m, s, obj) as Once, m.sem.sync.onceWaitsForF).map((way) => ({ kind: 'enter', obj, way }));
    }
    case 'onceExit':
      return [{ kind: 'exit', obj: objOf(i, top) }];
    case 'condwait': {
      const obj = objOf(i, top);
      const { obj: lock, x } = locker();
      return lockerUnlockWays(m, x).map((way) => ({ kind: 'condwait', obj, lock, way }));
    }
    case 'signal': {
      const obj = objOf(i, top);
      const c = syncAt(m, s, obj) as Cond;
      return signalWays(m.sem.sync.notifyServable(c.notify.length)).map((way) => ({ kind: 'signal', obj, way }));
    }
    case 'broadcast':
      return [{ kind: 'broadcast', obj: objOf(i, top) }];
  }
}

function num(v: Value): number {
  if (typeof v !== 'number') throw new Error(`WaitGroup.Add takes an int, got ${v}`);
  return v;
}

/** The goroutines the step touches, and how: the whole of a sync step's effect on `gs`. */
class Effect {
  state: State;
  readonly events: string[] = [];
  readonly hb: HbNote[] = [];

  constructor(
    private readonly m: Model,
    s: State,
    readonly g: G,
  ) {
    this.state = s;
  }

  setSync(obj: number, x: SyncObj): void {
    const syncs = this.state.syncs.slice();
    syncs[this.m.program.objects[obj]!.sync] = x;
    this.state = { ...this.state, syncs };
  }

  putG(ng: G): void {
    this.state = { ...this.state, gs: this.state.gs.map((x) => (x.goid === ng.goid ? ng : x)) };
  }

  /** g goes on at pc (by default the next instruction). */
  advance(pc?: number): void {
    const top = this.g.frames[this.g.frames.length - 1]!;
    this.putG({ ...this.g, frames: replaceTop(this.g.frames, { ...top, pc: pc ?? top.pc + 1 }) });
  }

  /** g parks at its instruction. */
  park(reason: string): void {
    this.putG(gopark(this.g, reason, this.g.frames[this.g.frames.length - 1]!));
  }

  /** goready: with a param, the goroutine continues past its instruction; without, it runs it again. */
  ready(goid: number, param?: WakeParam): void {
    const w = this.state.gs[goid - 1]!;
    this.putG(goready(w, param));
  }

  release(cell: HbCell): void {
    this.hb.push({ op: 'release', cell, goid: this.g.goid, mode: 'join' });
    this.state = release(this.state, this.g.goid, cell, 'join');
  }

  acquire(goid: number, cell: HbCell, rule: Parameters<typeof acquire>[4]): void {
    this.hb.push({ op: 'acquire', cell, goid, rule });
    this.state = acquire(this.m, this.state, goid, cell, rule);
  }

  transferTo(goid: number): void {
    this.hb.push({ op: 'transfer', from: this.g.goid, to: goid, rule: 'cond' });
    this.state = transfer(this.m, this.state, this.g.goid, goid, 'cond');
  }

  /** The program ends: an unrecoverable fatal error (runtime.fatal: no recover, no deferred calls). */
  fatal(message: string): SyncStep {
    return { state: { ...this.state, exit: { end: 'fatal', message } }, events: said(this.g, `fatal error: ${message}`) };
  }

  /** The program ends with a panic nobody recovers. */
  panic(message: string): SyncStep {
    return { state: { ...this.state, exit: { end: 'panic', message, goroutine: this.g.label } }, events: said(this.g, `panic: ${message}`) };
  }

  done(what: string): SyncStep {
    return { state: this.state, events: said(this.g, what, this.events), ...(this.hb.length > 0 ? { hb: this.hb } : {}) };
  }
}

/** A goroutine handed the result of its operation: it goes on past its instruction. */
const HANDED: WakeParam = { caseIndex: -1, ok: true };

const ids = (xs: readonly number[]): string => xs.map((x) => `g${x}`).join(' ');

/** Applies one way of sync instruction i of g (g after its local prefix) to s. */
export function applySync(m: Model, s: State, g: G, i: SyncInstr, way: SyncWay): SyncStep {
  const e = new Effect(m, s, g);
  const top = g.frames[g.frames.length - 1]!;
  const name = i.name;
  const what = describeSyncWay(m, s, i, way);
  switch (way.kind) {
    // Mutex.Lock (mutex.go): take a free mutex, else park on its semaphore.
    case 'lock': {
      const mu = syncAt(m, s, way.obj) as Mutex;
      const f = fairnessOf(m);
      if (way.way.kind === 'park') {
        e.setSync(way.obj, parkOnMutex(mu, g.goid, f));
        e.park(SEMACQUIRE);
        e.events.push(`${lockName(m, way.obj)} is ${mu.locked ? 'held' : 'in starvation mode'}: parks on its semaphore${f === null ? '' : ', at the tail'} [${SEMACQUIRE}]`);
        return e.done(what);
      }
      if (way.way.kind === 'requeue') {
        const after = requeueOnMutex(mu, g.goid, way.way.starving, f!);
        e.setSync(way.obj, after);
        e.park(SEMACQUIRE);
        e.events.push(`${lockName(m, way.obj)} is held again: parks again at the head of its semaphore [${SEMACQUIRE}]${after.starving && !mu.starving ? '; it waited more than 1 ms: starvation mode' : ''}`);
        return e.done(what);
      }
      if (way.way.kind === 'handed') {
        const after = takeHandoff(mu, g.goid, way.way.starving, f!);
        e.setSync(way.obj, after);
        e.acquire(g.goid, { of: 'mutex', id: way.obj }, 'mutex'); // rule: the Unlock that handed it → this Lock returns
        e.advance();
        e.events.push(`takes ${lockName(m, way.obj)}, handed to it${after.starving ? '' : '; starvation mode ends'}`);
        return e.done(what);
      }
      e.setSync(way.obj, acquireMutex(mu, g.goid));
      e.acquire(g.goid, { of: 'mutex', id: way.obj }, 'mutex'); // rule: an earlier Unlock → this Lock returns
      e.advance();
      e.events.push(`takes ${lockName(m, way.obj)}`);
      return e.done(what);
    }
    // RWMutex.Lock (rwmutex.go): take w, then hold the lock or wait for the readers; or park on w.
    case 'wlock': {
      const rw = syncAt(m, s, way.obj) as RWMutex;
      e.setSync(way.obj, wlock(rw, g.goid, way.way));
      if (way.way.kind === 'park') {
        e.park(SEMACQUIRE);
        e.events.push(`another writer holds ${lockName(m, way.obj)}: parks on its writers' mutex [${SEMACQUIRE}]`);
      } else if (way.way.kind === 'pending') {
        e.park(SEMACQUIRE);
        e.events.push(`${rw.readers} reader(s) hold ${lockName(m, way.obj)}: pending writer, new readers wait; parks [${SEMACQUIRE}]`);
      } else {
        writerAcquires(e, g.goid, way.obj);
        e.advance();
        e.events.push(`write-locks ${lockName(m, way.obj)}`);
      }
      return e.done(what);
    }
    // Unlock of a Mutex or an RWMutex's write lock: fatal when not locked; else free it, maybe readying one waiter.
    case 'unlock':
    case 'condwait': {
      const lockObj = way.kind === 'unlock' ? way.obj : way.lock;
      if (way.way.kind === 'fatal') {
        const x = syncAt(m, s, lockObj);
        return e.fatal(x.kind === 'mutex' ? UNLOCK_OF_UNLOCKED : UNLOCK_OF_UNLOCKED_RW);
      }
      if (way.kind === 'condwait') {
        // cond.go Wait: join the notify list before unlocking L, so a Signal after the unlock finds us.
        e.setSync(way.obj, condAdd(syncAt(m, s, way.obj) as Cond, g.goid));
      }
      lockerUnlock(m, e, lockObj, way.way);
      if (way.kind === 'condwait') {
        e.park(COND_WAIT);
        e.events.push(`parks on ${name}'s notify list [${COND_WAIT}]`);
      } else {
        e.advance();
      }
      return e.done(what);
    }
    // RWMutex.RLock: join the readers, or park until the writer's Unlock.
    case 'rlock': {
      const rw = syncAt(m, s, way.obj) as RWMutex;
      if (way.way.kind === 'park') {
        e.setSync(way.obj, parkReader(rw, g.goid));
        e.park(SEMACQUIRE);
        e.events.push(`a writer ${writerHolds(rw) ? 'holds' : 'waits for'} ${name}: parks [${SEMACQUIRE}]`);
        return e.done(what);
      }
      e.setSync(way.obj, rlock(rw));
      e.acquire(g.goid, { of: 'rwWriter', id: way.obj }, 'rlock'); // rule: Unlock → a later RLock returns
      e.advance();
      e.events.push(`read-locks ${name} (${rw.readers + 1} reader(s))`);
      return e.done(what);
    }
    // RWMutex.RUnlock: fatal without a reader; the last reader readies a pending writer, who then holds the lock.
    case 'runlock': {
      if (way.fatal) return e.fatal(RUNLOCK_OF_UNLOCKED);
      const r = runlock(syncAt(m, s, way.obj) as RWMutex);
      e.setSync(way.obj, r.rw);
      e.release({ of: 'rwReaders', id: way.obj });
      e.advance();
      if (r.ready !== null) {
        writerAcquires(e, r.ready, way.obj);
        e.ready(r.ready, HANDED);
        e.events.push(`the last reader leaves: pending writer g${r.ready} holds ${name} (goready g${r.ready})`);
      }
      return e.done(what);
    }
    // TryLock / TryRLock: a success is a Lock / RLock; a failure synchronises nothing.
    case 'trylock': {
      const x = syncAt(m, s, way.obj);
      if (way.ok) {
        if (x.kind === 'mutex') {
          e.setSync(way.obj, acquireMutex(x, g.goid));
          e.acquire(g.goid, { of: 'mutex', id: way.obj }, 'mutex');
        } else if (way.read) {
          e.setSync(way.obj, rlock(x as RWMutex));
          e.acquire(g.goid, { of: 'rwWriter', id: way.obj }, 'rlock');
        } else {
          e.setSync(way.obj, wlock(x as RWMutex, g.goid, { kind: 'acquire' }));
          writerAcquires(e, g.goid, way.obj);
        }
      }
      if (i.into === undefined) e.advance();
      else {
        // The result depends on no promise (model/memory/words.ts): it clears the register's taint.
        const regs = top.regs.map((v, k) => (k === i.into ? way.ok : v));
        e.putG({ ...g, frames: replaceTop(g.frames, withTaint({ ...top, regs, pc: top.pc + 1 }, [[i.into, 0]])) });
      }
      return e.done(what);
    }
    // WaitGroup.Add / Done: panic below zero; at zero ready every waiter.
    case 'add': {
      if (way.way.kind === 'negative') return e.panic(NEGATIVE_COUNTER);
      const wg = syncAt(m, s, way.obj) as WaitGroup;
      if (way.delta < 0) e.release({ of: 'wg', id: way.obj }); // rule: Done → the Wait it unblocks returns
      const r = wgAdd(wg, way.delta, m.sem.sync.wgReleasesWaiters);
      e.setSync(way.obj, r.wg);
      for (const id of r.ready) e.ready(id);
      e.advance();
      e.events.push(`counter ${r.wg.counter}${r.ready.length > 0 ? `; releases ${ids(r.ready)} (goready)` : ''}`);
      return e.done(what);
    }
    // WaitGroup.Wait: return at zero, else park; a released waiter checks for reuse as it returns.
    case 'wait': {
      const wg = syncAt(m, s, way.obj) as WaitGroup;
      if (way.way.kind === 'reused') return e.panic(REUSED_BEFORE_WAIT_RETURNED);
      e.setSync(way.obj, wgWait(wg, g.goid, way.way));
      if (way.way.kind === 'park') {
        e.park(SEMACQUIRE);
        e.events.push(`counter ${wg.counter}: parks [${SEMACQUIRE}]`);
        return e.done(what);
      }
      e.acquire(g.goid, { of: 'wg', id: way.obj }, 'wg');
      e.advance();
      e.events.push('counter 0: returns');
      return e.done(what);
    }
    // Once.Do's entry: skip f once done, run it first, or wait for the goroutine running it.
    case 'enter': {
      const o = syncAt(m, s, way.obj) as Once;
      e.setSync(way.obj, onceEnter(o, g.goid, way.way));
      if (way.way.kind === 'skip') {
        e.acquire(g.goid, { of: 'once', id: way.obj }, 'once'); // rule: f's completion → every Do returns
        e.advance(i.skip!);
        e.events.push(o.done ? 'f has run: returns at once' : `f is running in g${o.running}: returns without waiting`);
      } else if (way.way.kind === 'run') {
        e.advance();
        e.events.push('first: runs f');
      } else {
        e.park(SEMACQUIRE);
        e.events.push(`f is running in g${o.running}: parks until it returns [${SEMACQUIRE}]`);
      }
      return e.done(what);
    }
    // Once.Do's exit: f returned; done; every waiter returns.
    case 'exit': {
      const r = onceExit(syncAt(m, s, way.obj) as Once);
      e.setSync(way.obj, r.once);
      e.release({ of: 'once', id: way.obj });
      for (const id of r.ready) {
        e.acquire(id, { of: 'once', id: way.obj }, 'once');
        e.ready(id, HANDED);
      }
      e.advance();
      if (r.ready.length > 0) e.events.push(`readies ${ids(r.ready)} (goready)`);
      return e.done(what);
    }
    // Cond.Signal / Broadcast: ready one / every waiter, which then relocks L.
    case 'signal':
    case 'broadcast': {
      const c = syncAt(m, s, way.obj) as Cond;
      const r = way.kind === 'signal' ? signal(c, way.way) : broadcast(c, m.sem.sync.broadcastReadiesAll);
      e.setSync(way.obj, r.cond);
      for (const id of r.ready) {
        e.transferTo(id); // rule: Signal / Broadcast → the Wait it unblocks
        e.ready(id, HANDED);
      }
      e.advance();
      e.events.push(r.ready.length > 0 ? `readies ${ids(r.ready)} (goready)` : 'nobody waits: nothing happens');
      return e.done(what);
    }
  }
}

/** A writer now holds RWMutex obj: it learns every Unlock (rule mutex) and every RUnlock (rule rlock) before it. */
function writerAcquires(e: Effect, goid: number, obj: number): void {
  e.acquire(goid, { of: 'rwWriter', id: obj }, 'mutex');
  e.acquire(goid, { of: 'rwReaders', id: obj }, 'rlock');
}

/** Unlock of a Locker (not fatal): Mutex.Unlock, or RWMutex.Unlock handing the lock to its parked readers. */
function lockerUnlock(m: Model, e: Effect, obj: number, way: LockerUnlock): void {
  const x = syncAt(m, e.state, obj) as Mutex | RWMutex;
  const lname = lockName(m, obj);
  if (x.kind === 'mutex') {
    const u = unlockMutex(x, way);
    e.setSync(obj, u.mu);
    e.release({ of: 'mutex', id: obj }); // rule: this Unlock → every later Lock returns
    e.events.push(`unlocks ${lname}`);
    if (u.ready !== null) {
      e.ready(u.ready);
      e.events.push(way.kind === 'handoff' ? `starvation mode: hands the lock to g${u.ready}, the head of its queue (goready g${u.ready})` : `readies g${u.ready} to retry Lock (goready g${u.ready})`);
    }
    return;
  }
  const u = wunlock(x, way);
  e.setSync(obj, u.rw);
  e.release({ of: 'rwWriter', id: obj }); // rule: this Unlock → every later Lock and RLock returns
  e.events.push(`write-unlocks ${lname}`);
  for (const id of u.readers) {
    e.acquire(id, { of: 'rwWriter', id: obj }, 'rlock');
    e.ready(id, HANDED);
  }
  if (u.readers.length > 0) e.events.push(`hands the read lock to ${ids(u.readers)} (goready)`);
  if (u.writer !== null) {
    e.ready(u.writer);
    e.events.push(`readies writer g${u.writer} to retry Lock (goready g${u.writer})`);
  }
}

function lockName(m: Model, obj: number): string {
  return m.program.objects[obj]!.name;
}

/**
 * The label of one way, unique among the ways of the instruction: the
 * operation, and which goroutine it readies when it could ready another.
 */
export function describeSyncWay(m: Model, s: State, i: SyncInstr, way: SyncWay): string {
  const base = opWords(i.kind, i.name);
  const unlockTail = (obj: number, w: LockerUnlock): string => {
    if (w.kind !== 'wake' && w.kind !== 'handoff') return '';
    const x = syncAt(m, s, obj) as Mutex | RWMutex;
    const mu = x.kind === 'mutex' ? x : x.w;
    return w.kind === 'handoff' ? ` → hands to g${mu.sema[0]}` : ` → readies g${mu.sema[w.waiter]}`;
  };
  switch (way.kind) {
    case 'lock': {
      // A retry that may find it waited more than the threshold or not: two ways, two labels.
      const waited = (way.way.kind === 'requeue' || way.way.kind === 'handed') && way.way.starving ? ' (waited > 1 ms)' : '';
      return `${base}${i.kind === 'relock' ? ` (${lockName(m, way.obj)})` : ''}${waited}`;
    }
    case 'unlock':
      return `${base}${unlockTail(way.obj, way.way)}`;
    case 'condwait':
      return `${base} (unlocks ${lockName(m, way.lock)}${unlockTail(way.lock, way.way)})`;
    case 'trylock':
      return `${base} → ${way.ok}`;
    case 'add':
      return i.kind === 'done' ? base : `${base} ${way.delta}`;
    case 'signal':
      return way.way.kind === 'wake' ? `${base} → g${(syncAt(m, s, way.obj) as Cond).notify[way.way.waiter]}` : base;
    default:
      return i.kind === 'relock' ? `${base} (${lockName(m, (way as { obj: number }).obj)})` : base;
  }
}

function opWords(op: SyncOp, name: string): string {
  switch (op) {
    case 'onceEnter':
      return `once ${name}`;
    case 'onceExit':
      return `once ${name}: f returns`;
    case 'relock':
      return `condwait ${name}: relock`;
    default:
      return `${op} ${name}`;
  }
}

/** Every sync statement, as one action of the goroutine that makes it (model/action.ts). */
const sync = action({
  ways: ({ m, s, g, top, instr }: Moving<SyncInstr>): readonly SyncWay[] => syncWays(m, s, g, top, instr),
  apply: ({ m, s, g, instr }: Moving<SyncInstr>, way: SyncWay): StepResult => applySync(m, s, g, instr, way),
  label: ({ m, s, instr }: Moving<SyncInstr>, way: SyncWay) => describeSyncWay(m, s, instr, way),
});

export const syncActions = { sync } satisfies Actions;
