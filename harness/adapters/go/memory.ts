// Memory statements in the generated Go, shared by the unit generator
// (unitgen.ts) and the batched litmus generator (litmus.ts): a `word` is a
// plain int read and written with ordinary (deliberately racy) loads and
// stores, which Go's race detector (`--race`) may report; an `atomic` an
// int64 used only through sync/atomic (atomicAdd's into gets the new
// value, cas's into the swapped bool, as model/memory/ computes them). And
// Scenario.final's reads, made once every thread has finished.

import type { Expr, Name, StmtVisitor } from '../../../model/ir.ts';
import type { Program } from '../../../model/compile.ts';
import type { GoExpr } from './goexpr.ts';
import { Unsupported } from './goexpr.ts';

/** What emitting a memory statement needs of a generator: its registers, objects and expressions. */
export interface MemoryEmitter {
  reg(name: Name): string;
  mem(name: Name, kind: 'word' | 'atomic'): string;
  expr(e: Expr): GoExpr;
}

/** The statements on plain words and atomics (model/memory/). */
export type MemoryKind = 'load' | 'store' | 'atomicLoad' | 'atomicStore' | 'atomicAdd' | 'cas';

/** Each memory statement as one line of Go. */
export function memoryStatements(g: MemoryEmitter): Pick<StmtVisitor<string>, MemoryKind> {
  return {
    load: (f) => `${g.reg(f.into)} = ${g.mem(f.from, 'word')}`,
    store: (f) => `${g.mem(f.to, 'word')} = ${g.expr(f.value).code}`,
    atomicLoad: (f) => `${g.reg(f.into)} = int(atomic.LoadInt64(&${g.mem(f.from, 'atomic')}))`,
    atomicStore: (f) => `atomic.StoreInt64(&${g.mem(f.to, 'atomic')}, int64(${g.expr(f.value).code}))`,
    atomicAdd: (f) => {
      const call = `atomic.AddInt64(&${g.mem(f.to, 'atomic')}, int64(${g.expr(f.delta).code}))`;
      return f.into !== undefined ? `${g.reg(f.into)} = int(${call})` : call;
    },
    cas: (f) => {
      const call = `atomic.CompareAndSwapInt64(&${g.mem(f.on, 'atomic')}, int64(${g.expr(f.old).code}), int64(${g.expr(f.new).code}))`;
      return f.into !== undefined ? `${g.reg(f.into)} = ${call}` : call;
    },
  };
}

/** Scenario.final's reads as Go expressions on the cell or case struct `base` (an int64 for an atomic, an int for a word). */
export function finalReads(prog: Program, base: string): { name: Name; code: string }[] {
  return prog.final.map((i) => {
    const o = prog.objects[i];
    if (o === undefined) throw new Error(`final names an unknown object (index ${i})`);
    if (o.decl.kind === 'word') return { name: o.name, code: `${base}.o${i}` };
    if (o.decl.kind === 'atomic') return { name: o.name, code: `atomic.LoadInt64(&${base}.o${i})` };
    throw new Unsupported(`final reads ${JSON.stringify(o.name)}, a ${o.decl.kind}; only words and atomics have a final value`);
  });
}
