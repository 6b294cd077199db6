// The transition function: `enabled(m, s)` lists every choice the program
// can make in state s, `step(m, s, choice)` applies one and says what
// happened. Nondeterminism is explicit (STYLE.md habit 6): a choice is a
// goroutine plus the index of one of the ways its next visible operation can
// go (which parked waiter is served, which ready select case wins).
//
// A transition of goroutine g: complete what a counterpart did for g while
// it was parked, run g's local instructions (model/local.ts), then perform
// g's next visible operation, one of the actions below:
//   chansend, chanrecv, closechan   runtime/chan.go
//   selectgo                        runtime/select.go
//   newproc (go)                    runtime/proc.go
//   gosched, sleep                  proc.go Gosched, time.Sleep (no ordering at this level)
//   observe                         records values in the outcome
//   gopanic                         a panic ends the program: Go prints it and exits 2
//   lock, unlock, add, wait, once,  sync/mutex.go, rwmutex.go, waitgroup.go, once.go,
//   condwait, signal, …             cond.go (model/sync/actions.ts); misuse of a lock is a
//                                   fatal error, which ends the program as a panic does
//   goexit                          the goroutine returns; main returning ends the program
//   spin                            a goroutine looping locally yields, as preemption lets it
//   load, store                     plain words under Go's memory model (memory/words.ts):
//                                   a load's ways are the writes it may see, or a promise
//   atomic                          sync/atomic, sequentially consistent (memory/step.ts)
//   a local instruction reading len(c), which is shared state, is a step of its own
//
// Termination: a state has no choices when the program has exited (main
// returned, a panic, every litmus thread finished) or when no goroutine is
// runnable; the latter with goroutines left is Go's deadlock
// ("all goroutines are asleep - deadlock!", proc.go checkdead). Sleeping
// goroutines are never blocked here: a sleep is one step after which the
// goroutine is runnable again, which is all the ordering the spec promises.
//
// After main's return (state.ts `resume`, explore/settle.ts): the goroutines
// left behind take steps as before, so that gospec can tell which of them
// can still finish. A state there without choices is no deadlock but the
// end of that continuation: whoever is parked then stays parked for ever.
// A panic or fatal error there ends only its own goroutine: no process is
// left to crash, and the question asked is who can still finish.

import type { Level, Scenario, Value } from './ir.ts';
import type { Config } from './config.ts';
import { makeConfig } from './config.ts';
import type { Instr, Program } from './compile.ts';
import { compile } from './compile.ts';
import type { RecvWay, SendWay } from './chan.ts';
import { closechan, enqueue, recvNow, sendNow, sendWays, recvWays } from './chan.ts';
import type { SelectWay } from './select.ts';
import { selectWaitReason, selectWays } from './select.ts';
import type { G } from './sched.ts';
import { gname, gopark } from './sched.ts';
import type { Semantics } from './semantics.ts';
import { goSemantics } from './semantics.ts';
import type { Pending, Prepared } from './local.ts';
import { GoPanic, afterRecv, chanOf, closureFrame, evalExpr, isVisible, local, newFrame, prepare, receivedInto, replaceTop } from './local.ts';
import type { State } from './state.ts';
import { initialState, outcomeOf, withObservations } from './state.ts';
import type { Outcome } from './outcome.ts';
import { withSettled } from './outcome.ts';
import type { LoadWay, Race } from './memory/words.ts';
import { literalUniverse, valueUniverse } from './memory/values.ts';
import * as mm from './memory/step.ts';
import type { SyncWay } from './sync/actions.ts';
import { applySync, describeSyncWay, syncWays } from './sync/actions.ts';

/** Everything a transition depends on besides the state. */
export interface Model {
  readonly program: Program;
  readonly config: Config;
  readonly level: Level;
  readonly sem: Semantics;
  /** Per plain word: the values a promise may take (model/memory/values.ts). */
  readonly universe: readonly (readonly Value[])[];
  /** The words whose universe is approximated (values.ts), with why. */
  readonly approximations: readonly string[];
}

export function makeModel(s: Scenario, config: Config = makeConfig({ level: s.level ?? 'spec' }), sem: Semantics = goSemantics): Model {
  const program = sem.ifDepsEndAtJoin ? compiled(s) : withoutJoins(compiled(s));
  const values = program.wordInits.length === 0 ? { universe: [], approximated: [] } : sem.computedPromises ? valueUniverse(program) : literalUniverse(program);
  return { program, config, level: config.level, sem, universe: values.universe, approximations: values.approximated };
}

// Scenarios are immutable data, so a scenario object compiles once however
// many walks and explorations run it.
const programs = new WeakMap<Scenario, Program>();

function compiled(s: Scenario): Program {
  let p = programs.get(s);
  if (!p) programs.set(s, (p = compile(s)));
  return p;
}

/** The program with its ifs' joins forgotten (Semantics.ifDepsEndAtJoin false): their dependencies last as a loop's. */
function withoutJoins(p: Program): Program {
  let q = joinless.get(p);
  if (!q) {
    const units = p.units.map((u) => ({ ...u, code: u.code.map((i) => (i.op === 'jumpIfNot' && i.join !== undefined ? { op: i.op, cond: i.cond, to: i.to, ...(i.shared ? { shared: i.shared } : {}) } : i)) }));
    joinless.set(p, (q = { ...p, units }));
  }
  return q;
}

const joinless = new WeakMap<Program, Program>();

export function initial(m: Model): State {
  return initialState(m.program);
}

/** A goroutine, and which of the ways its next operation can go. */
export interface Choice {
  readonly goid: number;
  readonly alt: number;
}

export interface StepResult {
  readonly state: State;
  /** What happened, in words a report prints (`g1 main: send c 1: hands 1 to parked g2`). */
  readonly events: readonly string[];
  /** Data races this step's access makes (model/memory/words.ts), on sequentially consistent runs. */
  readonly races?: readonly Race[];
}

/** One way a visible operation can go. */
type Way =
  | { readonly op: 'send'; readonly ci: number; readonly value: Value; readonly way: SendWay | 'nil' }
  | { readonly op: 'recv'; readonly ci: number; readonly way: RecvWay | 'nil' }
  | { readonly op: 'close'; readonly ci: number }
  | { readonly op: 'select'; readonly chanIndex: readonly number[]; readonly way: SelectWay }
  | { readonly op: 'load'; readonly word: number; readonly way: LoadWay }
  | { readonly op: 'store'; readonly word: number; readonly value: Value; readonly deps: number; readonly fulfils: readonly number[] }
  /** The last litmus thread returns and the harness's main reads `final` (one way per combination of values). */
  | { readonly op: 'exit'; readonly finals: readonly (readonly [string, Value])[] }
  /** A sync statement (model/sync/actions.ts), with its label (which waiter it readies, TryLock's result). */
  | { readonly op: 'sync'; readonly way: SyncWay; readonly label: string }
  | { readonly op: 'other' };

/** Every choice in state s, goroutine by goroutine (goid order), then way by way. */
export function enabled(m: Model, s: State): Choice[] {
  if (s.exit) return [];
  const out: Choice[] = [];
  for (const g of s.gs) {
    if (g.status !== 'runnable') continue;
    const n = waysOf(m, s, prepare(m.program, s, g)).length;
    for (let alt = 0; alt < n; alt++) out.push({ goid: g.goid, alt });
  }
  return out;
}

/**
 * Every choice of state s with the step it leads to: `enabled` then `step`
 * for each choice, sharing each goroutine's local prefix (the explorer's
 * inner loop).
 */
export function successors(m: Model, s: State): Successor[] {
  if (s.exit) return [];
  const out: Successor[] = [];
  for (const g of s.gs) {
    if (g.status !== 'runnable') continue;
    const prep = prepare(m.program, s, g);
    waysOf(m, s, prep).forEach((way, alt) => {
      const selectCase = way.op === 'select' && (way.way.kind === 'send' || way.way.kind === 'recv') ? way.way.caseIndex : undefined;
      const read = way.op === 'load' ? { read: way.way.kind === 'promise' ? 'promise' : way.way.latest ? 'latest' : 'stale' } as const : {};
      out.push({ choice: { goid: g.goid, alt }, result: applyOrPanic(m, s, prep, way), ...(selectCase !== undefined ? { selectCase } : {}), ...read });
    });
  }
  return out;
}

export interface Successor {
  readonly choice: Choice;
  readonly result: StepResult;
  /** The select case this choice makes win, when it is one (the only choice Go gives odds for). */
  readonly selectCase?: number;
  /**
   * For a plain read, which write it takes: the latest, an older one still
   * visible (stale), or a promise. Nothing makes a stale read ever stop
   * (Go's memory model has no eventual visibility), unlike a scheduling or
   * select choice, which the explorer's non-termination analysis treats as fair.
   */
  readonly read?: 'latest' | 'stale' | 'promise';
}

/**
 * Is s an end that no run reaches: a read took its value from a promise no
 * write fulfilled (model/memory/words.ts)? Such an end has no outcome.
 */
export function infeasible(s: State): boolean {
  return (s.mem?.promises.length ?? 0) > 0 && (s.exit !== undefined || !s.gs.some((g) => g.status === 'runnable'));
}

/**
 * The outcome of a state without choices; null while the program runs. At
 * an exit state whose main returned, the outcome says who was parked then;
 * what becomes of them is settle.ts's to say. After main's return, a state
 * without choices has settled: whoever is parked stays parked for ever.
 */
export function terminal(m: Model, s: State): Outcome | null {
  if (s.exit) return outcomeOf(s, false);
  if (s.gs.some((g) => g.status === 'runnable')) return null;
  if (s.after) return withSettled(outcomeOf(s, false), { leaked: waitingLabels(s), spinning: [] });
  const allDone = s.gs.every((g) => g.status === 'dead');
  return outcomeOf(s, !allDone);
}

/** The labels, sorted, of the goroutines parked in s. */
export function waitingLabels(s: State): string[] {
  return s.gs.filter((x) => x.status === 'waiting').map((x) => x.label).sort();
}

/** Is s a deadlock: no goroutine runnable, some goroutine parked, the program not ended (nor run on after main's return)? */
export function isDeadlock(s: State): boolean {
  return !s.exit && !s.after && !s.gs.some((g) => g.status === 'runnable') && s.gs.some((g) => g.status === 'waiting');
}

export function step(m: Model, s: State, c: Choice): StepResult {
  const g = s.gs[c.goid - 1];
  if (!g || g.status !== 'runnable') throw new Error(`g${c.goid} is not runnable`);
  const prep = prepare(m.program, s, g);
  const ways = waysOf(m, s, prep);
  const way = ways[c.alt];
  if (!way) throw new Error(`g${c.goid} has no way #${c.alt}`);
  return applyOrPanic(m, s, prep, way);
}

function applyOrPanic(m: Model, s: State, prep: Prepared, way: Way): StepResult {
  let r: StepResult;
  try {
    r = apply(m, s, prep, way);
  } catch (e) {
    // A run-time panic while evaluating the operation's operands (a select's send values).
    if (!(e instanceof GoPanic)) throw e;
    r = gopanic(s, prep.g, e.message);
  }
  return s.after && r.state.exit ? endsAlone(r, prep.g) : r;
}

/**
 * After main's return, a panic or fatal error ends only the goroutine that
 * made it (see the header): it has finished, the others run on.
 */
function endsAlone(r: StepResult, g: G): StepResult {
  const { exit: _gone, ...st } = r.state;
  const dead: G = { goid: g.goid, label: g.label, status: 'dead', frames: [] };
  return {
    state: { ...st, gs: st.gs.map((x) => (x.goid === g.goid ? dead : x)) },
    events: [...r.events, `${gname(g)}: ends there (main has returned: no process is left to crash)`],
  };
}

/** The readable label of a choice, unique among the choices of its state; replay matches it. */
export function choiceLabel(m: Model, s: State, c: Choice): string {
  const g = s.gs[c.goid - 1]!;
  const prep = prepare(m.program, s, g);
  const way = waysOf(m, s, prep)[c.alt]!;
  return `g${g.goid} ${g.label}: ${describeWay(s, prep.pending, way)}`;
}

function waysOf(m: Model, s: State, prep: Prepared): Way[] {
  const { pending } = prep;
  if (pending.kind === 'exit') return mm.exitWays(m, s, prep.g);
  if (pending.kind !== 'instr') return [{ op: 'other' }];
  const i = pending.instr;
  const top = prep.g.frames[prep.g.frames.length - 1]!;
  switch (i.op) {
    case 'load':
    case 'store':
      return mm.wordWays(m, s, prep.g, top, i);
    case 'send': {
      const ci = chanOf(i.chan, top, m.program);
      const value = evalOrPanic(i.value, prep, m, s);
      if (value === null) return [{ op: 'other' }];
      if (ci < 0) return [{ op: 'send', ci, value, way: 'nil' }];
      return sendWays(s.chans[ci]!, m.sem, m.level).map((way) => ({ op: 'send', ci, value, way }));
    }
    case 'recv': {
      const ci = chanOf(i.chan, top, m.program);
      if (ci < 0) return [{ op: 'recv', ci, way: 'nil' }];
      return recvWays(s.chans[ci]!, m.sem, m.level).map((way) => ({ op: 'recv', ci, way }));
    }
    case 'close':
      return [{ op: 'close', ci: chanOf(i.chan, top, m.program) }];
    case 'select': {
      const chanIndex = i.cases.map((cs) => chanOf(cs.chan, top, m.program));
      return selectWays(i.cases, chanIndex, i.defaultTarget !== undefined, s.chans, m.sem, m.level).map((way) => ({ op: 'select', chanIndex, way }));
    }
    case 'sync':
      return syncWays(m, s, prep.g, top, i).map((way) => ({ op: 'sync', way, label: describeSyncWay(m, s, i, way) }));
    default:
      return [{ op: 'other' }];
  }
}

/** A send's value is evaluated before the send; a panic there is the step's panic (null). */
function evalOrPanic(e: Parameters<typeof evalExpr>[0], prep: Prepared, m: Model, s: State): Value | null {
  try {
    return evalExpr(e, prep.g.frames[prep.g.frames.length - 1]!, m.program, s);
  } catch {
    return null;
  }
}

function apply(m: Model, s: State, prep: Prepared, way: Way): StepResult {
  const { g, pending } = prep;
  const who = gname(g);
  const top = g.frames[g.frames.length - 1]!;
  const put = (st: State, ng: G): State => ({ ...st, gs: st.gs.map((x) => (x.goid === ng.goid ? ng : x)) });
  const advance = (pc: number = top.pc + 1, regs: readonly Value[] = top.regs): G => ({ ...g, frames: replaceTop(g.frames, { ...top, pc, regs }) });
  const ev = (what: string, extra: readonly string[] = []): string[] => [`${who}: ${what}${extra.length ? ': ' + extra.join('; ') : ''}`];

  if (pending.kind === 'exit') return goexit(m, s, g, way.op === 'exit' ? way.finals : []);
  if (pending.kind === 'panic') return gopanic(s, g, pending.message);
  if (pending.kind === 'spin') return { state: put(s, g), events: ev('runs locally and is preempted') };
  const instr = pending.instr;

  switch (instr.op) {
    // chansend (chan.go): panic on closed, hand to a parked receiver, buffer, or park.
    case 'send': {
      if (way.op !== 'send') {
        const message = valuePanic(instr, g, m, s);
        return gopanic(s, g, message);
      }
      const what = `send ${instr.chanName} ${way.value}`;
      if (way.way === 'nil') return { state: put(s, gopark(g, 'chan send (nil chan)', top)), events: ev(what, ['nil channel: blocks forever']) };
      if (way.way.kind === 'panic') return gopanic(s, g, 'send on closed channel');
      if (way.way.kind === 'block') {
        const st = enqueue(s, way.ci, 'send', { goid: g.goid, caseIndex: -1, elem: way.value });
        return { state: put(st, gopark(g, 'chan send', top)), events: ev(what, [`parks on ${instr.chanName}.sendq`]) };
      }
      const d = sendNow(s, way.ci, way.value, way.way, m.sem, instr.chanName);
      return { state: put(mm.hbSend(m, s, d.world, way.ci, g.goid, way.way), advance()), events: ev(what, d.events) };
    }
    // chanrecv (chan.go): take from a parked sender, the buffer, a closed channel, or park.
    case 'recv': {
      if (way.op !== 'recv') throw new Error('recv without a receive way');
      const what = `recv ${instr.chanName}`;
      if (way.way === 'nil') return { state: put(s, gopark(g, 'chan receive (nil chan)', top)), events: ev(what, ['nil channel: blocks forever']) };
      if (way.way.kind === 'block') {
        const st = enqueue(s, way.ci, 'recv', { goid: g.goid, caseIndex: -1 });
        return { state: put(st, gopark(g, 'chan receive', top)), events: ev(what, [`parks on ${instr.chanName}.recvq`]) };
      }
      const d = recvNow(s, way.ci, way.way, m.sem, m.level, instr.chanName);
      const after: G = { ...g, frames: replaceTop(g.frames, afterRecv(instr, top, d.value, d.ok)) };
      return { state: put(mm.hbRecv(m, s, d.world, way.ci, g.goid, way.way), after), events: ev(`${what} → ${d.value}${d.ok ? '' : ' (ok=false)'}`, d.events) };
    }
    // closechan (chan.go): panics on nil or closed; readies every parked goroutine.
    case 'close': {
      if (way.op !== 'close') throw new Error('close without a close way');
      if (way.ci < 0) return gopanic(s, g, 'close of nil channel');
      if (s.chans[way.ci]!.closed) return gopanic(s, g, 'close of closed channel');
      const d = closechan(s, way.ci, m.sem, instr.chanName);
      return { state: put(mm.hbClose(m, d.world, way.ci, g.goid, s), advance()), events: ev(`close ${instr.chanName}`, d.events.slice(1)) };
    }
    // selectgo (select.go): a ready case wins, else default, else park on every case.
    case 'select':
      return selectgo(m, s, g, instr, way, put, ev);
    // newproc (proc.go): the new goroutine is runnable; the go statement happens before it starts.
    case 'go': {
      const u = m.program.units[instr.unit]!;
      const frame = instr.args ? newFrame(u, instr.unit, top, instr.args, m.program, s) : closureFrame(u, instr.unit, top, instr.captures!);
      const child: G = { goid: s.gs.length + 1, label: instr.label, status: 'runnable', frames: [frame] };
      const st = mm.hbGo(m, put({ ...s, gs: [...s.gs, child] }, advance()), g, child.goid);
      return { state: st, events: ev(`go ${instr.label}`, [`starts ${gname(child)}`]) };
    }
    case 'gosched':
      return { state: put(s, advance()), events: ev('runtime.Gosched()') };
    case 'sleep':
      return { state: put(s, advance()), events: ev(`time.Sleep(${instr.ns}ns)`) };
    case 'observe': {
      const pairs = instr.pairs.map(([n, e]) => [n, evalExpr(e, top, m.program, s)] as const);
      const st = withObservations(put(s, advance()), pairs);
      return { state: st, events: ev(`observe ${pairs.map(([n, v]) => `${n}=${v}`).join(' ')}`) };
    }
    case 'panic':
      return gopanic(s, g, instr.message);
    case 'load':
    case 'store': {
      if (way.op !== 'load' && way.op !== 'store') throw new Error(`${instr.op} without a memory way`);
      const r = mm.applyWord(m, s, g, instr, way);
      return { state: r.state, events: ev(r.events[0]!), ...(r.races.length > 0 ? { races: r.races } : {}) };
    }
    case 'atomic': {
      const r = mm.applyAtomic(m, s, g, instr);
      return { state: r.state, events: ev(r.events[0]!) };
    }
    // sync/mutex.go, rwmutex.go, waitgroup.go, once.go, cond.go (model/sync/actions.ts).
    case 'sync': {
      if (way.op !== 'sync') throw new Error('sync without a sync way');
      const r = applySync(m, s, g, instr, way.way);
      return { state: r.state, events: r.events };
    }
    default: {
      // A local instruction that reads len(c): one step of its own.
      if (!isVisible(instr)) throw new Error(`${instr.op} is not a visible operation`);
      const frames = local(m.program, s, g.frames.slice(), instr);
      if (frames === 'exit') return goexit(m, s, g);
      return { state: put(s, { ...g, frames }), events: ev(`${instr.op} reading channel lengths`) };
    }
  }
}

/** A send whose value expression panicked: the panic's message. */
function valuePanic(instr: Extract<Instr, { op: 'send' }>, g: G, m: Model, s: State): string {
  try {
    evalExpr(instr.value, g.frames[g.frames.length - 1]!, m.program, s);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return 'unknown panic';
}

function selectgo(
  m: Model,
  s: State,
  g: G,
  instr: Extract<Instr, { op: 'select' }>,
  way: Way,
  put: (st: State, g: G) => State,
  ev: (what: string, extra?: readonly string[]) => string[],
): StepResult {
  if (way.op !== 'select') throw new Error('select without a select way');
  const top = g.frames[g.frames.length - 1]!;
  const sw = way.way;
  const at = (pc: number, regs: readonly Value[] = top.regs): G => ({ ...g, frames: replaceTop(g.frames, { ...top, pc, regs }) });
  if (sw.kind === 'default') return { state: put(s, at(instr.defaultTarget!)), events: ev('select: default (no case ready)') };
  if (sw.kind === 'block') {
    let st = s;
    instr.cases.forEach((cs, i) => {
      const ci = way.chanIndex[i]!;
      if (ci < 0) return;
      const value = cs.dir === 'send' ? evalExpr(cs.value!, top, m.program, s) : undefined;
      st = enqueue(st, ci, cs.dir, { goid: g.goid, caseIndex: i, ...(value !== undefined ? { elem: value } : {}) });
    });
    const reason = selectWaitReason(instr.cases);
    return { state: put(st, gopark(g, reason, top)), events: ev(`select: nothing ready, parks [${reason}]`) };
  }
  const cs = instr.cases[sw.caseIndex]!;
  const ci = way.chanIndex[sw.caseIndex]!;
  if (sw.kind === 'send') {
    if (sw.way.kind === 'panic') return gopanic(s, g, 'send on closed channel');
    const v = evalExpr(cs.value!, top, m.program, s);
    const d = sendNow(s, ci, v, sw.way, m.sem, cs.chanName);
    return { state: put(mm.hbSend(m, s, d.world, ci, g.goid, sw.way), at(cs.target)), events: ev(`select case ${sw.caseIndex}: send ${cs.chanName} ${v}`, d.events) };
  }
  const d = recvNow(s, ci, sw.way as RecvWay, m.sem, m.level, cs.chanName);
  const after: G = { ...g, frames: replaceTop(g.frames, receivedInto({ ...top, pc: cs.target }, cs.into, cs.ok, d.value, d.ok)) };
  return { state: put(mm.hbRecv(m, s, d.world, ci, g.goid, sw.way as RecvWay), after), events: ev(`select case ${sw.caseIndex}: recv ${cs.chanName} → ${d.value}${d.ok ? '' : ' (ok=false)'}`, d.events) };
}

/** A panic nobody recovers: the program ends; Go prints `panic: <message>` and exits 2. */
function gopanic(s: State, g: G, message: string): StepResult {
  return {
    state: { ...s, exit: { end: 'panic', message, goroutine: g.label } },
    events: [`${gname(g)}: panic: ${message}`],
  };
}

/**
 * goexit: the goroutine is done; main's return ends the program, abandoning
 * the rest; the last litmus thread's return ends it after the final reads.
 */
function goexit(m: Model, s: State, g: G, finals: readonly (readonly [string, Value])[] = []): StepResult {
  const { param: _p, waitreason: _w, ...rest } = g;
  const dead: G = { ...rest, status: 'dead', frames: [] };
  const gs = s.gs.map((x) => (x.goid === g.goid ? dead : x));
  // main returning ends a program; in litmus form the last thread to finish
  // does (the harness's main waits for the threads, then returns).
  const roots = m.program.roots.length;
  const ends = m.program.form === 'main' ? g.goid === 1 : g.goid <= roots && gs.slice(0, roots).every((x) => x.status === 'dead');
  if (ends) {
    const parked = gs.filter((x) => x.status === 'waiting').map((x) => x.label).sort();
    const tail = parked.length > 0 ? [`parked at exit: ${parked.join(', ')}`] : [];
    const read = finals.length > 0 ? [`final reads after the join: ${finals.map(([n, v]) => `${n}=${v}`).join(' ')}`] : [];
    const st = finals.length > 0 ? withObservations(s, finals) : s;
    return { state: { ...st, gs, exit: { end: 'ok', parked } }, events: [`${gname(g)}: returns; the program exits`, ...read, ...tail] };
  }
  return { state: { ...s, gs }, events: [`${gname(g)}: returns`] };
}

function describeWay(s: State, pending: Pending, way: Way): string {
  // A served waiter is named by its goroutine: `send c 7 → g3`, `recv c ← g2`;
  // a parked select also by its case, since one select may wait on a channel
  // in several cases (`recv c ← g2 case 1`), and labels must stay unique.
  const waiter = (ci: number, q: 'sendq' | 'recvq', k: number): string => {
    const sd = s.chans[ci]![q][k]!;
    return `g${sd.goid}${sd.caseIndex >= 0 ? ` case ${sd.caseIndex}` : ''}`;
  };
  if (pending.kind === 'exit') return way.op === 'exit' && way.finals.length > 0 ? `return; final ${way.finals.map(([n, v]) => `${n}=${v}`).join(' ')}` : 'return';
  if (pending.kind === 'panic') return `panic: ${pending.message}`;
  if (pending.kind === 'spin') return 'spin';
  const i = pending.instr;
  switch (i.op) {
    case 'send': {
      if (way.op !== 'send') return `send ${i.chanName}`;
      const tail = way.way !== 'nil' && way.way.kind === 'handoff' ? ` → ${waiter(way.ci, 'recvq', way.way.waiter)}` : '';
      return `send ${i.chanName} ${way.value}${tail}`;
    }
    case 'recv': {
      const tail = way.op === 'recv' && way.way !== 'nil' && way.way.kind === 'handoff' ? ` ← ${waiter(way.ci, 'sendq', way.way.waiter)}` : '';
      return `recv ${i.chanName}${tail}`;
    }
    case 'close':
      return `close ${i.chanName}`;
    case 'select': {
      if (way.op !== 'select') return 'select';
      const sw = way.way;
      if (sw.kind === 'default' || sw.kind === 'block') return `select ${sw.kind}`;
      const cs = i.cases[sw.caseIndex]!;
      const ci = way.chanIndex[sw.caseIndex]!;
      const tail = sw.way.kind === 'handoff' ? (sw.kind === 'send' ? ` → ${waiter(ci, 'recvq', sw.way.waiter)}` : ` ← ${waiter(ci, 'sendq', sw.way.waiter)}`) : '';
      return `select case ${sw.caseIndex} (${sw.kind} ${cs.chanName})${tail}`;
    }
    case 'go':
      return `go ${i.label}`;
    case 'observe':
      return `observe ${i.pairs.map(([n]) => n).join(' ')}`;
    case 'sleep':
      return `sleep ${i.ns}`;
    case 'load':
    case 'store':
      return way.op === 'load' || way.op === 'store' ? mm.wordWayLabel(i, way) : i.op;
    case 'atomic':
      return `atomic ${i.kind} ${i.name}`;
    case 'sync':
      return way.op === 'sync' ? way.label : `${i.kind} ${i.name}`;
    default:
      return i.op;
  }
}
