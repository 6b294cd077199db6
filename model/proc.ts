// The goroutine's own operations, after runtime/proc.go: starting a
// goroutine (newproc), yielding (Gosched), observing, panicking
// (gopanic) and returning (goexit), plus the steps a goroutine takes on its
// own — a local instruction that reads shared state, a local loop that runs
// out of fuel. Each is an action of the transition function (action.ts).
//
// Invariants:
//   1. `go` makes the child runnable with goid len(gs)+1, and the go
//      statement happens before the child starts (memory/hb.ts, rule go);
//   2. main's return ends a program (its goroutines are abandoned, those
//      parked are `parked` in the exit); in litmus form the last thread's
//      return ends it, after the final reads;
//   3. a panic nobody recovers ends the program: Go prints it and exits 2
//      (after main's return it ends only its own goroutine: step.ts).
//
// Modes: Gosched orders nothing at either level until the gc level's run
// queues come (the scheduler issue); time.Sleep is the clock's (time.ts).

import type { Level, Value } from './ir.ts';
import type { Instr } from './compile.ts';
import type { Actions, InstrOf, Moving, StepResult } from './action.ts';
import { action, advanced, put, said } from './action.ts';
import type { G } from './sched.ts';
import { gname, parkedLabels } from './sched.ts';
import type { State } from './state.ts';
import { withObservations } from './state.ts';
import type { Model } from './step.ts';
import { closureFrame, evalExpr, isVisible, local, newFrame } from './local.ts';
import type { ExitWay } from './memory/step.ts';
import * as mm from './memory/step.ts';

/** The decisions about goroutines and the program around them that a mutant may change (model/semantics.ts; explore/settle.ts reads it), at one level. */
export interface ProcSemantics {
  /**
   * Whether a leak is judged by running the goroutines left behind at
   * main's return on, to see which can still finish (explore/settle.ts: it
   * is). A mutant judges it by the snapshot at exit instead — the parked
   * goroutines leaked, the runnable ones not — which is what a
   * stopped-world dump at main's return shows, not what a leak is.
   */
  readonly leftBehindRunOn: boolean;
}

/** Go's goroutines at a level. */
export function goProc(_level: Level): ProcSemantics {
  return { leftBehindRunOn: true };
}

/** A panic nobody recovers: the program ends; Go prints `panic: <message>` and exits 2. */
export function gopanic(s: State, g: G, message: string): StepResult {
  return {
    state: { ...s, exit: { end: 'panic', message, goroutine: g.label } },
    events: said(g, `panic: ${message}`),
  };
}

/**
 * goexit: the goroutine is done; main's return ends the program, abandoning
 * the rest; the last litmus thread's return ends it after the final reads.
 */
export function goexit(m: Model, s: State, g: G, finals: readonly (readonly [string, Value])[] = []): StepResult {
  const { param: _p, waitreason: _w, ...rest } = g;
  const dead: G = { ...rest, status: 'dead', frames: [] };
  const gs = s.gs.map((x) => (x.goid === g.goid ? dead : x));
  // main returning ends a program; in litmus form the last thread to finish
  // does (the harness's main waits for the threads, then returns).
  const roots = m.program.roots.length;
  const ends = m.program.form === 'main' ? g.goid === 1 : g.goid <= roots && gs.slice(0, roots).every((x) => x.status === 'dead');
  if (ends) {
    const parked = parkedLabels(gs);
    const tail = parked.length > 0 ? [{ what: `parked at exit: ${parked.join(', ')}` }] : [];
    const read = finals.length > 0 ? [{ what: `final reads after the join: ${finals.map(([n, v]) => `${n}=${v}`).join(' ')}` }] : [];
    const st = finals.length > 0 ? withObservations(s, finals) : s;
    return { state: { ...st, gs, exit: { end: 'ok', parked } }, events: [...said(g, 'returns; the program exits'), ...read, ...tail] };
  }
  return { state: { ...s, gs }, events: said(g, 'returns') };
}

type Op<K extends Instr['op']> = Moving<InstrOf<K>>;
/** The one way of an operation that can go only one way. */
type One = null;
const ONE: readonly One[] = [null];

/** newproc: the new goroutine is runnable; the go statement happens before it starts. */
const go = action({
  ways: (): readonly One[] => ONE,
  apply: ({ m, s, g, top, instr }: Op<'go'>): StepResult => {
    const u = m.program.units[instr.unit]!;
    const frame = instr.args ? newFrame(u, instr.unit, top, instr.args, m.program, s) : closureFrame(u, instr.unit, top, instr.captures!);
    const child: G = { goid: s.gs.length + 1, label: instr.label, status: 'runnable', frames: [frame] };
    const st = mm.hbGo(m, put({ ...s, gs: [...s.gs, child] }, advanced(g)), g, child.goid);
    return { state: st, events: said(g, `go ${instr.label}`, [`starts ${gname(child)}`]), hb: [{ op: 'transfer', from: g.goid, to: child.goid, rule: 'go' }] };
  },
  label: ({ instr }: Op<'go'>) => `go ${instr.label}`,
});

/** runtime.Gosched: yields; at this level it orders nothing. */
const gosched = action({
  ways: (): readonly One[] => ONE,
  apply: ({ s, g }: Op<'gosched'>): StepResult => ({ state: put(s, advanced(g)), events: said(g, 'runtime.Gosched()') }),
  label: () => 'gosched',
});

/** observe: records values in the outcome. */
const observe = action({
  ways: (): readonly One[] => ONE,
  apply: ({ m, s, g, top, instr }: Op<'observe'>): StepResult => {
    const pairs = instr.pairs.map(([n, e]) => [n, evalExpr(e, top, m.program, s)] as const);
    const st = withObservations(put(s, advanced(g)), pairs);
    return { state: st, events: said(g, `observe ${pairs.map(([n, v]) => `${n}=${v}`).join(' ')}`) };
  },
  label: ({ instr }: Op<'observe'>) => `observe ${instr.pairs.map(([n]) => n).join(' ')}`,
});

/** A panic statement: gopanic with its message. */
const panicStmt = action({
  ways: (): readonly One[] => ONE,
  apply: ({ s, g, instr }: Op<'panic'>): StepResult => gopanic(s, g, instr.message),
  label: () => 'panic',
});

/** A local instruction that reads len(c), which is shared state: one step of its own. */
const sharedLocal = action({
  ways: (): readonly One[] => ONE,
  apply: ({ m, s, g, instr }: Moving<Instr>): StepResult => {
    if (!isVisible(instr)) throw new Error(`${instr.op} is not a visible operation`);
    const frames = local(m.program, s, g.frames.slice(), instr);
    if (frames === 'exit') return goexit(m, s, g);
    return { state: put(s, { ...g, frames }), events: said(g, `${instr.op} reading channel lengths`) };
  },
  label: ({ instr }: Moving<Instr>) => instr.op,
});

export const procActions = { go, gosched, observe, panic: panicStmt, let: sharedLocal, jumpIfNot: sharedLocal, call: sharedLocal, return: sharedLocal } satisfies Actions;

// ---------------------------------------------------------------------------
// What a goroutine does when its local prefix ends other than at an operation

/** Its outermost frame returned: goexit (the last litmus thread's has one way per combination of final values). */
export const exitAction = action({
  ways: ({ m, s, g }: Moving<null>): readonly ExitWay[] => mm.exitWays(m, s, g),
  apply: ({ m, s, g }: Moving<null>, way: ExitWay): StepResult => goexit(m, s, g, way.finals),
  label: (_x: Moving<null>, way: ExitWay) => (way.finals.length > 0 ? `return; final ${way.finals.map(([n, v]) => `${n}=${v}`).join(' ')}` : 'return'),
});

/** A run-time panic in its local prefix (a division by zero): gopanic. */
export const panicAction = action({
  ways: (): readonly One[] => ONE,
  apply: ({ s, g, instr }: Moving<string>): StepResult => gopanic(s, g, instr),
  label: ({ instr }: Moving<string>) => `panic: ${instr}`,
});

/** Its local prefix ran out of fuel (a local loop): it yields a step, as preemption lets it. */
export const spinAction = action({
  ways: (): readonly One[] => ONE,
  apply: ({ s, g }: Moving<null>): StepResult => ({ state: put(s, g), events: said(g, 'runs locally and is preempted') }),
  label: () => 'spin',
});
