// The memory state of a running scenario: one vector clock per goroutine,
// the clocks sync objects carry between goroutines, and the history of every
// plain word — after Go's memory model (doc/go_mem.html, 2022) and the
// vector-clock race detectors that implement it (DJIT+, FastTrack; Go's
// -race through ThreadSanitizer, runtime/race.go).
//
// A scenario has a memory state (`State.mem`) only when it declares a plain
// word: channels, sync objects and atomics alone behave sequentially
// consistently, and their outcomes need no clocks.
//
// Invariants (`memInvariants`):
//   1. clocksPerGoroutine: `clocks` has an entry for every goroutine, and a
//      goroutine's own entry is ≥ 1;
//   2. syncsSorted: `syncs` is sorted by key, each key once;
//   3. writesInOrder: every word's `writes` is non-empty, lists writes in
//      the order they executed, and has its initial write (goid 0) first if
//      at all (words.ts forgets it once a later write shadows it for everyone);
//   4. promisesOutstanding: `promises` are reads that took a value from a
//      write not yet executed (model/memory/words.ts); each id is below
//      `nextPromise` ≤ MAX_PROMISES and absent from `fulfilled`.

import type { Value } from '../ir.ts';
import type { VC } from './vclock.ts';

/** At most this many promises per run, so that a set of them fits an int's bits (words.ts taints). */
export const MAX_PROMISES = 30;

/** One executed write to a plain word. */
export interface WriteRec {
  readonly value: Value;
  /** The writer; 0 for the initial write, which happens before everything. */
  readonly goid: number;
  /** The writer's own clock entry when it wrote (its epoch). */
  readonly epoch: number;
  /** The writer's whole clock when it wrote: what happens before the write. */
  readonly vc: VC;
  /** Where in the scenario the write is (`goroutines.P[0].store`). */
  readonly site: string;
  /** The outstanding promises its value or control depends on (a bitmask of promise ids). */
  readonly deps: number;
}

/** A goroutine's latest access of one kind to one word: its epoch and site. */
export interface Access {
  readonly epoch: number;
  readonly site: string;
}

export interface WordMem {
  readonly writes: readonly WriteRec[];
  /** Per goroutine (goid - 1): its latest write and read, for race detection. */
  readonly lastWrite: readonly (Access | null)[];
  readonly lastRead: readonly (Access | null)[];
}

/** A read that took its value from a write still to come. */
export interface PromiseRec {
  readonly id: number;
  readonly word: number;
  readonly value: Value;
  readonly goid: number;
  /** The reader's epoch at the read: a write that has it in its clock happens after the read. */
  readonly epoch: number;
  readonly site: string;
}

export interface Mem {
  /** By goid - 1: what happens before each goroutine's current point. */
  readonly clocks: readonly VC[];
  /** Clocks held by sync objects (channel slots, mutexes, …), sorted by key. */
  readonly syncs: readonly (readonly [string, VC])[];
  /** By word index (Program.words). */
  readonly words: readonly WordMem[];
  readonly promises: readonly PromiseRec[];
  /** Fulfilled promises: [id, deps of the write that fulfilled it]. */
  readonly fulfilled: readonly (readonly [number, number])[];
  readonly nextPromise: number;
  /** Every read so far took the latest write: the run is sequentially consistent so far. */
  readonly sc: boolean;
  /** Per channel: recvx, the buffer slot the next receive takes (chan.go's ring index). */
  readonly recvx: readonly number[];
  /** Per atomic: the promises its current value depends on. */
  readonly atomicDeps: readonly number[];
}

export const memInvariants = {
  clocksPerGoroutine: (m: Mem, goroutines: number): boolean =>
    m.clocks.length === goroutines && m.clocks.every((c, i) => (c[i] ?? 0) >= 1),
  syncsSorted: (m: Mem): boolean => m.syncs.every(([k], i) => i === 0 || m.syncs[i - 1]![0] < k),
  writesInOrder: (m: Mem): boolean => m.words.every((w) => w.writes.length > 0 && w.writes.every((x, i) => x.goid !== 0 || i === 0)),
  promisesOutstanding: (m: Mem): boolean => {
    const fulfilled = new Set(m.fulfilled.map(([id]) => id));
    return m.nextPromise <= MAX_PROMISES && m.promises.every((p) => p.id < m.nextPromise && !fulfilled.has(p.id));
  },
};
