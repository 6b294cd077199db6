// The state of a running scenario: goroutines, channels and what has been
// observed, as plain immutable data (docs/style.md habit 3). Objects live in
// id-keyed tables (`gs` by goid, `chans` by channel index) and refer to each
// other by id. Each mechanism owns some of its fields and says in its
// slice (action.ts `Slice`: sched.ts, chan.ts, memory/step.ts,
// sync/syncs.ts) how they start, how they enter the state key, which
// invariants they keep and how they read; this file gathers the slices and
// owns the program's own fields (obs, exit, after).
//
// Invariants (`typeOK`, checked after every step when exploring in debug
// mode; a failure is a bug in gospec and throws, the way Go's runtime
// throws on inconsistent state):
//   1. the scheduler's invariants (model/sched.ts) hold;
//   2. every channel's invariants (model/chan.ts) hold, every sync
//      object's (model/sync/syncs.ts) and memory's (model/memory/mem.ts);
//   3. `obs` is sorted by name, each name once;
//   4. `exit` is set at most once, and a state with `exit` has no successor.
//   5. `after` is set only on the states that follow main's return (see
//      `resume`); such a state never has `exit`.
//
// After main returns. A Go program ends when main returns, abandoning the
// goroutines still alive. To tell a goroutine merely overtaken by main's
// return from one that can never finish (a leak as goleak, a CI gate or Go's
// leak profile mean it), gospec runs the program on from the exit state with
// main gone (`resume`): the explorer (explore/settle.ts) follows every
// schedule of the goroutines left behind until they settle, blocked for ever
// or running for ever. Observations made then are not part of any outcome
// (no real run prints them), so `withObservations` ignores them.

import type { Value } from './ir.ts';
import { valueKey } from './ir.ts';
import type { Program } from './compile.ts';
import type { Hchan } from './chan.ts';
import { chanSlice } from './chan.ts';
import type { G } from './sched.ts';
import { schedSlice } from './sched.ts';
import type { Outcome } from './outcome.ts';
import type { Mem } from './memory/mem.ts';
import { memorySlice } from './memory/step.ts';
import type { SyncObj } from './sync/syncs.ts';
import { syncSlice } from './sync/syncs.ts';
import type { Slice } from './action.ts';
import type { Timer } from './time.ts';
import { timeSlice } from './time.ts';

/**
 * How the program ended, once it has: main returned, a goroutine panicked,
 * or a fatal error (runtime.fatal: `sync: unlock of unlocked mutex`) killed it.
 */
export type Exit =
  /** `parked`: the labels, sorted, of the goroutines parked at the moment main returned. */
  | { readonly end: 'ok'; readonly parked: readonly string[] }
  | { readonly end: 'panic'; readonly message: string; readonly goroutine: string }
  | { readonly end: 'fatal'; readonly message: string };

export interface State {
  readonly gs: readonly G[];
  readonly chans: readonly Hchan[];
  /** Observations so far, sorted by name: [name, values in observation order]. */
  readonly obs: readonly (readonly [string, readonly Value[]])[];
  /** Current values of the atomic objects, by atomic index (Program.atomics). */
  readonly atomics: readonly Value[];
  /** Mutexes, RWMutexes, WaitGroups, Onces and Conds, by sync index (ProgramObject.sync; model/sync/syncs.ts). */
  readonly syncs: readonly SyncObj[];
  /** Clocks and plain-word histories (model/memory/mem.ts); only when the scenario has plain words. */
  readonly mem?: Mem;
  /** The gc level's pending timers, by deadline (model/time.ts); absent until a sleep parks on one. */
  readonly timers?: readonly Timer[];
  readonly exit?: Exit;
  /**
   * Set once main has returned and the goroutines left behind run on
   * (`resume`): who was parked at that moment, for the outcome.
   */
  readonly after?: { readonly parked: readonly string[] };
}

/**
 * The program's own part of the state: what has been observed, how it
 * ended, and whether it runs on after main's return (invariants 3–5).
 * Its key comes last among the slices: the exit holds free text (JSON,
 * which no part after it has to be told apart from).
 */
const programSlice: Slice<'obs' | 'exit' | 'after'> = {
  name: 'program',
  fields: ['obs', 'exit', 'after'],
  init: () => ({ obs: [] }),
  // Names are identifiers and values ints, t or f; parked labels are identifiers.
  key: (s) => `${s.obs.map(([n, vs]) => `${n}=${vs.map(valueKey).join(',')}`).join(' ')}#${s.after ? `p${s.after.parked.join(',')}` : ''}#${s.exit ? JSON.stringify(s.exit) : ''}`,
  broken: (s) => {
    for (let i = 1; i < s.obs.length; i++) if (s.obs[i - 1]![0] >= s.obs[i]![0]) return 'obs is not sorted by name';
    return s.after && s.exit ? "a state after main's return has an exit" : null;
  },
  describe: () => [],
};

// The slices in key order, the program's last. Built on first use: the
// mechanisms' modules import this one, so their slices may not exist yet
// while it loads.
let slices: readonly Slice[] | undefined;

/** Every mechanism's part of the state, in key order. */
export function stateSlices(): readonly Slice[] {
  return (slices ??= [schedSlice, chanSlice, memorySlice, syncSlice, timeSlice, programSlice] as readonly Slice[]);
}

/** The state before the first step: main (or every litmus thread) runnable at pc 0, each mechanism's objects new. */
export function initialState(p: Program): State {
  return Object.assign({}, ...stateSlices().map((sl) => sl.init(p))) as State;
}

/**
 * A compact canonical key: two states with equal keys behave identically,
 * and distinct states get distinct keys. Each slice writes its part
 * (`Slice.key`), and the parts are joined by `#`, which only the last part
 * may contain:
 *
 *   goroutines # channels # memory # sync objects # timers # observations # after # exit
 */
export function stateKey(s: State): string {
  const all = stateSlices();
  let key = all[0]!.key(s);
  for (let i = 1; i < all.length; i++) key += `#${all[i]!.key(s)}`;
  return key;
}

export class InconsistentState extends Error {}

/** Throws InconsistentState naming the first invariant that fails. */
export function typeOK(s: State): void {
  for (const sl of stateSlices()) {
    const broken = sl.broken(s);
    if (broken !== null) throw new InconsistentState(broken);
  }
}

/** The outcome of a state that has ended (exit set), or of a deadlocked one. */
export function outcomeOf(s: State, deadlocked: boolean): Outcome {
  if (deadlocked) return { end: 'deadlock', obs: {} };
  if (s.exit?.end === 'panic') return { end: 'panic', obs: {}, panic: { message: s.exit.message, goroutine: s.exit.goroutine } };
  if (s.exit?.end === 'fatal') return { end: 'fatal', obs: {}, fatal: { message: s.exit.message } };
  const obs: Record<string, readonly Value[]> = {};
  for (const [n, vs] of s.obs) obs[n] = vs;
  const parked = s.exit?.end === 'ok' ? s.exit.parked : s.after?.parked ?? [];
  return parked.length > 0 ? { end: 'ok', obs, parked } : { end: 'ok', obs };
}

/**
 * The program run on after main's return: the exit state with its exit
 * lifted and main gone (it is dead already), marked `after`. Observations
 * are kept for the outcome; nothing observed from here on is added.
 */
export function resume(s: State): State {
  if (s.exit?.end !== 'ok') throw new Error('resume: only a program whose main returned runs on');
  const { exit, ...rest } = s;
  return { ...rest, after: { parked: exit.parked } };
}

/** Appends values to observation names, keeping `obs` sorted (not after main's return: no run shows them). */
export function withObservations(s: State, pairs: readonly (readonly [string, Value])[]): State {
  if (s.after) return s;
  const m = new Map(s.obs.map(([n, vs]) => [n, vs] as const));
  for (const [n, v] of pairs) m.set(n, [...(m.get(n) ?? []), v]);
  const obs = [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { ...s, obs };
}

/** The state in a few lines: goroutines with status, then channels, then sync objects. */
export function describeState(p: Program, s: State): string[] {
  return stateSlices().flatMap((sl) => sl.describe(p, s));
}
