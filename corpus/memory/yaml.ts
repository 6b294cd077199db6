// The YAML text of a corpus case, written the way the hand-written cases
// are: one statement per line as a flow mapping (`- store: { to: x, value: 1 }`),
// bodies (if, once, go, loop, select) as nested block lists, the story as a
// folded block, outcomes as flow mappings. generate.ts writes the memory
// corpus with it.
//
// Invariant: `caseYaml(s)` loads (harness/load.ts) back to exactly `s`;
// generate.ts and shapes.test.ts check it for every case they write.
// Expressions are printed in Go syntax (model/expr.ts printExpr), which the
// loader parses back to the same AST.

import type { Expr, OutcomeSpec, Scenario, SelectCase, Stmt } from '../../model/ir.ts';
import { stmtKind } from '../../model/ir.ts';
import { printExpr } from '../../model/expr.ts';

/**
 * Words YAML might read as something other than a string: 1.2's core schema
 * (the loader's), and 1.1's yes/no/on/off for other readers. `y` and `n` stay
 * plain, as the hand-written cases write them: only 1.1's full boolean list
 * has them.
 */
const YAML_WORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'True', 'False', 'Null', 'NULL', 'TRUE', 'FALSE', 'Yes', 'No', 'On', 'Off']);

/**
 * A string as a YAML scalar: plain when YAML reads it back as the same
 * string, double-quoted (JSON escapes are YAML escapes) otherwise. `flow`:
 * inside `{ }` or `[ ]`, where `,[]{}` end a plain scalar.
 */
export function scalar(s: string, flow: boolean): string {
  const plain = s.length > 0
    && !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(s)
    && !/\s$/.test(s)
    && !s.includes(': ') && !s.includes(' #') && !s.endsWith(':')
    && !(flow && /[,[\]{}]/.test(s))
    && !YAML_WORDS.has(s)
    && !/^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[\da-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(s)
    && !s.includes('\n');
  return plain ? s : JSON.stringify(s);
}

function isExprRecord(v: object): boolean {
  const keys = Object.keys(v).sort().join(',');
  return keys === 'reg' || keys === 'len' || keys === 'cap' || keys === 'un,x' || keys === 'bin,l,r';
}

/** A value in flow style: names and expressions as scalars, records as `{ k: v }`, lists as `[a, b]`. */
function flow(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return scalar(v, true);
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (typeof v === 'object') {
    // An expression other than a bare register is quoted, as the corpus README asks.
    if (isExprRecord(v)) {
      const text = printExpr(v as Expr);
      return 'reg' in v ? scalar(text, true) : JSON.stringify(text);
    }
    const parts = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${flow(x)}`);
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  throw new Error(`cannot write ${String(v)} as YAML`);
}

const pad = (n: number): string => ' '.repeat(n);

/** Does this payload field hold statements (a body)? */
const isBody = (v: unknown): v is Stmt[] => Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));

/** A statement as list lines at `indent` (the column of its `-`). */
function stmtLines(st: Stmt, indent: number): string[] {
  const k = stmtKind(st);
  const p = (st as Record<string, unknown>)[k];
  const head = `${pad(indent)}- ${k}:`;
  if (k === 'loop') return [head, ...bodyLines(p as Stmt[], indent + 4)];
  if (k === 'select') return [head, ...selectLines(p as { cases: SelectCase[]; default?: Stmt[] }, indent + 4)];
  if (k === 'defer') return [head, ...stmtLines(p as Stmt, indent + 4)];
  const record = typeof p === 'object' && p !== null && !Array.isArray(p) && !isExprRecord(p) ? (p as Record<string, unknown>) : undefined;
  const nested = record !== undefined && Object.values(record).some((v) => isBody(v) && v.length > 0);
  if (!nested) return [`${head} ${flow(p)}`];
  const lines = [head];
  for (const [f, v] of Object.entries(record!)) {
    if (isBody(v) && v.length > 0) lines.push(`${pad(indent + 4)}${f}:`, ...bodyLines(v, indent + 6));
    else lines.push(`${pad(indent + 4)}${f}: ${flow(v)}`);
  }
  return lines;
}

function bodyLines(body: readonly Stmt[], indent: number): string[] {
  return body.flatMap((st) => stmtLines(st, indent));
}

function selectLines(sel: { cases: SelectCase[]; default?: Stmt[] }, indent: number): string[] {
  const lines = [`${pad(indent)}cases:`];
  for (const c of sel.cases) {
    const [k, spec] = 'send' in c ? ['send', c.send] : ['recv', c.recv];
    lines.push(`${pad(indent + 2)}- ${k}: ${flow(spec)}`);
    if (c.body !== undefined) {
      if (c.body.length === 0) lines.push(`${pad(indent + 4)}body: []`);
      else lines.push(`${pad(indent + 4)}body:`, ...bodyLines(c.body, indent + 6));
    }
  }
  if (sel.default !== undefined) {
    if (sel.default.length === 0) lines.push(`${pad(indent)}default: []`);
    else lines.push(`${pad(indent)}default:`, ...bodyLines(sel.default, indent + 2));
  }
  return lines;
}

/** Text folded at `width` columns as a YAML `>` block; paragraphs are separated by "\n" in `text`. */
function folded(text: string, indent: number, width = 78): string[] {
  const paragraphs = text.replace(/\n$/, '').split('\n');
  const lines: string[] = [];
  paragraphs.forEach((para, i) => {
    if (i > 0) lines.push('');
    let line = '';
    for (const word of para.split(' ')) {
      if (line !== '' && indent + line.length + 1 + word.length > width) {
        lines.push(pad(indent) + line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(pad(indent) + line);
  });
  return lines;
}

function outcomeLine(o: OutcomeSpec): string {
  return flow(o);
}

/** The case as YAML text, in the corpus's field order. */
export function caseYaml(s: Scenario, header: readonly string[] = []): string {
  if (s.story !== undefined && (!s.story.endsWith('\n') || s.story.slice(0, -1).includes('\n\n') || /  /.test(s.story))) {
    throw new Error(`${s.name}: a story is paragraphs joined by single newlines, ending in one, with single spaces`);
  }
  const out: string[] = header.map((h) => `# ${h}`.trimEnd());
  out.push(`name: ${scalar(s.name, false)}`);
  if (s.story !== undefined) out.push('story: >', ...folded(s.story, 2));
  if (s.level !== undefined) out.push(`level: ${s.level}`);
  if (s.since !== undefined) out.push(`since: ${JSON.stringify(s.since)}`);
  if (s.gomaxprocs !== undefined) out.push(`gomaxprocs: ${s.gomaxprocs}`);
  if (s.refs !== undefined) out.push('refs:', ...s.refs.map((r) => `  - ${scalar(r, false)}`));
  if (s.status !== undefined) out.push(`status: ${s.status}`);
  // `>` keeps one final newline, `>-` none.
  if (s.reason !== undefined) out.push(`reason: ${s.reason.endsWith('\n') ? '>' : '>-'}`, ...folded(s.reason, 2));
  if (s.unsupportedBy !== undefined) out.push(`unsupportedBy: ${flow(s.unsupportedBy)}`);
  if (s.objects !== undefined) {
    out.push('objects:');
    for (const [n, d] of Object.entries(s.objects)) out.push(`  ${n}: ${flow(d)}`);
  }
  if (s.procs !== undefined) {
    out.push('procs:');
    for (const [n, p] of Object.entries(s.procs)) {
      out.push(`  ${n}:`);
      if (p.params !== undefined) out.push(`    params: ${flow(p.params)}`);
      out.push('    body:', ...bodyLines(p.body, 6));
    }
  }
  if (s.main !== undefined) out.push('main:', ...bodyLines(s.main, 2));
  if (s.goroutines !== undefined) {
    out.push('goroutines:');
    for (const [g, body] of Object.entries(s.goroutines)) out.push(`  ${g}:`, ...bodyLines(body, 4));
  }
  if (s.final !== undefined) out.push(`final: ${flow(s.final)}`);
  const e = s.expect;
  if (e !== undefined) {
    out.push('expect:');
    if (e.question !== undefined) out.push(`  question: { kind: ${e.question.kind}, outcome: ${outcomeLine(e.question.outcome)} }`);
    if (e.racy !== undefined) out.push(`  racy: ${e.racy}`);
    if (e.verdict !== undefined) out.push(`  verdict: ${flow(e.verdict)}`);
    if (e.allowed !== undefined) out.push('  allowed:', ...e.allowed.map((o) => `    - ${outcomeLine(o)}`));
    if (e.forbidden !== undefined) out.push('  forbidden:', ...e.forbidden.map((o) => `    - ${outcomeLine(o)}`));
    if (e.explored !== undefined) out.push(`  explored: ${flow(e.explored)}`);
  }
  return `${out.join('\n')}\n`;
}
