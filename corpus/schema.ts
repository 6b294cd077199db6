// The schema of a corpus case: the YAML form of `Scenario` (model/ir.ts),
// checked first for shape (zod) and then for meaning (names resolve, kinds
// match, break and continue sit where Go allows them...), so that a broken case is reported
// as a list of plain-words issues, each at a field path such as
// `goroutines.P0[2].send.chan`.
//
// Invariants:
//   1. A successful parse yields exactly a `Scenario`: expressions written as
//      numbers, booleans, Go syntax strings or AST records all come out as
//      `Expr` (model/expr.ts), statements as single-key records.
//   2. Semantic checks (`scenarioIssues`) run only on a scenario whose shape
//      is valid, and check the five well-formedness invariants of ir.ts plus
//      the expectation's outcome keys.
//   3. Every issue has a path into the input as written and a message that
//      says what was expected; unknown keys suggest the nearest known one.
//   4. The schema is built twice from one description: a `parse` build whose
//      unions dispatch on the key present (so an error names the field, not
//      "no union member matched"), and a `shape` build of plain zod unions,
//      used only for the JSON Schema an editor reads (docs/scenario.schema.json).
//
// Run `tsx corpus/schema.ts --write` to regenerate docs/scenario.schema.json.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type {
  BinOp, Call, Expr, GoTarget, Name, ObjectDecl, ObjectKind, OutcomeSpec, ParamType, Proc, Scenario, SelectCase, Stmt,
  StmtKind, StmtPayload,
} from '../model/ir.ts';
import { OUTCOME_KEYS, REF_TYPES, STMT_KINDS, stmtKind } from '../model/ir.ts';
import type { End } from '../model/outcome.ts';
import { BIN_PRECEDENCE, EXPR_RESERVED, ExprSyntaxError, IDENTIFIER, exprObjects, parseExpr } from '../model/expr.ts';
import { scenarioIssues } from './wellformed.ts';
import type { CaseIssue, IssuePath } from './issues.ts';
import { describeValue, didYouMean } from './issues.ts';

export type { CaseIssue, IssuePath } from './issues.ts';
export { formatPath, suggest } from './issues.ts';
export { scenarioIssues } from './wellformed.ts';

export type ParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly issues: readonly CaseIssue[] };


const EXPECTED_WORDS: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'an integer', boolean: 'true or false',
  object: 'a mapping', record: 'a mapping', array: 'a list', null: 'nothing (write the key with no value)',
};

/** What usually went wrong in the YAML when a value has the wrong type. */
function typeHint(expected: string, input: unknown): string {
  if (expected === 'string' && isRecord(input)) return ' (a ": " inside unquoted text starts a mapping: quote the text)';
  if (expected === 'array' && input === null) return ' (write [] for an empty list)';
  return '';
}

/**
 * Default messages in the words of a YAML author. Schema-level messages (unknown
 * fields, unions) take precedence; this covers zod's generic issues.
 */
function caseErrorMessage(iss: z.core.$ZodRawIssue): string | undefined {
  const last = iss.path?.[iss.path.length - 1];
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined && typeof last === 'string') return `missing field \`${last}\``;
      return `expected ${EXPECTED_WORDS[iss.expected] ?? iss.expected}, found ${describeValue(iss.input)}${typeHint(iss.expected, iss.input)}`;
    case 'invalid_value': {
      const values = iss.values.map(String);
      const found = typeof iss.input === 'string' ? didYouMean(iss.input, values) : '';
      return `expected one of ${values.join(', ')}, found ${describeValue(iss.input)}${found}`;
    }
    case 'too_small':
      if (iss.origin === 'string') return 'must not be empty';
      return `expected a value ≥ ${String(iss.minimum)}, found ${describeValue(iss.input)}`;
    case 'too_big':
      return `expected a value ≤ ${String(iss.maximum)}, found ${describeValue(iss.input)}`;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------
// Building blocks shared by both builds

type Mode = 'parse' | 'shape';

/** Words a name may not be: Go keywords (names reach generated Go code) and expression words. */
const GO_KEYWORDS = [
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func',
  'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct',
  'switch', 'type', 'var',
];

/** A name of an object, procedure, parameter, register, goroutine or observation. */
const name = z
  .string()
  .regex(IDENTIFIER, 'a name is a Go identifier: letters, digits and _, not starting with a digit')
  .refine((s) => !GO_KEYWORDS.includes(s), { message: 'a Go keyword cannot be a name' })
  .refine((s) => !EXPR_RESERVED.includes(s), { message: 'true, false, len and cap cannot be names (expressions give them a meaning)' });

/**
 * A record with a fixed set of fields. Unknown fields are errors (a typo must
 * not silently drop a field), with the nearest known field suggested.
 */
function fields<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        const keys = iss.keys;
        if (keys.length === 1) return `unknown field \`${keys[0]}\`${didYouMean(keys[0]!, known)}`;
        return `unknown fields ${keys.map((k) => `\`${k}\``).join(', ')} (known here: ${known.join(', ')})`;
      }
      if (iss.code === 'invalid_type' && iss.input !== undefined) {
        return `expected a mapping with fields ${known.join(', ')}, found ${describeValue(iss.input)}`;
      }
      return undefined;
    },
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Passes the issues of a nested parse up to the enclosing one, their messages already set. */
function relay(ctx: z.core.ParsePayload, issues: readonly z.core.$ZodIssue[], input: unknown): void {
  for (const iss of issues) ctx.issues.push({ ...iss, input } as z.core.$ZodRawIssue);
}

function issue(ctx: z.core.ParsePayload, input: unknown, message: string, path: IssuePath = [], params?: Record<string, unknown>): void {
  ctx.issues.push({ code: 'custom', message, input, path: [...path], ...(params ? { params } : {}) });
}

interface KeyedUnionSpec {
  /** What the value is, in a message: "a statement". */
  readonly what: string;
  /** A short example, in YAML flow syntax. */
  readonly example: string;
  /** The message when no option's key is present (default: lists the options). */
  readonly none?: (keys: string[]) => { message: string; path?: IssuePath; at?: 'key' };
  /** A more specific message for an input that is not a mapping, if there is one. */
  readonly notRecord?: (input: unknown) => string | undefined;
}

/**
 * A union of records told apart by which key they have. The parse build
 * dispatches on that key and reports the chosen option's own issues; the
 * shape build is a plain union, for the JSON Schema.
 */
function keyedUnion<T>(mode: Mode, options: Record<string, z.ZodType<T>>, spec: KeyedUnionSpec): z.ZodType<T> {
  const schemas = Object.values(options);
  if (mode === 'shape') return z.union(schemas as [z.ZodType<T>, ...z.ZodType<T>[]]);
  const optionKeys = Object.keys(options);
  return z.unknown().transform((input, ctx) => {
    if (!isRecord(input)) {
      issue(ctx, input, spec.notRecord?.(input) ?? `expected ${spec.what}, such as ${spec.example}; found ${describeValue(input)}`);
      return z.NEVER;
    }
    const keys = Object.keys(input);
    const present = keys.filter((k) => Object.hasOwn(options, k));
    if (present.length === 1) {
      const r = options[present[0]!]!.safeParse(input, { error: caseErrorMessage });
      if (r.success) return r.data;
      relay(ctx, r.error.issues, input);
      return z.NEVER;
    }
    if (present.length > 1) {
      const found = present.length === 2 ? 'both' : 'several';
      const message = `${spec.what} takes exactly one of ${optionKeys.map((k) => `\`${k}\``).join(', ')}, found ${found}`;
      issue(ctx, input, message, [present[1]!], { at: 'key' });
      return z.NEVER;
    }
    const none = spec.none?.(keys) ?? {
      message: `expected ${spec.what}: one of ${optionKeys.map((k) => `\`${k}\``).join(', ')}, such as ${spec.example}`,
    };
    issue(ctx, input, none.message, none.path ?? [], none.at ? { at: none.at } : undefined);
    return z.NEVER;
  });
}

// ---------------------------------------------------------------------------
// Expressions: a number, a boolean, Go syntax in a string, or an AST record

type ExprRead = { expr: Expr } | { message: string; path: IssuePath; exprColumn?: number };

const BIN_OPS = Object.keys(BIN_PRECEDENCE) as BinOp[];

function readExpr(v: unknown, path: IssuePath = []): ExprRead {
  if (typeof v === 'boolean') return { expr: v };
  if (typeof v === 'number') {
    return Number.isSafeInteger(v)
      ? { expr: v }
      : { message: `expected an integer (values are Go ints), found ${describeValue(v)}`, path };
  }
  if (typeof v === 'string') {
    try {
      return { expr: parseExpr(v) };
    } catch (e) {
      if (!(e instanceof ExprSyntaxError)) throw e;
      return { message: `bad expression ${JSON.stringify(v)}: ${e.reason} (column ${e.column})`, path, exprColumn: e.column };
    }
  }
  if (isRecord(v)) return readExprRecord(v, path);
  return { message: `expected an expression (an integer, true/false, or Go syntax such as "n * 2"), found ${describeValue(v)}`, path };
}

/** The AST form, as JSON carries it: { reg }, { un, x }, { bin, l, r }, { len }, { cap }. */
function readExprRecord(v: Record<string, unknown>, path: IssuePath): ExprRead {
  const keys = Object.keys(v).sort().join(',');
  const nameOf = (key: string): ExprRead | string => {
    const n = v[key];
    return typeof n === 'string' && IDENTIFIER.test(n) && !EXPR_RESERVED.includes(n)
      ? n
      : { message: `expected a name, found ${describeValue(n)}`, path: [...path, key] };
  };
  const sub = (key: string): ExprRead => readExpr(v[key], [...path, key]);
  switch (keys) {
    case 'reg': case 'len': case 'cap': {
      const n = nameOf(keys);
      if (typeof n !== 'string') return n;
      return { expr: keys === 'reg' ? { reg: n } : keys === 'len' ? { len: n } : { cap: n } };
    }
    case 'un,x': {
      if (v.un !== '-' && v.un !== '!') {
        return { message: `expected unary operator - or !, found ${describeValue(v.un)}`, path: [...path, 'un'] };
      }
      const x = sub('x');
      return 'expr' in x ? { expr: { un: v.un, x: x.expr } } : x;
    }
    case 'bin,l,r': {
      if (!BIN_OPS.includes(v.bin as BinOp)) {
        return { message: `expected a binary operator (${BIN_OPS.join(' ')}), found ${describeValue(v.bin)}`, path: [...path, 'bin'] };
      }
      const l = sub('l');
      if (!('expr' in l)) return l;
      const r = sub('r');
      return 'expr' in r ? { expr: { bin: v.bin as BinOp, l: l.expr, r: r.expr } } : r;
    }
    default:
      return {
        message:
          'expected an expression record: { reg }, { un, x }, { bin, l, r }, { len } or { cap } ' +
          '(or write it as a string, such as "n * 2")',
        path,
      };
  }
}

/** The parse build: one transform that reports the field and column at fault. */
const exprParsed: z.ZodType<Expr> = z.unknown().transform((input, ctx) => {
  if (input === undefined) {
    // An absent required field; caseErrorMessage words it as "missing field `value`".
    ctx.issues.push({ code: 'invalid_type', expected: 'unknown', input });
    return z.NEVER;
  }
  const r = readExpr(input);
  if ('expr' in r) return r.expr;
  issue(ctx, input, r.message, r.path, r.exprColumn === undefined ? undefined : { exprColumn: r.exprColumn });
  return z.NEVER;
});

/** The shape build: the same forms as a union, for the JSON Schema. */
const exprShape: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    z.int(),
    z.boolean(),
    z.string().transform((s) => parseExpr(s)).describe('Go expression syntax, such as "n * 2" or "len(c) < cap(c)"'),
    z.strictObject({ reg: name }),
    z.strictObject({ un: z.enum(['-', '!']), x: exprShape }),
    z.strictObject({ bin: z.enum(BIN_OPS as [BinOp, ...BinOp[]]), l: exprShape, r: exprShape }),
    z.strictObject({ len: name }),
    z.strictObject({ cap: name }),
  ]),
).meta({ id: 'Expr' });

// ---------------------------------------------------------------------------
// Statements

type StmtTable = { [K in StmtKind]: z.ZodType<StmtPayload<K>> };

/** The payload schema of every statement, given the statement and expression schemas to nest. */
function stmtTable(mode: Mode, stmt: z.ZodType<Stmt>, expr: z.ZodType<Expr>): StmtTable {
  const body = z.array(stmt);
  const args = z.record(name, expr);
  const call = fields({ proc: name, args: args.optional() });
  const sendSpec = fields({ chan: name, value: expr });
  const recvSpec = fields({ chan: name, into: name.optional(), ok: name.optional() });
  const tryLock = fields({ mutex: name, into: name });
  const loadSpec = fields({ from: name, into: name });
  const storeSpec = fields({ to: name, value: expr });
  const go = keyedUnion<GoTarget>(
    mode,
    { proc: call, body: fields({ body, name: name.optional() }) },
    { what: 'a `go` target', example: '{ proc: worker, args: { c: jobs } } or { body: [...] }' },
  );
  const selectCase = keyedUnion<SelectCase>(
    mode,
    { send: fields({ send: sendSpec, body: body.optional() }), recv: fields({ recv: recvSpec, body: body.optional() }) },
    { what: 'a select case', example: '{ recv: { chan: c, into: v }, body: [...] }' },
  );
  return {
    go,
    call: fields({ proc: name, args: args.optional(), into: name.optional() }),
    return: expr.nullable(),
    defer: stmt,
    let: z.record(name, expr),
    if: fields({ cond: expr, then: body, else: body.optional() }),
    for: fields({ var: name, from: expr.optional(), to: expr, body }),
    repeat: fields({ times: expr, body }),
    while: fields({ cond: expr, body }),
    loop: body,
    break: z.null(),
    continue: z.null(),
    send: sendSpec,
    recv: recvSpec,
    close: name,
    range: fields({ chan: name, into: name.optional(), body }),
    select: fields({ cases: z.array(selectCase), default: body.optional() }),
    gosched: z.null(),
    measure: fields({ name: name.describe('what the duration is recorded under'), body }),
    sleep: z.int().nonnegative(),
    stop: fields({ timer: name, into: name.optional() }),
    reset: fields({ timer: name, ns: z.int(), into: name.optional() }),
    panic: z.string(),
    observe: z.record(name, expr),
    lock: name,
    unlock: name,
    trylock: tryLock,
    rlock: name,
    runlock: name,
    tryrlock: tryLock,
    add: fields({ wg: name, delta: expr }),
    done: name,
    wait: name,
    once: fields({ once: name, body }),
    condwait: name,
    signal: name,
    broadcast: name,
    load: loadSpec,
    store: storeSpec,
    atomicLoad: loadSpec,
    atomicStore: storeSpec,
    atomicAdd: fields({ to: name, delta: expr, into: name.optional() }),
    cas: fields({ on: name, old: expr, new: expr, into: name.optional() }),
  };
}

/** A statement: a single-key record whose key names the operation. */
function stmtSchema(mode: Mode, table: () => StmtTable): z.ZodType<Stmt> {
  return z.lazy(() => {
    const t = table();
    const options = Object.fromEntries(
      STMT_KINDS.map((k) => [
        k,
        z.strictObject({ [k]: t[k] } as Record<string, z.ZodType>, {
          error: (iss) =>
            iss.code === 'unrecognized_keys'
              ? `a statement has exactly one key, but \`${iss.keys.join('`, `')}\` sits beside \`${k}\` (check the indentation)`
              : undefined,
        }),
      ]),
    ) as unknown as Record<string, z.ZodType<Stmt>>;
    return keyedUnion<Stmt>(mode, options, {
      what: 'a statement',
      example: '`send: { chan: c, value: 1 }`',
      none: (keys) =>
        keys.length === 0
          ? { message: 'empty statement: a statement is a single-key record such as `send: { chan: c, value: 1 }`' }
          : { message: `unknown statement \`${keys[0]}\`${didYouMean(keys[0]!, STMT_KINDS)}`, path: [keys[0]!], at: 'key' },
      notRecord: (input) =>
        typeof input === 'string' && (STMT_KINDS as readonly string[]).includes(input)
          ? `write \`${input}:\` with a colon: a statement is a one-key mapping`
          : undefined,
    });
  });
}

// ---------------------------------------------------------------------------
// Objects, procedures, expectations, the case

const OBJECT_KINDS: readonly ObjectKind[] = REF_TYPES;
const PARAM_TYPES = ['int', 'bool', ...REF_TYPES] as const;

const objectDecl: z.ZodType<ObjectDecl> = z.discriminatedUnion(
  'kind',
  [
    fields({ kind: z.literal('chan'), cap: z.int().nonnegative().optional(), nil: z.boolean().optional() }),
    fields({ kind: z.literal('word'), init: z.int().optional() }),
    fields({ kind: z.literal('atomic'), init: z.int().optional() }),
    fields({ kind: z.literal('mutex') }),
    fields({ kind: z.literal('rwmutex') }),
    fields({ kind: z.literal('waitgroup') }),
    fields({ kind: z.literal('once') }),
    fields({ kind: z.literal('cond'), lock: name }),
    fields({ kind: z.literal('timer'), ns: z.int().nonnegative().describe('time.NewTimer(ns) at time zero') }),
    fields({ kind: z.literal('ticker'), ns: z.int().positive().describe('time.NewTicker(ns) at time zero (Go panics on ns <= 0)') }),
    fields({ kind: z.literal('after'), ns: z.int().nonnegative().describe('time.After(ns) at time zero') }),
    fields({ kind: z.literal('afterfunc'), ns: z.int().nonnegative().describe('time.AfterFunc(ns, proc) at time zero'), proc: name.describe('the procedure (no parameters) its fire runs in a goroutine of its own') }),
  ],
  {
    error: (iss) => {
      if (iss.code !== 'invalid_union') return undefined;
      const kind = isRecord(iss.input) ? iss.input.kind : undefined;
      const list = OBJECT_KINDS.join(', ');
      if (kind === undefined) return `missing field \`kind\`: one of ${list}`;
      const word = typeof kind === 'string' ? `\`${kind}\`${didYouMean(kind, OBJECT_KINDS)}` : describeValue(kind);
      return `unknown object kind ${word} (kinds: ${list})`;
    },
  },
);

const paramType: z.ZodType<ParamType> = z.enum(PARAM_TYPES as unknown as [ParamType, ...ParamType[]]);

const outcomeSpec: z.ZodType<OutcomeSpec> = z.record(
  z.string(),
  z.union([z.number(), z.boolean(), z.string(), z.array(z.union([z.number(), z.boolean()])), z.array(z.string())], {
    error: (iss) => (iss.code === 'invalid_union' ? 'an outcome value is an int, a bool, a string, or a list of them' : undefined),
  }),
);

const expectation = fields({
  allowed: z.array(outcomeSpec).optional().describe('The full set of allowed outcomes'),
  forbidden: z.array(outcomeSpec).optional().describe('Partial outcomes that no allowed outcome may match'),
  verdict: z
    .union([z.enum(['ok', 'deadlock']), fields({ panic: z.string() })], {
      error: (iss) => (iss.code === 'invalid_union' ? 'verdict is ok, deadlock, or { panic: <message> }' : undefined),
    })
    .optional(),
  question: fields({
    kind: z.enum(['allowed', 'forbidden', 'required']).describe("herd's kinds: allowed (exists), forbidden (~exists), required (forall)"),
    outcome: outcomeSpec.describe('A partial outcome, matched like a `forbidden` entry'),
  }).optional().describe('The litmus question the case asks, answered by the explorer'),
  racy: z.boolean().optional().describe('Whether some execution has a data race (conflicting accesses, one plain, unordered by happens-before)'),
  leaks: z.boolean().optional().describe('Whether some run leaks a goroutine: run on after main returns, it never finishes (blocked or spinning for ever)'),
  explored: fields({
    states: z.int().nonnegative().optional(),
    transitions: z.int().nonnegative().optional(),
    maxDepth: z.int().nonnegative().optional(),
  }).optional(),
  bounds: z.record(name, z.int().nonnegative()).optional().describe('By measure name, the longest its body takes (ns) at the gc level when steps take no time; checked against the explorer'),
});

/** YAML reads `since: 1.20` as the number 1.2, so a version must be quoted. */
const goVersion = z.string({
  error: (iss) =>
    iss.code === 'invalid_type' && typeof iss.input === 'number'
      ? `write the Go version as a string, such as "1.14" (YAML reads 1.20 as the number 1.2)`
      : undefined,
});

/**
 * A case's language version (Scenario.goVersion): "1.N", as a go.mod `go`
 * line gives a language version (Go 1.21 and later also accept "1.N.P" and
 * release candidates there; a case names only the language, which is what
 * selects semantics).
 */
const goLanguage = goVersion.regex(/^1\.(0|[1-9]\d{0,2})$/, {
  error: (iss) => `expected a Go language version "1.N", such as "1.22", got ${JSON.stringify(iss.input)}`,
});

function caseSchema(mode: Mode) {
  const expr = mode === 'parse' ? exprParsed : exprShape;
  // In the shape build, recurring parts get names: the JSON Schema shows
  // them as $defs an editor can display (Stmt, Expr, Proc).
  const named = <T extends z.ZodType>(schema: T, id: string): T => (mode === 'shape' ? schema.meta({ id }) : schema);
  let table: StmtTable | undefined;
  const stmt: z.ZodType<Stmt> = named(stmtSchema(mode, () => (table ??= stmtTable(mode, stmt, expr))), 'Stmt');
  const body = z.array(stmt);
  const proc: z.ZodType<Proc> = named(fields({ params: z.record(name, paramType).optional(), body }), 'Proc');
  const scenario = fields({
    name: z.string().min(1).describe('The case name, litmus style (MP+chan); defaults to the file name'),
    story: z.string().optional().describe('The case as a small story in plain words'),
    level: z.enum(['spec', 'gc']).optional(),
    since: goVersion.optional(),
    goVersion: goLanguage.optional().describe('The go.mod `go` line the case is built under, "1.N" (it selects semantics: loop variables at 1.22, timer channels at 1.23); default the toolchain\'s own; an older toolchain skips the case'),
    gomaxprocs: z.number().int().min(1).max(1024).optional().describe('GOMAXPROCS a real runtime runs the case with (default: the machine\'s)'),
    refs: z.array(z.string()).optional(),
    objects: z.record(name, objectDecl).optional(),
    procs: z.record(name, proc).optional(),
    main: body.optional().describe('A Go program main: the program ends when main returns'),
    goroutines: z.record(name, body).optional().describe('Litmus threads, started together'),
    final: z.array(name).optional().describe('Litmus form: words and atomics read after every thread finished, observed under their own names'),
    expect: expectation.optional(),
    status: z.literal('skip').optional(),
    reason: z.string().optional(),
    unsupportedBy: z.array(z.string()).optional(),
  });
  return { scenario };
}

/** The case schema: shape, then meaning. Use `parseScenario` for messages in a case author's words. */
export const scenarioSchema: z.ZodType<Scenario> = caseSchema('parse').scenario.superRefine((s, ctx) => {
  for (const iss of scenarioIssues(s)) {
    const params = iss.at ? { at: iss.at } : undefined;
    ctx.addIssue({ code: 'custom', message: iss.message, path: [...iss.path], ...(params ? { params } : {}) });
  }
});

/** Parses and checks a case (already read from YAML); never throws for any input. */
export function parseScenario(input: unknown): ParseResult {
  const r = scenarioSchema.safeParse(input, { error: caseErrorMessage });
  if (r.success) return { ok: true, scenario: r.data };
  return { ok: false, issues: r.error.issues.map(toCaseIssue) };
}

function toCaseIssue(iss: z.core.$ZodIssue): CaseIssue {
  const path = iss.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (iss.code === 'unrecognized_keys') return { path: [...path, iss.keys[0]!], message: iss.message, at: 'key' };
  if (iss.code === 'invalid_key') {
    const inner = iss.issues[0]?.message ?? iss.message;
    return { path, message: `bad name ${JSON.stringify(path[path.length - 1])}: ${inner}`, at: 'key' };
  }
  const params = iss.code === 'custom' ? (iss.params ?? {}) : {};
  return {
    path,
    message: iss.message,
    ...(params.at === 'key' ? { at: 'key' as const } : {}),
    ...(typeof params.exprColumn === 'number' ? { exprColumn: params.exprColumn } : {}),
  };
}

// ---------------------------------------------------------------------------
// JSON Schema of the input form, for editors (docs/scenario.schema.json)

export const JSON_SCHEMA_PATH = fileURLToPath(new URL('../docs/scenario.schema.json', import.meta.url));

/** Built once: schema ids live in zod's global registry, and must stay unique there. */
let shapeBuild: ReturnType<typeof caseSchema> | undefined;

/**
 * The case language as plain zod unions, without the semantic checks: it
 * accepts the same shapes as `scenarioSchema`, with vaguer errors. It is the
 * source of the JSON Schema, exported so tests can hold the two builds equal.
 */
export function scenarioShapeSchema(): z.ZodType<Scenario> {
  shapeBuild ??= caseSchema('shape');
  return shapeBuild.scenario;
}

/** The JSON Schema of a case file as written (expressions as strings or records). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(scenarioShapeSchema(), { io: 'input' }) as Record<string, unknown>;
  // A case file may leave out `name`: the loader names the case after its file.
  const required = (json.required as string[] | undefined)?.filter((k) => k !== 'name') ?? [];
  return {
    $schema: json.$schema,
    title: 'gospec corpus case',
    description:
      'A case of the gospec corpus: a scenario (model/ir.ts) with its story and expectation. ' +
      'Generated by `tsx corpus/schema.ts --write`; do not edit.',
    ...json,
    required,
  };
}

/** The text of docs/scenario.schema.json as it should be committed. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--write')) {
  writeFileSync(JSON_SCHEMA_PATH, scenarioJsonSchemaText());
  console.log(`wrote ${JSON_SCHEMA_PATH}`);
}

// Invariant 1 at the type level: the case schema's output and Scenario are
// assignable both ways, so neither can drift from the other unnoticed.
type CaseOutput = z.output<ReturnType<typeof caseSchema>['scenario']>;
type Holds<T extends true> = T;
export type CaseOutputIsScenario = Holds<[CaseOutput] extends [Scenario] ? ([Scenario] extends [CaseOutput] ? true : false) : false>;
