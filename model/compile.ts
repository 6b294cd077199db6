// Compiles a scenario's structured statements into flat code units that the
// transition function runs with a program counter, the way a Go compiler
// lowers `for`, `range` and `select` to jumps (cmd/compile/internal/walk).
//
// Invariants of a compiled Program:
//   1. every jump target is an index inside its unit's `code` (the end of a
//      unit is an implicit `return null`, so `code` always ends with one);
//   2. registers are slots: `regNames[i]` names slot i of a frame's `regs`,
//      int/bool parameters come first in declaration order;
//   3. references are slots too: `refNames[i]` names slot i of a frame's
//      `refs`, which holds an object index (a nil channel object included);
//   4. every object operand is resolved at compile time to a declared object
//      or a reference slot, so the transition function never looks up names;
//   5. hidden registers (loop counters) start with `%` and are never observed;
//   6. `sites` maps every compiled statement's site (stmtSite: `main[2].go`,
//      as Instr.site and CompileError paths write it) to its unit and the
//      instructions it lowered to, nested statements included: a tool that
//      walks the statement tree (harness/adapters/go/codegen.ts) finds the
//      instruction of a statement there instead of counting instructions.
//
// Inline `go` bodies and deferred statements become their own units
// ("closures"): they receive a copy of the enclosing frame's registers and
// references by name when the go or defer runs, as if passed by value.

import type { Expr, GoTarget, Name, ObjectDecl, ParamType, Proc, RecvSpec, Scenario, SelectCase, Stmt } from './ir.ts';
import type { StmtVisitor } from './ir.ts';
import type { ClockKind } from './ir.ts';
import { isClockKind, isTimerKind, REF_TYPES, stmtKind, TIMER_KINDS, visitStmt } from './ir.ts';
import { isSyncDecl } from './sync/syncs.ts';

/** An object operand: a declared object, or a reference slot of the frame. */
export type Operand = { readonly obj: number } | { readonly ref: number };

/** A compiled expression: register names resolved to slots. */
export type CExpr =
  | number
  | boolean
  | { readonly r: number }
  | { readonly un: '-' | '!'; readonly x: CExpr }
  | { readonly bin: string; readonly l: CExpr; readonly r2: CExpr }
  | { readonly len: Operand }
  | { readonly cap: Operand };

export interface CSelectCase {
  readonly dir: 'send' | 'recv';
  readonly chan: Operand;
  readonly value?: CExpr;
  readonly into?: number;
  readonly ok?: number;
  /** Where the case body starts. */
  readonly target: number;
  /** The channel's name as the source wrote it, for reports. */
  readonly chanName: Name;
}

/** Arguments bound at a call: values into register slots, objects into reference slots. */
export interface CArgs {
  readonly values: readonly (readonly [slot: number, e: CExpr])[];
  readonly refs: readonly (readonly [slot: number, o: Operand])[];
}

/** What a closure unit copies from its creator's frame: [from slot, to slot]. */
export interface Captures {
  readonly regs: readonly (readonly [number, number])[];
  readonly refs: readonly (readonly [number, number])[];
}

/**
 * `shared` marks a local instruction whose expressions read `len(c)`: the
 * length of a channel is shared state, so the instruction is a visible
 * operation of its own (model/local.ts) rather than part of a local prefix.
 */
/**
 * The instructions a goroutine runs locally, inside its own transition
 * (model/local.ts); a `shared` one (it reads a plain word) is a step too.
 * Every other operation is a step of its own, and its mechanism must give
 * it an action (model/action.ts): the type checker asks for it.
 */
export const LOCAL_OPS = ['let', 'jump', 'jumpIfNot', 'call', 'return', 'defer'] as const;

/** An operation that is always a step of its own (see LOCAL_OPS). */
export type VisibleOp = Exclude<Instr['op'], (typeof LOCAL_OPS)[number]>;

export type Instr =
  | { readonly op: 'let'; readonly assigns: readonly (readonly [number, CExpr])[]; readonly shared?: true }
  | { readonly op: 'jump'; readonly to: number }
  /** `join`, for an `if`: where its arms meet again (its control dependency ends there; a loop's never does). */
  | { readonly op: 'jumpIfNot'; readonly cond: CExpr; readonly to: number; readonly join?: number; readonly shared?: true }
  | { readonly op: 'call'; readonly unit: number; readonly args: CArgs; readonly into?: number; readonly shared?: true }
  | { readonly op: 'return'; readonly value: CExpr | null; readonly shared?: true }
  | { readonly op: 'defer'; readonly unit: number; readonly captures: Captures }
  | { readonly op: 'go'; readonly unit: number; readonly args?: CArgs; readonly captures?: Captures; readonly label: string }
  | { readonly op: 'send'; readonly chan: Operand; readonly chanName: Name; readonly value: CExpr }
  /** A receive; with `closedTo`, a closed drained channel jumps there (a range loop's exit). */
  | { readonly op: 'recv'; readonly chan: Operand; readonly chanName: Name; readonly into?: number; readonly ok?: number; readonly closedTo?: number }
  | { readonly op: 'close'; readonly chan: Operand; readonly chanName: Name }
  | { readonly op: 'select'; readonly cases: readonly CSelectCase[]; readonly defaultTarget?: number }
  | { readonly op: 'gosched' }
  /** The start or the end of a `measure` statement's body (model/time.ts; model/explore/measure.ts reads the steps). */
  | { readonly op: 'measure'; readonly name: Name; readonly edge: 'start' | 'end' }
  | { readonly op: 'sleep'; readonly ns: number }
  /** t.Stop() / k.Stop() of timer-kind object `timer` (model/time.ts); `into` gets a timer's result. */
  | { readonly op: 'stop'; readonly timer: Operand; readonly name: Name; readonly into?: number }
  /** t.Reset(ns) / k.Reset(ns). */
  | { readonly op: 'reset'; readonly timer: Operand; readonly name: Name; readonly ns: number; readonly into?: number }
  | { readonly op: 'panic'; readonly message: string }
  | { readonly op: 'observe'; readonly pairs: readonly (readonly [Name, CExpr])[] }
  /** A plain read of a word into a register (model/memory/words.ts); `site` is the statement's path. */
  | { readonly op: 'load'; readonly word: Operand; readonly name: Name; readonly into: number; readonly site: string }
  /** A plain write of a word. */
  | { readonly op: 'store'; readonly word: Operand; readonly name: Name; readonly value: CExpr; readonly site: string }
  /**
   * A sync/atomic operation: load, store, add (`value` is the delta; `into`
   * gets the new value) or cas (`old`, `value` the new; `into` gets swapped).
   */
  | { readonly op: 'atomic'; readonly kind: 'load' | 'store' | 'add' | 'cas'; readonly obj: Operand; readonly name: Name; readonly value?: CExpr; readonly old?: CExpr; readonly into?: number; readonly site: string }
  /**
   * A sync statement (model/sync/actions.ts) on the mutex, rwmutex,
   * waitgroup, once or cond `obj`: `into` gets a trylock's result, `delta`
   * is an add's; a once statement is `onceEnter`, its body, `onceExit`, and
   * onceEnter jumps to `skip` (past onceExit) when it does not run the body;
   * a condwait is `condwait` then `relock`, the Lock of cond `obj`'s L.
   */
  | { readonly op: 'sync'; readonly kind: SyncOp; readonly obj: Operand; readonly name: Name; readonly into?: number; readonly delta?: CExpr; readonly skip?: number };

/** The sync instructions: the IR's sync statements, a once's two ends, a condwait's two halves. */
export type SyncOp =
  | 'lock' | 'unlock' | 'trylock' | 'rlock' | 'runlock' | 'tryrlock'
  | 'add' | 'done' | 'wait' | 'onceEnter' | 'onceExit' | 'condwait' | 'relock' | 'signal' | 'broadcast';

export interface CodeUnit {
  /** The label goroutines running this unit get (`main`, a proc name, `main.func1`). */
  readonly label: string;
  readonly regNames: readonly string[];
  readonly refNames: readonly string[];
  readonly code: readonly Instr[];
}

export interface ProgramObject {
  readonly name: Name;
  readonly decl: ObjectDecl;
  /** For a non-nil channel: its index in State.chans; -1 otherwise. */
  readonly chan: number;
  /** For a plain word: its index in Mem.words; -1 otherwise. */
  readonly word: number;
  /** For an atomic: its index in State.atomics; -1 otherwise. */
  readonly atomic: number;
  /** For a mutex, rwmutex, waitgroup, once or cond: its index in State.syncs (model/sync/syncs.ts); -1 otherwise. */
  readonly sync: number;
  /** For a cond: the object index of its Locker L (a mutex or rwmutex). */
  readonly condLock?: number;
  /** For a timer, ticker, after or afterfunc: its index in Program.timers (a channel's is `chan`); -1 otherwise. */
  readonly timer: number;
}

/** A timer-kind object, made at time zero (model/time.ts). */
export interface ProgramTimer {
  readonly obj: number;
  readonly kind: ClockKind;
  /** Its channel's index in State.chans (a one-slot buffer, as time.NewTimer makes it); -1 for an afterfunc, which has none. */
  readonly chan: number;
  /** The duration it was made with. */
  readonly ns: number;
  /** An afterfunc's: the unit of the procedure its fire runs in a new goroutine. */
  readonly unit?: number;
}

/** Is this time.AfterFunc's timer (a procedure to run, no channel)? */
export function isFuncTimer(t: ProgramTimer): t is ProgramTimer & { readonly unit: number } {
  return t.unit !== undefined;
}

/** Where a statement's code is: instructions [from, to) of unit `unit`'s code (an empty range cannot happen: every statement lowers to one instruction at least). */
export interface StmtSite {
  readonly unit: number;
  readonly from: number;
  readonly to: number;
}

export interface Program {
  readonly name: string;
  readonly units: readonly CodeUnit[];
  /** By statement site (stmtSite), where each statement's code is (invariant 6). */
  readonly sites: ReadonlyMap<string, StmtSite>;
  readonly objects: readonly ProgramObject[];
  /** Capacities of the non-nil channels, by channel index. */
  readonly chanCaps: readonly number[];
  /** Initial values of the plain words, by word index. */
  readonly wordInits: readonly number[];
  /** Initial values of the atomics, by atomic index. */
  readonly atomicInits: readonly number[];
  /** The timers, tickers and time.After channels, by timer index. */
  readonly timers: readonly ProgramTimer[];
  /** Litmus form: the words and atomics read after every thread finished (Scenario.final), by object index. */
  readonly final: readonly number[];
  /** 'main': the program ends when main returns; 'litmus': when every thread has finished. */
  readonly form: 'main' | 'litmus';
  /** The units started at time zero: main alone, or every litmus thread. */
  readonly roots: readonly number[];
  /**
   * Set by step.ts makeModel where the time semantics at the case's go line
   * show timer channels as unbuffered (model/time.ts chanShowsBuffer): len
   * and cap of a timer's channel then read 0. Absent: they read its buffer.
   */
  readonly timerChansLookEmpty?: true;
}

export class CompileError extends Error {
  constructor(message: string, readonly path: string) {
    super(`${path}: ${message}`);
  }
}

/** Compiles a well-formed scenario (the loader has checked it). */
export function compile(s: Scenario): Program {
  const objects: ProgramObject[] = [];
  const chanCaps: number[] = [];
  const wordInits: number[] = [];
  const atomicInits: number[] = [];
  let timers: ProgramTimer[] = [];
  let syncs = 0;
  const names = Object.keys(s.objects ?? {});
  for (const [name, decl] of Object.entries(s.objects ?? {})) {
    const isTimer = isClockKind(decl.kind);
    const isChan = (decl.kind === 'chan' && !decl.nil) || isTimerKind(decl.kind);
    const word = decl.kind === 'word' ? wordInits.push(decl.init ?? 0) - 1 : -1;
    const atomic = decl.kind === 'atomic' ? atomicInits.push(decl.init ?? 0) - 1 : -1;
    const sync = isSyncDecl(decl) ? syncs++ : -1;
    const condLock = decl.kind === 'cond' ? names.indexOf(decl.lock) : -1;
    if (decl.kind === 'cond' && !isLocker(s.objects?.[decl.lock])) throw new CompileError(`cond's lock "${decl.lock}" is not a mutex or rwmutex`, `objects.${name}.lock`);
    const timer = isTimer ? timers.length : -1;
    if (isTimer && 'ns' in decl) timers.push({ obj: objects.length, kind: decl.kind as ClockKind, chan: isChan ? chanCaps.length : -1, ns: decl.ns });
    objects.push({ name, decl, chan: isChan ? chanCaps.length : -1, word, atomic, sync, timer, ...(condLock >= 0 ? { condLock } : {}) });
    if (isChan) chanCaps.push(decl.kind === 'chan' ? decl.cap ?? 0 : 1);
  }
  const objIndex = new Map(objects.map((o, i) => [o.name, i]));
  const c = new Compiler(s, objects, objIndex);
  // An afterfunc's procedure, which its fire runs (model/time.ts).
  timers = timers.map((t) => {
    const d = objects[t.obj]!;
    return d.decl.kind === 'afterfunc' ? { ...t, unit: c.procUnit(d.decl.proc, `objects.${d.name}.proc`) } : t;
  });
  const roots: number[] = [];
  let form: Program['form'];
  if (s.main) {
    form = 'main';
    roots.push(c.unitFor('main', s.main, [], [], null, 'main'));
  } else {
    form = 'litmus';
    for (const [label, body] of Object.entries(s.goroutines ?? {})) {
      roots.push(c.unitFor(label, body, [], [], null, `goroutines.${label}`));
    }
  }
  const final = (s.final ?? []).map((n) => objIndex.get(n)!);
  return { name: s.name, units: c.units, sites: c.sites, objects, chanCaps, wordInits, atomicInits, timers, final, form, roots };
}

/**
 * The site of statement i of the statement list at `list`: `main[2].go`,
 * `procs.f.body[0].if`. A statement's nested lists are named after its
 * site: an if's `.then` and `.else`, the `.body` of for, repeat, while,
 * range, once and an inline go, a select's `.cases[i].body` and
 * `.default`; a `loop`'s body and a deferred statement (a list of one) are
 * at the site itself.
 */
export function stmtSite(list: string, i: number, s: Stmt): string {
  return `${list}[${i}].${stmtKind(s)}`;
}

/** Several object kinds an operand may have, and what to call them in an error. */
interface KindSet {
  readonly kinds: readonly ParamType[];
  readonly name: string;
}

/** What a receive reads: a channel, or a timer's, ticker's or time.After's channel. */
const RECEIVABLE: KindSet = { kinds: ['chan', ...TIMER_KINDS], name: 'channel, timer, ticker or after' };

/** What Stop and Reset act on. */
const STOPPABLE: KindSet = { kinds: ['timer', 'ticker', 'afterfunc'], name: 'timer, ticker or afterfunc' };

interface Scope {
  /** The unit being compiled. */
  readonly unit: number;
  readonly regs: Map<string, number>;
  readonly refs: Map<string, number>;
  readonly label: string;
  funcCount: number;
  /** The once bodies being compiled, innermost last: a `return` in one leaves the body (Go's f), to its onceExit. */
  readonly onceReturns: number[][];
}

/**
 * Where `break` and `continue` jump. A select is a break target too (the
 * spec: break ends the innermost for, switch or select), while `continue`
 * inside a select still continues the loop around it.
 */
interface LoopCtx {
  readonly breaks: number[];
  /** null: no loop encloses this point (a select outside any loop). */
  readonly continues: number[] | null;
}

class Compiler {
  readonly units: CodeUnit[] = [];
  readonly sites = new Map<string, StmtSite>();
  private readonly procUnits = new Map<string, number>();
  private hidden = 0;

  constructor(
    private readonly s: Scenario,
    private readonly objects: readonly ProgramObject[],
    private readonly objIndex: ReadonlyMap<string, number>,
  ) {}

  /** The unit of a named procedure, compiled once. */
  procUnit(name: Name, path: string): number {
    const have = this.procUnits.get(name);
    if (have !== undefined) return have;
    const proc: Proc | undefined = this.s.procs?.[name];
    if (!proc) throw new CompileError(`unknown procedure "${name}"`, path);
    const params = Object.entries(proc.params ?? {});
    const valueParams = params.filter(([, t]) => !isRefType(t)).map(([n]) => n);
    const refParams = params.filter(([, t]) => isRefType(t)).map(([n]) => n);
    // Reserve the slot first so recursive procedures resolve to it.
    const slot = this.units.length;
    this.units.push({ label: name, regNames: [], refNames: [], code: [] });
    this.procUnits.set(name, slot);
    this.fillUnit(slot, name, proc.body, valueParams, refParams, `procs.${name}.body`);
    return slot;
  }

  /** A new unit for a body with the given leading value and reference slots. */
  unitFor(label: string, body: readonly Stmt[], valueParams: readonly string[], refParams: readonly string[], _parent: Scope | null, path: string): number {
    const slot = this.units.length;
    this.units.push({ label, regNames: [], refNames: [], code: [] });
    this.fillUnit(slot, label, body, valueParams, refParams, path);
    return slot;
  }

  private fillUnit(slot: number, label: string, body: readonly Stmt[], valueParams: readonly string[], refParams: readonly string[], path: string): void {
    const regs = new Map<string, number>();
    for (const p of valueParams) regs.set(p, regs.size);
    // Names of objects and references are operands, not registers.
    for (const n of registerNames(body)) {
      if (!regs.has(n) && !refParams.includes(n) && !this.objIndex.has(n)) regs.set(n, regs.size);
    }
    const refs = new Map<string, number>();
    for (const p of refParams) refs.set(p, refs.size);
    const scope: Scope = { unit: slot, regs, refs, label, funcCount: 0, onceReturns: [] };
    const code: Instr[] = [];
    this.block(body, scope, code, [], path);
    code.push({ op: 'return', value: null });
    this.units[slot] = { label, regNames: [...regs.keys()], refNames: [...refs.keys()], code: code.map(markShared) };
  }

  private block(body: readonly Stmt[], sc: Scope, code: Instr[], loops: LoopCtx[], path: string): void {
    body.forEach((st, i) => {
      const p = stmtSite(path, i, st);
      const from = code.length;
      this.stmt(st, sc, code, loops, p);
      this.sites.set(p, { unit: sc.unit, from, to: code.length });
    });
  }

  /** Lowers one statement at site p (stmtSite). */
  private stmt(st: Stmt, sc: Scope, code: Instr[], loops: LoopCtx[], p: string): void {
    // for cond { body } and for { body }: a loop whose break and continue jump to its end and head.
    const loop = (cond: CExpr | null, body: readonly Stmt[], bodyPath: string): void => {
      const top = code.length;
      if (cond !== null) code.push({ op: 'jumpIfNot', cond, to: -1 });
      const ctx: LoopCtx = { breaks: [], continues: [] };
      this.block(body, sc, code, [...loops, ctx], bodyPath);
      code.push({ op: 'jump', to: top });
      const end = code.length;
      if (cond !== null) code[top] = { op: 'jumpIfNot', cond, to: end };
      patch(code, ctx.breaks, end);
      patch(code, ctx.continues, top);
    };
    const jumpOut = (k: 'break' | 'continue'): void => {
      const ctx = loops[loops.length - 1];
      const targets = k === 'break' ? ctx?.breaks : ctx?.continues;
      if (!targets) throw new CompileError(`${k} outside a ${k === 'break' ? 'loop or select' : 'loop'}`, p);
      targets.push(code.length);
      code.push({ op: 'jump', to: -1 });
    };
    // A sync statement on a named object of the given kind.
    const onObject = (k: SyncOp, name: Name, objKind: ParamType): void => {
      code.push({ op: 'sync', kind: k, obj: this.operand(name, objKind, sc, p), name });
    };
    const tryLock = (k: 'trylock' | 'tryrlock', f: { mutex: Name; into: Name }): void => {
      const obj = this.operand(f.mutex, k === 'tryrlock' ? 'rwmutex' : 'mutex', sc, `${p}.mutex`);
      code.push({ op: 'sync', kind: k, obj, name: f.mutex, into: this.reg(f.into, sc, `${p}.into`) });
    };
    const into = (n: Name | undefined): { into?: number } => (n !== undefined ? { into: this.reg(n, sc, `${p}.into`) } : {});
    visitStmt<void>(st, {
      let: (m) => {
        code.push({ op: 'let', assigns: Object.entries(m).map(([n, e]) => [this.reg(n, sc, p), this.expr(e, sc, `${p}.${n}`)] as const) });
      },
      observe: (m) => {
        code.push({ op: 'observe', pairs: Object.entries(m).map(([n, e]) => [n, this.expr(e, sc, `${p}.${n}`)] as const) });
      },
      if: (f) => {
        const jIf = code.length;
        const cond = this.expr(f.cond, sc, `${p}.cond`);
        code.push({ op: 'jumpIfNot', cond, to: -1 });
        this.block(f.then, sc, code, loops, `${p}.then`);
        if (f.else && f.else.length > 0) {
          const jEnd = code.length;
          code.push({ op: 'jump', to: -1 });
          const elseAt = code.length;
          this.block(f.else, sc, code, loops, `${p}.else`);
          code[jIf] = { op: 'jumpIfNot', cond, to: elseAt, join: code.length };
          code[jEnd] = { op: 'jump', to: code.length };
        } else {
          code[jIf] = { op: 'jumpIfNot', cond, to: code.length, join: code.length };
        }
      },
      for: (f) => {
        // Go checks `var < to` before every iteration, so `to` is evaluated each time.
        const v = this.reg(f.var, sc, `${p}.var`);
        code.push({ op: 'let', assigns: [[v, this.expr(f.from ?? 0, sc, `${p}.from`)]] });
        this.counted(sc, code, loops, p, f.body, v, this.expr(f.to, sc, `${p}.to`));
      },
      repeat: (f) => {
        // `times` is evaluated once, on entry.
        const i = this.hiddenReg(sc);
        const limit = this.hiddenReg(sc);
        code.push({ op: 'let', assigns: [[i, 0], [limit, this.expr(f.times, sc, `${p}.times`)]] });
        this.counted(sc, code, loops, p, f.body, i, { r: limit });
      },
      while: (f) => loop(this.expr(f.cond, sc, `${p}.cond`), f.body, `${p}.body`),
      loop: (body) => loop(null, body, p),
      range: (f) => {
        const top = code.length;
        const chan = this.operand(f.chan, RECEIVABLE, sc, `${p}.chan`);
        const head = { op: 'recv', chan, chanName: f.chan, ...into(f.into) } as const;
        code.push({ ...head, closedTo: -1 });
        const ctx: LoopCtx = { breaks: [], continues: [] };
        this.block(f.body, sc, code, [...loops, ctx], `${p}.body`);
        code.push({ op: 'jump', to: top });
        const end = code.length;
        code[top] = { ...head, closedTo: end };
        patch(code, ctx.breaks, end);
        patch(code, ctx.continues, top);
      },
      break: () => jumpOut('break'),
      continue: () => jumpOut('continue'),
      return: (e) => {
        const inOnce = sc.onceReturns[sc.onceReturns.length - 1];
        if (inOnce) {
          // Inside a once body, return ends f (a func()), not the enclosing procedure.
          if (e !== null && e !== undefined) throw new CompileError('a once body is a func(): its return takes no value', p);
          inOnce.push(code.length);
          code.push({ op: 'jump', to: -1 });
          return;
        }
        code.push({ op: 'return', value: e === null || e === undefined ? null : this.expr(e, sc, p) });
      },
      call: (f) => {
        const unit = this.procUnit(f.proc, `${p}.proc`);
        code.push({ op: 'call', unit, args: this.args(f.proc, f.args ?? {}, sc, `${p}.args`), ...into(f.into) });
      },
      go: (t) => {
        if ('proc' in t) {
          const unit = this.procUnit(t.proc, `${p}.proc`);
          code.push({ op: 'go', unit, args: this.args(t.proc, t.args ?? {}, sc, `${p}.args`), label: t.proc });
          return;
        }
        sc.funcCount += 1;
        const label = t.name ?? `${sc.label}.func${sc.funcCount}`;
        const { unit, captures } = this.closure(label, t.body, sc, `${p}.body`);
        code.push({ op: 'go', unit, captures, label });
      },
      defer: (inner) => {
        // Inside a once body the deferred call would run when f returns; the body is inline, so that is not modelled.
        if (sc.onceReturns.length > 0) throw new CompileError('defer inside a once body is not modelled (the body is compiled inline, without a frame of its own)', p);
        const { unit, captures } = this.closure(`${sc.label}.deferwrap`, [inner], sc, p);
        code.push({ op: 'defer', unit, captures });
      },
      send: (f) => {
        code.push({ op: 'send', chan: this.operand(f.chan, 'chan', sc, `${p}.chan`), chanName: f.chan, value: this.expr(f.value, sc, `${p}.value`) });
      },
      recv: (f) => {
        code.push({ op: 'recv', chan: this.operand(f.chan, RECEIVABLE, sc, `${p}.chan`), chanName: f.chan, ...this.recvDest(f, sc, p) });
      },
      close: (name) => {
        code.push({ op: 'close', chan: this.operand(name, 'chan', sc, p), chanName: name });
      },
      select: (f) => this.select(f, sc, code, loops, p),
      gosched: () => {
        code.push({ op: 'gosched' });
      },
      measure: (f) => {
        code.push({ op: 'measure', name: f.name, edge: 'start' });
        this.block(f.body, sc, code, loops, `${p}.body`);
        code.push({ op: 'measure', name: f.name, edge: 'end' });
      },
      sleep: (ns) => {
        code.push({ op: 'sleep', ns });
      },
      stop: (f) => {
        code.push({ op: 'stop', timer: this.operand(f.timer, STOPPABLE, sc, `${p}.timer`), name: f.timer, ...into(f.into) });
      },
      reset: (f) => {
        code.push({ op: 'reset', timer: this.operand(f.timer, STOPPABLE, sc, `${p}.timer`), name: f.timer, ns: f.ns, ...into(f.into) });
      },
      panic: (message) => {
        code.push({ op: 'panic', message: String(message) });
      },
      load: (f) => {
        code.push({ op: 'load', word: this.operand(f.from, 'word', sc, `${p}.from`), name: f.from, into: this.reg(f.into, sc, `${p}.into`), site: p });
      },
      store: (f) => {
        code.push({ op: 'store', word: this.operand(f.to, 'word', sc, `${p}.to`), name: f.to, value: this.expr(f.value, sc, `${p}.value`), site: p });
      },
      atomicLoad: (f) => {
        code.push({ op: 'atomic', kind: 'load', obj: this.operand(f.from, 'atomic', sc, `${p}.from`), name: f.from, into: this.reg(f.into, sc, `${p}.into`), site: p });
      },
      atomicStore: (f) => {
        code.push({ op: 'atomic', kind: 'store', obj: this.operand(f.to, 'atomic', sc, `${p}.to`), name: f.to, value: this.expr(f.value, sc, `${p}.value`), site: p });
      },
      atomicAdd: (f) => {
        code.push({ op: 'atomic', kind: 'add', obj: this.operand(f.to, 'atomic', sc, `${p}.to`), name: f.to, value: this.expr(f.delta, sc, `${p}.delta`), ...into(f.into), site: p });
      },
      cas: (f) => {
        code.push({ op: 'atomic', kind: 'cas', obj: this.operand(f.on, 'atomic', sc, `${p}.on`), name: f.on, old: this.expr(f.old, sc, `${p}.old`), value: this.expr(f.new, sc, `${p}.new`), ...into(f.into), site: p });
      },
      lock: (name) => onObject('lock', name, 'mutex'),
      unlock: (name) => onObject('unlock', name, 'mutex'),
      rlock: (name) => onObject('rlock', name, 'rwmutex'),
      runlock: (name) => onObject('runlock', name, 'rwmutex'),
      trylock: (f) => tryLock('trylock', f),
      tryrlock: (f) => tryLock('tryrlock', f),
      add: (f) => {
        code.push({ op: 'sync', kind: 'add', obj: this.operand(f.wg, 'waitgroup', sc, `${p}.wg`), name: f.wg, delta: this.expr(f.delta, sc, `${p}.delta`) });
      },
      done: (name) => onObject('done', name, 'waitgroup'),
      wait: (name) => onObject('wait', name, 'waitgroup'),
      once: (f) => {
        // once.Do(f) with f inline: f shares the enclosing registers, as a Go closure shares its variables.
        const obj = this.operand(f.once, 'once', sc, `${p}.once`);
        const enter = code.length;
        code.push({ op: 'sync', kind: 'onceEnter', obj, name: f.once, skip: -1 });
        const returns: number[] = [];
        sc.onceReturns.push(returns);
        // f is a function of its own: no loop or select of the enclosing body encloses its statements.
        this.block(f.body, sc, code, [], `${p}.body`);
        sc.onceReturns.pop();
        patch(code, returns, code.length);
        code.push({ op: 'sync', kind: 'onceExit', obj, name: f.once });
        code[enter] = { op: 'sync', kind: 'onceEnter', obj, name: f.once, skip: code.length };
      },
      condwait: (name) => {
        const obj = this.operand(name, 'cond', sc, p);
        code.push({ op: 'sync', kind: 'condwait', obj, name }, { op: 'sync', kind: 'relock', obj, name });
      },
      signal: (name) => onObject('signal', name, 'cond'),
      broadcast: (name) => onObject('broadcast', name, 'cond'),
    });
  }

  private counted(sc: Scope, code: Instr[], loops: LoopCtx[], p: string, body: readonly Stmt[], i: number, limit: CExpr): void {
    const top = code.length;
    const cond: CExpr = { bin: '<', l: { r: i }, r2: limit };
    code.push({ op: 'jumpIfNot', cond, to: -1 });
    const ctx: LoopCtx = { breaks: [], continues: [] };
    this.block(body, sc, code, [...loops, ctx], `${p}.body`);
    const next = code.length;
    code.push({ op: 'let', assigns: [[i, { bin: '+', l: { r: i }, r2: 1 }]] });
    code.push({ op: 'jump', to: top });
    const end = code.length;
    code[top] = { op: 'jumpIfNot', cond, to: end };
    patch(code, ctx.breaks, end);
    patch(code, ctx.continues, next);
  }

  private select(f: { cases: SelectCase[]; default?: Stmt[] }, sc: Scope, code: Instr[], loops: LoopCtx[], p: string): void {
    const at = code.length;
    code.push({ op: 'select', cases: [] });
    const ends: number[] = [];
    const cases: CSelectCase[] = [];
    // break inside a case body leaves the select; continue continues the enclosing loop.
    const ctx: LoopCtx = { breaks: ends, continues: loops[loops.length - 1]?.continues ?? null };
    const inner = [...loops, ctx];
    f.cases.forEach((cs, i) => {
      const cp = `${p}.cases[${i}]`;
      const target = code.length;
      if ('send' in cs) {
        cases.push({ dir: 'send', chan: this.operand(cs.send.chan, 'chan', sc, `${cp}.send.chan`), chanName: cs.send.chan, value: this.expr(cs.send.value, sc, `${cp}.send.value`), target });
      } else {
        cases.push({ dir: 'recv', chan: this.operand(cs.recv.chan, RECEIVABLE, sc, `${cp}.recv.chan`), chanName: cs.recv.chan, ...this.recvDest(cs.recv, sc, `${cp}.recv`), target });
      }
      this.block(cs.body ?? [], sc, code, inner, `${cp}.body`);
      ends.push(code.length);
      code.push({ op: 'jump', to: -1 });
    });
    let defaultTarget: number | undefined;
    if (f.default !== undefined) {
      defaultTarget = code.length;
      this.block(f.default, sc, code, inner, `${p}.default`);
    }
    patch(code, ends, code.length);
    code[at] = { op: 'select', cases, ...(defaultTarget !== undefined ? { defaultTarget } : {}) };
  }

  private recvDest(f: RecvSpec, sc: Scope, p: string): { into?: number; ok?: number } {
    return {
      ...(f.into !== undefined ? { into: this.reg(f.into, sc, `${p}.into`) } : {}),
      ...(f.ok !== undefined ? { ok: this.reg(f.ok, sc, `${p}.ok`) } : {}),
    };
  }

  /** A closure unit for an inline go body or a deferred statement. */
  private closure(label: string, body: readonly Stmt[], sc: Scope, path: string): { unit: number; captures: Captures } {
    const valueNames = [...sc.regs.keys()];
    const refNames = [...sc.refs.keys()];
    const unit = this.unitFor(label, body, valueNames, refNames, sc, path);
    const u = this.units[unit]!;
    const regs = valueNames.map((n) => [sc.regs.get(n)!, u.regNames.indexOf(n)] as const);
    const refs = refNames.map((n) => [sc.refs.get(n)!, u.refNames.indexOf(n)] as const);
    return { unit, captures: { regs, refs } };
  }

  private args(procName: Name, args: Record<Name, Expr>, sc: Scope, p: string): CArgs {
    const proc = this.s.procs?.[procName];
    if (!proc) throw new CompileError(`unknown procedure "${procName}"`, p);
    const params = Object.entries(proc.params ?? {});
    const unit = this.units[this.procUnits.get(procName)!];
    const values: (readonly [number, CExpr])[] = [];
    const refs: (readonly [number, Operand])[] = [];
    let vi = 0;
    let ri = 0;
    for (const [name, type] of params) {
      const a = args[name];
      if (a === undefined) throw new CompileError(`missing argument "${name}" for ${procName}`, p);
      if (isRefType(type)) {
        const objName = typeof a === 'object' && a !== null && 'reg' in a ? a.reg : undefined;
        if (objName === undefined) throw new CompileError(`argument "${name}" must name a ${type}`, `${p}.${name}`);
        refs.push([ri++, this.operand(objName, type, sc, `${p}.${name}`)]);
      } else {
        values.push([vi++, this.expr(a, sc, `${p}.${name}`)]);
      }
    }
    void unit;
    return { values, refs };
  }

  /** A declared object or reference of kind `kind` (a mutex operand takes an rwmutex too; a kind list takes any of them). */
  private operand(name: Name, kind: ParamType | KindSet, sc: Scope, p: string): Operand {
    const r = sc.refs.get(name);
    if (r !== undefined) return { ref: r };
    const kinds = typeof kind === 'string' ? [kind] : kind.kinds;
    const what = typeof kind === 'string' ? kind : kind.name;
    const o = this.objIndex.get(name);
    if (o === undefined) throw new CompileError(`unknown ${what} "${name}"`, p);
    const decl = this.objects[o]!.decl;
    if (!kinds.includes(decl.kind) && !(kinds.includes('mutex') && decl.kind === 'rwmutex')) {
      throw new CompileError(`"${name}" is a ${decl.kind}, not a ${what}`, p);
    }
    return { obj: o };
  }

  private reg(name: Name, sc: Scope, p: string): number {
    const r = sc.regs.get(name);
    if (r === undefined) throw new CompileError(`"${name}" is not a register here`, p);
    return r;
  }

  private hiddenReg(sc: Scope): number {
    const name = `%${this.hidden++}`;
    sc.regs.set(name, sc.regs.size);
    return sc.regs.size - 1;
  }

  private expr(e: Expr, sc: Scope, p: string): CExpr {
    if (typeof e === 'number' || typeof e === 'boolean') return e;
    if (typeof e !== 'object' || e === null) throw new CompileError(`not an expression: ${JSON.stringify(e)}`, p);
    if ('reg' in e) {
      const r = sc.regs.get(e.reg);
      if (r !== undefined) return { r };
      throw new CompileError(`unknown register "${e.reg}"`, p);
    }
    if ('un' in e) return { un: e.un, x: this.expr(e.x, sc, p) };
    if ('bin' in e) return { bin: e.bin, l: this.expr(e.l, sc, p), r2: this.expr(e.r, sc, p) };
    if ('len' in e) return { len: this.operand(e.len, RECEIVABLE, sc, p) };
    if ('cap' in e) return { cap: this.operand(e.cap, RECEIVABLE, sc, p) };
    throw new CompileError(`not an expression: ${JSON.stringify(e)}`, p);
  }
}

function isLocker(d: ObjectDecl | undefined): boolean {
  return d !== undefined && (d.kind === 'mutex' || d.kind === 'rwmutex');
}

function isRefType(t: ParamType): boolean {
  return (REF_TYPES as readonly string[]).includes(t);
}

/** Marks local instructions that read a channel's length (see Instr). */
function markShared(i: Instr): Instr {
  const exprs: CExpr[] =
    i.op === 'let' ? i.assigns.map(([, e]) => e)
    : i.op === 'jumpIfNot' ? [i.cond]
    : i.op === 'call' ? i.args.values.map(([, e]) => e)
    : i.op === 'return' && i.value !== null ? [i.value]
    : [];
  return exprs.some(readsLen) ? { ...i, shared: true } as Instr : i;
}

function readsLen(e: CExpr): boolean {
  if (typeof e !== 'object') return false;
  if ('len' in e) return true;
  if ('un' in e) return readsLen(e.x);
  if ('bin' in e) return readsLen(e.l) || readsLen(e.r2);
  return false;
}

function patch(code: Instr[], at: readonly number[] | null, to: number): void {
  if (at === null) return;
  for (const i of at) code[i] = { op: 'jump', to };
}

/**
 * The register names a body reads or writes, in order of first appearance,
 * excluding the bodies of inline `go` statements and defers (their own units).
 */
export function registerNames(body: readonly Stmt[]): string[] {
  const seen = new Set<string>();
  const add = (n: string | undefined): void => {
    if (n !== undefined) seen.add(n);
  };
  const walkExpr = (e: Expr | null | undefined): void => {
    if (e === null || e === undefined || typeof e !== 'object') return;
    if ('reg' in e) add(e.reg);
    else if ('un' in e) walkExpr(e.x);
    else if ('bin' in e) {
      walkExpr(e.l);
      walkExpr(e.r);
    }
  };
  const nothing = (): void => {};
  const walk = (ss: readonly Stmt[]): void => {
    for (const st of ss) visitStmt<void>(st, visitor);
  };
  // The registers a statement names (written or read), in source order; nested bodies through walk.
  const visitor: StmtVisitor<void> = {
    let: (m) => {
      for (const [n, e] of Object.entries(m)) {
        add(n);
        walkExpr(e);
      }
    },
    observe: (m) => Object.values(m).forEach(walkExpr),
    if: (f) => {
      walkExpr(f.cond);
      walk(f.then);
      walk(f.else ?? []);
    },
    for: (f) => {
      add(f.var);
      walkExpr(f.from);
      walkExpr(f.to);
      walk(f.body);
    },
    repeat: (f) => {
      walkExpr(f.times);
      walk(f.body);
    },
    while: (f) => {
      walkExpr(f.cond);
      walk(f.body);
    },
    loop: (b) => walk(b),
    range: (f) => {
      add(f.into);
      walk(f.body);
    },
    send: (f) => walkExpr(f.value),
    recv: (f) => {
      add(f.into);
      add(f.ok);
    },
    select: (f) => {
      for (const cs of f.cases) {
        if ('send' in cs) walkExpr(cs.send.value);
        else {
          add(cs.recv.into);
          add(cs.recv.ok);
        }
        walk(cs.body ?? []);
      }
      walk(f.default ?? []);
    },
    call: (f) => {
      for (const a of Object.values(f.args ?? {})) walkExpr(a);
      add(f.into);
    },
    go: (t) => {
      // An inline body is a closure: its registers are its own (captured ones are copied in).
      if ('proc' in t) for (const a of Object.values(t.args ?? {})) walkExpr(a);
    },
    return: (e) => walkExpr(e),
    trylock: (f) => add(f.into),
    tryrlock: (f) => add(f.into),
    stop: (f) => add(f.into),
    reset: (f) => add(f.into),
    add: (f) => walkExpr(f.delta),
    load: (f) => add(f.into),
    atomicLoad: (f) => add(f.into),
    store: (f) => walkExpr(f.value),
    atomicStore: (f) => walkExpr(f.value),
    atomicAdd: (f) => {
      walkExpr(f.delta);
      add(f.into);
    },
    cas: (f) => {
      walkExpr(f.old);
      walkExpr(f.new);
      add(f.into);
    },
    once: (f) => walk(f.body),
    // A deferred statement is a closure of its own, as an inline go body is.
    defer: nothing,
    break: nothing,
    continue: nothing,
    close: nothing,
    gosched: nothing,
    measure: (f) => walk(f.body),
    sleep: nothing,
    panic: nothing,
    lock: nothing,
    unlock: nothing,
    rlock: nothing,
    runlock: nothing,
    done: nothing,
    wait: nothing,
    condwait: nothing,
    signal: nothing,
    broadcast: nothing,
  };
  walk(body);
  return [...seen];
}
