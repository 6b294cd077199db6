// The relation algebra (model/memory/relations.ts) against the textbook
// definitions on sets of pairs: each operator of cat agrees with a naive
// implementation on random relations, including sizes past one 32-bit word
// per row; plus the algebraic laws the axioms lean on.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEED, propertyParams } from '../../properties/seed.ts';
import type { Rel } from './relations.ts';
import {
  acyclic, cross, describeRel, domain, emptyRel, has, ident, inSet, inter, inverse, irreflexive, isEmpty, members,
  minus, pairsOf, plus, relOf, restrict, sameRel, seq, setInter, setMinus, setOf, setUnion, union,
} from './relations.ts';

type Pairs = [number, number][];

/** The naive reading: a relation is a sorted list of distinct pairs. */
function norm(ps: Iterable<readonly [number, number]>): Pairs {
  const keys = new Set([...ps].map(([a, b]) => `${a},${b}`));
  return [...keys].map((k) => k.split(',').map(Number) as [number, number]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

function naiveSeq(r: Pairs, s: Pairs): Pairs {
  return norm(r.flatMap(([a, b]) => s.filter(([c]) => c === b).map(([, d]) => [a, d] as [number, number])));
}

function naivePlus(r: Pairs): Pairs {
  let acc = norm(r);
  for (;;) {
    const next = norm([...acc, ...naiveSeq(acc, r)]);
    if (next.length === acc.length) return acc;
    acc = next;
  }
}

/** A cycle exists iff some node reaches itself by depth-first search. */
function naiveHasCycle(n: number, r: Pairs): boolean {
  const state = new Array<number>(n).fill(0); // 0 new, 1 on stack, 2 done
  const visit = (a: number): boolean => {
    state[a] = 1;
    for (const [x, b] of r) {
      if (x !== a) continue;
      if (state[b] === 1 || (state[b] === 0 && visit(b))) return true;
    }
    state[a] = 2;
    return false;
  };
  for (let a = 0; a < n; a++) if (state[a] === 0 && visit(a)) return true;
  return false;
}

/** n events (up to 40, so rows span two words) and relations over them. */
const sized = <T>(f: (n: number) => fc.Arbitrary<T>): fc.Arbitrary<[number, T]> =>
  fc.integer({ min: 1, max: 40 }).chain((n) => f(n).map((t) => [n, t] as [number, T]));
const pairs = (n: number, max = 30): fc.Arbitrary<Pairs> =>
  fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: max });
const ids = (n: number): fc.Arbitrary<number[]> => fc.array(fc.nat(n - 1), { maxLength: n });

describe(`relation operators agree with their definitions on pair sets (seed ${SEED})`, () => {
  it('relOf/pairsOf round trip, has', () => {
    fc.assert(
      fc.property(sized((n) => pairs(n)), ([n, ps]) => {
        // Arrange / Act
        const r = relOf(n, ps);
        // Assert
        expect(pairsOf(r)).toEqual(norm(ps));
        for (const [a, b] of ps) expect(has(r, a, b)).toBe(true);
      }),
      propertyParams(),
    );
  });

  it('union, inter, minus, inverse, seq', () => {
    fc.assert(
      fc.property(sized((n) => fc.tuple(pairs(n), pairs(n))), ([n, [p, q]]) => {
        // Arrange
        const r = relOf(n, p);
        const s = relOf(n, q);
        const inQ = (x: [number, number]): boolean => q.some(([a, b]) => a === x[0] && b === x[1]);
        // Act / Assert
        expect(pairsOf(union(r, s))).toEqual(norm([...p, ...q]));
        expect(pairsOf(inter(r, s))).toEqual(norm(p.filter(inQ)));
        expect(pairsOf(minus(r, s))).toEqual(norm(p.filter((x) => !inQ(x))));
        expect(pairsOf(inverse(r))).toEqual(norm(p.map(([a, b]) => [b, a] as [number, number])));
        expect(pairsOf(seq(r, s))).toEqual(naiveSeq(p, q));
      }),
      propertyParams(),
    );
  });

  it('plus is the least transitive relation containing r; acyclic iff no cycle; irreflexive', () => {
    fc.assert(
      fc.property(sized((n) => pairs(n, 2 * n)), ([n, p]) => {
        // Arrange
        const r = relOf(n, p);
        // Act / Assert
        expect(pairsOf(plus(r))).toEqual(naivePlus(p));
        expect(acyclic(r)).toBe(!naiveHasCycle(n, p));
        expect(irreflexive(r)).toBe(!p.some(([a, b]) => a === b));
        expect(isEmpty(r)).toBe(p.length === 0);
      }),
      propertyParams(),
    );
  });

  it('sets, [S];r;[T], S×T, [S] and domain', () => {
    fc.assert(
      fc.property(sized((n) => fc.tuple(pairs(n), ids(n), ids(n))), ([n, [p, si, ti]]) => {
        // Arrange
        const r = relOf(n, p);
        const S = setOf(n, si);
        const T = setOf(n, ti);
        // Act / Assert
        expect(members(S)).toEqual([...new Set(si)].sort((a, b) => a - b));
        expect(members(setUnion(S, T))).toEqual([...new Set([...si, ...ti])].sort((a, b) => a - b));
        expect(members(setInter(S, T))).toEqual([...new Set(si.filter((i) => ti.includes(i)))].sort((a, b) => a - b));
        expect(members(setMinus(S, T))).toEqual([...new Set(si.filter((i) => !ti.includes(i)))].sort((a, b) => a - b));
        expect(pairsOf(restrict(S, r, T))).toEqual(norm(p.filter(([a, b]) => si.includes(a) && ti.includes(b))));
        expect(sameRel(restrict(S, r, T), seq(ident(S), r, ident(T)))).toBe(true);
        expect(pairsOf(cross(S, T))).toEqual(norm(si.flatMap((a) => ti.map((b) => [a, b] as [number, number]))));
        expect(members(domain(r))).toEqual([...new Set(p.map(([a]) => a))].sort((a, b) => a - b));
        for (const i of si) expect(inSet(S, i)).toBe(true);
      }),
      propertyParams(),
    );
  });
});

describe(`laws the axioms lean on (seed ${SEED})`, () => {
  it('seq is associative, inverse reverses it, plus is idempotent', () => {
    fc.assert(
      fc.property(sized((n) => fc.tuple(pairs(n), pairs(n), pairs(n))), ([n, [p, q, t]]) => {
        // Arrange
        const [a, b, c] = [relOf(n, p), relOf(n, q), relOf(n, t)];
        // Act / Assert
        expect(sameRel(seq(seq(a, b), c), seq(a, seq(b, c)))).toBe(true);
        expect(sameRel(inverse(seq(a, b)), seq(inverse(b), inverse(a)))).toBe(true);
        expect(sameRel(plus(plus(a)), plus(a))).toBe(true);
      }),
      propertyParams(),
    );
  });

  it('checks are antitone: a relation with more pairs is never more acyclic (the checker prunes on it)', () => {
    fc.assert(
      fc.property(sized((n) => fc.tuple(pairs(n), pairs(n))), ([n, [p, q]]) => {
        // Arrange
        const small = relOf(n, p);
        const big = union(small, relOf(n, q));
        // Act / Assert
        if (!acyclic(small)) expect(acyclic(big)).toBe(false);
        if (!irreflexive(small)) expect(irreflexive(big)).toBe(false);
        if (!isEmpty(small)) expect(isEmpty(big)).toBe(false);
      }),
      propertyParams(),
    );
  });
});

describe('small stories', () => {
  it('the SB cycle: po;fr;po;fr is a cycle of four edges over four events', () => {
    // Arrange: 0 Wx, 1 Ry (P0); 2 Wy, 3 Rx (P1); both reads miss the other write.
    const po = relOf(4, [[0, 1], [2, 3]]);
    const fr = relOf(4, [[1, 2], [3, 0]]);
    // Act / Assert
    expect(acyclic(po)).toBe(true);
    expect(acyclic(union(po, fr))).toBe(false);
    expect(describeRel(seq(po, fr), (i) => ['Wx', 'Ry', 'Wy', 'Rx'][i]!)).toBe('(Wx, Wy), (Wy, Wx)');
  });

  it('mixing sizes throws instead of reading garbage', () => {
    // Act / Assert
    expect(() => union(emptyRel(3), emptyRel(4))).toThrow(/do not mix/);
    expect(() => relOf(2, [[0, 2]])).toThrow(/outside/);
  });

  it('bits past n stay clean, so equal relations compare equal', () => {
    // Arrange
    const S = setOf(33, [0, 32]);
    const r: Rel = minus(cross(S, S), relOf(33, [[0, 0]]));
    // Act / Assert
    expect(sameRel(r, relOf(33, [[0, 32], [32, 0], [32, 32]]))).toBe(true);
  });
});
