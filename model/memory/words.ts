// Plain words under Go's memory model (doc/go_mem.html, 2022 revision): what
// a racy read may see, when two accesses race, and how a read may take its
// value from a write that has not executed yet without letting values come
// out of thin air.
//
// The explorer interleaves; the memory model is not an interleaving. A read
// r of word x may observe a write w when
//   (a) r does not happen before w, and
//   (b) w is not shadowed: no write w′ to x with w hb w′ hb r
// (go_mem "Implementation Restrictions for Programs Containing Data Races").
// An interleaving meets writes in some order, so r has two kinds of ways:
//   - past writes: every executed write to x that (b) leaves visible. (a)
//     holds for them: happens-before edges only point forward in the
//     explorer's order. Reading the latest write is the sequentially
//     consistent way; any other keeps the run but clears `Mem.sc`;
//   - promises: r takes a value v that a write still to come will write
//     (a load-buffering read). The promise is an obligation in the state;
//     a later write of v to x by a goroutine the read does not happen
//     before may fulfil it; a run that ends with a promise outstanding is
//     infeasible and has no outcome. Candidate values are the word's value
//     universe (values.ts `valueUniverse`): every value a run may store to
//     it, by a value-set fixpoint over the program.
// Out of thin air (acyclic(dep ∪ rf), docs/facts/memory-model.md §1.2): registers carry the set
// of promises their value depends on (Frame.taint, data dependencies), a
// goroutine the promises its branches depend on (control dependencies:
// Frame.branches over an if's arms until their join, Frame.ctrl for good
// after a loop; model/local.ts), and every write the
// union of both; a write may not fulfil a promise its own dependencies lead
// back to (through the writes that fulfilled earlier promises).
//
// Races (go_mem "data race"): two accesses to one word by different
// goroutines, at least one a write, unordered by happens-before. They are
// detected DJIT+-style on sequentially consistent runs only (Mem.sc), where
// Go's definition lives: per goroutine, its latest read and write epoch of
// each word; an access races with another goroutine's latest conflicting
// access that its clock does not cover.
//
// The state these functions keep is model/memory/mem.ts's, with its
// invariants (`memInvariants`).
//
// Bounds: at most MAX_PROMISES promises per run (a read past it has no
// promise ways, which can only hide load-buffering outcomes, never add any).

import type { Value } from '../ir.ts';
import type { MemorySemantics } from '../semantics.ts';
import type { CExpr, Program } from '../compile.ts';
import type { Frame } from '../sched.ts';
import type { Access, Mem, PromiseRec, WordMem, WriteRec } from './mem.ts';
import { MAX_PROMISES } from './mem.ts';
import type { VC } from './vclock.ts';
import { at, hbAt } from './vclock.ts';


/** The memory state at the start: every word holds its initial write; each root goroutine is at epoch 1. */
export function initialMem(p: Program, roots: number): Mem {
  return {
    clocks: Array.from({ length: roots }, (_, i) => {
      const c = new Array<number>(i + 1).fill(0);
      c[i] = 1;
      return c;
    }),
    syncs: [],
    words: p.wordInits.map((value) => ({
      writes: [{ value, goid: 0, epoch: 0, vc: [], site: 'initial value', deps: 0 }],
      lastWrite: [],
      lastRead: [],
    })),
    promises: [],
    fulfilled: [],
    nextPromise: 0,
    sc: true,
    recvx: p.chanCaps.map(() => 0),
    atomicDeps: p.atomicInits.map(() => 0),
  };
}


// ---------------------------------------------------------------------------
// Reads

/** One way a plain read can go. */
export type LoadWay =
  /** A write already executed: its value, dependencies, and whether it is the latest. */
  | { readonly kind: 'write'; readonly value: Value; readonly deps: number; readonly latest: boolean; readonly from: WriteRec }
  /** A value a later write must supply. */
  | { readonly kind: 'promise'; readonly value: Value };

/**
 * Is the k-th write shadowed for a reader whose clock is c: some later w′
 * with w hb w′ hb reader? Two writes of one goroutine in one epoch are
 * ordered by their place in `writes` (program order), which the clocks
 * cannot tell apart; a write that happens before another always comes
 * first in `writes`.
 */
function shadowed(k: number, writes: readonly WriteRec[], c: VC): boolean {
  const w = writes[k]!;
  for (let j = k + 1; j < writes.length; j++) {
    const w2 = writes[j]!;
    const before = w2.goid === w.goid ? true : hbAt(w.goid, w.epoch, w2.vc);
    if (before && hbAt(w2.goid, w2.epoch, c)) return true;
  }
  return false;
}

/** What the read and write rules consult of the model's semantics (mutants swap them). */
export type MemSem = Pick<MemorySemantics, 'hideShadowed' | 'promises' | 'noThinAir'> & Partial<Pick<MemorySemantics, 'readWriteRaces'>>;

/** The writes a reader with clock c may observe (condition (b) of the header). */
export function visibleWrites(wm: WordMem, c: VC, sem: MemSem = { hideShadowed: true, promises: true, noThinAir: true }): WriteRec[] {
  return sem.hideShadowed ? wm.writes.filter((_, k) => !shadowed(k, wm.writes, c)) : wm.writes.slice();
}

/**
 * Every way goroutine goid's read of `word` can go: the visible past writes
 * (one way per distinct value, dependencies and latest-ness), then promises
 * of the universe's values that no dependency-free visible write already
 * gives (reading that write is never worse than promising its value).
 */
export function loadWays(mem: Mem, word: number, goid: number, universe: readonly Value[], speculate: boolean, sem: MemSem): LoadWay[] {
  const wm = mem.words[word]!;
  const c = mem.clocks[goid - 1]!;
  const last = wm.writes[wm.writes.length - 1]!;
  const ways: LoadWay[] = [];
  const seen = new Set<string>();
  for (const w of visibleWrites(wm, c, sem)) {
    const latest = w === last;
    const k = `${String(w.value)}/${w.deps}/${latest}`;
    if (seen.has(k)) continue;
    seen.add(k);
    ways.push({ kind: 'write', value: w.value, deps: w.deps, latest, from: w });
  }
  if (!speculate || !sem.promises || mem.nextPromise >= MAX_PROMISES) return ways;
  const free = new Set(ways.filter((w) => w.kind === 'write' && w.deps === 0).map((w) => String(w.value)));
  for (const v of universe) if (!free.has(String(v))) ways.push({ kind: 'promise', value: v });
  return ways;
}

/** The memory after goroutine goid read `word` by `way` at `site`; `taint` is what the read's register now depends on. */
export function applyLoad(mem: Mem, word: number, goid: number, way: LoadWay, site: string): { mem: Mem; taint: number } {
  const c = mem.clocks[goid - 1]!;
  const wm = mem.words[word]!;
  const lastRead = setAccess(wm.lastRead, goid, { epoch: at(c, goid), site });
  let next: Mem = { ...mem, words: withWord(mem.words, word, { ...wm, lastRead }) };
  if (way.kind === 'write') {
    if (!way.latest) next = { ...next, sc: false };
    return { mem: next, taint: way.deps };
  }
  const id = mem.nextPromise;
  const p: PromiseRec = { id, word, value: way.value, goid, epoch: at(c, goid), site };
  return { mem: { ...next, sc: false, nextPromise: id + 1, promises: [...mem.promises, p] }, taint: 1 << id };
}

// ---------------------------------------------------------------------------
// Writes

/** The promises on `word` a write of v by goid with these dependencies may fulfil. */
export function fulfillable(mem: Mem, word: number, goid: number, value: Value, deps: number, sem: MemSem): PromiseRec[] {
  const c = mem.clocks[goid - 1]!;
  const closure = sem.noThinAir ? depClosure(mem, deps) : 0;
  return mem.promises.filter(
    (p) => p.word === word && p.value === value && !hbAt(p.goid, p.epoch, c) && (closure & (1 << p.id)) === 0,
  );
}

/**
 * Every way a write can go: which of the promises it may fulfil it does
 * fulfil (each subset; a promise left open waits for a later write).
 */
export function storeWays(mem: Mem, word: number, goid: number, value: Value, deps: number, sem: MemSem): number[][] {
  const ps = fulfillable(mem, word, goid, value, deps, sem).map((p) => p.id);
  let subsets: number[][] = [[]];
  for (const id of ps) subsets = subsets.flatMap((sub) => [sub, [...sub, id]]);
  return subsets;
}

/** The memory after goroutine goid wrote v to `word` at `site`, fulfilling `fulfils`. */
export function applyStore(mem: Mem, word: number, goid: number, value: Value, deps: number, site: string, fulfils: readonly number[]): Mem {
  const c = mem.clocks[goid - 1]!;
  const wm = mem.words[word]!;
  const w: WriteRec = { value, goid, epoch: at(c, goid), vc: c, site, deps };
  const lastWrite = setAccess(wm.lastWrite, goid, { epoch: at(c, goid), site });
  let next: Mem = { ...mem, words: withWord(mem.words, word, { ...wm, writes: [...wm.writes, w], lastWrite }) };
  if (fulfils.length > 0) {
    const closure = depClosure(mem, deps);
    next = {
      ...next,
      promises: next.promises.filter((p) => !fulfils.includes(p.id)),
      fulfilled: [...next.fulfilled, ...fulfils.map((id) => [id, closure] as const)].sort((a, b) => a[0] - b[0]),
    };
  }
  return next;
}

/** The promises a dependency set leads back to, through the writes that fulfilled promises in it. */
export function depClosure(mem: Mem, deps: number): number {
  let out = deps;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, d] of mem.fulfilled) {
      if ((out & (1 << id)) !== 0 && (out | d) !== out) {
        out |= d;
        changed = true;
      }
    }
  }
  return out;
}

/**
 * Forgets the writes no goroutine can read again: shadowed for the clock of
 * every goroutine (dead ones included, whose clocks the final reads of a
 * litmus test join). Clocks only grow, so a write shadowed for a goroutine
 * stays shadowed; a new goroutine starts from its creator's clock.
 */
export function collectWrites(mem: Mem, sem: MemSem): Mem {
  if (!sem.hideShadowed) return mem;
  let changed = false;
  const words = mem.words.map((wm) => {
    const last = wm.writes[wm.writes.length - 1]!;
    const keep = wm.writes.filter((w, k) => w === last || !mem.clocks.every((c) => shadowed(k, wm.writes, c)));
    if (keep.length === wm.writes.length) return wm;
    changed = true;
    return { ...wm, writes: keep };
  });
  return changed ? { ...mem, words } : mem;
}

// ---------------------------------------------------------------------------
// Races

/** One access of a race: which goroutine, read or write, where. */
export interface RaceAccess {
  readonly goid: number;
  readonly kind: 'read' | 'write';
  readonly site: string;
}

/** Two conflicting accesses to one word unordered by happens-before; `second` is the one just made. */
export interface Race {
  readonly word: number;
  readonly first: RaceAccess;
  readonly second: RaceAccess;
}

/**
 * The races goroutine goid's access to `word` makes with other goroutines'
 * latest accesses (reads race with writes; writes with both). Only
 * sequentially consistent runs are checked (Go's definition).
 */
export function racesOf(mem: Mem, word: number, goid: number, kind: 'read' | 'write', site: string, sem: MemSem): Race[] {
  if (!mem.sc) return [];
  const c = mem.clocks[goid - 1]!;
  const wm = mem.words[word]!;
  const out: Race[] = [];
  const check = (list: readonly (Access | null)[], k: 'read' | 'write'): void => {
    list.forEach((a, i) => {
      const other = i + 1;
      if (!a || other === goid || hbAt(other, a.epoch, c)) return;
      out.push({ word, first: { goid: other, kind: k, site: a.site }, second: { goid, kind, site } });
    });
  };
  const mixed = sem.readWriteRaces !== false;
  if (kind === 'write' || mixed) check(wm.lastWrite, 'write');
  if (kind === 'write' && mixed) check(wm.lastRead, 'read');
  return out;
}

// ---------------------------------------------------------------------------
// Dependencies (Frame.taint, Frame.ctrl)

/** The promises an expression's value depends on, in frame f. */
export function exprDeps(e: CExpr, f: Frame): number {
  if (!f.taint || typeof e === 'number' || typeof e === 'boolean') return 0;
  if ('r' in e) return f.taint[e.r] ?? 0;
  if ('un' in e) return exprDeps(e.x, f);
  if ('bin' in e) return exprDeps(e.l, f) | exprDeps(e.r2, f);
  return 0;
}

/** A frame's control dependencies now: those that last, and those of the branches it is inside. */
export function ctrlOf(f: Frame): number {
  let c = f.ctrl ?? 0;
  for (const b of f.branches ?? []) c |= b.deps;
  return c;
}

/** What a write or send of expression e depends on: its data and the goroutine's control dependencies. */
export function writeDeps(e: CExpr, f: Frame): number {
  return exprDeps(e, f) | ctrlOf(f);
}

/**
 * The frame with register slots set to these dependency sets (leaving the
 * taint absent while all are 0). A register set under a branch depends on
 * the branch too: after the join it holds one value or another according
 * to the way the branch went.
 */
export function withTaint(f: Frame, slots: readonly (readonly [number, number])[]): Frame {
  const c = ctrlOf(f);
  if (!f.taint && c === 0 && slots.every(([, d]) => d === 0)) return f;
  const taint = f.taint ? f.taint.slice() : f.regs.map(() => 0);
  for (const [slot, d] of slots) taint[slot] = d | c;
  return { ...f, taint };
}

// ---------------------------------------------------------------------------

function withWord(words: readonly WordMem[], i: number, w: WordMem): WordMem[] {
  const out = words.slice();
  out[i] = w;
  return out;
}

function setAccess(list: readonly (Access | null)[], goid: number, a: Access): (Access | null)[] {
  const out = list.slice();
  while (out.length < goid) out.push(null);
  out[goid - 1] = a;
  return out;
}

/**
 * The memory part of a state key (model/state.ts stateKey): everything that
 * decides behaviour. Clock values are written as their rank among the
 * values of the same goroutine's component found anywhere in the memory
 * state: every use of a clock compares entries of one component (⊑, hbAt,
 * join) or makes a goroutine's own entry greater than all (tick), so two
 * states whose values differ by an order-preserving renaming behave alike.
 * This folds the states of a loop that synchronises, whose clocks would
 * otherwise grow for ever.
 */
export function memKey(m: Mem): string {
  const ranks = epochRanks(m);
  const e = (i: number, v: number): number => (v === 0 ? 0 : ranks[i]!.get(v)!);
  const vc = (c: VC): string => c.map((v, i) => e(i, v)).join('.');
  const acc = (l: readonly (Access | null)[]): string => l.map((a, i) => (a ? `${e(i, a.epoch)}@${a.site}` : '')).join(',');
  const words = m.words
    .map((w) => `${w.writes.map((x) => `${String(x.value)}:${x.goid}:${x.goid > 0 ? e(x.goid - 1, x.epoch) : 0}:${vc(x.vc)}:${x.deps}`).join(';')}/${acc(w.lastWrite)}/${acc(w.lastRead)}`)
    .join('|');
  const syncs = m.syncs.map(([k, c]) => `${k}=${vc(c)}`).join(',');
  const promises = m.promises.map((p) => `${p.id}:${p.word}:${String(p.value)}:${p.goid}:${e(p.goid - 1, p.epoch)}`).join(',');
  const fulfilled = m.fulfilled.map(([id, d]) => `${id}:${d}`).join(',');
  return `${m.clocks.map(vc).join(',')}^${syncs}^${words}^${promises}^${fulfilled}^${m.nextPromise}${m.sc ? 's' : ''}^${m.recvx.join(',')}^${m.atomicDeps.join(',')}`;
}

/** Per clock component (goid - 1): each non-zero value found in the memory state → its rank (1, 2, …). */
function epochRanks(m: Mem): Map<number, number>[] {
  const sets: Set<number>[] = [];
  const add = (i: number, v: number): void => {
    if (v === 0) return;
    while (sets.length <= i) sets.push(new Set());
    sets[i]!.add(v);
  };
  const addVC = (c: VC): void => c.forEach((v, i) => add(i, v));
  m.clocks.forEach(addVC);
  for (const [, c] of m.syncs) addVC(c);
  for (const w of m.words) {
    for (const x of w.writes) {
      addVC(x.vc);
      if (x.goid > 0) add(x.goid - 1, x.epoch);
    }
    w.lastWrite.forEach((a, i) => a && add(i, a.epoch));
    w.lastRead.forEach((a, i) => a && add(i, a.epoch));
  }
  for (const p of m.promises) add(p.goid - 1, p.epoch);
  return sets.map((set) => new Map([...set].sort((a, b) => a - b).map((v, k) => [v, k + 1] as const)));
}
