// Virtual time, after runtime/time.go (the timers a P keeps in a heap by
// deadline and runs from the scheduler) and time/sleep.go (time.Sleep).
//
// Levels. At the spec level time orders nothing: a sleep is one step after
// which the goroutine is runnable again (the spec promises no more). At the
// gc level a goroutine that sleeps d > 0 parks ("sleep", runtime2.go's
// waitReasonSleep) on a timer, and the clock readies it once d has passed;
// d <= 0 returns at once without parking, as time.Sleep does.
//
// The clock is an actor (sched.ts `actors`, id CLOCK): the explorer
// interleaves its steps with the goroutines' as it interleaves goroutines.
// Its steps are the only way time passes:
//   - `advance`: time moves on by one quantum while some goroutine can
//     still move, or straight to the next deadline when none can (nothing
//     happens in between, so the skipped ticks would only repeat the state);
//   - `fire`: a timer whose deadline has come readies its goroutine.
//
// The cost model: a goroutine's step takes an unknown, unbounded time, so
// the clock may tick between any two steps and a woken goroutine may be
// overtaken by anything. That is what Go guarantees (a busy machine may
// deschedule any goroutine for any time), and why even at the gc level a
// sleep orders what follows it no more than the spec does: the deadlines
// order the wake-ups, not the steps after them. A bounded step cost, which
// the scheduler's 10 ms time slice will need, is a parameter to come.
//
// What is abstracted, and why the state space stays finite:
//   1. Discrete time. Time moves in quanta of the greatest common divisor of
//      the program's durations (`quantumOf`). Timers fire when their
//      deadline has come (a closed condition), and for such conditions
//      integer-time runs are all the orderings real-valued time allows
//      (digitization, Henzinger, Manna and Pnueli, ICALP 1992).
//   2. Relative clocks. A state keeps no absolute time, only each timer's
//      quanta left: a loop that sleeps for ever revisits the same states, as
//      timed-automata tools normalise clocks to the differences that are
//      compared with the model's constants.
//   3. Deadline order. A timer whose deadline has come fires before time
//      moves on (`TimeSemantics.firable`), so timers fire in deadline order
//      and never early, ties in any order. Go runs each P's timers in
//      deadline order and gives no order between Ps; at this level there
//      are no Ps, so the model takes the order one heap gives.
//
// Invariants (timeSlice):
//   1. timersSorted: timers are sorted by (left, goid), each goroutine at
//      most once (a goroutine sleeps on one timer at a time);
//   2. sleepersParked: every timer's goroutine is parked in "sleep";
//   3. leftNonNegative: no timer has negative time left.

import type { Level } from './ir.ts';
import type { Program } from './compile.ts';
import type { Actions, InstrOf, Moving, Slice, StepResult } from './action.ts';
import { action, advanced, put, said } from './action.ts';
import type { G } from './sched.ts';
import { gname, gopark, goready } from './sched.ts';
import type { State } from './state.ts';
import type { Model } from './step.ts';

/** The clock's actor id: goids start at 1. */
export const CLOCK = 0;

/** A sleeping goroutine's timer: how many quanta are left until its deadline. */
export interface Timer {
  readonly goid: number;
  readonly left: number;
}

/** How the clock can move: on by some quanta, or fire a due timer (an index into State.timers). */
export type ClockWay = { readonly kind: 'advance'; readonly by: number } | { readonly kind: 'fire'; readonly timer: number };

/** The decisions of this file that a mutant may change (model/semantics.ts), at one level. */
export interface TimeSemantics {
  /**
   * Which timers (indexes into the sorted list) may fire now. Go: those
   * whose deadline has come (left 0), ties in any order; while one may fire,
   * time does not move on, so timers fire in deadline order and never early.
   */
  readonly firable: (timers: readonly Timer[]) => readonly number[];
  /**
   * Whether a pending timer postpones the deadlock verdict when no
   * goroutine can run (it does: proc.go checkdead reports a deadlock only
   * when no P has a timer, and otherwise waits for the timers to fire).
   */
  readonly timersPostponeDeadlock: boolean;
}

/** Go's timers at a level (the gc level; the spec level has no clock). */
export function goTime(_level: Level): TimeSemantics {
  return { firable: (timers) => timers.flatMap((t, i) => (t.left === 0 ? [i] : [])), timersPostponeDeadlock: true };
}

/** The time quantum of a program: the gcd of its positive durations in ns, or 0 when it has none. */
export function quantumOf(p: Program): number {
  let q = 0;
  for (const u of p.units) for (const i of u.code) if (i.op === 'sleep' && i.ns > 0) q = gcd(q, i.ns);
  return q;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Time's part of the state: the pending timers, present once the gc level's clock has started one. */
export const timeSlice: Slice<'timers'> = {
  name: 'time',
  fields: ['timers'],
  init: () => ({}),
  key: (s) => (s.timers ? s.timers.map((t) => `${t.goid}.${t.left}`).join(',') : ''),
  broken: (s) => {
    const ts = s.timers ?? [];
    for (const [name, pred] of Object.entries(timeInvariants)) if (!pred(ts, s.gs)) return `time invariant ${name} fails`;
    return null;
  },
  describe: (_p, s) => (s.timers && s.timers.length > 0 ? [`timers: ${s.timers.map((t) => `g${t.goid} in ${t.left}`).join(', ')} (quanta)`] : []),
};

export const timeInvariants = {
  timersSorted: (ts: readonly Timer[]): boolean => ts.every((t, i) => i === 0 || ts[i - 1]!.left < t.left || (ts[i - 1]!.left === t.left && ts[i - 1]!.goid < t.goid)),
  sleepersParked: (ts: readonly Timer[], gs: readonly G[]): boolean => ts.every((t) => gs[t.goid - 1]?.status === 'waiting' && gs[t.goid - 1]?.waitreason === 'sleep'),
  leftNonNegative: (ts: readonly Timer[]): boolean => ts.every((t) => t.left >= 0),
};

/** A duration as people write it: 1ms, 100µs, 1.5s, 7ns. */
export function formatNs(ns: number): string {
  for (const [unit, size] of [['s', 1e9], ['ms', 1e6], ['µs', 1e3]] as const) if (ns >= size && ns % (size / 1000) === 0) return `${ns / size}${unit}`;
  return `${ns}ns`;
}

// ---------------------------------------------------------------------------
// time.Sleep as an action of its goroutine (action.ts)

type Op = Moving<InstrOf<'sleep'>>;
type One = 'one';
const ONE: readonly One[] = ['one'];

/** Does this sleep park on a timer (the gc level's clock runs and the duration is positive)? */
function parks(m: Model, instr: InstrOf<'sleep'>): boolean {
  return m.quantum > 0 && instr.ns > 0;
}

const sleep = action({
  ways: (): readonly One[] => ONE,
  apply: ({ m, s, g, top, instr }: Op): StepResult => {
    if (!parks(m, instr)) return { state: put(s, advanced(g)), events: said(g, `time.Sleep(${instr.ns}ns)`) };
    const timer: Timer = { goid: g.goid, left: instr.ns / m.quantum };
    const st = put({ ...s, timers: sorted([...(s.timers ?? []), timer]) }, gopark(g, 'sleep', top));
    return { state: st, events: said(g, `time.Sleep(${formatNs(instr.ns)})`, [`parks until its timer fires (in ${timer.left} × ${formatNs(m.quantum)})`]) };
  },
  label: ({ instr }: Op) => `sleep ${instr.ns}`,
});

export const timeActions = { sleep } satisfies Actions;

function sorted(ts: readonly Timer[]): Timer[] {
  return [...ts].sort((a, b) => a.left - b.left || a.goid - b.goid);
}

// ---------------------------------------------------------------------------
// The clock's steps

/** Every way the clock can move now (none without a pending timer). */
export function clockWays(m: Model, s: State): ClockWay[] {
  const ts = s.timers ?? [];
  if (ts.length === 0) return [];
  const someoneMoves = s.gs.some((g) => g.status === 'runnable');
  if (!someoneMoves && !m.sem.time.timersPostponeDeadlock) return [];
  const due = m.sem.time.firable(ts);
  if (due.length > 0) return due.map((timer) => ({ kind: 'fire', timer }));
  // Nothing due: time moves on, a quantum at a time while a goroutine may
  // step in between, else straight to the first deadline.
  return [{ kind: 'advance', by: someoneMoves ? 1 : Math.min(...ts.map((t) => t.left)) }];
}

/** One clock step. */
export function applyClock(m: Model, s: State, way: ClockWay): StepResult {
  const ts = s.timers ?? [];
  if (way.kind === 'advance') {
    const timers = ts.map((t) => ({ goid: t.goid, left: Math.max(0, t.left - way.by) }));
    return { state: { ...s, timers }, events: [{ who: 'clock', what: `+${formatNs(way.by * m.quantum)}` }] };
  }
  const t = ts[way.timer]!;
  const g = s.gs[t.goid - 1]!;
  const woken = goready(advanced(g));
  const st = put({ ...s, timers: ts.filter((_, i) => i !== way.timer) }, woken);
  return { state: st, events: [{ who: 'clock', what: `fires ${gname(g)}'s sleep`, then: [`goready g${g.goid}`] }] };
}

/** A clock step's label, unique among the clock's ways (replay matches it). */
export function clockLabel(m: Model, s: State, way: ClockWay): string {
  if (way.kind === 'advance') return `clock: +${formatNs(way.by * m.quantum)}`;
  return `clock: fires g${s.timers![way.timer]!.goid}'s sleep`;
}

