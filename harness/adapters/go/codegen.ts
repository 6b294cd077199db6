// The Go code generator: scenarios (model/ir.ts) → one standard-library-only
// Go program (package main) that runs them and prints outcome histograms,
// the way harness/adapters/go.ts expects (the contract is in driver.go.txt's
// header: `-list`, `-case ID -runs N -seed S -timeout MS`, `-case ID -single`).
//
// The program is three files:
//   driver.go   the hand-written driver (driver.go.txt, copied as it is): runs,
//               ends, leak snapshots, histograms, JSON;
//   cases.go    generated: per case a struct holding the run's objects and one
//               method per code unit of the compiled scenario (plus, for a
//               litmus case Scenario.final names objects of, the setup's
//               final reads); and for a litmus case whose threads cannot
//               block, its batched litmus translation too (the section
//               "The batched litmus path" at the end says the rule);
//   lifo.go     only in the deliberately wrong 'lifo-buffer' variant.
//
// Invariants:
//   1. Nothing from a scenario reaches the Go source except through goString
//      (a Go interpreted string literal in printable ASCII): case ids, labels,
//      observation names and panic texts. Every Go identifier is made here
//      (`c3`, `u2`, `o1`, `r0`, `p0`, `t4`), never from a scenario name.
//   2. Labels, units, register slots and closure captures come from
//      model/compile.ts `compile()`: a unit's Go method walks the unit's
//      statements in source order, which is the order of the unit's
//      go/defer/call instructions in the compiled code (a cursor checks it),
//      so a label can never drift from the model's.
//   3. Registers are typed by unification over their uses (recv into → int,
//      ok → bool, arithmetic → int, comparisons → bool, call into → the
//      procedure's result, closure copies ↔ the parent's register…); a
//      register nothing constrains is an int (it reads 0). A conflict makes
//      the case unsupported, with the register named.
//   4. Statements after one that never completes normally (return, panic,
//      break, continue, `for {}` without break, …) are left out: the model
//      never runs them, and `go vet` rejects unreachable code.
//   5. Generated code has no untyped-constant traps: `/` and `%` go through
//      divI/modI (a constant zero divisor would not compile; Go's run-time
//      panic text is the same), and arithmetic on two constants is made
//      non-constant (ci) so that it cannot overflow at compile time.
//
// Semantics kept (corpus/README.md): inline go bodies and defers copy the
// registers they capture into fresh variables at the go/defer statement (Go
// 1.19 shares loop variables, so closures never touch the parent's); a
// procedure that returns a value returns (value, true), and `call … into r`
// assigns r only then (a bare `return` leaves r as it was, as the model
// does); memory statements go to per-run fields of the case struct: a
// `word` is a plain int read and written with ordinary, deliberately racy
// loads and stores (Go's race detector, `--race`, may report them), an
// `atomic` an int64 used only through sync/atomic (atomicAdd's into gets
// the new value, cas's into the swapped bool), both passed to procedures
// by pointer (two parameters may alias one word); sync objects are the
// standard library's (sync.Mutex, RWMutex, WaitGroup, Once, fields of the
// run's struct, zero each run; a cond is sync.NewCond(&its lock)), passed to
// procedures by pointer; a once's body is the func literal given to Do, so
// it shares the registers and its `return` ends f, as the model compiles it.
// A misused lock is Go's fatal error, which kills the process (the adapter
// runs such cases one process per run).

import { readFileSync } from 'node:fs';
import type { Expr, GoTarget, Name, ParamType, RecvSpec, Scenario, SelectCase, Stmt, StmtKind } from '../../../model/ir.ts';
import { children, stmtKind } from '../../../model/ir.ts';
import type { Captures, CodeUnit, Instr, Program } from '../../../model/compile.ts';
import { compile } from '../../../model/compile.ts';

export interface GoCase {
  /** Unique, [a-z0-9_-]+, chosen by the caller; the program's `-case` id. */
  readonly id: string;
  readonly scenario: Scenario;
}

export interface GeneratedProgram {
  /** File name → Go source, package main. */
  readonly files: Readonly<Record<string, string>>;
  /** Cases left out, with why. */
  readonly unsupported: readonly { id: string; reason: string }[];
  /**
   * Ids of the cases on the batched litmus path (litmusBatchBlocker says
   * which): a run of one is one iteration of a round, so the adapter asks
   * for many more runs per process. Absent: none is.
   */
  readonly batched?: readonly string[];
}

export type Variant = 'faithful' | 'lifo-buffer';

const DRIVER = readFileSync(new URL('./driver.go.txt', import.meta.url), 'utf8');

/**
 * The deliberately wrong channel of the 'lifo-buffer' variant: values of a
 * buffered channel go through a side stack, so a receive takes the most
 * recently buffered value. Synchronisation (blocking, close, wait reasons)
 * stays the real channel's; only the order of buffered values is wrong.
 */
const LIFO_GO = `// lchan: variant lifo-buffer, a deliberately WRONG channel for testing the
// harness: a buffered channel's values go through a stack (last in, first
// out); the real channel underneath carries only the blocking.
package main

import "sync"

type lchan struct {
	c     chan int
	mu    sync.Mutex
	stack []int
}

func mkL(n int) *lchan { return &lchan{c: make(chan int, n)} }

func (l *lchan) ch() chan int {
	if l == nil {
		return nil
	}
	return l.c
}

func (l *lchan) buffered() bool { return l != nil && cap(l.c) > 0 }

// sent: a send completed; a buffered value goes on the stack.
func (l *lchan) sent(v int) {
	if l.buffered() {
		l.mu.Lock()
		l.stack = append(l.stack, v)
		l.mu.Unlock()
	}
}

// got: a receive completed; a buffered channel gives the top of the stack.
func (l *lchan) got(v int, ok bool) int {
	if !ok || !l.buffered() {
		return v
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.stack); n > 0 {
		v = l.stack[n-1]
		l.stack = l.stack[:n-1]
	}
	return v
}

func (l *lchan) send(v int) {
	l.ch() <- v
	l.sent(v)
}

func (l *lchan) recv() (int, bool) {
	v, ok := <-l.ch()
	return l.got(v, ok), ok
}

func (l *lchan) close()        { close(l.ch()) }
func (l *lchan) length() int   { return len(l.ch()) }
func (l *lchan) capacity() int { return cap(l.ch()) }

func shutL(l *lchan) {
	if l != nil {
		shut(l.c)
	}
}
`;

const CASES_PRELUDE = `// Generated by gospec (harness/adapters/go/codegen.ts) from the cases' scenarios. Do not edit.
package main

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var _ = runtime.Gosched
var _ = time.Sleep
var _ = atomic.LoadInt64
var _ sync.Mutex

// divI and modI: Go's integer division, made at run time (a constant zero
// divisor would not compile); the panic text is Go's own.
func divI(a, b int) int { return a / b }
func modI(a, b int) int { return a % b }

// ci makes an int constant non-constant, so that arithmetic on two
// constants cannot overflow at compile time.
func ci(a int) int { return a }
`;

/** The largest channel capacity generated (make would panic far beyond it). */
export const MAX_CHAN_CAP = 1 << 20;

const CASE_ID = /^[a-z0-9_-]+$/;

/**
 * A Go interpreted string literal for any text: printable ASCII stays, `"`
 * and `\` are escaped, other bytes below 0x80 become \xNN, other code
 * points \uNNNN or \UNNNNNNNN. The result is pure printable ASCII with no
 * newline, so it is also safe inside a // comment. A lone UTF-16 surrogate
 * has no Go (UTF-8) form: that throws.
 */
export function goString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u === 0x22) out += '\\"';
    else if (u === 0x5c) out += '\\\\';
    else if (u >= 0x20 && u < 0x7f) out += s[i];
    else if (u < 0x80) out += `\\x${hex(u, 2)}`;
    else if (u >= 0xd800 && u <= 0xdbff) {
      const lo = s.charCodeAt(i + 1);
      if (!(lo >= 0xdc00 && lo <= 0xdfff)) throw new Unsupported(`the text ${JSON.stringify(s)} holds a lone UTF-16 surrogate, which a Go string cannot hold`);
      out += `\\U${hex(((u - 0xd800) << 10) + (lo - 0xdc00) + 0x10000, 8)}`;
      i++;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      throw new Unsupported(`the text ${JSON.stringify(s)} holds a lone UTF-16 surrogate, which a Go string cannot hold`);
    } else out += `\\u${hex(u, 4)}`;
  }
  return `${out}"`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A case the generator cannot express; the message is the reason. */
class Unsupported extends Error {}

/** Reference parameters a procedure may take, and their Go types (chan: the ChanOps type). */
const SYNC_REF_TYPES: Readonly<Partial<Record<ParamType, string>>> = {
  mutex: '*sync.Mutex',
  rwmutex: '*sync.RWMutex',
  waitgroup: '*sync.WaitGroup',
  once: '*sync.Once',
  cond: '*sync.Cond',
  word: '*int',
  atomic: '*int64',
};

const isRefParam = (t: ParamType): boolean => t !== 'int' && t !== 'bool';

/**
 * Generates the program for these cases; cases it cannot express are listed
 * in `unsupported`. `batch: false` keeps every case off the batched litmus
 * path (for comparisons: bench/go.ts).
 */
export function generateProgram(cases: readonly GoCase[], opts: { variant?: Variant; batch?: boolean } = {}): GeneratedProgram {
  const variant = opts.variant ?? 'faithful';
  const seen = new Set<string>();
  for (const c of cases) {
    if (!CASE_ID.test(c.id)) throw new Error(`case id ${JSON.stringify(c.id)} is not [a-z0-9_-]+`);
    if (seen.has(c.id)) throw new Error(`case id ${JSON.stringify(c.id)} is given twice`);
    seen.add(c.id);
  }
  const unsupported: { id: string; reason: string }[] = [];
  const batched: string[] = [];
  const table: string[] = [];
  const bodies: string[] = [];
  cases.forEach((c, n) => {
    try {
      const gen = new CaseGen(`c${n}`, c, variant === 'lifo-buffer' ? LIFO_OPS : FAITHFUL_OPS);
      bodies.push(gen.generate());
      const batch = opts.batch !== false && litmusBatchBlocker(c.scenario) === null ? new LitmusGen(gen).emit() : null;
      if (batch !== null) {
        bodies.push(batch);
        batched.push(c.id);
      }
      table.push(`\t{id: ${goString(c.id)}, litmus: ${gen.litmus}, setup: c${n}_setup, gomaxprocs: ${goMaxProcs(c.scenario)}${batch !== null ? `, batch: c${n}_batch` : ''}},`);
    } catch (e) {
      if (e instanceof Unsupported) unsupported.push({ id: c.id, reason: e.message });
      else unsupported.push({ id: c.id, reason: `the generator failed (a bug in gospec, please report): ${e instanceof Error ? e.message : String(e)}` });
    }
  });
  const casesGo = [CASES_PRELUDE, 'var caseTable = []caseDef{', ...table, '}', '', ...bodies].join('\n');
  const files: Record<string, string> = { 'driver.go': DRIVER, 'cases.go': casesGo };
  if (variant === 'lifo-buffer') files['lifo.go'] = LIFO_GO;
  return { files, unsupported, batched };
}

// ---------------------------------------------------------------------------
// Channel operations: the faithful ones are Go's own; the lifo variant's go
// through lchan.

interface ChanOps {
  readonly type: string;
  make(cap: number): string;
  send(ch: string, v: string): string;
  /** A receive statement; into/ok are Go lvalues or undefined. */
  recv(ch: string, into: string | undefined, ok: string | undefined): string;
  close(ch: string): string;
  len(ch: string): string;
  cap(ch: string): string;
  /** `for … range` header and the lines opening its body (t: fresh temporaries). */
  range(ch: string, into: string | undefined, t: () => string): { head: string; prologue: string[] };
  /** A select send case; `v` is already a temporary (lifo) or an expression. */
  selectSend(ch: string, v: string): { head: string; prologue: string[] };
  selectRecv(ch: string, into: string | undefined, ok: string | undefined, t: () => string): { head: string; prologue: string[] };
  /** Whether send values are hoisted into temporaries before a select. */
  readonly hoistSelectSends: boolean;
  shut(ch: string): string;
}

function recvLhs(into: string | undefined, ok: string | undefined): string {
  if (into !== undefined && ok !== undefined) return `${into}, ${ok} = `;
  if (into !== undefined) return `${into} = `;
  if (ok !== undefined) return `_, ${ok} = `;
  return '';
}

const FAITHFUL_OPS: ChanOps = {
  type: 'chan int',
  make: (cap) => (cap === 0 ? 'make(chan int)' : `make(chan int, ${cap})`),
  send: (ch, v) => `${ch} <- ${v}`,
  recv: (ch, into, ok) => `${recvLhs(into, ok)}<-${ch}`,
  close: (ch) => `close(${ch})`,
  len: (ch) => `len(${ch})`,
  cap: (ch) => `cap(${ch})`,
  range: (ch, into) => ({ head: into !== undefined ? `for ${into} = range ${ch} {` : `for range ${ch} {`, prologue: [] }),
  selectSend: (ch, v) => ({ head: `case ${ch} <- ${v}:`, prologue: [] }),
  selectRecv: (ch, into, ok) => ({ head: `case ${recvLhs(into, ok)}<-${ch}:`, prologue: [] }),
  hoistSelectSends: false,
  shut: (ch) => `shut(${ch})`,
};

const LIFO_OPS: ChanOps = {
  type: '*lchan',
  make: (cap) => `mkL(${cap})`,
  send: (ch, v) => `${ch}.send(${v})`,
  recv: (ch, into, ok) => {
    if (into === undefined && ok === undefined) return `${ch}.recv()`;
    return `${into ?? '_'}, ${ok ?? '_'} = ${ch}.recv()`;
  },
  close: (ch) => `${ch}.close()`,
  len: (ch) => `${ch}.length()`,
  cap: (ch) => `${ch}.capacity()`,
  range: (ch, into, t) => {
    const v = t();
    const ok = t();
    return {
      head: 'for {',
      prologue: [`${v}, ${ok} := ${ch}.recv()`, `if !${ok} {`, '\tbreak', '}', into !== undefined ? `${into} = ${v}` : `_ = ${v}`],
    };
  },
  selectSend: (ch, v) => ({ head: `case ${ch}.ch() <- ${v}:`, prologue: [`${ch}.sent(${v})`] }),
  selectRecv: (ch, into, ok, t) => {
    const v = t();
    const k = t();
    const got = `${ch}.got(${v}, ${k})`;
    const prologue =
      into !== undefined && ok !== undefined ? [`${into}, ${ok} = ${got}, ${k}`]
      : into !== undefined ? [`${into} = ${got}`]
      : ok !== undefined ? [`_ = ${got}`, `${ok} = ${k}`]
      : [`_ = ${got}`];
    return { head: `case ${v}, ${k} := <-${ch}.ch():`, prologue };
  },
  hoistSelectSends: true,
  shut: (ch) => `shutL(${ch})`,
};

// ---------------------------------------------------------------------------
// Types of registers: unification over int and bool.

type GoType = 'int' | 'bool';

class TypeUnifier {
  /** Node 0 is int, node 1 is bool; every other node is a type variable. */
  private readonly parent: number[] = [0, 1];
  private readonly what: string[] = ['int', 'bool'];
  static readonly INT = 0;
  static readonly BOOL = 1;

  fresh(what: string): number {
    this.parent.push(this.parent.length);
    this.what.push(what);
    return this.parent.length - 1;
  }

  find(n: number): number {
    let r = n;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[n] !== r) {
      const next = this.parent[n]!;
      this.parent[n] = r;
      n = next;
    }
    return r;
  }

  unify(a: number, b: number, where: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra <= 1 && rb <= 1) {
      const who = [a, b].filter((n) => n > 1).map((n) => this.what[n]).join(' and ');
      throw new Unsupported(`${who || 'a value'} would be both an int and a bool (at ${where}); registers hold one type in Go`);
    }
    // A constant type stays the root.
    if (rb <= 1) this.parent[ra] = rb;
    else this.parent[rb] = ra;
  }

  typeOf(n: number): GoType {
    return this.find(n) === TypeUnifier.BOOL ? 'bool' : 'int';
  }
}

// ---------------------------------------------------------------------------
// Statement shapes the generator reasons about.

/** Does this statement never complete normally (so what follows never runs)? */
function endsStmt(s: Stmt): boolean {
  const k = stmtKind(s);
  const v = (s as Record<string, unknown>)[k];
  switch (k) {
    case 'return':
    case 'panic':
    case 'break':
    case 'continue':
      return true;
    case 'if': {
      const f = v as { then: Stmt[]; else?: Stmt[] };
      return f.else !== undefined && endsList(f.then) && endsList(f.else);
    }
    case 'loop':
      return !hasBreakTo(v as Stmt[]);
    case 'select': {
      const f = v as { cases: SelectCase[]; default?: Stmt[] };
      const bodies = [...f.cases.map((c) => c.body ?? []), ...(f.default !== undefined ? [f.default] : [])];
      return bodies.every((b) => endsList(b) && !hasBreakTo(b));
    }
    default:
      return false;
  }
}

function endsList(body: readonly Stmt[]): boolean {
  return body.some(endsStmt);
}

/** Is there a `break` that leaves the statement whose body this is (not one of an inner loop or select)? */
function hasBreakTo(body: readonly Stmt[]): boolean {
  return body.some((s) => {
    const k = stmtKind(s);
    if (k === 'break') return true;
    if (k === 'if') {
      const f = (s as { if: { then: Stmt[]; else?: Stmt[] } }).if;
      return hasBreakTo(f.then) || hasBreakTo(f.else ?? []);
    }
    return false;
  });
}

/** The statements that run, and those after the first that never completes. */
function splitLive(body: readonly Stmt[]): { live: readonly Stmt[]; dead: readonly Stmt[] } {
  const i = body.findIndex(endsStmt);
  return i < 0 ? { live: body, dead: [] } : { live: body.slice(0, i + 1), dead: body.slice(i + 1) };
}

/** go/defer/call statements in a list, as the unit's code holds them (closure bodies are units of their own). */
function countUnitInstrs(body: readonly Stmt[]): number {
  let n = 0;
  for (const s of body) {
    const k = stmtKind(s);
    const v = (s as Record<string, unknown>)[k];
    switch (k) {
      case 'go':
      case 'defer':
      case 'call':
        n++;
        break;
      case 'if': {
        const f = v as { then: Stmt[]; else?: Stmt[] };
        n += countUnitInstrs(f.then) + countUnitInstrs(f.else ?? []);
        break;
      }
      case 'for':
      case 'repeat':
      case 'while':
      case 'range':
      case 'once':
        n += countUnitInstrs((v as { body: Stmt[] }).body);
        break;
      case 'loop':
        n += countUnitInstrs(v as Stmt[]);
        break;
      case 'select': {
        const f = v as { cases: SelectCase[]; default?: Stmt[] };
        for (const c of f.cases) n += countUnitInstrs(c.body ?? []);
        n += countUnitInstrs(f.default ?? []);
        break;
      }
      default:
        break;
    }
  }
  return n;
}

/** The go/defer/call instructions of a unit, taken in code order. */
class Cursor {
  private i = 0;
  private readonly instrs: readonly Instr[];
  constructor(unit: CodeUnit) {
    this.instrs = unit.code.filter((x) => x.op === 'go' || x.op === 'defer' || x.op === 'call');
  }
  next<K extends 'go' | 'defer' | 'call'>(op: K): Extract<Instr, { op: K }> {
    const x = this.instrs[this.i++];
    if (!x || x.op !== op) throw new Error(`statement order differs from model/compile.ts's code (wanted ${op}, found ${x?.op ?? 'nothing'})`);
    return x as Extract<Instr, { op: K }>;
  }
  skip(n: number): void {
    this.i += n;
  }
}

interface UnitPlan {
  readonly unit: number;
  readonly kind: 'root' | 'proc' | 'closure';
  readonly body: readonly Stmt[];
  /** Register slots that are parameters, in order. */
  readonly paramRegs: readonly number[];
  /** Reference slots that are parameters, in order (all of a unit's refs). */
  readonly paramRefs: readonly number[];
  /** The object kind each reference slot holds (chan, mutex, …), by slot. */
  readonly refTypes: readonly ParamType[];
  /** Procedures: does some `return` hand back a value? */
  returnsValue: boolean;
}

interface GoExpr {
  readonly code: string;
  readonly type: GoType;
  /** A Go constant expression (see invariant 5). */
  readonly konst: boolean;
}

/** Visible operations: a scheduling step (gor.step: poll and jitter) comes before each. */
const STEP_BEFORE: ReadonlySet<StmtKind> = new Set<StmtKind>([
  'send', 'recv', 'close', 'range', 'select', 'go', 'observe', 'panic', 'load', 'store', 'atomicLoad', 'atomicStore', 'atomicAdd', 'cas',
  'lock', 'unlock', 'trylock', 'rlock', 'runlock', 'tryrlock', 'add', 'done', 'wait', 'once', 'condwait', 'signal', 'broadcast',
]);

const isHidden = (name: string): boolean => name.startsWith('%');

// ---------------------------------------------------------------------------
// One case.

class CaseGen {
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
    this.check();
    try {
      this.prog = compile(this.s);
    } catch (e) {
      throw new Unsupported(`the scenario does not compile: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Up-front: statements and parameter kinds the generator has no translation for. */
  private check(): void {
  }

  generate(): string {
    // Plan the roots, then infer types over every unit reachable from them.
    for (const r of this.prog.roots) {
      const body = this.s.main ?? this.s.goroutines?.[this.prog.units[r]!.label] ?? [];
      this.addPlan({ unit: r, kind: 'root', body, paramRegs: [], paramRefs: [], refTypes: [], returnsValue: false });
    }
    while (this.queue.length > 0) {
      const u = this.queue.shift()!;
      const plan = this.plans.get(u)!;
      const cur = new Cursor(this.prog.units[u]!);
      this.inferBlock(plan, plan.body, cur);
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

  private inferBlock(plan: UnitPlan, body: readonly Stmt[], cur: Cursor): void {
    const { live, dead } = splitLive(body);
    for (const st of live) this.inferStmt(plan, st, cur);
    cur.skip(countUnitInstrs(dead));
  }

  private inferStmt(plan: UnitPlan, st: Stmt, cur: Cursor): void {
    const k = stmtKind(st);
    const v = (st as Record<string, unknown>)[k];
    const at = this.where(plan, k);
    const INT = TypeUnifier.INT;
    switch (k) {
      case 'let':
        for (const [n, e] of Object.entries(v as Record<Name, Expr>)) this.types.unify(this.regNode(plan, n), this.inferExpr(plan, e, at), at);
        return;
      case 'observe':
        for (const e of Object.values(v as Record<Name, Expr>)) this.inferExpr(plan, e, at);
        return;
      case 'if': {
        const f = v as { cond: Expr; then: Stmt[]; else?: Stmt[] };
        this.inferExpr(plan, f.cond, at);
        this.inferBlock(plan, f.then, cur);
        this.inferBlock(plan, f.else ?? [], cur);
        return;
      }
      case 'for': {
        const f = v as { var: Name; from?: Expr; to: Expr; body: Stmt[] };
        this.types.unify(this.regNode(plan, f.var), INT, at);
        this.types.unify(this.inferExpr(plan, f.from ?? 0, at), INT, at);
        this.types.unify(this.inferExpr(plan, f.to, at), INT, at);
        this.inferBlock(plan, f.body, cur);
        return;
      }
      case 'repeat': {
        const f = v as { times: Expr; body: Stmt[] };
        this.types.unify(this.inferExpr(plan, f.times, at), INT, at);
        this.inferBlock(plan, f.body, cur);
        return;
      }
      case 'while': {
        const f = v as { cond: Expr; body: Stmt[] };
        this.inferExpr(plan, f.cond, at);
        this.inferBlock(plan, f.body, cur);
        return;
      }
      case 'loop':
        this.inferBlock(plan, v as Stmt[], cur);
        return;
      case 'break':
      case 'continue':
      case 'close':
      case 'gosched':
      case 'panic':
        return;
      case 'sleep':
        if (!Number.isSafeInteger(v)) throw new Unsupported(`sleep takes a whole number of nanoseconds, got ${JSON.stringify(v)} (${at})`);
        return;
      case 'send':
        this.types.unify(this.inferExpr(plan, (v as { value: Expr }).value, at), INT, at);
        return;
      case 'recv':
        this.inferRecv(plan, v as RecvSpec, at);
        return;
      case 'load':
      case 'atomicLoad':
        this.types.unify(this.regNode(plan, (v as { into: Name }).into), INT, at);
        return;
      case 'store':
      case 'atomicStore':
        this.types.unify(this.inferExpr(plan, (v as { value: Expr }).value, at), INT, at);
        return;
      case 'atomicAdd': {
        const f = v as { delta: Expr; into?: Name };
        this.types.unify(this.inferExpr(plan, f.delta, at), INT, at);
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), INT, at);
        return;
      }
      case 'cas': {
        const f = v as { old: Expr; new: Expr; into?: Name };
        this.types.unify(this.inferExpr(plan, f.old, at), INT, at);
        this.types.unify(this.inferExpr(plan, f.new, at), INT, at);
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), TypeUnifier.BOOL, at);
        return;
      }
      case 'range': {
        const f = v as { into?: Name; body: Stmt[] };
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), INT, at);
        this.inferBlock(plan, f.body, cur);
        return;
      }
      case 'select': {
        const f = v as { cases: SelectCase[]; default?: Stmt[] };
        for (const c of f.cases) {
          if ('send' in c) this.types.unify(this.inferExpr(plan, c.send.value, at), INT, at);
          else this.inferRecv(plan, c.recv, at);
          this.inferBlock(plan, c.body ?? [], cur);
        }
        this.inferBlock(plan, f.default ?? [], cur);
        return;
      }
      case 'go': {
        const t = v as GoTarget;
        const instr = cur.next('go');
        if ('proc' in t) this.inferCall(plan, t.proc, t.args ?? {}, instr.unit, at);
        else this.planClosure(plan, instr.unit, t.body, instr.captures!, at);
        return;
      }
      case 'call': {
        const f = v as { proc: Name; args?: Record<Name, Expr>; into?: Name };
        const instr = cur.next('call');
        this.inferCall(plan, f.proc, f.args ?? {}, instr.unit, at);
        if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), this.retNode(instr.unit), at);
        return;
      }
      case 'defer': {
        const instr = cur.next('defer');
        this.planClosure(plan, instr.unit, [v as Stmt], instr.captures, at);
        return;
      }
      case 'return': {
        const e = v as Expr | null;
        if (e === null || e === undefined) return;
        const t = this.inferExpr(plan, e, at);
        if (plan.kind === 'proc') {
          this.types.unify(this.retNode(plan.unit), t, at);
          plan.returnsValue = true;
        }
        return;
      }
      case 'lock':
      case 'unlock':
      case 'rlock':
      case 'runlock':
      case 'done':
      case 'wait':
      case 'condwait':
      case 'signal':
      case 'broadcast':
        return;
      case 'trylock':
      case 'tryrlock':
        this.types.unify(this.regNode(plan, (v as { into: Name }).into), TypeUnifier.BOOL, at);
        return;
      case 'add':
        this.types.unify(this.inferExpr(plan, (v as { delta: Expr }).delta, at), INT, at);
        return;
      case 'once':
        // f is compiled inline, in this unit: its go/defer/call instructions come next.
        this.inferBlock(plan, (v as { body: Stmt[] }).body, cur);
        return;
      default: {
        const never: never = k;
        throw new Unsupported(`statement ${String(never)} is not generated`);
      }
    }
  }

  private inferRecv(plan: UnitPlan, f: RecvSpec, at: string): void {
    if (f.into !== undefined) this.types.unify(this.regNode(plan, f.into), TypeUnifier.INT, at);
    if (f.ok !== undefined) this.types.unify(this.regNode(plan, f.ok), TypeUnifier.BOOL, at);
  }

  private inferCall(plan: UnitPlan, procName: Name, args: Record<Name, Expr>, unit: number, at: string): void {
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
        paramRegs: valueParams.map((_, i) => i),
        paramRefs: params.filter(([, t]) => isRefParam(t)).map((_, i) => i),
        refTypes: params.filter(([, t]) => isRefParam(t)).map(([, t]) => t),
        returnsValue: false,
      });
    }
    let slot = 0;
    for (const [name, t] of params) {
      if (t !== 'int' && t !== 'bool') continue;
      const a = args[name];
      if (a === undefined) throw new Error(`missing argument ${name}`);
      this.types.unify(this.inferExpr(plan, a, at), this.node(unit, slot++), at);
    }
  }

  private planClosure(plan: UnitPlan, unit: number, body: readonly Stmt[], caps: Captures, at: string): void {
    const child = this.prog.units[unit]!;
    const paramRegs: number[] = [];
    for (const [from, to] of caps.regs) {
      if (to < 0 || isHidden(child.regNames[to]!)) continue;
      this.types.unify(this.node(plan.unit, from), this.node(unit, to), at);
      paramRegs.push(to);
    }
    const refTypes: ParamType[] = child.refNames.map(() => 'chan');
    for (const [from, to] of caps.refs) if (to >= 0) refTypes[to] = plan.refTypes[from] ?? 'chan';
    this.addPlan({ unit, kind: 'closure', body, paramRegs, paramRefs: caps.refs.filter(([, to]) => to >= 0).map(([, to]) => to), refTypes, returnsValue: false });
  }

  // -------------------------------------------------------------------------
  // Pass 2: Go source.

  private emitCase(): string {
    const out: string[] = [];
    const objs = this.prog.objects;
    const chanFields = objs.map((o, i) => ({ o, i })).filter(({ o }) => o.decl.kind === 'chan');
    const memFields = objs.map((o, i) => ({ o, i })).filter(({ o }) => o.decl.kind === 'word' || o.decl.kind === 'atomic');
    const syncFields = objs.map((o, i) => ({ o, i })).filter(({ o }) => o.sync >= 0);
    out.push(`// case ${this.name}: ${goString(this.c.id)}, scenario ${goString(this.s.name ?? '')}`);
    out.push(`type ${this.name} struct {`);
    // int64 fields first: the first word of an allocated struct is 64-bit aligned, as sync/atomic needs on 32-bit platforms.
    for (const { o, i } of memFields) if (o.decl.kind === 'atomic') out.push(`\to${i} int64 // atomic ${goString(o.name)}`);
    for (const { o, i } of memFields) if (o.decl.kind === 'word') out.push(`\to${i} int // word ${goString(o.name)} (plain, racy accesses)`);
    for (const { i } of chanFields) out.push(`\to${i} ${this.ops.type}`);
    // Sync objects are fresh zero values each run; a cond is made over its Locker (sync.NewCond(&l)).
    for (const { o, i } of syncFields) out.push(`\to${i} ${syncFieldType(o.decl.kind)} // ${o.decl.kind} ${goString(o.name)}`);
    out.push('}', '');
    out.push(`func ${this.name}_setup() setup {`);
    out.push(`\tw := &${this.name}{}`);
    for (const { o, i } of memFields) {
      const init = (o.decl as { init?: number }).init ?? 0;
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
    const roots = this.prog.roots.map((r) => `{label: ${goString(this.prog.units[r]!.label)}, body: w.u${r}}`);
    out.push(`\treturn setup{`);
    out.push(`\t\troots: []root{${roots.join(', ')}},`);
    out.push(`\t\tteardown: func() {`);
    for (const { o, i } of chanFields) if (o.decl.kind === 'chan' && !o.decl.nil) out.push(`\t\t\t${this.ops.shut(`w.o${i}`)}`);
    // Goroutines of an ended run still waiting on a cond wake and leave at their next step (those parked on a lock stay).
    for (const { o, i } of syncFields) if (o.decl.kind === 'cond') out.push(`\t\t\tw.o${i}.Broadcast()`);
    out.push('\t\t},');
    // Scenario.final: read by the driver once every thread has finished.
    const fin = finalReads(this.prog, 'w');
    if (fin.length > 0) out.push(`\t\tfinal: func() []interface{} { return []interface{}{${fin.map((f) => `${goString(f.name)}, int(${f.code})`).join(', ')}} },`);
    out.push('\t}', '}', '');
    for (const u of [...this.plans.keys()].sort((a, b) => a - b)) out.push(...new UnitGen(this, this.plans.get(u)!).emit(), '');
    return out.join('\n');
  }

  // Accessors for UnitGen.
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

/** What emitting a memory statement needs of a generator: its registers, objects and expressions. */
interface MemoryEmitter {
  reg(name: Name): string;
  mem(name: Name, kind: 'word' | 'atomic'): string;
  expr(e: Expr): GoExpr;
}

/** What emitting local control flow needs besides: lines, nested blocks, loops (each generator closes its own), temporaries. */
interface ControlEmitter extends MemoryEmitter {
  put(depth: number, line: string): void;
  block(body: readonly Stmt[], depth: number): void;
  /** A loop: its head line, its body, its closing brace (the unit generator adds a scheduling step at the head). */
  loop(head: string, body: readonly Stmt[], depth: number): void;
  t(): string;
}

/**
 * The statements both generators translate alike — let, if, the four loop
 * forms, break and continue, memory accesses — as Go lines; false for any
 * other statement, which the generator handles itself.
 */
function controlStatement(k: StmtKind, v: unknown, d: number, g: ControlEmitter): boolean {
  switch (k) {
    case 'let': {
      // Parallel assignment; x = x pairs change nothing (and go vet rejects them).
      const pairs = Object.entries(v as Record<Name, Expr>).filter(([n, e]) => !(typeof e === 'object' && e !== null && 'reg' in e && e.reg === n));
      if (pairs.length > 0) g.put(d, `${pairs.map(([n]) => g.reg(n)).join(', ')} = ${pairs.map(([, e]) => g.expr(e).code).join(', ')}`);
      return true;
    }
    case 'if': {
      const f = v as { cond: Expr; then: Stmt[]; else?: Stmt[] };
      g.put(d, `if ${truthy(g.expr(f.cond))} {`);
      g.block(f.then, d + 1);
      if (f.else && f.else.length > 0) {
        g.put(d, '} else {');
        g.block(f.else, d + 1);
      }
      g.put(d, '}');
      return true;
    }
    case 'for': {
      const f = v as { var: Name; from?: Expr; to: Expr; body: Stmt[] };
      const r = g.reg(f.var);
      g.loop(`for ${r} = ${g.expr(f.from ?? 0).code}; ${r} < ${g.expr(f.to).code}; ${r}++ {`, f.body, d);
      return true;
    }
    case 'repeat': {
      const f = v as { times: Expr; body: Stmt[] };
      const i = g.t();
      const n = g.t();
      g.loop(`for ${i}, ${n} := 0, ${g.expr(f.times).code}; ${i} < ${n}; ${i}++ {`, f.body, d);
      return true;
    }
    case 'while': {
      const f = v as { cond: Expr; body: Stmt[] };
      g.loop(`for ${truthy(g.expr(f.cond))} {`, f.body, d);
      return true;
    }
    case 'loop':
      g.loop('for {', v as Stmt[], d);
      return true;
    case 'break':
    case 'continue':
      g.put(d, k);
      return true;
    case 'load':
    case 'store':
    case 'atomicLoad':
    case 'atomicStore':
    case 'atomicAdd':
    case 'cas':
      g.put(d, memoryStatement(k, v, g));
      return true;
    default:
      return false;
  }
}

/**
 * A memory statement as one line of Go, shared by the unit generator and
 * the batched litmus generator: a `word` is a plain int read and written
 * with ordinary (deliberately racy) loads and stores, an `atomic` an int64
 * used only through sync/atomic (atomicAdd's into gets the new value,
 * cas's into the swapped bool).
 */
function memoryStatement(k: StmtKind, v: unknown, g: MemoryEmitter): string {
  switch (k) {
    case 'load': {
      const f = v as { from: Name; into: Name };
      return `${g.reg(f.into)} = ${g.mem(f.from, 'word')}`;
    }
    case 'store': {
      const f = v as { to: Name; value: Expr };
      return `${g.mem(f.to, 'word')} = ${g.expr(f.value).code}`;
    }
    case 'atomicLoad': {
      const f = v as { from: Name; into: Name };
      return `${g.reg(f.into)} = int(atomic.LoadInt64(&${g.mem(f.from, 'atomic')}))`;
    }
    case 'atomicStore': {
      const f = v as { to: Name; value: Expr };
      return `atomic.StoreInt64(&${g.mem(f.to, 'atomic')}, int64(${g.expr(f.value).code}))`;
    }
    case 'atomicAdd': {
      const f = v as { to: Name; delta: Expr; into?: Name };
      const call = `atomic.AddInt64(&${g.mem(f.to, 'atomic')}, int64(${g.expr(f.delta).code}))`;
      return f.into !== undefined ? `${g.reg(f.into)} = int(${call})` : call;
    }
    case 'cas': {
      const f = v as { on: Name; old: Expr; new: Expr; into?: Name };
      const call = `atomic.CompareAndSwapInt64(&${g.mem(f.on, 'atomic')}, int64(${g.expr(f.old).code}), int64(${g.expr(f.new).code}))`;
      return f.into !== undefined ? `${g.reg(f.into)} = ${call}` : call;
    }
    default:
      throw new Error(`${k} is not a memory statement`);
  }
}

/** The Go method of one code unit. */
class UnitGen {
  private readonly lines: string[] = [];
  private temps = 0;
  private readonly unit: CodeUnit;
  private readonly cur: Cursor;
  /** How many once bodies (func literals passed to Do) enclose the statement being emitted. */
  private onceDepth = 0;

  constructor(
    private readonly cg: CaseGen,
    private readonly plan: UnitPlan,
  ) {
    this.unit = cg.program.units[plan.unit]!;
    this.cur = new Cursor(this.unit);
  }

  private get ops(): ChanOps {
    return this.cg.chanOps;
  }

  t = (): string => `t${this.temps++}`;

  reg(name: Name): string {
    return `r${this.cg.slotOf(this.plan, name)}`;
  }

  private regType(name: Name): GoType {
    return this.cg.typeOfSlot(this.plan.unit, this.cg.slotOf(this.plan, name));
  }

  /** A channel operand: the unit's reference parameter, else the run's object. */
  private chan(name: Name): string {
    const r = this.unit.refNames.indexOf(name);
    if (r >= 0) return `p${r}`;
    const o = this.cg.program.objects.findIndex((x) => x.name === name);
    if (o < 0) throw new Error(`unknown channel ${name}`);
    return `w.o${o}`;
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
    // A cond's field is already a *sync.Cond; the others (sync objects, words, atomics) are values in the run's struct.
    return t === 'cond' ? `w.o${o}` : `&w.o${o}`;
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
    this.block(this.plan.body, 1);
    if (value && !endsList(this.plan.body)) this.put(1, `return ${zero(this.cg.resultType(u))}, false`);
    body.push(...this.lines);
    return [head, `func (w *${this.cg.typeName}) u${u}(${params.join(', ')})${result} {`, ...body, '}'];
  }

  block(body: readonly Stmt[], d: number): void {
    const { live, dead } = splitLive(body);
    for (const st of live) this.stmt(st, d);
    if (dead.length > 0) {
      this.put(d, `// ${dead.length} statement(s) after this never run; left out`);
      this.cur.skip(countUnitInstrs(dead));
    }
  }

  /** An expression in Go (also used by LitmusGen, whose registers are named alike). */
  expr(e: Expr): GoExpr {
    if (typeof e === 'number') {
      if (!Number.isSafeInteger(e)) throw new Unsupported(`${e} is not an integer Go and the model agree on`);
      return { code: e < 0 ? `(${e})` : String(e), type: 'int', konst: true };
    }
    if (typeof e === 'boolean') return { code: String(e), type: 'bool', konst: true };
    if ('reg' in e) return { code: this.reg(e.reg), type: this.regType(e.reg), konst: false };
    if ('len' in e) return { code: this.ops.len(this.chan(e.len)), type: 'int', konst: false };
    if ('cap' in e) return { code: this.ops.cap(this.chan(e.cap)), type: 'int', konst: false };
    if ('un' in e) {
      const x = this.expr(e.x);
      if (e.un === '-') return { code: `(-${x.code})`, type: 'int', konst: x.konst };
      return { code: `(!${truthy(x)})`, type: 'bool', konst: x.konst };
    }
    const l = this.expr(e.l);
    const r = this.expr(e.r);
    switch (e.bin) {
      case '/':
        return { code: `divI(${l.code}, ${r.code})`, type: 'int', konst: false };
      case '%':
        return { code: `modI(${l.code}, ${r.code})`, type: 'int', konst: false };
      case '+': case '-': case '*':
        if (l.konst && r.konst) return { code: `(ci(${l.code}) ${e.bin} ${r.code})`, type: 'int', konst: false };
        return { code: `(${l.code} ${e.bin} ${r.code})`, type: 'int', konst: false };
      case '&&': case '||':
        return { code: `(${truthy(l)} ${e.bin} ${truthy(r)})`, type: 'bool', konst: l.konst && r.konst };
      case '==': case '!=':
        if (l.type !== r.type) throw new Error(`comparison of ${l.type} with ${r.type}`);
        return { code: `(${l.code} ${e.bin} ${r.code})`, type: 'bool', konst: l.konst && r.konst };
      default:
        return { code: `(${l.code} ${e.bin} ${r.code})`, type: 'bool', konst: l.konst && r.konst };
    }
  }

  private stmt(st: Stmt, d: number): void {
    const k = stmtKind(st);
    const v = (st as Record<string, unknown>)[k];
    if (STEP_BEFORE.has(k)) this.put(d, 'g.step()');
    if (controlStatement(k, v, d, this)) return;
    switch (k) {
      case 'observe': {
        const args = Object.entries(v as Record<Name, Expr>).flatMap(([n, e]) => [goString(n), this.expr(e).code]);
        this.put(d, `g.observe(${args.join(', ')})`);
        return;
      }
      case 'send': {
        const f = v as { chan: Name; value: Expr };
        this.put(d, this.ops.send(this.chan(f.chan), this.expr(f.value).code));
        return;
      }
      case 'recv': {
        const f = v as RecvSpec;
        this.put(d, this.ops.recv(this.chan(f.chan), f.into !== undefined ? this.reg(f.into) : undefined, f.ok !== undefined ? this.reg(f.ok) : undefined));
        return;
      }
      case 'close':
        this.put(d, this.ops.close(this.chan(v as Name)));
        return;
      case 'range': {
        const f = v as { chan: Name; into?: Name; body: Stmt[] };
        const r = this.ops.range(this.chan(f.chan), f.into !== undefined ? this.reg(f.into) : undefined, this.t);
        this.put(d, r.head);
        for (const l of r.prologue) this.put(d + 1, l);
        this.loopBody(f.body, d);
        return;
      }
      case 'select':
        this.select(v as { cases: SelectCase[]; default?: Stmt[] }, d);
        return;
      case 'go': {
        const t = v as GoTarget;
        const instr = this.cur.next('go');
        const label = goString(instr.label);
        const { temps, call } = 'proc' in t ? this.spawnArgs(t.proc, t.args ?? {}, instr.unit) : this.captured(instr.unit, instr.captures!, 'ng');
        if (temps.length === 0) {
          this.put(d, `g.spawn(${label}, w.u${instr.unit})`);
          return;
        }
        this.put(d, '{');
        this.put(d + 1, `${temps.map(([n]) => n).join(', ')} := ${temps.map(([, c]) => c).join(', ')}`);
        this.put(d + 1, `g.spawn(${label}, func(ng *gor) { ${call} })`);
        this.put(d, '}');
        return;
      }
      case 'call': {
        const f = v as { proc: Name; args?: Record<Name, Expr>; into?: Name };
        const instr = this.cur.next('call');
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
        return;
      }
      case 'return': {
        const e = v as Expr | null;
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
        return;
      }
      case 'defer': {
        const instr = this.cur.next('defer');
        const { temps, call } = this.captured(instr.unit, instr.captures, 'g');
        if (temps.length === 0) {
          this.put(d, `defer g.deferred(func() { ${call} })`);
          return;
        }
        this.put(d, '{');
        this.put(d + 1, `${temps.map(([n]) => n).join(', ')} := ${temps.map(([, c]) => c).join(', ')}`);
        this.put(d + 1, `defer g.deferred(func() { ${call} })`);
        this.put(d, '}');
        return;
      }
      case 'gosched':
        this.put(d, 'runtime.Gosched()');
        return;
      case 'sleep':
        this.put(d, `time.Sleep(${v as number})`);
        return;
      case 'panic':
        this.put(d, `panic(${goString(String(v))})`);
        return;
      // sync: the standard library's own types, fields of the run (a cond made over its Locker).
      case 'lock':
        this.put(d, `${this.syncObj(v as Name)}.Lock()`);
        return;
      case 'unlock':
        this.put(d, `${this.syncObj(v as Name)}.Unlock()`);
        return;
      case 'rlock':
        this.put(d, `${this.syncObj(v as Name)}.RLock()`);
        return;
      case 'runlock':
        this.put(d, `${this.syncObj(v as Name)}.RUnlock()`);
        return;
      case 'trylock':
      case 'tryrlock': {
        const f = v as { mutex: Name; into: Name };
        this.put(d, `${this.reg(f.into)} = ${this.syncObj(f.mutex)}.${k === 'trylock' ? 'TryLock' : 'TryRLock'}()`);
        return;
      }
      case 'add': {
        const f = v as { wg: Name; delta: Expr };
        this.put(d, `${this.syncObj(f.wg)}.Add(${this.expr(f.delta).code})`);
        return;
      }
      case 'done':
        this.put(d, `${this.syncObj(v as Name)}.Done()`);
        return;
      case 'wait':
        this.put(d, `${this.syncObj(v as Name)}.Wait()`);
        return;
      case 'once': {
        // f is a func literal: it shares the registers, as the model's inline body does; its return ends f.
        const f = v as { once: Name; body: Stmt[] };
        this.put(d, `${this.syncObj(f.once)}.Do(func() {`);
        this.onceDepth++;
        this.block(f.body, d + 1);
        this.onceDepth--;
        this.put(d, '})');
        return;
      }
      case 'condwait':
        this.put(d, `${this.syncObj(v as Name)}.Wait()`);
        return;
      case 'signal':
        this.put(d, `${this.syncObj(v as Name)}.Signal()`);
        return;
      case 'broadcast':
        this.put(d, `${this.syncObj(v as Name)}.Broadcast()`);
        return;
      default:
        throw new Unsupported(`statement ${k} is not generated`);
    }
  }

  /** A loop's body: a step first (driver.go.txt: ended runs leave, jitter), then the statements. */
  /** A loop: a scheduling step opens every iteration, so that runs can interleave there. */
  loop(head: string, body: readonly Stmt[], d: number): void {
    this.put(d, head);
    this.loopBody(body, d);
  }

  private loopBody(body: readonly Stmt[], d: number): void {
    const first = body[0];
    if (first === undefined || !STEP_BEFORE.has(stmtKind(first))) this.put(d + 1, 'g.step()');
    this.block(body, d + 1);
    this.put(d, '}');
  }

  private select(f: { cases: SelectCase[]; default?: Stmt[] }, d: number): void {
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
          : this.ops.selectRecv(this.chan(c.recv.chan), c.recv.into !== undefined ? this.reg(c.recv.into) : undefined, c.recv.ok !== undefined ? this.reg(c.recv.ok) : undefined, this.t);
      this.put(d, head.head);
      for (const l of head.prologue) this.put(d + 1, l);
      this.block(c.body ?? [], d + 1);
    });
    if (f.default !== undefined) {
      this.put(d, 'default:');
      this.block(f.default, d + 1);
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

function truthy(x: GoExpr): string {
  return x.type === 'bool' ? x.code : `(${x.code} != 0)`;
}

function zero(t: GoType): string {
  return t === 'bool' ? 'false' : '0';
}

/** The case's GOMAXPROCS as a Go int literal: a positive integer, or 0 for the machine's. */
function goMaxProcs(s: Scenario): number {
  const n = s.gomaxprocs;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 1024 ? n : 0;
}

// ---------------------------------------------------------------------------
// The batched litmus path (driver.go.txt's header says how it runs).
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

/** Statements a thread on the batched litmus path may hold. */
const BATCHABLE: ReadonlySet<StmtKind> = new Set<StmtKind>([
  'let', 'if', 'observe', 'load', 'store', 'atomicLoad', 'atomicStore', 'atomicAdd', 'cas',
  'for', 'repeat', 'while', 'loop', 'break', 'continue', 'gosched',
]);

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

/** The expressions a statement evaluates itself (not those of nested statements). */
function ownExprs(k: StmtKind, v: unknown): Expr[] {
  const f = v as Record<string, unknown>;
  switch (k) {
    case 'let':
    case 'observe':
      return Object.values(f as Record<Name, Expr>);
    case 'if':
    case 'while':
      return [f.cond as Expr];
    case 'for':
      return [(f.from ?? 0) as Expr, f.to as Expr];
    case 'repeat':
      return [f.times as Expr];
    case 'store':
    case 'atomicStore':
      return [f.value as Expr];
    case 'atomicAdd':
      return [f.delta as Expr];
    case 'cas':
      return [f.old as Expr, f.new as Expr];
    default:
      return [];
  }
}

/**
 * Why this scenario cannot take the batched litmus path, or null when it
 * can (the rule is in the section's header).
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
        const v = (st as Record<string, unknown>)[k];
        if (k === 'call') {
          // A procedure call is inlined: its body must be batchable, it returns nothing, it takes words, atomics and values.
          const c = v as { proc: Name; into?: Name };
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
        if (!BATCHABLE.has(k)) {
          why = `thread ${JSON.stringify(label)} has a ${k} statement`;
          return;
        }
        for (const e of ownExprs(k, v)) {
          const b = exprBlocker(e);
          if (b !== null) {
            why = `thread ${JSON.stringify(label)} uses ${b}`;
            return;
          }
        }
        switch (k) {
          case 'observe': {
            if (inLoop) {
              why = `thread ${JSON.stringify(label)} observes inside a loop`;
              return;
            }
            for (const name of Object.keys(v as Record<Name, Expr>)) {
              slots++;
              const other = observer.get(name);
              if (other !== undefined && other !== label) {
                why = `${JSON.stringify(name)} is observed by threads ${JSON.stringify(other)} and ${JSON.stringify(label)}`;
                return;
              }
              observer.set(name, label);
            }
            break;
          }
          default:
            // An if's arms, or a loop's body (observing inside a loop is ruled out above).
            for (const b of children(st)) walk(b, inLoop || k !== 'if');
            break;
        }
      }
    };
    walk(body, false);
    if (why !== null) return why;
    if (slots > MAX_SLOTS) return `thread ${JSON.stringify(label)} observes ${slots} values, more than ${MAX_SLOTS}`;
  }
  return null;
}

/** Scenario.final's reads as Go expressions on the cell or case struct `base` (an int64 for an atomic, an int for a word). */
function finalReads(prog: Program, base: string): { name: Name; code: string }[] {
  return prog.final.map((i) => {
    const o = prog.objects[i];
    if (o === undefined) throw new Error(`final names an unknown object (index ${i})`);
    if (o.decl.kind === 'word') return { name: o.name, code: `${base}.o${i}` };
    if (o.decl.kind === 'atomic') return { name: o.name, code: `atomic.LoadInt64(&${base}.o${i})` };
    throw new Unsupported(`final reads ${JSON.stringify(o.name)}, a ${o.decl.kind}; only words and atomics have a final value`);
  });
}

/** The batched litmus translation of one case (run once CaseGen has typed its registers). */
class LitmusGen {
  private lines: string[] = [];
  private temps = 0;
  /** This thread's observation slots, in source order. */
  private slots: { name: Name; isBool: boolean }[] = [];
  private ug: UnitGen | undefined;
  private plan: UnitPlan | undefined;
  /** The calls of the unit being emitted, in source order (model/compile.ts's code). */
  private cur: Cursor | undefined;

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
      const init = (o.decl as { init?: number }).init ?? 0;
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
    this.cur = new Cursor(unit);
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
    this.block(this.plan.body, 2);
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

  block(body: readonly Stmt[], d: number): void {
    const { live, dead } = splitLive(body);
    for (const st of live) this.stmt(st, d);
    if (dead.length > 0) {
      this.put(d, `// ${dead.length} statement(s) after this never run; left out`);
      this.cur!.skip(countUnitInstrs(dead));
    }
  }

  t(): string {
    return `t${this.temps++}`;
  }

  /**
   * A procedure call, inlined as a Go block: its value parameters and
   * registers are the block's own variables (shadowing the caller's), its
   * word and atomic parameters pointers through litAlias (driver.go.txt),
   * so that two parameters naming one word alias only at run time.
   */
  private inline(call: { proc: Name; args?: Record<Name, Expr> }, d: number): void {
    const instr = this.cur!.next('call');
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
    const saved = { plan: this.plan, ug: this.ug, cur: this.cur };
    this.put(d, `{ // inlined ${goString(call.proc)}`);
    for (const b of bound) this.put(d + 1, b);
    if (bound.length > 0) this.put(d + 1, `${bound.map(() => '_').join(', ')} = ${bound.map((b) => b.split(' := ')[0]).join(', ')}`);
    this.plan = callee;
    this.ug = new UnitGen(this.cg, callee);
    this.cur = new Cursor(unit);
    const locals: Record<GoType, string[]> = { int: [], bool: [] };
    unit.regNames.forEach((n, s) => {
      if (!isHidden(n) && !callee.paramRegs.includes(s)) locals[this.cg.typeOfSlot(instr.unit, s)].push(`r${s}`);
    });
    for (const t of ['int', 'bool'] as const) {
      if (locals[t].length === 0) continue;
      this.put(d + 1, `var ${locals[t].join(', ')} ${t}`);
      this.put(d + 1, `${locals[t].map(() => '_').join(', ')} = ${locals[t].join(', ')}`);
    }
    this.block(callee.body, d + 1);
    this.put(d, '}');
    ({ plan: this.plan, ug: this.ug, cur: this.cur } = saved);
  }

  loop(head: string, body: readonly Stmt[], d: number): void {
    this.put(d, head);
    this.block(body, d + 1);
    this.put(d, '}');
  }

  private stmt(st: Stmt, d: number): void {
    const k = stmtKind(st);
    const v = (st as Record<string, unknown>)[k];
    if (controlStatement(k, v, d, this)) return;
    switch (k) {
      case 'observe':
        for (const [name, e] of Object.entries(v as Record<Name, Expr>)) {
          const x = this.expr(e);
          const j = this.slots.length;
          this.slots.push({ name, isBool: x.type === 'bool' });
          this.put(d, x.type === 'bool' ? `v${j} = b2i(${x.code})` : `v${j} = int64(${x.code})`);
          this.put(d, `m |= 1 << ${j}`);
        }
        return;
      case 'gosched':
        this.put(d, 'runtime.Gosched()');
        return;
      case 'call':
        this.inline(v as { proc: Name; args?: Record<Name, Expr> }, d);
        return;
      default:
        // litmusBatchBlocker lets nothing else through.
        throw new Error(`${k} on the batched litmus path`);
    }
  }

}
