// Properties of channels (model/chan.ts) over generated scenarios:
//   - each of `chanInvariants` holds in every reachable state, at both levels;
//   - noValueLostOrDuplicated: every value received was sent, and received
//     once; every sent value is received or still buffered; a parked or
//     abandoned sender's value is neither (properties/ledger.ts);
//   - fifoPerChannel (gc): values leave a channel in the order their sends
//     reached it, and receivers are served in the order they reached it;
//   - closeSemantics: after close, buffered values drain first with ok=true,
//     then every receive gets (0, false); a send panics "send on closed
//     channel" (also a sender parked when close came); a second close panics
//     "close of closed channel", closing nil "close of nil channel"; close
//     wakes every goroutine parked on the channel.

import fc from 'fast-check';
import type { Value } from '../../model/ir.ts';
import type { Hchan } from '../../model/chan.ts';
import { chanInvariants, describeChan } from '../../model/chan.ts';
import type { G } from '../../model/sched.ts';
import type { Model } from '../../model/step.ts';
import type { State } from '../../model/state.ts';
import { chanOf, evalExpr } from '../../model/local.ts';
import { scenario } from '../arbitraries/scenario.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { nextOp, pendingReceipt, valueConservation } from '../ledger.ts';
import type { Receipt } from '../ledger.ts';
import { offersOf } from '../readiness.ts';
import { everyStep, LEVELS as levels, stateProperty } from '../states.ts';


/** Laws about one channel's history are tested mostly where every goroutine meets on the same channel. */
const ONE_CHANNEL = { maxChans: 1, nilChans: false } as const;

type ChanInvariant = keyof typeof chanInvariants;

/** `name` holds in every reachable state of generated scenarios, at both levels. */
function chanInvariantCheck(name: ChanInvariant): PropertyCheck {
  const pred = chanInvariants[name] as (c: Hchan, gs: readonly G[]) => boolean;
  return stateProperty(name, 'holds after every step', ({ m, s }) => {
    const bad = m.program.objects.find((o) => o.chan >= 0 && !pred(s.chans[o.chan]!, s.gs));
    return bad ? `${name} fails at ${m.level}: ${describeChan(bad.name, s.chans[bad.chan]!)}` : null;
  }, 150);
}

export const chanInvariantChecks: Record<ChanInvariant, PropertyCheck> = {
  bufWithinCap: chanInvariantCheck('bufWithinCap'),
  waitQueuesExclusive: chanInvariantCheck('waitQueuesExclusive'),
  noReceiverWhileBuffered: chanInvariantCheck('noReceiverWhileBuffered'),
  noSenderWhileRoom: chanInvariantCheck('noSenderWhileRoom'),
  closedQueuesEmpty: chanInvariantCheck('closedQueuesEmpty'),
  sudogsOfParked: chanInvariantCheck('sudogsOfParked'),
};

export const noValueLostOrDuplicated: PropertyCheck = stateProperty(
  'noValueLostOrDuplicated',
  'holds in every reachable state (sent = received ⊎ buffered, per channel)',
  ({ m, s }) => valueConservation(m, s),
);

// ---------------------------------------------------------------------------
// History: what each step did, seen from the goroutines

/** The receives completed by this step: goroutines that now hold an unobserved receipt. */
function newReceipts(m: Model, before: State, after: State, stepper: number): { goid: number; r: Receipt }[] {
  const out: { goid: number; r: Receipt }[] = [];
  for (const g of after.gs) {
    const r = pendingReceipt(m, after, g);
    if (!r) continue;
    const old = g.goid === stepper ? null : before.gs[g.goid - 1] ? pendingReceipt(m, before, before.gs[g.goid - 1]!) : null;
    if (!old) out.push({ goid: g.goid, r });
  }
  return out;
}

/** What the stepping goroutine's operation was, and how it went. */
interface Move {
  readonly g: G;
  readonly op: string;
  /** The channel operations it offered (a select: each case) with resolved channels and send values. */
  readonly offers: readonly { dir: 'send' | 'recv'; ci: number; caseIndex: number; value?: Value }[];
  /** 'parked', the winning case index, 'done' for a plain operation that completed, 'default', or 'panic'. */
  readonly result: 'parked' | 'panic' | 'done' | 'default' | number;
}

function moveOf(m: Model, before: State, after: State, goid: number): Move | null {
  const g = before.gs[goid - 1]!;
  const op = nextOp(m, before, g);
  if (!op || op.pending.kind !== 'instr') return null;
  const instr = op.pending.instr;
  const offers = offersOf(m, instr, op.frame).map((o) => {
    const e = instr.op === 'send' ? instr.value : instr.op === 'select' ? instr.cases[o.caseIndex]!.value : undefined;
    if (o.dir !== 'send' || e === undefined) return o;
    try {
      return { ...o, value: evalExpr(e, op.frame, m.program, before) };
    } catch {
      return o;
    }
  });
  const ga = after.gs[goid - 1]!;
  const top = ga.frames[ga.frames.length - 1];
  let result: Move['result'];
  if (after.exit && after.exit.end === 'panic' && !before.exit) result = 'panic';
  else if (ga.status === 'waiting') result = 'parked';
  else if (instr.op === 'select') {
    const i = instr.cases.findIndex((cs) => top?.pc === cs.target);
    result = i >= 0 ? i : 'default';
  } else result = 'done';
  return { g, op: instr.op, offers, result };
}

/**
 * fifoPerChannel's memory, per channel index: the values whose sends reached
 * the channel, in arrival order, and the goroutines whose receives reached
 * it, in arrival order — each without those served, and without those that
 * arrived before one already served (serving them later breaks the order).
 */
interface FifoMemory {
  readonly valuesDue: readonly (readonly Value[])[];
  readonly receiversDue: readonly (readonly number[])[];
}

/** fifoPerChannel: at gc, a channel serves values and receivers first come, first served. */
export const fifoPerChannel: PropertyCheck = {
  name: 'fifoPerChannel',
  claim: 'at gc: values leave a channel in the order their sends reached it, receivers are served in arrival order',
  run: (sem, over) =>
    assertProperty(fc.oneof({ weight: 2, arbitrary: scenario({ level: 'gc', ...ONE_CHANNEL }) }, { weight: 1, arbitrary: scenario({ level: 'gc' }) }), (sc) => {
      const chans = Object.values(sc.objects ?? {}).filter((o) => o.kind === 'chan' && !o.nil).length;
      const start: FifoMemory = { valuesDue: Array.from({ length: chans }, () => []), receiversDue: Array.from({ length: chans }, () => []) };
      const r = everyStep(sc, { semantics: sem, level: 'gc' }, start, (v) => fifoStep(v.m, v.before, v.after, v.choice.actor, v.memory));
      fc.pre(r.complete);
    }, 200, over),
};

function fifoStep(m: Model, before: State, after: State, goid: number, memory: FifoMemory): { memory: FifoMemory } | string {
  const valuesDue = memory.valuesDue.map((q) => q.slice());
  const receiversDue = memory.receiversDue.map((q) => q.slice());
  const mv = moveOf(m, before, after, goid);
  if (mv && (mv.op === 'send' || mv.op === 'recv' || mv.op === 'select') && mv.result !== 'panic' && mv.result !== 'default') {
    // The offers that reached their channel: all of them when the goroutine parked, else the one that went.
    const reached = mv.result === 'parked' || mv.result === 'done' ? mv.offers : mv.offers.filter((o) => o.caseIndex === mv.result);
    for (const o of reached) {
      if (o.ci < 0) continue;
      if (o.dir === 'send' && o.value !== undefined) valuesDue[o.ci]!.push(o.value);
      if (o.dir === 'recv') receiversDue[o.ci] = [...receiversDue[o.ci]!.filter((g) => g !== goid), goid];
    }
  }
  for (const { goid: g, r } of newReceipts(m, before, after, goid)) {
    if (!r.ok) continue;
    const ci = m.program.objects.find((o) => o.name === r.chan)!.chan;
    const i = valuesDue[ci]!.indexOf(r.value);
    if (i < 0) return `${r.chan} served ${r.value} to g${g} out of order: the values due, in arrival order, are [${valuesDue[ci]!.join(' ')}] (a value sent after ${r.value} was served before it, or ${r.value} never reached ${r.chan})`;
    valuesDue[ci] = valuesDue[ci]!.slice(i + 1);
    const j = receiversDue[ci]!.indexOf(g);
    if (j < 0) return `${r.chan} served g${g} out of order: the receivers due, in arrival order, are [${receiversDue[ci]!.map((x) => `g${x}`).join(' ')}] (a receiver that arrived after g${g} was served before it)`;
    receiversDue[ci] = receiversDue[ci]!.slice(j + 1);
  }
  return { memory: { valuesDue, receiversDue } };
}

/** closeSemantics' memory: per channel index, null while open, else what is left of its buffer at close. */
interface CloseMemory {
  readonly closed: readonly (readonly Value[] | null)[];
  /** Goroutines parked in a plain send when its channel closed, sorted: their next step panics. */
  readonly doomed: readonly number[];
}

/** closeSemantics: what close does, and what every operation on a closed channel does. */
export const closeSemantics: PropertyCheck = {
  name: 'closeSemantics',
  claim: 'after close: buffered values first (ok=true), then (0,false); sends panic; a second close panics; parked goroutines wake',
  run: (sem, over) =>
    assertProperty(fc.tuple(fc.oneof({ weight: 2, arbitrary: scenario(ONE_CHANNEL) }, { weight: 1, arbitrary: scenario() }), levels), ([sc, level]) => {
      const chans = Object.values(sc.objects ?? {}).filter((o) => o.kind === 'chan' && !o.nil).length;
      const start: CloseMemory = { closed: Array.from({ length: chans }, () => null), doomed: [] };
      const r = everyStep(sc, { semantics: sem, level }, start, (v) => closeStep(v.m, v.before, v.after, v.choice.actor, v.memory));
      fc.pre(r.complete);
    }, 250, over),
};

function closeStep(m: Model, before: State, after: State, goid: number, memory: CloseMemory): { memory: CloseMemory } | string {
  const closed = memory.closed.slice();
  let doomed = memory.doomed;
  const g = before.gs[goid - 1]!;
  const panics = (message: string): string | null =>
    after.exit?.end === 'panic' && after.exit.message === message && after.exit.goroutine === g.label
      ? null
      : `g${g.goid} ${g.label} should panic "${message}" but ${after.exit ? `the program ended ${JSON.stringify(after.exit)}` : 'went on'}`;
  if (doomed.includes(goid)) return panics('send on closed channel') ?? { memory };
  const op = nextOp(m, before, g);
  const instr = op?.pending.kind === 'instr' ? op.pending.instr : null;
  if (op && instr?.op === 'close') {
    const ci = chanOf(instr.chan, op.frame, m.program);
    if (ci < 0) return panics('close of nil channel') ?? { memory };
    if (closed[ci]) return panics('close of closed channel') ?? { memory };
    if (after.exit) return `closing open ${instr.chanName} ended the program: ${JSON.stringify(after.exit)}`;
    closed[ci] = before.chans[ci]!.buf;
    // Every goroutine parked on the channel wakes; a plain sender will panic.
    for (const h of before.gs) {
      if (h.status !== 'waiting') continue;
      const hop = nextOp(m, before, h);
      if (!hop || hop.pending.kind !== 'instr' || !offersOf(m, hop.pending.instr, hop.frame).some((o) => o.ci === ci)) continue;
      if (after.gs[h.goid - 1]!.status === 'waiting') return `close of ${instr.chanName} left g${h.goid} ${h.label} parked on it`;
      if (hop.pending.instr.op === 'send') doomed = [...doomed, h.goid].sort((a, b) => a - b);
    }
  }
  if (op && instr?.op === 'send' && closed[chanOf(instr.chan, op.frame, m.program)]) {
    return panics('send on closed channel') ?? { memory };
  }
  for (const { goid: to, r } of newReceipts(m, before, after, goid)) {
    const ci = m.program.objects.find((o) => o.name === r.chan)!.chan;
    const rest = closed[ci];
    if (!rest) continue;
    if (r.ok) {
      const want = rest[0];
      if (want === undefined) return `g${to} received ${r.value} with ok=true from ${r.chan}, closed and drained`;
      if (r.value !== want) return `g${to} received ${r.value} from closed ${r.chan}, whose buffer holds [${rest.join(' ')}]: ${want} comes first`;
      closed[ci] = rest.slice(1);
    } else {
      if (rest.length > 0) return `g${to} got (${r.value}, false) from closed ${r.chan} while [${rest.join(' ')}] were still buffered`;
      if (r.value !== 0) return `g${to} got (${r.value}, false) from closed ${r.chan}: not the zero value`;
    }
  }
  return { memory: { closed, doomed } };
}
