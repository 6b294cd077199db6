// sync.Cond, after sync/cond.go (Wait, Signal, Broadcast) and the runtime's
// notify list (runtime/sema.go notifyListAdd, notifyListWait,
// notifyListNotifyOne, notifyListNotifyAll).
//
// `condwait` compiles to two instructions (model/compile.ts): the wait
// proper — join the notify list, unlock c.L (with Unlock's rules, its fatal
// error included: mutex.ts, rwmutex.ts), park — and then an ordinary Lock of
// c.L, which the goroutine runs once a Signal or Broadcast has readied it and
// which may park again on L. Between the two the goroutine holds nothing.
//
// Invariants (exported as `condInvariants`):
//   1. notifyOfParked: every goid in `notify` is parked with Go 1.19's wait
//      reason "sync.Cond.Wait" (runtime2.go waitReasonSyncCondWait).
//
// Signal readies one waiter and Broadcast all of them; with nobody waiting
// both do nothing, so a Signal that comes before the Wait it was meant for
// is lost. Which waiter Signal readies (`Semantics.sync.notifyServable`): any
// at the spec level; at the gc level the one that joined first, as
// notifyListNotifyOne readies the oldest ticket not yet notified — `notify`
// is kept in ticket order, so that is its head. Go does not
// require holding c.L to Signal or Broadcast, and neither does the model.

import type { G } from '../sched.ts';

export interface Cond {
  readonly kind: 'cond';
  /** The notify list: goroutines parked in Wait, in the order they joined (notifyListAdd's tickets). */
  readonly notify: readonly number[];
}

export const COND_WAIT = 'sync.Cond.Wait';

export const condInvariants = {
  notifyOfParked: (c: Cond, gs: readonly G[]): boolean =>
    c.notify.every((id) => gs[id - 1]?.status === 'waiting' && gs[id - 1]?.waitreason === COND_WAIT),
};

export function newCond(): Cond {
  return { kind: 'cond', notify: [] };
}

/** How Signal goes: ready notify[waiter], or nothing when nobody waits. */
export type SignalWay = { readonly kind: 'none' } | { readonly kind: 'wake'; readonly waiter: number };

/** Every way Signal may go: `servable` says which of the notify list's waiters (none when it is empty). */
export function signalWays(servable: readonly number[]): SignalWay[] {
  return servable.length === 0 ? [{ kind: 'none' }] : servable.map((waiter) => ({ kind: 'wake', waiter }));
}

/** Signal: notify[waiter] leaves the list (the caller readies it). */
export function signal(c: Cond, way: SignalWay): { cond: Cond; ready: readonly number[] } {
  if (way.kind === 'none') return { cond: c, ready: [] };
  return { cond: { ...c, notify: c.notify.filter((_, i) => i !== way.waiter) }, ready: [c.notify[way.waiter]!] };
}

/** Broadcast: every waiter leaves the list — or, under a mutant that wakes only the first, one. */
export function broadcast(c: Cond, all: boolean): { cond: Cond; ready: readonly number[] } {
  if (c.notify.length === 0) return { cond: c, ready: [] };
  if (!all) return { cond: { ...c, notify: c.notify.slice(1) }, ready: [c.notify[0]!] };
  return { cond: { ...c, notify: [] }, ready: c.notify };
}

/** Wait's first half: goid joins the notify list (the caller unlocks L and parks the g). */
export function condAdd(c: Cond, goid: number): Cond {
  return { ...c, notify: [...c.notify, goid] };
}

export function describeCond(name: string, c: Cond): string {
  return `${name}: notify [${c.notify.map((g) => `g${g}`).join(' ')}]`;
}

export function condKey(c: Cond): string {
  return c.notify.join(',');
}
