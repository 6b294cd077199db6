// The seam between the transition function (step.ts) and the mechanisms.
// Each mechanism — goroutines (proc.ts), channels (chan.ts), select
// (select.ts), plain words and atomics (memory/step.ts), the sync package
// (sync/actions.ts) — gives an action for each operation it owns: the ways
// the operation can go now (its guard, as an explicit list: which parked
// waiter is served, which ready case wins, which write a read sees), what one
// way does, and the way's label. step.ts only dispatches: it knows no
// mechanism, and one operation's logic lives in one place.
//
// Invariants an action keeps:
//   1. `ways` lists every way the operation can go in the state, in a fixed
//      order (a choice is an index into it), and is empty only when the
//      goroutine cannot move at all;
//   2. `label` is unique among the ways of one operation, and the same
//      for the same way of the same state: replay finds a step by its label;
//   3. `apply` is a function of (state, way): no hidden state.

import type { Instr, Program } from './compile.ts';
import type { Frame, G } from './sched.ts';
import { gname } from './sched.ts';
import { replaceTop } from './local.ts';
import type { State } from './state.ts';
import type { Model } from './step.ts';
import type { Race } from './memory/words.ts';
import type { HbNote } from './memory/hbnotes.ts';

/**
 * One thing a step did, as data: who did it, the operation, and what
 * followed. A report renders it (`eventText`: `g1 main: send c 1: hands 1 to
 * parked g2 (goready g2)`); the HTML report and the playground read the
 * fields.
 */
export interface StepEvent {
  /** The goroutine the event is about; absent for a line about the program (its final reads, who is parked at exit). */
  readonly goid?: number;
  /** Its name as reports print it (`g1 main`). */
  readonly who?: string;
  /** The operation or what happened (`send c 1`). */
  readonly what: string;
  /** What followed from it, in order (`hands 1 to parked g2 (goready g2)`). */
  readonly then?: readonly string[];
}

/** The event as one line of a story. */
export function eventText(e: StepEvent): string {
  const tail = e.then && e.then.length > 0 ? `: ${e.then.join('; ')}` : '';
  return e.who === undefined ? `${e.what}${tail}` : `${e.who}: ${e.what}${tail}`;
}

/** What one step does: the next state and what happened. */
export interface StepResult {
  readonly state: State;
  /** What happened, as data (StepEvent); `eventText` prints each. */
  readonly events: readonly StepEvent[];
  /** What the step did to happens-before, in completion order (memory/hbnotes.ts); `hbEdges` pairs a run's records into edges. */
  readonly hb?: readonly HbNote[];
  /** Data races this step's access makes (model/memory/words.ts), on sequentially consistent runs. */
  readonly races?: readonly Race[];
}

/** The goroutine about to move, as an action sees it. */
export interface Moving<I> {
  readonly m: Model;
  readonly s: State;
  /** The goroutine after its local prefix (what a counterpart did for it applied). */
  readonly g: G;
  /** Its top frame. */
  readonly top: Frame;
  /** The operation it is at. */
  readonly instr: I;
}

/**
 * What a mechanism tells the search engine about a way besides its effect,
 * so that the engine and its analyses need know no mechanism: the odds Go
 * gives the choice, and whether fairness reaches it.
 */
export interface WayNote {
  /**
   * Go gives this choice odds: among the ways of one goroutine's operation
   * that carry distinct `uniform` ids, each id is equally likely (select's
   * uniform choice among ready cases, runtime/select.go). A random walk
   * picks an id uniformly before a way; the oracle computes exact
   * probabilities when every branching state is such a choice.
   */
  readonly uniform?: number;
  /**
   * Fairness does not reach this choice: it picks a value nothing in Go
   * compels (a plain read's write, Go's memory model): `current` the latest
   * write or a promise, `stale` an older write still visible. A run may take
   * stale values for ever (the memory model promises no eventual
   * visibility), unlike a scheduling or select choice, which Go's preemption
   * and select's randomness make fair; the non-termination analyses
   * (explore/graph.ts) tell them apart.
   */
  readonly value?: 'current' | 'stale';
}

export interface Action<I, W> {
  /** Every way the operation can go now (invariant 1). */
  ways(x: Moving<I>): readonly W[];
  /** One way's effect. */
  apply(x: Moving<I>, way: W): StepResult;
  /** One way's label, without the goroutine (`send c 7 → g3`; step.ts prefixes `g1 main: `). */
  label(x: Moving<I>, way: W): string;
  note?(way: W): WayNote;
}

/** An action as the dispatch table holds it: its way type is its own business. */
export type Entry<I> = Action<I, unknown>;

/** Puts an action in a table (the way type stays checked inside the action). */
export function action<I, W>(a: Action<I, W>): Entry<I> {
  return a as unknown as Entry<I>;
}

/** The instruction of a given op. */
export type InstrOf<K extends Instr['op']> = Extract<Instr, { op: K }>;

/** A mechanism's actions, by the operation (Instr op) they handle. */
export type Actions = { readonly [K in Instr['op']]?: Entry<InstrOf<K>> };

/**
 * A mechanism's part of the state (state.ts gathers them): the State fields
 * it owns, their value before the first step, their part of the state key,
 * their invariants and how they read in a dump. A new mechanism with state
 * of its own (the clock, the Ps, the heap) adds its fields and a slice.
 */
export interface Slice<F extends keyof State = keyof State> {
  /** The mechanism, as typeOK's messages name it. */
  readonly name: string;
  /** The fields it owns; every State field has one owner (model/state.test.ts). */
  readonly fields: readonly F[];
  /** The fields before the first step. */
  init(p: Program): Pick<State, F>;
  /**
   * Its part of the state key: equal for states its mechanism cannot tell
   * apart, distinct otherwise, and without `#` (the separator between
   * parts; only the last slice, the program's, may hold free text).
   */
  key(s: State): string;
  /** The first invariant the state breaks, in words (typeOK throws it), or null. */
  broken(s: State): string | null;
  /** Its objects, one line each, for a state dump. */
  describe(p: Program, s: State): readonly string[];
}

/** The state with goroutine g replaced by ng (same goid). */
export function put(s: State, ng: G): State {
  return { ...s, gs: s.gs.map((x) => (x.goid === ng.goid ? ng : x)) };
}

/** g with its top frame replaced (its pc and registers moved on). */
export function withTop(g: G, top: Frame): G {
  return { ...g, frames: replaceTop(g.frames, top) };
}

/** g one instruction on (or at pc). */
export function advanced(g: G, pc?: number): G {
  const top = g.frames[g.frames.length - 1]!;
  return withTop(g, { ...top, pc: pc ?? top.pc + 1 });
}

/** A step's one event: g did `what`, and `then` followed (`g1 main: send c 1: hands 1 to parked g2`). */
export function said(g: G, what: string, then: readonly string[] = []): StepEvent[] {
  return [{ goid: g.goid, who: gname(g), what, ...(then.length > 0 ? { then } : {}) }];
}
