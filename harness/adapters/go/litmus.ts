// The batched litmus path of the Go code generator (codegen.ts;
// driver.go.txt's header says how it runs).
//
// A litmus-form case whose threads cannot block, panic or start goroutines
// also gets, besides its ordinary setup, a litmus7-shaped translation: a
// padded cell type holding its words and atomics (one cache line each), and
// per thread a //go:noinline method that runs the thread's body once per
// iteration over a round's array of cells, with a rendezvous and a start
// delay before each iteration, writing its observations into a row of
// slots. The rule (litmusBatchBlocker), and why each part:
//   - litmus form, at least one thread, and gomaxprocs unset or above the
//     thread count (every thread needs a processor to get past a
//     rendezvous);
//   - statements: let, if, observe, load, store, atomicLoad, atomicStore,
//     atomicAdd, cas, for, repeat, while, loop, break, continue, gosched.
//     None blocks, so no deadlock or leak can happen and no snapshot is
//     needed; none panics (`/` and `%` only by a non-zero constant), so no
//     panic has to be recovered per iteration; a loop may spin for ever,
//     which the driver's per-run timeout turns into may-not-terminate;
//   - observe never inside a loop, at most 63 observed names per thread: a
//     thread's observations then happen in source order, so a fixed row of
//     slots and a mask of the ones that ran say everything;
//   - each observation name observed by one thread only: the model orders a
//     name's values by when they were observed, which between threads would
//     need a lock per observe;
//   - no len/cap of a channel (there are no channels on this path).
// Everything else keeps to the other paths (batch runs of the ordinary
// setup, or one process per run).
//
// The translation (LitmusGen) runs once CaseGen has typed the registers; it
// shares the let/if/loop/memory statements with the unit generator
// (control.ts) and inlines procedure calls as Go blocks.

import type { Expr, Name, Scenario, Stmt, StmtKind, StmtVisitor } from '../../../model/ir.ts';
import { children, stmtKind, visitStmt } from '../../../model/ir.ts';
import type { Program } from '../../../model/compile.ts';
import { stmtSite } from '../../../model/compile.ts';
import type { CaseGen, UnitPlan } from './casegen.ts';
import { isHidden } from './casegen.ts';
import { controlStatements, splitLive } from './control.ts';
import type { GoExpr, GoType } from './goexpr.ts';
import { goString, Unsupported } from './goexpr.ts';
import { finalReads } from './memory.ts';
import { UnitGen } from './unitgen.ts';

/** Statements a thread on the batched litmus path may hold (a call is inlined, if its procedure may be: litmusBatchBlocker). */
const BATCHABLE: Readonly<Record<StmtKind, boolean>> = {
  let: true, if: true, observe: true, load: true, store: true, atomicLoad: true, atomicStore: true, atomicAdd: true, cas: true,
  for: true, repeat: true, while: true, loop: true, break: true, continue: true, gosched: true, measure: false,
  // They block, panic, start goroutines, or touch channels and sync objects.
  go: false, call: false, return: false, defer: false, send: false, recv: false, close: false, range: false, select: false,
  sleep: false, stop: false, reset: false, panic: false, lock: false, unlock: false, trylock: false, rlock: false, runlock: false, tryrlock: false,
  add: false, done: false, wait: false, once: false, condwait: false, signal: false, broadcast: false,
};

/** The most observation slots a thread may have on the batched path (one bit each in a uint64 mask). */
const MAX_SLOTS = 63;

/** Why an expression keeps its case off the batched path, or null. */
function exprBlocker(e: Expr): string | null {
  if (typeof e === 'number' || typeof e === 'boolean' || 'reg' in e) return null;
  if ('len' in e || 'cap' in e) return 'len/cap of a channel';
  if ('un' in e) return exprBlocker(e.x);
  if ((e.bin === '/' || e.bin === '%') && !(typeof e.r === 'number' && e.r !== 0)) return `${e.bin} by something other than a non-zero constant (it may panic)`;
  return exprBlocker(e.l) ?? exprBlocker(e.r);
}

const noExprs = (): Expr[] => [];

/**
 * The expressions a statement evaluates itself (not those of nested
 * statements); a call's and a go's arguments, object names included (the
 * IR writes those as registers), are expressions of the IR.
 */
const OWN_EXPRS: StmtVisitor<Expr[]> = {
  let: (m) => Object.values(m),
  observe: (m) => Object.values(m),
  if: (f) => [f.cond],
  while: (f) => [f.cond],
  for: (f) => [f.from ?? 0, f.to],
  repeat: (f) => [f.times],
  store: (f) => [f.value],
  atomicStore: (f) => [f.value],
  atomicAdd: (f) => [f.delta],
  cas: (f) => [f.old, f.new],
  send: (f) => [f.value],
  select: (f) => f.cases.flatMap((c) => ('send' in c ? [c.send.value] : [])),
  return: (e) => (e === null || e === undefined ? [] : [e]),
  add: (f) => [f.delta],
  call: (f) => Object.values(f.args ?? {}),
  go: (t) => ('proc' in t ? Object.values(t.args ?? {}) : []),
  load: noExprs,
  atomicLoad: noExprs,
  loop: noExprs,
  break: noExprs,
  continue: noExprs,
  gosched: noExprs,
  measure: noExprs,
  defer: noExprs,
  recv: noExprs,
  close: noExprs,
  range: noExprs,
  sleep: noExprs,
  stop: noExprs,
  reset: noExprs,
  panic: noExprs,
  lock: noExprs,
  unlock: noExprs,
  trylock: noExprs,
  rlock: noExprs,
  runlock: noExprs,
  tryrlock: noExprs,
  done: noExprs,
  wait: noExprs,
  once: noExprs,
  condwait: noExprs,
  signal: noExprs,
  broadcast: noExprs,
};

/**
 * Why this scenario cannot take the batched litmus path, or null when it
 * can (the rule is in the header).
 */
export function litmusBatchBlocker(s: Scenario): string | null {
  if (s.main !== undefined || s.goroutines === undefined) return 'not in litmus form';
  const threads = Object.entries(s.goroutines);
  if (threads.length === 0) return 'no threads';
  if (typeof s.gomaxprocs === 'number' && s.gomaxprocs <= threads.length) return `gomaxprocs ${s.gomaxprocs} does not give each of the ${threads.length} threads a processor`;
  const observer = new Map<Name, string>();
  for (const [label, body] of threads) {
    let slots = 0;
    let why: string | null = null;
    const calling = new Set<Name>();
    const walk = (list: readonly Stmt[], inLoop: boolean): void => {
      for (const st of list) {
        if (why !== null) return;
        const k = stmtKind(st);
        // The statement's own expressions, a call's arguments among them (they are evaluated before the inlined body).
        for (const e of visitStmt(st, OWN_EXPRS)) {
          const b = exprBlocker(e);
          if (b !== null) {
            why = `thread ${JSON.stringify(label)} uses ${b}`;
            return;
          }
        }
        if ('call' in st) {
          // A procedure call is inlined: its body must be batchable, it returns nothing, it takes words, atomics and values.
          const c = st.call;
          const proc = s.procs?.[c.proc];
          const params = Object.values(proc?.params ?? {});
          if (!proc || c.into !== undefined || params.some((t) => t !== 'word' && t !== 'atomic' && t !== 'int' && t !== 'bool')) {
            why = `thread ${JSON.stringify(label)} calls ${JSON.stringify(c.proc)}, which the batched path cannot inline`;
            return;
          }
          if (calling.has(c.proc)) {
            why = `procedure ${JSON.stringify(c.proc)} is recursive`;
            return;
          }
          calling.add(c.proc);
          walk(proc.body, inLoop);
          calling.delete(c.proc);
          continue;
        }
        if (!BATCHABLE[k]) {
          why = `thread ${JSON.stringify(label)} has a ${k} statement`;
          return;
        }
        if ('observe' in st) {
          if (inLoop) {
            why = `thread ${JSON.stringify(label)} observes inside a loop`;
            return;
          }
          for (const name of Object.keys(st.observe)) {
            slots++;
            const other = observer.get(name);
            if (other !== undefined && other !== label) {
              why = `${JSON.stringify(name)} is observed by threads ${JSON.stringify(other)} and ${JSON.stringify(label)}`;
              return;
            }
            observer.set(name, label);
          }
        } else {
          // An if's arms, or a loop's body (observing inside a loop is ruled out above).
          for (const b of children(st)) walk(b, inLoop || k !== 'if');
        }
      }
    };
    walk(body, false);
    if (why !== null) return why;
    if (slots > MAX_SLOTS) return `thread ${JSON.stringify(label)} observes ${slots} values, more than ${MAX_SLOTS}`;
  }
  return null;
}

/** The batched litmus translation of one case (run once CaseGen has typed its registers). */
export class LitmusGen {
  private lines: string[] = [];
  private temps = 0;
  /** This thread's observation slots, in source order. */
  private slots: { name: Name; isBool: boolean }[] = [];
  private ug: UnitGen | undefined;
  /** The unit being emitted: the thread's, or an inlined procedure's. */
  private plan: UnitPlan | undefined;

  constructor(private readonly cg: CaseGen) {}

  private get prog(): Program {
    return this.cg.program;
  }

  put(depth: number, line: string): void {
    this.lines.push(`${'\t'.repeat(depth)}${line}`);
  }

  emit(): string {
    const n = this.cg.typeName;
    const prog = this.prog;
    const out: string[] = [];
    const mem = prog.objects.map((o, i) => ({ o, i })).filter(({ o }) => o.decl.kind === 'word' || o.decl.kind === 'atomic');
    out.push(`// ${n}, batched litmus path: one cell per iteration, each object on a cache line of its own.`);
    out.push(`type ${n}_cell struct {`);
    for (const { o, i } of mem) if (o.decl.kind === 'atomic') out.push(`\to${i} int64 // atomic ${goString(o.name)}`, '\t_  [padInt64]byte');
    for (const { o, i } of mem) if (o.decl.kind === 'word') out.push(`\to${i} int // word ${goString(o.name)} (plain, racy accesses)`, '\t_  [padInt]byte');
    out.push('}', '');
    const inits = mem.flatMap(({ o, i }) => {
      const init = o.decl.kind === 'word' || o.decl.kind === 'atomic' ? o.decl.init ?? 0 : 0;
      return init === 0 ? [] : [`o${i}: ${init < 0 ? `(${init})` : init}`];
    });
    out.push(`type ${n}_cells struct{ cells []${n}_cell }`, '');
    out.push(`func (w *${n}_cells) reset() {`, '\tfor i := range w.cells {', `\t\tw.cells[i] = ${n}_cell{${inits.join(', ')}}`, '\t}', '}', '');
    out.push(`func (w *${n}_cells) run(k int, r *litRound) {`, '\tswitch k {');
    prog.roots.forEach((_, k) => out.push(`\tcase ${k}:`, `\t\tw.t${k}(r)`));
    out.push('\t}', '}', '');
    const fin = finalReads(prog, 'c');
    out.push(`func (w *${n}_cells) final(cell int, out []int64) {`);
    if (fin.length > 0) {
      out.push('\tc := &w.cells[cell]');
      fin.forEach((f, j) => out.push(`\tout[${j}] = int64(${f.code})`));
    }
    out.push('}', '');
    const slotLists: string[] = [];
    prog.roots.forEach((u, k) => {
      out.push(...this.thread(u, k), '');
      slotLists.push(`{${this.slots.map((sl) => `{name: ${goString(sl.name)}${sl.isBool ? ', isBool: true' : ''}}`).join(', ')}}`);
    });
    out.push(`var ${n}_batch = &litmusDef{`);
    out.push(`\tslots:  [][]litSlot{${slotLists.join(', ')}},`);
    out.push(`\tfinals: []string{${fin.map((f) => goString(f.name)).join(', ')}},`);
    out.push(`\talloc:  func(s int) litCells { return &${n}_cells{cells: make([]${n}_cell, s)} },`);
    out.push('}', '');
    return out.join('\n');
  }

  /** Thread k (root unit u): its body once per iteration of the round. */
  private thread(u: number, k: number): string[] {
    const n = this.cg.typeName;
    const unit = this.prog.units[u]!;
    this.plan = this.cg.planOf(u);
    this.ug = new UnitGen(this.cg, this.plan);
    this.slots = [];
    this.lines = [];
    this.temps = 0;
    const locals: Record<GoType, string[]> = { int: [], bool: [] };
    unit.regNames.forEach((name, s) => {
      if (!isHidden(name)) locals[this.cg.typeOfSlot(u, s)].push(`r${s}`);
    });
    for (const t of ['int', 'bool'] as const) {
      if (locals[t].length === 0) continue;
      this.put(2, `var ${locals[t].join(', ')} ${t}`);
      this.put(2, `${locals[t].map(() => '_').join(', ')} = ${locals[t].join(', ')}`);
    }
    const bodyStart = this.lines.length;
    this.block(this.plan.body, 2, this.plan.path);
    const body = this.lines.splice(bodyStart);
    const w = 1 + this.slots.length;
    const head = [
      `// thread ${goString(unit.label)}, batched: every iteration of the round, each after a rendezvous and a start delay.`,
      '//',
      '//go:noinline',
      `func (w *${n}_cells) t${k}(r *litRound) {`,
      `\tobs, delay, perm := r.obs[${k}], r.delay[${k}], r.perm`,
      '\tvar x uint64',
      '\tfor i := 0; i < r.s; i++ {',
      '\t\tr.wait(i)',
      '\t\tfor d := delay[i]; d > 0; d-- {',
      '\t\t\tx = x*6364136223846793005 + 1',
      '\t\t}',
      '\t\tc := &w.cells[perm[i]]',
      '\t\t_ = c',
      '\t\tvar m uint64',
    ];
    if (this.slots.length > 0) head.push(`\t\tvar ${this.slots.map((_, j) => `v${j}`).join(', ')} int64`);
    const tail = [`\t\trow := obs[i*${w} : i*${w}+${w}]`, '\t\trow[0] = int64(m)', ...this.slots.map((_, j) => `\t\trow[${j + 1}] = v${j}`), '\t}', `\tr.finish(${k}, x)`, '}'];
    return [...head, ...this.lines, ...body, ...tail];
  }

  expr(e: Expr): GoExpr {
    return this.ug!.expr(e);
  }

  reg(name: Name): string {
    return `r${this.cg.slotOf(this.plan!, name)}`;
  }

  /** A word or atomic of this iteration's cell, or an inlined procedure's pointer parameter. */
  mem(name: Name, kind: 'word' | 'atomic'): string {
    const r = this.prog.units[this.plan!.unit]!.refNames.indexOf(name);
    if (r >= 0) return `(*p${r})`;
    const o = this.prog.objects.findIndex((x) => x.name === name);
    if (o < 0) throw new Error(`unknown object ${name}`);
    const k = this.prog.objects[o]!.decl.kind;
    if (k !== kind) throw new Unsupported(`${JSON.stringify(name)} is a ${k}, used as a ${kind}`);
    return `c.o${o}`;
  }

  /** The statements of a list (at the sites under `path`) that run; the rest left out with a comment. */
  block(body: readonly Stmt[], d: number, path: string): void {
    const { live, dead } = splitLive(body);
    live.forEach((st, i) => this.stmt(st, d, stmtSite(path, i, st)));
    if (dead.length > 0) this.put(d, `// ${dead.length} statement(s) after this never run; left out`);
  }

  t(): string {
    return `t${this.temps++}`;
  }

  /**
   * A procedure call (at site p), inlined as a Go block: its value
   * parameters and registers are the block's own variables (shadowing the
   * caller's), its word and atomic parameters pointers through litAlias
   * (driver.go.txt), so that two parameters naming one word alias only at
   * run time.
   */
  private inline(call: { proc: Name; args?: Record<Name, Expr> }, d: number, p: string): void {
    const instr = this.cg.instrAt(this.plan!, p, 'call');
    const callee = this.cg.planOf(instr.unit);
    const unit = this.prog.units[instr.unit]!;
    const params = Object.entries(this.cg.scenario.procs?.[call.proc]?.params ?? {});
    const args = call.args ?? {};
    // Arguments are evaluated in the caller, before the callee's names exist.
    const bound = params.map(([name, t]) => {
      const a = args[name]!;
      if (t === 'word' || t === 'atomic') {
        const obj = typeof a === 'object' && a !== null && 'reg' in a ? a.reg : String(a);
        return `p${unit.refNames.indexOf(name)} := ${t === 'word' ? 'litAlias' : 'litAlias64'}(&${this.mem(obj, t)})`;
      }
      return `r${this.cg.slotOf(callee, name)} := ${this.expr(a).code}`;
    });
    const saved = { plan: this.plan, ug: this.ug };
    this.put(d, `{ // inlined ${goString(call.proc)}`);
    for (const b of bound) this.put(d + 1, b);
    if (bound.length > 0) this.put(d + 1, `${bound.map(() => '_').join(', ')} = ${bound.map((b) => b.split(' := ')[0]).join(', ')}`);
    this.plan = callee;
    this.ug = new UnitGen(this.cg, callee);
    const locals: Record<GoType, string[]> = { int: [], bool: [] };
    unit.regNames.forEach((n, s) => {
      if (!isHidden(n) && !callee.paramRegs.includes(s)) locals[this.cg.typeOfSlot(instr.unit, s)].push(`r${s}`);
    });
    for (const t of ['int', 'bool'] as const) {
      if (locals[t].length === 0) continue;
      this.put(d + 1, `var ${locals[t].join(', ')} ${t}`);
      this.put(d + 1, `${locals[t].map(() => '_').join(', ')} = ${locals[t].join(', ')}`);
    }
    this.block(callee.body, d + 1, callee.path);
    this.put(d, '}');
    ({ plan: this.plan, ug: this.ug } = saved);
  }

  loop(head: string, body: readonly Stmt[], d: number, path: string): void {
    this.put(d, head);
    this.block(body, d + 1, path);
    this.put(d, '}');
  }

  /** One statement, at site p. */
  private stmt(st: Stmt, d: number, p: string): void {
    const k = stmtKind(st);
    // litmusBatchBlocker lets nothing else through.
    const off = (): never => {
      throw new Error(`${k} on the batched litmus path`);
    };
    visitStmt<void>(st, {
      ...controlStatements(d, this, p),
      observe: (m) => {
        for (const [name, e] of Object.entries(m)) {
          const x = this.expr(e);
          const j = this.slots.length;
          this.slots.push({ name, isBool: x.type === 'bool' });
          this.put(d, x.type === 'bool' ? `v${j} = b2i(${x.code})` : `v${j} = int64(${x.code})`);
          this.put(d, `m |= 1 << ${j}`);
        }
      },
      gosched: () => this.put(d, 'runtime.Gosched()'),
      call: (c) => this.inline(c, d, p),
      go: off,
      measure: off,
      return: off,
      defer: off,
      send: off,
      recv: off,
      close: off,
      range: off,
      select: off,
      sleep: off,
      stop: off,
      reset: off,
      panic: off,
      lock: off,
      unlock: off,
      trylock: off,
      rlock: off,
      runlock: off,
      tryrlock: off,
      add: off,
      done: off,
      wait: off,
      once: off,
      condwait: off,
      signal: off,
      broadcast: off,
    });
  }
}
