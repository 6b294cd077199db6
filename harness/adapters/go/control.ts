// Control flow in the generated Go. First, which statements never complete
// normally (return, panic, break, continue, an if whose arms both end, a
// `for {}` without a break, a select whose every case ends): what follows
// one is left out of the Go source (invariant 4 of codegen.ts), since the
// model never runs it and `go vet` rejects unreachable code. Then the
// statements both generators (unitgen.ts, litmus.ts) translate alike: let,
// if, the four loop forms, break, continue and the memory statements
// (memory.ts); each generator closes its own loops.

import type { Stmt, StmtVisitor } from '../../../model/ir.ts';
import { visitStmt } from '../../../model/ir.ts';
import { truthy } from './goexpr.ts';
import type { MemoryEmitter, MemoryKind } from './memory.ts';
import { memoryStatements } from './memory.ts';

const yes = (): boolean => true;
const no = (): boolean => false;

/** Does a statement never complete normally (so what follows never runs)? */
const ENDS: StmtVisitor<boolean> = {
  return: yes,
  panic: yes,
  break: yes,
  continue: yes,
  if: (f) => f.else !== undefined && endsList(f.then) && endsList(f.else),
  loop: (body) => !hasBreakTo(body),
  select: (f) => {
    const bodies = [...f.cases.map((c) => c.body ?? []), ...(f.default !== undefined ? [f.default] : [])];
    return bodies.every((b) => endsList(b) && !hasBreakTo(b));
  },
  // Loops with a condition may end; a call, a go, a once's f and the rest come back.
  for: no,
  repeat: no,
  while: no,
  range: no,
  go: no,
  call: no,
  defer: no,
  let: no,
  send: no,
  recv: no,
  close: no,
  gosched: no,
  measure: (f) => endsList(f.body),
  sleep: no,
  stop: no,
  reset: no,
  observe: no,
  lock: no,
  unlock: no,
  trylock: no,
  rlock: no,
  runlock: no,
  tryrlock: no,
  add: no,
  done: no,
  wait: no,
  once: no,
  condwait: no,
  signal: no,
  broadcast: no,
  load: no,
  store: no,
  atomicLoad: no,
  atomicStore: no,
  atomicAdd: no,
  cas: no,
};

export function endsStmt(s: Stmt): boolean {
  return visitStmt(s, ENDS);
}

export function endsList(body: readonly Stmt[]): boolean {
  return body.some(endsStmt);
}

/**
 * Is the statement a `break` that leaves the statement whose body holds it?
 * Only an if's arms pass a break on: a loop's or a select's own breaks end
 * that loop or select, and go, defer and once bodies are functions of their own.
 */
const BREAKS_OUT: StmtVisitor<boolean> = {
  break: yes,
  if: (f) => hasBreakTo(f.then) || hasBreakTo(f.else ?? []),
  for: no,
  repeat: no,
  while: no,
  loop: no,
  range: no,
  select: no,
  once: no,
  go: no,
  defer: no,
  call: no,
  return: no,
  let: no,
  continue: no,
  send: no,
  recv: no,
  close: no,
  gosched: no,
  measure: (f) => hasBreakTo(f.body),
  sleep: no,
  stop: no,
  reset: no,
  panic: no,
  observe: no,
  lock: no,
  unlock: no,
  trylock: no,
  rlock: no,
  runlock: no,
  tryrlock: no,
  add: no,
  done: no,
  wait: no,
  condwait: no,
  signal: no,
  broadcast: no,
  load: no,
  store: no,
  atomicLoad: no,
  atomicStore: no,
  atomicAdd: no,
  cas: no,
};

/** Is there a `break` that leaves the statement whose body this is (not one of an inner loop or select)? */
export function hasBreakTo(body: readonly Stmt[]): boolean {
  return body.some((s) => visitStmt(s, BREAKS_OUT));
}

/** The statements that run, and those after the first that never completes. */
export function splitLive(body: readonly Stmt[]): { live: readonly Stmt[]; dead: readonly Stmt[] } {
  const i = body.findIndex(endsStmt);
  return i < 0 ? { live: body, dead: [] } : { live: body.slice(0, i + 1), dead: body.slice(i + 1) };
}

/**
 * What emitting local control flow needs besides: lines, nested blocks,
 * loops (each generator closes its own), temporaries. `path` is a nested
 * list's site prefix (model/compile.ts stmtSite).
 */
export interface ControlEmitter extends MemoryEmitter {
  put(depth: number, line: string): void;
  block(body: readonly Stmt[], depth: number, path: string): void;
  /** A loop: its head line, its body, its closing brace (the unit generator adds a scheduling step at the head). */
  loop(head: string, body: readonly Stmt[], depth: number, path: string): void;
  t(): string;
}

/** The statements controlStatements translates. */
export type ControlKind = 'let' | 'if' | 'for' | 'repeat' | 'while' | 'loop' | 'break' | 'continue' | MemoryKind;

/**
 * The statements both generators translate alike, as Go lines at depth d,
 * for the statement at site p: a generator's visitor takes these and adds
 * its own for every other kind.
 */
export function controlStatements(d: number, g: ControlEmitter, p: string): Pick<StmtVisitor<void>, ControlKind> {
  const mem = memoryStatements(g);
  return {
    let: (m) => {
      // Parallel assignment; x = x pairs change nothing (and go vet rejects them).
      const pairs = Object.entries(m).filter(([n, e]) => !(typeof e === 'object' && e !== null && 'reg' in e && e.reg === n));
      if (pairs.length > 0) g.put(d, `${pairs.map(([n]) => g.reg(n)).join(', ')} = ${pairs.map(([, e]) => g.expr(e).code).join(', ')}`);
    },
    if: (f) => {
      g.put(d, `if ${truthy(g.expr(f.cond))} {`);
      g.block(f.then, d + 1, `${p}.then`);
      if (f.else && f.else.length > 0) {
        g.put(d, '} else {');
        g.block(f.else, d + 1, `${p}.else`);
      }
      g.put(d, '}');
    },
    for: (f) => {
      const r = g.reg(f.var);
      g.loop(`for ${r} = ${g.expr(f.from ?? 0).code}; ${r} < ${g.expr(f.to).code}; ${r}++ {`, f.body, d, `${p}.body`);
    },
    repeat: (f) => {
      const i = g.t();
      const n = g.t();
      g.loop(`for ${i}, ${n} := 0, ${g.expr(f.times).code}; ${i} < ${n}; ${i}++ {`, f.body, d, `${p}.body`);
    },
    while: (f) => g.loop(`for ${truthy(g.expr(f.cond))} {`, f.body, d, `${p}.body`),
    // A loop's body is at the loop's own site (model/compile.ts).
    loop: (body) => g.loop('for {', body, d, p),
    break: () => g.put(d, 'break'),
    continue: () => g.put(d, 'continue'),
    load: (f) => g.put(d, mem.load(f)),
    store: (f) => g.put(d, mem.store(f)),
    atomicLoad: (f) => g.put(d, mem.atomicLoad(f)),
    atomicStore: (f) => g.put(d, mem.atomicStore(f)),
    atomicAdd: (f) => g.put(d, mem.atomicAdd(f)),
    cas: (f) => g.put(d, mem.cas(f)),
  };
}
