// Tests of the expression surface syntax: parsing with Go's precedence,
// printing with minimal parentheses, error columns, and the print/parse
// round trip over generated expression trees.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BinOp, Expr } from './ir.ts';
import {
  BIN_PRECEDENCE, EXPR_RESERVED, ExprSyntaxError, exprObjects, exprRegisters, parseExpr, printExpr,
} from './expr.ts';

const SEED = 20240611;

const reg = (name: string): Expr => ({ reg: name });
const bin = (op: BinOp, l: Expr, r: Expr): Expr => ({ bin: op, l, r });

describe('parseExpr', () => {
  const cases: Array<[string, Expr]> = [
    ['3', 3],
    ['0', 0],
    ['-3', -3],
    ['- 3', -3],
    ['-0', 0],
    ['-(3)', { un: '-', x: 3 }],
    ['true', true],
    ['false', false],
    ['v', reg('v')],
    ['_x9', reg('_x9')],
    ['len(c)', { len: 'c' }],
    ['cap( c )', { cap: 'c' }],
    ['!ok', { un: '!', x: reg('ok') }],
    ['-x', { un: '-', x: reg('x') }],
    ['n * 2', bin('*', reg('n'), 2)],
    ['a + b * c', bin('+', reg('a'), bin('*', reg('b'), reg('c')))],
    ['(a + b) * c', bin('*', bin('+', reg('a'), reg('b')), reg('c'))],
    ['a - b - c', bin('-', bin('-', reg('a'), reg('b')), reg('c'))],
    ['a - (b - c)', bin('-', reg('a'), bin('-', reg('b'), reg('c')))],
    ['a / b % c', bin('%', bin('/', reg('a'), reg('b')), reg('c'))],
    ['a < b == c', bin('==', bin('<', reg('a'), reg('b')), reg('c'))],
    ['a || b && c', bin('||', reg('a'), bin('&&', reg('b'), reg('c')))],
    ['a && b || c', bin('||', bin('&&', reg('a'), reg('b')), reg('c'))],
    ['x + 1 <= len(c) && !done', bin('&&', bin('<=', bin('+', reg('x'), 1), { len: 'c' }), { un: '!', x: reg('done') })],
    ['-a * b', bin('*', { un: '-', x: reg('a') }, reg('b'))],
    ['a - -3', bin('-', reg('a'), -3)],
    ['a>=b', bin('>=', reg('a'), reg('b'))],
    ['a != b', bin('!=', reg('a'), reg('b'))],
    ['9007199254740991', 9007199254740991],
  ];
  it.each(cases)('%s', (text, want) => {
    // Arrange / Act
    const got = parseExpr(text);
    // Assert
    expect(got).toEqual(want);
  });
});

describe('parseExpr errors name the column and what was expected', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['', 1, /expected an operand .* found end of expression/],
    ['a +', 4, /expected an operand/],
    ['a b', 3, /expected an operator or the end of the expression, found "b"/],
    ['(a + b', 7, /expected "\)" to close the "\(" at column 1/],
    ['a = b', 3, /unexpected character "=" \(comparison is ==\)/],
    ['a & b', 3, /logical operators are && and \|\|/],
    ['x @ 1', 3, /unexpected character "@"/],
    ['017', 1, /leading zero/],
    ['3x', 1, /malformed integer "3x"/],
    ['len c', 5, /expected "\(" after len/],
    ['len(3)', 5, /len\(...\) takes a channel name, found "3"/],
    ['cap(c', 6, /expected "\)" to close cap\( at column 1/],
    ['99999999999999999999', 1, /too large/],
    ['a + )', 5, /expected an operand .* found "\)"/],
  ];
  it.each(cases)('%j fails at column %i', (text, column, message) => {
    // Arrange / Act
    let caught: unknown;
    try {
      parseExpr(text);
    } catch (e) {
      caught = e;
    }
    // Assert
    expect(caught).toBeInstanceOf(ExprSyntaxError);
    const err = caught as ExprSyntaxError;
    expect(err.column).toBe(column);
    expect(err.reason).toMatch(message);
    expect(err.message).toBe(`column ${column}: ${err.reason}`);
  });
});

describe('printExpr', () => {
  const cases: Array<[Expr, string]> = [
    [-3, '-3'],
    [{ un: '-', x: 3 }, '-(3)'],
    [{ un: '-', x: -3 }, '-(-3)'],
    [{ un: '-', x: { un: '-', x: reg('x') } }, '-(-x)'],
    [{ un: '!', x: { un: '!', x: reg('x') } }, '!!x'],
    [{ un: '!', x: bin('&&', reg('a'), reg('b')) }, '!(a && b)'],
    [bin('-', reg('a'), bin('-', reg('b'), reg('c'))), 'a - (b - c)'],
    [bin('-', bin('-', reg('a'), reg('b')), reg('c')), 'a - b - c'],
    [bin('*', bin('+', reg('a'), 1), { len: 'c' }), '(a + 1) * len(c)'],
    [bin('+', reg('a'), bin('*', 2, { cap: 'c' })), 'a + 2 * cap(c)'],
    [bin('-', reg('a'), -3), 'a - -3'],
    [bin('||', bin('&&', reg('a'), reg('b')), false), 'a && b || false'],
  ];
  it.each(cases)('%j prints as %s', (e, want) => {
    // Arrange / Act
    const text = printExpr(e);
    // Assert
    expect(text).toBe(want);
    expect(parseExpr(text)).toEqual(e);
  });
});

describe('exprRegisters and exprObjects', () => {
  it('list each name once, in order of appearance', () => {
    // Arrange
    const e = parseExpr('b + a * b > len(c) - cap(d) + len(c) && !ok');
    // Act
    const regs = exprRegisters(e);
    const objs = exprObjects(e);
    // Assert
    expect(regs).toEqual(['b', 'a', 'ok']);
    expect(objs).toEqual(['c', 'd']);
  });

  it('find nothing in literals', () => {
    // Arrange / Act / Assert
    expect(exprRegisters(7)).toEqual([]);
    expect(exprObjects(true)).toEqual([]);
  });
});

// Well-formed expression trees: safe integers, identifiers that are not reserved.
const name = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}$/)
  .filter((s) => !EXPR_RESERVED.includes(s));
const binOp = fc.constantFrom(...(Object.keys(BIN_PRECEDENCE) as BinOp[]));
const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.maxSafeInteger(),
    fc.boolean(),
    name.map((n): Expr => ({ reg: n })),
    name.map((n): Expr => ({ len: n })),
    name.map((n): Expr => ({ cap: n })),
    fc.record({ un: fc.constantFrom('-' as const, '!' as const), x: tie('expr') }),
    fc.record({ bin: binOp, l: tie('expr'), r: tie('expr') }),
  ),
}));

describe(`printExpr/parseExpr round trip (seed ${SEED})`, () => {
  it('parseExpr(printExpr(e)) equals e', () => {
    // Arrange / Act / Assert
    fc.assert(
      fc.property(expr, (e) => {
        const back = parseExpr(printExpr(e));
        expect(back).toEqual(e);
        expect(Object.is(back, -0)).toBe(false);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('printing is a fixed point after one round trip', () => {
    // Arrange / Act / Assert
    fc.assert(
      fc.property(expr, (e) => {
        const once = printExpr(e);
        expect(printExpr(parseExpr(once))).toBe(once);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
