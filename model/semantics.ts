// The decision points of the model, gathered in one record, one part per
// mechanism (chan, select, memory, sync, proc), so that a test can swap one
// of them for a seeded bug (properties/mutants/) and show that a property
// catches it. The record passed by default, `goSemantics`, is Go's:
// each entry names the Go source it follows. Nothing else in the model
// branches on which semantics is in force.

import type { Level, Value } from './ir.ts';
import type { HbRule } from './memory/rules.ts';

/** Channels (chan.ts, after runtime/chan.go). */
export interface ChanSemantics {
  /**
   * Which waiters of a wait queue (oldest first) a counterpart may serve.
   * spec: any of them (the spec promises no order); gc: the head, since
   * runtime/chan.go's waitq.dequeue takes sudogs FIFO, for sendq and recvq
   * alike. When it names none, the operation goes on as if the queue were
   * empty (Go never does that; a mutant can).
   */
  readonly waitqServable: (queueLength: number, level: Level, queue: 'sendq' | 'recvq') => readonly number[];
  /** Which buffered value (oldest first) a receive takes: chanrecv takes buf[recvx], the oldest. */
  readonly bufTake: (buf: readonly Value[], level: Level) => number;
  /**
   * The buffer after a receiver took from a full buffer with a sender
   * blocked: chanrecv stores the sender's value in the freed slot, which
   * becomes the tail, so FIFO order holds.
   */
  readonly bufAfterHandoff: (bufWithoutTaken: readonly Value[], senderValue: Value) => readonly Value[];
  /** Whether closechan readies the receivers it finds parked (it does: zero value, ok=false). */
  readonly closeReadiesReceivers: boolean;
}

/** select (select.ts, after runtime/select.go). */
export interface SelectSemantics {
  /**
   * Which ready select cases may win (indexes into the ready list). selectgo
   * polls in a uniformly random order and takes the first ready case, so
   * every ready case may win, each with probability 1/len(ready). When it
   * names none, the select goes on as if no case were ready (Go never does
   * that; a mutant can).
   */
  readonly winners: (ready: readonly number[], level: Level) => readonly number[];
  /** Whether a select readied through one case withdraws its sudogs from the other cases (it does). */
  readonly withdrawsSiblings: boolean;
}

/** Go's memory model (memory/, after go.dev/ref/mem). */
export interface MemorySemantics {
  /**
   * Whether a happens-before rule of Go's memory model (memory/rules.ts)
   * creates its edges. Go's memory model has every one; a mutant drops one
   * to show which case or property notices.
   */
  readonly hbRule: (rule: HbRule) => boolean;
  /**
   * What a plain read may see (model/memory/words.ts), the three parts of
   * Go's rule for racy reads: a write shadowed through happens-before is
   * hidden (`hideShadowed`); a read may take a value a later write supplies
   * (`promises`, load buffering); such a write may not depend on the read
   * itself (`noThinAir`, acyclic dep ∪ rf). Go's memory model has all three.
   */
  readonly hideShadowed: boolean;
  readonly promises: boolean;
  readonly noThinAir: boolean;
  /**
   * Whether a promise may take any value a run may store (memory/values.ts's
   * fixpoint: computed values too, as Go allows); a mutant offers only the
   * program's literals, as gospec once did.
   */
  readonly computedPromises: boolean;
  /**
   * Whether the control dependency of an `if` on a promised value ends where
   * its arms join (model/local.ts: it does; a write after the `if` happens
   * either way). A mutant keeps it for everything after, as a loop's.
   */
  readonly ifDepsEndAtJoin: boolean;
  /** Whether a read and a write may race (they may: Go's definition counts read–write and write–write pairs). */
  readonly readWriteRaces: boolean;
}

/** The sync package (sync/, after sync/*.go and runtime/sema.go). */
export interface SyncSemantics {
  /**
   * Which goroutines parked on a sync object (oldest first) a release may
   * ready: the waiter Mutex.Unlock wakes to retry (runtime/sema.go
   * semrelease), the waiter Cond.Signal wakes (notifyListNotifyOne). The
   * spec promises no order, so any; the gc level allows any too until its
   * sync refinement (sema.go's FIFO queue with LIFO requeueing, the notify
   * list's tickets, mutex starvation mode) is modelled.
   */
  readonly semaServable: (queueLength: number, level: Level) => readonly number[];
  /** Whether Mutex.Unlock readies a parked waiter when none is on its way already (mutex.go unlockSlow: it does). */
  readonly unlockReadiesWaiter: boolean;
  /**
   * Whether TryLock / TryRLock may fail on a lock they could take. The
   * memory model says a TryLock may be considered able to fail even on an
   * unlocked mutex (spec); gc's fails only when its CAS loses a race, which
   * an atomic step never does (gc).
   */
  readonly tryLockMayFail: (level: Level) => boolean;
  /** Whether a writer waiting in RWMutex.Lock makes new readers wait (rwmutex.go: readerCount < 0 does). */
  readonly pendingWriterBlocksReaders: boolean;
  /** Whether the WaitGroup.Add that brings the counter to zero readies the waiters (waitgroup.go: it does). */
  readonly wgReleasesWaiters: boolean;
  /** Whether Once.Do waits for an f that is still running (once.go doSlow: it does, on o.m). */
  readonly onceWaitsForF: boolean;
  /** Whether Cond.Broadcast readies every waiter (notifyListNotifyAll: it does). */
  readonly broadcastReadiesAll: boolean;
}

/** Goroutines and the program around them (proc.ts, explore/settle.ts, after runtime/proc.go). */
export interface ProcSemantics {
  /**
   * Whether a leak is judged by running the goroutines left behind at
   * main's return on, to see which can still finish (explore/settle.ts: it
   * is). A mutant judges it by the snapshot at exit instead — the parked
   * goroutines leaked, the runnable ones not — which is what a
   * stopped-world dump at main's return shows, not what a leak is.
   */
  readonly leftBehindRunOn: boolean;
}

/** Every decision point, by mechanism: `m.sem.chan.bufTake`, `sem.memory.hbRule`. */
export interface Semantics {
  readonly chan: ChanSemantics;
  readonly select: SelectSemantics;
  readonly memory: MemorySemantics;
  readonly sync: SyncSemantics;
  readonly proc: ProcSemantics;
}

export const goSemantics: Semantics = {
  chan: {
    waitqServable: (n, level) => (n === 0 ? [] : level === 'gc' ? [0] : range(n)),
    bufTake: () => 0,
    bufAfterHandoff: (buf, v) => [...buf, v],
    closeReadiesReceivers: true,
  },
  select: {
    winners: (ready) => ready.map((_, i) => i),
    withdrawsSiblings: true,
  },
  memory: {
    hbRule: () => true,
    hideShadowed: true,
    promises: true,
    noThinAir: true,
    computedPromises: true,
    ifDepsEndAtJoin: true,
    readWriteRaces: true,
  },
  sync: {
    semaServable: (n) => range(n),
    unlockReadiesWaiter: true,
    tryLockMayFail: (level) => level === 'spec',
    pendingWriterBlocksReaders: true,
    wgReleasesWaiters: true,
    onceWaitsForF: true,
    broadcastReadiesAll: true,
  },
  proc: {
    leftBehindRunOn: true,
  },
};

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
