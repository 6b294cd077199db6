// select, after runtime/select.go (selectgo) and the spec's Select statements.
//
// Invariants and rules:
//   1. nil cases are never ready and never parked on (selectgo drops them
//      from pollorder); a select of only nil cases and no default parks
//      forever ("select"), and `select {}` parks forever ("select (no cases)").
//   2. a case is ready when its channel operation could proceed now; a send
//      on a closed channel is "ready" and panics, as in selectgo's pass 1.
//   3. readyWins: when cases are ready, one of them wins; which ones may win
//      is `Semantics.selectWinners` (Go: every ready case, uniformly: a
//      uniformly random pollorder makes the first ready case uniform).
//   4. default runs only when no case is ready.
//   5. parked, the select has one sudog per non-nil case (in case order);
//      the counterpart that readies it withdraws the others (selectDone).

import type { Level } from './ir.ts';
import type { CSelectCase } from './compile.ts';
import type { Hchan, RecvWay, SendWay } from './chan.ts';
import { recvWays, sendWays } from './chan.ts';
import type { Semantics } from './semantics.ts';

export type SelectWay =
  | { readonly kind: 'send'; readonly caseIndex: number; readonly way: SendWay }
  | { readonly kind: 'recv'; readonly caseIndex: number; readonly way: RecvWay }
  | { readonly kind: 'default' }
  /** Nothing ready, no default: park on every non-nil case. */
  | { readonly kind: 'block' };

/**
 * Every way the select may go now. `chanIndex[i]` is case i's channel index
 * (-1 for nil). Ways are listed case by case, in source order.
 */
export function selectWays(cases: readonly CSelectCase[], chanIndex: readonly number[], hasDefault: boolean, chans: readonly Hchan[], sem: Semantics, level: Level): SelectWay[] {
  const ready: SelectWay[][] = [];
  cases.forEach((cs, i) => {
    const ci = chanIndex[i]!;
    if (ci < 0) return;
    const c = chans[ci]!;
    if (cs.dir === 'send') {
      const ways = sendWays(c, sem, level);
      if (ways[0]!.kind !== 'block') ready.push(ways.map((way) => ({ kind: 'send', caseIndex: i, way })));
    } else {
      const ways = recvWays(c, sem, level);
      if (ways[0]!.kind !== 'block') ready.push(ways.map((way) => ({ kind: 'recv', caseIndex: i, way })));
    }
  });
  if (ready.length > 0) {
    const winners = sem.selectWinners(ready.map((_, i) => i), level);
    if (winners.length > 0) return winners.flatMap((w) => ready[w]!);
  }
  return [hasDefault ? { kind: 'default' } : { kind: 'block' }];
}

/** Go's wait reason for a parked select (runtime2.go waitReasonStrings). */
export function selectWaitReason(cases: readonly CSelectCase[]): string {
  return cases.length === 0 ? 'select (no cases)' : 'select';
}
