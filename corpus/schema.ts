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
  StmtKind,
} from '../model/ir.ts';
import { OUTCOME_KEYS, REF_TYPES, STMT_KINDS, stmtKind } from '../model/ir.ts';
import type { End } from '../model/outcome.ts';
import { BIN_PRECEDENCE, EXPR_RESERVED, ExprSyntaxError, IDENTIFIER, exprObjects, parseExpr } from '../model/expr.ts';

/** A path into the case as written: record keys and list indices. */
export type IssuePath = readonly (string | number)[];

export interface CaseIssue {
  readonly path: IssuePath;
  readonly message: string;
  /** The issue is about the key at `path` itself (unknown field, bad name), not its value. */
  readonly at?: 'key';
  /** For a syntax error in an expression string: the 1-based column inside that string. */
  readonly exprColumn?: number;
}

export type ParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly issues: readonly CaseIssue[] };

/** `goroutines.P0[2].send.chan`; keys that are not identifiers are quoted. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Messages

/**
 * The known word nearest to `word`, if it is close enough to be a likely typo:
 * within an edit distance that grows with the word's length (transpositions
 * count once), or a prefix either way ("capacity" → "cap").
 */
export function suggest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const limit = w.length <= 2 ? 0 : w.length <= 5 ? 1 : w.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDist = limit + 1;
  for (const k of known) {
    const d = editDistance(w, k.toLowerCase());
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best ?? known.find((k) => k.length >= 2 && w.length >= 2 && (w.startsWith(k.toLowerCase()) || k.toLowerCase().startsWith(w)));
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

function didYouMean(word: string, known: readonly string[], quote = '`'): string {
  const s = suggest(word, known);
  return s === undefined ? '' : `; did you mean ${quote}${s}${quote}?`;
}

/** A value as YAML shows it, for "found ..." in messages. */
function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'nothing (null)';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v === 'number' ? 'the number ' : ''}${v}`;
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}

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

type StmtPayload<K extends StmtKind> = Extract<Stmt, { [P in K]: unknown }>[K];
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
    sleep: z.int().nonnegative(),
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
  explored: fields({
    states: z.int().nonnegative().optional(),
    transitions: z.int().nonnegative().optional(),
    maxDepth: z.int().nonnegative().optional(),
  }).optional(),
});

/** YAML reads `since: 1.20` as the number 1.2, so a version must be quoted. */
const goVersion = z.string({
  error: (iss) =>
    iss.code === 'invalid_type' && typeof iss.input === 'number'
      ? `write the Go version as a string, such as "1.14" (YAML reads 1.20 as the number 1.2)`
      : undefined,
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
    refs: z.array(z.string()).optional(),
    objects: z.record(name, objectDecl).optional(),
    procs: z.record(name, proc).optional(),
    main: body.optional().describe('A Go program main: the program ends when main returns'),
    goroutines: z.record(name, body).optional().describe('Litmus threads, started together'),
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
// Meaning: the well-formedness invariants of ir.ts

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
}

/** The payload of a statement whose kind is known. */
function payload<K extends StmtKind>(st: Stmt, k: K): StmtPayload<K> {
  return (st as unknown as Record<K, StmtPayload<K>>)[k];
}

class Checker {
  readonly issues: CaseIssue[] = [];
  /** Every observation name some `observe` statement records. */
  readonly observed = new Set<Name>();

  constructor(private readonly s: Scenario) {}

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
    const inClosure: Scope = { ...scope, inLoop: false, breakable: false };
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
        if (e !== null) this.expr(e, at, scope);
        return;
      }
      case 'defer':
        return this.stmt(payload(st, 'defer'), at, inClosure);
      case 'let':
        for (const [r, e] of Object.entries(payload(st, 'let'))) ex(e, r);
        return;
      case 'observe':
        for (const [o, e] of Object.entries(payload(st, 'observe'))) {
          if ((OUTCOME_KEYS as readonly string[]).includes(o)) {
            this.report([...at, o], `\`${o}\` is reserved in outcomes (${OUTCOME_KEYS.join(', ')}); observe under another name`, 'key');
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
        return this.body(x.body, [...at, 'body'], inClosure);
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
const ENDS = Object.keys({ ok: true, deadlock: true, panic: true, 'may-not-terminate': true } satisfies Record<End, true>);

/** Checks one outcome of `expect.allowed` (complete) or `expect.forbidden` (partial). */
function checkOutcome(c: Checker, o: OutcomeSpec, path: IssuePath, complete: boolean): void {
  const end = o.end ?? 'ok';
  if (typeof end !== 'string' || !ENDS.includes(end)) {
    const hint = typeof end === 'string' ? didYouMean(end, ENDS) : '';
    c.report([...path, 'end'], `\`end\` is one of ${ENDS.join(', ')}; found ${describeValue(end)}${hint}`);
  }
  for (const key of ['message', 'goroutine'] as const) {
    if (o[key] === undefined) {
      const what = key === 'message' ? "Go's panic message" : 'the goroutine that panicked';
      if (complete && end === 'panic') c.report(path, `a panic outcome needs \`${key}\` (${what})`);
    } else if (end !== 'panic') {
      c.report([...path, key], `\`${key}\` belongs to a panic outcome (end: panic)`, 'key');
    } else if (typeof o[key] !== 'string') {
      c.report([...path, key], `expected a string, found ${describeValue(o[key])}`);
    }
  }
  const leaked = o.leaked;
  if (leaked !== undefined && !(typeof leaked === 'string' || (Array.isArray(leaked) && leaked.every((x) => typeof x === 'string')))) {
    c.report([...path, 'leaked'], '`leaked` lists goroutine names');
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

  s.expect?.allowed?.forEach((o, i) => checkOutcome(c, o, ['expect', 'allowed', i], true));
  s.expect?.forbidden?.forEach((o, i) => checkOutcome(c, o, ['expect', 'forbidden', i], false));

  if (s.status === 'skip' && s.reason === undefined) c.report(['status'], 'a skipped case says why in `reason`');
  if (s.unsupportedBy !== undefined && s.reason === undefined) c.report(['unsupportedBy'], '`unsupportedBy` needs a `reason`');
  return c.issues;
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
