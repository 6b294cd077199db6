// Channels as runtime/chan.go keeps them: an hchan with a buffer and two wait
// queues of sudogs, and the operations chansend, chanrecv and closechan.
//
// We keep `buf` as a queue, oldest value first, instead of a ring with
// sendx/recvx: the ring indices are how chan.go stores the queue, not
// something a program can observe. `qcount` is `buf.length`.
//
// Invariants (exported as `chanInvariants`, checked after every step in
// explore's debug mode and by properties/chan.prop.test.ts):
//   1. bufWithinCap: buf.length <= dataqsiz.
//   2. waitQueuesExclusive: sendq and recvq are never both non-empty, except
//      when every sudog in them belongs to one goroutine: a select parked on
//      sending to and receiving from the same channel (chan.go says the same).
//   3. noReceiverWhileBuffered: buf.length > 0 ⇒ recvq is empty.
//   4. noSenderWhileRoom: buf.length < dataqsiz ⇒ sendq is empty.
//   5. closedQueuesEmpty: closed ⇒ sendq and recvq are empty. close readies
//      every parked goroutine (senders panic when they run), and nothing
//      parks on a closed channel afterwards: a send panics, a receive returns.
//   6. sudogsOfParked: every sudog belongs to a goroutine parked on a channel
//      operation or a select.
//
// Decision order, as chan.go: a send panics on a closed channel, else hands
// its value straight to a parked receiver, else buffers it, else parks. A
// receive takes from a parked sender (on a full buffer: the oldest buffered
// value, and the sender's value goes to the tail), else from the buffer,
// else returns (zero, false) on a closed channel, else parks. Which parked
// waiter is served is `ChanSemantics.waitqServable` (below): any at the spec level, the
// oldest at the gc level.
//
// The operations are also actions of the goroutine that makes them (the
// end of this file): their ways, effects on the goroutine (parking it,
// moving it on), happens-before edges (memory/step.ts) and labels.

import type { Level, Value } from './ir.ts';
import { valueKey as val } from './ir.ts';
import type { SemanticsAt } from './semantics.ts';
import type { G } from './sched.ts';
import { gopark, goready } from './sched.ts';
import type { Actions, InstrOf, Moving, Slice, StepResult } from './action.ts';
import { action, advanced, put, said, withTop } from './action.ts';
import { GoPanic, afterRecv, chanOf, evalExpr } from './local.ts';
import { gopanic } from './proc.ts';
import * as mm from './memory/step.ts';
import { closeNotes, recvNotes, sendNotes } from './memory/hbnotes.ts';

/** A parked goroutine's entry in a wait queue; `caseIndex` is -1 outside a select. */
export interface Sudog {
  readonly goid: number;
  readonly caseIndex: number;
  /** The value a parked sender is sending. */
  readonly elem?: Value;
}

export interface Hchan {
  readonly dataqsiz: number;
  readonly buf: readonly Value[];
  readonly closed: boolean;
  readonly sendq: readonly Sudog[];
  readonly recvq: readonly Sudog[];
}

/** The decisions of this file that a mutant may change (model/semantics.ts), at one level. */
export interface ChanSemantics {
  /**
   * Which waiters of a wait queue (oldest first) a counterpart may serve.
   * spec: any of them (the spec promises no order); gc: the head, since
   * runtime/chan.go's waitq.dequeue takes sudogs FIFO, for sendq and recvq
   * alike. When it names none, the operation goes on as if the queue were
   * empty (Go never does that; a mutant can).
   */
  readonly waitqServable: (queueLength: number, queue: 'sendq' | 'recvq') => readonly number[];
  /** Which buffered value (oldest first) a receive takes: chanrecv takes buf[recvx], the oldest. */
  readonly bufTake: (buf: readonly Value[]) => number;
  /**
   * The buffer after a receiver took from a full buffer with a sender
   * blocked: chanrecv stores the sender's value in the freed slot, which
   * becomes the tail, so FIFO order holds.
   */
  readonly bufAfterHandoff: (bufWithoutTaken: readonly Value[], senderValue: Value) => readonly Value[];
  /** Whether closechan readies the receivers it finds parked (it does: zero value, ok=false). */
  readonly closeReadiesReceivers: boolean;
}

/** Go's channels at a level. */
export function goChan(level: Level): ChanSemantics {
  return {
    waitqServable: (n) => (n === 0 ? [] : level === 'gc' ? [0] : Array.from({ length: n }, (_, i) => i)),
    bufTake: () => 0,
    bufAfterHandoff: (buf, v) => [...buf, v],
    closeReadiesReceivers: true,
  };
}

/** The part of the state channel operations read and write. */
export interface ChanWorld {
  readonly gs: readonly G[];
  readonly chans: readonly Hchan[];
}

export const chanInvariants = {
  bufWithinCap: (c: Hchan): boolean => c.buf.length <= c.dataqsiz,
  waitQueuesExclusive: (c: Hchan): boolean =>
    c.sendq.length === 0 || c.recvq.length === 0 || new Set([...c.sendq, ...c.recvq].map((s) => s.goid)).size === 1,
  noReceiverWhileBuffered: (c: Hchan): boolean => c.buf.length === 0 || c.recvq.length === 0,
  noSenderWhileRoom: (c: Hchan): boolean => c.buf.length === c.dataqsiz || c.sendq.length === 0,
  closedQueuesEmpty: (c: Hchan): boolean => !c.closed || (c.sendq.length === 0 && c.recvq.length === 0),
  sudogsOfParked: (c: Hchan, gs: readonly G[]): boolean =>
    [...c.sendq, ...c.recvq].every((s) => gs[s.goid - 1]?.status === 'waiting'),
};

export function makechan(dataqsiz: number): Hchan {
  return { dataqsiz, buf: [], closed: false, sendq: [], recvq: [] };
}

/** The channels' part of the state, by channel index: each made empty and open (its capacity from the program). */
export const chanSlice: Slice<'chans'> = {
  name: 'chan',
  fields: ['chans'],
  init: (p) => ({ chans: p.chanCaps.map(makechan) }),
  key: (s) => s.chans.map(chanKey).join('|'),
  broken: (s) => {
    for (let i = 0; i < s.chans.length; i++) {
      const c = s.chans[i]!;
      for (const [name, pred] of Object.entries(chanInvariants)) {
        if (!(pred as (c: Hchan, gs: readonly G[]) => boolean)(c, s.gs)) return `chan invariant ${name} fails on channel #${i}: ${describeChan(`#${i}`, c)}`;
      }
    }
    return null;
  },
  describe: (p, s) => p.objects.filter((o) => o.chan >= 0).map((o) => describeChan(o.name, s.chans[o.chan]!)),
};

function chanKey(c: Hchan): string {
  const q = (xs: readonly Sudog[]): string => xs.map((sd) => `${sd.goid}.${sd.caseIndex}.${val(sd.elem)}`).join(',');
  return `${c.buf.map(val).join(',')};${c.closed ? 1 : 0};${q(c.sendq)};${q(c.recvq)}`;
}

/** How a send can go, in chan.go's decision order; `waiter` indexes recvq. */
export type SendWay = { readonly kind: 'panic' } | { readonly kind: 'handoff'; readonly waiter: number } | { readonly kind: 'buffer' } | { readonly kind: 'block' };

/** How a receive can go; `waiter` indexes sendq. */
export type RecvWay = { readonly kind: 'handoff'; readonly waiter: number } | { readonly kind: 'buffer' } | { readonly kind: 'closed' } | { readonly kind: 'block' };

/** Every way a send on c may proceed now: several only when several receivers may be served. */
export function sendWays(c: Hchan, sem: SemanticsAt): SendWay[] {
  if (c.closed) return [{ kind: 'panic' }];
  const receivers = sem.chan.waitqServable(c.recvq.length, 'recvq');
  if (receivers.length > 0) return receivers.map((waiter) => ({ kind: 'handoff', waiter }));
  if (c.buf.length < c.dataqsiz) return [{ kind: 'buffer' }];
  return [{ kind: 'block' }];
}

/** Every way a receive on c may proceed now. */
export function recvWays(c: Hchan, sem: SemanticsAt): RecvWay[] {
  const senders = sem.chan.waitqServable(c.sendq.length, 'sendq');
  if (senders.length > 0) return senders.map((waiter) => ({ kind: 'handoff', waiter }));
  if (c.buf.length > 0) return [{ kind: 'buffer' }];
  if (c.closed) return [{ kind: 'closed' }];
  return [{ kind: 'block' }];
}

export interface Delivered<W extends ChanWorld> {
  readonly world: W;
  readonly events: readonly string[];
}

/**
 * chansend's non-blocking part: hand the value to receiver `waiter` (which
 * becomes runnable with it) or append it to the buffer.
 */
export function sendNow<W extends ChanWorld>(w: W, ci: number, v: Value, way: SendWay, sem: SemanticsAt, cname: string): Delivered<W> {
  const c = w.chans[ci]!;
  if (way.kind === 'buffer') {
    return { world: withChan(w, ci, { ...c, buf: [...c.buf, v] }), events: [`${cname} buffers ${v} (len ${c.buf.length + 1}/${c.dataqsiz})`] };
  }
  if (way.kind !== 'handoff') throw new Error(`sendNow: cannot ${way.kind}`);
  const sd = c.recvq[way.waiter]!;
  const w1 = withChan(w, ci, { ...c, recvq: c.recvq.filter((_, i) => i !== way.waiter) });
  const w2 = readyWaiter(w1, sd, { caseIndex: sd.caseIndex, ok: true, value: v }, sem);
  return { world: w2, events: [`hands ${v} to parked g${sd.goid} (goready g${sd.goid})`] };
}

/**
 * chanrecv's non-blocking part: take from parked sender `waiter` (on a full
 * buffer, the oldest buffered value, the sender's value joining the tail),
 * from the buffer, or (zero, false) from a closed drained channel.
 */
export function recvNow<W extends ChanWorld>(w: W, ci: number, way: RecvWay, sem: SemanticsAt, cname: string): Delivered<W> & { value: Value; ok: boolean } {
  const c = w.chans[ci]!;
  if (way.kind === 'closed') return { world: w, value: 0, ok: false, events: [`${cname} is closed and drained: zero value, ok=false`] };
  if (way.kind === 'buffer') {
    const i = sem.chan.bufTake(c.buf);
    const value = c.buf[i]!;
    const buf = c.buf.filter((_, j) => j !== i);
    return { world: withChan(w, ci, { ...c, buf }), value, ok: true, events: [`takes ${value} from ${cname}'s buffer (len ${buf.length}/${c.dataqsiz})`] };
  }
  if (way.kind !== 'handoff') throw new Error(`recvNow: cannot ${way.kind}`);
  const sd = c.sendq[way.waiter]!;
  const sendq = c.sendq.filter((_, i) => i !== way.waiter);
  const param = { caseIndex: sd.caseIndex, ok: true };
  if (c.dataqsiz === 0) {
    const w1 = readyWaiter(withChan(w, ci, { ...c, sendq }), sd, param, sem);
    return { world: w1, value: sd.elem!, ok: true, events: [`takes ${sd.elem} from parked g${sd.goid} (goready g${sd.goid})`] };
  }
  // Full buffer with a parked sender: take the head, the sender's value becomes the tail.
  const i = sem.chan.bufTake(c.buf);
  const value = c.buf[i]!;
  const buf = sem.chan.bufAfterHandoff(c.buf.filter((_, j) => j !== i), sd.elem!);
  const w1 = readyWaiter(withChan(w, ci, { ...c, buf, sendq }), sd, param, sem);
  return { world: w1, value, ok: true, events: [`takes ${value} from ${cname}'s buffer; parked g${sd.goid}'s ${sd.elem} joins the tail (goready g${sd.goid})`] };
}

/** Parks goroutine `goid` on c's send or receive queue (the caller parks the g itself). */
export function enqueue<W extends ChanWorld>(w: W, ci: number, dir: 'send' | 'recv', sd: Sudog): W {
  const c = w.chans[ci]!;
  return withChan(w, ci, dir === 'send' ? { ...c, sendq: [...c.sendq, sd] } : { ...c, recvq: [...c.recvq, sd] });
}

/**
 * closechan on an open channel: mark it closed, ready every parked receiver
 * with (zero, false), then every parked sender, which will panic "send on
 * closed channel" when it runs. A select parked on several cases of c is
 * readied by its first sudog found, receivers first, as closechan does.
 */
export function closechan<W extends ChanWorld>(w: W, ci: number, sem: SemanticsAt, cname: string): Delivered<W> {
  const c = w.chans[ci]!;
  let world = withChan(w, ci, { ...c, closed: true, recvq: sem.chan.closeReadiesReceivers ? [] : c.recvq, sendq: [] });
  const events: string[] = [`closes ${cname}`];
  const woken = new Set<number>();
  const wake = (sd: Sudog, who: string): void => {
    if (woken.has(sd.goid)) return;
    woken.add(sd.goid);
    world = readyWaiter(world, sd, { caseIndex: sd.caseIndex, ok: false }, sem);
    events.push(`wakes parked ${who} g${sd.goid} (goready g${sd.goid})`);
  };
  if (sem.chan.closeReadiesReceivers) for (const sd of c.recvq) wake(sd, 'receiver');
  for (const sd of c.sendq) wake(sd, 'sender');
  return { world, events };
}

/** goready for a sudog's goroutine, withdrawing its other sudogs (a select's other cases). */
function readyWaiter<W extends ChanWorld>(w: W, sd: Sudog, param: { caseIndex: number; ok: boolean; value?: Value }, sem: SemanticsAt): W {
  const withdrawn = sem.select.withdrawsSiblings ? withdrawSudogs(w, sd.goid) : w;
  const gs = withdrawn.gs.map((g) => (g.goid === sd.goid ? goready(g, param) : g));
  return { ...withdrawn, gs };
}

/** Removes every sudog of goroutine `goid` from every wait queue. */
export function withdrawSudogs<W extends ChanWorld>(w: W, goid: number): W {
  let changed = false;
  const chans = w.chans.map((c) => {
    if (!c.sendq.some((s) => s.goid === goid) && !c.recvq.some((s) => s.goid === goid)) return c;
    changed = true;
    return { ...c, sendq: c.sendq.filter((s) => s.goid !== goid), recvq: c.recvq.filter((s) => s.goid !== goid) };
  });
  return changed ? { ...w, chans } : w;
}

function withChan<W extends ChanWorld>(w: W, ci: number, c: Hchan): W {
  const chans = w.chans.slice();
  chans[ci] = c;
  return { ...w, chans };
}

/** One line for a report: `c: cap 2 buf [1 2] closed sendq [g3] recvq []`. */
export function describeChan(name: string, c: Hchan): string {
  const q = (xs: readonly Sudog[]): string => `[${xs.map((s) => `g${s.goid}${s.elem !== undefined ? `:${s.elem}` : ''}`).join(' ')}]`;
  return `${name}: cap ${c.dataqsiz} buf [${c.buf.join(' ')}]${c.closed ? ' closed' : ''} sendq ${q(c.sendq)} recvq ${q(c.recvq)}`;
}

// ---------------------------------------------------------------------------
// chansend, chanrecv and closechan as actions of a goroutine (action.ts)

type SendInstr = InstrOf<'send'>;
type RecvInstr = InstrOf<'recv'>;

/** How a send statement can go: on a nil channel it blocks for ever; a value that panics to evaluate panics. */
type SendStmtWay = { readonly ci: number; readonly value: Value; readonly way: SendWay | 'nil' } | { readonly panics: string };
type RecvStmtWay = { readonly ci: number; readonly way: RecvWay | 'nil' };

/** A served waiter, named by its goroutine (and its case, for a select: one select may wait on c in several cases). */
export function waiterLabel(s: ChanWorld, ci: number, q: 'sendq' | 'recvq', k: number): string {
  const sd = s.chans[ci]![q][k]!;
  return `g${sd.goid}${sd.caseIndex >= 0 ? ` case ${sd.caseIndex}` : ''}`;
}

/** chansend: panic on closed, hand to a parked receiver, buffer, or park. */
const send = action({
  ways: ({ m, s, top, instr }: Moving<SendInstr>): readonly SendStmtWay[] => {
    const ci = chanOf(instr.chan, top, m.program);
    let value: Value;
    try {
      value = evalExpr(instr.value, top, m.program, s);
    } catch (e) {
      // The value is evaluated before the send; a panic there is the step's panic.
      if (e instanceof GoPanic) return [{ panics: e.message }];
      throw e;
    }
    if (ci < 0) return [{ ci, value, way: 'nil' }];
    return sendWays(s.chans[ci]!, m.sem).map((way) => ({ ci, value, way }));
  },
  apply: ({ m, s, g, top, instr }: Moving<SendInstr>, w: SendStmtWay): StepResult => {
    if ('panics' in w) return gopanic(s, g, w.panics);
    const what = `send ${instr.chanName} ${w.value}`;
    if (w.way === 'nil') return { state: put(s, gopark(g, 'chan send (nil chan)', top)), events: said(g, what, ['nil channel: blocks forever']) };
    if (w.way.kind === 'panic') return gopanic(s, g, 'send on closed channel');
    if (w.way.kind === 'block') {
      const st = enqueue(s, w.ci, 'send', { goid: g.goid, caseIndex: -1, elem: w.value });
      return { state: put(st, gopark(g, 'chan send', top)), events: said(g, what, [`parks on ${instr.chanName}.sendq`]) };
    }
    const d = sendNow(s, w.ci, w.value, w.way, m.sem, instr.chanName);
    return { state: put(mm.hbSend(m, s, d.world, w.ci, g.goid, w.way), advanced(g)), events: said(g, what, d.events), hb: sendNotes(s.chans[w.ci]!, w.ci, g.goid, w.way) };
  },
  label: ({ s, instr }: Moving<SendInstr>, w: SendStmtWay): string => {
    if ('panics' in w) return `send ${instr.chanName}`;
    const tail = w.way !== 'nil' && w.way.kind === 'handoff' ? ` → ${waiterLabel(s, w.ci, 'recvq', w.way.waiter)}` : '';
    return `send ${instr.chanName} ${w.value}${tail}`;
  },
});

/** chanrecv: take from a parked sender, the buffer, a closed channel, or park. */
const recv = action({
  ways: ({ m, s, top, instr }: Moving<RecvInstr>): readonly RecvStmtWay[] => {
    const ci = chanOf(instr.chan, top, m.program);
    if (ci < 0) return [{ ci, way: 'nil' }];
    return recvWays(s.chans[ci]!, m.sem).map((way) => ({ ci, way }));
  },
  apply: ({ m, s, g, top, instr }: Moving<RecvInstr>, w: RecvStmtWay): StepResult => {
    const what = `recv ${instr.chanName}`;
    if (w.way === 'nil') return { state: put(s, gopark(g, 'chan receive (nil chan)', top)), events: said(g, what, ['nil channel: blocks forever']) };
    if (w.way.kind === 'block') {
      const st = enqueue(s, w.ci, 'recv', { goid: g.goid, caseIndex: -1 });
      return { state: put(st, gopark(g, 'chan receive', top)), events: said(g, what, [`parks on ${instr.chanName}.recvq`]) };
    }
    const d = recvNow(s, w.ci, w.way, m.sem, instr.chanName);
    const after = withTop(g, afterRecv(instr, top, d.value, d.ok));
    return { state: put(mm.hbRecv(m, s, d.world, w.ci, g.goid, w.way), after), events: said(g, `${what} → ${d.value}${d.ok ? '' : ' (ok=false)'}`, d.events), hb: recvNotes(s.chans[w.ci]!, w.ci, g.goid, w.way) };
  },
  label: ({ s, instr }: Moving<RecvInstr>, w: RecvStmtWay): string => {
    const tail = w.way !== 'nil' && w.way.kind === 'handoff' ? ` ← ${waiterLabel(s, w.ci, 'sendq', w.way.waiter)}` : '';
    return `recv ${instr.chanName}${tail}`;
  },
});

/** closechan: panics on nil or closed; readies every parked goroutine. */
const close = action({
  ways: ({ m, top, instr }: Moving<InstrOf<'close'>>): readonly number[] => [chanOf(instr.chan, top, m.program)],
  apply: ({ m, s, g, instr }: Moving<InstrOf<'close'>>, ci: number): StepResult => {
    if (ci < 0) return gopanic(s, g, 'close of nil channel');
    if (s.chans[ci]!.closed) return gopanic(s, g, 'close of closed channel');
    const d = closechan(s, ci, m.sem, instr.chanName);
    return { state: put(mm.hbClose(m, d.world, ci, g.goid, s), advanced(g)), events: said(g, `close ${instr.chanName}`, d.events.slice(1)), hb: closeNotes(s.chans[ci]!, ci, g.goid, m.sem.chan.closeReadiesReceivers) };
  },
  label: ({ instr }: Moving<InstrOf<'close'>>) => `close ${instr.chanName}`,
});

export const chanActions = { send, recv, close } satisfies Actions;
