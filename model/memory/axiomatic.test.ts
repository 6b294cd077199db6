// The axiomatic checker (model/memory/axiomatic.ts) against the litmus table
// of docs/facts/memory-model.md §2: every shape run plain and with all
// accesses atomic, the weak outcome's verdict and the race flag checked for
// each; whole outcome sets for SB, MP, LB and 2+2W; the thin-air shapes; the
// fragment's boundary; and teeth: each axiom dropped from GO_AXIOMS flips the
// verdict of a named shape.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Expr, OutcomeSpec, Scenario, Stmt } from '../ir.ts';
import { SEED, propertyParams } from '../../properties/seed.ts';
import { matchesPartial, outcomeFromSpec, outcomeKey } from '../outcome.ts';
import type { Axiom } from './axiomatic.ts';
import { GO_AXIOMS, OutsideFragment, axiomaticOutcomes, derive, outsideFragment, raceIn, visitExecutions } from './axiomatic.ts';
import { sameRel } from './relations.ts';

// ---------------------------------------------------------------------------
// Litmus shapes as data: each operation is written once and runs plain or atomic

type Mode = 'plain' | 'atomic';

/** One statement of a shape, in either mode, with the registers it loads. */
interface Op {
  readonly stmt: (m: Mode) => Stmt;
  readonly regs: readonly string[];
}

/** x = v (atomic.Store in atomic mode). */
const W = (loc: string, value: number): Op => ({
  stmt: (m) => (m === 'plain' ? { store: { to: loc, value } } : { atomicStore: { to: loc, value } }),
  regs: [],
});

/** r = x (atomic.Load in atomic mode). */
const R = (loc: string, into: string): Op => ({
  stmt: (m) => (m === 'plain' ? { load: { from: loc, into } } : { atomicLoad: { from: loc, into } }),
  regs: [into],
});

/** if r == v { body }. */
const IF = (reg: string, v: number, ...body: Op[]): Op => ({
  stmt: (m) => ({ if: { cond: { bin: '==', l: { reg }, r: v }, then: body.map((o) => o.stmt(m)) } }),
  regs: body.flatMap((o) => o.regs),
});

type Verdict = 'A' | 'F';

interface LitmusShape {
  readonly name: string;
  readonly threads: readonly (readonly Op[])[];
  readonly final?: readonly string[];
  /** The weak outcome the table asks about. */
  readonly weak: OutcomeSpec;
  /** docs/facts/memory-model.md §2, "Go plain" and "Go atomic". */
  readonly plain: Verdict;
  readonly atomic: Verdict;
  /** Is the plain version racy? (The atomic one never is.) */
  readonly plainRacy: boolean;
}

/** The scenario of a shape: threads P0, P1, …, each observing its registers at the end. */
function scenarioOf(shape: LitmusShape, mode: Mode, kinds: Record<string, Mode> = {}): Scenario {
  const locs = new Set<string>(shape.final ?? []);
  const goroutines: Record<string, Stmt[]> = {};
  shape.threads.forEach((ops, i) => {
    const probe = ops.map((o) => JSON.stringify(o.stmt('plain')));
    for (const p of probe) for (const m of p.matchAll(/"(?:to|from)":"(\w+)"/g)) locs.add(m[1]!);
    const regs = ops.flatMap((o) => o.regs);
    const observe: Stmt[] = regs.length > 0 ? [{ observe: Object.fromEntries(regs.map((r) => [r, { reg: r }])) }] : [];
    goroutines[`P${i}`] = [...ops.map((o) => o.stmt(kinds[probeLoc(o)] ?? mode)), ...observe];
  });
  const objects = Object.fromEntries([...locs].sort().map((l) => [l, { kind: (kinds[l] ?? mode) === 'plain' ? 'word' : 'atomic' } as const]));
  return { name: `${shape.name}${mode === 'atomic' ? '+atomics' : ''}`, objects, goroutines, ...(shape.final ? { final: [...shape.final] } : {}) };
}

/** The location an operation touches (for per-location modes). */
function probeLoc(o: Op): string {
  return /"(?:to|from)":"(\w+)"/.exec(JSON.stringify(o.stmt('plain')))?.[1] ?? '';
}

// docs/facts/memory-model.md §2, one row per shape.
const TABLE: readonly LitmusShape[] = [
  { name: 'MP', threads: [[W('x', 1), W('y', 1)], [R('y', 'r0'), R('x', 'r1')]], weak: { r0: 1, r1: 0 }, plain: 'A', atomic: 'F', plainRacy: true },
  { name: 'SB', threads: [[W('x', 1), R('y', 'r0')], [W('y', 1), R('x', 'r1')]], weak: { r0: 0, r1: 0 }, plain: 'A', atomic: 'F', plainRacy: true },
  { name: 'LB', threads: [[R('x', 'r0'), W('y', 1)], [R('y', 'r1'), W('x', 1)]], weak: { r0: 1, r1: 1 }, plain: 'A', atomic: 'F', plainRacy: true },
  {
    name: 'LB+ctrl42',
    threads: [[R('x', 'r0'), IF('r0', 42, W('y', 42))], [R('y', 'r1'), IF('r1', 42, W('x', 42))]],
    weak: { r0: 42, r1: 42 }, plain: 'F', atomic: 'F', plainRacy: false,
  },
  {
    name: 'IRIW',
    threads: [[W('x', 1)], [R('x', 'r0'), R('y', 'r1')], [W('y', 1)], [R('y', 'r2'), R('x', 'r3')]],
    weak: { r0: 1, r1: 0, r2: 1, r3: 0 }, plain: 'A', atomic: 'F', plainRacy: true,
  },
  { name: 'WRC', threads: [[W('x', 1)], [R('x', 'r0'), W('y', 1)], [R('y', 'r1'), R('x', 'r2')]], weak: { r0: 1, r1: 1, r2: 0 }, plain: 'A', atomic: 'F', plainRacy: true },
  {
    name: 'ISA2',
    threads: [[W('x', 1), W('y', 1)], [R('y', 'r0'), W('z', 1)], [R('z', 'r1'), R('x', 'r2')]],
    weak: { r0: 1, r1: 1, r2: 0 }, plain: 'A', atomic: 'F', plainRacy: true,
  },
  { name: 'RWC', threads: [[W('x', 1)], [R('x', 'r0'), R('y', 'r1')], [W('y', 1), R('x', 'r2')]], weak: { r0: 1, r1: 0, r2: 0 }, plain: 'A', atomic: 'F', plainRacy: true },
  { name: '2+2W', threads: [[W('x', 1), W('y', 2)], [W('y', 1), W('x', 2)]], final: ['x', 'y'], weak: { x: 1, y: 1 }, plain: 'A', atomic: 'F', plainRacy: true },
  { name: 'R', threads: [[W('x', 1), W('y', 1)], [W('y', 2), R('x', 'r0')]], final: ['y'], weak: { y: 2, r0: 0 }, plain: 'A', atomic: 'F', plainRacy: true },
  { name: 'S', threads: [[W('x', 2), W('y', 1)], [R('y', 'r0'), W('x', 1)]], final: ['x'], weak: { x: 2, r0: 1 }, plain: 'A', atomic: 'F', plainRacy: true },
  {
    name: '3.SB',
    threads: [[W('x', 1), R('y', 'r0')], [W('y', 1), R('z', 'r1')], [W('z', 1), R('x', 'r2')]],
    weak: { r0: 0, r1: 0, r2: 0 }, plain: 'A', atomic: 'F', plainRacy: true,
  },
  {
    name: '3.LB',
    threads: [[R('x', 'r0'), W('y', 1)], [R('y', 'r1'), W('z', 1)], [R('z', 'r2'), W('x', 1)]],
    weak: { r0: 1, r1: 1, r2: 1 }, plain: 'A', atomic: 'F', plainRacy: true,
  },
  { name: 'CoRR', threads: [[W('x', 1)], [R('x', 'r0'), R('x', 'r1')]], weak: { r0: 1, r1: 0 }, plain: 'A', atomic: 'F', plainRacy: true },
  {
    name: 'CoRR4',
    threads: [[W('x', 1)], [W('x', 2)], [R('x', 'r0'), R('x', 'r1')], [R('x', 'r2'), R('x', 'r3')]],
    weak: { r0: 1, r1: 2, r2: 2, r3: 1 }, plain: 'A', atomic: 'F', plainRacy: true,
  },
  { name: 'CoWR', threads: [[W('x', 1), R('x', 'r0')], [W('x', 2)]], final: ['x'], weak: { r0: 2, x: 1 }, plain: 'A', atomic: 'F', plainRacy: true },
  { name: 'CoWR0', threads: [[W('x', 1), R('x', 'r0')]], weak: { r0: 0 }, plain: 'F', atomic: 'F', plainRacy: false },
  { name: 'CoRW1', threads: [[R('x', 'r0'), W('x', 1)]], weak: { r0: 1 }, plain: 'F', atomic: 'F', plainRacy: false },
  { name: 'CoRW2', threads: [[R('x', 'r0'), W('x', 1)], [W('x', 2)]], final: ['x'], weak: { r0: 2, x: 2 }, plain: 'A', atomic: 'F', plainRacy: true },
  { name: 'CoWW', threads: [[W('x', 1), W('x', 2)]], final: ['x'], weak: { x: 1 }, plain: 'F', atomic: 'F', plainRacy: false },
];

const shape = (name: string): LitmusShape => TABLE.find((s) => s.name === name)!;

/** The outcome set as sorted keys. */
function keysOf(specs: readonly OutcomeSpec[]): string[] {
  return specs.map((o) => outcomeKey(outcomeFromSpec(o))).sort();
}

function verdict(s: Scenario, weak: OutcomeSpec, axioms: readonly Axiom[] = GO_AXIOMS): Verdict {
  return axiomaticOutcomes(s, { axioms }).outcomes.some((o) => matchesPartial(o, weak)) ? 'A' : 'F';
}

// ---------------------------------------------------------------------------

describe('the litmus table (docs/facts/memory-model.md §2): the weak outcome and the race flag of every shape', () => {
  for (const row of TABLE) {
    for (const mode of ['plain', 'atomic'] as const) {
      it(`${row.name} ${mode}: weak outcome ${JSON.stringify(row.weak)} is ${row[mode] === 'A' ? 'allowed' : 'forbidden'}, ${mode === 'plain' && row.plainRacy ? 'racy' : 'race-free'}`, () => {
        // Arrange
        const s = scenarioOf(row, mode);
        // Act
        const r = axiomaticOutcomes(s);
        // Assert
        expect(r.outcomes.some((o) => matchesPartial(o, row.weak)) ? 'A' : 'F').toBe(row[mode]);
        expect(r.racy).toBe(mode === 'plain' && row.plainRacy);
        expect(r.executions).toBeGreaterThan(0);
        expect(r.executions).toBeLessThanOrEqual(r.candidates);
      });
    }
  }
});

describe('whole outcome sets', () => {
  const CASES: readonly { name: string; mode: Mode; allowed: OutcomeSpec[]; executions: number; candidates: number }[] = [
    // SB plain: every read may miss the other goroutine's write. 2 reads × 2 writes each.
    { name: 'SB', mode: 'plain', allowed: [{ r0: 0, r1: 0 }, { r0: 0, r1: 1 }, { r0: 1, r1: 0 }, { r0: 1, r1: 1 }], executions: 4, candidates: 4 },
    // SB atomic: one total order puts some store before the other goroutine's load.
    { name: 'SB', mode: 'atomic', allowed: [{ r0: 0, r1: 1 }, { r0: 1, r1: 0 }, { r0: 1, r1: 1 }], executions: 3, candidates: 4 },
    { name: 'MP', mode: 'plain', allowed: [{ r0: 0, r1: 0 }, { r0: 0, r1: 1 }, { r0: 1, r1: 0 }, { r0: 1, r1: 1 }], executions: 4, candidates: 4 },
    { name: 'MP', mode: 'atomic', allowed: [{ r0: 0, r1: 0 }, { r0: 0, r1: 1 }, { r0: 1, r1: 1 }], executions: 3, candidates: 4 },
    { name: 'LB', mode: 'plain', allowed: [{ r0: 0, r1: 0 }, { r0: 0, r1: 1 }, { r0: 1, r1: 0 }, { r0: 1, r1: 1 }], executions: 4, candidates: 4 },
    { name: 'LB', mode: 'atomic', allowed: [{ r0: 0, r1: 0 }, { r0: 0, r1: 1 }, { r0: 1, r1: 0 }], executions: 3, candidates: 4 },
    // 2+2W plain: both writes to each location are hb-maximal; co orders 2 writes per atomic (2 × 2 orders, × 3 × 3 final reads).
    { name: '2+2W', mode: 'plain', allowed: [{ x: 1, y: 1 }, { x: 1, y: 2 }, { x: 2, y: 1 }, { x: 2, y: 2 }], executions: 4, candidates: 9 },
    { name: '2+2W', mode: 'atomic', allowed: [{ x: 1, y: 2 }, { x: 2, y: 1 }, { x: 2, y: 2 }], executions: 3, candidates: 36 },
    // LB+ctrl42: nobody writes 42 first, so nobody writes at all.
    { name: 'LB+ctrl42', mode: 'plain', allowed: [{ r0: 0, r1: 0 }], executions: 1, candidates: 4 + 2 + 2 + 1 },
  ];
  for (const c of CASES) {
    it(`${c.name} ${c.mode}: exactly ${c.allowed.length} outcomes, ${c.executions} of ${c.candidates} candidates accepted`, () => {
      // Arrange
      const s = scenarioOf(shape(c.name), c.mode);
      // Act
      const r = axiomaticOutcomes(s);
      // Assert
      expect(r.outcomes.map(outcomeKey)).toEqual(keysOf(c.allowed));
      expect({ executions: r.executions, candidates: r.candidates }).toEqual({ executions: c.executions, candidates: c.candidates });
    });
  }
});

describe('MP with an atomic flag (data plain, flag atomic)', () => {
  it('reading the flag set forbids stale data, yet the program is racy: a reader that sees the flag unset races on x', () => {
    // Arrange
    const s = scenarioOf(shape('MP'), 'plain', { y: 'atomic' });
    // Act
    const r = axiomaticOutcomes(s);
    // Assert
    expect(r.outcomes.map(outcomeKey)).toEqual(keysOf([{ r0: 0, r1: 0 }, { r0: 0, r1: 1 }, { r0: 1, r1: 1 }]));
    expect(r.racy).toBe(true);
  });

  it('reading x only after seeing the flag is race-free (the publication idiom)', () => {
    // Arrange
    const s: Scenario = {
      name: 'MP+flag-atomic+guarded',
      objects: { x: { kind: 'word' }, y: { kind: 'atomic' } },
      goroutines: {
        P0: [{ store: { to: 'x', value: 1 } }, { atomicStore: { to: 'y', value: 1 } }],
        P1: [
          { atomicLoad: { from: 'y', into: 'r0' } },
          { if: { cond: { bin: '==', l: { reg: 'r0' }, r: 1 }, then: [{ load: { from: 'x', into: 'r1' } }] } },
          { observe: { r0: { reg: 'r0' }, r1: { reg: 'r1' } } },
        ],
      },
    };
    // Act
    const r = axiomaticOutcomes(s);
    // Assert
    expect(r.outcomes.map(outcomeKey)).toEqual(keysOf([{ r0: 0, r1: 0 }, { r0: 1, r1: 1 }]));
    expect(r.racy).toBe(false);
  });
});

describe('dependencies and thin air', () => {
  const obs = (...regs: string[]): Stmt => ({ observe: Object.fromEntries(regs.map((r) => [r, { reg: r }])) });

  it('LB+data (r0=x; y=r0 ∥ r1=y; x=1): r0=r1=1 is allowed, the dependency is one-sided', () => {
    // Arrange
    const s: Scenario = {
      name: 'LB+data',
      objects: { x: { kind: 'word' }, y: { kind: 'word' } },
      goroutines: {
        P0: [{ load: { from: 'x', into: 'r0' } }, { store: { to: 'y', value: { reg: 'r0' } } }, obs('r0')],
        P1: [{ load: { from: 'y', into: 'r1' } }, { store: { to: 'x', value: 1 } }, obs('r1')],
      },
    };
    // Act
    const r = axiomaticOutcomes(s);
    // Assert
    // (r1=1 needs y=1, which P0 writes only after reading x=1.)
    expect(r.outcomes.map(outcomeKey)).toEqual(keysOf([{ r0: 0, r1: 0 }, { r0: 1, r1: 0 }, { r0: 1, r1: 1 }]));
  });

  it('LB+datas (each copies what it read): only zeros, the copy cycle has no values', () => {
    // Arrange
    const s: Scenario = {
      name: 'LB+datas',
      objects: { x: { kind: 'word' }, y: { kind: 'word' } },
      goroutines: {
        P0: [{ load: { from: 'x', into: 'r0' } }, { store: { to: 'y', value: { bin: '+', l: { reg: 'r0' }, r: 0 } } }, obs('r0')],
        P1: [{ load: { from: 'y', into: 'r1' } }, { store: { to: 'x', value: { reg: 'r1' } } }, obs('r1')],
      },
    };
    // Act
    const r = axiomaticOutcomes(s);
    // Assert
    expect(r.outcomes.map(outcomeKey)).toEqual(keysOf([{ r0: 0, r1: 0 }]));
  });

  it('the 42 of LB+ctrl42 never appears, though each write of 42 is reachable on its own', () => {
    // Arrange
    const s = scenarioOf(shape('LB+ctrl42'), 'plain');
    // Act
    const values = axiomaticOutcomes(s).outcomes.flatMap((o) => Object.values(o.obs).flat());
    // Assert
    expect(values).not.toContain(42);
  });
});

describe('atomic read-modify-writes, branches and registers', () => {
  const adds = (n: number): Scenario => ({
    name: `${n}xAdd`,
    objects: { c: { kind: 'atomic' } },
    goroutines: Object.fromEntries(Array.from({ length: n }, (_, i) => [`P${i}`, [{ atomicAdd: { to: 'c', delta: 1, into: `n${i}` } }, { observe: { [`n${i}`]: { reg: `n${i}` } } }]])),
    final: ['c'],
  });

  it('two atomic.Add(1) never lose an update, and each returns the new value', () => {
    // Act
    const r = axiomaticOutcomes(adds(2));
    // Assert
    expect(r.outcomes.map(outcomeKey)).toEqual(keysOf([{ n0: 1, n1: 2, c: 2 }, { n0: 2, n1: 1, c: 2 }]));
    expect(r.racy).toBe(false);
  });

  it('cas: exactly one of two CompareAndSwap(0, id) wins; `into` is the swapped bool', () => {
    // Arrange
    const s: Scenario = {
      name: 'cas-race',
      objects: { a: { kind: 'atomic' } },
      goroutines: {
        P0: [{ cas: { on: 'a', old: 0, new: 1, into: 'ok0' } }, { observe: { ok0: { reg: 'ok0' } } }],
        P1: [{ cas: { on: 'a', old: 0, new: 2, into: 'ok1' } }, { observe: { ok1: { reg: 'ok1' } } }],
      },
      final: ['a'],
    };
    // Act
    const r = axiomaticOutcomes(s);
    // Assert
    expect(r.outcomes.map(outcomeKey)).toEqual(keysOf([{ ok0: true, ok1: false, a: 1 }, { ok0: false, ok1: true, a: 2 }]));
  });

  it('nested ifs, else branches, parallel let and initial values', () => {
    // Arrange: x starts at 5; the writer sets it to 7.
    const s: Scenario = {
      name: 'branches',
      objects: { x: { kind: 'word', init: 5 } },
      goroutines: {
        P0: [{ store: { to: 'x', value: 7 } }],
        P1: [
          { let: { a: 1, b: 2 } },
          { let: { a: { reg: 'b' }, b: { reg: 'a' } } }, // swap: a=2, b=1
          { load: { from: 'x', into: 'v' } },
          {
            if: {
              cond: { bin: '>', l: { reg: 'v' }, r: 5 },
              then: [{ if: { cond: { bin: '==', l: { reg: 'v' }, r: 7 }, then: [{ observe: { seen: true } }], else: [{ observe: { seen: false } }] } }],
              else: [{ observe: { seen: { un: '-', x: { reg: 'v' } } } }],
            },
          },
          { observe: { ab: { bin: '-', l: { reg: 'a' }, r: { reg: 'b' } }, q: { bin: '/', l: { un: '-', x: { reg: 'v' } }, r: 2 } } },
        ],
      },
    };
    // Act
    const r = axiomaticOutcomes(s);
    // Assert: -5/2 truncates to -2, -7/2 to -3, as Go's integer division.
    expect(r.outcomes.map(outcomeKey)).toEqual(keysOf([{ seen: -5, ab: 1, q: -2 }, { seen: true, ab: 1, q: -3 }]));
  });
});

describe('the fragment: anything else is OutsideFragment, naming the statement', () => {
  const word = { x: { kind: 'word' } } as const;
  const CASES: readonly { what: string; s: Scenario; site: string }[] = [
    { what: 'a channel operation', s: { name: 'chan', objects: { c: { kind: 'chan' } }, goroutines: { P0: [] } }, site: 'objects.c' },
    { what: 'a statement outside the litmus set', s: { name: 'gosched', objects: word, goroutines: { P0: [{ store: { to: 'x', value: 1 } }, { gosched: null }] } }, site: 'goroutines.P0[1] gosched' },
    { what: 'a main program', s: { name: 'main', objects: word, main: [] }, site: 'main' },
    { what: 'a divisor read from memory', s: { name: 'div', objects: word, goroutines: { P0: [{ load: { from: 'x', into: 'r' } }, { let: { q: { bin: '/', l: 6, r: { reg: 'r' } } } }] } }, site: 'goroutines.P0[1] let' },
    { what: 'a zero divisor inside a branch', s: { name: 'div0', objects: word, goroutines: { P0: [{ load: { from: 'x', into: 'r' } }, { if: { cond: { reg: 'r' }, then: [{ observe: { m: { bin: '%', l: 6, r: 0 } } }] } }] } }, site: 'goroutines.P0[1].if.then[0] observe' },
    { what: 'a plain load of an atomic', s: { name: 'mixed', objects: { a: { kind: 'atomic' } }, goroutines: { P0: [{ load: { from: 'a', into: 'r' } }] } }, site: 'goroutines.P0[0] load' },
    { what: 'a bool stored to a word', s: { name: 'bool', objects: word, goroutines: { P0: [{ store: { to: 'x', value: true } }] } }, site: 'goroutines.P0[0] store' },
    { what: 'one observation name in two goroutines', s: { name: 'twice', objects: word, goroutines: { P0: [{ observe: { v: 1 } }], P1: [{ observe: { v: 2 } }] } }, site: 'goroutines.P1' },
  ];
  for (const c of CASES) {
    it(`${c.what} is outside (${c.site})`, () => {
      // Act
      const thrown = (() => {
        try {
          axiomaticOutcomes(c.s);
          return null;
        } catch (e) {
          return e;
        }
      })();
      // Assert
      expect(thrown).toBeInstanceOf(OutsideFragment);
      expect((thrown as OutsideFragment).site).toBe(c.site);
      expect(outsideFragment(c.s)?.site).toBe(c.site);
    });
  }

  it('a scenario inside the fragment has no OutsideFragment', () => {
    // Act / Assert
    expect(outsideFragment(scenarioOf(shape('IRIW'), 'atomic'))).toBeNull();
  });
});

describe('GO_AXIOMS reads like a cat file', () => {
  it('five named checks, in this order', () => {
    // Act / Assert
    expect(GO_AXIOMS.map((a) => `${a.cat} as ${a.name}`)).toEqual([
      'acyclic [A];(po | join | rf | co | fr);[A] as sc-atomics',
      'empty rmw & (fr;co) as rmw-atomicity',
      'irreflexive rf;hb as no-future-read',
      'irreflexive [P];rf^-1;(([W];hb;[W]) & loc);hb as no-shadowed-read',
      'acyclic dep | rf as no-thin-air',
    ]);
  });
});

describe('teeth: dropping any one axiom flips the verdict of a named shape', () => {
  const without = (name: string): readonly Axiom[] => GO_AXIOMS.filter((a) => a.name !== name);
  const twoAdds: Scenario = {
    name: '2xAdd',
    objects: { c: { kind: 'atomic' } },
    goroutines: { P0: [{ atomicAdd: { to: 'c', delta: 1 } }], P1: [{ atomicAdd: { to: 'c', delta: 1 } }] },
    final: ['c'],
  };
  const MUTANTS: readonly { drop: string; killer: string; s: Scenario; weak: OutcomeSpec }[] = [
    { drop: 'no-thin-air', killer: 'LB+ctrl42', s: scenarioOf(shape('LB+ctrl42'), 'plain'), weak: shape('LB+ctrl42').weak },
    { drop: 'sc-atomics', killer: 'SB+atomics', s: scenarioOf(shape('SB'), 'atomic'), weak: shape('SB').weak },
    { drop: 'no-shadowed-read', killer: 'CoWR0', s: scenarioOf(shape('CoWR0'), 'plain'), weak: shape('CoWR0').weak },
    { drop: 'no-shadowed-read', killer: 'CoWW (final)', s: scenarioOf(shape('CoWW'), 'plain'), weak: shape('CoWW').weak },
    { drop: 'no-future-read', killer: 'CoRW1', s: scenarioOf(shape('CoRW1'), 'plain'), weak: shape('CoRW1').weak },
    { drop: 'rmw-atomicity', killer: '2xAdd (final c=1, a lost update)', s: twoAdds, weak: { c: 1 } },
  ];
  for (const m of MUTANTS) {
    it(`without ${m.drop}, ${m.killer} allows ${JSON.stringify(m.weak)}`, () => {
      // Act / Assert
      expect(verdict(m.s, m.weak)).toBe('F');
      expect(verdict(m.s, m.weak, without(m.drop))).toBe('A');
    });
  }

  it('every axiom of GO_AXIOMS has a killer above', () => {
    expect(new Set(MUTANTS.map((m) => m.drop))).toEqual(new Set(GO_AXIOMS.map((a) => a.name)));
  });
});

describe('the checker keeps its own invariants', () => {
  const SAMPLES: readonly Scenario[] = [
    ...TABLE.map((row) => scenarioOf(row, 'plain')),
    ...TABLE.map((row) => scenarioOf(row, 'atomic')),
    scenarioOf(shape('MP'), 'plain', { y: 'atomic' }),
    scenarioOf(shape('IRIW'), 'plain', { x: 'atomic' }),
  ];

  it('candidatesCounted: pruning by `admits` changes neither outcomes nor counts', () => {
    for (const s of SAMPLES) {
      // Arrange
      const unpruned = GO_AXIOMS.map(({ admits: _admits, ...a }) => a);
      // Act
      const pruned = axiomaticOutcomes(s);
      const full = axiomaticOutcomes(s, { axioms: unpruned });
      // Assert
      expect(full, s.name).toEqual(pruned);
    }
  });

  it('fr, sw and hb computed before the plain reads-from equal those of the whole execution', () => {
    for (const s of SAMPLES) {
      visitExecutions(s, {}, ({ x }) => {
        const again = derive(x);
        expect(sameRel(again.hb, x.hb) && sameRel(again.fr, x.fr) && sameRel(again.sw, x.sw), s.name).toBe(true);
      });
    }
  });

  it('valuesFromRf: every accepted execution\'s final values are the values of the writes its final reads read', () => {
    // Arrange
    const s = scenarioOf(shape('2+2W'), 'plain');
    // Act / Assert
    visitExecutions(s, {}, ({ x, outcome, rfOf }) => {
      for (const e of x.events.filter((ev) => ev.role === 'final')) {
        const w = x.events[rfOf[e.id]!]!;
        expect(outcome.obs[e.loc]).toEqual([(w.value as { val: number }).val]);
      }
    });
  });

  it('racyIsGos: the atomic shapes have no race in any accepted execution', () => {
    for (const row of TABLE) {
      visitExecutions(scenarioOf(row, 'atomic'), {}, ({ x }) => expect(raceIn(x)).toBeNull());
    }
  });
});

// ---------------------------------------------------------------------------
// DRF-SC against an independent reference: every interleaving of the
// statements, each memory access atomic, with a vector-clock race check.

type Val = number | boolean;

/** Evaluates an IR expression over registers (the reference's own evaluator). */
function refEval(e: Expr, regs: ReadonlyMap<string, Val>): Val {
  if (typeof e === 'number' || typeof e === 'boolean') return e;
  if ('reg' in e) return regs.get(e.reg) ?? 0;
  if ('un' in e) {
    const x = refEval(e.x, regs);
    return e.un === '!' ? !(x === true || (typeof x === 'number' && x !== 0)) : -(x as number) + 0;
  }
  if (!('bin' in e)) throw new Error('not in the reference fragment');
  const l = refEval(e.l, regs);
  const r = refEval(e.r, regs);
  const t = (v: Val): boolean => (typeof v === 'boolean' ? v : v !== 0);
  switch (e.bin) {
    case '+': return (l as number) + (r as number);
    case '-': return (l as number) - (r as number);
    case '*': return (l as number) * (r as number);
    case '==': return l === r;
    case '!=': return l !== r;
    case '<': return (l as number) < (r as number);
    case '>': return (l as number) > (r as number);
    case '&&': return t(l) && t(r);
    case '||': return t(l) || t(r);
    default: throw new Error(`operator ${e.bin} not generated`);
  }
}

interface RefThread {
  readonly code: readonly Stmt[];
  readonly regs: ReadonlyMap<string, Val>;
  readonly obs: readonly (readonly [string, Val])[];
  readonly vc: readonly number[];
}

interface RefAccess {
  readonly thread: number;
  readonly write: boolean;
  readonly vc: readonly number[];
}

/** All SC outcomes (keys) and whether some SC run has a race, by brute force. */
function scReference(s: Scenario): { outcomes: string[]; racy: boolean } {
  const objects = s.objects ?? {};
  const names = Object.keys(s.goroutines!);
  const T = names.length;
  const outcomes = new Set<string>();
  let racy = false;
  const zero = new Array<number>(T).fill(0);
  const join = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => Math.max(x, b[i]!));
  const go = (
    threads: readonly RefThread[],
    mem: ReadonlyMap<string, Val>,
    clocks: ReadonlyMap<string, readonly number[]>, // per atomic: the clock its latest write released
    hist: ReadonlyMap<string, readonly RefAccess[]>, // per plain word: its accesses so far
  ): void => {
    let any = false;
    threads.forEach((th, t) => {
      if (th.code.length === 0) return;
      any = true;
      const [st, ...rest] = th.code as [Stmt, ...Stmt[]];
      const vc = th.vc.map((x, i) => (i === t ? x + 1 : x));
      let next: RefThread = { ...th, code: rest, vc };
      let mem2 = mem;
      let clocks2 = clocks;
      let hist2 = hist;
      const setReg = (r: string | undefined, v: Val): void => {
        if (r !== undefined) next = { ...next, regs: new Map(next.regs).set(r, v) };
      };
      const plainAccess = (loc: string, write: boolean): void => {
        const before = hist.get(loc) ?? [];
        for (const a of before) if (a.thread !== t && (a.write || write) && a.vc[a.thread]! > vc[a.thread]!) racy = true;
        hist2 = new Map(hist).set(loc, [...before, { thread: t, write, vc }]);
      };
      const acquire = (loc: string): void => {
        next = { ...next, vc: join(next.vc, clocks.get(loc) ?? zero) };
      };
      const release = (loc: string): void => {
        clocks2 = new Map(clocks2).set(loc, next.vc);
      };
      if ('let' in st) {
        const vals = Object.entries(st.let).map(([n, e]) => [n, refEval(e, th.regs)] as const);
        next = { ...next, regs: new Map([...th.regs, ...vals]) };
      } else if ('observe' in st) {
        next = { ...next, obs: [...th.obs, ...Object.entries(st.observe).map(([n, e]) => [n, refEval(e, th.regs)] as const)] };
      } else if ('if' in st) {
        const c = refEval(st.if.cond, th.regs);
        const taken = c === true || (typeof c === 'number' && c !== 0) ? st.if.then : (st.if.else ?? []);
        next = { ...next, code: [...taken, ...rest] };
      } else if ('load' in st) {
        plainAccess(st.load.from, false);
        setReg(st.load.into, mem.get(st.load.from)!);
      } else if ('store' in st) {
        plainAccess(st.store.to, true);
        mem2 = new Map(mem).set(st.store.to, refEval(st.store.value, th.regs));
      } else if ('atomicLoad' in st) {
        acquire(st.atomicLoad.from);
        setReg(st.atomicLoad.into, mem.get(st.atomicLoad.from)!);
      } else if ('atomicStore' in st) {
        mem2 = new Map(mem).set(st.atomicStore.to, refEval(st.atomicStore.value, th.regs));
        release(st.atomicStore.to);
      } else if ('atomicAdd' in st) {
        acquire(st.atomicAdd.to);
        const v = (mem.get(st.atomicAdd.to) as number) + (refEval(st.atomicAdd.delta, th.regs) as number);
        mem2 = new Map(mem).set(st.atomicAdd.to, v);
        setReg(st.atomicAdd.into, v);
        release(st.atomicAdd.to);
      } else if ('cas' in st) {
        acquire(st.cas.on);
        const ok = mem.get(st.cas.on) === refEval(st.cas.old, th.regs);
        if (ok) {
          mem2 = new Map(mem).set(st.cas.on, refEval(st.cas.new, th.regs));
          release(st.cas.on);
        }
        setReg(st.cas.into, ok);
      } else {
        throw new Error(`statement ${Object.keys(st)[0]} not generated`);
      }
      go(threads.map((x, i) => (i === t ? next : x)), mem2, clocks2, hist2);
    });
    if (!any) {
      const obs: Record<string, Val[]> = {};
      for (const th of threads) for (const [n, v] of th.obs) (obs[n] ??= []).push(v);
      for (const f of s.final ?? []) obs[f] = [mem.get(f)!];
      outcomes.add(outcomeKey({ end: 'ok', obs }));
    }
  };
  const mem = new Map(Object.entries(objects).map(([n, d]) => [n, ('init' in d ? d.init : undefined) ?? 0] as const));
  go(names.map((n) => ({ code: s.goroutines![n]!, regs: new Map(), obs: [], vc: zero })), mem, new Map(), new Map());
  return { outcomes: [...outcomes].sort(), racy };
}

/** Small litmus programs over words x, y and atomics a, b with every statement of the fragment. */
const litmusArb: fc.Arbitrary<Scenario> = (() => {
  const word = fc.constantFrom('x', 'y');
  const atomic = fc.constantFrom('a', 'b');
  const small = fc.integer({ min: 0, max: 2 });
  /** `reg` names a fresh register (bool ones are never arithmetic operands); `last` is the latest int register. */
  type Gen = (reg: (type?: 'bool') => string, last: () => Expr) => Stmt;
  const access: fc.Arbitrary<Gen> = fc.oneof(
    fc.tuple(word, small, fc.boolean()).map(([to, v, useReg]): Gen => (_r, last) => ({ store: { to, value: useReg ? { bin: '+', l: last(), r: v } : v + 1 } })),
    word.map((from): Gen => (reg) => ({ load: { from, into: reg() } })),
    fc.tuple(atomic, small).map(([to, v]): Gen => () => ({ atomicStore: { to, value: v + 1 } })),
    atomic.map((from): Gen => (reg) => ({ atomicLoad: { from, into: reg() } })),
    fc.tuple(atomic, small).map(([to, d]): Gen => (reg) => ({ atomicAdd: { to, delta: d, into: reg() } })),
    fc.tuple(atomic, small, small).map(([on, o, n]): Gen => (reg) => ({ cas: { on, old: o, new: n + 1, into: reg('bool') } })),
  );
  const stmt: fc.Arbitrary<Gen> = fc.oneof(
    { weight: 4, arbitrary: access },
    {
      weight: 1,
      arbitrary: fc.tuple(small, fc.array(access, { minLength: 1, maxLength: 2 }), fc.array(access, { maxLength: 1 })).map(
        ([v, then, els]): Gen => (reg, last) => ({
          if: { cond: { bin: '==', l: last(), r: v }, then: then.map((g) => g(reg, last)), else: els.map((g) => g(reg, last)) },
        }),
      ),
    },
  );
  const thread = fc.array(stmt, { minLength: 1, maxLength: 3 });
  return fc
    .record({ threads: fc.array(thread, { minLength: 2, maxLength: 3 }), final: fc.subarray(['x', 'y', 'a', 'b']) })
    .map(({ threads, final }): Scenario => {
      const goroutines = Object.fromEntries(
        threads.map((gens, t) => {
          const regs: string[] = [];
          const ints: string[] = [];
          const reg = (type?: 'bool'): string => {
            const r = `t${t}r${regs.length}`;
            regs.push(r);
            if (type !== 'bool') ints.push(r);
            return r;
          };
          const last = (): Expr => (ints.length > 0 ? { reg: ints[ints.length - 1]! } : 0);
          const body = gens.map((g) => g(reg, last));
          // Registers set only inside a branch are observed too (0 when the branch was not taken).
          const observe: Stmt[] = regs.length > 0 ? [{ observe: Object.fromEntries(regs.map((r) => [r, { reg: r }])) }] : [];
          return [`P${t}`, [...body, ...observe]];
        }),
      );
      const objects = { x: { kind: 'word' }, y: { kind: 'word' }, a: { kind: 'atomic' }, b: { kind: 'atomic' } } as const;
      return { name: 'generated', objects, goroutines, ...(final.length > 0 ? { final } : {}) };
    });
})();

describe(`DRF-SC against a brute-force interleaving reference (seed ${SEED})`, () => {
  it('every SC outcome is allowed; racy agrees with the vector-clock reference; a race-free program has only SC outcomes', () => {
    fc.assert(
      fc.property(litmusArb, (s) => {
        // Arrange / Act
        const ax = axiomaticOutcomes(s);
        const sc = scReference(s);
        const got = ax.outcomes.map(outcomeKey);
        // Assert
        for (const k of sc.outcomes) expect(got, `SC outcome ${k} missing`).toContain(k);
        expect(ax.racy).toBe(sc.racy);
        if (!ax.racy) expect(got).toEqual(sc.outcomes);
      }),
      propertyParams({ numRuns: 150 }),
    );
  });
});
