// `timedScenario()`: small programs whose goroutines sleep, for the clock's
// properties (properties/checks/time.ts). Main starts 1..3 goroutines
// `w1, w2, …`; each body is 1..3 statements out of: a sleep of 0..3 ms (0
// returns at once), a send on or a receive from one shared channel `c`
// (of capacity 0..2; a receive observes the value it got), and an observation; each goroutine ends by
// sending on `done`, which main receives once per goroutine after its own
// statements (0..2 of the same kinds). Deadlocks are possible and wanted: a
// sleeping goroutine must not be one.
//
// `timerScenario()` adds a timer `t` made at time zero (0..3 ms) and a go
// line of either timer semantics ("1.18": asynchronous channels, "1.23":
// synchronous; model/time.ts TimerChan), and three more statements a body
// may hold: a wait on t's channel (a select with a default half of the
// time, so that not every run blocks), `t.Stop()` and `t.Reset(0..3 ms)`,
// each result observed.
//
// `funcTimerScenario()` makes t a time.AfterFunc timer instead, whose fire
// runs the procedure `tf` (it observes `tf`) in a goroutine of its own; a
// wait on t's channel becomes a sleep of 1 ms, as t has none.
//
// Well-formed under shrinking: the raw tree is built with fast-check
// combinators only and `toTimed` maps any raw tree to a scenario the model
// compiles (no filter).

import fc from 'fast-check';
import type { Level, Scenario, Stmt } from '../../model/ir.ts';

type RawStmt =
  | { readonly sleep: number } | { readonly send: number } | { readonly recv: true } | { readonly observe: true }
  | { readonly waitTimer: boolean } | { readonly stopTimer: true } | { readonly resetTimer: number };

const rawStmt: fc.Arbitrary<RawStmt> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }).map((ms) => ({ sleep: ms })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }).map((v) => ({ send: v })) },
  { weight: 1, arbitrary: fc.constant({ recv: true as const }) },
  { weight: 1, arbitrary: fc.constant({ observe: true as const }) },
);

/** The timer statements, for timerScenario. */
const rawTimerStmt: fc.Arbitrary<RawStmt> = fc.oneof(
  { weight: 3, arbitrary: rawStmt },
  { weight: 1, arbitrary: fc.boolean().map((blocking) => ({ waitTimer: blocking })) },
  { weight: 1, arbitrary: fc.constant({ stopTimer: true as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((ms) => ({ resetTimer: ms })) },
);

interface RawTimed {
  readonly cap: number;
  readonly bodies: readonly (readonly RawStmt[])[];
  readonly main: readonly RawStmt[];
}

const rawTimed: fc.Arbitrary<RawTimed> = fc.record({
  cap: fc.integer({ min: 0, max: 2 }),
  bodies: fc.array(fc.array(rawStmt, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  main: fc.array(rawStmt, { maxLength: 2 }),
});

function toStmts(r: RawStmt, who: string, k: number, funcTimer: boolean): Stmt[] {
  // A receive is observed, so that the order values leave c in shows in the outcome.
  if ('recv' in r) return [toStmt(r, who, k, funcTimer), { observe: { [`${who}_got${k}`]: { reg: 'v' } } }];
  if ('stopTimer' in r || 'resetTimer' in r) return [toStmt(r, who, k, funcTimer), { observe: { [`${who}_r${k}`]: { reg: 'r' } } }];
  return [toStmt(r, who, k, funcTimer)];
}

function toStmt(r: RawStmt, who: string, k: number, funcTimer: boolean): Stmt {
  if ('sleep' in r) return { sleep: r.sleep * 1_000_000 };
  if ('waitTimer' in r && funcTimer) return { sleep: 1_000_000 };
  if ('send' in r) return { send: { chan: 'c', value: r.send } };
  if ('recv' in r) return { recv: { chan: 'c', into: 'v' } };
  if ('waitTimer' in r) {
    const got = (v: boolean): Stmt[] => [{ observe: { [`${who}_t${k}`]: v } }];
    return r.waitTimer ? { select: { cases: [{ recv: { chan: 't' }, body: got(true) }] } } : { select: { cases: [{ recv: { chan: 't' }, body: got(true) }], default: got(false) } };
  }
  if ('stopTimer' in r) return { stop: { timer: 't', into: 'r' } };
  if ('resetTimer' in r) return { reset: { timer: 't', ns: r.resetTimer * 1_000_000, into: 'r' } };
  return { observe: { [`${who}_${k}`]: k } };
}

export function toTimed(r: RawTimed, level: Level, funcTimer = false): Scenario {
  const n = r.bodies.length;
  const main: Stmt[] = [
    ...r.bodies.map((b, i): Stmt => ({ go: { name: `w${i + 1}`, body: [...b.flatMap((x, k) => toStmts(x, `w${i + 1}`, k, funcTimer)), { send: { chan: 'done', value: 1 } }] } })),
    ...r.main.flatMap((x, k) => toStmts(x, 'main', k, funcTimer)),
    ...Array.from({ length: n }, (): Stmt => ({ recv: { chan: 'done' } })),
  ];
  return { name: 'timed', level, objects: { c: { kind: 'chan', cap: r.cap }, done: { kind: 'chan', cap: n } }, main };
}

/** Timed scenarios at the given level (the clock runs at gc). */
export function timedScenario(level: Level = 'gc'): fc.Arbitrary<Scenario> {
  return rawTimed.map((r) => toTimed(r, level));
}

interface RawTimer extends RawTimed {
  readonly ns: number;
  readonly goVersion: '1.18' | '1.23';
}

const rawTimer: fc.Arbitrary<RawTimer> = fc.record({
  cap: fc.integer({ min: 0, max: 2 }),
  bodies: fc.array(fc.array(rawTimerStmt, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
  main: fc.array(rawTimerStmt, { maxLength: 2 }),
  ns: fc.integer({ min: 0, max: 3 }).map((ms) => ms * 1_000_000),
  goVersion: fc.constantFrom('1.18' as const, '1.23' as const),
});

/** Timed scenarios with a timer t, under either timer semantics. */
export function timerScenario(level: Level = 'gc'): fc.Arbitrary<Scenario> {
  return rawTimer.map((r) => {
    const sc = toTimed(r, level);
    return { ...sc, name: 'timer', goVersion: r.goVersion, objects: { ...sc.objects, t: { kind: 'timer', ns: r.ns } } };
  });
}

/** Timed scenarios with a time.AfterFunc timer t running procedure tf, under either timer semantics. */
export function funcTimerScenario(level: Level = 'gc'): fc.Arbitrary<Scenario> {
  return rawTimer.map((r) => {
    const sc = toTimed(r, level, true);
    return {
      ...sc,
      name: 'functimer',
      goVersion: r.goVersion,
      objects: { ...sc.objects, t: { kind: 'afterfunc', ns: r.ns, proc: 'tf' } },
      procs: { tf: { body: [{ observe: { tf: 1 } }] } },
    };
  });
}
