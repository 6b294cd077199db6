// Could a channel operation proceed now? Answered from the goroutines
// themselves — which are parked, and at which operation — and from each
// channel's buffer and closed flag, never from the wait queues (sendq,
// recvq) whose bookkeeping the properties check.
//
//   a send on c can proceed ⇔ c is closed (it panics), or c's buffer has
//     room, or another goroutine is parked receiving on c (a recv, or a
//     select with a recv case on c);
//   a receive on c can proceed ⇔ c's buffer is non-empty, or c is closed,
//     or another goroutine is parked sending on c (a send, or a select with
//     a send case on c);
//   nothing can proceed on a nil channel; a select can proceed ⇔ one of its
//     cases can (its default aside).

import type { CSelectCase, Instr } from '../model/compile.ts';
import type { Frame, G } from '../model/sched.ts';
import { chanOf } from '../model/local.ts';
import type { Model } from '../model/step.ts';
import type { State } from '../model/state.ts';
import { nextOp } from './ledger.ts';

/** One channel operation a goroutine offers: a plain send or receive, or one select case. */
export interface Offer {
  readonly dir: 'send' | 'recv';
  /** Channel index, -1 for nil. */
  readonly ci: number;
  /** The select case index, -1 for a plain operation. */
  readonly caseIndex: number;
}

/** The channel operations an instruction offers, resolved in a frame. */
export function offersOf(m: Model, instr: Instr, frame: Frame): Offer[] {
  if (instr.op === 'send' || instr.op === 'recv') return [{ dir: instr.op, ci: chanOf(instr.chan, frame, m.program), caseIndex: -1 }];
  if (instr.op === 'select') return instr.cases.map((cs: CSelectCase, i) => ({ dir: cs.dir, ci: chanOf(cs.chan, frame, m.program), caseIndex: i }));
  return [];
}

/** The offers of every parked goroutine, by goid. */
export function parkedOffers(m: Model, s: State): Map<number, Offer[]> {
  const out = new Map<number, Offer[]>();
  for (const g of s.gs) {
    if (g.status !== 'waiting') continue;
    const op = nextOp(m, s, g);
    out.set(g.goid, op && op.pending.kind === 'instr' ? offersOf(m, op.pending.instr, op.frame) : []);
  }
  return out;
}

/** Can this offer of goroutine `goid` proceed in state s? */
export function canProceed(s: State, parked: ReadonlyMap<number, readonly Offer[]>, goid: number, o: Offer): boolean {
  if (o.ci < 0) return false;
  const c = s.chans[o.ci]!;
  if (c.closed) return true;
  const want = o.dir === 'send' ? 'recv' : 'send';
  const counterpart = [...parked].some(([h, offers]) => h !== goid && offers.some((x) => x.ci === o.ci && x.dir === want));
  if (counterpart) return true;
  return o.dir === 'send' ? c.buf.length < c.dataqsiz : c.buf.length > 0;
}

/** Why a parked goroutine could proceed, or null when it really is blocked. */
export function wronglyParked(m: Model, s: State, parked: ReadonlyMap<number, readonly Offer[]>, g: G): string | null {
  const offers = parked.get(g.goid) ?? [];
  const op = nextOp(m, s, g);
  if (!op || op.pending.kind !== 'instr' || !['send', 'recv', 'select'].includes(op.pending.instr.op)) {
    return `g${g.goid} ${g.label} is parked [${g.waitreason}] but not at a channel operation`;
  }
  const live = offers.find((o) => canProceed(s, parked, g.goid, o));
  if (!live) return null;
  const name = m.program.objects.find((x) => x.chan === live.ci)?.name ?? `#${live.ci}`;
  const where = live.caseIndex >= 0 ? `select case ${live.caseIndex} (${live.dir} ${name})` : `${live.dir} ${name}`;
  const c = s.chans[live.ci]!;
  const why = c.closed ? `${name} is closed` : live.dir === 'recv' && c.buf.length > 0 ? `${name} has buffered values` : live.dir === 'send' && c.buf.length < c.dataqsiz ? `${name}'s buffer has room` : `a counterpart is parked on ${name}`;
  return `g${g.goid} ${g.label} is parked at ${where}, which could proceed: ${why}`;
}

/** The first parked goroutine that could in fact proceed, said in a sentence; null when every parked one is blocked. */
export function firstWronglyParked(m: Model, s: State): string | null {
  const parked = parkedOffers(m, s);
  for (const g of s.gs) {
    if (g.status !== 'waiting') continue;
    const why = wronglyParked(m, s, parked, g);
    if (why !== null) return why;
  }
  return null;
}
