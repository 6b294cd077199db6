// Happens-before edges: the one release/acquire helper every synchronising
// operation of the model goes through (channels, atomics and go in
// model/memory/step.ts, sync objects in model/sync/actions.ts); each step
// also records the same operations as data (hbnotes.ts). The clocks
// follow the DJIT+ discipline that Go's race detector uses
// (runtime/race.go annotations; docs/facts/memory-model.md §4.1, §4.4):
//
//   release(g, cell)  the object's cell takes g's clock; g starts a new epoch
//   acquire(g, cell)  g's clock joins the cell's clock
//   transfer(a, b)    a release by a acquired at once by b (a rendezvous,
//                     a wake-up that hands over a result)
//   fork(parent, child)  the go statement
//
// Every call names the rule of Go's memory model it implements (rules.ts);
// a rule the Semantics record drops creates no edge (mutants). Without a
// memory state (the scenario has no plain word) these are no-ops.

import type { State } from '../state.ts';
import type { MemorySemantics } from '../semantics.ts';
import type { HbRule } from './rules.ts';
import type { Mem } from './mem.ts';
import type { VC } from './vclock.ts';
import { EMPTY, join, tick } from './vclock.ts';

/**
 * A happens-before cell: where an object keeps the clock its releases leave
 * (loom keeps one inside each object; gospec keeps them in the memory state,
 * Mem.syncs, under the cell's key). One cell per object and role:
 *   mutex, rwWriter, rwReaders   a Mutex; an RWMutex's writer and readers side
 *   wg, once, atomic             a WaitGroup, a Once, an atomic word
 *   chanSent, chanFreed          slot `slot` of a buffered channel: the send
 *                                that filled it, the receive that freed it
 *   chanClose                    a channel's close
 * `id` is the object's index (Program.objects), or for an atomic word its
 * index in State.atomics, for a channel its index in State.chans.
 */
export type HbCell =
  | { readonly of: 'mutex' | 'rwWriter' | 'rwReaders' | 'wg' | 'once' | 'atomic' | 'chanClose'; readonly id: number }
  | { readonly of: 'chanSent' | 'chanFreed'; readonly id: number; readonly slot: number };

/** The cell's key in Mem.syncs (kept sorted by it, so equal states have equal keys). */
export function cellKey(c: HbCell): string {
  switch (c.of) {
    case 'mutex':
      return `mutex:${c.id}`;
    case 'rwWriter':
      return `rw:${c.id}:w`;
    case 'rwReaders':
      return `rw:${c.id}:r`;
    case 'wg':
      return `wg:${c.id}`;
    case 'once':
      return `once:${c.id}`;
    case 'atomic':
      return `atomic:${c.id}`;
    case 'chanClose':
      return `chan:${c.id}:close`;
    case 'chanSent':
      return `chan:${c.id}:s${c.slot}`;
    case 'chanFreed':
      return `chan:${c.id}:r${c.slot}`;
  }
}

/** What these helpers need of a model: which rules are in force. */
export interface HbCtx {
  readonly sem: { readonly memory: Pick<MemorySemantics, 'hbRule'> };
}

/** goroutine goid's current clock (empty without a memory state). */
export function clockOf(s: State, goid: number): VC {
  return s.mem?.clocks[goid - 1] ?? EMPTY;
}

/** The clock a cell holds (empty when nothing was released there). */
export function syncClock(mem: Mem, cell: HbCell): VC {
  const i = findKey(mem.syncs, cellKey(cell));
  return i >= 0 ? mem.syncs[i]![1] : EMPTY;
}

/**
 * Release by g into the object `key`: 'replace' stores g's clock (the next
 * acquirer learns only this release, as a channel slot or an atomic store);
 * 'join' merges it (every release so far, as a mutex or a WaitGroup). Then
 * g starts a new epoch, so what it does next is not released.
 */
export function release(s: State, goid: number, cell: HbCell, mode: 'replace' | 'join'): State {
  const mem = s.mem;
  if (!mem) return s;
  const c = mem.clocks[goid - 1]!;
  const stored = mode === 'join' ? join(syncClock(mem, cell), c) : c;
  return { ...s, mem: { ...withSync(mem, cellKey(cell), stored), clocks: setAt(mem.clocks, goid, tick(c, goid)) } };
}

/** Acquire by g of whatever was released into the cell, under `rule`. */
export function acquire(ctx: HbCtx, s: State, goid: number, cell: HbCell, rule: HbRule): State {
  const mem = s.mem;
  if (!mem || !ctx.sem.memory.hbRule(rule)) return s;
  return acquireClock(ctx, s, goid, syncClock(mem, cell), rule);
}

/** Acquire by g of a given clock (one that travelled with a value), under `rule`. */
export function acquireClock(ctx: HbCtx, s: State, goid: number, vc: VC, rule: HbRule): State {
  const mem = s.mem;
  if (!mem || !ctx.sem.memory.hbRule(rule) || vc.length === 0) return s;
  const c = mem.clocks[goid - 1]!;
  const j = join(c, vc);
  return j === c ? s : { ...s, mem: { ...mem, clocks: setAt(mem.clocks, goid, j) } };
}

/**
 * A release by `from` acquired at once by `to` (a parked goroutine handed a
 * result, or the partner of a rendezvous): to ⊔= from; from starts a new epoch.
 */
export function transfer(ctx: HbCtx, s: State, from: number, to: number, rule: HbRule): State {
  const mem = s.mem;
  if (!mem) return s;
  const cf = mem.clocks[from - 1]!;
  let clocks = setAt(mem.clocks, from, tick(cf, from));
  if (ctx.sem.memory.hbRule(rule)) clocks = setAt(clocks, to, join(clocks[to - 1]!, cf));
  return { ...s, mem: { ...mem, clocks } };
}

/**
 * The go statement (H-go): the child starts knowing everything its parent
 * did; the parent starts a new epoch. Call it after the child's G exists.
 */
export function fork(ctx: HbCtx, s: State, parent: number, child: number): State {
  const mem = s.mem;
  if (!mem) return s;
  const cp = mem.clocks[parent - 1]!;
  const start = tick(ctx.sem.memory.hbRule('go') ? cp : EMPTY, child);
  const clocks = setAt(setAt(mem.clocks, parent, tick(cp, parent)), child, start);
  return { ...s, mem: { ...mem, clocks } };
}

/**
 * A goroutine the runtime starts with nothing synchronized before it (a
 * time.AfterFunc's, model/time.ts): its clock knows only its own first epoch.
 */
export function startAlone(s: State, child: number): State {
  const mem = s.mem;
  if (!mem) return s;
  return { ...s, mem: { ...mem, clocks: setAt(mem.clocks, child, tick(EMPTY, child)) } };
}

/** The clocks with goroutine goid's replaced (growing the table for a new goroutine). */
export function setAt(clocks: readonly VC[], goid: number, c: VC): VC[] {
  const out = clocks.slice();
  while (out.length < goid) out.push(EMPTY);
  out[goid - 1] = c;
  return out;
}

function withSync(mem: Mem, key: string, c: VC): Mem {
  const i = findKey(mem.syncs, key);
  const syncs = mem.syncs.slice();
  if (i >= 0) syncs[i] = [key, c];
  else {
    let k = 0;
    while (k < syncs.length && syncs[k]![0] < key) k++;
    syncs.splice(k, 0, [key, c]);
  }
  return { ...mem, syncs };
}

function findKey(syncs: readonly (readonly [string, VC])[], key: string): number {
  for (let i = 0; i < syncs.length; i++) if (syncs[i]![0] === key) return i;
  return -1;
}
