// Scenario values as Go source text, for the code generator (codegen.ts):
// Go string literals for every text a scenario carries (goString, the one
// way scenario text reaches the Go source: invariant 1 of codegen.ts),
// scenario expressions as Go expressions (goExpr: `/` and `%` through
// divI/modI, constant arithmetic made non-constant, invariant 5), and the
// error that makes a case unsupported.

import type { ClockKind, Expr, Name } from '../../../model/ir.ts';

/** A case the generator cannot express; the message is the reason. */
export class Unsupported extends Error {}

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

/** The Go type of a register (typing.ts infers it). */
export type GoType = 'int' | 'bool';

export interface GoExpr {
  readonly code: string;
  readonly type: GoType;
  /** A Go constant expression (invariant 5 of codegen.ts). */
  readonly konst: boolean;
}

/** What translating an expression needs of its generator: registers, their types, and len/cap of a channel operand. */
export interface ExprScope {
  reg(name: Name): string;
  regType(name: Name): GoType;
  chanLen(name: Name): string;
  chanCap(name: Name): string;
}

/** A scenario expression in Go. */
export function goExpr(e: Expr, g: ExprScope): GoExpr {
  if (typeof e === 'number') {
    if (!Number.isSafeInteger(e)) throw new Unsupported(`${e} is not an integer Go and the model agree on`);
    return { code: e < 0 ? `(${e})` : String(e), type: 'int', konst: true };
  }
  if (typeof e === 'boolean') return { code: String(e), type: 'bool', konst: true };
  if ('reg' in e) return { code: g.reg(e.reg), type: g.regType(e.reg), konst: false };
  if ('len' in e) return { code: g.chanLen(e.len), type: 'int', konst: false };
  if ('cap' in e) return { code: g.chanCap(e.cap), type: 'int', konst: false };
  if ('un' in e) {
    const x = goExpr(e.x, g);
    if (e.un === '-') return { code: `(-${x.code})`, type: 'int', konst: x.konst };
    return { code: `(!${truthy(x)})`, type: 'bool', konst: x.konst };
  }
  const l = goExpr(e.l, g);
  const r = goExpr(e.r, g);
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

/** A Go condition: a bool as it is, an int compared with 0 (as the model counts an int). */
export function truthy(x: GoExpr): string {
  return x.type === 'bool' ? x.code : `(${x.code} != 0)`;
}

export function zero(t: GoType): string {
  return t === 'bool' ? 'false' : '0';
}

/** The Go type of a timer-kind object in a run's struct and as a parameter (a receive reads its channel, unitgen.ts). */
export const TIMER_FIELD_TYPES: Readonly<Record<ClockKind, string>> = { timer: '*time.Timer', ticker: '*time.Ticker', after: '<-chan time.Time', afterfunc: '*time.Timer' };
