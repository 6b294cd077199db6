// The state of a running scenario: goroutines, channels and what has been
// observed, as plain immutable data (docs/style.md habit 3). Objects live in
// id-keyed tables (`gs` by goid, `chans` by channel index) and refer to each
// other by id.
//
// Invariants (`typeOK`, checked after every step when exploring in debug
// mode; a failure is a bug in gospec and throws, the way Go's runtime
// throws on inconsistent state):
//   1. the scheduler's invariants (model/sched.ts) hold;
//   2. every channel's invariants (model/chan.ts) hold, and every sync
//      object's (model/sync/syncs.ts);
//   3. `obs` is sorted by name, each name once;
//   4. `exit` is set at most once, and a state with `exit` has no successor.
//   5. `after` is set only on the states that follow main's return (see
//      `resume`); such a state never has `exit`.
//
// After main returns. A Go program ends when main returns, abandoning the
// goroutines still alive. To tell a goroutine merely overtaken by main's
// return from one that can never finish (a leak as goleak, a CI gate or Go's
// leak profile mean it), gospec runs the program on from the exit state with
// main gone (`resume`): the explorer (explore/settle.ts) follows every
// schedule of the goroutines left behind until they settle, blocked for ever
// or running for ever. Observations made then are not part of any outcome
// (no real run prints them), so `withObservations` ignores them.

import type { Value } from './ir.ts';
import type { Program } from './compile.ts';
import type { Hchan } from './chan.ts';
import { chanInvariants, describeChan, makechan } from './chan.ts';
import type { Frame, G } from './sched.ts';
import { gname, schedInvariants } from './sched.ts';
import type { Outcome } from './outcome.ts';
import type { Mem } from './memory/mem.ts';
import { initialMem, memKey } from './memory/words.ts';
import { memInvariants } from './memory/mem.ts';
import type { SyncObj } from './sync/syncs.ts';
import { brokenSyncInvariant, describeSync, newSync, syncKey } from './sync/syncs.ts';

/**
 * How the program ended, once it has: main returned, a goroutine panicked,
 * or a fatal error (runtime.fatal: `sync: unlock of unlocked mutex`) killed it.
 */
export type Exit =
  /** `parked`: the labels, sorted, of the goroutines parked at the moment main returned. */
  | { readonly end: 'ok'; readonly parked: readonly string[] }
  | { readonly end: 'panic'; readonly message: string; readonly goroutine: string }
  | { readonly end: 'fatal'; readonly message: string };

export interface State {
  readonly gs: readonly G[];
  readonly chans: readonly Hchan[];
  /** Observations so far, sorted by name: [name, values in observation order]. */
  readonly obs: readonly (readonly [string, readonly Value[]])[];
  /** Current values of the atomic objects, by atomic index (Program.atomics). */
  readonly atomics: readonly Value[];
  /** Mutexes, RWMutexes, WaitGroups, Onces and Conds, by sync index (ProgramObject.sync; model/sync/syncs.ts). */
  readonly syncs: readonly SyncObj[];
  /** Clocks and plain-word histories (model/memory/mem.ts); only when the scenario has plain words. */
  readonly mem?: Mem;
  readonly exit?: Exit;
  /**
   * Set once main has returned and the goroutines left behind run on
   * (`resume`): who was parked at that moment, for the outcome.
   */
  readonly after?: { readonly parked: readonly string[] };
}

/** The state before the first step: main (or every litmus thread) runnable at pc 0. */
export function initialState(p: Program): State {
  const gs: G[] = p.roots.map((unit, i) => {
    const u = p.units[unit]!;
    return {
      goid: i + 1,
      label: u.label,
      status: 'runnable',
      frames: [{ unit, pc: 0, regs: u.regNames.map(() => 0), refs: [], defers: [] }],
    };
  });
  const syncs = p.objects.filter((o) => o.sync >= 0).map((o) => newSync(o.decl));
  const st: State = { gs, chans: p.chanCaps.map(makechan), obs: [], atomics: p.atomicInits, syncs };
  return p.wordInits.length > 0 ? { ...st, mem: initialMem(p, gs.length) } : st;
}

/**
 * A compact canonical key: two states with equal keys behave identically.
 *
 * It leaves out what the rest determines: a goroutine's label (the label of
 * its bottom frame's unit), a parked goroutine's waitreason (its instruction
 * and operands), and everything of a dead goroutine but that it is dead.
 * The rest is written field by field with separators no field can contain
 * (values are ints, `t`, `f`; names are identifiers; the exit, which may
 * hold any text, comes last), so distinct states get distinct keys.
 *
 *   goroutines | … # channels | … # name=values … # exit
 */
export function stateKey(s: State): string {
  const gs = s.gs.map(gKey).join('|');
  const chans = s.chans.map(chanKey).join('|');
  const obs = s.obs.map(([n, vs]) => `${n}=${vs.map(val).join(',')}`).join(' ');
  const base = `${gs}#${chans}#${obs}#${s.exit ? JSON.stringify(s.exit) : ''}`;
  // Atomics and memory come after the exit's free text, each behind a marker
  // no exit text can end with: `exit` is JSON, which ends in `}` or nothing.
  const atomics = s.atomics.length > 0 ? `#a${s.atomics.map(val).join(',')}` : '';
  // Sync objects likewise, only when the scenario has some (other scenarios keep their keys).
  const syncs = s.syncs.length > 0 ? `#s${s.syncs.map(syncKey).join('|')}` : '';
  // After main's return: who was parked then (labels are identifiers).
  const after = s.after ? `#p${s.after.parked.join(',')}` : '';
  return s.mem ? `${base}${atomics}${syncs}${after}#m${memKey(s.mem)}` : `${base}${atomics}${syncs}${after}`;
}

function val(v: Value | null | undefined): string {
  return v === true ? 't' : v === false ? 'f' : v === null ? 'n' : v === undefined ? '' : String(v);
}

function gKey(g: G): string {
  if (g.status === 'dead') return 'x';
  const p = g.param;
  const param = p ? `(${p.caseIndex},${p.ok ? 1 : 0},${val(p.value)})` : '';
  return `${g.status === 'waiting' ? 'w' : 'r'}${param}${g.frames.map(frameKey).join('/')}`;
}

function frameKey(f: Frame): string {
  const defers = f.defers.length > 0 ? `{${f.defers.map((d) => `${d.unit}:${d.regs.map(val).join(',')}:${d.refs.join(',')}`).join(';')}}` : '';
  const ret = f.returning ? `^${val(f.returning.value)}` : '';
  const deps = f.taint || f.ctrl || f.branches ? `~${(f.taint ?? []).join(',')}~${f.ctrl ?? 0}~${(f.branches ?? []).map((b) => `${b.lo}-${b.join}:${b.deps}`).join(',')}` : '';
  const into = f.into !== undefined ? `>${f.into}` : '';
  return `${f.unit}.${f.pc}[${f.regs.map(val).join(',')}][${f.refs.join(',')}]${defers}${ret}${into}${f.isDefer ? '!' : ''}${deps}`;
}

function chanKey(c: Hchan): string {
  const q = (xs: Hchan['sendq']): string => xs.map((sd) => `${sd.goid}.${sd.caseIndex}.${val(sd.elem)}`).join(',');
  return `${c.buf.map(val).join(',')};${c.closed ? 1 : 0};${q(c.sendq)};${q(c.recvq)}`;
}

export class InconsistentState extends Error {}

/** Throws InconsistentState naming the first invariant that fails. */
export function typeOK(s: State): void {
  for (const [name, pred] of Object.entries(schedInvariants)) {
    if (!pred(s.gs)) throw new InconsistentState(`sched invariant ${name} fails`);
  }
  s.chans.forEach((c, i) => {
    for (const [name, pred] of Object.entries(chanInvariants)) {
      if (!(pred as (c: Hchan, gs: readonly G[]) => boolean)(c, s.gs)) {
        throw new InconsistentState(`chan invariant ${name} fails on channel #${i}: ${describeChan(`#${i}`, c)}`);
      }
    }
  });
  s.syncs.forEach((x, i) => {
    const broken = brokenSyncInvariant(x, s.gs);
    if (broken) throw new InconsistentState(`${broken} fails on sync object #${i}: ${describeSync(`#${i}`, x)}`);
  });
  if (s.mem) {
    for (const [name, pred] of Object.entries(memInvariants)) {
      if (!pred(s.mem, s.gs.length)) throw new InconsistentState(`memory invariant ${name} fails`);
    }
  }
  for (let i = 1; i < s.obs.length; i++) {
    if (s.obs[i - 1]![0] >= s.obs[i]![0]) throw new InconsistentState('obs is not sorted by name');
  }
  if (s.after && s.exit) throw new InconsistentState('a state after main\'s return has an exit');
}

/** The outcome of a state that has ended (exit set), or of a deadlocked one. */
export function outcomeOf(s: State, deadlocked: boolean): Outcome {
  if (deadlocked) return { end: 'deadlock', obs: {} };
  if (s.exit?.end === 'panic') return { end: 'panic', obs: {}, panic: { message: s.exit.message, goroutine: s.exit.goroutine } };
  if (s.exit?.end === 'fatal') return { end: 'fatal', obs: {}, fatal: { message: s.exit.message } };
  const obs: Record<string, readonly Value[]> = {};
  for (const [n, vs] of s.obs) obs[n] = vs;
  const parked = s.exit?.end === 'ok' ? s.exit.parked : s.after?.parked ?? [];
  return parked.length > 0 ? { end: 'ok', obs, parked } : { end: 'ok', obs };
}

/**
 * The program run on after main's return: the exit state with its exit
 * lifted and main gone (it is dead already), marked `after`. Observations
 * are kept for the outcome; nothing observed from here on is added.
 */
export function resume(s: State): State {
  if (s.exit?.end !== 'ok') throw new Error('resume: only a program whose main returned runs on');
  const { exit, ...rest } = s;
  return { ...rest, after: { parked: exit.parked } };
}

/** Appends values to observation names, keeping `obs` sorted (not after main's return: no run shows them). */
export function withObservations(s: State, pairs: readonly (readonly [string, Value])[]): State {
  if (s.after) return s;
  const m = new Map(s.obs.map(([n, vs]) => [n, vs] as const));
  for (const [n, v] of pairs) m.set(n, [...(m.get(n) ?? []), v]);
  const obs = [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { ...s, obs };
}

/** The state in a few lines: goroutines with status, then channels, then sync objects. */
export function describeState(p: Program, s: State): string[] {
  const lines = s.gs.map((g) => {
    const top = g.frames[g.frames.length - 1];
    const where = top ? ` at ${p.units[top.unit]!.label}:${top.pc}` : '';
    const why = g.status === 'waiting' ? ` [${g.waitreason}]` : '';
    return `${gname(g)}: ${g.status}${why}${where}`;
  });
  const chanNames = p.objects.filter((o) => o.chan >= 0);
  for (const o of chanNames) lines.push(describeChan(o.name, s.chans[o.chan]!));
  for (const o of p.objects) if (o.sync >= 0) lines.push(describeSync(o.name, s.syncs[o.sync]!));
  return lines;
}
