// Goroutines: their status, their call stacks, and the park/ready protocol
// channels use, after runtime/proc.go (newproc, gopark, goready, goexit) and
// runtime/runtime2.go (the g struct and its statuses).
//
// Invariants (checked by `schedInvariants`):
//   1. goids are 1, 2, 3, … in creation order and `gs[i].goid === i + 1`;
//      the main goroutine of a `main` program is goid 1, as in Go.
//   2. status 'dead' ⇔ `frames` is empty.
//   3. status 'waiting' ⇒ `waitreason` is set and `param` is unset: a parked
//      goroutine has not been handed a result yet.
//   4. a goroutine readied by a counterpart (goready) is 'runnable' with
//      `param` holding what the counterpart did for it; it applies `param`
//      first when it next runs. A goroutine readied without a param (a
//      sync.Mutex waiter woken by Unlock, model/sync/actions.ts) had nothing
//      done for it: it runs its parked operation again.
//
// Modes: at this level there is no G/M/P machinery yet: any runnable
// goroutine may take the next step (GOMAXPROCS processors, preemption at any
// statement). The gc run queues (runnext, runq, the 1/61 global check) arrive
// with the scheduler issue and refine this, never widen it.

import type { Value } from './ir.ts';
import { valueKey as val } from './ir.ts';
import type { Program } from './compile.ts';
import type { Slice } from './action.ts';
import { CLOCK } from './time.ts';

/** Status names follow runtime2.go's _Grunnable, _Gwaiting, _Gdead. */
export type GStatus = 'runnable' | 'waiting' | 'dead';

/** A deferred statement: its closure unit and the values captured when `defer` ran. */
export interface Deferred {
  readonly unit: number;
  readonly regs: readonly Value[];
  readonly refs: readonly number[];
}

export interface Frame {
  readonly unit: number;
  readonly pc: number;
  readonly regs: readonly Value[];
  /** Object indexes bound to the unit's reference slots. */
  readonly refs: readonly number[];
  readonly defers: readonly Deferred[];
  /** Once `return` has run: the value being returned while deferred statements run. */
  readonly returning?: { readonly value: Value | null };
  /** The caller's register that receives the returned value. */
  readonly into?: number;
  /** A frame running a deferred statement: its return resumes the caller's return. */
  readonly isDefer?: boolean;
  /**
   * Per register slot: the promises (model/memory/words.ts) its value
   * depends on, as a bitmask; absent while every register depends on none.
   */
  readonly taint?: readonly number[];
  /**
   * Control dependencies (as a bitmask of promises) that last: the
   * conditions of the loops this frame ran, which every later event depends
   * on (a write may not move above a loop that might not end), and of the
   * branches it left other than by their join (a break or a return out of
   * an `if`).
   */
  readonly ctrl?: number;
  /**
   * The `if`s this frame is inside whose condition depended on promises,
   * innermost last: the branch is the pcs [lo, join), and what is inside it
   * depends on `deps` until the join, where both arms meet again and the
   * dependency ends (model/local.ts `closeBranches`).
   */
  readonly branches?: readonly { readonly lo: number; readonly join: number; readonly deps: number }[];
}

/**
 * What a counterpart did for a parked goroutine (runtime's gp.param and
 * sudog.success): `caseIndex` is the select case that won (-1 for a plain
 * operation), `ok` is false when close woke it.
 */
export interface WakeParam {
  readonly caseIndex: number;
  readonly ok: boolean;
  readonly value?: Value;
}

export interface G {
  readonly goid: number;
  /** The label an outcome and a report use: main, a proc name, main.func1, a litmus thread. */
  readonly label: string;
  readonly status: GStatus;
  readonly frames: readonly Frame[];
  /** Why a waiting goroutine is parked, in runtime2.go's waitReasonStrings. */
  readonly waitreason?: string;
  readonly param?: WakeParam;
}

export const schedInvariants = {
  goidsDense: (gs: readonly G[]): boolean => gs.every((g, i) => g.goid === i + 1),
  deadIffNoFrames: (gs: readonly G[]): boolean => gs.every((g) => (g.status === 'dead') === (g.frames.length === 0)),
  parkedHasReason: (gs: readonly G[]): boolean =>
    gs.every((g) => g.status !== 'waiting' || (g.waitreason !== undefined && g.param === undefined)),
};

/**
 * The goroutines' part of the state: at first main (or every litmus thread)
 * runnable at pc 0. The key leaves out what the rest determines: a
 * goroutine's label (its bottom frame's unit's), a parked goroutine's
 * waitreason (its instruction and operands), and everything of a dead
 * goroutine but that it is dead.
 */
export const schedSlice: Slice<'gs'> = {
  name: 'sched',
  fields: ['gs'],
  init: (p) => ({
    gs: p.roots.map((unit, i) => {
      const u = p.units[unit]!;
      return { goid: i + 1, label: u.label, status: 'runnable', frames: [{ unit, pc: 0, regs: u.regNames.map(() => 0), refs: [], defers: [] }] };
    }),
  }),
  key: (s) => s.gs.map(gKey).join('|'),
  broken: (s) => {
    for (const [name, pred] of Object.entries(schedInvariants)) if (!pred(s.gs)) return `sched invariant ${name} fails`;
    return null;
  },
  describe: (p, s) =>
    s.gs.map((g) => {
      const top = g.frames[g.frames.length - 1];
      const where = top ? ` at ${p.units[top.unit]!.label}:${top.pc}` : '';
      const why = g.status === 'waiting' ? ` [${g.waitreason}]` : '';
      return `${gname(g)}: ${g.status}${why}${where}`;
    }),
};

function gKey(g: G): string {
  if (g.status === 'dead') return 'x';
  const p = g.param;
  const param = p ? `(${p.caseIndex},${p.ok ? 1 : 0},${val(p.value)})` : '';
  return `${g.status === 'waiting' ? 'w' : 'r'}${param}${g.frames.map(frameKey).join('/')}`;
}

function frameKey(f: Frame): string {
  const defers = f.defers.length > 0 ? `{${f.defers.map((d) => `${d.unit}:${d.regs.map(val).join(',')}:${d.refs.join(',')}`).join(';')}}` : '';
  const ret = f.returning ? `^${val(f.returning.value)}` : '';
  const deps = f.taint || f.ctrl || f.branches ? `~${(f.taint ?? []).join(',')}~${f.ctrl ?? 0}~${(f.branches ?? []).map((b) => `${b.lo}-${b.join}:${b.deps}`).join(',')}` : '';
  const into = f.into !== undefined ? `>${f.into}` : '';
  return `${f.unit}.${f.pc}[${f.regs.map(val).join(',')}][${f.refs.join(',')}]${defers}${ret}${into}${f.isDefer ? '!' : ''}${deps}`;
}

/**
 * The actors that may take the next step: every runnable goroutine, by
 * goid (any may run next, GOMAXPROCS processors, preemption at any
 * statement), then the clock (model/time.ts, id 0) while a timer is
 * pending. The gc level's scheduler (Ps, run queues) replaces this list,
 * not the explorer.
 */
export function actors(s: { readonly gs: readonly G[]; readonly timers?: readonly unknown[]; readonly syncs?: readonly { readonly kind: string; readonly ages?: readonly unknown[] }[] }): number[] {
  const out: number[] = [];
  for (const g of s.gs) if (g.status === 'runnable') out.push(g.goid);
  // The clock, while a timer is pending or a mutex waiter ages (sync/mutex.ts); clockWays says whether it can move.
  if ((s.timers?.length ?? 0) > 0 || (s.syncs?.some((x) => x.kind === 'mutex' && (x.ages?.length ?? 0) > 0) ?? false)) out.push(CLOCK);
  return out;
}

/**
 * The labels, sorted, of the goroutines parked now on a counterpart (an
 * exit's `parked`, a settled continuation's `leaked`). A sleeping goroutine
 * (model/time.ts) is not among them: the clock will ready it, and the Go
 * driver does not count it either.
 */
export function parkedLabels(gs: readonly G[]): string[] {
  return gs.filter((g) => g.status === 'waiting' && g.waitreason !== 'sleep').map((g) => g.label).sort();
}

/** gopark: the goroutine stops running until a counterpart readies it (or forever). */
export function gopark(g: G, waitreason: string, top: Frame): G {
  const { param: _drop, ...rest } = g;
  return { ...rest, status: 'waiting', waitreason, frames: [...g.frames.slice(0, -1), top] };
}

/**
 * goready: a counterpart hands a parked goroutine its result and makes it
 * runnable; without a param, the goroutine will run its operation again.
 */
export function goready(g: G, param?: WakeParam): G {
  const { waitreason: _drop, param: _none, ...rest } = g;
  return param ? { ...rest, status: 'runnable', param } : { ...rest, status: 'runnable' };
}

/** The label of the goroutine with this goid, for events: `g2 worker`. */
export function gname(g: G): string {
  return `g${g.goid} ${g.label}`;
}
