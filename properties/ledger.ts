// Where every value of a generated scenario is, read from what the program
// observed — not from the model's queues — so that a property built on it
// checks the channel code instead of repeating it.
//
// properties/arbitraries/scenario.ts makes every completed send observe
// `sent_<c>: v` and every receive observe `got_<c>: v, ok_<c>: ok`, each as
// the very next visible operation of the goroutine. Between an operation and
// its observation the goroutine is runnable with the observation pending:
// `prepare` (model/local.ts, which also applies what a counterpart did for a
// parked goroutine) shows it. So at every state:
//
//   sent(c)     = sent_<c> observed or pending     (sends that completed)
//   received(c) = got_<c> with ok, observed or pending
//   buffered(c) = the values in c's buffer
//
// and the law noValueLostOrDuplicated is the multiset equation
//   sent(c) = received(c) ⊎ buffered(c)
// A value still held by a parked (or abandoned) sender is in none of them.

import type { Value } from '../model/ir.ts';
import type { Frame, G } from '../model/sched.ts';
import type { Model } from '../model/step.ts';
import type { State } from '../model/state.ts';
import type { Pending } from '../model/local.ts';
import { evalExpr, prepare } from '../model/local.ts';

/** What a goroutine will do next: its pending operation, in its prepared frame. */
export interface NextOp {
  readonly g: G;
  readonly pending: Pending;
  readonly frame: Frame;
}

export function nextOp(m: Model, s: State, g: G): NextOp | null {
  if (g.status === 'dead') return null;
  const p = prepare(m.program, s, g);
  const frame = p.g.frames[p.g.frames.length - 1];
  return frame ? { g: p.g, pending: p.pending, frame } : null;
}

/** The observations goroutine g is about to make (its next visible operation is `observe`). */
export function pendingObservations(m: Model, s: State, g: G): (readonly [string, Value])[] {
  const op = nextOp(m, s, g);
  if (!op || op.pending.kind !== 'instr' || op.pending.instr.op !== 'observe') return [];
  return op.pending.instr.pairs.map(([n, e]) => [n, evalExpr(e, op.frame, m.program, s)] as const);
}

/** A receive's result: the value and ok a receiver got from channel `chan`. */
export interface Receipt {
  readonly chan: string;
  readonly value: Value;
  readonly ok: boolean;
}

/** The receive goroutine g has completed but not yet observed, if any. */
export function pendingReceipt(m: Model, s: State, g: G): Receipt | null {
  const obs = pendingObservations(m, s, g);
  const got = obs.find(([n]) => n.startsWith('got_'));
  if (!got) return null;
  const chan = got[0].slice('got_'.length);
  const ok = obs.find(([n]) => n === `ok_${chan}`);
  return { chan, value: got[1], ok: ok?.[1] === true };
}

export interface ChanLedger {
  readonly sent: Value[];
  /** Values received with ok=true. */
  readonly received: Value[];
  /** Receives that returned ok=false, with the value they returned. */
  readonly closedReceives: Value[];
}

/** Every non-nil channel's ledger, by name. */
export function ledger(m: Model, s: State): Map<string, ChanLedger> {
  const out = new Map<string, ChanLedger>();
  for (const o of m.program.objects) if (o.chan >= 0) out.set(o.name, { sent: [], received: [], closedReceives: [] });
  const record = (pairs: readonly (readonly [string, readonly Value[]])[]): void => {
    const byName = new Map(pairs);
    for (const [name, values] of pairs) {
      if (name.startsWith('sent_')) out.get(name.slice(5))?.sent.push(...values);
      if (name.startsWith('got_')) {
        const l = out.get(name.slice(4));
        if (!l) continue;
        const oks = byName.get(`ok_${name.slice(4)}`) ?? [];
        values.forEach((v, i) => (oks[i] === true ? l.received : l.closedReceives).push(v));
      }
    }
  };
  record(s.obs);
  for (const g of s.gs) record(pendingObservations(m, s, g).map(([n, v]) => [n, [v]] as const));
  return out;
}

/** noValueLostOrDuplicated at one state: null when it holds, else what broke. */
export function valueConservation(m: Model, s: State): string | null {
  const l = ledger(m, s);
  for (const o of m.program.objects) {
    if (o.chan < 0) continue;
    const { sent, received, closedReceives } = l.get(o.name)!;
    const buffered = s.chans[o.chan]!.buf;
    const have = count([...received, ...buffered]);
    const want = count(sent);
    const lost = [...want].filter(([v, n]) => (have.get(v) ?? 0) < n).map(([v]) => v);
    const extra = [...have].filter(([v, n]) => (want.get(v) ?? 0) < n).map(([v]) => v);
    if (lost.length > 0 || extra.length > 0) {
      return `${o.name}: sent [${sent.join(' ')}] but received [${received.join(' ')}] and buffered [${buffered.join(' ')}]`
        + (lost.length ? `; lost ${lost.join(' ')}` : '')
        + (extra.length ? `; received or buffered without a completed send (or twice): ${extra.join(' ')}` : '');
    }
    const nonZero = closedReceives.filter((v) => v !== 0);
    if (nonZero.length > 0) return `${o.name}: a receive with ok=false returned ${nonZero.join(' ')}, not the zero value`;
  }
  return null;
}

function count(vs: readonly Value[]): Map<Value, number> {
  const m = new Map<Value, number>();
  for (const v of vs) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}
