// sync.WaitGroup, after sync/waitgroup.go (Add, Done, Wait): a counter, the
// goroutines parked in Wait (on the group's semaphore, runtime/sema.go), and
// the waiters the counter's return to zero readied that have not returned
// from Wait yet.
//
// Invariants (exported as `waitgroupInvariants`):
//   1. counterNonNegative: `counter` ≥ 0 (an Add that would make it
//      negative panics "sync: negative WaitGroup counter" and ends the run);
//   2. waitersOnlyWhileCounting: `waiters` non-empty ⇒ `counter` > 0 (the
//      Add that brings the counter to zero readies every waiter);
//   3. waitersParked: every goid in `waiters` is parked [semacquire];
//   4. releasedRunnable: every goid in `released` is runnable and not in
//      `waiters`.
//
// Steps: Add(delta) is one step (done is Add(-1)); when it brings the counter
// to zero with waiters, it resets the waiter count and readies them all, as
// waitgroup.go does (`*statep = 0`, then one semrelease per waiter). A
// readied waiter returns from Wait in a step of its own, when it runs, and
// first checks, as waitgroup.go does after its semacquire, that nobody has
// used the group again meanwhile: a counter or waiter count other than zero
// then is the panic "sync: WaitGroup is reused before previous Wait has
// returned". Go's other misuse panic ("Add called concurrently with Wait")
// needs an Add to interleave inside another Add or Wait, which these atomic
// steps rule out.

import type { G } from '../sched.ts';
import { SEMACQUIRE } from './mutex.ts';

export interface WaitGroup {
  readonly kind: 'waitgroup';
  /** The counter (waitgroup.go's v, the high half of its state). */
  readonly counter: number;
  /** Goroutines parked in Wait, in the order they parked (waitgroup.go's w counts them). */
  readonly waiters: readonly number[];
  /** Waiters readied by the counter's return to zero that have not returned from Wait yet. */
  readonly released: readonly number[];
}

export const NEGATIVE_COUNTER = 'sync: negative WaitGroup counter';
export const REUSED_BEFORE_WAIT_RETURNED = 'sync: WaitGroup is reused before previous Wait has returned';

export const waitgroupInvariants = {
  counterNonNegative: (wg: WaitGroup): boolean => wg.counter >= 0,
  waitersOnlyWhileCounting: (wg: WaitGroup): boolean => wg.waiters.length === 0 || wg.counter > 0,
  waitersParked: (wg: WaitGroup, gs: readonly G[]): boolean =>
    wg.waiters.every((id) => gs[id - 1]?.status === 'waiting' && gs[id - 1]?.waitreason === SEMACQUIRE),
  releasedRunnable: (wg: WaitGroup, gs: readonly G[]): boolean =>
    wg.released.every((id) => gs[id - 1]?.status === 'runnable' && !wg.waiters.includes(id)),
};

export function newWaitGroup(): WaitGroup {
  return { kind: 'waitgroup', counter: 0, waiters: [], released: [] };
}

/** How Add goes: a panic on a negative counter, else the new counter (readying every waiter when it reaches zero). */
export type AddWay = { readonly kind: 'negative' } | { readonly kind: 'add' };

/** How Wait goes: return, park, or (a readied waiter that finds the group reused) panic. */
export type WaitWay = { readonly kind: 'return' } | { readonly kind: 'park' } | { readonly kind: 'reused' };

export function addWays(wg: WaitGroup, delta: number): AddWay[] {
  return [wg.counter + delta < 0 ? { kind: 'negative' } : { kind: 'add' }];
}

/**
 * Add(delta) that keeps the counter ≥ 0: the new counter; at zero, every
 * waiter is readied (`ready`) and joins `released` — unless a mutant says
 * the group readies nobody (`releases` false).
 */
export function wgAdd(wg: WaitGroup, delta: number, releases: boolean): { wg: WaitGroup; ready: readonly number[] } {
  const counter = wg.counter + delta;
  if (counter < 0) throw new Error('wgAdd: negative counter (a panic)');
  if (counter > 0 || wg.waiters.length === 0 || !releases) return { wg: { ...wg, counter }, ready: [] };
  return { wg: { ...wg, counter, waiters: [], released: [...wg.released, ...wg.waiters] }, ready: wg.waiters };
}

/** Every way Wait by goid may go now (one). */
export function waitWays(wg: WaitGroup, goid: number): WaitWay[] {
  if (wg.released.includes(goid)) return [wg.counter !== 0 || wg.waiters.length !== 0 ? { kind: 'reused' } : { kind: 'return' }];
  return [wg.counter === 0 ? { kind: 'return' } : { kind: 'park' }];
}

/** Wait returns (a readied waiter leaves `released`) or parks. */
export function wgWait(wg: WaitGroup, goid: number, way: WaitWay): WaitGroup {
  const released = wg.released.filter((id) => id !== goid);
  if (way.kind === 'park') return { ...wg, waiters: [...wg.waiters, goid] };
  return released.length === wg.released.length ? wg : { ...wg, released };
}

export function describeWaitGroup(name: string, wg: WaitGroup): string {
  const ids = (xs: readonly number[]): string => `[${xs.map((g) => `g${g}`).join(' ')}]`;
  return `${name}: counter ${wg.counter} waiters ${ids(wg.waiters)}${wg.released.length > 0 ? ` released ${ids(wg.released)}` : ''}`;
}

export function waitgroupKey(wg: WaitGroup): string {
  return `${wg.counter};${wg.waiters.join(',')};${wg.released.join(',')}`;
}
