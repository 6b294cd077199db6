// The memory side of a transition: plain loads and stores with their ways
// (words.ts) and sync/atomic operations, as actions (the end of this file),
// the
// happens-before edges of channel operations and of the go statement
// (hb.ts, each naming its rule), and the final reads of a litmus test.
//
// Channels follow runtime/chan.go's ring: a buffered channel of capacity C
// has slots 0..C-1; the k-th receive takes slot k mod C (recvx) and the
// n-th send fills slot n mod C. A send leaves its clock in its slot's send
// clock (`chan:<ci>:s<slot>`), the receive that takes the slot acquires it
// (rule send) and leaves its own clock in the slot's receive clock
// (`chan:<ci>:r<slot>`), which the next send into that slot — the (k+C)-th —
// acquires before it completes (rule kC). This is also how Go's race
// detector has modelled buffered channels since Go 1.16 (racenotify on the
// slot). Unbuffered channels synchronise both ways at the rendezvous (rules
// send and unbuf); close leaves the closer's clock in `chan:<ci>:close`,
// acquired by every receive that returns because the channel is closed.
//
// Dependencies are not tracked through channel values: a promise that only
// a channel value carries to a fulfilling write is not caught (every such
// chain also passes a send, whose happens-before edge usually orders it).

import type { Value } from '../ir.ts';
import { valueKey } from '../ir.ts';
import type { Instr, Program } from '../compile.ts';
import type { Frame, G } from '../sched.ts';
import type { State } from '../state.ts';
import type { Model } from '../step.ts';
import type { Actions, InstrOf, Moving, Slice, StepResult } from '../action.ts';
import { action, said } from '../action.ts';
import type { RecvWay, SendWay } from '../chan.ts';
import { evalExpr, objectOf, replaceTop } from '../local.ts';
import type { HbCell } from './hb.ts';
import type { HbNote } from './hbnotes.ts';
import { acquire, clockOf, release, startAlone, transfer, fork as hbFork } from './hb.ts';
import { join } from './vclock.ts';
import type { LoadWay, Race } from './words.ts';
import { applyLoad, applyStore, collectWrites, initialMem, loadWays, memKey, racesOf, storeWays, visibleWrites, ctrlOf, withTaint, writeDeps } from './words.ts';
import { memInvariants } from './mem.ts';

/**
 * Memory's part of the state: the atomics' current values (by atomic
 * index), and the clocks and plain-word histories (mem.ts), present only
 * when the scenario has plain words.
 */
export const memorySlice: Slice<'atomics' | 'mem'> = {
  name: 'memory',
  fields: ['atomics', 'mem'],
  init: (p) => (p.wordInits.length > 0 ? { atomics: p.atomicInits, mem: initialMem(p, p.roots.length) } : { atomics: p.atomicInits }),
  key: (s) => `${s.atomics.map(valueKey).join(',')}${s.mem ? `/${memKey(s.mem)}` : ''}`,
  broken: (s) => {
    if (!s.mem) return null;
    for (const [name, pred] of Object.entries(memInvariants)) if (!pred(s.mem, s.gs.length)) return `memory invariant ${name} fails`;
    return null;
  },
  describe: () => [],
};

type WordInstr = Extract<Instr, { op: 'load' | 'store' }>;
type AtomicInstr = Extract<Instr, { op: 'atomic' }>;

export type WordWay =
  | { readonly op: 'load'; readonly word: number; readonly way: LoadWay }
  | { readonly op: 'store'; readonly word: number; readonly value: Value; readonly deps: number; readonly fulfils: readonly number[] };

export type ExitWay = { readonly op: 'exit'; readonly finals: readonly (readonly [string, Value])[] };

/** The word index an operand denotes in frame f. */
function wordOf(m: Model, o: WordInstr['word'], f: Frame): number {
  return m.program.objects[objectOf(o, f)]!.word;
}

/** Every way a plain load or store can go (words.ts loadWays / storeWays). */
export function wordWays(m: Model, s: State, g: G, top: Frame, i: WordInstr): WordWay[] {
  const mem = s.mem!;
  const word = wordOf(m, i.word, top);
  if (i.op === 'load') {
    const speculate = m.config.speculativeReads && m.config.memory === 'go' && (g.frames.length > 1 || outflowAhead(m.program, top.unit, top.pc));
    const ways = loadWays(mem, word, g.goid, m.universe[word] ?? [], speculate, m.sem.memory);
    const allowed = m.config.memory === 'sc' ? ways.filter((w) => w.kind === 'write' && w.latest) : ways;
    return allowed.map((way) => ({ op: 'load', word, way }));
  }
  const value = evalExpr(i.value, top, m.program, s);
  const deps = writeDeps(i.value, top);
  return storeWays(mem, word, g.goid, value, deps, m.sem.memory).map((fulfils) => ({ op: 'store', word, value, deps, fulfils }));
}

/**
 * Instructions that nobody else can see nor be ordered after: a read
 * followed only by these can always be placed after the write it reads
 * from, so it never needs a promise.
 */
const INERT = new Set<Instr['op']>(['load', 'observe', 'let', 'jump', 'jumpIfNot', 'gosched', 'sleep', 'panic', 'return']);

const outflow = new WeakMap<Program, boolean[][]>();

/**
 * Can goroutine code at (unit, pc) still do something another goroutine
 * may be ordered after (a write, a synchronising operation, a go, a call)?
 * A promise closes a cycle of program order, reads-from and
 * synchronisation; without such an operation ahead of the read no cycle
 * passes through it, and reading only past writes loses no outcome. A unit
 * that jumps backwards is judged whole.
 */
function outflowAhead(p: Program, unit: number, pc: number): boolean {
  let table = outflow.get(p);
  if (!table) {
    table = p.units.map((u) => {
      const loops = u.code.some((i, k) => (i.op === 'jump' || i.op === 'jumpIfNot') && i.to <= k);
      const ahead: boolean[] = new Array<boolean>(u.code.length + 1).fill(false);
      for (let k = u.code.length - 1; k >= 0; k--) ahead[k] = ahead[k + 1]! || !INERT.has(u.code[k]!.op);
      return loops ? ahead.map(() => ahead[0]!) : ahead;
    });
    outflow.set(p, table);
  }
  return table[unit]![pc + 1] ?? false;
}

/** A plain load or store by g: the new state (g advanced), its events and the races it makes. */
export function applyWord(m: Model, s: State, g: G, i: WordInstr, way: WordWay): { state: State; events: string[]; races: Race[] } {
  const top = g.frames[g.frames.length - 1]!;
  const mem = s.mem!;
  const name = i.name;
  if (way.op === 'load' && i.op === 'load') {
    const races = racesOf(mem, way.word, g.goid, 'read', i.site, m.sem.memory);
    const r = applyLoad(mem, way.word, g.goid, way.way, i.site);
    const regs = top.regs.slice();
    regs[i.into] = way.way.value;
    const frame = withTaint({ ...top, regs, pc: top.pc + 1 }, [[i.into, r.taint]]);
    const ng: G = { ...g, frames: replaceTop(g.frames, frame) };
    const state = { ...s, mem: r.mem, gs: s.gs.map((x) => (x.goid === g.goid ? ng : x)) };
    return { state, events: [`load ${name} → ${way.way.value}: ${describeLoad(way.way)}`], races };
  }
  if (way.op === 'store' && i.op === 'store') {
    const races = racesOf(mem, way.word, g.goid, 'write', i.site, m.sem.memory);
    const next = collectWrites(applyStore(mem, way.word, g.goid, way.value, way.deps, i.site, way.fulfils), m.sem.memory);
    const ng: G = { ...g, frames: replaceTop(g.frames, { ...top, pc: top.pc + 1 }) };
    const state = { ...s, mem: next, gs: s.gs.map((x) => (x.goid === g.goid ? ng : x)) };
    const tail = way.fulfils.length > 0 ? ` (fulfils the promise of read${way.fulfils.length > 1 ? 's' : ''} #${way.fulfils.join(', #')})` : '';
    return { state, events: [`store ${name} ${way.value}${tail}`], races };
  }
  throw new Error(`${i.op} with a ${way.op} way`);
}

function describeLoad(w: LoadWay): string {
  if (w.kind === 'promise') return 'promised: a write still to come must store this value';
  const from = w.from.goid === 0 ? 'the initial value' : `g${w.from.goid}'s write at ${w.from.site}`;
  return w.latest ? `the latest write (${from})` : `an older write still visible (${from})`;
}

/** A readable, unique label for a word way (choiceLabel). */
export function wordWayLabel(i: WordInstr, way: WordWay): string {
  if (way.op === 'store') return `store ${i.name} ${way.value}${way.fulfils.length > 0 ? ` fulfils #${way.fulfils.join(',#')}` : ''}`;
  const w = way.way;
  if (w.kind === 'promise') return `load ${i.name} → ${w.value} (promise)`;
  const from = w.from.goid === 0 ? 'init' : `g${w.from.goid}@${w.from.site}`;
  return `load ${i.name} → ${w.value}${w.latest ? '' : ` (older: ${from}${w.deps ? ` deps ${w.deps}` : ''})`}`;
}

/**
 * A sync/atomic operation by g (sync/atomic: all atomic operations behave as
 * if sequentially consistent, so the model runs them in its interleaving
 * order on State.atomics). An operation that reads acquires the clock the
 * last write left (rule atomic); one that writes leaves its own.
 */
export function applyAtomic(m: Model, s: State, g: G, i: AtomicInstr): { state: State; events: string[]; hb: HbNote[] } {
  const top = g.frames[g.frames.length - 1]!;
  const ai = m.program.objects[objectOf(i.obj, top)]!.atomic;
  const cell: HbCell = { of: 'atomic', id: ai };
  const cur = s.atomics[ai]!;
  const val = (e: AtomicInstr['value']): Value => evalExpr(e!, top, m.program, s);
  // Only an operation that reads observes the last write's effect: a plain store acquires nothing.
  const hb: HbNote[] = i.kind === 'store' ? [] : [{ op: 'acquire', cell, goid: g.goid, rule: 'atomic' }];
  let st = i.kind === 'store' ? s : acquire(m, s, g.goid, cell, 'atomic');
  let written: Value | undefined;
  let result: Value | undefined;
  const deps = (e: AtomicInstr['value']): number => (e === undefined ? 0 : writeDeps(e, top));
  let newDeps = st.mem?.atomicDeps[ai] ?? 0;
  let readDeps = newDeps;
  switch (i.kind) {
    case 'load':
      result = cur;
      break;
    case 'store':
      written = val(i.value);
      newDeps = deps(i.value);
      break;
    case 'add':
      written = (cur as number) + (val(i.value) as number);
      result = written;
      newDeps = readDeps | deps(i.value);
      readDeps = newDeps;
      break;
    case 'cas': {
      const swapped = cur === val(i.old);
      if (swapped) written = val(i.value);
      result = swapped;
      newDeps = readDeps | deps(i.old) | deps(i.value);
      readDeps = newDeps;
      break;
    }
  }
  if (written !== undefined) {
    hb.push({ op: 'release', cell, goid: g.goid, mode: 'replace' });
    st = release(st, g.goid, cell, 'replace');
    const atomics = st.atomics.slice();
    atomics[ai] = written;
    st = { ...st, atomics };
    if (st.mem && newDeps !== st.mem.atomicDeps[ai]) {
      const ad = st.mem.atomicDeps.slice();
      ad[ai] = newDeps;
      st = { ...st, mem: { ...st.mem, atomicDeps: ad } };
    }
  }
  // The goroutine as prepared (its local prefix run), one instruction on; the result, if kept, in its register.
  const next: Frame = { ...top, pc: top.pc + 1 };
  const frame = i.into !== undefined && result !== undefined
    ? withTaint({ ...next, regs: top.regs.map((v, k) => (k === i.into ? result! : v)) }, [[i.into, readDeps]])
    : next;
  const ng: G = { ...g, frames: replaceTop(g.frames, frame) };
  st = { ...st, gs: st.gs.map((x) => (x.goid === g.goid ? ng : x)) };
  const what = i.kind === 'load' ? `atomic load ${i.name} → ${cur}` : i.kind === 'store' ? `atomic store ${i.name} ${written}` : i.kind === 'add' ? `atomic add ${i.name} → ${written}` : `atomic cas ${i.name} → ${result}`;
  return { state: st, events: [what], hb };
}

// ---------------------------------------------------------------------------
// Channels and go

/** Happens-before of a completed send by `sender` on channel ci; `before` is the state the send found. */
export function hbSend(m: Model, before: State, after: State, ci: number, sender: number, way: SendWay): State {
  if (!after.mem) return after;
  const c = before.chans[ci]!;
  if (way.kind === 'buffer') {
    const slot = (after.mem.recvx[ci]! + c.buf.length) % c.dataqsiz;
    return release(acquire(m, after, sender, { of: 'chanFreed', id: ci, slot }, 'kC'), sender, { of: 'chanSent', id: ci, slot }, 'replace');
  }
  if (way.kind !== 'handoff') return after;
  const receiver = c.recvq[way.waiter]!.goid;
  return rendezvous(m, after, ci, sender, receiver, c.dataqsiz);
}

/** Happens-before of a completed receive by `receiver` on ci; `before` is the state the receive found. */
export function hbRecv(m: Model, before: State, after: State, ci: number, receiver: number, way: RecvWay): State {
  if (!after.mem) return after;
  const c = before.chans[ci]!;
  if (way.kind === 'closed') return acquire(m, after, receiver, { of: 'chanClose', id: ci }, 'close');
  if (way.kind === 'buffer') return takeSlot(m, after, ci, receiver, c.dataqsiz);
  if (way.kind !== 'handoff') return after;
  const sender = c.sendq[way.waiter]!.goid;
  if (c.dataqsiz === 0) return rendezvous(m, after, ci, sender, receiver, 0);
  // A full buffer with a parked sender: take the head slot, then the sender fills it (the (k+C)-th send).
  const slot = after.mem.recvx[ci]!;
  const st = takeSlot(m, after, ci, receiver, c.dataqsiz);
  return release(acquire(m, st, sender, { of: 'chanFreed', id: ci, slot }, 'kC'), sender, { of: 'chanSent', id: ci, slot }, 'replace');
}

/** close(ci) by `closer`, waking `woken` receivers (which return because the channel is closed). */
export function hbClose(m: Model, s: State, ci: number, closer: number, before: State): State {
  if (!s.mem) return s;
  let st = release(s, closer, { of: 'chanClose', id: ci }, 'replace');
  for (const sd of before.chans[ci]!.recvq) st = acquire(m, st, sd.goid, { of: 'chanClose', id: ci }, 'close');
  return st;
}

/** The receive of slot recvx: acquire its send (rule send), leave the receiver's clock for send k+C, advance recvx. */
function takeSlot(m: Model, s: State, ci: number, receiver: number, cap: number): State {
  const slot = s.mem!.recvx[ci]!;
  let st = acquire(m, s, receiver, { of: 'chanSent', id: ci, slot }, 'send');
  st = release(st, receiver, { of: 'chanFreed', id: ci, slot }, 'replace');
  const recvx = st.mem!.recvx.slice();
  recvx[ci] = (slot + 1) % cap;
  return { ...st, mem: { ...st.mem!, recvx } };
}

/**
 * A send meeting a receive directly. Unbuffered: each completes knowing the
 * other (rules send and unbuf). Buffered (an empty buffer, a parked
 * receiver): it is the send and receive of one slot — the send first learns
 * the receive k−C that freed the slot, then the receive learns the send.
 */
function rendezvous(m: Model, s: State, ci: number, sender: number, receiver: number, cap: number): State {
  if (cap === 0) return transfer(m, transfer(m, s, sender, receiver, 'send'), receiver, sender, 'unbuf');
  const slot = s.mem!.recvx[ci]!;
  const st = release(acquire(m, s, sender, { of: 'chanFreed', id: ci, slot }, 'kC'), sender, { of: 'chanSent', id: ci, slot }, 'replace');
  return takeSlot(m, st, ci, receiver, cap);
}

/** The go statement (rule go); the child inherits the parent's dependencies as control dependencies. */
/** A goroutine the clock starts (a time.AfterFunc's fire): no happens-before edge leads to it (model/time.ts). */
export function hbClockGo(s: State, child: number): State {
  return startAlone(s, child);
}

export function hbGo(m: Model, s: State, parent: G, child: number): State {
  let st = hbFork(m, s, parent.goid, child);
  const top = parent.frames[parent.frames.length - 1]!;
  const inherited = ctrlOf(top) | (top.taint ?? []).reduce((a, b) => a | b, 0);
  if (inherited !== 0) {
    const cg = st.gs[child - 1]!;
    const f = cg.frames[0]!;
    st = { ...st, gs: st.gs.map((x) => (x.goid === child ? { ...cg, frames: [{ ...f, ctrl: inherited }] } : x)) };
  }
  return st;
}

// ---------------------------------------------------------------------------
// Final reads (litmus form)

/**
 * The ways the program can end when goroutine g returns: one, unless g is
 * the last litmus thread and the scenario reads `final` values; then one
 * way per combination of values the final reads may see. The harness's
 * main joined every thread (rule join), so a plain word's final read sees
 * a write no other write happens after (words.ts visibleWrites with the
 * joined clock); an atomic's, its current value.
 */
export function exitWays(m: Model, s: State, g: G): ExitWay[] {
  const p = m.program;
  const roots = p.roots.length;
  const last = p.form === 'litmus' && g.goid <= roots && s.gs.slice(0, roots).every((x) => x.goid === g.goid || x.status === 'dead');
  if (!last || p.final.length === 0) return [{ op: 'exit', finals: [] }];
  let reader: readonly number[] = [];
  if (s.mem && m.sem.memory.hbRule('join')) for (let goid = 1; goid <= roots; goid++) reader = join(reader, clockOf(s, goid));
  let combos: (readonly [string, Value])[][] = [[]];
  for (const oi of p.final) {
    const o = p.objects[oi]!;
    const wm = o.word >= 0 ? s.mem!.words[o.word]! : undefined;
    // Under sequential consistency (Config.memory 'sc') a final read, like any read, takes the latest write.
    const values = !wm
      ? [s.atomics[o.atomic]!]
      : m.config.memory === 'sc'
        ? [wm.writes[wm.writes.length - 1]!.value]
        : [...new Set(visibleWrites(wm, reader, m.sem.memory).map((w) => w.value))];
    combos = combos.flatMap((c) => values.map((v) => [...c, [o.name, v] as const]));
  }
  return combos.map((finals) => ({ op: 'exit', finals }));
}


// ---------------------------------------------------------------------------
// Loads, stores and atomics as actions of a goroutine (model/action.ts)

/** A plain load: one way per write it may see, or per value it may be promised. */
const load = action({
  ways: ({ m, s, g, top, instr }: Moving<InstrOf<'load'>>): readonly WordWay[] => wordWays(m, s, g, top, instr),
  apply: ({ m, s, g, instr }: Moving<InstrOf<'load'>>, way: WordWay): StepResult => wordStep(m, s, g, instr, way),
  label: ({ instr }: Moving<InstrOf<'load'>>, way: WordWay) => wordWayLabel(instr, way),
  note: (way: WordWay) => (way.op === 'load' ? { value: way.way.kind === 'promise' || way.way.latest ? 'current' : 'stale' } : {}),
});

/** A plain store: one way per set of promises it may fulfil. */
const store = action({
  ways: ({ m, s, g, top, instr }: Moving<InstrOf<'store'>>): readonly WordWay[] => wordWays(m, s, g, top, instr),
  apply: ({ m, s, g, instr }: Moving<InstrOf<'store'>>, way: WordWay): StepResult => wordStep(m, s, g, instr, way),
  label: ({ instr }: Moving<InstrOf<'store'>>, way: WordWay) => wordWayLabel(instr, way),
});

/** A sync/atomic operation: one way, in the interleaving's sequentially consistent order. */
const atomicOp = action({
  ways: (): readonly null[] => [null],
  apply: ({ m, s, g, instr }: Moving<InstrOf<'atomic'>>): StepResult => {
    const r = applyAtomic(m, s, g, instr);
    return { state: r.state, events: said(g, r.events[0]!), ...(r.hb.length > 0 ? { hb: r.hb } : {}) };
  },
  label: ({ instr }: Moving<InstrOf<'atomic'>>) => `atomic ${instr.kind} ${instr.name}`,
});

function wordStep(m: Model, s: State, g: G, instr: WordInstr, way: WordWay): StepResult {
  const r = applyWord(m, s, g, instr, way);
  return { state: r.state, events: said(g, r.events[0]!), ...(r.races.length > 0 ? { races: r.races } : {}) };
}

export const memoryActions = { load, store, atomic: atomicOp } satisfies Actions;
