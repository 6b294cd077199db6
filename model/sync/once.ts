// sync.Once, after sync/once.go (Do, doSlow): `once: { once, body }` runs
// body (Go's f) in the first goroutine to arrive; goroutines that arrive
// while f runs wait until it returns; after that, Do does nothing.
//
// The statement compiles to an enter instruction, body, an exit instruction
// (model/compile.ts). Enter: when `done`, jump past the exit; when f is
// running, park; else start running f. Exit: `done`, and every goroutine
// parked meanwhile is readied past the exit.
//
// Invariants (exported as `onceInvariants`):
//   1. doneOrRunning: not both `done` and a `running` goroutine;
//   2. waitersOnlyWhileRunning: `waiters` non-empty ⇒ `running` ≠ 0;
//   3. waitersParked: every goid in `waiters` is parked [semacquire] — in
//      gc they wait on the Once's mutex (doSlow locks o.m around f), so a
//      goroutine dump shows them as a Mutex's waiters do.
//
// gc readies the waiters one at a time (each takes o.m, sees done, unlocks);
// all that a program can tell is that each returns after f did, which the
// model says directly. f calling Do on the same Once parks for ever (gc:
// o.m is already held by the caller), a deadlock in both. A panic in f ends
// the program here (panics are not recovered in this model), so Go's rule
// that a panicking f counts as done never comes up.

import type { G } from '../sched.ts';
import { SEMACQUIRE } from './mutex.ts';

export interface Once {
  readonly kind: 'once';
  /** o.done: f has returned. */
  readonly done: boolean;
  /** The goroutine running f, 0 when none (doSlow holds o.m meanwhile). */
  readonly running: number;
  /** Goroutines parked in Do while f runs, in the order they parked. */
  readonly waiters: readonly number[];
}

export const onceInvariants = {
  doneOrRunning: (o: Once): boolean => !(o.done && o.running !== 0),
  waitersOnlyWhileRunning: (o: Once): boolean => o.waiters.length === 0 || o.running !== 0,
  waitersParked: (o: Once, gs: readonly G[]): boolean =>
    o.waiters.every((id) => gs[id - 1]?.status === 'waiting' && gs[id - 1]?.waitreason === SEMACQUIRE),
};

export function newOnce(): Once {
  return { kind: 'once', done: false, running: 0, waiters: [] };
}

/** How Do's entry goes: skip f (done), run f (first), or wait for the goroutine running it. */
export type EnterWay = { readonly kind: 'skip' } | { readonly kind: 'run' } | { readonly kind: 'park' };

/** The one way entry goes now; a mutant that does not wait for f skips it while it runs. */
export function enterWays(o: Once, waitsForF: boolean): EnterWay[] {
  if (o.done) return [{ kind: 'skip' }];
  if (o.running === 0) return [{ kind: 'run' }];
  return [waitsForF ? { kind: 'park' } : { kind: 'skip' }];
}

export function onceEnter(o: Once, goid: number, way: EnterWay): Once {
  if (way.kind === 'skip') return o;
  if (way.kind === 'run') return { ...o, running: goid };
  return { ...o, waiters: [...o.waiters, goid] };
}

/** f returned: done; every waiter is readied past the body. */
export function onceExit(o: Once): { once: Once; ready: readonly number[] } {
  return { once: { ...o, done: true, running: 0, waiters: [] }, ready: o.waiters };
}

export function describeOnce(name: string, o: Once): string {
  const state = o.done ? 'done' : o.running !== 0 ? `f running in g${o.running}` : 'not run';
  return `${name}: ${state}${o.waiters.length > 0 ? ` waiters [${o.waiters.map((g) => `g${g}`).join(' ')}]` : ''}`;
}

export function onceKey(o: Once): string {
  return `${o.done ? 'D' : 'N'}${o.running};${o.waiters.join(',')}`;
}
