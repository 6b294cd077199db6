// The surface syntax of IR expressions (`Expr` in ir.ts): how a case writes
// "n * 2" or "len(c) == cap(c)" and how reports print an Expr back, in Go's
// own syntax. Nothing here evaluates; the model does that.
//
// Grammar (Go's, restricted to what the IR has):
//   expr    = unary { binop unary }        binop by Go precedence, left associative:
//                                          5: * / %   4: + -   3: == != < <= > >=
//                                          2: &&      1: ||
//   unary   = ("-" | "!") unary | primary
//   primary = int | "true" | "false" | name | "len" "(" name ")" | "cap" "(" name ")"
//           | "(" expr ")"
//   int     = decimal digits, no leading zero (Go would read 017 as octal)
//
// Invariants:
//   1. `-` applied directly to an integer literal folds: "-3" parses to -3,
//      never to { un: '-', x: 3 }; "-(3)" keeps the unary node.
//   2. printExpr parenthesises only where precedence or folding needs it, and
//      parseExpr(printExpr(e)) deep-equals e for every well-formed e: safe
//      integers, register and channel names that are identifiers other than
//      the reserved words below.
//   3. Syntax errors are ExprSyntaxError with a 1-based column into the text.

import type { BinOp, Expr, Name, UnOp } from './ir.ts';

/** Words an expression gives a meaning of its own; they cannot name registers. */
export const EXPR_RESERVED: readonly string[] = ['true', 'false', 'len', 'cap'];

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Binding strength of each binary operator, as in the Go specification. */
export const BIN_PRECEDENCE: Readonly<Record<BinOp, number>> = {
  '*': 5, '/': 5, '%': 5,
  '+': 4, '-': 4,
  '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '&&': 2,
  '||': 1,
};

/** Tighter than every binary operator: `-a * b` is `(-a) * b`, as in Go. */
const UNARY_PRECEDENCE = 6;

export class ExprSyntaxError extends Error {
  /** 1-based column in the expression text where the problem starts. */
  readonly column: number;
  /** The message without its column, for callers that place the column themselves. */
  readonly reason: string;
  constructor(reason: string, column: number) {
    super(`column ${column}: ${reason}`);
    this.name = 'ExprSyntaxError';
    this.column = column;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------
// Tokens

type Token =
  | { kind: 'int'; text: string; col: number }
  | { kind: 'ident'; text: string; col: number }
  | { kind: 'op'; text: string; col: number }
  | { kind: 'end'; text: ''; col: number };

/** Longest first, so "<=" is never read as "<" then "=". */
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '(', ')'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const col = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9A-Za-z_]+/.exec(text.slice(i))![0];
      if (!/^[0-9]+$/.test(m)) throw new ExprSyntaxError(`malformed integer "${m}": integers are decimal digits`, col);
      if (m.length > 1 && m[0] === '0') {
        throw new ExprSyntaxError(`integer "${m}" has a leading zero (Go would read it as octal); write it without`, col);
      }
      tokens.push({ kind: 'int', text: m, col });
      i += m.length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z0-9_]+/.exec(text.slice(i))![0];
      tokens.push({ kind: 'ident', text: m, col });
      i += m.length;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op === undefined) {
        const hint = ch === '=' ? ' (comparison is ==)' : ch === '&' || ch === '|' ? ` (logical operators are && and ||)` : '';
        throw new ExprSyntaxError(`unexpected character ${JSON.stringify(ch)}${hint}`, col);
      }
      tokens.push({ kind: 'op', text: op, col });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: '', col: text.length + 1 });
  return tokens;
}

function describeToken(t: Token): string {
  return t.kind === 'end' ? 'end of expression' : `"${t.text}"`;
}

// ---------------------------------------------------------------------------
// Parser: precedence climbing over the token list

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'end') this.pos++;
    return t;
  }
  private expectOp(op: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== op) throw new ExprSyntaxError(`expected ${what}, found ${describeToken(t)}`, t.col);
    return this.next();
  }

  parseAll(): Expr {
    const e = this.parseBinary(1);
    const t = this.peek();
    if (t.kind !== 'end') throw new ExprSyntaxError(`expected an operator or the end of the expression, found ${describeToken(t)}`, t.col);
    return e;
  }

  private parseBinary(minPrec: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      const prec = t.kind === 'op' ? BIN_PRECEDENCE[t.text as BinOp] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      this.next();
      // prec + 1 on the right makes every level left associative.
      const right = this.parseBinary(prec + 1);
      left = { bin: t.text as BinOp, l: left, r: right };
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '!')) {
      this.next();
      const operand = this.peek();
      if (t.text === '-' && operand.kind === 'int') {
        // Invariant 1: a negative literal is a number, as a case author means it.
        this.next();
        const n = literal(operand);
        return n === 0 ? 0 : -n;
      }
      return { un: t.text as UnOp, x: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const t = this.next();
    if (t.kind === 'int') return literal(t);
    if (t.kind === 'ident') {
      if (t.text === 'true') return true;
      if (t.text === 'false') return false;
      if (t.text === 'len' || t.text === 'cap') return this.parseBuiltin(t.text, t);
      return { reg: t.text };
    }
    if (t.kind === 'op' && t.text === '(') {
      const e = this.parseBinary(1);
      const close = this.peek();
      if (close.kind !== 'op' || close.text !== ')') {
        throw new ExprSyntaxError(`expected ")" to close the "(" at column ${t.col}, found ${describeToken(close)}`, close.col);
      }
      this.next();
      return e;
    }
    throw new ExprSyntaxError(
      `expected an operand (an integer, true, false, a name, len(c), cap(c) or "("), found ${describeToken(t)}`,
      t.col,
    );
  }

  private parseBuiltin(fn: 'len' | 'cap', at: Token): Expr {
    this.expectOp('(', `"(" after ${fn} (${fn} is reserved for ${fn}(c) of a channel)`);
    const arg = this.next();
    if (arg.kind !== 'ident' || EXPR_RESERVED.includes(arg.text)) {
      throw new ExprSyntaxError(`${fn}(...) takes a channel name, found ${describeToken(arg)}`, arg.col);
    }
    this.expectOp(')', `")" to close ${fn}( at column ${at.col}`);
    return fn === 'len' ? { len: arg.text } : { cap: arg.text };
  }
}

function literal(t: Token): number {
  const n = Number(t.text);
  if (!Number.isSafeInteger(n)) {
    throw new ExprSyntaxError(`integer ${t.text} is too large (beyond ±${Number.MAX_SAFE_INTEGER})`, t.col);
  }
  return n;
}

/** Parses Go expression syntax into an Expr; throws ExprSyntaxError. */
export function parseExpr(text: string): Expr {
  return new Parser(tokenize(text)).parseAll();
}

// ---------------------------------------------------------------------------
// Printer

/** How tightly the printed form of `e` binds, to decide on parentheses. */
function precedenceOf(e: Expr): number {
  if (typeof e === 'object' && 'bin' in e) return BIN_PRECEDENCE[e.bin];
  if (typeof e === 'object' && 'un' in e) return UNARY_PRECEDENCE;
  if (typeof e === 'number' && e < 0) return UNARY_PRECEDENCE; // prints as "-3"
  return UNARY_PRECEDENCE + 1;
}

/** Prints an Expr in Go syntax, with the fewest parentheses that keep its shape. */
export function printExpr(e: Expr): string {
  if (typeof e === 'number' || typeof e === 'boolean') return String(e);
  if ('reg' in e) return e.reg;
  if ('len' in e) return `len(${e.len})`;
  if ('cap' in e) return `cap(${e.cap})`;
  if ('un' in e) {
    // A number operand always gets parentheses: "-3" would fold (invariant 1)
    // and "--3" is Go's decrement token. So does a nested "-": "- -x" reads
    // poorly and "--x" is not an expression.
    const x = e.x;
    const paren =
      typeof x === 'number' ||
      precedenceOf(x) < UNARY_PRECEDENCE ||
      (e.un === '-' && typeof x === 'object' && 'un' in x && x.un === '-');
    const inner = printExpr(x);
    return `${e.un}${paren ? `(${inner})` : inner}`;
  }
  const prec = BIN_PRECEDENCE[e.bin];
  // Left associative: a left operand of equal precedence needs no parentheses, a right one does.
  const l = precedenceOf(e.l) < prec ? `(${printExpr(e.l)})` : printExpr(e.l);
  const r = precedenceOf(e.r) <= prec ? `(${printExpr(e.r)})` : printExpr(e.r);
  return `${l} ${e.bin} ${r}`;
}

// ---------------------------------------------------------------------------
// Names an expression uses

function collect(e: Expr, pick: (leaf: Expr) => Name | undefined, out: Name[]): void {
  if (typeof e !== 'object') return;
  if ('un' in e) return collect(e.x, pick, out);
  if ('bin' in e) {
    collect(e.l, pick, out);
    collect(e.r, pick, out);
    return;
  }
  const name = pick(e);
  if (name !== undefined && !out.includes(name)) out.push(name);
}

/** Registers (and int/bool parameters) an expression reads, each once, in order of appearance. */
export function exprRegisters(e: Expr): Name[] {
  const out: Name[] = [];
  collect(e, (leaf) => (typeof leaf === 'object' && 'reg' in leaf ? leaf.reg : undefined), out);
  return out;
}

/** Channels an expression asks len or cap of, each once, in order of appearance. */
export function exprObjects(e: Expr): Name[] {
  const out: Name[] = [];
  const pick = (leaf: Expr): Name | undefined =>
    typeof leaf !== 'object' ? undefined : 'len' in leaf ? leaf.len : 'cap' in leaf ? leaf.cap : undefined;
  collect(e, pick, out);
  return out;
}
