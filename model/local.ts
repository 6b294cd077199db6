// Goroutine-local computation: expressions, registers, jumps, calls, returns
// and deferred statements — everything no other goroutine can observe.
//
// The explorer never interleaves at a local instruction: a goroutine's
// transition runs its local instructions up to its next visible operation
// (a channel, sync or memory operation, go, observe, gosched, sleep, panic,
// or its exit) and then performs that operation. Local instructions commute with every other
// goroutine's steps, so this loses no outcome (the classic reduction of
// Lipton's movers, used by every stateless model checker).
//
// Go facts followed: integer division truncates toward zero and `%` takes
// the sign of the dividend (spec, Arithmetic operators); dividing by zero
// panics "runtime error: integer divide by zero"; a return's value is
// evaluated before deferred calls run, which run last-in first-out
// (spec, Defer statements). Ints are JS safe integers: programs that
// overflow int64 are outside the model.

import type { Value } from './ir.ts';
import type { CArgs, CExpr, Captures, CodeUnit, Instr, Operand, Program } from './compile.ts';
import { LOCAL_OPS } from './compile.ts';
import type { Frame, G } from './sched.ts';
import type { State } from './state.ts';
import { ctrlOf, exprDeps, withTaint } from './memory/words.ts';

/** A Go run-time panic raised while evaluating (its message is Go's). */
export class GoPanic extends Error {}

/** An error in the scenario that the loader could not catch (a type error). */
export class ModelError extends Error {}

/** The goroutine after its local prefix, and the visible operation it has reached. */
export interface Prepared {
  readonly g: G;
  readonly pending: Pending;
}

export type Pending =
  | { readonly kind: 'instr'; readonly instr: Instr }
  /** The goroutine's outermost frame returned: it exits. */
  | { readonly kind: 'exit' }
  | { readonly kind: 'panic'; readonly message: string }
  /** The local prefix ran out of fuel: a spinning goroutine yields a step (as preemption would). */
  | { readonly kind: 'spin' };

/** How many local instructions one transition may run before it yields. */
export const LOCAL_FUEL = 10_000;

const LOCAL = new Set<Instr['op']>(LOCAL_OPS);

/** Does this instruction end a local prefix (see the header)? */
export function isVisible(i: Instr): boolean {
  return !LOCAL.has(i.op) || ('shared' in i && i.shared === true);
}

/** Applies what a counterpart did for g (param), then runs g's local instructions. */
export function prepare(p: Program, s: State, g: G): Prepared {
  let frames = g.frames.slice();
  const { param: _p, ...rest } = g;
  const done = (pending: Pending): Prepared => ({ g: { ...rest, frames }, pending });
  try {
    if (g.param) {
      const woke = applyParam(p, frames, g.param);
      frames = woke.frames;
      if (woke.panic) return done({ kind: 'panic', message: woke.panic });
    }
    for (let fuel = 0; fuel < LOCAL_FUEL; fuel++) {
      const top = frames[frames.length - 1]!;
      const instr = p.units[top.unit]!.code[top.pc]!;
      if (isVisible(instr)) return done({ kind: 'instr', instr });
      const next = local(p, s, frames, instr);
      if (next === 'exit') return done({ kind: 'exit' });
      frames = next;
    }
    return done({ kind: 'spin' });
  } catch (e) {
    if (e instanceof GoPanic) return done({ kind: 'panic', message: e.message });
    throw e;
  }
}

/** A woken goroutine completes the operation it parked in. */
function applyParam(p: Program, frames: Frame[], param: NonNullable<G['param']>): { frames: Frame[]; panic?: string } {
  const top = frames[frames.length - 1]!;
  const instr = p.units[top.unit]!.code[top.pc]!;
  if (instr.op === 'send') {
    if (!param.ok) return { frames, panic: 'send on closed channel' };
    return { frames: replaceTop(frames, { ...top, pc: top.pc + 1 }) };
  }
  if (instr.op === 'recv') {
    return { frames: replaceTop(frames, afterRecv(instr, top, param.value ?? 0, param.ok)) };
  }
  if (instr.op === 'select') {
    const cs = instr.cases[param.caseIndex]!;
    if (cs.dir === 'send') {
      if (!param.ok) return { frames, panic: 'send on closed channel' };
      return { frames: replaceTop(frames, { ...top, pc: cs.target }) };
    }
    return { frames: replaceTop(frames, receivedInto({ ...top, pc: cs.target }, cs.into, cs.ok, param.value ?? 0, param.ok)) };
  }
  if (instr.op === 'sync') {
    // A counterpart completed the sync operation (model/sync/actions.ts): go on past it; a once's waiter past the body.
    return { frames: replaceTop(frames, { ...top, pc: instr.kind === 'onceEnter' ? instr.skip! : top.pc + 1 }) };
  }
  throw new ModelError(`woken at a ${instr.op} instruction`);
}

/**
 * A plain receive's frame after it. A range loop's receive that finds the
 * channel closed leaves the loop and assigns nothing: the variable keeps
 * the last value received, as `for v = range c` does in Go.
 */
export function afterRecv(instr: Extract<Instr, { op: 'recv' }>, top: Frame, value: Value, ok: boolean): Frame {
  if (!ok && instr.closedTo !== undefined) return { ...top, pc: instr.closedTo };
  return receivedInto({ ...top, pc: top.pc + 1 }, instr.into, instr.ok, value, ok);
}

/**
 * The frame with a receive's (value, ok) in its registers. Channel data
 * carries no promise (model/memory/README.md), but a receive made under a
 * branch depends on the branch (withTaint).
 */
export function receivedInto(f: Frame, into: number | undefined, ok: number | undefined, value: Value, okv: boolean): Frame {
  const slots = [into, ok].filter((x): x is number => x !== undefined).map((slot) => [slot, 0] as const);
  return withTaint({ ...f, regs: setRecv(f.regs, into, ok, value, okv) }, slots);
}

/** Registers after a receive of (value, ok). */
export function setRecv(regs: readonly Value[], into: number | undefined, ok: number | undefined, value: Value, okv: boolean): readonly Value[] {
  if (into === undefined && ok === undefined) return regs;
  const r = regs.slice();
  if (into !== undefined) r[into] = value;
  if (ok !== undefined) r[ok] = okv;
  return r;
}

/** One local instruction: the new frames, or 'exit' when the outermost frame returns. */
export function local(p: Program, s: State, frames: Frame[], instr: Instr): Frame[] | 'exit' {
  const top = frames[frames.length - 1]!;
  switch (instr.op) {
    case 'let': {
      const vals = instr.assigns.map(([, e]) => evalExpr(e, top, p, s));
      const regs = top.regs.slice();
      instr.assigns.forEach(([slot], i) => (regs[slot] = vals[i]!));
      const deps = instr.assigns.map(([slot, e]) => [slot, exprDeps(e, top)] as const);
      return replaceTop(frames, withTaint({ ...top, regs, pc: top.pc + 1 }, deps));
    }
    case 'jump':
      return replaceTop(frames, { ...top, pc: instr.to });
    case 'jumpIfNot': {
      // A branch on a value that depends on promises makes what runs under it
      // depend on them (a control dependency): an if's arms, until they meet
      // again at its join; everything after a loop (it might never end).
      const d = exprDeps(instr.cond, top);
      const pc = truthy(evalExpr(instr.cond, top, p, s)) ? top.pc + 1 : instr.to;
      if (d === 0) return replaceTop(frames, { ...top, pc });
      if (instr.join === undefined) return replaceTop(frames, { ...top, ctrl: (top.ctrl ?? 0) | d, pc });
      return replaceTop(frames, { ...top, branches: [...(top.branches ?? []), { lo: top.pc + 1, join: instr.join, deps: d }], pc });
    }
    case 'call': {
      const callee = inheritDeps(newFrame(p.units[instr.unit]!, instr.unit, top, instr.args, p, s), top, instr.args.values);
      const withInto = instr.into !== undefined ? { ...callee, into: instr.into } : callee;
      return [...replaceTop(frames, { ...top, pc: top.pc + 1 }), withInto];
    }
    case 'defer': {
      const { regs, refs } = captured(p.units[instr.unit]!, top, instr.captures);
      return replaceTop(frames, { ...top, pc: top.pc + 1, defers: [...top.defers, { unit: instr.unit, regs, refs }] });
    }
    case 'return':
      return doReturn(p, s, frames, instr.value);
    default:
      throw new ModelError(`${instr.op} is not a local instruction`);
  }
}

/**
 * return: evaluate the result once, run the deferred statements LIFO (each
 * as a frame whose return comes back here), then pop the frame.
 */
function doReturn(p: Program, s: State, frames: Frame[], value: CExpr | null): Frame[] | 'exit' {
  const top = frames[frames.length - 1]!;
  const returning = top.returning ?? { value: value === null ? null : evalExpr(value, top, p, s) };
  const d = top.defers[top.defers.length - 1];
  if (d) {
    const waiting: Frame = { ...top, returning, defers: top.defers.slice(0, -1) };
    const deferred: Frame = { unit: d.unit, pc: 0, regs: d.regs, refs: d.refs, defers: [], isDefer: true };
    return [...replaceTop(frames, waiting), deferred];
  }
  const below = frames.slice(0, -1);
  const caller = below[below.length - 1];
  if (!caller) return 'exit';
  // A deferred statement's frame returns to its caller's pending return.
  if (top.isDefer) return below;
  // The caller goes on after the callee's branches: it inherits their control dependencies.
  const ctrl = (caller.ctrl ?? 0) | ctrlOf(top);
  const back: Frame = ctrl !== (caller.ctrl ?? 0) ? { ...caller, ctrl } : caller;
  if (top.into !== undefined && returning.value !== null) {
    const regs = back.regs.slice();
    regs[top.into] = returning.value;
    const d = value === null ? 0 : exprDeps(value, top);
    return replaceTop(below, withTaint({ ...back, regs }, [[top.into, d | ctrlOf(top)]]));
  }
  return back === caller ? below : replaceTop(below, back);
}

/** A callee's frame carries the dependencies of its arguments and its caller's control dependencies. */
function inheritDeps(callee: Frame, caller: Frame, values: CArgs['values']): Frame {
  const ctrl = ctrlOf(caller);
  if (!caller.taint && ctrl === 0) return callee;
  const f = withTaint(callee, values.map(([slot, e]) => [slot, exprDeps(e, caller)] as const));
  return ctrl !== 0 ? { ...f, ctrl } : f;
}

/** A fresh frame for a call or go of a procedure: arguments evaluated in the caller's frame. */
export function newFrame(u: CodeUnit, unit: number, caller: Frame, args: CArgs, p: Program, s: State): Frame {
  const regs: Value[] = u.regNames.map(() => 0);
  for (const [slot, e] of args.values) regs[slot] = evalExpr(e, caller, p, s);
  const refs: number[] = u.refNames.map(() => -1);
  for (const [slot, o] of args.refs) refs[slot] = objectOf(o, caller);
  return { unit, pc: 0, regs, refs, defers: [] };
}

/** A closure's frame: the creator's registers and references copied by name. */
export function closureFrame(u: CodeUnit, unit: number, creator: Frame, caps: Captures): Frame {
  const { regs, refs, taint } = captured(u, creator, caps);
  return { unit, pc: 0, regs, refs, defers: [], ...(taint ? { taint } : {}) };
}

function captured(u: CodeUnit, creator: Frame, caps: Captures): { regs: Value[]; refs: number[]; taint?: number[] } {
  const regs: Value[] = u.regNames.map(() => 0);
  for (const [from, to] of caps.regs) if (to >= 0) regs[to] = creator.regs[from]!;
  const refs: number[] = u.refNames.map(() => -1);
  for (const [from, to] of caps.refs) if (to >= 0) refs[to] = creator.refs[from]!;
  if (!creator.taint) return { regs, refs };
  const taint = regs.map(() => 0);
  for (const [from, to] of caps.regs) if (to >= 0) taint[to] = creator.taint[from] ?? 0;
  return { regs, refs, taint };
}

/** The object index an operand denotes in a frame. */
export function objectOf(o: Operand, f: Frame): number {
  return 'obj' in o ? o.obj : f.refs[o.ref]!;
}

/** The channel index an operand denotes, or -1 for a nil channel. */
export function chanOf(o: Operand, f: Frame, p: Program): number {
  return p.objects[objectOf(o, f)]!.chan;
}

export function evalExpr(e: CExpr, f: Frame, p: Program, s: State): Value {
  if (typeof e === 'number' || typeof e === 'boolean') return e;
  if ('r' in e) return f.regs[e.r]!;
  if ('len' in e || 'cap' in e) {
    const o = p.objects[objectOf('len' in e ? e.len : e.cap, f)]!;
    if (o.chan < 0) return 0;
    // A timer's channel is one-slot underneath; from go 1.23 it shows as unbuffered (runtime/chan.go chanlen, chancap).
    if (o.timer >= 0 && p.timerChansLookEmpty) return 0;
    const c = s.chans[o.chan]!;
    return 'len' in e ? c.buf.length : c.dataqsiz;
  }
  if ('un' in e) {
    const x = evalExpr(e.x, f, p, s);
    return e.un === '!' ? !truthy(x) : -int(x);
  }
  const op = e.bin;
  if (op === '&&') return truthy(evalExpr(e.l, f, p, s)) && truthy(evalExpr(e.r2, f, p, s));
  if (op === '||') return truthy(evalExpr(e.l, f, p, s)) || truthy(evalExpr(e.r2, f, p, s));
  const l = evalExpr(e.l, f, p, s);
  const r = evalExpr(e.r2, f, p, s);
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '+':
      return int(l) + int(r);
    case '-':
      return int(l) - int(r);
    case '*':
      return int(l) * int(r);
    case '/':
      if (int(r) === 0) throw new GoPanic('runtime error: integer divide by zero');
      return Math.trunc(int(l) / int(r));
    case '%':
      if (int(r) === 0) throw new GoPanic('runtime error: integer divide by zero');
      return int(l) % int(r);
    case '<':
      return int(l) < int(r);
    case '<=':
      return int(l) <= int(r);
    case '>':
      return int(l) > int(r);
    case '>=':
      return int(l) >= int(r);
    default:
      throw new ModelError(`unknown operator ${op}`);
  }
}

function int(v: Value): number {
  if (typeof v !== 'number') throw new ModelError(`expected an int, got ${v}`);
  return v;
}

/** Conditions accept bools, and ints as C does (a register never assigned reads 0). */
function truthy(v: Value): boolean {
  return typeof v === 'boolean' ? v : v !== 0;
}

export function replaceTop(frames: readonly Frame[], top: Frame): Frame[] {
  const r = frames.slice();
  r[r.length - 1] = top.branches ? closeBranches(top) : top;
  return r;
}

/**
 * The frame with the branches it has left closed: at an if's join its
 * control dependency ends; a jump out of the branch by any other way (a
 * break, a continue) keeps it for good, since what follows then depends on
 * which way the branch went.
 */
function closeBranches(f: Frame): Frame {
  let bs = f.branches!;
  let ctrl = f.ctrl ?? 0;
  while (bs.length > 0) {
    const b = bs[bs.length - 1]!;
    if (f.pc >= b.lo && f.pc < b.join) break;
    if (f.pc !== b.join) ctrl |= b.deps;
    bs = bs.slice(0, -1);
  }
  if (bs === f.branches) return f;
  const { branches: _old, ctrl: _c, ...rest } = f;
  return { ...rest, ...(ctrl !== 0 ? { ctrl } : {}), ...(bs.length > 0 ? { branches: bs } : {}) };
}
