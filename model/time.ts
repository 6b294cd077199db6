// Virtual time, after runtime/time.go (the timers a P keeps in a heap by
// deadline and runs from the scheduler), time/sleep.go (time.Sleep,
// NewTimer, After, Stop, Reset) and time/tick.go (NewTicker).
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
//   - `fire`: a timer whose deadline has come readies its goroutine, or
//     sends the time on its channel.
//
// Timers, tickers and time.After (ir.ts timer objects) are made at time
// zero. Each one's channel is a one-slot channel of the state (as NewTimer
// makes it) whose only sender is the clock: a fire hands the value to a
// goroutine parked on it, or buffers it, or drops it when the slot is full
// (the timer never waits for a reader: time/sleep.go sendTime's send does
// not block), so a ticker nobody reads drops its ticks. A ticker re-arms
// one period on. The value sent is not modelled (a time, never observed),
// nor is an edge of happens-before from the fire: the memory model gives
// timers none.
//
// Two timer semantics, by the case's go line (`TimerChan`, GODEBUG
// asynctimerchan): before go 1.23 Stop and Reset leave a value already in
// the channel (a stale value), and run a timer whose deadline has come
// first, so they report false; from go 1.23 they take such a value out and
// report true, and after they return no value of the old deadline can be
// received. With the old semantics every armed timer keeps Go's deadlock
// detector quiet; with the new ones only one a goroutine waits on
// (`keepsAlive`), so a forgotten ticker hangs a go 1.18 program and not a
// go 1.23 one. len and cap of a timer's channel are the buffer's with the
// old semantics (a value waiting, and 1) and 0 and 0 with the new ones,
// which show the channel as unbuffered (runtime/chan.go chanlen, chancap;
// `chanShowsBuffer`, read by local.ts evalExpr). Not modelled: a timer made
// later than time zero, so time.After in a loop (a fresh timer per
// iteration) is out of reach for now.
//
// time.AfterFunc (time/sleep.go AfterFunc, goFunc) has no channel: its fire
// starts a goroutine that runs its procedure, as the runtime's timer code
// runs `go f()`. The clock starts it, and no happens-before edge leads to it:
// the memory model states none for timers (Go's race detector does add one,
// from the AfterFunc or Reset call to the fire: runtime/time.go newTimer,
// resetTimer and the timers' race context; a program that relies on it has
// a race by the model's count). Stop reports whether it stopped the timer
// before its fire, Reset whether the timer was still armed; neither has a
// channel to drain, and under both semantics a func timer whose deadline
// has come is not run first (runtime/time.go runs only channel timers early,
// maybeRunAsync, and Go 1.19's deltimer removes a due timer not yet run). An
// armed func timer keeps the deadlock detector quiet under both semantics:
// it is in a heap until it fires.
//
// The cost model: a goroutine's step takes an unknown, unbounded time, so
// the clock may tick between any two steps and a woken goroutine may be
// overtaken by anything. That is what Go guarantees (a busy machine may
// deschedule any goroutine for any time), and why even at the gc level a
// sleep orders what follows it no more than the spec does: the deadlines
// order the wake-ups, not the steps after them. Config.stepCost 'zero' is
// the other end: an ideal machine whose steps take no time, where time
// passes only while no goroutine can run; model/explore/measure.ts uses it
// to bound how long a `measure` body takes (a mutex wait, a timer's
// lateness), the figure a real run's measurements are reported against. A
// step cost in between, which the scheduler's 10 ms time slice will need,
// is a parameter to come.
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
//      are no Ps, so the model takes the order one heap gives. The one
//      exception is Go's own: a timer with the new semantics that nobody
//      waits on is in no heap, and may be run late, when a goroutine comes
//      to its channel (runtime/time.go maybeRunChan); the model lets time
//      pass it by while nobody can run, and fires it before time moves on
//      once somebody can.
//   4. At the spec level, which promises nothing about time, any armed
//      timer may fire at any moment, and a Stop or Reset under the old
//      semantics may find it run already or not; sleeps do not park.
//
// Invariants (timeSlice):
//   1. timersSorted: timers are sorted by (left, sleepers before timer
//      objects, goid or timer index), each goroutine and each timer object
//      at most once;
//   2. sleepersParked: every sleeper's goroutine is parked in "sleep";
//   3. leftNonNegative: no timer has negative time left or period.

import type { Level } from './ir.ts';
import type { Program } from './compile.ts';
import { isFuncTimer } from './compile.ts';
import type { Actions, InstrOf, Moving, Slice, StepResult } from './action.ts';
import { action, advanced, put, said, withTop } from './action.ts';
import type { SendWay } from './chan.ts';
import { sendNow, sendWays, waiterLabel } from './chan.ts';
import type { Value } from './ir.ts';
import { objectOf } from './local.ts';
import { gopanic } from './proc.ts';
import { ageCap, ageMutex, fairnessOf, mutexAging } from './sync/mutex.ts';
import type { Frame, G } from './sched.ts';
import { gname, gopark, goready } from './sched.ts';
import { hbClockGo } from './memory/step.ts';
import type { State } from './state.ts';
import type { Model } from './step.ts';

/** The clock's actor id: goids start at 1. */
export const CLOCK = 0;

/**
 * A pending timer, with how many quanta are left until its deadline: a
 * sleeping goroutine's (`goid`), or a timer-kind object's (`timer`, its
 * index in Program.timers; `period` in quanta, 0 for a one-shot timer).
 */
export type Timer = SleepTimer | ObjectTimer;

export interface SleepTimer {
  readonly goid: number;
  readonly left: number;
}

export interface ObjectTimer {
  readonly timer: number;
  readonly left: number;
  readonly period: number;
}

export function isSleep(t: Timer): t is SleepTimer {
  return 'goid' in t;
}

/**
 * How the clock can move: on by some quanta, or fire a due timer (an index
 * into State.timers); a timer-kind object's fire sends on its channel,
 * `send` saying how (a parked receiver served, the buffer), or drops the
 * value when the one-slot buffer is full (`send` absent).
 */
export type ClockWay =
  | { readonly kind: 'advance'; readonly by: number }
  | { readonly kind: 'fire'; readonly timer: number; readonly send?: SendWay };

/**
 * Which timer-channel semantics a program has, by the go line it is built
 * under (Scenario.goVersion; time/sleep.go, runtime/time.go, GODEBUG
 * asynctimerchan): `async` before go 1.23, a one-slot buffer the timer
 * sends to without blocking, so Stop and Reset leave a value already sent
 * there (a stale value) and an armed timer keeps the deadlock detector
 * quiet; `sync` from go 1.23 (and whatever the go line from Go 1.27, which
 * removed the setting), no value is left once Stop or Reset returns, and a
 * timer only counts for the deadlock detector while a goroutine waits on
 * its channel.
 */
export type TimerChan = 'async' | 'sync';

/** The timer-channel semantics of go line `goVersion` ("1.N"); without one, the current language's (sync). */
export function timerChanOf(goVersion: string | undefined): TimerChan {
  if (goVersion === undefined) return 'sync';
  const [major = 0, minor = 0] = goVersion.split('.').map(Number);
  return major === 1 && minor < 23 ? 'async' : 'sync';
}

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
  /**
   * Whether Stop and Reset take a value the timer already sent out of its
   * channel (runtime/time.go stop and modify drain the channel of a timer
   * with synchronous semantics, so no stale value can be received after
   * they return; the old semantics leave it).
   */
  readonly stopDrains: (mode: TimerChan) => boolean;
  /**
   * Whether an armed timer-kind object keeps the deadlock detector quiet:
   * with the old semantics always (it is in a heap until it fires), with
   * the new ones only while a goroutine waits on its channel (`waited`).
   */
  readonly timerKeepsAlive: (mode: TimerChan, waited: boolean) => boolean;
  /** Whether an armed time.AfterFunc timer keeps the deadlock detector quiet (it does under both semantics: it is in a heap until it fires). */
  readonly funcTimerKeepsAlive: boolean;
  /** Whether Stop and Reset take the timer out of the heap (they do: it is no longer armed, runtime/time.go stop sets when = 0). */
  readonly stopDisarms: boolean;
  /**
   * Whether len and cap of a timer's channel show its one-slot buffer (the
   * old semantics do; the new ones report 0 and 0, so that a value taken
   * back by Stop or Reset was never seen: runtime/chan.go chanlen, chancap).
   */
  readonly chanShowsBuffer: (mode: TimerChan) => boolean;
}

/**
 * Go's timers at a level. At the gc level a timer fires once its deadline
 * has come, before time moves on; at the spec level, which promises nothing
 * about time, any armed timer may fire at any moment.
 */
export function goTime(level: Level): TimeSemantics {
  return {
    firable: level === 'gc' ? (timers) => timers.flatMap((t, i) => (t.left === 0 ? [i] : [])) : (timers) => timers.flatMap((t, i) => (isSleep(t) ? [] : [i])),
    timersPostponeDeadlock: true,
    stopDrains: (mode) => mode === 'sync',
    timerKeepsAlive: (mode, waited) => mode === 'async' || waited,
    funcTimerKeepsAlive: true,
    stopDisarms: true,
    chanShowsBuffer: (mode) => mode === 'async',
  };
}

/**
 * The time quantum of a program: the gcd of its positive durations in ns
 * (sleeps, timers, resets, and the mutex starvation threshold when it has
 * a sync.Mutex: sync/mutex.ts ages waiters in quanta), or 0 when it has
 * none.
 */
export function quantumOf(p: Program, starvationThresholdNs: number | null = null): number {
  let q = 0;
  if (starvationThresholdNs !== null && p.objects.some((o) => o.decl.kind === 'mutex')) q = starvationThresholdNs;
  for (const t of p.timers) if (t.ns > 0) q = gcd(q, t.ns);
  for (const u of p.units) for (const i of u.code) if ((i.op === 'sleep' || i.op === 'reset') && i.ns > 0) q = gcd(q, i.ns);
  return q;
}

/** A duration in quanta (0 for a duration that is not positive: due at once). */
function quanta(m: Model, ns: number): number {
  return ns > 0 && m.quantum > 0 ? ns / m.quantum : 0;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Time's part of the state: the pending timers, the program's timer-kind
 * objects from the start (they are made at time zero), a sleeper's once
 * the gc level's clock starts one.
 */
export const timeSlice: Slice<'timers'> = {
  name: 'time',
  fields: ['timers'],
  init: (p) => {
    if (p.timers.length === 0) return {};
    const q = quantumOf(p);
    const at = (ns: number): number => (ns > 0 && q > 0 ? ns / q : 0);
    return { timers: sorted(p.timers.map((t, timer) => ({ timer, left: at(t.ns), period: t.kind === 'ticker' ? at(t.ns) : 0 }))) };
  },
  key: (s) => (s.timers ? s.timers.map(timerKey).join(',') : ''),
  broken: (s) => {
    const ts = s.timers ?? [];
    for (const [name, pred] of Object.entries(timeInvariants)) if (!pred(ts, s.gs)) return `time invariant ${name} fails`;
    return null;
  },
  describe: (p, s) => (s.timers && s.timers.length > 0 ? [`timers: ${s.timers.map((t) => `${timerName(p, t)} in ${t.left}`).join(', ')} (quanta)`] : []),
};

function timerKey(t: Timer): string {
  return isSleep(t) ? `g${t.goid}.${t.left}` : `t${t.timer}.${t.left}.${t.period}`;
}

/** `g2` for a sleeper, the object's name for a timer. */
function timerName(p: Program, t: Timer): string {
  return isSleep(t) ? `g${t.goid}` : p.objects[p.timers[t.timer]!.obj]!.name;
}

/** Heap order: by deadline, then sleepers by goid, then timer objects by index. */
function timerOrder(a: Timer, b: Timer): number {
  if (a.left !== b.left) return a.left - b.left;
  if (isSleep(a) !== isSleep(b)) return isSleep(a) ? -1 : 1;
  return isSleep(a) ? a.goid - (b as SleepTimer).goid : a.timer - (b as ObjectTimer).timer;
}

export const timeInvariants = {
  timersSorted: (ts: readonly Timer[]): boolean =>
    ts.every((t, i) => i === 0 || timerOrder(ts[i - 1]!, t) < 0) && new Set(ts.map((t) => (isSleep(t) ? `g${t.goid}` : `t${t.timer}`))).size === ts.length,
  sleepersParked: (ts: readonly Timer[], gs: readonly G[]): boolean => ts.every((t) => !isSleep(t) || (gs[t.goid - 1]?.status === 'waiting' && gs[t.goid - 1]?.waitreason === 'sleep')),
  leftNonNegative: (ts: readonly Timer[]): boolean => ts.every((t) => t.left >= 0 && (isSleep(t) || t.period >= 0)),
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

// ---------------------------------------------------------------------------
// Timers, tickers and time.After (time/sleep.go, time/tick.go,
// runtime/time.go): each is made at time zero (ir.ts), its channel a
// one-slot channel of the state whose only sender is the clock.

/** The timer index of the stop or reset's object, and its pending entry (-1 when it is not armed). */
function entryOf(s: State, p: Program, instr: StopOrReset, top: Frame): { timer: number; at: number } {
  const timer = p.objects[objectOf(instr.timer, top)]!.timer;
  return { timer, at: (s.timers ?? []).findIndex((t) => !isSleep(t) && t.timer === timer) };
}

type StopOrReset = InstrOf<'stop'> | InstrOf<'reset'>;

/**
 * What Stop and Reset share (runtime/time.go stop, modify): the armed
 * timer leaves the heap, and `pending` says whether the call stopped it
 * before its value reached the program. With the old semantics a timer
 * whose deadline has come is run first (maybeRunAsync), so its value is in
 * the channel and the timer was no longer pending; with the new ones a
 * value still in the channel is taken out (timerchandrain), and that too
 * counts as pending.
 */
function disarm(m: Model, s: State, instr: StopOrReset, top: Frame, runsFirst: boolean): { st: State; pending: boolean; then: string[] } {
  const { timer, at } = entryOf(s, m.program, instr, top);
  const pt = m.program.timers[timer]!;
  const then: string[] = [];
  let st = s;
  let pending = at >= 0;
  if (isFuncTimer(pt)) {
    // No channel to run into or drain.
    if (at >= 0 && m.sem.time.stopDisarms) st = { ...st, timers: st.timers!.filter((_, i) => i !== at) };
    return { st, pending, then };
  }
  if (runsFirst) {
    st = deliver(m, st, pt.chan, sendWays(st.chans[pt.chan]!, m.sem)[0]!, then, instr.name);
    then.push('its deadline had come: it ran first (the old semantics)');
    pending = false;
  }
  if (at >= 0 && m.sem.time.stopDisarms) st = { ...st, timers: st.timers!.filter((_, i) => i !== at) };
  const c = st.chans[pt.chan]!;
  if (c.buf.length > 0 && m.sem.time.stopDrains(m.timerChan)) {
    st = { ...st, chans: st.chans.map((x, i) => (i === pt.chan ? { ...x, buf: [] } : x)) };
    then.push(`takes the value it sent out of ${instr.name}'s channel (no stale value)`);
    pending = true;
  }
  return { st, pending, then };
}

/**
 * The ways a Stop or Reset can go: whether the timer runs first (the old
 * semantics run an armed timer whose deadline has come before stopping it).
 * At the gc level that is decided by the deadline; at the spec level, which
 * orders nothing by time, an armed timer may or may not have reached it.
 */
function disarmWays(m: Model, s: State, instr: StopOrReset, top: Frame): readonly boolean[] {
  const { timer, at } = entryOf(s, m.program, instr, top);
  if (at < 0 || m.timerChan !== 'async' || isFuncTimer(m.program.timers[timer]!)) return [false];
  if (m.level === 'gc') return [s.timers![at]!.left === 0];
  return [false, true];
}

/** A value the clock sends on a timer's channel: to a parked receiver, into the buffer, or dropped when the buffer is full. */
function deliver(m: Model, s: State, ci: number, way: SendWay, then: string[], name: string): State {
  if (way.kind === 'block') {
    then.push(`${name}'s channel is full: the value is dropped`);
    return s;
  }
  const d = sendNow(s, ci, 0, way, m.sem, name);
  then.push(...d.events);
  return d.world;
}

const stop = action({
  ways: ({ m, s, top, instr }: Moving<InstrOf<'stop'>>): readonly boolean[] => disarmWays(m, s, instr, top),
  apply: ({ m, s, g, top, instr }: Moving<InstrOf<'stop'>>, runsFirst: boolean): StepResult => {
    const { st, pending, then } = disarm(m, s, instr, top, runsFirst);
    const isTicker = m.program.timers[entryOf(s, m.program, instr, top).timer]!.kind === 'ticker';
    const after = instr.into !== undefined ? withTop(g, { ...top, pc: top.pc + 1, regs: setReg(top.regs, instr.into, pending) }) : advanced(g);
    return { state: put(st, after), events: said(g, `${instr.name}.Stop()${isTicker ? '' : ` → ${pending}`}`, then) };
  },
  label: ({ instr }: Moving<InstrOf<'stop'>>, runsFirst: boolean) => `stop ${instr.name}${runsFirst ? ' (it ran first)' : ''}`,
});

const reset = action({
  ways: ({ m, s, top, instr }: Moving<InstrOf<'reset'>>): readonly boolean[] => disarmWays(m, s, instr, top),
  apply: ({ m, s, g, top, instr }: Moving<InstrOf<'reset'>>, runsFirst: boolean): StepResult => {
    const { timer } = entryOf(s, m.program, instr, top);
    const isTicker = m.program.timers[timer]!.kind === 'ticker';
    if (isTicker && instr.ns <= 0) return gopanic(s, g, 'non-positive interval for Ticker.Reset');
    const { st, pending, then } = disarm(m, s, instr, top, runsFirst);
    const left = quanta(m, instr.ns);
    const armed = put({ ...st, timers: sorted([...(st.timers ?? []).filter((t) => isSleep(t) || t.timer !== timer), { timer, left, period: isTicker ? left : 0 }]) }, instr.into !== undefined
      ? withTop(g, { ...top, pc: top.pc + 1, regs: setReg(top.regs, instr.into, pending) })
      : advanced(g));
    return { state: armed, events: said(g, `${instr.name}.Reset(${formatNs(instr.ns)})${isTicker ? '' : ` → ${pending}`}`, [...then, `due in ${left} × ${formatNs(m.quantum)}`]) };
  },
  label: ({ instr }: Moving<InstrOf<'reset'>>, runsFirst: boolean) => `reset ${instr.name} ${instr.ns}${runsFirst ? ' (it ran first)' : ''}`,
});

function setReg(regs: readonly Value[], r: number, v: Value): Value[] {
  const out = regs.slice();
  out[r] = v;
  return out;
}

/**
 * The start or end of a `measure` body: a step that changes nothing but the
 * goroutine's pc, so that model/explore/measure.ts sees where each
 * measurement starts and ends (at the spec level it is just a step).
 */
const measure = action({
  ways: (): readonly One[] => ONE,
  apply: ({ s, g, instr }: Moving<InstrOf<'measure'>>): StepResult => ({ state: put(s, advanced(g)), events: said(g, `measure ${instr.name}: ${instr.edge}`) }),
  label: ({ instr }: Moving<InstrOf<'measure'>>) => `measure ${instr.name} ${instr.edge}`,
});

export const timeActions = { sleep, stop, reset, measure } satisfies Actions;

function sorted(ts: readonly Timer[]): Timer[] {
  return [...ts].sort(timerOrder);
}

// ---------------------------------------------------------------------------
// The clock's steps

/**
 * Does timer t keep Go's deadlock detector quiet (proc.go checkdead waits
 * while a P has a timer)? A sleeper's always does; a timer-kind object's
 * with the old semantics too (it sits in a heap until it fires), with the
 * new ones only while a goroutine waits on its channel (runtime/time.go
 * keeps such a timer in a heap only then).
 */
function keepsAlive(m: Model, s: State, t: Timer): boolean {
  if (isSleep(t)) return true;
  const pt = m.program.timers[t.timer]!;
  if (isFuncTimer(pt)) return m.sem.time.funcTimerKeepsAlive;
  return m.sem.time.timerKeepsAlive(m.timerChan, s.chans[pt.chan]!.recvq.length > 0);
}

/** Every way the clock can move now (none without a pending timer). */
export function clockWays(m: Model, s: State): ClockWay[] {
  const ts = s.timers ?? [];
  const aging = m.level === 'gc' && mutexesAging(m, s);
  if (ts.length === 0 && !aging) return [];
  const someoneMoves = s.gs.some((g) => g.status === 'runnable');
  // With no goroutine to run, only a timer that keeps the program alive may move the clock; none: the deadlock verdict.
  const counts = (t: Timer): boolean => someoneMoves || keepsAlive(m, s, t);
  if (!someoneMoves && (!m.sem.time.timersPostponeDeadlock || !ts.some(counts))) return [];
  const due = m.sem.time.firable(ts).filter((i) => counts(ts[i]!));
  if (due.length > 0) return due.flatMap((timer) => fireWays(m, s, timer));
  if (m.level !== 'gc') return [];
  // Steps that take no time: time passes only while nobody can run.
  if (someoneMoves && m.config.stepCost === 'zero') return [];
  // Nothing due: time moves on, a quantum at a time while a goroutine may
  // step in between (a mutex's waiters age meanwhile), else straight to the
  // first deadline that counts.
  return [{ kind: 'advance', by: someoneMoves ? 1 : Math.min(...ts.filter(counts).map((t) => t.left)) }];
}

/** Whether some mutex waiter can still age (sync/mutex.ts): time passing then changes the state. */
function mutexesAging(m: Model, s: State): boolean {
  const cap = ageCap(fairnessOf(m));
  return cap > 0 && s.syncs.some((x) => x.kind === 'mutex' && mutexAging(x, cap));
}

/** Every mutex's waiters `by` quanta older. */
function ageMutexes(m: Model, s: State, by: number): State {
  const cap = ageCap(fairnessOf(m));
  if (cap === 0 || !s.syncs.some((x) => x.kind === 'mutex' && x.ages.length > 0)) return s;
  return { ...s, syncs: s.syncs.map((x) => (x.kind === 'mutex' ? ageMutex(x, by, cap) : x)) };
}

/** A due timer's ways: a sleeper's is one; a timer object's one per way its send can go (a full buffer drops the value). */
function fireWays(m: Model, s: State, timer: number): ClockWay[] {
  const t = s.timers![timer]!;
  if (isSleep(t) || isFuncTimer(m.program.timers[t.timer]!)) return [{ kind: 'fire', timer }];
  return sendWays(s.chans[m.program.timers[t.timer]!.chan]!, m.sem).map((send) => ({ kind: 'fire', timer, send }));
}

/** One clock step. */
export function applyClock(m: Model, s: State, way: ClockWay): StepResult {
  const ts = s.timers ?? [];
  if (way.kind === 'advance') {
    const timers = ts.map((t) => ({ ...t, left: Math.max(0, t.left - way.by) }));
    return { state: ageMutexes(m, ts.length > 0 ? { ...s, timers } : s, way.by), events: [{ who: 'clock', what: `+${formatNs(way.by * m.quantum)}` }] };
  }
  const t = ts[way.timer]!;
  const rest = ts.filter((_, i) => i !== way.timer);
  if (!isSleep(t)) {
    const pt = m.program.timers[t.timer]!;
    const name = m.program.objects[pt.obj]!.name;
    if (isFuncTimer(pt)) return runFunc(m, { ...s, timers: rest }, pt.unit, name);
    const then: string[] = [];
    const rearmed = t.period > 0 ? sorted([...rest, { ...t, left: t.period }]) : rest;
    const st = deliver(m, { ...s, timers: rearmed }, pt.chan, way.send ?? { kind: 'block' }, then, name);
    if (t.period > 0) then.push(`next tick in ${t.period} × ${formatNs(m.quantum)}`);
    return { state: st, events: [{ who: 'clock', what: `fires ${name}`, then }] };
  }
  const g = s.gs[t.goid - 1]!;
  const woken = goready(advanced(g));
  const st = put({ ...s, timers: rest }, woken);
  return { state: st, events: [{ who: 'clock', what: `fires ${gname(g)}'s sleep`, then: [`goready g${g.goid}`] }] };
}

/** An afterfunc's fire: its procedure starts in a new goroutine, which nothing happens before. */
function runFunc(m: Model, s: State, unit: number, name: string): StepResult {
  const u = m.program.units[unit]!;
  const child: G = { goid: s.gs.length + 1, label: u.label, status: 'runnable', frames: [{ unit, pc: 0, regs: u.regNames.map(() => 0), refs: u.refNames.map(() => -1), defers: [] }] };
  const st = hbClockGo({ ...s, gs: [...s.gs, child] }, child.goid);
  return { state: st, events: [{ who: 'clock', what: `fires ${name}`, then: [`starts ${gname(child)}`] }] };
}

/** A clock step's label, unique among the clock's ways (replay matches it). */
export function clockLabel(m: Model, s: State, way: ClockWay): string {
  if (way.kind === 'advance') return `clock: +${formatNs(way.by * m.quantum)}`;
  const t = s.timers![way.timer]!;
  if (isSleep(t)) return `clock: fires g${t.goid}'s sleep`;
  const name = m.program.objects[m.program.timers[t.timer]!.obj]!.name;
  const to = way.send?.kind === 'handoff' ? ` → ${waiterLabel(s, m.program.timers[t.timer]!.chan, 'recvq', way.send.waiter)}` : '';
  return `clock: fires ${name}${to}`;
}
