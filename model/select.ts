// select, after runtime/select.go (selectgo) and the spec's Select statements.
//
// Invariants and rules:
//   1. nil cases are never ready and never parked on (selectgo drops them
//      from pollorder); a select of only nil cases and no default parks
//      forever ("select"), and `select {}` parks forever ("select (no cases)").
//   2. a case is ready when its channel operation could proceed now; a send
//      on a closed channel is "ready" and panics, as in selectgo's pass 1.
//   3. readyWins: when cases are ready, one of them wins; which ones may win
//      is `SelectSemantics.winners` (below) (Go: every ready case, uniformly: a
//      uniformly random pollorder makes the first ready case uniform).
//   4. default runs only when no case is ready.
//   5. parked, the select has one sudog per non-nil case (in case order);
//      the counterpart that readies it withdraws the others (selectDone).
//
// The select statement is an action of its goroutine (the end of this
// file); its ways say which case wins, the one choice Go gives odds for.

import type { Level } from './ir.ts';
import type { CSelectCase } from './compile.ts';
import type { Hchan, RecvWay, SendWay } from './chan.ts';
import { enqueue, recvNow, recvWays, sendNow, sendWays, waiterLabel } from './chan.ts';
import type { SemanticsAt } from './semantics.ts';
import type { Actions, InstrOf, Moving, StepResult } from './action.ts';
import { action, advanced, put, said, withTop } from './action.ts';
import { gopark } from './sched.ts';
import { chanOf, evalExpr, receivedInto } from './local.ts';
import { gopanic } from './proc.ts';
import * as mm from './memory/step.ts';
import { recvNotes, sendNotes } from './memory/hbnotes.ts';

export type SelectWay =
  | { readonly kind: 'send'; readonly caseIndex: number; readonly way: SendWay }
  | { readonly kind: 'recv'; readonly caseIndex: number; readonly way: RecvWay }
  | { readonly kind: 'default' }
  /** Nothing ready, no default: park on every non-nil case. */
  | { readonly kind: 'block' };

/** The decisions of this file that a mutant may change (model/semantics.ts), at one level. */
export interface SelectSemantics {
  /**
   * Which ready select cases may win (indexes into the ready list). selectgo
   * polls in a uniformly random order and takes the first ready case, so
   * every ready case may win, each with probability 1/len(ready). When it
   * names none, the select goes on as if no case were ready (Go never does
   * that; a mutant can).
   */
  readonly winners: (ready: readonly number[]) => readonly number[];
  /** Whether a select readied through one case withdraws its sudogs from the other cases (it does). */
  readonly withdrawsSiblings: boolean;
}

/** Go's select at a level (the same at both: selectgo's poll order is uniform). */
export function goSelect(_level: Level): SelectSemantics {
  return { winners: (ready) => ready.map((_, i) => i), withdrawsSiblings: true };
}

/**
 * Every way the select may go now. `chanIndex[i]` is case i's channel index
 * (-1 for nil). Ways are listed case by case, in source order.
 */
export function selectWays(cases: readonly CSelectCase[], chanIndex: readonly number[], hasDefault: boolean, chans: readonly Hchan[], sem: SemanticsAt): SelectWay[] {
  const ready: SelectWay[][] = [];
  cases.forEach((cs, i) => {
    const ci = chanIndex[i]!;
    if (ci < 0) return;
    const c = chans[ci]!;
    if (cs.dir === 'send') {
      const ways = sendWays(c, sem);
      if (ways[0]!.kind !== 'block') ready.push(ways.map((way) => ({ kind: 'send', caseIndex: i, way })));
    } else {
      const ways = recvWays(c, sem);
      if (ways[0]!.kind !== 'block') ready.push(ways.map((way) => ({ kind: 'recv', caseIndex: i, way })));
    }
  });
  if (ready.length > 0) {
    const winners = sem.select.winners(ready.map((_, i) => i));
    if (winners.length > 0) return winners.flatMap((w) => ready[w]!);
  }
  return [hasDefault ? { kind: 'default' } : { kind: 'block' }];
}

/** Go's wait reason for a parked select (runtime2.go waitReasonStrings). */
export function selectWaitReason(cases: readonly CSelectCase[]): string {
  return cases.length === 0 ? 'select (no cases)' : 'select';
}

// ---------------------------------------------------------------------------
// selectgo as an action of a goroutine (action.ts)

type SelectInstr = InstrOf<'select'>;

/** A select's way, with each case's channel index (-1 for nil) as evaluated in the goroutine's frame. */
interface SelectStmtWay {
  readonly chanIndex: readonly number[];
  readonly way: SelectWay;
}

/** selectgo: a ready case wins, else default, else park on every case. */
const select = action({
  ways: ({ m, s, top, instr }: Moving<SelectInstr>): readonly SelectStmtWay[] => {
    const chanIndex = instr.cases.map((cs) => chanOf(cs.chan, top, m.program));
    return selectWays(instr.cases, chanIndex, instr.defaultTarget !== undefined, s.chans, m.sem).map((way) => ({ chanIndex, way }));
  },
  apply: ({ m, s, g, top, instr }: Moving<SelectInstr>, { chanIndex, way: sw }: SelectStmtWay): StepResult => {
    if (sw.kind === 'default') return { state: put(s, advanced(g, instr.defaultTarget!)), events: said(g, 'select: default (no case ready)') };
    if (sw.kind === 'block') {
      let st = s;
      instr.cases.forEach((cs, i) => {
        const ci = chanIndex[i]!;
        if (ci < 0) return;
        const value = cs.dir === 'send' ? evalExpr(cs.value!, top, m.program, s) : undefined;
        st = enqueue(st, ci, cs.dir, { goid: g.goid, caseIndex: i, ...(value !== undefined ? { elem: value } : {}) });
      });
      const reason = selectWaitReason(instr.cases);
      return { state: put(st, gopark(g, reason, top)), events: said(g, `select: nothing ready, parks [${reason}]`) };
    }
    const cs = instr.cases[sw.caseIndex]!;
    const ci = chanIndex[sw.caseIndex]!;
    if (sw.kind === 'send') {
      if (sw.way.kind === 'panic') return gopanic(s, g, 'send on closed channel');
      const v = evalExpr(cs.value!, top, m.program, s);
      const d = sendNow(s, ci, v, sw.way, m.sem, cs.chanName);
      return { state: put(mm.hbSend(m, s, d.world, ci, g.goid, sw.way), advanced(g, cs.target)), events: said(g, `select case ${sw.caseIndex}: send ${cs.chanName} ${v}`, d.events), hb: sendNotes(s.chans[ci]!, ci, g.goid, sw.way) };
    }
    const d = recvNow(s, ci, sw.way, m.sem, cs.chanName);
    const after = withTop(g, receivedInto({ ...top, pc: cs.target }, cs.into, cs.ok, d.value, d.ok));
    return { state: put(mm.hbRecv(m, s, d.world, ci, g.goid, sw.way), after), events: said(g, `select case ${sw.caseIndex}: recv ${cs.chanName} → ${d.value}${d.ok ? '' : ' (ok=false)'}`, d.events), hb: recvNotes(s.chans[ci]!, ci, g.goid, sw.way) };
  },
  label: ({ s, instr }: Moving<SelectInstr>, { chanIndex, way: sw }: SelectStmtWay): string => {
    if (sw.kind === 'default' || sw.kind === 'block') return `select ${sw.kind}`;
    const cs = instr.cases[sw.caseIndex]!;
    const ci = chanIndex[sw.caseIndex]!;
    const tail = sw.way.kind === 'handoff' ? (sw.kind === 'send' ? ` → ${waiterLabel(s, ci, 'recvq', sw.way.waiter)}` : ` ← ${waiterLabel(s, ci, 'sendq', sw.way.waiter)}`) : '';
    return `select case ${sw.caseIndex} (${sw.kind} ${cs.chanName})${tail}`;
  },
  // The choice among ready cases is the one Go gives odds for.
  note: ({ way }: SelectStmtWay) => (way.kind === 'send' || way.kind === 'recv' ? { uniform: way.caseIndex } : {}),
});

export const selectActions = { select } satisfies Actions;
