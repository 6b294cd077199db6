// One case of the generated program (codegen.ts): the scenario compiled by
// model/compile.ts, a plan per code unit reachable from the roots (its
// parameters, the reference kinds it takes, whether a procedure returns a
// value), the registers' types inferred over every planned unit (pass 1,
// typing.ts), then the Go source (pass 2): the case's struct of per-run
// objects, its setup (objects made fresh each run, the roots, the teardown,
// Scenario.final's reads) and one method per planned unit (unitgen.ts).
//
// A go, defer or call statement finds the instruction it lowered to, and so
// the unit, label and captures the model gives it, by its site in
// Program.sites (model/compile.ts stmtSite names the statement as
// compile() does): labels cannot drift from the model's (invariant 2 of
// codegen.ts).

import type { ClockKind, Expr, Name, ParamType, RecvSpec, Scenario, Stmt } from '../../../model/ir.ts';
import { children, isClockKind, stmtKind, visitStmt } from '../../../model/ir.ts';
import type { Captures, CodeUnit, Instr, Program } from '../../../model/compile.ts';
import { compile, isFuncTimer, stmtSite } from '../../../model/compile.ts';
import type { ChanOps } from './chanops.ts';
import type { GoCase } from './codegen.ts';
import { splitLive } from './control.ts';
import type { GoType } from './goexpr.ts';
import { goString, TIMER_FIELD_TYPES, Unsupported } from './goexpr.ts';
import { finalReads } from './memory.ts';
import { TypeUnifier } from './typing.ts';
import { UnitGen } from './unitgen.ts';

/** The largest channel capacity generated (make would panic far beyond it). */
export const MAX_CHAN_CAP = 1 << 20;

export const isRefParam = (t: ParamType): boolean => t !== 'int' && t !== 'bool';

/** Hidden registers (model/compile.ts's loop counters) have no Go variable. */
export const isHidden = (name: string): boolean => name.startsWith('%');

export interface UnitPlan {
  readonly unit: number;
  readonly kind: 'root' | 'proc' | 'closure';
  readonly body: readonly Stmt[];
  /** The site prefix of the body's statements (model/compile.ts stmtSite): `main`, `procs.f.body`, `main[2].go.body`. */
  readonly path: string;
  /** Register slots that are parameters, in order. */
  readonly paramRegs: readonly number[];
  /** Reference slots that are parameters, in order (all of a unit's refs). */
  readonly paramRefs: readonly number[];
  /** The object kind each reference slot holds (chan, mutex, …), by slot. */
  readonly refTypes: readonly ParamType[];
  /** Procedures: does some `return` hand back a value? */
  returnsValue: boolean;
}

/** Is x an instruction of kind op? */
function isOp<K extends Instr['op']>(x: Instr, op: K): x is Extract<Instr, { op: K }> {
  return x.op === op;
}

export class CaseGen {
  private readonly s: Scenario;
  private readonly prog: Program;
  private readonly types = new TypeUnifier();
  private readonly nodes = new Map<string, number>();
  private readonly plans = new Map<number, UnitPlan>();
  private readonly queue: number[] = [];

  constructor(
    private readonly name: string,
    private readonly c: GoCase,
    private readonly ops: ChanOps,
  ) {
    this.s = c.scenario;
    try {
      this.prog = compile(this.s);
    } catch (e) {
      throw new Unsupported(`the scenario does not compile: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  generate(): string {
    // Plan the roots, then infer types over every unit reachable from them.
    for (const r of this.prog.roots) {
      const label = this.prog.units[r]!.label;
      const body = this.s.main ?? this.s.goroutines?.[label] ?? [];
      const path = this.prog.form === 'main' ? 'main' : `goroutines.${label}`;
      this.addPlan({ unit: r, kind: 'root', body, path, paramRegs: [], paramRefs: [], refTypes: [], returnsValue: false });
    }
    // A time.AfterFunc's procedure runs from the timer, called by nobody's code.
    for (const t of this.prog.timers) {
      const d = this.prog.objects[t.obj]!.decl;
      if (t.unit !== undefined && d.kind === 'afterfunc') this.planProc(d.proc, t.unit);
    }
    while (this.queue.length > 0) {
      const u = this.queue.shift()!;
      const plan = this.plans.get(u)!;
      this.inferBlock(plan, plan.body, plan.path);
    }
    return this.emitCase();
  }

  private addPlan(p: UnitPlan): void {
    this.plans.set(p.unit, p);
    this.queue.push(p.unit);
  }

  private unitOf(plan: UnitPlan): CodeUnit {
    return this.prog.units[plan.unit]!;
  }

  private where(plan: UnitPlan, what: string): string {
    return `${what} in ${JSON.stringify(this.unitOf(plan).label)}`;
  }

  /** The type node of a register slot. */
  private node(unit: number, slot: number): number {
    const key = `${unit}:${slot}`;
    let n = this.nodes.get(key);
    if (n === undefined) {
      const u = this.prog.units[unit]!;
      n = this.types.fresh(`register ${JSON.stringify(u.regNames[slot])} of ${JSON.stringify(u.label)}`);
      this.nodes.set(key, n);
    }
    return n;
  }

  private retNode(unit: number): number {
    const key = `ret:${unit}`;
    let n = this.nodes.get(key);
    if (n === undefined) {
      n = this.types.fresh(`the result of procedure ${JSON.stringify(this.prog.units[unit]!.label)}`);
      this.nodes.set(key, n);
    }
    return n;
  }

  private slot(plan: UnitPlan, name: Name): number {
    const i = this.unitOf(plan).regNames.indexOf(name);
    if (i < 0) throw new Error(`"${name}" is not a register of ${this.unitOf(plan).label}`);
    return i;
  }

  private regNode(plan: UnitPlan, name: Name): number {
    return this.node(plan.unit, this.slot(plan, name));
  }

  /** The go, defer or call instruction the statement at `site` of plan's unit lowered to (Program.sites). */
  instrAt<K extends 'go' | 'defer' | 'call'>(plan: UnitPlan, site: string, op: K): Extract<Instr, { op: K }> {
    const at = this.prog.sites.get(site);
    const x = at !== undefined && at.unit === plan.unit ? this.unitOf(plan).code[at.from] : undefined;
    if (x === undefined || !isOp(x, op)) {
      throw new Error(`model/compile.ts's code has no ${op} instruction for ${site} in ${JSON.stringify(this.unitOf(plan).label)} (found ${x?.op ?? 'nothing'})`);
    }
    return x;
  }

  // -------------------------------------------------------------------------
  // Pass 1: plans and types.

  private inferExpr(plan: UnitPlan, e: Expr, at: string): number {
    if (typeof e === 'number') return TypeUnifier.INT;
    if (typeof e === 'boolean') return TypeUnifier.BOOL;
    if ('reg' in e) return this.regNode(plan, e.reg);
    if ('len' in e || 'cap' in e) return TypeUnifier.INT;
    if ('un' in e) {
      const x = this.inferExpr(plan, e.x, at);
      if (e.un === '-') {
        this.types.unify(x, TypeUnifier.INT, at);
        return TypeUnifier.INT;
      }
      return TypeUnifier.BOOL;
    }
    const l = this.inferExpr(plan, e.l, at);
    const r = this.inferExpr(plan, e.r, at);
    switch (e.bin) {
      case '+': case '-': case '*': case '/': case '%':
        this.types.unify(l, TypeUnifier.INT, at);
        this.types.unify(r, TypeUnifier.INT, at);
        return TypeUnifier.INT;
      case '<': case '<=': case '>': case '>=':
        this.types.unify(l, TypeUnifier.INT, at);
        this.types.unify(r, TypeUnifier.INT, at);
        return TypeUnifier.BOOL;
      case '==': case '!=':
        this.types.unify(l, r, at);
        return TypeUnifier.BOOL;
      default:
        // && and ||: operands are conditions (an int counts as != 0, as in the model).
        return TypeUnifier.BOOL;
    }
  }

  /** The statements of a list that run (splitLive), at the sites under `path`. */
  private inferBlock(plan: UnitPlan, body: readonly Stmt[], path: string): void {
    splitLive(body).live.forEach((st, i) => this.inferStmt(plan, st, stmtSite(path, i, st)));
  }

  /** The types a statement (at site p) gives its registers; the units it starts or calls, planned. */
  private inferStmt(plan: UnitPlan, st: Stmt, p: string): void {
    const at = this.where(plan, stmtKind(st));
    const INT = TypeUnifier.INT;
    const none = (): void => {};
    const unifyInt = (e: Expr): void => this.types.unify(this.inferExpr(plan, e, at), INT, at);
    visitStmt<void>(st, {
      let: (m) => {
        for (const [n, e] of Object.entries(m)) this.types.unify(this.regNode(plan, n), this.inferExpr(plan, e, at), at);
      },
      observe: (m) => {
        for (const e of Object.values(m)) this.inferExpr(plan, e, at);
      },
      if: (f) => {
        this.inferExpr(plan, f.cond, at);
        this.inferBlock(plan, f.then, `${p}.then`);
        this.inferBlock(plan, f.else ?? [], `${p}.else`);
      },
      for: (f) => {
        this.types.unify(this.regNode(plan, f.var), INT, at);
        unifyInt(f.from ?? 0);
        unifyInt(f.to);
        this.inferBlock(plan, f.body, `${p}.body`);
      },
      repeat: (f) => {
        unifyInt(f.times);
        this.inferBlock(plan, f.body, `${p}.body`);
      },
      while: (f) => {
        this.inferExpr(plan, f.cond, at);
        this.inferBlock(plan, f.body, `${p}.body`);
      },
      loop: (body) => this.inferBlock(plan, body, p),
      break: none,
      continue: none,
      close: none,
      gosched: none,
      measure: (f) => this.inferBlock(plan, f.body, `${p}.body`),
      panic: none,
      sleep: (ns) => {
        if (!Number.isSafeInteger(ns)) throw new Unsupported(`sleep takes a whole number of nanoseconds, got ${JSON.stringify(ns)} (${at})`);
      },
      send: (f) => unifyInt(f.value),
      recv: (f) => this.inferRecv(plan, f, at),
      load: (f) => this.types.unify(this.regNode(plan, f.into), INT, at),
      atomicLoad: (f) => this.types.unify(this.regNode(plan, f.into), INT, at),
      store: (f) => unifyInt(f.value),
      atomicStore: (f) => unifyInt(f.value),
      atomicAdd: (f) => {
        unifyInt(f.delta);
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), INT, at);
      },
      cas: (f) => {
        unifyInt(f.old);
        unifyInt(f.new);
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), TypeUnifier.BOOL, at);
      },
      range: (f) => {
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), INT, at);
        this.inferBlock(plan, f.body, `${p}.body`);
      },
      select: (f) => {
        f.cases.forEach((c, i) => {
          if ('send' in c) unifyInt(c.send.value);
          else this.inferRecv(plan, c.recv, at);
          this.inferBlock(plan, c.body ?? [], `${p}.cases[${i}].body`);
        });
        this.inferBlock(plan, f.default ?? [], `${p}.default`);
      },
      go: (t) => {
        const instr = this.instrAt(plan, p, 'go');
        if ('proc' in t) this.inferCall(plan, t.proc, t.args ?? {}, instr.unit, at);
        else this.planClosure(plan, instr.unit, t.body, `${p}.body`, instr.captures!, at);
      },
      call: (f) => {
        const instr = this.instrAt(plan, p, 'call');
        this.inferCall(plan, f.proc, f.args ?? {}, instr.unit, at);
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), this.retNode(instr.unit), at);
      },
      // The deferred statement is a closure's body of one, at the defer's own site.
      defer: (inner) => {
        const instr = this.instrAt(plan, p, 'defer');
        this.planClosure(plan, instr.unit, [inner], p, instr.captures, at);
      },
      return: (e) => {
        if (e === null || e === undefined) return;
        const t = this.inferExpr(plan, e, at);
        if (plan.kind === 'proc') {
          this.types.unify(this.retNode(plan.unit), t, at);
          plan.returnsValue = true;
        }
      },
      lock: none,
      unlock: none,
      rlock: none,
      runlock: none,
      done: none,
      wait: none,
      condwait: none,
      signal: none,
      broadcast: none,
      trylock: (f) => this.types.unify(this.regNode(plan, f.into), TypeUnifier.BOOL, at),
      tryrlock: (f) => this.types.unify(this.regNode(plan, f.into), TypeUnifier.BOOL, at),
      stop: (f) => {
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), TypeUnifier.BOOL, at);
      },
      reset: (f) => {
        if (!Number.isSafeInteger(f.ns)) throw new Unsupported(`reset takes a whole number of nanoseconds, got ${JSON.stringify(f.ns)} (${at})`);
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), TypeUnifier.BOOL, at);
      },
      add: (f) => unifyInt(f.delta),
      // f is compiled inline, in this unit: its go/defer/call instructions are this unit's.
      once: (f) => this.inferBlock(plan, f.body, `${p}.body`),
    });
  }

  private inferRecv(plan: UnitPlan, f: RecvSpec, at: string): void {
    if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), TypeUnifier.INT, at);
    if (f.ok !== undefined) this.types.unify(this.regNode(plan, f.ok), TypeUnifier.BOOL, at);
  }

  private inferCall(plan: UnitPlan, procName: Name, args: Record<Name, Expr>, unit: number, at: string): void {
    const proc = this.s.procs?.[procName];
    if (!proc) throw new Error(`unknown procedure ${procName}`);
    const params = Object.entries(proc.params ?? {});
    this.planProc(procName, unit);
    let slot = 0;
    for (const [name, t] of params) {
      if (t !== 'int' && t !== 'bool') continue;
      const a = args[name];
      if (a === undefined) throw new Error(`missing argument ${name}`);
      this.types.unify(this.inferExpr(plan, a, at), this.node(unit, slot++), at);
    }
  }

  /** Plans procedure procName's unit, once. */
  private planProc(procName: Name, unit: number): void {
    const proc = this.s.procs?.[procName];
    if (!proc) throw new Error(`unknown procedure ${procName}`);
    const params = Object.entries(proc.params ?? {});
    if (!this.plans.has(unit)) {
      const valueParams = params.filter(([, t]) => t === 'int' || t === 'bool');
      valueParams.forEach(([, t], slot) => this.types.unify(this.node(unit, slot), t === 'bool' ? TypeUnifier.BOOL : TypeUnifier.INT, `parameters of ${JSON.stringify(procName)}`));
      this.addPlan({
        unit,
        kind: 'proc',
        body: proc.body,
        path: `procs.${procName}.body`,
        paramRegs: valueParams.map((_, i) => i),
        paramRefs: params.filter(([, t]) => isRefParam(t)).map((_, i) => i),
        refTypes: params.filter(([, t]) => isRefParam(t)).map(([, t]) => t),
        returnsValue: false,
      });
    }
  }

  private planClosure(plan: UnitPlan, unit: number, body: readonly Stmt[], path: string, caps: Captures, at: string): void {
    const child = this.prog.units[unit]!;
    const paramRegs: number[] = [];
    for (const [from, to] of caps.regs) {
      if (to < 0 || isHidden(child.regNames[to]!)) continue;
      this.types.unify(this.node(plan.unit, from), this.node(unit, to), at);
      paramRegs.push(to);
    }
    const refTypes: ParamType[] = child.refNames.map(() => 'chan');
    for (const [from, to] of caps.refs) if (to >= 0) refTypes[to] = plan.refTypes[from] ?? 'chan';
    this.addPlan({ unit, kind: 'closure', body, path, paramRegs, paramRefs: caps.refs.filter(([, to]) => to >= 0).map(([, to]) => to), refTypes, returnsValue: false });
  }

  // -------------------------------------------------------------------------
  // Pass 2: Go source.

  private emitCase(): string {
    const out: string[] = [];
    const objs = this.prog.objects;
    const chanFields = objs.map((o, i) => ({ o, i })).filter(({ o }) => o.decl.kind === 'chan');
    const memFields = objs.map((o, i) => ({ o, i })).filter(({ o }) => o.decl.kind === 'word' || o.decl.kind === 'atomic');
    const syncFields = objs.map((o, i) => ({ o, i })).filter(({ o }) => o.sync >= 0);
    const timerFields = objs.map((o, i) => ({ o, i })).filter(({ o }) => o.timer >= 0);
    out.push(`// case ${this.name}: ${goString(this.c.id)}, scenario ${goString(this.s.name ?? '')}`);
    out.push(`type ${this.name} struct {`);
    // int64 fields first: the first word of an allocated struct is 64-bit aligned, as sync/atomic needs on 32-bit platforms.
    for (const { o, i } of memFields) if (o.decl.kind === 'atomic') out.push(`\to${i} int64 // atomic ${goString(o.name)}`);
    for (const { o, i } of memFields) if (o.decl.kind === 'word') out.push(`\to${i} int // word ${goString(o.name)} (plain, racy accesses)`);
    for (const { i } of chanFields) out.push(`\to${i} ${this.ops.type}`);
    // Sync objects are fresh zero values each run; a cond is made over its Locker (sync.NewCond(&l)).
    for (const { o, i } of syncFields) out.push(`\to${i} ${syncFieldType(o.decl.kind)} // ${o.decl.kind} ${goString(o.name)}`);
    for (const { o, i } of timerFields) out.push(`\to${i} ${TIMER_FIELD_TYPES[o.decl.kind as ClockKind]} // ${o.decl.kind} ${goString(o.name)}`);
    out.push('}', '');
    out.push(`func ${this.name}_setup() setup {`);
    out.push(`\tw := &${this.name}{}`);
    for (const { o, i } of memFields) {
      const init = o.decl.kind === 'word' || o.decl.kind === 'atomic' ? o.decl.init ?? 0 : 0;
      if (!Number.isSafeInteger(init)) throw new Unsupported(`${o.decl.kind} ${JSON.stringify(o.name)} starts at ${init}, not an integer Go and the model agree on`);
      if (init !== 0) out.push(`\tw.o${i} = ${init < 0 ? `(${init})` : init}`);
    }
    for (const { o, i } of chanFields) {
      if (o.decl.kind !== 'chan' || o.decl.nil) continue;
      const cap = o.decl.cap ?? 0;
      if (!Number.isSafeInteger(cap) || cap < 0 || cap > MAX_CHAN_CAP) throw new Unsupported(`channel ${JSON.stringify(o.name)} has capacity ${cap}; the generator makes 0 to ${MAX_CHAN_CAP}`);
      out.push(`\tw.o${i} = ${this.ops.make(cap)}`);
    }
    for (const { o, i } of syncFields) if (o.condLock !== undefined) out.push(`\tw.o${i} = sync.NewCond(&w.o${o.condLock})`);
    // Timers are made when the run is set up, just before its main starts: the model makes them at time zero (model/time.ts).
    // A litmus form has no main to start the clock with; the loader refuses timers there (corpus/wellformed.ts).
    if (timerFields.length > 0 && this.litmus) throw new Unsupported('timers, tickers and time.After need a main: they are made at time zero, before its first statement');
    const funcTimers: string[] = [];
    for (const { o, i } of timerFields) {
      const t = this.prog.timers[o.timer]!;
      if (!Number.isSafeInteger(t.ns)) throw new Unsupported(`${o.decl.kind} ${JSON.stringify(o.name)} has ${t.ns} ns, not a whole number`);
      // A func timer's fire starts a goroutine that joins the run (driver.go.txt timerGo), so it is made once the run is bound.
      if (isFuncTimer(t)) funcTimers.push(`\t\t\tw.o${i} = time.AfterFunc(${t.ns}, func() { r.timerGo(${goString(this.prog.units[t.unit]!.label)}, w.u${t.unit}) })`);
      else out.push(`\tw.o${i} = ${TIMER_MAKERS[t.kind as keyof typeof TIMER_MAKERS]}(${t.ns})`);
    }
    const roots = this.prog.roots.map((r) => `{label: ${goString(this.prog.units[r]!.label)}, body: w.u${r}}`);
    out.push(`\treturn setup{`);
    out.push(`\t\troots: []root{${roots.join(', ')}},`);
    if (funcTimers.length > 0) out.push('\t\tstart: func(r *run) {', ...funcTimers, '\t\t},');
    out.push(`\t\tteardown: func() {`);
    for (const { o, i } of chanFields) if (o.decl.kind === 'chan' && !o.decl.nil) out.push(`\t\t\t${this.ops.shut(`w.o${i}`)}`);
    // Goroutines of an ended run still waiting on a cond wake and leave at their next step (those parked on a lock stay).
    for (const { o, i } of syncFields) if (o.decl.kind === 'cond') out.push(`\t\t\tw.o${i}.Broadcast()`);
    // A ticker left running would tick on through the runs that follow in this process: it is stopped. A timer is
    // fired instead (Reset(0)): a goroutine of the ended run still parked on its channel wakes and leaves at its
    // next poll, where Stop would leave it parked for ever; once fired, a timer is in no heap. (A goroutine parked
    // on a ticker's or time.After's channel stays, as one on a nil channel does.)
    for (const { o, i } of timerFields) {
      if (o.decl.kind === 'ticker') out.push(`\t\t\tw.o${i}.Stop()`);
      if (o.decl.kind === 'timer') out.push(`\t\t\tw.o${i}.Reset(0)`);
      // A func timer not yet fired is stopped; a fire that comes anyway, after the run ended, starts nothing (timerGo).
      if (o.decl.kind === 'afterfunc') out.push(`\t\t\tif w.o${i} != nil {`, `\t\t\t\tw.o${i}.Stop()`, '\t\t\t}');
    }
    out.push('\t\t},');
    // How long the goroutines left behind at main's return must all stay blocked before they count as blocked for
    // ever (driver.go.txt settle): one blocked on a timer's channel is woken when it fires.
    if (timerFields.length > 0) out.push(`\t\ttimerSpan: ${timerSpan(this.s)},`);
    // Scenario.final: read by the driver once every thread has finished.
    const fin = finalReads(this.prog, 'w');
    if (fin.length > 0) out.push(`\t\tfinal: func() []interface{} { return []interface{}{${fin.map((f) => `${goString(f.name)}, int(${f.code})`).join(', ')}} },`);
    out.push('\t}', '}', '');
    for (const u of [...this.plans.keys()].sort((a, b) => a - b)) out.push(...new UnitGen(this, this.plans.get(u)!).emit(), '');
    return out.join('\n');
  }

  // Accessors for UnitGen and LitmusGen.
  get program(): Program {
    return this.prog;
  }
  get chanOps(): ChanOps {
    return this.ops;
  }
  get typeName(): string {
    return this.name;
  }
  get scenario(): Scenario {
    return this.s;
  }
  get litmus(): boolean {
    return this.prog.form === 'litmus';
  }
  planOf(unit: number): UnitPlan {
    const p = this.plans.get(unit);
    if (!p) throw new Error(`unit ${unit} was not planned`);
    return p;
  }
  typeOfSlot(unit: number, slot: number): GoType {
    return this.types.typeOf(this.node(unit, slot));
  }
  resultType(unit: number): GoType {
    return this.types.typeOf(this.retNode(unit));
  }
  slotOf(plan: UnitPlan, name: Name): number {
    return this.slot(plan, name);
  }
}

/**
 * The longest duration, in ns, that any of a scenario's timers, tickers and
 * time.After channels is made or reset with (at least 1, so that a case with
 * timers always says so): every timer armed before the goroutines left
 * behind all blocked fires within it of their blocking, if it fires at all.
 */
export function timerSpan(s: Scenario): number {
  let span = 1;
  for (const d of Object.values(s.objects ?? {})) if (isClockKind(d.kind) && 'ns' in d) span = Math.max(span, d.ns);
  const walk = (body: readonly Stmt[]): void => {
    for (const st of body) {
      if ('reset' in st) span = Math.max(span, st.reset.ns);
      for (const b of children(st)) walk(b);
    }
  };
  walk(s.main ?? []);
  for (const body of Object.values(s.goroutines ?? {})) walk(body);
  for (const p of Object.values(s.procs ?? {})) walk(p.body);
  return span;
}

/** How a run makes each. */
const TIMER_MAKERS: Readonly<Record<Exclude<ClockKind, 'afterfunc'>, string>> = { timer: 'time.NewTimer', ticker: 'time.NewTicker', after: 'time.After' };

/** The Go type of a sync object's field in a run's struct. */
function syncFieldType(kind: string): string {
  switch (kind) {
    case 'mutex':
      return 'sync.Mutex';
    case 'rwmutex':
      return 'sync.RWMutex';
    case 'waitgroup':
      return 'sync.WaitGroup';
    case 'once':
      return 'sync.Once';
    case 'cond':
      return '*sync.Cond';
    default:
      throw new Error(`${kind} is not a sync object`);
  }
}
