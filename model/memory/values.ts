// The values a word may ever hold, for promises (words.ts): a read that
// takes its value from a write still to come must guess that value, and the
// guess ranges over the word's value universe. A universe too small hides
// load-buffering outcomes Go allows (`r0 = x; y = 3*2 ∥ r1 = y; x = r1+1`
// may end r0=7, r1=6); one too large only costs promises no write keeps.
//
// The universe is computed by a flow-insensitive value-set analysis, a small
// fixpoint over the whole program: every register slot of every unit, every
// word, atomic and channel, and every unit's return value holds a set of
// values, and each instruction adds to the sets it writes what its
// expressions give over the sets they read:
//   let / load / atomic / recv / select / call / go / defer / return, as
//   the model runs them (a register starts at 0; a receive may also give
//   the zero value and ok false; a reference operand may be any object of
//   its kind; len and cap give 0..cap).
// Expressions are evaluated by the model's own evaluator (local.ts
// evalExpr) over every combination of their operands' values, so the
// arithmetic is Go's. Every value a run can store is in the word's set:
// the analysis ignores order and conditions, and a promised value is one
// some write stores.
//
// Bound: a set that would pass MAX_VALUES values (a counter that grows
// round a loop, products of large sets) is given up: the word's universe is
// then the program's integer literals and the values found so far, and the
// word is named in `approximated` (ExploreResult.approximations says so in
// reports): promises of values outside it, and the outcomes they lead to,
// are missing there.

import type { Value } from '../ir.ts';
import type { CExpr, Instr, Operand, Program } from '../compile.ts';
import { evalExpr } from '../local.ts';
import type { Frame } from '../sched.ts';
import type { State } from '../state.ts';

/** A set larger than this is given up (see the header). */
export const MAX_VALUES = 64;

export interface ValueUniverse {
  /** Per word (by word index): the values a promise may take, sorted. */
  readonly universe: readonly (readonly number[])[];
  /** The words whose set was given up, with why, for reports. */
  readonly approximated: readonly string[];
}

/** A value set, or null once given up. */
type VSet = Set<Value> | null;

/** The value-set fixpoint (see the header); computed once per program. */
export function valueUniverse(p: Program): ValueUniverse {
  let u = computed.get(p);
  if (!u) computed.set(p, (u = fixpoint(p)));
  return u;
}

const computed = new WeakMap<Program, ValueUniverse>();

function fixpoint(p: Program): ValueUniverse {
  const cells = new Map<string, VSet>();
  let changed = true;
  const get = (k: string): VSet => (cells.has(k) ? cells.get(k)! : new Set());
  const add = (k: string, vs: Iterable<Value> | null): void => {
    const cur = cells.has(k) ? cells.get(k)! : new Set<Value>();
    if (cur === null) return;
    if (vs === null) {
      cells.set(k, null);
      changed = true;
      return;
    }
    for (const v of vs) {
      if (cur.has(v)) continue;
      if (cur.size >= MAX_VALUES) {
        cells.set(k, null);
        changed = true;
        return;
      }
      cur.add(v);
      changed = true;
    }
    cells.set(k, cur);
  };
  const reg = (u: number, slot: number): string => `r${u}.${slot}`;
  const cellsOf = (kind: 'word' | 'atomic' | 'chan'): string[] =>
    p.objects.flatMap((o, i) => ((kind === 'word' ? o.word : kind === 'atomic' ? o.atomic : o.chan) >= 0 ? [`o${i}`] : []));
  const ofKind = { word: cellsOf('word'), atomic: cellsOf('atomic'), chan: cellsOf('chan') };
  // An object operand: the object it names, or any object of its kind through a reference.
  const objects = (o: Operand, kind: 'word' | 'atomic' | 'chan'): readonly string[] => ('obj' in o ? [`o${o.obj}`] : ofKind[kind]);
  const chanCaps = p.objects.map((o) => (o.chan >= 0 ? p.chanCaps[o.chan]! : 0));

  p.objects.forEach((o, i) => {
    if (o.word >= 0) add(`o${i}`, [p.wordInits[o.word]!]);
    if (o.atomic >= 0) add(`o${i}`, [p.atomicInits[o.atomic]!]);
    if (o.chan >= 0) add(`o${i}`, [0]);
  });
  p.units.forEach((u, ui) => u.regNames.forEach((_, slot) => add(reg(ui, slot), [0])));

  const frame: Frame = { unit: 0, pc: 0, regs: [], refs: [], defers: [] };
  const nowhere = { gs: [], chans: [], obs: [], atomics: [], syncs: [] } as unknown as State;
  /** The values of e in unit u, over every combination of its operands' values; null when given up. */
  const values = (e: CExpr, u: number): VSet => {
    if (typeof e === 'number' || typeof e === 'boolean') return new Set([e]);
    if ('r' in e) return get(reg(u, e.r));
    if ('len' in e || 'cap' in e) {
      const o = 'len' in e ? e.len : e.cap;
      const max = Math.max(0, ...('obj' in o ? [chanCaps[o.obj]!] : chanCaps));
      return new Set(Array.from({ length: max + 1 }, (_, i) => i));
    }
    if ('un' in e) {
      const xs = values(e.x, u);
      return xs === null ? null : apply([...xs].map((x) => ({ un: e.un, x })));
    }
    const ls = values(e.l, u);
    const rs = values(e.r2, u);
    if (ls === null || rs === null) return null;
    if (ls.size * rs.size > MAX_VALUES * MAX_VALUES) return null;
    const exprs: CExpr[] = [];
    for (const l of ls) for (const r of rs) exprs.push({ bin: e.bin, l, r2: r });
    return apply(exprs);
  };
  /** Constant expressions evaluated as the model does; one that panics (x / 0) gives nothing. */
  const apply = (exprs: readonly CExpr[]): Set<Value> => {
    const out = new Set<Value>();
    for (const x of exprs) {
      try {
        out.add(evalExpr(x, frame, p, nowhere));
      } catch {
        // a run that evaluates it panics; it stores nothing
      }
    }
    return out;
  };

  const step = (i: Instr, u: number): void => {
    switch (i.op) {
      case 'let':
        for (const [slot, e] of i.assigns) add(reg(u, slot), values(e, u));
        return;
      case 'load':
        for (const w of objects(i.word, 'word')) add(reg(u, i.into), get(w));
        return;
      case 'store':
        for (const w of objects(i.word, 'word')) add(w, values(i.value, u));
        return;
      case 'atomic': {
        for (const a of objects(i.obj, 'atomic')) {
          if (i.kind === 'load' && i.into !== undefined) add(reg(u, i.into), get(a));
          if (i.kind === 'store') add(a, values(i.value!, u));
          if (i.kind === 'cas') add(a, values(i.value!, u));
          if (i.kind === 'add') {
            const olds = get(a);
            const deltas = values(i.value!, u);
            const next = olds === null || deltas === null ? null : apply([...olds].flatMap((x) => [...deltas].map((d): CExpr => ({ bin: '+', l: x, r2: d }))));
            add(a, next);
            if (i.into !== undefined) add(reg(u, i.into), next);
          }
        }
        if (i.kind === 'cas' && i.into !== undefined) add(reg(u, i.into), [true, false]);
        return;
      }
      case 'send':
        for (const c of objects(i.chan, 'chan')) add(c, values(i.value, u));
        return;
      case 'recv':
        for (const c of objects(i.chan, 'chan')) if (i.into !== undefined) add(reg(u, i.into), get(c));
        if (i.ok !== undefined) add(reg(u, i.ok), [true, false]);
        return;
      case 'select':
        for (const cs of i.cases) {
          for (const c of objects(cs.chan, 'chan')) {
            if (cs.dir === 'send') add(c, values(cs.value!, u));
            else if (cs.into !== undefined) add(reg(u, cs.into), get(c));
          }
          if (cs.ok !== undefined) add(reg(u, cs.ok), [true, false]);
        }
        return;
      case 'call':
        for (const [slot, e] of i.args.values) add(reg(i.unit, slot), values(e, u));
        if (i.into !== undefined) add(reg(u, i.into), get(`ret${i.unit}`));
        return;
      case 'go':
        for (const [slot, e] of i.args?.values ?? []) add(reg(i.unit, slot), values(e, u));
        for (const [from, to] of i.captures?.regs ?? []) if (to >= 0) add(reg(i.unit, to), get(reg(u, from)));
        return;
      case 'defer':
        for (const [from, to] of i.captures.regs) if (to >= 0) add(reg(i.unit, to), get(reg(u, from)));
        return;
      case 'return':
        if (i.value !== null) add(`ret${u}`, values(i.value, u));
        return;
      case 'sync':
        if (i.into !== undefined) add(reg(u, i.into), [true, false]);
        return;
      default:
        return;
    }
  };

  while (changed) {
    changed = false;
    p.units.forEach((unit, u) => unit.code.forEach((i) => step(i, u)));
  }

  const literals = programLiterals(p);
  const approximated: string[] = [];
  const universe = p.objects.filter((o) => o.word >= 0).sort((a, b) => a.word - b.word).map((o) => {
    const set = cells.get(`o${p.objects.indexOf(o)}`);
    if (set === null || set === undefined) {
      approximated.push(`${o.name}: more than ${MAX_VALUES} values may be stored to it, so its promises take the program's integer literals only`);
      return literals;
    }
    return [...set].filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  });
  return { universe, approximated };
}

/** The program's integer literals, with 0, 1 and the words' initial values, sorted. */
function programLiterals(p: Program): number[] {
  const literals = new Set<number>([0, 1, ...p.wordInits]);
  const lits = (e: CExpr): void => {
    if (typeof e === 'number') literals.add(e);
    else if (typeof e === 'object' && e !== null && ('un' in e || 'bin' in e)) {
      if ('un' in e) lits(e.x);
      else (lits(e.l), lits(e.r2));
    }
  };
  for (const unit of p.units) for (const i of unit.code) for (const e of exprsOf(i)) lits(e);
  return [...literals].sort((a, b) => a - b);
}

/**
 * The universe of gospec before this fixpoint, kept as a mutant's
 * (properties/mutants/literalPromises.ts): per word its initial value and
 * the constants stored to it, or every literal of the program when a store
 * to it computes its value — so `y = 3*2` could never be promised 6.
 */
export function literalUniverse(p: Program): ValueUniverse {
  const all = programLiterals(p);
  const perWord: Set<number>[] = p.wordInits.map((v) => new Set([v]));
  const computed = new Set<number>();
  let viaRef = false;
  for (const u of p.units) {
    for (const i of u.code) {
      if (i.op !== 'store') continue;
      const w = 'obj' in i.word ? p.objects[i.word.obj]!.word : -1;
      if (w < 0) viaRef = true;
      else if (typeof i.value === 'number') perWord[w]!.add(i.value);
      else computed.add(w);
    }
  }
  return { universe: perWord.map((set, w) => (viaRef || computed.has(w) ? all : [...set].sort((a, b) => a - b))), approximated: [] };
}

/** The expressions an instruction evaluates (for the literals). */
function exprsOf(i: Instr): CExpr[] {
  switch (i.op) {
    case 'let':
      return i.assigns.map(([, e]) => e);
    case 'jumpIfNot':
      return [i.cond];
    case 'store':
    case 'send':
      return [i.value];
    case 'atomic':
      return [i.value, i.old].filter((e): e is CExpr => e !== undefined);
    case 'observe':
      return i.pairs.map(([, e]) => e);
    case 'return':
      return i.value === null ? [] : [i.value];
    case 'call':
      return i.args.values.map(([, e]) => e);
    case 'go':
      return (i.args?.values ?? []).map(([, e]) => e);
    case 'select':
      return i.cases.flatMap((c) => (c.value !== undefined ? [c.value] : []));
    default:
      return [];
  }
}
