// The meaning checks of a corpus case: the well-formedness invariants of
// model/ir.ts (names resolve to objects of the right kind, procedures get
// every parameter, break and continue sit where Go allows them, observation
// names avoid the outcome's keys and the `final` names), the litmus `final`
// reads (declared words or atomics) and the expectation's outcome keys. They
// run after corpus/schema.ts has checked the shape, and report plain-words
// issues at field paths, as the schema does.

import type { Call, Expr, Name, ObjectKind, OutcomeSpec, Scenario, Stmt } from '../model/ir.ts';
import { children, isClockKind, isTimerKind, OUTCOME_KEYS, stmtKind, TIMER_KINDS, visitStmt } from '../model/ir.ts';
import { ENDS, outcomeSpecIssues, specObservations } from '../model/outcome.ts';
import { exprObjects } from '../model/expr.ts';
import type { CaseIssue, IssuePath } from './issues.ts';
import { describeValue, didYouMean } from './issues.ts';


/** What each object-naming field of a statement must name. */
const KIND_WORDS: Record<ObjectKind, string> = {
  chan: 'channel', word: 'word', atomic: 'atomic', mutex: 'mutex', rwmutex: 'rwmutex',
  waitgroup: 'waitgroup', once: 'once', cond: 'cond', timer: 'timer', ticker: 'ticker', after: 'after',
  afterfunc: 'afterfunc',
};
const CHAN: readonly ObjectKind[] = ['chan'];
/** What a receive may read: a channel, or a timer's, ticker's or time.After's channel (t.C). */
const RECEIVABLE: readonly ObjectKind[] = ['chan', ...TIMER_KINDS];
/** What Stop and Reset act on (time.After gives no handle). */
const STOPPABLE: readonly ObjectKind[] = ['timer', 'ticker', 'afterfunc'];
const withArticle = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
const LOCKER: readonly ObjectKind[] = ['mutex', 'rwmutex'];

interface Scope {
  /** Declared objects, then the enclosing procedure's reference parameters over them. */
  readonly objects: ReadonlyMap<Name, ObjectKind>;
  /** Whether a loop encloses the statement within its function (`continue` needs one). */
  readonly inLoop: boolean;
  /** Whether a loop or a select case does (`break` ends the innermost of them, as in Go). */
  readonly breakable: boolean;
  /** Whether the statement is in a once body, which the model runs inline as a func() (no defer, no return value). */
  readonly inOnce?: boolean;
}

class Checker {
  readonly issues: CaseIssue[] = [];
  /** Every observation name some `observe` statement records. */
  readonly observed = new Set<Name>();
  /** The names `final` reads after the threads finish; outcomes carry them as observations. */
  readonly finals: ReadonlySet<Name>;

  constructor(private readonly s: Scenario) {
    this.finals = new Set(s.final ?? []);
  }

  report(path: IssuePath, message: string, at?: 'key'): void {
    this.issues.push(at ? { path, message, at } : { path, message });
  }

  /** `name` must resolve to an object of one of `kinds`. */
  object(name: Name, kinds: readonly ObjectKind[], path: IssuePath, scope: Scope, use: string): void {
    const kind = scope.objects.get(name);
    const words = kinds.map((k) => KIND_WORDS[k]);
    const want = words.length > 2 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words.join(' or ');
    if (kind === undefined) {
      const candidates = [...scope.objects].filter(([, k]) => kinds.includes(k)).map(([n]) => n);
      this.report(path, `unknown ${want} ${JSON.stringify(name)}${didYouMean(name, candidates, '"')}`);
    } else if (!kinds.includes(kind)) {
      this.report(path, `${JSON.stringify(name)} is ${withArticle(KIND_WORDS[kind])}, but ${use} needs ${withArticle(want)}`);
    }
  }

  /** An afterfunc's procedure: one the case declares, taking no parameters (time.AfterFunc takes a func()). */
  afterFunc(procName: Name, path: IssuePath): void {
    const proc = this.s.procs?.[procName];
    if (proc === undefined) {
      this.report(path, `unknown procedure ${JSON.stringify(procName)}${didYouMean(procName, Object.keys(this.s.procs ?? {}), '"')}`);
    } else if (Object.keys(proc.params ?? {}).length > 0) {
      this.report(path, `${procName} takes parameters, but time.AfterFunc runs a func(): give it a procedure without \`params\``);
    }
  }

  /** A receive from a timer's channel gets a time, which no register holds and no outcome observes: no `into`, no `ok`. */
  timeValue(x: { chan: Name; into?: Name; ok?: Name }, at: IssuePath, scope: Scope): void {
    const kind = scope.objects.get(x.chan);
    if (kind === undefined || !isTimerKind(kind)) return;
    for (const f of ['into', 'ok'] as const) {
      if (x[f] !== undefined) this.report([...at, f], `${JSON.stringify(x.chan)} is ${withArticle(KIND_WORDS[kind])}: its channel carries a time.Time, which a case does not observe; drop \`${f}\``, 'key');
    }
  }

  expr(e: Expr, path: IssuePath, scope: Scope): void {
    for (const c of exprObjects(e)) this.object(c, RECEIVABLE, path, scope, 'len/cap');
  }

  body(stmts: readonly Stmt[], path: IssuePath, scope: Scope): void {
    stmts.forEach((st, i) => this.stmt(st, [...path, i], scope));
  }

  call(c: Call, path: IssuePath, scope: Scope): void {
    const proc = this.s.procs?.[c.proc];
    if (proc === undefined) {
      const hint = didYouMean(c.proc, Object.keys(this.s.procs ?? {}), '"');
      this.report([...path, 'proc'], `unknown procedure ${JSON.stringify(c.proc)}${hint}`);
      return;
    }
    const params = proc.params ?? {};
    const args = c.args ?? {};
    for (const [p, type] of Object.entries(params)) {
      const arg = args[p];
      if (arg === undefined) {
        this.report(c.args ? [...path, 'args'] : path, `${c.proc} needs an argument for parameter \`${p}\` (${type})`);
      } else if (type === 'int' || type === 'bool') {
        this.expr(arg, [...path, 'args', p], scope);
      } else if (typeof arg === 'object' && 'reg' in arg) {
        this.object(arg.reg, [type], [...path, 'args', p], scope, `parameter \`${p}\` of ${c.proc}`);
      } else {
        this.report([...path, 'args', p], `parameter \`${p}\` of ${c.proc} is ${withArticle(KIND_WORDS[type])}: pass the name of one`);
      }
    }
    for (const a of Object.keys(args)) {
      if (!Object.hasOwn(params, a)) {
        this.report([...path, 'args', a], `${c.proc} has no parameter \`${a}\`${didYouMean(a, Object.keys(params))}`, 'key');
      }
    }
  }

  stmt(st: Stmt, path: IssuePath, scope: Scope): void {
    const k = stmtKind(st);
    const at: IssuePath = [...path, k];
    const inLoop: Scope = { ...scope, inLoop: true, breakable: true };
    const inSelect: Scope = { ...scope, breakable: true };
    // Closures (go bodies, once bodies, deferred statements) are functions of their own: no enclosing loop.
    const inClosure: Scope = { ...scope, inLoop: false, breakable: false, inOnce: false };
    const obj = (n: Name, kinds: readonly ObjectKind[], p: IssuePath = at): void => this.object(n, kinds, p, scope, `\`${k}\``);
    const ex = (e: Expr | undefined, field: string): void => {
      if (e !== undefined) this.expr(e, [...at, field], scope);
    };
    // A statement whose only field names an object of one of these kinds.
    const names = (kinds: readonly ObjectKind[]) => (n: Name): void => obj(n, kinds);
    const nothing = (): void => {};
    visitStmt<void>(st, {
      go: (g) => {
        if ('proc' in g) this.call(g, at, scope);
        else this.body(g.body, [...at, 'body'], inClosure);
      },
      call: (c) => this.call(c, at, scope),
      return: (e) => {
        if (e !== null && scope.inOnce) this.report(at, 'a once body is a func(): its `return` takes no value');
        if (e !== null) this.expr(e, at, scope);
      },
      defer: (inner) => {
        if (scope.inOnce) this.report(at, '`defer` inside a once body is not modelled (the model runs the body inline, without a frame of its own)');
        this.stmt(inner, at, inClosure);
      },
      let: (m) => {
        for (const [r, e] of Object.entries(m)) ex(e, r);
      },
      observe: (m) => {
        for (const [o, e] of Object.entries(m)) {
          if ((OUTCOME_KEYS as readonly string[]).includes(o)) {
            this.report([...at, o], `\`${o}\` is reserved in outcomes (${OUTCOME_KEYS.join(', ')}); observe under another name`, 'key');
          }
          if (this.finals.has(o)) {
            this.report([...at, o], `\`${o}\` is a \`final\` name (the outcome carries ${o}'s final value under it); observe under another name`, 'key');
          }
          this.observed.add(o);
          ex(e, o);
        }
      },
      if: (x) => {
        ex(x.cond, 'cond');
        this.body(x.then, [...at, 'then'], scope);
        if (x.else) this.body(x.else, [...at, 'else'], scope);
      },
      for: (x) => {
        ex(x.from, 'from');
        ex(x.to, 'to');
        this.body(x.body, [...at, 'body'], inLoop);
      },
      repeat: (x) => {
        ex(x.times, 'times');
        this.body(x.body, [...at, 'body'], inLoop);
      },
      while: (x) => {
        ex(x.cond, 'cond');
        this.body(x.body, [...at, 'body'], inLoop);
      },
      loop: (body) => this.body(body, at, inLoop),
      break: () => {
        if (!scope.breakable) this.report(at, '`break` outside a loop (for, repeat, while, loop, range) or a select case', 'key');
      },
      continue: () => {
        if (!scope.inLoop) this.report(at, '`continue` outside a loop (for, repeat, while, loop or range)', 'key');
      },
      send: (x) => {
        obj(x.chan, CHAN, [...at, 'chan']);
        ex(x.value, 'value');
      },
      recv: (x) => {
        obj(x.chan, RECEIVABLE, [...at, 'chan']);
        this.timeValue(x, at, scope);
      },
      close: names(CHAN),
      range: (x) => {
        obj(x.chan, RECEIVABLE, [...at, 'chan']);
        this.timeValue(x, at, scope);
        this.body(x.body, [...at, 'body'], inLoop);
      },
      select: (x) => {
        x.cases.forEach((c, i) => {
          const cp = [...at, 'cases', i];
          if ('send' in c) {
            this.object(c.send.chan, CHAN, [...cp, 'send', 'chan'], scope, 'a select send');
            this.expr(c.send.value, [...cp, 'send', 'value'], scope);
          } else {
            this.object(c.recv.chan, RECEIVABLE, [...cp, 'recv', 'chan'], scope, 'a select receive');
            this.timeValue(c.recv, [...cp, 'recv'], scope);
          }
          if (c.body) this.body(c.body, [...cp, 'body'], inSelect);
        });
        if (x.default) this.body(x.default, [...at, 'default'], inSelect);
      },
      gosched: nothing,
      measure: (x) => this.body(x.body, [...at, 'body'], scope),
      sleep: nothing,
      stop: (x) => {
        obj(x.timer, STOPPABLE, [...at, 'timer']);
        if (x.into !== undefined && scope.objects.get(x.timer) === 'ticker') this.report([...at, 'into'], 'a Ticker\'s Stop returns nothing: drop `into`', 'key');
      },
      reset: (x) => {
        obj(x.timer, STOPPABLE, [...at, 'timer']);
        if (x.into !== undefined && scope.objects.get(x.timer) === 'ticker') this.report([...at, 'into'], 'a Ticker\'s Reset returns nothing: drop `into`', 'key');
      },
      panic: nothing,
      lock: names(LOCKER),
      unlock: names(LOCKER),
      trylock: (x) => obj(x.mutex, LOCKER, [...at, 'mutex']),
      rlock: names(['rwmutex']),
      runlock: names(['rwmutex']),
      tryrlock: (x) => obj(x.mutex, ['rwmutex'], [...at, 'mutex']),
      add: (x) => {
        obj(x.wg, ['waitgroup'], [...at, 'wg']);
        ex(x.delta, 'delta');
      },
      done: names(['waitgroup']),
      wait: names(['waitgroup']),
      once: (x) => {
        obj(x.once, ['once'], [...at, 'once']);
        this.body(x.body, [...at, 'body'], { ...inClosure, inOnce: true });
      },
      condwait: names(['cond']),
      signal: names(['cond']),
      broadcast: names(['cond']),
      load: (x) => obj(x.from, ['word'], [...at, 'from']),
      store: (x) => {
        obj(x.to, ['word'], [...at, 'to']);
        ex(x.value, 'value');
      },
      atomicLoad: (x) => obj(x.from, ['atomic'], [...at, 'from']),
      atomicStore: (x) => {
        obj(x.to, ['atomic'], [...at, 'to']);
        ex(x.value, 'value');
      },
      atomicAdd: (x) => {
        obj(x.to, ['atomic'], [...at, 'to']);
        ex(x.delta, 'delta');
      },
      cas: (x) => {
        obj(x.on, ['atomic'], [...at, 'on']);
        ex(x.old, 'old');
        ex(x.new, 'new');
      },
    });
  }
}

/**
 * Checks one outcome of `expect.allowed` (complete) or `expect.forbidden`
 * and the question (partial): what an outcome may hold is the codec's
 * (model/outcome.ts outcomeSpecIssues); the loader adds where (a missing
 * field at its outcome), the value as YAML shows it, a "did you mean" for
 * `end`, and that every observation name is observed somewhere.
 */
function checkOutcome(c: Checker, o: OutcomeSpec, path: IssuePath, complete: boolean): void {
  for (const iss of outcomeSpecIssues(o, { partial: !complete })) {
    const found = 'found' in iss ? `, found ${describeValue(iss.found)}` : '';
    const hint = iss.path[0] === 'end' && typeof iss.found === 'string' ? didYouMean(iss.found, ENDS) : '';
    c.report(iss.missing ? path : [...path, ...iss.path], `${iss.message}${found}${hint}`, iss.at);
  }
  if ((o.end ?? 'ok') !== 'ok') return;
  for (const k of specObservations(o)) {
    if (!c.observed.has(k)) c.report([...path, k], `\`${k}\` is never observed: no \`observe\` statement records it${didYouMean(k, [...c.observed])}`, 'key');
  }
}

/** The semantic issues of a scenario whose shape is valid; empty when it is well formed. */
export function scenarioIssues(s: Scenario): CaseIssue[] {
  const c = new Checker(s);
  const declared = new Map<Name, ObjectKind>(Object.entries(s.objects ?? {}).map(([n, d]) => [n, d.kind]));
  const top: Scope = { objects: declared, inLoop: false, breakable: false };

  // Invariant 1: exactly one of main and goroutines.
  if (s.main !== undefined && s.goroutines !== undefined) {
    c.report(['goroutines'], 'give `main` (a Go program) or `goroutines` (litmus threads), not both', 'key');
  } else if (s.main === undefined && s.goroutines === undefined) {
    c.report([], 'a case needs `main` (a Go program) or `goroutines` (litmus threads)');
  }

  for (const [n, d] of Object.entries(s.objects ?? {})) {
    if (d.kind === 'cond') c.object(d.lock, LOCKER, ['objects', n, 'lock'], top, 'a cond');
    if (d.kind === 'chan' && d.nil && d.cap !== undefined) c.report(['objects', n, 'cap'], 'a nil channel has no capacity', 'key');
    // Timers are made as main's first statement; litmus threads have no main.
    if (isClockKind(d.kind) && s.main === undefined) c.report(['objects', n, 'kind'], `${withArticle(KIND_WORDS[d.kind])} is made as main's first statement: it needs \`main\`, not litmus \`goroutines\``);
    if (d.kind === 'afterfunc') c.afterFunc(d.proc, ['objects', n, 'proc']);
  }
  // The go line decides what a timer's channel does (model/time.ts TimerChan), and a toolchain's default go line is its own version: say it.
  const timer = Object.entries(s.objects ?? {}).find(([, d]) => isTimerKind(d.kind));
  if (timer !== undefined && s.goVersion === undefined) {
    c.report(['objects', timer[0]], `a case with ${withArticle(KIND_WORDS[timer[1].kind])} says which go line it is written for in \`goVersion\` ("1.22" or earlier: asynchronous timer channels; "1.23" or later: synchronous ones)`);
  }

  // Invariants 2-5, statement by statement. Procedures see the declared
  // objects, shadowed by their reference parameters.
  for (const [pn, proc] of Object.entries(s.procs ?? {})) {
    const objects = new Map(declared);
    for (const [p, t] of Object.entries(proc.params ?? {})) {
      if (t === 'int' || t === 'bool') objects.delete(p);
      else objects.set(p, t);
    }
    c.body(proc.body, ['procs', pn, 'body'], { ...top, objects });
  }
  if (s.main) c.body(s.main, ['main'], top);
  for (const [g, body] of Object.entries(s.goroutines ?? {})) c.body(body, ['goroutines', g], top);

  // Litmus final-state reads: declared words or atomics, each once, only
  // where threads are joined (a Go main ends when main returns: no join).
  if (s.final !== undefined && s.main !== undefined) {
    c.report(['final'], '`final` belongs to the litmus form (`goroutines`): a `main` program reads its words itself', 'key');
  }
  (s.final ?? []).forEach((n, i) => {
    c.object(n, ['word', 'atomic'], ['final', i], top, '`final`');
    if (s.final!.indexOf(n) !== i) c.report(['final', i], `\`${n}\` is listed twice in \`final\``);
  });
  for (const n of c.finals) c.observed.add(n);

  s.expect?.allowed?.forEach((o, i) => checkOutcome(c, o, ['expect', 'allowed', i], true));
  s.expect?.forbidden?.forEach((o, i) => checkOutcome(c, o, ['expect', 'forbidden', i], false));
  if (s.expect?.question) checkOutcome(c, s.expect.question.outcome, ['expect', 'question', 'outcome'], false);
  // expect.bounds: each names a measure body, and the model bounds them only at the gc level (model/explore/measure.ts).
  const measured = new Set<string>();
  const findMeasures = (body: readonly Stmt[]): void => {
    for (const st of body) {
      if ('measure' in st) measured.add(st.measure.name);
      for (const b of children(st)) findMeasures(b);
    }
  };
  findMeasures(s.main ?? []);
  for (const p of Object.values(s.procs ?? {})) findMeasures(p.body);
  for (const g of Object.values(s.goroutines ?? {})) findMeasures(g);
  for (const name of Object.keys(s.expect?.bounds ?? {})) {
    if (!measured.has(name)) c.report(['expect', 'bounds', name], `no \`measure\` is named ${JSON.stringify(name)}${didYouMean(name, [...measured], '"')}`, 'key');
    else if ((s.level ?? 'spec') !== 'gc') c.report(['expect', 'bounds', name], 'the model bounds a measure only at the gc level, where time passes: give the case `level: gc`', 'key');
  }

  if (s.status === 'skip' && s.reason === undefined) c.report(['status'], 'a skipped case says why in `reason`');
  if (s.unsupportedBy !== undefined && s.reason === undefined) c.report(['unsupportedBy'], '`unsupportedBy` needs a `reason`');
  return c.issues;
}

