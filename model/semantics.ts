// The decision points of the model, gathered in one record so that a test can
// swap one of them for a seeded bug (properties/mutants/) and show that a
// property catches it. The record passed by default, `goSemantics`, is Go's:
// each entry names the Go source it follows. Nothing else in the model
// branches on which semantics is in force.

import type { Level, Value } from './ir.ts';

export interface Semantics {
  /**
   * Which waiters of a wait queue (oldest first) a counterpart may serve.
   * spec: any of them (the spec promises no order); gc: the head, since
   * runtime/chan.go's waitq.dequeue takes sudogs FIFO, for sendq and recvq
   * alike. When it names none, the operation goes on as if the queue were
   * empty (Go never does that; a mutant can).
   */
  readonly waitqServable: (queueLength: number, level: Level, queue: 'sendq' | 'recvq') => readonly number[];
  /** Which buffered value (oldest first) a receive takes: chanrecv takes buf[recvx], the oldest. */
  readonly bufTake: (buf: readonly Value[], level: Level) => number;
  /**
   * The buffer after a receiver took from a full buffer with a sender
   * blocked: chanrecv stores the sender's value in the freed slot, which
   * becomes the tail, so FIFO order holds.
   */
  readonly bufAfterHandoff: (bufWithoutTaken: readonly Value[], senderValue: Value) => readonly Value[];
  /** Whether closechan readies the receivers it finds parked (it does: zero value, ok=false). */
  readonly closeReadiesReceivers: boolean;
  /**
   * Which ready select cases may win (indexes into the ready list). selectgo
   * polls in a uniformly random order and takes the first ready case, so
   * every ready case may win, each with probability 1/len(ready). When it
   * names none, the select goes on as if no case were ready (Go never does
   * that; a mutant can).
   */
  readonly selectWinners: (ready: readonly number[], level: Level) => readonly number[];
  /** Whether a select readied through one case withdraws its sudogs from the other cases (it does). */
  readonly selectWithdrawsSiblings: boolean;
}

export const goSemantics: Semantics = {
  waitqServable: (n, level) => (n === 0 ? [] : level === 'gc' ? [0] : range(n)),
  bufTake: () => 0,
  bufAfterHandoff: (buf, v) => [...buf, v],
  closeReadiesReceivers: true,
  selectWinners: (ready) => ready.map((_, i) => i),
  selectWithdrawsSiblings: true,
};

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
