// The transition function: `enabled(m, s)` lists every choice the program
// can make in state s, `step(m, s, choice)` applies one and says what
// happened. Nondeterminism is explicit (docs/style.md habit 6): a choice is an
// actor (a goroutine, sched.ts `actors`) plus the index of one of the ways
// its next visible operation can go (which parked waiter is served, which
// ready select case wins, which write a read sees).
//
// A transition of goroutine g: complete what a counterpart did for g while
// it was parked, run g's local instructions (model/local.ts), then perform
// g's next visible operation. step.ts knows no mechanism: it dispatches the
// operation to the action its mechanism registers (model/action.ts):
//   go, gosched, observe, panic,          proc.ts (runtime/proc.go: newproc, Gosched,
//   return, a local loop's preemption,    gopanic, goexit)
//   a local step reading len(c)
//   sleep                                 time.ts (time/sleep.go, runtime/time.go)
//   send, recv, close                     chan.ts (runtime/chan.go)
//   select                                select.ts (runtime/select.go)
//   load, store, atomic                   memory/step.ts (Go's memory model, sync/atomic)
//   sync (lock, unlock, add, wait, …)     sync/actions.ts (sync/*.go)
// The clock (time.ts, the gc level) is an actor of its own: its steps move
// time on and fire due timers.
//
// Termination: a state has no choices when the program has exited (main
// returned, a panic, every litmus thread finished) or when nothing can move
// (`canMove`: no goroutine runnable, no timer the clock could fire); the
// latter with goroutines left is Go's deadlock ("all goroutines are asleep
// - deadlock!", proc.go checkdead, which waits for pending timers, so a
// sleeping goroutine is never part of a deadlock).
//
// After main's return (state.ts `resume`, explore/settle.ts): the goroutines
// left behind take steps as before, so that gospec can tell which of them
// can still finish. A state there without choices is no deadlock but the
// end of that continuation: whoever is parked then stays parked for ever.
// A panic or fatal error there ends only its own goroutine: no process is
// left to crash, and the question asked is who can still finish.

import type { Level, Scenario, Value } from './ir.ts';
import type { Config } from './config.ts';
import { makeConfig } from './config.ts';
import type { Program, VisibleOp } from './compile.ts';
import { compile } from './compile.ts';
import type { Actions, Entry, InstrOf, Moving, StepResult, WayNote } from './action.ts';
import { said } from './action.ts';
import { chanActions } from './chan.ts';
import { selectActions } from './select.ts';
import type { G } from './sched.ts';
import { actors, parkedLabels } from './sched.ts';
import { exitAction, gopanic, panicAction, procActions, spinAction } from './proc.ts';
import type { Semantics, SemanticsAt } from './semantics.ts';
import { goSemantics } from './semantics.ts';
import type { Prepared } from './local.ts';
import { GoPanic, prepare } from './local.ts';
import type { State } from './state.ts';
import { initialState, outcomeOf } from './state.ts';
import type { Outcome } from './outcome.ts';
import { withSettled } from './outcome.ts';
import { literalUniverse, valueUniverse } from './memory/values.ts';
import { memoryActions } from './memory/step.ts';
import { syncActions } from './sync/actions.ts';
import type { ClockWay, TimerChan } from './time.ts';
import { CLOCK, applyClock, clockLabel, clockWays, quantumOf, timeActions, timerChanOf } from './time.ts';

/** Everything a transition depends on besides the state. */
export interface Model {
  readonly program: Program;
  readonly config: Config;
  readonly level: Level;
  /** The decision points at this model's level (model/semantics.ts). */
  readonly sem: SemanticsAt;
  /** Per plain word: the values a promise may take (model/memory/values.ts). */
  readonly universe: readonly (readonly Value[])[];
  /** The words whose universe is approximated (values.ts), with why. */
  readonly approximations: readonly string[];
  /** The clock's quantum in ns at the gc level (model/time.ts quantumOf); 0 where no clock runs (the spec level, or no durations). */
  readonly quantum: number;
  /** The timer-channel semantics of the case's go line (model/time.ts timerChanOf). */
  readonly timerChan: TimerChan;
}

export function makeModel(s: Scenario, config: Config = makeConfig({ level: s.level ?? 'spec' }), semantics: Semantics = goSemantics): Model {
  const sem = semantics(config.level);
  const timerChan = timerChanOf(s.goVersion);
  const joined = sem.memory.ifDepsEndAtJoin ? compiled(s) : withoutJoins(compiled(s));
  const program: Program = joined.timers.length > 0 && !sem.time.chanShowsBuffer(timerChan) ? { ...joined, timerChansLookEmpty: true } : joined;
  const values = program.wordInits.length === 0 ? { universe: [], approximated: [] } : sem.memory.computedPromises ? valueUniverse(program) : literalUniverse(program);
  return { program, config, level: config.level, sem, universe: values.universe, approximations: values.approximated, quantum: config.level === 'gc' ? quantumOf(program, sem.sync.starvationThresholdNs) : 0, timerChan };
}

// Scenarios are immutable data, so a scenario object compiles once however
// many walks and explorations run it.
const programs = new WeakMap<Scenario, Program>();

function compiled(s: Scenario): Program {
  let p = programs.get(s);
  if (!p) programs.set(s, (p = compile(s)));
  return p;
}

/** The program with its ifs' joins forgotten (Semantics.memory.ifDepsEndAtJoin false): their dependencies last as a loop's. */
function withoutJoins(p: Program): Program {
  let q = joinless.get(p);
  if (!q) {
    const units = p.units.map((u) => ({ ...u, code: u.code.map((i) => (i.op === 'jumpIfNot' && i.join !== undefined ? { op: i.op, cond: i.cond, to: i.to, ...(i.shared ? { shared: i.shared } : {}) } : i)) }));
    joinless.set(p, (q = { ...p, units }));
  }
  return q;
}

const joinless = new WeakMap<Program, Program>();

export function initial(m: Model): State {
  return initialState(m.program);
}

/** An actor (a goroutine: sched.ts `actors`), and which of the ways its next operation can go. */
export interface Choice {
  /** Who moves: a goroutine's goid, or the clock (time.ts CLOCK, 0) at the gc level (sched.ts `actors`). */
  readonly actor: number;
  readonly alt: number;
}

export type { StepResult } from './action.ts';

/**
 * Every mechanism's actions, by operation (action.ts): one for every
 * operation that is a step of its own (compile.ts VisibleOp), or the type
 * checker says which is missing.
 */
const ACTIONS: Actions & { readonly [K in VisibleOp]: Entry<InstrOf<K>> } = { ...procActions, ...timeActions, ...chanActions, ...selectActions, ...memoryActions, ...syncActions };

/** The goroutine about to move, the action its operation is, and how it sees it. */
interface Turn {
  readonly act: Entry<unknown>;
  readonly x: Moving<unknown>;
}

/** What g does next, after its local prefix: the action and the view it acts on. */
function turnOf(m: Model, s: State, prep: Prepared): Turn {
  const { g, pending } = prep;
  const top = g.frames[g.frames.length - 1]!;
  const x = <I>(instr: I): Moving<I> => ({ m, s, g, top, instr });
  switch (pending.kind) {
    case 'exit':
      return { act: exitAction as Entry<unknown>, x: x(null) };
    case 'panic':
      return { act: panicAction as Entry<unknown>, x: x(pending.message) };
    case 'spin':
      return { act: spinAction as Entry<unknown>, x: x(null) };
    case 'instr': {
      const act = ACTIONS[pending.instr.op] as Entry<unknown> | undefined;
      if (!act) throw new Error(`no action handles ${pending.instr.op}`);
      return { act, x: x(pending.instr) };
    }
  }
}

/** Every choice in state s, goroutine by goroutine (goid order), then way by way. */
export function enabled(m: Model, s: State): Choice[] {
  if (s.exit) return [];
  const out: Choice[] = [];
  for (const goid of actors(s)) {
    const n = goid === CLOCK ? clockWays(m, s).length : waysOf(turnOf(m, s, prepare(m.program, s, s.gs[goid - 1]!))).length;
    for (let alt = 0; alt < n; alt++) out.push({ actor: goid, alt });
  }
  return out;
}

/**
 * Every choice of state s with the step it leads to: `enabled` then `step`
 * for each choice, sharing each goroutine's local prefix (the explorer's
 * inner loop).
 */
export function successors(m: Model, s: State): Successor[] {
  if (s.exit) return [];
  const out: Successor[] = [];
  for (const goid of actors(s)) {
    if (goid === CLOCK) {
      clockWays(m, s).forEach((way, alt) => out.push({ choice: { actor: CLOCK, alt }, result: applyClock(m, s, way) }));
      continue;
    }
    const prep = prepare(m.program, s, s.gs[goid - 1]!);
    const t = turnOf(m, s, prep);
    t.act.ways(t.x).forEach((way, alt) => {
      out.push({ choice: { actor: goid, alt }, result: applyOrPanic(t, way), ...(t.act.note?.(way) ?? {}) });
    });
  }
  return out;
}

/** A choice with the step it leads to, and what its action says about it (action.ts WayNote). */
export interface Successor extends WayNote {
  readonly choice: Choice;
  readonly result: StepResult;
}

/**
 * Is s an end that no run reaches: a read took its value from a promise no
 * write fulfilled (model/memory/words.ts)? Such an end has no outcome.
 */
export function infeasible(m: Model, s: State): boolean {
  return (s.mem?.promises.length ?? 0) > 0 && (s.exit !== undefined || !canMove(m, s));
}

/**
 * The outcome of a state without choices; null while the program runs. At
 * an exit state whose main returned, the outcome says who was parked then;
 * what becomes of them is settle.ts's to say. After main's return, a state
 * without choices has settled: whoever is parked stays parked for ever.
 */
export function terminal(m: Model, s: State): Outcome | null {
  if (s.exit) return outcomeOf(s, false);
  if (canMove(m, s)) return null;
  if (s.after) return withSettled(outcomeOf(s, false), { leaked: parkedLabels(s.gs), spinning: [] });
  const allDone = s.gs.every((g) => g.status === 'dead');
  return outcomeOf(s, !allDone);
}

/**
 * Can anything still happen: a goroutine is runnable, or a timer is pending
 * (a sleeping goroutine is no deadlock: the clock will ready it, as Go's
 * checkdead waits for pending timers).
 */
export function canMove(m: Model, s: State): boolean {
  return s.gs.some((g) => g.status === 'runnable') || clockWays(m, s).length > 0;
}

/** Is s a deadlock: nothing can move, some goroutine parked, the program not ended (nor run on after main's return)? */
export function isDeadlock(m: Model, s: State): boolean {
  return !s.exit && !s.after && !canMove(m, s) && s.gs.some((g) => g.status === 'waiting');
}

/** The clock's way #alt, or a clear error. */
function clockWay(m: Model, s: State, alt: number): ClockWay {
  const ways = clockWays(m, s);
  if (alt < 0 || alt >= ways.length) throw new Error(`the clock has no way #${alt}`);
  return ways[alt]!;
}

function waysOf(t: Turn): readonly unknown[] {
  return t.act.ways(t.x);
}

export function step(m: Model, s: State, c: Choice): StepResult {
  if (c.actor === CLOCK) return applyClock(m, s, clockWay(m, s, c.alt));
  const g = s.gs[c.actor - 1];
  if (!g || g.status !== 'runnable') throw new Error(`g${c.actor} is not runnable`);
  const t = turnOf(m, s, prepare(m.program, s, g));
  const ways = t.act.ways(t.x);
  if (c.alt < 0 || c.alt >= ways.length) throw new Error(`g${c.actor} has no way #${c.alt}`);
  return applyOrPanic(t, ways[c.alt]);
}

function applyOrPanic({ act, x }: Turn, way: unknown): StepResult {
  let r: StepResult;
  try {
    r = act.apply(x, way);
  } catch (e) {
    // A run-time panic while evaluating the operation's operands (a select's send values).
    if (!(e instanceof GoPanic)) throw e;
    r = gopanic(x.s, x.g, e.message);
  }
  return x.s.after && r.state.exit ? endsAlone(r, x.g) : r;
}

/**
 * After main's return, a panic or fatal error ends only the goroutine that
 * made it (see the header): it has finished, the others run on.
 */
function endsAlone(r: StepResult, g: G): StepResult {
  const { exit: _gone, ...st } = r.state;
  const dead: G = { goid: g.goid, label: g.label, status: 'dead', frames: [] };
  return {
    state: { ...st, gs: st.gs.map((x) => (x.goid === g.goid ? dead : x)) },
    events: [...r.events, ...said(g, 'ends there (main has returned: no process is left to crash)')],
  };
}

/** The readable label of a choice, unique among the choices of its state; replay matches it. */
export function choiceLabel(m: Model, s: State, c: Choice): string {
  if (c.actor === CLOCK) return clockLabel(m, s, clockWay(m, s, c.alt));
  const g = s.gs[c.actor - 1]!;
  const t = turnOf(m, s, prepare(m.program, s, g));
  return `g${g.goid} ${g.label}: ${t.act.label(t.x, t.act.ways(t.x)[c.alt])}`;
}
