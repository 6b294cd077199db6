// The scenario IR: the one language every part of gospec speaks.
//
// A scenario is plain data. The same shape is written in corpus/*.yaml (where
// expressions may also be written as strings such as "v + 1", parsed by
// model/expr.ts when the loader reads them), built by the fast-check
// arbitraries in properties/arbitraries/, and sent as JSON to external
// implementations over the JSON-lines protocol.
//
// Statements are single-key records, the key naming the operation:
//   - send: { chan: c, value: 1 }
//   - recv: { chan: c, into: v, ok: ok }
//   - close: c
// Every name that a statement uses for an object (`chan`, `mutex`, ...) is
// either a declared object of the scenario or a reference parameter of the
// enclosing procedure. Every other name is a goroutine-local register.
//
// Invariants a well-formed scenario keeps (checked by the loader, relied on
// by model/compile.ts):
//   1. exactly one of `main` and `goroutines` is given;
//   2. every object name a statement uses resolves, with the right kind;
//   3. every `call`/`go` names a declared procedure and binds every parameter;
//   4. `break` appears inside a loop or a select case (it ends the innermost
//      for or select, as in Go), `continue` inside a loop, `return` anywhere;
//   5. observation names avoid the outcome's reserved keys (OUTCOME_KEYS).

/** A name: of an object, a procedure, a parameter, a register or an observation. */
export type Name = string;

/** The values a scenario computes with: Go ints (as safe JS integers) and bools. */
export type Value = number | boolean;

/** A value (or a missing one) as a state key writes it: ints as digits, `t`, `f`, `n` for null, nothing for undefined. */
export function valueKey(v: Value | null | undefined): string {
  return v === true ? 't' : v === false ? 'f' : v === null ? 'n' : v === undefined ? '' : String(v);
}

/** Conformance level (docs/design.md, "Levels: spec and gc"): what the Go spec allows, or what gc also guarantees. */
export type Level = 'spec' | 'gc';

// ---------------------------------------------------------------------------
// Objects

export type ObjectDecl =
  /** `make(chan int, cap)`; `nil: true` is a channel variable left nil. */
  | { kind: 'chan'; cap?: number; nil?: boolean }
  /** A plain shared memory word (racy accesses are the memory model's business). */
  | { kind: 'word'; init?: number }
  /** A word accessed only through sync/atomic. */
  | { kind: 'atomic'; init?: number }
  | { kind: 'mutex' }
  | { kind: 'rwmutex' }
  | { kind: 'waitgroup' }
  | { kind: 'once' }
  /** sync.NewCond(lock): `lock` names a mutex or rwmutex object. */
  | { kind: 'cond'; lock: Name }
  /**
   * `t := time.NewTimer(ns)` as main's first statement (model/time.ts): a
   * timer made at time zero, whose channel `recv`, `select` and `range`
   * read by the timer's name (Go's t.C); `stop` and `reset` act on it.
   */
  | { kind: 'timer'; ns: number }
  /** `k := time.NewTicker(ns)` at time zero (ns > 0): its channel is read by the ticker's name; `stop` and `reset` act on it. */
  | { kind: 'ticker'; ns: number }
  /** `c := time.After(ns)` at time zero: a timer's channel alone, with no handle to stop or reset it. */
  | { kind: 'after'; ns: number }
  /**
   * `t := time.AfterFunc(ns, proc)` at time zero: when it fires, the
   * procedure `proc` (which takes no parameters) runs in a goroutine of its
   * own, labelled with its name; `stop` and `reset` act on it. It has no
   * channel.
   */
  | { kind: 'afterfunc'; ns: number; proc: Name };

export type ObjectKind = ObjectDecl['kind'];

/** Types of procedure parameters: values, or references to objects. */
export type ParamType = 'int' | 'bool' | ObjectKind;

export const REF_TYPES: readonly ObjectKind[] = [
  'chan', 'word', 'atomic', 'mutex', 'rwmutex', 'waitgroup', 'once', 'cond', 'timer', 'ticker', 'after', 'afterfunc',
];

/** The object kinds with a channel a goroutine receives from by the object's name: a timer's, a ticker's, time.After's. */
export const TIMER_KINDS = ['timer', 'ticker', 'after'] as const;

export type TimerKind = (typeof TIMER_KINDS)[number];

/** The object kinds the clock runs (model/time.ts): those with a channel, and time.AfterFunc's timer. */
export const CLOCK_KINDS = [...TIMER_KINDS, 'afterfunc'] as const;

export type ClockKind = (typeof CLOCK_KINDS)[number];

export function isClockKind(k: string): k is ClockKind {
  return (CLOCK_KINDS as readonly string[]).includes(k);
}

export function isTimerKind(k: string): k is TimerKind {
  return (TIMER_KINDS as readonly string[]).includes(k);
}

export interface Proc {
  /** Parameters in order; reference parameters bind to objects, int/bool ones to values. */
  params?: Record<Name, ParamType>;
  body: Stmt[];
}

/**
 * An argument: for a reference parameter, the name of an object (or of the
 * caller's reference parameter); for an int/bool parameter, an expression.
 */
export type Arg = Expr;

// ---------------------------------------------------------------------------
// Expressions (small integer and boolean expressions over registers)

export type BinOp =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '&&' | '||';

export type UnOp = '-' | '!';

export type Expr =
  | number
  | boolean
  /** A register or an int/bool parameter. */
  | { reg: Name }
  | { un: UnOp; x: Expr }
  | { bin: BinOp; l: Expr; r: Expr }
  /** len(c) and cap(c) of a channel: 0 for a nil channel. */
  | { len: Name }
  | { cap: Name };

// ---------------------------------------------------------------------------
// Statements

export type Call = { proc: Name; args?: Record<Name, Arg> };

/** What a `go` statement starts: a procedure, or an inline body (a closure
 * that receives a copy of the parent's registers, as if passed by value). */
export type GoTarget = Call | { body: Stmt[]; name?: Name };

export type RecvSpec = { chan: Name; into?: Name; ok?: Name };
export type SendSpec = { chan: Name; value: Expr };

export type SelectCase =
  | { send: SendSpec; body?: Stmt[] }
  | { recv: RecvSpec; body?: Stmt[] };

export type Stmt =
  // goroutines and procedures
  | { go: GoTarget }
  | { call: Call & { into?: Name } }
  | { return: Expr | null }
  /** defer a single statement (a call, close, unlock, done, ...); the
   * registers it reads are captured when the defer runs, as Go evaluates a
   * deferred call's arguments; deferred statements run LIFO at return. */
  | { defer: Stmt }
  // registers and control flow
  | { let: Record<Name, Expr> }
  | { if: { cond: Expr; then: Stmt[]; else?: Stmt[] } }
  /** for var := from; var < to; var++ { body } */
  | { for: { var: Name; from?: Expr; to: Expr; body: Stmt[] } }
  | { repeat: { times: Expr; body: Stmt[] } }
  /** for cond { body } */
  | { while: { cond: Expr; body: Stmt[] } }
  /** for { body } */
  | { loop: Stmt[] }
  | { break: null }
  | { continue: null }
  // channels
  | { send: SendSpec }
  | { recv: RecvSpec }
  | { close: Name }
  /** for v := range c { body } */
  | { range: { chan: Name; into?: Name; body: Stmt[] } }
  /** `default: []` is an empty default case (YAML's `default:` alone is null). */
  | { select: { cases: SelectCase[]; default?: Stmt[] } }
  // scheduling and time
  | { gosched: null }
  /**
   * Runs `body` and records how long it took under `name` (Go: time.Now
   * before, time.Since after). A measurement, not an observation: it is no
   * part of the outcome. The model bounds it (model/explore/measure.ts) and
   * a real run reports its distribution against that bound.
   */
  | { measure: { name: Name; body: Stmt[] } }
  /** time.Sleep(ns) in virtual time. */
  | { sleep: number }
  /** t.Stop() of a timer (`into` gets whether it stopped it before it fired) or k.Stop() of a ticker (no result). */
  | { stop: { timer: Name; into?: Name } }
  /** t.Reset(ns) of a timer (`into` gets Reset's result, as Stop's) or k.Reset(ns) of a ticker (no result; ns > 0). */
  | { reset: { timer: Name; ns: number; into?: Name } }
  /** panic(text). The first panic ends the program; deferred statements are
   * not run on the way out (Go runs them, but the process dies with the
   * panic either way, so no outcome of ours can tell). */
  | { panic: string }
  /** Record values in the outcome under the given names. */
  | { observe: Record<Name, Expr> }
  // sync primitives (model/sync/)
  | { lock: Name }
  | { unlock: Name }
  | { trylock: { mutex: Name; into: Name } }
  | { rlock: Name }
  | { runlock: Name }
  | { tryrlock: { mutex: Name; into: Name } }
  | { add: { wg: Name; delta: Expr } }
  | { done: Name }
  | { wait: Name }
  | { once: { once: Name; body: Stmt[] } }
  | { condwait: Name }
  | { signal: Name }
  | { broadcast: Name }
  // memory: plain words and sync/atomic (model/memory/)
  | { load: { from: Name; into: Name } }
  | { store: { to: Name; value: Expr } }
  | { atomicLoad: { from: Name; into: Name } }
  | { atomicStore: { to: Name; value: Expr } }
  | { atomicAdd: { to: Name; delta: Expr; into?: Name } }
  | { cas: { on: Name; old: Expr; new: Expr; into?: Name } };

/** Every statement key, for the loader and for exhaustive switches. */
export const STMT_KINDS = [
  'go', 'call', 'return', 'defer', 'let', 'if', 'for', 'repeat', 'while', 'loop',
  'break', 'continue', 'send', 'recv', 'close', 'range', 'select', 'gosched', 'measure',
  'sleep', 'stop', 'reset', 'panic', 'observe', 'lock', 'unlock', 'trylock', 'rlock', 'runlock',
  'tryrlock', 'add', 'done', 'wait', 'once', 'condwait', 'signal', 'broadcast',
  'load', 'store', 'atomicLoad', 'atomicStore', 'atomicAdd', 'cas',
] as const;

export type StmtKind = (typeof STMT_KINDS)[number];

/** The payload of a statement of kind K: `StmtPayload<'send'>` is `SendSpec`. */
export type StmtPayload<K extends StmtKind> = Extract<Stmt, { [P in K]: unknown }>[K];

/**
 * A function per statement kind, each given its kind's payload: code that
 * handles statements through a visitor is told by the type checker about
 * every kind it misses, so a new kind lists the places it must be handled.
 */
export type StmtVisitor<R> = { readonly [K in StmtKind]: (payload: StmtPayload<K>) => R };

/** Calls the visitor's function for the statement's kind, with its payload. */
export function visitStmt<R>(s: Stmt, v: StmtVisitor<R>): R {
  const k = stmtKind(s);
  return (v[k] as (payload: unknown) => R)((s as Record<string, unknown>)[k]);
}

const none = (): readonly (readonly Stmt[])[] => [];
const CHILDREN: StmtVisitor<readonly (readonly Stmt[])[]> = {
  go: (t) => ('body' in t ? [t.body] : []),
  call: none,
  return: none,
  defer: (st) => [[st]],
  let: none,
  if: (f) => [f.then, f.else ?? []],
  for: (f) => [f.body],
  repeat: (f) => [f.body],
  while: (f) => [f.body],
  loop: (body) => [body],
  break: none,
  continue: none,
  send: none,
  recv: none,
  close: none,
  range: (f) => [f.body],
  select: (f) => [...f.cases.map((c) => c.body ?? []), f.default ?? []],
  gosched: none,
  measure: (f) => [f.body],
  sleep: none,
  stop: none,
  reset: none,
  panic: none,
  observe: none,
  lock: none,
  unlock: none,
  trylock: none,
  rlock: none,
  runlock: none,
  tryrlock: none,
  add: none,
  done: none,
  wait: none,
  once: (f) => [f.body],
  condwait: none,
  signal: none,
  broadcast: none,
  load: none,
  store: none,
  atomicLoad: none,
  atomicStore: none,
  atomicAdd: none,
  cas: none,
};

/** The statement lists nested in s: if arms, loop bodies, select cases and default, once and go bodies, a deferred statement. */
export function children(s: Stmt): readonly (readonly Stmt[])[] {
  return visitStmt(s, CHILDREN);
}

/** The operation a statement performs: its single key. */
export function stmtKind(s: Stmt): StmtKind {
  const keys = Object.keys(s);
  if (keys.length !== 1) throw new Error(`statement must have exactly one key, has ${keys.join(', ') || 'none'}`);
  return keys[0] as StmtKind;
}

// ---------------------------------------------------------------------------
// Expectations and outcomes as a case writes them

/**
 * One outcome as written in a case. Keys other than the reserved ones are
 * observation names; a scalar stands for a name observed once, a list for a
 * name observed several times, in order.
 *   { r1: 1, r2: 0 }                                          ended ok
 *   { end: deadlock }
 *   { end: panic, message: send on closed channel, goroutine: main }
 *   { got: [1, 2], parked: [worker], leaked: [worker] }
 *        main returned with `worker` parked, and run on without main no
 *        schedule lets `worker` finish: it stays blocked for ever
 *   { m: 1, spinning: [poller] }  `poller` runs for ever without finishing
 */
export type OutcomeSpec = Record<string, Value | Value[] | string | string[]>;

export const OUTCOME_KEYS = ['end', 'message', 'goroutine', 'parked', 'leaked', 'spinning'] as const;

export interface Expectation {
  /** The full set of allowed outcomes; the explorer must compute exactly this set. */
  allowed?: OutcomeSpec[];
  /** Partial outcomes no allowed outcome may match. */
  forbidden?: OutcomeSpec[];
  /** Every outcome ends this way. */
  verdict?: 'ok' | 'deadlock' | { panic: string };
  /**
   * A litmus test's question, in herd's three kinds: `allowed` (exists: some
   * allowed outcome matches `outcome`), `forbidden` (~exists: none does),
   * `required` (forall: every one does). `outcome` is partial, matched like
   * `forbidden` entries. The explorer answers it; the answer must agree.
   */
  question?: { kind: 'allowed' | 'forbidden' | 'required'; outcome: OutcomeSpec };
  /**
   * Whether the program has a data race (model/memory/race.ts): two
   * conflicting plain accesses unordered by happens-before in some
   * sequentially consistent execution. Checked against the explorer.
   */
  racy?: boolean;
  /**
   * Whether some run leaks a goroutine: run on after main's return, it
   * never finishes, blocked for ever (`leaked`) or running for ever
   * (`spinning`). `false` is the gate a fixed program passes. Checked
   * against the explorer.
   */
  leaks?: boolean;
  /** Exploration statistics, checked against the explorer. */
  explored?: { states?: number; transitions?: number; maxDepth?: number };
  /**
   * By `measure` name, the longest the body takes in ns at the gc level
   * when steps take no time (model/explore/measure.ts): checked against
   * the explorer; a real run's measured distribution is reported against
   * it, with a documented tolerance, never asserted.
   */
  bounds?: Record<Name, number>;
}

export interface Scenario {
  name: Name;
  /** The case as a small story in plain words. */
  story?: string;
  /** The conformance level the expectation is stated at (default spec). */
  level?: Level;
  /** The Go version that introduced a gc-level behaviour the case relies on. */
  since?: string;
  /**
   * The language version the case is written for, "1.N": the `go` line of
   * the go.mod a real toolchain builds it under, which selects semantics
   * (per-iteration loop variables from 1.22, synchronous timer channels
   * from 1.23). Absent: the toolchain's own version. A toolchain older than
   * this does not run the case (it is skipped, with the reason).
   */
  goVersion?: string;
  /**
   * GOMAXPROCS a real runtime runs the case with (default: the machine's,
   * 2 on CI). The model's outcome set does not depend on it at this level:
   * any interleaving is allowed whatever the number of processors.
   */
  gomaxprocs?: number;
  refs?: string[];
  objects?: Record<Name, ObjectDecl>;
  procs?: Record<Name, Proc>;
  /** A Go program's main: the program ends when main returns. */
  main?: Stmt[];
  /**
   * Litmus form: threads started together; the program ends when every
   * thread has finished (goroutines they started and that are still parked
   * then are leaked), as a Go main that waits for the threads and returns.
   */
  goroutines?: Record<Name, Stmt[]>;
  /**
   * Litmus form only: words and atomics read once every thread has finished
   * (the harness's main joins the threads, then reads), observed under their
   * own names, as herd's final-state conditions (`x=1 /\ y=1`). A plain
   * word's final read may see any write no other write happens after.
   */
  final?: Name[];
  expect?: Expectation;
  /** Skips are data, counted in reports. */
  status?: 'skip';
  reason?: string;
  /** Implementations (adapter names) that cannot run this case, with `reason`. */
  unsupportedBy?: string[];
}
