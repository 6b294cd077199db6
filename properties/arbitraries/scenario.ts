// `scenario(constraints)`: well-formed channel scenarios in the IR
// (model/ir.ts), small enough to explore exhaustively, with every value
// traceable from its send to its receive.
//
// Shape of what it generates (defaults in DEFAULT_SCENARIO_CONSTRAINTS):
//   - 1..maxChans channels `c0, c1, …`, each `make(chan int, cap)` with cap in
//     0..maxCap, sometimes (about one in eight) a nil channel variable;
//   - either a Go `main` that starts 1..maxGoroutines goroutines `w1, w2, …`
//     (each `go` at a generated point of main's own statements), or litmus
//     form: 2..maxGoroutines threads `t0, t1, …` started together;
//   - each body a list of up to maxStmts statements: send, recv, close,
//     select (0..3 cases over send and recv, with or without default),
//     gosched, a marker observation, `range` over a channel, and a `for`
//     loop (1..maxRepeat iterations) of the simple statements.
//
// Value tracking (what properties/ledger.ts relies on):
//   - every send sends a value no other send sends: statement k sends
//     10·k (+ i inside a loop, i < 10), so values are distinct and non-zero;
//   - every completed send is followed at once by `observe sent_<chan>: v`,
//     every receive (recv, a select's recv case, a range iteration) by
//     `observe got_<chan>: v, ok_<chan>: ok`. Nothing else runs between an
//     operation and its observation in that goroutine.
//
// Well-formedness under shrinking: the generator builds a small "raw" tree
// with fast-check combinators only, and `toScenario` (a pure map) names
// channels by index modulo the number declared and numbers values in
// traversal order. Every raw tree, shrunk or not, maps to a scenario the
// model compiles; no filter can break on a shrink.

import fc from 'fast-check';
import type { Expr, Level, ObjectDecl, Scenario, SelectCase, Stmt } from '../../model/ir.ts';

export interface ScenarioConstraints {
  /** At most this many channels (at least one is declared). Default 2. */
  readonly maxChans?: number;
  /** Largest buffer capacity. Default 2. */
  readonly maxCap?: number;
  /** May a channel variable be nil? Default true. */
  readonly nilChans?: boolean;
  /** Goroutines besides main (main form: 1..n; litmus form: 2..n threads). Default 3. */
  readonly maxGoroutines?: number;
  /** Statements per body (a loop counts as one). Default 3. */
  readonly maxStmts?: number;
  /** 'main', 'litmus', or either. Default 'any'. */
  readonly form?: 'main' | 'litmus' | 'any';
  /** Statement kinds on offer. Defaults: all true. */
  readonly close?: boolean;
  readonly select?: boolean;
  readonly loops?: boolean;
  readonly range?: boolean;
  /** Largest `for` loop count (at most 9, so that loop values stay distinct). Default 2. */
  readonly maxRepeat?: number;
  /** The level the scenario states (absent: spec). */
  readonly level?: Level;
}

export const DEFAULT_SCENARIO_CONSTRAINTS: Required<Omit<ScenarioConstraints, 'level'>> = {
  maxChans: 2,
  maxCap: 2,
  nilChans: true,
  maxGoroutines: 3,
  maxStmts: 3,
  form: 'any',
  close: true,
  select: true,
  loops: true,
  range: true,
  maxRepeat: 2,
};

// ---------------------------------------------------------------------------
// The raw tree: channel references are indexes, values are not yet assigned.

export type RawCase = { readonly dir: 'send' | 'recv'; readonly c: number };

export type RawSimple =
  | { readonly k: 'send'; readonly c: number }
  | { readonly k: 'recv'; readonly c: number }
  | { readonly k: 'close'; readonly c: number }
  | { readonly k: 'select'; readonly cases: readonly RawCase[]; readonly dflt: boolean }
  | { readonly k: 'gosched' }
  | { readonly k: 'mark' };

export type RawStmt =
  | RawSimple
  | { readonly k: 'range'; readonly c: number }
  | { readonly k: 'for'; readonly n: number; readonly body: readonly RawSimple[] };

export interface RawScenario {
  readonly chans: readonly { readonly cap: number; readonly nil: boolean }[];
  readonly form: 'main' | 'litmus';
  /** Main's own statements (main form only). */
  readonly main: readonly RawStmt[];
  /** Worker or thread bodies; in main form each with the index in main where `go` starts it. */
  readonly gs: readonly { readonly at: number; readonly body: readonly RawStmt[] }[];
  readonly level?: Level;
}

/** The public arbitrary: scenarios in the IR. */
export function scenario(constraints: ScenarioConstraints = {}): fc.Arbitrary<Scenario> {
  return rawScenario(constraints).map(toScenario);
}

/** The raw tree behind `scenario`. */
function rawScenario(constraints: ScenarioConstraints = {}): fc.Arbitrary<RawScenario> {
  const k = { ...DEFAULT_SCENARIO_CONSTRAINTS, ...constraints };
  // Channel references favour c0, so that goroutines meet on a channel more often than not.
  const chanRef = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: Math.max(0, k.maxChans - 1) }) });
  const chanDecl = fc.record({
    cap: fc.nat({ max: k.maxCap }),
    nil: k.nilChans ? fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false),
  });
  const selectCase: fc.Arbitrary<RawCase> = fc.record({ dir: fc.constantFrom<'send' | 'recv'>('recv', 'send'), c: chanRef });

  // Shrinking moves towards the first alternative of each oneof: a send.
  const simpleAlts: fc.WeightedArbitrary<RawSimple>[] = [
    { weight: 4, arbitrary: chanRef.map((c) => ({ k: 'send', c }) as const) },
    { weight: 4, arbitrary: chanRef.map((c) => ({ k: 'recv', c }) as const) },
    { weight: 1, arbitrary: fc.constant({ k: 'gosched' } as const) },
    { weight: 1, arbitrary: fc.constant({ k: 'mark' } as const) },
  ];
  if (k.close) simpleAlts.push({ weight: 2, arbitrary: chanRef.map((c) => ({ k: 'close', c }) as const) });
  if (k.select) {
    simpleAlts.push({
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('select' as const),
        // `select {}` (no case) parks forever: on offer, but rarely.
        cases: fc.oneof({ weight: 6, arbitrary: fc.array(selectCase, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant([]) }),
        dflt: fc.boolean(),
      }),
    });
  }
  const simple = fc.oneof(...simpleAlts);
  const stmtAlts: fc.WeightedArbitrary<RawStmt>[] = [{ weight: 10, arbitrary: simple }];
  if (k.loops) {
    stmtAlts.push({
      weight: 1,
      arbitrary: fc.record({ k: fc.constant('for' as const), n: fc.integer({ min: 1, max: Math.min(9, Math.max(1, k.maxRepeat)) }), body: fc.array(simple, { minLength: 1, maxLength: 2 }) }),
    });
  }
  if (k.range) stmtAlts.push({ weight: 1, arbitrary: chanRef.map((c) => ({ k: 'range', c }) as const) });
  const body = fc.array(fc.oneof(...stmtAlts), { minLength: 0, maxLength: k.maxStmts });
  const nonEmptyBody = fc.array(fc.oneof(...stmtAlts), { minLength: 1, maxLength: k.maxStmts });

  const forms: ('main' | 'litmus')[] = k.form === 'any' ? ['main', 'litmus'] : [k.form];
  return fc.record({
    chans: fc.array(chanDecl, { minLength: 1, maxLength: Math.max(1, k.maxChans) }),
    form: fc.constantFrom(...forms),
    main: body,
    gs: fc.array(fc.record({ at: fc.nat({ max: k.maxStmts }), body: nonEmptyBody }), { minLength: 1, maxLength: Math.max(1, k.maxGoroutines) }),
  }).map((r) => (k.level !== undefined ? { ...r, level: k.level } : r));
}

// ---------------------------------------------------------------------------
// Raw tree → IR

/** The name of channel `i` of a raw scenario with `n` channels. */
function chanName(i: number, n: number): string {
  return `c${i % n}`;
}

/**
 * Maps a raw tree to a scenario: a pure function, so shrinking stays well
 * formed. Exported so that a test can write a counterexample's raw tree down
 * as a regression case.
 */
export function toScenario(raw: RawScenario): Scenario {
  const n = raw.chans.length;
  const objects: Record<string, ObjectDecl> = {};
  raw.chans.forEach((c, i) => {
    objects[`c${i}`] = c.nil ? { kind: 'chan', nil: true } : { kind: 'chan', cap: c.cap };
  });
  let nextValue = 0;
  let nextMark = 0;
  const fresh = (): number => 10 * ++nextValue;
  const ch = (i: number): string => chanName(i, n);

  const recvStmts = (c: string): Stmt[] => [
    { recv: { chan: c, into: 'v', ok: 'ok' } },
    { observe: { [`got_${c}`]: { reg: 'v' }, [`ok_${c}`]: { reg: 'ok' } } },
  ];
  const simple = (s: RawSimple, inLoop: boolean): Stmt[] => {
    const value = (): Expr => (inLoop ? { bin: '+', l: fresh(), r: { reg: 'i' } } : fresh());
    switch (s.k) {
      case 'send': {
        const c = ch(s.c);
        const v = value();
        return [{ send: { chan: c, value: v } }, { observe: { [`sent_${c}`]: v } }];
      }
      case 'recv':
        return recvStmts(ch(s.c));
      case 'close':
        return [{ close: ch(s.c) }];
      case 'gosched':
        return [{ gosched: null }];
      case 'mark':
        return [{ observe: { mark: ++nextMark } }];
      case 'select': {
        const cases: SelectCase[] = s.cases.map((cs) => {
          const c = ch(cs.c);
          if (cs.dir === 'send') {
            const v = value();
            return { send: { chan: c, value: v }, body: [{ observe: { [`sent_${c}`]: v } }] };
          }
          return { recv: { chan: c, into: 'v', ok: 'ok' }, body: [{ observe: { [`got_${c}`]: { reg: 'v' }, [`ok_${c}`]: { reg: 'ok' } } }] };
        });
        return [{ select: s.dflt ? { cases, default: [] } : { cases } }];
      }
    }
  };
  const stmts = (body: readonly RawStmt[]): Stmt[] =>
    body.flatMap((s): Stmt[] => {
      if (s.k === 'for') return [{ for: { var: 'i', to: s.n, body: s.body.flatMap((b) => simple(b, true)) } }];
      if (s.k === 'range') {
        const c = ch(s.c);
        return [{ range: { chan: c, into: 'v', body: [{ observe: { [`got_${c}`]: { reg: 'v' }, [`ok_${c}`]: true } }] } }];
      }
      return simple(s, false);
    });

  const name = `generated-${raw.form}`;
  const level = raw.level !== undefined ? { level: raw.level } : {};
  if (raw.form === 'litmus') {
    const goroutines: Record<string, Stmt[]> = {};
    raw.gs.forEach((g, i) => (goroutines[`t${i}`] = stmts(g.body)));
    // Litmus form wants at least two threads: main's own statements become t<k>.
    if (raw.gs.length < 2) goroutines[`t${raw.gs.length}`] = stmts(raw.main);
    return { name, ...level, objects, goroutines };
  }
  // Main form: translate main's statements one by one so that each `go` lands at its raw index.
  const mainParts = raw.main.map((s) => stmts([s]));
  const workers = raw.gs.map((g, i) => ({ at: Math.min(g.at, mainParts.length), stmt: { go: { name: `w${i + 1}`, body: stmts(g.body) } } as Stmt }));
  const main: Stmt[] = [];
  for (let at = 0; at <= mainParts.length; at++) {
    for (const w of workers) if (w.at === at) main.push(w.stmt);
    if (at < mainParts.length) main.push(...mainParts[at]!);
  }
  return { name, ...level, objects, main };
}
