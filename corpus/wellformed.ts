// The meaning checks of a corpus case: the well-formedness invariants of
// model/ir.ts (names resolve to objects of the right kind, procedures get
// every parameter, break and continue sit where Go allows them, observation
// names avoid the outcome's keys and the `final` names), the litmus `final`
// reads (declared words or atomics) and the expectation's outcome keys. They
// run after corpus/schema.ts has checked the shape, and report plain-words
// issues at field paths, as the schema does.

import type { Call, Expr, Name, ObjectKind, OutcomeSpec, Scenario, Stmt, StmtKind, StmtPayload } from '../model/ir.ts';
import { OUTCOME_KEYS, stmtKind } from '../model/ir.ts';
import { GOROUTINE_LISTS } from '../model/outcome.ts';
import type { End } from '../model/outcome.ts';
import { exprObjects } from '../model/expr.ts';
import type { CaseIssue, IssuePath } from './issues.ts';
import { describeValue, didYouMean } from './issues.ts';


/** What each object-naming field of a statement must name. */
const KIND_WORDS: Record<ObjectKind, string> = {
  chan: 'channel', word: 'word', atomic: 'atomic', mutex: 'mutex', rwmutex: 'rwmutex',
  waitgroup: 'waitgroup', once: 'once', cond: 'cond',
};
const CHAN: readonly ObjectKind[] = ['chan'];
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

/** The payload of a statement whose kind is known. */
function payload<K extends StmtKind>(st: Stmt, k: K): StmtPayload<K> {
  return (st as unknown as Record<K, StmtPayload<K>>)[k];
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
    const want = kinds.map((k) => KIND_WORDS[k]).join(' or ');
    if (kind === undefined) {
      const candidates = [...scope.objects].filter(([, k]) => kinds.includes(k)).map(([n]) => n);
      this.report(path, `unknown ${want} ${JSON.stringify(name)}${didYouMean(name, candidates, '"')}`);
    } else if (!kinds.includes(kind)) {
      this.report(path, `${JSON.stringify(name)} is ${withArticle(KIND_WORDS[kind])}, but ${use} needs ${withArticle(want)}`);
    }
  }

  expr(e: Expr, path: IssuePath, scope: Scope): void {
    for (const c of exprObjects(e)) this.object(c, CHAN, path, scope, 'len/cap');
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
    switch (k) {
      case 'go': {
        const g = payload(st, 'go');
        if ('proc' in g) this.call(g, at, scope);
        else this.body(g.body, [...at, 'body'], inClosure);
        return;
      }
      case 'call':
        return this.call(payload(st, 'call'), at, scope);
      case 'return': {
        const e = payload(st, 'return');
        if (e !== null && scope.inOnce) this.report(at, 'a once body is a func(): its `return` takes no value');
        if (e !== null) this.expr(e, at, scope);
        return;
      }
      case 'defer':
        if (scope.inOnce) this.report(at, '`defer` inside a once body is not modelled (the model runs the body inline, without a frame of its own)');
        return this.stmt(payload(st, 'defer'), at, inClosure);
      case 'let':
        for (const [r, e] of Object.entries(payload(st, 'let'))) ex(e, r);
        return;
      case 'observe':
        for (const [o, e] of Object.entries(payload(st, 'observe'))) {
          if ((OUTCOME_KEYS as readonly string[]).includes(o)) {
            this.report([...at, o], `\`${o}\` is reserved in outcomes (${OUTCOME_KEYS.join(', ')}); observe under another name`, 'key');
          }
          if (this.finals.has(o)) {
            this.report([...at, o], `\`${o}\` is a \`final\` name (the outcome carries ${o}'s final value under it); observe under another name`, 'key');
          }
          this.observed.add(o);
          ex(e, o);
        }
        return;
      case 'if': {
        const x = payload(st, 'if');
        ex(x.cond, 'cond');
        this.body(x.then, [...at, 'then'], scope);
        if (x.else) this.body(x.else, [...at, 'else'], scope);
        return;
      }
      case 'for': {
        const x = payload(st, 'for');
        ex(x.from, 'from');
        ex(x.to, 'to');
        return this.body(x.body, [...at, 'body'], inLoop);
      }
      case 'repeat': {
        const x = payload(st, 'repeat');
        ex(x.times, 'times');
        return this.body(x.body, [...at, 'body'], inLoop);
      }
      case 'while': {
        const x = payload(st, 'while');
        ex(x.cond, 'cond');
        return this.body(x.body, [...at, 'body'], inLoop);
      }
      case 'loop':
        return this.body(payload(st, 'loop'), at, inLoop);
      case 'break':
        if (!scope.breakable) this.report(at, '`break` outside a loop (for, repeat, while, loop, range) or a select case', 'key');
        return;
      case 'continue':
        if (!scope.inLoop) this.report(at, '`continue` outside a loop (for, repeat, while, loop or range)', 'key');
        return;
      case 'send': {
        const x = payload(st, 'send');
        obj(x.chan, CHAN, [...at, 'chan']);
        return ex(x.value, 'value');
      }
      case 'recv':
        return obj(payload(st, 'recv').chan, CHAN, [...at, 'chan']);
      case 'close':
        return obj(payload(st, 'close'), CHAN);
      case 'range': {
        const x = payload(st, 'range');
        obj(x.chan, CHAN, [...at, 'chan']);
        return this.body(x.body, [...at, 'body'], inLoop);
      }
      case 'select': {
        const x = payload(st, 'select');
        x.cases.forEach((c, i) => {
          const cp = [...at, 'cases', i];
          if ('send' in c) {
            this.object(c.send.chan, CHAN, [...cp, 'send', 'chan'], scope, 'a select send');
            this.expr(c.send.value, [...cp, 'send', 'value'], scope);
          } else {
            this.object(c.recv.chan, CHAN, [...cp, 'recv', 'chan'], scope, 'a select receive');
          }
          if (c.body) this.body(c.body, [...cp, 'body'], inSelect);
        });
        if (x.default) this.body(x.default, [...at, 'default'], inSelect);
        return;
      }
      case 'gosched':
      case 'sleep':
      case 'panic':
        return;
      case 'lock':
      case 'unlock':
        return obj(payload(st, k), LOCKER);
      case 'trylock':
        return obj(payload(st, 'trylock').mutex, LOCKER, [...at, 'mutex']);
      case 'rlock':
      case 'runlock':
        return obj(payload(st, k), ['rwmutex']);
      case 'tryrlock':
        return obj(payload(st, 'tryrlock').mutex, ['rwmutex'], [...at, 'mutex']);
      case 'add': {
        const x = payload(st, 'add');
        obj(x.wg, ['waitgroup'], [...at, 'wg']);
        return ex(x.delta, 'delta');
      }
      case 'done':
      case 'wait':
        return obj(payload(st, k), ['waitgroup']);
      case 'once': {
        const x = payload(st, 'once');
        obj(x.once, ['once'], [...at, 'once']);
        return this.body(x.body, [...at, 'body'], { ...inClosure, inOnce: true });
      }
      case 'condwait':
      case 'signal':
      case 'broadcast':
        return obj(payload(st, k), ['cond']);
      case 'load':
        return obj(payload(st, 'load').from, ['word'], [...at, 'from']);
      case 'store': {
        const x = payload(st, 'store');
        obj(x.to, ['word'], [...at, 'to']);
        return ex(x.value, 'value');
      }
      case 'atomicLoad':
        return obj(payload(st, 'atomicLoad').from, ['atomic'], [...at, 'from']);
      case 'atomicStore': {
        const x = payload(st, 'atomicStore');
        obj(x.to, ['atomic'], [...at, 'to']);
        return ex(x.value, 'value');
      }
      case 'atomicAdd': {
        const x = payload(st, 'atomicAdd');
        obj(x.to, ['atomic'], [...at, 'to']);
        return ex(x.delta, 'delta');
      }
      case 'cas': {
        const x = payload(st, 'cas');
        obj(x.on, ['atomic'], [...at, 'on']);
        ex(x.old, 'old');
        return ex(x.new, 'new');
      }
      default: {
        const never: never = k;
        throw new Error(`unhandled statement ${String(never)}`);
      }
    }
  }
}

/** How a run may end (model/outcome.ts); `satisfies` keeps this list in step with `End`. */
const ENDS = Object.keys({ ok: true, deadlock: true, panic: true, fatal: true, 'may-not-terminate': true } satisfies Record<End, true>);

/** Checks one outcome of `expect.allowed` (complete) or `expect.forbidden` (partial). */
function checkOutcome(c: Checker, o: OutcomeSpec, path: IssuePath, complete: boolean): void {
  const end = o.end ?? 'ok';
  if (typeof end !== 'string' || !ENDS.includes(end)) {
    const hint = typeof end === 'string' ? didYouMean(end, ENDS) : '';
    c.report([...path, 'end'], `\`end\` is one of ${ENDS.join(', ')}; found ${describeValue(end)}${hint}`);
  }
  for (const key of ['message', 'goroutine'] as const) {
    // A fatal error (end: fatal) has Go's message but names no goroutine.
    const owner = key === 'message' && end === 'fatal' ? 'fatal' : 'panic';
    if (o[key] === undefined) {
      const what = key === 'message' ? `Go's ${owner === 'fatal' ? 'fatal error' : 'panic'} message` : 'the goroutine that panicked';
      if (complete && end === owner) c.report(path, `a ${owner} outcome needs \`${key}\` (${what})`);
    } else if (end !== owner) {
      c.report([...path, key], key === 'message' ? '`message` belongs to a panic or fatal outcome (end: panic, end: fatal)' : '`goroutine` belongs to a panic outcome (end: panic)', 'key');
    } else if (typeof o[key] !== 'string') {
      c.report([...path, key], `expected a string, found ${describeValue(o[key])}`);
    }
  }
  for (const list of GOROUTINE_LISTS) {
    const names = o[list];
    if (names === undefined) continue;
    if (!(typeof names === 'string' || (Array.isArray(names) && names.every((x) => typeof x === 'string')))) {
      c.report([...path, list], `\`${list}\` lists goroutine names`);
    } else if (end !== 'ok') {
      c.report([...path, list], `a ${String(end)} outcome has no \`${list}\` list: only a program whose main returned leaves goroutines behind`, 'key');
    }
  }
  for (const [k, v] of Object.entries(o)) {
    if ((OUTCOME_KEYS as readonly string[]).includes(k)) continue;
    if (end !== 'ok') {
      c.report([...path, k], `a ${String(end)} outcome has no observations (the run dies or hangs before printing them)`, 'key');
    } else if (!c.observed.has(k)) {
      c.report([...path, k], `\`${k}\` is never observed: no \`observe\` statement records it${didYouMean(k, [...c.observed])}`, 'key');
    }
    const values = Array.isArray(v) ? v : [v];
    if (!values.every((x) => (typeof x === 'number' && Number.isSafeInteger(x)) || typeof x === 'boolean')) {
      c.report([...path, k], `observed values are ints or bools, found ${describeValue(values.find((x) => typeof x !== 'boolean'))}`);
    }
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

  if (s.status === 'skip' && s.reason === undefined) c.report(['status'], 'a skipped case says why in `reason`');
  if (s.unsupportedBy !== undefined && s.reason === undefined) c.report(['unsupportedBy'], '`unsupportedBy` needs a `reason`');
  return c.issues;
}

