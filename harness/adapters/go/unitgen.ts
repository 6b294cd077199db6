// The Go method of one code unit (casegen.ts plans them): a root, a
// procedure or a closure of the compiled scenario becomes
// `func (w *cN) uK(g *gor, params…)`, its registers Go variables `rS` of
// their inferred types, its reference parameters `pS`, its statements Go's
// own (channels through chanops.ts, sync objects the standard library's,
// memory through memory.ts), with a scheduling step (gor.step in
// driver.go.txt: poll and jitter) before each visible operation and at the
// head of each loop iteration, so that runs interleave there.

import type { Expr, Name, ParamType, SelectCase, Stmt, StmtKind, TimerKind } from '../../../model/ir.ts';
import { isClockKind, isTimerKind, stmtKind, visitStmt } from '../../../model/ir.ts';
import type { Captures, CodeUnit } from '../../../model/compile.ts';
import { stmtSite } from '../../../model/compile.ts';
import type { CaseGen, UnitPlan } from './casegen.ts';
import { isHidden, isRefParam } from './casegen.ts';
import type { ChanOps } from './chanops.ts';
import { controlStatements, endsList, splitLive } from './control.ts';
import type { GoExpr, GoType } from './goexpr.ts';
import { goExpr, goString, TIMER_FIELD_TYPES, Unsupported, zero } from './goexpr.ts';

/** Reference parameters a procedure may take, and their Go types (chan: the ChanOps type). */
const SYNC_REF_TYPES: Readonly<Partial<Record<ParamType, string>>> = {
  mutex: '*sync.Mutex',
  rwmutex: '*sync.RWMutex',
  waitgroup: '*sync.WaitGroup',
  once: '*sync.Once',
  cond: '*sync.Cond',
  word: '*int',
  atomic: '*int64',
  ...TIMER_FIELD_TYPES,
};

/** Visible operations: a scheduling step (gor.step: poll and jitter) comes before each. */
export const STEP_BEFORE: Readonly<Record<StmtKind, boolean>> = {
  send: true, recv: true, close: true, range: true, select: true, go: true, observe: true, panic: true,
  load: true, store: true, atomicLoad: true, atomicStore: true, atomicAdd: true, cas: true,
  lock: true, unlock: true, trylock: true, rlock: true, runlock: true, tryrlock: true,
  add: true, done: true, wait: true, once: true, condwait: true, signal: true, broadcast: true, stop: true, reset: true,
  // Local computation and control flow, a call (its callee's operations step), gosched and sleep (they yield themselves).
  call: false, return: false, defer: false, let: false, if: false, for: false, repeat: false, while: false, loop: false,
  break: false, continue: false, gosched: false, sleep: false,
  // A measurement reads the clock around its body, whose operations step themselves.
  measure: false,
};

export class UnitGen {
  private readonly lines: string[] = [];
  private temps = 0;
  private readonly unit: CodeUnit;
  /** How many once bodies (func literals passed to Do) enclose the statement being emitted. */
  private onceDepth = 0;

  constructor(
    private readonly cg: CaseGen,
    private readonly plan: UnitPlan,
  ) {
    this.unit = cg.program.units[plan.unit]!;
  }

  private get ops(): ChanOps {
    return this.cg.chanOps;
  }

  t = (): string => `t${this.temps++}`;

  reg(name: Name): string {
    return `r${this.cg.slotOf(this.plan, name)}`;
  }

  regType(name: Name): GoType {
    return this.cg.typeOfSlot(this.plan.unit, this.cg.slotOf(this.plan, name));
  }

  /** len of a channel operand; of a timer's channel, Go's own len, whatever the variant's channels are. */
  chanLen(name: Name): string {
    return this.timerKindOf(name) === null ? this.ops.len(this.chan(name)) : `len(${this.receivable(name)})`;
  }

  chanCap(name: Name): string {
    return this.timerKindOf(name) === null ? this.ops.cap(this.chan(name)) : `cap(${this.receivable(name)})`;
  }

  /** A channel operand: the unit's reference parameter, else the run's object. */
  private chan(name: Name): string {
    const r = this.unit.refNames.indexOf(name);
    if (r >= 0) return `p${r}`;
    const o = this.cg.program.objects.findIndex((x) => x.name === name);
    if (o < 0) throw new Error(`unknown channel ${name}`);
    return `w.o${o}`;
  }

  /** The timer-kind of an operand (a reference parameter's type, else the object's kind), or null for a channel. */
  private timerKindOf(name: Name): TimerKind | null {
    const r = this.unit.refNames.indexOf(name);
    const k = r >= 0 ? this.plan.refTypes[r] ?? 'chan' : this.cg.program.objects.find((x) => x.name === name)?.decl.kind;
    return k !== undefined && isTimerKind(k) ? k : null;
  }

  /** What a receive reads: a channel, or a timer's or ticker's channel field C (time.After's value is the channel itself). */
  private receivable(name: Name): string {
    const k = this.timerKindOf(name);
    if (k === null) return this.chan(name);
    const x = this.syncObj(name);
    return k === 'after' ? x : `${x}.C`;
  }

  /** The Go type of a reference parameter holding an object of this kind. */
  private refGoType(t: ParamType): string {
    return t === 'chan' ? this.ops.type : SYNC_REF_TYPES[t] ?? this.ops.type;
  }

  /**
   * A sync object operand, as a Go expression whose methods can be called:
   * the unit's reference parameter (a pointer), else the run's field.
   */
  private syncObj(name: Name): string {
    const r = this.unit.refNames.indexOf(name);
    if (r >= 0) return `p${r}`;
    const o = this.cg.program.objects.findIndex((x) => x.name === name);
    if (o < 0) throw new Error(`unknown sync object ${name}`);
    return `w.o${o}`;
  }

  /** An object passed to a reference parameter of kind t: a channel as is, a sync object by pointer. */
  private refArg(name: Name, t: ParamType): string {
    if (t === 'chan') return this.chan(name);
    const r = this.unit.refNames.indexOf(name);
    if (r >= 0) return `p${r}`;
    const o = this.cg.program.objects.findIndex((x) => x.name === name);
    if (o < 0) throw new Error(`unknown ${t} ${name}`);
    // A cond's field is already a *sync.Cond, a timer's a pointer or a channel; the others (sync objects, words, atomics) are values in the run's struct.
    return t === 'cond' || isClockKind(t) ? `w.o${o}` : `&w.o${o}`;
  }

  /** A memory object of the run (word or atomic), as a Go lvalue. */
  mem(name: Name, kind: 'word' | 'atomic'): string {
    // A reference parameter is a pointer to the caller's word or atomic (so two parameters may alias).
    const r = this.unit.refNames.indexOf(name);
    if (r >= 0) return `(*p${r})`;
    const o = this.cg.program.objects.findIndex((x) => x.name === name);
    if (o < 0) throw new Error(`unknown object ${name}`);
    const k = this.cg.program.objects[o]!.decl.kind;
    if (k !== kind) throw new Unsupported(`${JSON.stringify(name)} is a ${k}, used as a ${kind}`);
    return `w.o${o}`;
  }

  put(depth: number, line: string): void {
    this.lines.push(`${'\t'.repeat(depth)}${line}`);
  }

  emit(): string[] {
    const u = this.plan.unit;
    const params = ['g *gor'];
    for (const s of this.plan.paramRegs) params.push(`r${s} ${this.cg.typeOfSlot(u, s)}`);
    for (const s of this.plan.paramRefs) params.push(`p${s} ${this.refGoType(this.plan.refTypes[s] ?? 'chan')}`);
    const value = this.plan.kind === 'proc' && this.plan.returnsValue;
    const result = value ? ` (${this.cg.resultType(u)}, bool)` : '';
    const head = `// ${this.plan.kind} ${goString(this.unit.label)}`;
    const locals: Record<GoType, string[]> = { int: [], bool: [] };
    this.unit.regNames.forEach((n, s) => {
      if (!isHidden(n) && !this.plan.paramRegs.includes(s)) locals[this.cg.typeOfSlot(u, s)].push(`r${s}`);
    });
    const body: string[] = [];
    this.lines.length = 0;
    this.put(1, 'g.poll()');
    for (const t of ['int', 'bool'] as const) {
      if (locals[t].length === 0) continue;
      this.put(1, `var ${locals[t].join(', ')} ${t}`);
      this.put(1, `${locals[t].map(() => '_').join(', ')} = ${locals[t].join(', ')}`);
    }
    this.block(this.plan.body, 1, this.plan.path);
    if (value && !endsList(this.plan.body)) this.put(1, `return ${zero(this.cg.resultType(u))}, false`);
    body.push(...this.lines);
    return [head, `func (w *${this.cg.typeName}) u${u}(${params.join(', ')})${result} {`, ...body, '}'];
  }

  /** The statements of a list (at the sites under `path`) that run; the rest left out with a comment. */
  block(body: readonly Stmt[], d: number, path: string): void {
    const { live, dead } = splitLive(body);
    live.forEach((st, i) => this.stmt(st, d, stmtSite(path, i, st)));
    if (dead.length > 0) this.put(d, `// ${dead.length} statement(s) after this never run; left out`);
  }

  /** An expression in Go (also used by LitmusGen, whose registers are named alike). */
  expr(e: Expr): GoExpr {
    return goExpr(e, this);
  }

  /** One statement, at site p. */
  private stmt(st: Stmt, d: number, p: string): void {
    if (STEP_BEFORE[stmtKind(st)]) this.put(d, 'g.step()');
    // A method call on a sync object: the standard library's own types, fields of the run (a cond made over its Locker).
    const call = (name: Name, method: string): void => this.put(d, `${this.syncObj(name)}.${method}()`);
    visitStmt<void>(st, {
      ...controlStatements(d, this, p),
      observe: (m) => {
        const args = Object.entries(m).flatMap(([n, e]) => [goString(n), this.expr(e).code]);
        this.put(d, `g.observe(${args.join(', ')})`);
      },
      send: (f) => this.put(d, this.ops.send(this.chan(f.chan), this.expr(f.value).code)),
      recv: (f) => {
        // A timer's channel carries a time.Time, which no case observes (the loader refuses into and ok).
        if (this.timerKindOf(f.chan) !== null) this.put(d, `<-${this.receivable(f.chan)}`);
        else this.put(d, this.ops.recv(this.chan(f.chan), f.into !== undefined ? this.reg(f.into) : undefined, f.ok !== undefined ? this.reg(f.ok) : undefined));
      },
      close: (name) => this.put(d, this.ops.close(this.chan(name))),
      range: (f) => {
        if (this.timerKindOf(f.chan) !== null) {
          this.put(d, `for range ${this.receivable(f.chan)} {`);
          this.loopBody(f.body, d, `${p}.body`);
          return;
        }
        const r = this.ops.range(this.chan(f.chan), f.into !== undefined ? this.reg(f.into) : undefined, this.t);
        this.put(d, r.head);
        for (const l of r.prologue) this.put(d + 1, l);
        this.loopBody(f.body, d, `${p}.body`);
      },
      select: (f) => this.select(f, d, p),
      go: (t) => {
        const instr = this.cg.instrAt(this.plan, p, 'go');
        const label = goString(instr.label);
        const { temps, call: spawn } = 'proc' in t ? this.spawnArgs(t.proc, t.args ?? {}, instr.unit) : this.captured(instr.unit, instr.captures!, 'ng');
        if (temps.length === 0) {
          this.put(d, `g.spawn(${label}, w.u${instr.unit})`);
          return;
        }
        this.put(d, '{');
        this.put(d + 1, `${temps.map(([n]) => n).join(', ')} := ${temps.map(([, c]) => c).join(', ')}`);
        this.put(d + 1, `g.spawn(${label}, func(ng *gor) { ${spawn} })`);
        this.put(d, '}');
      },
      call: (f) => {
        const instr = this.cg.instrAt(this.plan, p, 'call');
        // Arguments are evaluated in place, in the caller, as Go does.
        const callExpr = `w.u${instr.unit}(${['g', ...this.procArgs(f.proc, f.args ?? {})].join(', ')})`;
        const callee = this.cg.planOf(instr.unit);
        if (f.into !== undefined && callee.returnsValue) {
          const rv = this.t();
          const ok = this.t();
          this.put(d, `if ${rv}, ${ok} := ${callExpr}; ${ok} {`);
          this.put(d + 1, `${this.reg(f.into)} = ${rv}`);
          this.put(d, '}');
        } else {
          this.put(d, callExpr);
        }
      },
      return: (e) => {
        if (this.onceDepth > 0) {
          // Inside once.Do's func(): return ends f (the model compiles it so; it takes no value).
          this.put(d, 'return');
          return;
        }
        if (this.plan.kind === 'proc' && this.plan.returnsValue) {
          if (e === null || e === undefined) this.put(d, `return ${zero(this.cg.resultType(this.plan.unit))}, false`);
          else this.put(d, `return ${this.expr(e).code}, true`);
          return;
        }
        if (e !== null && e !== undefined) this.put(d, `_ = ${this.expr(e).code}`);
        this.put(d, 'return');
      },
      defer: () => {
        const instr = this.cg.instrAt(this.plan, p, 'defer');
        const { temps, call: deferred } = this.captured(instr.unit, instr.captures, 'g');
        if (temps.length === 0) {
          this.put(d, `defer g.deferred(func() { ${deferred} })`);
          return;
        }
        this.put(d, '{');
        this.put(d + 1, `${temps.map(([n]) => n).join(', ')} := ${temps.map(([, c]) => c).join(', ')}`);
        this.put(d + 1, `defer g.deferred(func() { ${deferred} })`);
        this.put(d, '}');
      },
      gosched: () => this.put(d, 'runtime.Gosched()'),
      measure: (f) => {
        // A block of its own, so that its start time is local to it (driver.go.txt gor.measured).
        const t0 = this.t();
        this.put(d, '{');
        this.put(d + 1, `${t0} := time.Now()`);
        this.block(f.body, d + 1, `${p}.body`);
        this.put(d + 1, `g.measured(${goString(f.name)}, time.Since(${t0}))`);
        this.put(d, '}');
      },
      sleep: (ns) => this.put(d, `time.Sleep(${ns})`),
      stop: (f) => this.put(d, `${f.into !== undefined ? `${this.reg(f.into)} = ` : ''}${this.syncObj(f.timer)}.Stop()`),
      reset: (f) => this.put(d, `${f.into !== undefined ? `${this.reg(f.into)} = ` : ''}${this.syncObj(f.timer)}.Reset(${f.ns})`),
      panic: (message) => this.put(d, `panic(${goString(String(message))})`),
      lock: (name) => call(name, 'Lock'),
      unlock: (name) => call(name, 'Unlock'),
      rlock: (name) => call(name, 'RLock'),
      runlock: (name) => call(name, 'RUnlock'),
      trylock: (f) => this.put(d, `${this.reg(f.into)} = ${this.syncObj(f.mutex)}.TryLock()`),
      tryrlock: (f) => this.put(d, `${this.reg(f.into)} = ${this.syncObj(f.mutex)}.TryRLock()`),
      add: (f) => this.put(d, `${this.syncObj(f.wg)}.Add(${this.expr(f.delta).code})`),
      done: (name) => call(name, 'Done'),
      wait: (name) => call(name, 'Wait'),
      once: (f) => {
        // f is a func literal: it shares the registers, as the model's inline body does; its return ends f.
        this.put(d, `${this.syncObj(f.once)}.Do(func() {`);
        this.onceDepth++;
        this.block(f.body, d + 1, `${p}.body`);
        this.onceDepth--;
        this.put(d, '})');
      },
      condwait: (name) => call(name, 'Wait'),
      signal: (name) => call(name, 'Signal'),
      broadcast: (name) => call(name, 'Broadcast'),
    });
  }

  /** A loop: a scheduling step opens every iteration, so that runs can interleave there. */
  loop(head: string, body: readonly Stmt[], d: number, path: string): void {
    this.put(d, head);
    this.loopBody(body, d, path);
  }

  /** A loop's body: a step first (driver.go.txt: ended runs leave, jitter), unless its first statement steps anyway; then the statements. */
  private loopBody(body: readonly Stmt[], d: number, path: string): void {
    const first = body[0];
    if (first === undefined || !STEP_BEFORE[stmtKind(first)]) this.put(d + 1, 'g.step()');
    this.block(body, d + 1, path);
    this.put(d, '}');
  }

  private select(f: { cases: SelectCase[]; default?: Stmt[] }, d: number, p: string): void {
    // The lifo variant hoists send values (in source order, as select evaluates them).
    const sendValues = f.cases.map((c) => {
      if (!('send' in c)) return undefined;
      const code = this.expr(c.send.value).code;
      if (!this.ops.hoistSelectSends) return code;
      const t = this.t();
      this.put(d, `${t} := ${code}`);
      return t;
    });
    if (f.cases.length === 0 && f.default === undefined) {
      this.put(d, 'select {}');
      return;
    }
    this.put(d, 'select {');
    f.cases.forEach((c, i) => {
      const head =
        'send' in c
          ? this.ops.selectSend(this.chan(c.send.chan), sendValues[i]!)
          : this.timerKindOf(c.recv.chan) !== null
            ? { head: `case <-${this.receivable(c.recv.chan)}:`, prologue: [] }
            : this.ops.selectRecv(this.chan(c.recv.chan), c.recv.into !== undefined ? this.reg(c.recv.into) : undefined, c.recv.ok !== undefined ? this.reg(c.recv.ok) : undefined, this.t);
      this.put(d, head.head);
      for (const l of head.prologue) this.put(d + 1, l);
      this.block(c.body ?? [], d + 1, `${p}.cases[${i}].body`);
    });
    if (f.default !== undefined) {
      this.put(d, 'default:');
      this.block(f.default, d + 1, `${p}.default`);
    }
    this.put(d, '}');
  }

  /** A procedure's arguments in its Go parameter order: values, then references (channels, sync objects). */
  private procArgs(procName: Name, args: Record<Name, Expr>): string[] {
    const proc = this.cg.scenario.procs?.[procName];
    if (!proc) throw new Error(`unknown procedure ${procName}`);
    const values: string[] = [];
    const refs: string[] = [];
    for (const [name, t] of Object.entries(proc.params ?? {})) {
      const a = args[name];
      if (a === undefined) throw new Error(`missing argument ${name}`);
      if (isRefParam(t)) {
        const obj = typeof a === 'object' && a !== null && 'reg' in a ? a.reg : undefined;
        if (obj === undefined) throw new Error(`argument ${name} must name a ${t}`);
        refs.push(this.refArg(obj, t));
      } else {
        values.push(this.expr(a).code);
      }
    }
    return [...values, ...refs];
  }

  /** `go proc(args)`: the arguments are evaluated into temporaries by the parent, at the go statement. */
  private spawnArgs(procName: Name, args: Record<Name, Expr>, unit: number): { temps: [string, string][]; call: string } {
    const temps = this.procArgs(procName, args).map((code): [string, string] => [this.t(), code]);
    return { temps, call: `w.u${unit}(${['ng', ...temps.map(([n]) => n)].join(', ')})` };
  }

  /** Copies of the captured registers and references, and the closure's call. */
  private captured(unit: number, caps: Captures, gv: string): { temps: [string, string][]; call: string } {
    const child = this.cg.program.units[unit]!;
    const plan = this.cg.planOf(unit);
    const temps: [string, string][] = [];
    const byTo = new Map<number, string>();
    for (const [from, to] of caps.regs) {
      if (to < 0 || isHidden(child.regNames[to]!)) continue;
      const tmp = this.t();
      temps.push([tmp, `r${from}`]);
      byTo.set(to, tmp);
    }
    const refTo = new Map<number, string>();
    for (const [from, to] of caps.refs) {
      if (to < 0) continue;
      const tmp = this.t();
      temps.push([tmp, `p${from}`]);
      refTo.set(to, tmp);
    }
    const args = [gv, ...plan.paramRegs.map((s) => byTo.get(s)!), ...plan.paramRefs.map((s) => refTo.get(s)!)];
    return { temps, call: `w.u${unit}(${args.join(', ')})` };
  }
}
