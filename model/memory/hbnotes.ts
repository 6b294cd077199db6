// Happens-before as data: what each step records of its synchronisation
// (StepResult.hb), and the edges Go's memory model draws between the steps
// of a run from those records (`hbEdges`). The vector clocks (hb.ts) decide
// what a read may see and exist only when a scenario has plain words; these
// records exist for every run, so a report can draw the arrows of any
// story: send → recv, unlock → lock, go → the new goroutine, each labelled
// with its rule (rules.ts).
//
// A record says what happened, not which earlier step it pairs with: a
// step does not know which send filled the buffer slot it empties, but
// the run does. `hbEdges` pairs them the way the memory model counts:
//   - channel c of capacity C: the j-th completed receive pairs with the
//     j-th completed send (rule send; a receive that returns because c is
//     closed pairs with the close instead, rule close); unbuffered, the j-th
//     send completes after the j-th receive (rule unbuf); buffered, the
//     j-th send completes after the (j−C)-th receive (rule kC). FIFO
//     delivery is what makes the counting right (runtime/chan.go);
//   - a cell a sync object or atomic keeps (hb.ts HbCell): an acquire pairs
//     with every release into the cell so far ('join': a Mutex, a
//     WaitGroup, a Once) or with the latest one ('replace': an atomic);
//   - a transfer names both goroutines (a Cond's signal, the go statement).
// An edge runs from the step the source goroutine last took (for a parked
// partner: the step that parked it) to the step of the record.
//
// Invariants:
//   1. records appear in the order the operations completed within a step;
//      a rendezvous records its send before its receive;
//   2. a rule the Semantics drop (mutants) gives no edge;
//   3. every edge is one the vector clocks also hold: the target knows the
//      source's epoch after its step (properties/checks/hb.ts
//      `hbEdgesInClocks` checks it on generated runs and the corpus's).
// The litmus harness's join before the final reads (rule join) is no step
// of a goroutine and has no record.

import type { Hchan, RecvWay, SendWay } from '../chan.ts';
import type { HbCell } from './hb.ts';
import { cellKey } from './hb.ts';
import type { HbRule } from './rules.ts';

/** What one step records of its synchronisation, in completion order. */
export type HbNote =
  /** A completed send on channel `chan` (index in State.chans) of capacity `cap`, by goroutine goid. */
  | { readonly op: 'send'; readonly chan: number; readonly cap: number; readonly goid: number }
  /** A completed receive; `closed` when it returned because the channel is closed. */
  | { readonly op: 'recv'; readonly chan: number; readonly cap: number; readonly goid: number; readonly closed?: true }
  /** close(chan) by goid. */
  | { readonly op: 'close'; readonly chan: number; readonly goid: number }
  /** goid released into a cell. */
  | { readonly op: 'release'; readonly cell: HbCell; readonly goid: number; readonly mode: 'join' | 'replace' }
  /** goid acquired what the cell holds, under rule. */
  | { readonly op: 'acquire'; readonly cell: HbCell; readonly goid: number; readonly rule: HbRule }
  /** A release by `from` acquired at once by `to` (a Cond's wake-up, the go statement). */
  | { readonly op: 'transfer'; readonly from: number; readonly to: number; readonly rule: HbRule };

/** One end of an edge: a goroutine at a step of the run (0-based). */
export interface HbEnd {
  readonly goid: number;
  readonly step: number;
}

/** A happens-before edge of a run, with the rule that draws it. */
export interface HbEdge {
  readonly rule: HbRule;
  readonly from: HbEnd;
  readonly to: HbEnd;
}

/** The edges of a run whose steps, in order, recorded `steps[i]` and were taken by goroutine `takers[i]`. */
export function hbEdges(steps: readonly (readonly HbNote[] | undefined)[], takers: readonly number[], hbRule: (r: HbRule) => boolean = () => true): HbEdge[] {
  const edges: HbEdge[] = [];
  // The last step each goroutine took (a parked partner's is the step that parked it).
  const last = new Map<number, number>();
  // Per channel: completed sends and receives so far, and its close.
  const sends = new Map<number, HbEnd[]>();
  const recvs = new Map<number, HbEnd[]>();
  const closes = new Map<number, HbEnd>();
  // Per cell: the releases so far (the latest alone for 'replace').
  const released = new Map<string, HbEnd[]>();
  const list = <K>(m: Map<K, HbEnd[]>, k: K): HbEnd[] => m.get(k) ?? (m.set(k, []), m.get(k)!);
  const add = (rule: HbRule, from: HbEnd | undefined, to: HbEnd): void => {
    if (from && hbRule(rule)) edges.push({ rule, from, to });
  };
  steps.forEach((notes, i) => {
    last.set(takers[i]!, i);
    const at = (goid: number): HbEnd => ({ goid, step: last.get(goid) ?? i });
    for (const n of notes ?? []) {
      switch (n.op) {
        case 'send': {
          const ss = list(sends, n.chan);
          const j = ss.length;
          ss.push(at(n.goid));
          // Buffered: the send completes after the receive that freed its slot.
          if (n.cap > 0 && j >= n.cap) add('kC', list(recvs, n.chan)[j - n.cap], { goid: n.goid, step: i });
          break;
        }
        case 'recv': {
          const to = { goid: n.goid, step: i };
          if (n.closed) {
            add('close', closes.get(n.chan), to);
            break;
          }
          const rs = list(recvs, n.chan);
          const j = rs.length;
          rs.push(at(n.goid));
          const send = list(sends, n.chan)[j];
          add('send', send, to);
          // Unbuffered: the pair's send completes after this receive, in this step.
          if (n.cap === 0 && send) add('unbuf', at(n.goid), { goid: send.goid, step: i });
          break;
        }
        case 'close':
          closes.set(n.chan, { goid: n.goid, step: i });
          break;
        case 'release': {
          const k = cellKey(n.cell);
          const end = { goid: n.goid, step: i };
          if (n.mode === 'replace') released.set(k, [end]);
          else list(released, k).push(end);
          break;
        }
        case 'acquire':
          for (const r of released.get(cellKey(n.cell)) ?? []) if (r.goid !== n.goid) add(n.rule, r, { goid: n.goid, step: i });
          break;
        case 'transfer':
          add(n.rule, at(n.from), { goid: n.to, step: i });
          break;
      }
    }
  });
  return edges;
}

// ---------------------------------------------------------------------------
// The records of channel operations (their partners read from the state before the step)

/** A completed send of goroutine goid on channel ci (c as the send found it). */
export function sendNotes(c: Hchan, ci: number, goid: number, way: SendWay): HbNote[] {
  const send: HbNote = { op: 'send', chan: ci, cap: c.dataqsiz, goid };
  if (way.kind !== 'handoff') return [send];
  return [send, { op: 'recv', chan: ci, cap: c.dataqsiz, goid: c.recvq[way.waiter]!.goid }];
}

/** A completed receive of goroutine goid on channel ci (c as the receive found it). */
export function recvNotes(c: Hchan, ci: number, goid: number, way: RecvWay): HbNote[] {
  const recv: HbNote = { op: 'recv', chan: ci, cap: c.dataqsiz, goid, ...(way.kind === 'closed' ? { closed: true as const } : {}) };
  if (way.kind !== 'handoff') return [recv];
  const send: HbNote = { op: 'send', chan: ci, cap: c.dataqsiz, goid: c.sendq[way.waiter]!.goid };
  // Unbuffered, a rendezvous (send first); a full buffer, the head taken, then the parked sender's value joins.
  return c.dataqsiz === 0 ? [send, recv] : [recv, send];
}

/** close(ci) by goid, and the parked receivers it makes return (c as the close found it). */
export function closeNotes(c: Hchan, ci: number, goid: number, readiesReceivers: boolean): HbNote[] {
  return [{ op: 'close', chan: ci, goid }, ...(readiesReceivers ? c.recvq : []).map((sd): HbNote => ({ op: 'recv', chan: ci, cap: c.dataqsiz, goid: sd.goid, closed: true }))];
}
