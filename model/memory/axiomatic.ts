// The axiomatic checker: Go's memory model (doc/go_mem.html, the revision of
// June 6, 2022, shipped with Go 1.19) written the way herd7's cat files write
// a model — named relations, then a short list of named axioms — and run on
// litmus-sized scenarios by enumerating candidate executions and keeping the
// consistent ones. It is gospec's second, independent memory-model engine,
// next to the operational explorer (model/step.ts with model/memory/words.ts);
// a property checks that the two compute the same outcome sets.
//
// The fragment. A scenario in litmus form (`goroutines`, no `main`) whose
// objects are `word`s (plain) and `atomic`s, whose statements are load,
// store, atomicLoad, atomicStore, atomicAdd, cas, let, if and observe, and
// whose `final` lists words and atomics read after the join. Anything else
// is an OutsideFragment error naming the statement, so a caller can skip the
// program. So is a division whose divisor is zero or depends on a value read
// from memory on some control path (Go would panic; this engine computes
// only the outcomes of runs that end ok), an ill-typed expression (ints and
// bools mixed in arithmetic), a bool stored to a word, and an observation
// name used by two goroutines (their interleaving is not an axiomatic notion).
//
// A candidate execution (`Execution`) is
//   - a control path per goroutine, which fixes its events: reads R, writes W
//     (an RMW — atomicAdd, a successful cas — is a read and a write linked by
//     `rmw`; a failed cas is an atomic read alone), plus one initial write IW
//     per location and one final read per `final` name;
//   - rf: every read reads from one write to its location;
//   - co: for each atomic location, a total order of its writes, IW first.
// Reads are symbolic while the candidate is built: the values follow from rf,
// and a path's branch conditions (its guards) must then hold.
//
// Named invariants (each a fact of `axiomaticOutcomes`' result):
//   1. outcomesExact: `outcomes` is exactly the set of outcomes of the
//      executions accepted by every axiom of the list given (GO_AXIOMS by
//      default), deduplicated and sorted by outcomeKey;
//   2. valuesFromRf: in an accepted execution each read returns the value of
//      the write it reads from, every guard of every path holds, and the
//      values are computed without circularity (a circular computation has
//      no values at all, so it is never a candidate, whatever the axioms);
//   3. candidatesCounted: `candidates` is the size of the candidate space —
//      the sum over path combinations of ∏(atomic location) k! orders ×
//      ∏(read) writes to its location — and `executions` how many of them
//      are accepted; early pruning (the sync-stage axioms, each axiom's
//      `admits`) never changes either number;
//   4. racyIsGos: `racy` iff some accepted execution that is sequentially
//      consistent (some interleaving of it has every read see the latest
//      write) has two conflicting accesses by different goroutines, at least
//      one plain, unordered by hb (docs/facts/memory-model.md §1.1, Boehm–Adve). Word and atomic
//      are separate object kinds, so a location is never accessed both ways.
//
// Modes: none. One call enumerates, per combination of paths, the co orders
// of the atomics, then the atomics' rf; the 'sync' axioms decide at that
// point (they read only atomics; they are also asked of every prefix of
// these choices, since a cat check never recovers once it fails), and hb is
// then fixed (sw comes from atomic reads only), so each plain read's
// possible writes are filtered by the 'full' axioms' `admits` before the
// plain rf is enumerated. Cost: a 4-goroutine program of 4 accesses each
// over 3 locations takes seconds (all atomic: ~10^8 candidates, ~2·10^4
// accepted); litmus shapes take milliseconds.
//
// Rejected: herd's way of enumerating a co for plain writes too and then
// ignoring it (it multiplies candidates by k! per word for no verdict);
// guessing read values from a value domain, then checking (values written
// may be computed from values read, so the domain is a fixpoint; reading
// values off rf instead makes a self-justifying value uncomputable, which is
// the data half of no-thin-air for free).
//
// Differences from go.cat (docs/facts/memory-model.md Appendix A), none of
// them in a verdict of the litmus table (§2):
//   - The final reads are events: reads of the harness's main, which joined
//     every goroutine first (`join`: every goroutine event → every final read,
//     rule H-wg in rules.ts as `join`). go.cat instead constrains co's last
//     write by `irreflexive hb;co` (plain) and herd's co-last convention
//     (atomics). Here the same facts follow from the axioms below: a plain
//     final read must not see a shadowed write, i.e. it sees an hb-maximal
//     write; an atomic final read is po-after (through join) every atomic
//     write, so sc-atomics makes it see the co-last one.
//   - `no-shadowed-read` constrains plain reads only, as the spec's
//     visibility rule does; for atomics sc-atomics implies it (an hb path
//     between atomics is a (po ∪ rf) path between atomics).
//   - Plain writes get no co, so go.cat's `irreflexive hb;co` has no
//     counterpart beyond the final reads above.
//   - dep = data ∪ ctrl (no addr: the IR has no pointers). data: a write's
//     value — or, for an RMW write, its existence — depends on the read;
//     ctrl: every event of an `if`'s arms, when its condition depends on the
//     read — not the events after the join, where both arms meet again: a
//     write there happens whichever way the branch went (gc may hoist it, or
//     turn the branch into a conditional move; arm64 reorders it), so it
//     depends on the condition only through a register an arm set, which
//     then carries the condition's reads as data. A cas's success is not a
//     branch for the events after it: they occur either way; only the cas's
//     own write depends on it (data). Dependencies are syntactic, as in herd
//     (`r0 * 0` depends on r0).

import type { BinOp, Expr, Name, Scenario, Stmt, UnOp, Value } from '../ir.ts';
import { stmtKind, visitStmt } from '../ir.ts';
import type { Outcome } from '../outcome.ts';
import { outcomeKey } from '../outcome.ts';
import type { EventSet, Rel } from './relations.ts';
import {
  acyclic, cross, has, inter, inverse, irreflexive, isEmpty, relOf, restrict, seq,
  setMinus, setWhere, union, plus, inSet,
} from './relations.ts';

// ---------------------------------------------------------------------------
// Outside the fragment

/** The scenario is not one this engine decides; `site` names the statement (or object, or field). */
export class OutsideFragment extends Error {
  readonly site: string;
  readonly reason: string;
  constructor(site: string, reason: string) {
    super(`${site}: ${reason}`);
    this.name = 'OutsideFragment';
    this.site = site;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------
// Terms: what a goroutine computes, over the values its reads return

/** An expression over the values of reads (event ids), constants folded. */
export type Term =
  | { readonly val: Value }
  | { readonly read: number }
  | { readonly un: UnOp; readonly x: Term }
  | { readonly bin: BinOp; readonly l: Term; readonly r: Term };

type TermType = 'int' | 'bool';

const ARITH: readonly BinOp[] = ['+', '-', '*', '/', '%'];
const ORDER: readonly BinOp[] = ['<', '<=', '>', '>='];

function truthy(v: Value): boolean {
  return typeof v === 'boolean' ? v : v !== 0;
}

/** Go's int operations on safe JS integers (terms are well typed, divisors nonzero). */
function applyBin(op: BinOp, l: Value, r: Value): Value {
  const a = l as number;
  const b = r as number;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return Math.trunc(a / b) + 0; // + 0 turns -0 into 0
    case '%': return (a % b) + 0;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': return l === r;
    case '!=': return l !== r;
    case '&&': return truthy(l) && truthy(r);
    case '||': return truthy(l) || truthy(r);
  }
}

function applyUn(op: UnOp, x: Value): Value {
  return op === '!' ? !truthy(x) : -(x as number) + 0;
}

function termType(t: Term): TermType {
  if ('val' in t) return typeof t.val === 'boolean' ? 'bool' : 'int';
  if ('read' in t) return 'int'; // words and atomics hold ints (stores are checked)
  if ('un' in t) return t.un === '-' ? 'int' : 'bool';
  return ARITH.includes(t.bin) ? 'int' : 'bool';
}

/** The value of t, given the value each read returns. */
export function evalTerm(t: Term, readValue: (id: number) => Value): Value {
  if ('val' in t) return t.val;
  if ('read' in t) return readValue(t.read);
  if ('un' in t) return applyUn(t.un, evalTerm(t.x, readValue));
  return applyBin(t.bin, evalTerm(t.l, readValue), evalTerm(t.r, readValue));
}

/** The reads t depends on (syntactically, as herd's dependencies). */
function readsOf(t: Term, into: Set<number> = new Set()): Set<number> {
  if ('read' in t) into.add(t.read);
  else if ('un' in t) readsOf(t.x, into);
  else if ('bin' in t) {
    readsOf(t.l, into);
    readsOf(t.r, into);
  }
  return into;
}

function shiftTerm(t: Term, base: number): Term {
  if ('val' in t) return t;
  if ('read' in t) return { read: t.read + base };
  if ('un' in t) return { un: t.un, x: shiftTerm(t.x, base) };
  return { bin: t.bin, l: shiftTerm(t.l, base), r: shiftTerm(t.r, base) };
}

function showTerm(t: Term): string {
  if ('val' in t) return String(t.val);
  if ('read' in t) return `read#${t.read}`;
  if ('un' in t) return `${t.un}(${showTerm(t.x)})`;
  return `(${showTerm(t.l)} ${t.bin} ${showTerm(t.r)})`;
}

// ---------------------------------------------------------------------------
// Control paths: one goroutine's possible executions, reads left symbolic

/** One memory event of a path; reads are numbered by their index in the path. */
interface PathEvent {
  readonly dir: 'R' | 'W';
  readonly loc: Name;
  readonly atomic: boolean;
  /** Where in the scenario, and which operation: `goroutines.P0[1] load x`. */
  readonly site: string;
  /** A write's value. */
  readonly value?: Term;
  /** The reads a write's value (an RMW write's value and existence) depends on: `data`. */
  readonly data: readonly number[];
  /** The reads of the branch conditions po-before this event: `ctrl`. */
  readonly ctrl: readonly number[];
  /** An RMW's write: the index of its read. */
  readonly rmwRead?: number;
}

/** A branch the path took: `term` was truthy (`want`) or not. */
interface Guard {
  readonly term: Term;
  readonly want: boolean;
  readonly site: string;
}

/** One control path of a goroutine. */
interface Path {
  readonly events: readonly PathEvent[];
  readonly guards: readonly Guard[];
  /** The observe statements' values, in program order. */
  readonly observes: readonly (readonly [Name, Term])[];
}

interface PathState extends Path {
  /** Registers (unset ones read 0). */
  readonly env: ReadonlyMap<Name, Term>;
  /** Reads of the branch conditions so far: every later event depends on them (ctrl). */
  readonly ctrl: readonly number[];
}

/** A shared location: a word or an atomic, with its initial value. */
interface Loc {
  readonly name: Name;
  readonly atomic: boolean;
  readonly init: number;
}

const LITMUS_STMTS = ['let', 'if', 'observe', 'load', 'store', 'atomicLoad', 'atomicStore', 'atomicAdd', 'cas'];

/** Builds terms from IR expressions for one statement, checking types and divisors. */
function termOf(e: Expr, env: ReadonlyMap<Name, Term>, site: string): Term {
  if (typeof e === 'number' || typeof e === 'boolean') return { val: e };
  if ('reg' in e) return env.get(e.reg) ?? { val: 0 };
  if ('len' in e || 'cap' in e) throw new OutsideFragment(site, 'len/cap of a channel is outside the fragment (no channels here)');
  if ('un' in e) {
    const x = termOf(e.x, env, site);
    if (e.un === '-' && termType(x) !== 'int') throw new OutsideFragment(site, `ill-typed: unary - of a bool (${showTerm(x)})`);
    return 'val' in x ? { val: applyUn(e.un, x.val) } : { un: e.un, x };
  }
  const l = termOf(e.l, env, site);
  const r = termOf(e.r, env, site);
  if ((ARITH.includes(e.bin) || ORDER.includes(e.bin)) && (termType(l) !== 'int' || termType(r) !== 'int')) {
    throw new OutsideFragment(site, `ill-typed: ${e.bin} needs ints, got ${showTerm(l)} and ${showTerm(r)}`);
  }
  if ((e.bin === '/' || e.bin === '%') && !('val' in r && r.val !== 0)) {
    throw new OutsideFragment(
      site,
      `division by ${showTerm(r)}: a divisor that is zero or read from memory is outside the fragment (Go panics on zero; this engine computes only runs that end ok)`,
    );
  }
  return 'val' in l && 'val' in r ? { val: applyBin(e.bin, l.val, r.val) } : { bin: e.bin, l, r };
}

/**
 * The registers after an `if`'s arm, at its join: one the arm set holds a
 * value that depends on which way the branch went, so it carries the
 * condition's reads as data — syntactically, as herd counts `r0 * 0`: an
 * int gets `+ 0*r` per read r, a bool `&& r == r` (its value is unchanged).
 */
function branchEnv(before: ReadonlyMap<Name, Term>, after: ReadonlyMap<Name, Term>, cond: Term): ReadonlyMap<Name, Term> {
  const reads = [...readsOf(cond)].sort((a, b) => a - b);
  if (reads.length === 0) return after;
  const next = new Map(after);
  for (const [n, t] of after) {
    if (before.get(n) === t) continue;
    next.set(n, reads.reduce<Term>((acc, r): Term => (termType(acc) === 'int'
      ? { bin: '+', l: acc, r: { bin: '*', l: { val: 0 }, r: { read: r } } }
      : { bin: '&&', l: acc, r: { bin: '==', l: { read: r }, r: { read: r } } }), t));
  }
  return next;
}

function setRegs(env: ReadonlyMap<Name, Term>, assigns: readonly (readonly [Name, Term])[]): ReadonlyMap<Name, Term> {
  const next = new Map(env);
  for (const [n, t] of assigns) next.set(n, t);
  return next;
}

function withEvent(st: PathState, e: PathEvent): PathState {
  return { ...st, events: [...st.events, e] };
}

/** Every end state of running `stmts` from st (one per control path). */
function runBlock(stmts: readonly Stmt[], st: PathState, site: string, locs: ReadonlyMap<Name, Loc>): PathState[] {
  let states = [st];
  stmts.forEach((s, i) => {
    states = states.flatMap((x) => runStmt(s, x, `${site}[${i}]`, locs));
  });
  return states;
}

function locOf(locs: ReadonlyMap<Name, Loc>, name: Name, atomic: boolean, site: string): Loc {
  const l = locs.get(name);
  if (!l) throw new OutsideFragment(site, `${name} is not a declared word or atomic`);
  if (l.atomic !== atomic) {
    throw new OutsideFragment(site, `${name} is ${l.atomic ? 'an atomic' : 'a plain word'}; this statement accesses it the other way (a location is accessed one way)`);
  }
  return l;
}

function intTerm(t: Term, site: string, what: string): Term {
  if (termType(t) !== 'int') throw new OutsideFragment(site, `ill-typed: ${what} must be an int (words and atomics hold ints), got ${showTerm(t)}`);
  return t;
}

/** The end states of one statement from st. */
function runStmt(s: Stmt, st: PathState, site: string, locs: ReadonlyMap<Name, Loc>): PathState[] {
  const kind = stmtKind(s);
  const at = `${site} ${kind}`;
  const ev = (e: Omit<PathEvent, 'ctrl' | 'data'> & { data?: readonly number[] }): PathEvent => ({ data: [], ...e, ctrl: st.ctrl });
  const readTerm = (): Term => ({ read: st.events.length });
  const outside = (): never => {
    throw new OutsideFragment(at, `statement ${kind} is outside the fragment (litmus statements: ${LITMUS_STMTS.join(', ')})`);
  };
  // A read of a word or an atomic into a register.
  const load = ({ from, into }: { from: Name; into: Name }, atomic: boolean): PathState[] => {
    const l = locOf(locs, from, atomic, at);
    const r = readTerm();
    return [{ ...withEvent(st, ev({ dir: 'R', loc: l.name, atomic: l.atomic, site: `${at} ${from}` })), env: setRegs(st.env, [[into, r]]) }];
  };
  // A write of a word or an atomic.
  const store = ({ to, value }: { to: Name; value: Expr }, atomic: boolean): PathState[] => {
    const l = locOf(locs, to, atomic, at);
    const v = intTerm(termOf(value, st.env, at), at, 'a stored value');
    return [withEvent(st, ev({ dir: 'W', loc: l.name, atomic: l.atomic, site: `${at} ${to}`, value: v, data: [...readsOf(v)] }))];
  };
  return visitStmt<PathState[]>(s, {
    // Parallel assignment, as model/local.ts evaluates a let: every value from the registers before it.
    let: (m) => [{ ...st, env: setRegs(st.env, Object.entries(m).map(([n, e]) => [n, termOf(e, st.env, at)] as const)) }],
    observe: (m) => [{ ...st, observes: [...st.observes, ...Object.entries(m).map(([n, e]) => [n, termOf(e, st.env, at)] as const)] }],
    if: (f) => {
      const cond = termOf(f.cond, st.env, at);
      const thenSite = `${site}.if.then`;
      const elseSite = `${site}.if.else`;
      if ('val' in cond) return truthy(cond.val) ? runBlock(f.then, st, thenSite, locs) : runBlock(f.else ?? [], st, elseSite, locs);
      // ctrl: the events of either arm depend on the condition's reads; at the
      // join the arms meet again and what follows does not (a register an arm
      // set carries the condition as data instead: `branchEnv`).
      const ctrl = [...new Set([...st.ctrl, ...readsOf(cond)])].sort((a, b) => a - b);
      const taken = (want: boolean): PathState => ({ ...st, ctrl, guards: [...st.guards, { term: cond, want, site: at }] });
      const joined = (x: PathState): PathState => ({ ...x, ctrl: st.ctrl, env: branchEnv(st.env, x.env, cond) });
      return [...runBlock(f.then, taken(true), thenSite, locs), ...runBlock(f.else ?? [], taken(false), elseSite, locs)].map(joined);
    },
    load: (f) => load(f, false),
    atomicLoad: (f) => load(f, true),
    store: (f) => store(f, false),
    atomicStore: (f) => store(f, true),
    atomicAdd: ({ to, delta, into }) => {
      const l = locOf(locs, to, true, at);
      const r = readTerm();
      const d = intTerm(termOf(delta, st.env, at), at, 'the delta');
      const sum: Term = 'val' in d && d.val === 0 ? r : { bin: '+', l: r, r: d };
      const i = st.events.length;
      const read = ev({ dir: 'R', loc: l.name, atomic: true, site: `${at} ${to}` });
      const write = ev({ dir: 'W', loc: l.name, atomic: true, site: `${at} ${to}`, value: sum, data: [...readsOf(sum)], rmwRead: i });
      const after = withEvent(withEvent(st, read), write);
      // atomic.AddInt64 returns the new value.
      return [into === undefined ? after : { ...after, env: setRegs(after.env, [[into, sum]]) }];
    },
    cas: (f) => {
      const { on, into } = f;
      const l = locOf(locs, on, true, at);
      const r = readTerm();
      const oldT = intTerm(termOf(f.old, st.env, at), at, 'cas old');
      const newT = intTerm(termOf(f.new, st.env, at), at, 'cas new');
      const swapped: Term = { bin: '==', l: r, r: oldT };
      const i = st.events.length;
      const read = ev({ dir: 'R', loc: l.name, atomic: true, site: `${at} ${on}` });
      const withInto = (x: PathState): PathState => (into === undefined ? x : { ...x, env: setRegs(x.env, [[into, swapped]]) });
      // Success: a read and a write, linked by rmw; the write exists because the read saw `old`, so it
      // depends on the read and on old's reads (data), as well as carrying new's.
      const deps = [...new Set([i, ...readsOf(oldT), ...readsOf(newT)])];
      const write = ev({ dir: 'W', loc: l.name, atomic: true, site: `${at} ${on}`, value: newT, data: deps, rmwRead: i });
      const success: PathState = { ...withEvent(withEvent(st, read), write), guards: [...st.guards, { term: swapped, want: true, site: `${at} succeeds` }] };
      // Failure: an atomic read alone.
      const failure: PathState = { ...withEvent(st, read), guards: [...st.guards, { term: swapped, want: false, site: `${at} fails` }] };
      return [withInto(success), withInto(failure)];
    },
    // Outside the fragment: goroutines, procedures, loops, channels, scheduling, sync.
    go: outside,
    call: outside,
    return: outside,
    defer: outside,
    for: outside,
    repeat: outside,
    while: outside,
    loop: outside,
    break: outside,
    continue: outside,
    send: outside,
    recv: outside,
    close: outside,
    range: outside,
    select: outside,
    gosched: outside,
    measure: outside,
    sleep: outside,
    stop: outside,
    reset: outside,
    panic: outside,
    lock: outside,
    unlock: outside,
    trylock: outside,
    rlock: outside,
    runlock: outside,
    tryrlock: outside,
    add: outside,
    done: outside,
    wait: outside,
    once: outside,
    condwait: outside,
    signal: outside,
    broadcast: outside,
  });
}

// ---------------------------------------------------------------------------
// Candidate executions: the events and relations a cat file talks about

/** One memory event of a candidate execution. */
export interface MemEvent {
  readonly id: number;
  /** An initial write, a goroutine's event, or a read of main after the join. */
  readonly role: 'init' | 'goroutine' | 'final';
  /** The goroutine ('init' and 'final' for the other roles). */
  readonly thread: Name;
  readonly dir: 'R' | 'W';
  readonly loc: Name;
  readonly atomic: boolean;
  readonly site: string;
  /** A write's value, over the values reads return (an initial write's is a constant). */
  readonly value?: Term;
}

/**
 * A candidate execution in cat's vocabulary. Base relations first, then the
 * derived ones; at the 'sync' stage `rf` holds the atomic reads' pairs only.
 */
export interface Execution {
  readonly events: readonly MemEvent[];
  /** Initial writes, one per location, before everything. */
  readonly IW: EventSet;
  readonly R: EventSet;
  readonly W: EventSet;
  /** Atomic events (sync/atomic operations, and IW and final reads of atomics). */
  readonly A: EventSet;
  /** Plain events: E ∖ A. */
  readonly P: EventSet;
  /** Program order: each goroutine's events in the order its path runs them. */
  readonly po: Rel;
  /** The join: every goroutine's events before every final read (main's wg.Wait, then the reads). */
  readonly join: Rel;
  /** An RMW's read → its write. */
  readonly rmw: Rel;
  /** Same location. */
  readonly loc: Rel;
  /** Read → write whose value (or, for an RMW, existence) depends on it. */
  readonly data: Rel;
  /** Read → every event po-after a branch whose condition depends on it. */
  readonly ctrl: Rel;
  /** Reads-from: write → read. */
  readonly rf: Rel;
  /** Coherence: per atomic location a total order of its writes, IW first. Plain writes have none. */
  readonly co: Rel;
  // derived
  /** from-reads: rf⁻¹;co (atomics only, since co orders atomics only). */
  readonly fr: Rel;
  /** synchronized-before: an atomic read observing an atomic write (rule H-atomic). */
  readonly sw: Rel;
  /** happens-before: (IW×(E∖IW) ∪ po ∪ join ∪ sw)+. */
  readonly hb: Rel;
  /** dependencies: data ∪ ctrl. */
  readonly dep: Rel;
}

/** A named axiom, the way a cat file writes `acyclic … as name`. */
export interface Axiom {
  readonly name: string;
  /** Its statement in cat syntax, for reports. */
  readonly cat: string;
  /**
   * When the checker decides it: 'sync' once co and the atomic reads' rf are
   * chosen (it reads nothing else), 'full' once every read has its write.
   */
  readonly stage: 'sync' | 'full';
  /**
   * Must be antitone in rf and co — once false, false for every rf and co
   * with more pairs — as every cat check (acyclic, irreflexive, empty) over
   * relations built without complement or difference is: the checker asks
   * 'sync' axioms on partial co and rf to prune.
   */
  readonly holds: (x: Execution) => boolean;
  /**
   * 'full' axioms only, optional: the axiom for one plain read r reading w,
   * decided from hb alone (fixed once the atomics' rf is), so the checker
   * never builds the candidates it would reject. Must agree with `holds`.
   */
  readonly admits?: (x: Execution, r: number, w: number) => boolean;
}

/** Is w shadowed for r: some other write w′ to r's location with w hb w′ hb r? */
function shadowed(x: Execution, r: number, w: number): boolean {
  for (let w2 = 0; w2 < x.events.length; w2++) {
    if (w2 !== w && inSet(x.W, w2) && has(x.loc, w2, r) && has(x.hb, w, w2) && has(x.hb, w2, r)) return true;
  }
  return false;
}

/** Go's memory model as a cat file: the checks every accepted execution passes. */
export const GO_AXIOMS: readonly Axiom[] = [
  // All atomics are sequentially consistent: one total order of them explains every atomic read (H-atomic, Requirement 2).
  {
    name: 'sc-atomics',
    cat: 'acyclic [A];(po | join | rf | co | fr);[A]',
    stage: 'sync',
    holds: (x) => acyclic(restrict(x.A, union(x.po, x.join, x.rf, x.co, x.fr), x.A)),
  },
  // An atomic read-modify-write reads the write just before its own in co: nothing slips in between.
  {
    name: 'rmw-atomicity',
    cat: 'empty rmw & (fr;co)',
    stage: 'sync',
    holds: (x) => isEmpty(inter(x.rmw, seq(x.fr, x.co))),
  },
  // A read never sees a write that happens after it.
  {
    name: 'no-future-read',
    cat: 'irreflexive rf;hb',
    stage: 'full',
    holds: (x) => irreflexive(seq(x.rf, x.hb)),
    admits: (x, r, w) => !has(x.hb, r, w),
  },
  // A plain read sees a visible write: none it reads is followed in hb by another write to the location that precedes the read (Requirement 3).
  {
    name: 'no-shadowed-read',
    cat: 'irreflexive [P];rf^-1;(([W];hb;[W]) & loc);hb',
    stage: 'full',
    holds: (x) => irreflexive(seq(restrict(x.P, inverse(x.rf), x.W), inter(restrict(x.W, x.hb, x.W), x.loc), x.hb)),
    admits: (x, r, w) => !shadowed(x, r, w),
  },
  // No value out of thin air: no read depends, through dependencies and reads-from, on itself.
  {
    name: 'no-thin-air',
    cat: 'acyclic dep | rf',
    stage: 'full',
    holds: (x) => acyclic(union(x.dep, x.rf)),
  },
];

/** The derived relations, from the base ones (cat's `let` lines). */
export function derive(base: Omit<Execution, 'fr' | 'sw' | 'hb' | 'dep'>): Execution {
  const fr = seq(inverse(base.rf), base.co);
  const sw = restrict(base.A, base.rf, base.A);
  const notIW = setMinus(setWhere(base.events.length, () => true), base.IW);
  const hb = plus(union(cross(base.IW, notIW), base.po, base.join, sw));
  const dep = union(base.data, base.ctrl);
  return { ...base, fr, sw, hb, dep };
}

// ---------------------------------------------------------------------------
// The program as paths, and one combination of paths as events

interface Litmus {
  readonly locs: readonly Loc[];
  readonly threads: readonly { readonly name: Name; readonly paths: readonly Path[] }[];
  readonly final: readonly Name[];
}

/** Reads a scenario into the fragment's terms, or throws OutsideFragment. */
function litmusOf(s: Scenario): Litmus {
  if (s.main !== undefined) throw new OutsideFragment('main', 'the axiomatic checker takes litmus form (goroutines), not a main program');
  if (s.goroutines === undefined) throw new OutsideFragment('goroutines', 'no goroutines: a litmus scenario lists its threads');
  const locs: Loc[] = [];
  for (const [name, d] of Object.entries(s.objects ?? {})) {
    if (d.kind !== 'word' && d.kind !== 'atomic') {
      throw new OutsideFragment(`objects.${name}`, `a ${d.kind} is outside the fragment (words and atomics only)`);
    }
    locs.push({ name, atomic: d.kind === 'atomic', init: d.init ?? 0 });
  }
  const byName = new Map(locs.map((l) => [l.name, l] as const));
  const final = s.final ?? [];
  final.forEach((n, i) => {
    if (!byName.has(n)) throw new OutsideFragment(`final[${i}]`, `${n} is not a declared word or atomic`);
    if (final.indexOf(n) !== i) throw new OutsideFragment(`final[${i}]`, `${n} is read twice after the join`);
  });
  const start: PathState = { events: [], guards: [], observes: [], env: new Map(), ctrl: [] };
  const threads = Object.entries(s.goroutines).map(([name, body]) => ({
    name,
    paths: runBlock(body, start, `goroutines.${name}`, byName).map(({ events, guards, observes }) => ({ events, guards, observes })),
  }));
  // Observation names: one goroutine each, and never a final name.
  const owner = new Map<Name, string>(final.map((n) => [n, 'the final reads']));
  for (const t of threads) {
    for (const p of t.paths) {
      for (const [n] of p.observes) {
        const o = owner.get(n);
        if (o !== undefined && o !== t.name) {
          throw new OutsideFragment(`goroutines.${t.name}`, `observation ${n} is also observed by ${o}: the order of observations across goroutines is not an axiomatic notion`);
        }
        owner.set(n, t.name);
      }
    }
  }
  return { locs, threads, final };
}

/** One combination of paths: its events, fixed relations, guards and observations. */
interface Shape {
  readonly base: Omit<Execution, 'rf' | 'co' | 'fr' | 'sw' | 'hb' | 'dep'>;
  /** Each goroutine's events in program order (RMW read and write adjacent). */
  readonly threadEvents: readonly (readonly number[])[];
  readonly finals: readonly number[];
  readonly guards: readonly Guard[];
  readonly observes: readonly (readonly [Name, Term])[];
  /** Per location, its writes (IW first) and its reads. */
  readonly writesTo: ReadonlyMap<Name, readonly number[]>;
  /** Reads of atomics, then of plain words, by id. */
  readonly atomicReads: readonly number[];
  readonly plainReads: readonly number[];
  /** An RMW's read → its write. */
  readonly rmwWrite: ReadonlyMap<number, number>;
}

function shapeOf(lit: Litmus, paths: readonly Path[]): Shape {
  const events: MemEvent[] = [];
  const push = (e: Omit<MemEvent, 'id'>): number => {
    events.push({ id: events.length, ...e });
    return events.length - 1;
  };
  for (const l of lit.locs) push({ role: 'init', thread: 'init', dir: 'W', loc: l.name, atomic: l.atomic, site: `initial value of ${l.name}`, value: { val: l.init } });
  const po: [number, number][] = [];
  const rmw: [number, number][] = [];
  const data: [number, number][] = [];
  const ctrl: [number, number][] = [];
  const threadEvents: number[][] = [];
  const guards: Guard[] = [];
  const observes: (readonly [Name, Term])[] = [];
  paths.forEach((p, t) => {
    const base = events.length;
    const ids: number[] = [];
    for (const e of p.events) {
      const id = push({ role: 'goroutine', thread: lit.threads[t]!.name, dir: e.dir, loc: e.loc, atomic: e.atomic, site: e.site, ...(e.value ? { value: shiftTerm(e.value, base) } : {}) });
      for (const before of ids) po.push([before, id]);
      for (const d of e.data) data.push([base + d, id]);
      for (const c of e.ctrl) ctrl.push([base + c, id]);
      if (e.rmwRead !== undefined) rmw.push([base + e.rmwRead, id]);
      ids.push(id);
    }
    threadEvents.push(ids);
    for (const g of p.guards) guards.push({ ...g, term: shiftTerm(g.term, base) });
    for (const [n, term] of p.observes) observes.push([n, shiftTerm(term, base)]);
  });
  const threadIds = threadEvents.flat();
  const finals = lit.final.map((n) => {
    const l = lit.locs.find((x) => x.name === n)!;
    return push({ role: 'final', thread: 'final', dir: 'R', loc: n, atomic: l.atomic, site: `final read of ${n}` });
  });
  const n = events.length;
  const join = relOf(n, threadIds.flatMap((a) => finals.map((f) => [a, f] as const)));
  const A = setWhere(n, (i) => events[i]!.atomic);
  const writesTo = new Map<Name, number[]>();
  for (const e of events) if (e.dir === 'W') writesTo.set(e.loc, [...(writesTo.get(e.loc) ?? []), e.id]);
  const reads = events.filter((e) => e.dir === 'R');
  return {
    base: {
      events,
      IW: setWhere(n, (i) => events[i]!.role === 'init'),
      R: setWhere(n, (i) => events[i]!.dir === 'R'),
      W: setWhere(n, (i) => events[i]!.dir === 'W'),
      A,
      P: setMinus(setWhere(n, () => true), A),
      po: relOf(n, po),
      join,
      rmw: relOf(n, rmw),
      loc: relOf(n, events.flatMap((a) => events.filter((b) => b.loc === a.loc).map((b) => [a.id, b.id] as const))),
      data: relOf(n, data),
      ctrl: relOf(n, ctrl),
    },
    threadEvents,
    finals,
    guards,
    observes,
    writesTo,
    atomicReads: reads.filter((e) => e.atomic).map((e) => e.id),
    plainReads: reads.filter((e) => !e.atomic).map((e) => e.id),
    rmwWrite: new Map(rmw.map(([r, w]) => [r, w] as const)),
  };
}

// ---------------------------------------------------------------------------
// Enumeration helpers

/**
 * Calls visit with every choice of one element per list (the cartesian
 * product). `prefixOk`, when given, is asked after each proper prefix of
 * choices; false abandons every completion of that prefix.
 */
function product<T>(
  lists: readonly (readonly T[])[],
  visit: (picks: readonly T[]) => void,
  prefixOk: (picks: readonly T[]) => boolean = () => true,
): void {
  const picks: T[] = [];
  const go = (i: number): void => {
    if (i === lists.length) {
      visit(picks);
      return;
    }
    for (const x of lists[i]!) {
      picks.push(x);
      if (i + 1 === lists.length || prefixOk(picks)) go(i + 1);
      picks.pop();
    }
  };
  go(0);
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

function factorial(k: number): number {
  return k <= 1 ? 1 : k * factorial(k - 1);
}

/** A value computation found a read depending on itself through rf: the candidate has no values. */
class Circular extends Error {}

// ---------------------------------------------------------------------------
// Races and sequential consistency

/** Two conflicting accesses by different goroutines, at least one plain, unordered by hb (docs/facts/memory-model.md §1.1). */
export function raceIn(x: Execution): readonly [number, number] | null {
  const ev = x.events;
  for (let a = 0; a < ev.length; a++) {
    for (let b = a + 1; b < ev.length; b++) {
      const ea = ev[a]!;
      const eb = ev[b]!;
      if (ea.loc !== eb.loc || ea.role !== 'goroutine' || eb.role !== 'goroutine' || ea.thread === eb.thread) continue;
      if (ea.dir === 'R' && eb.dir === 'R') continue;
      if (ea.atomic && eb.atomic) continue;
      if (!has(x.hb, a, b) && !has(x.hb, b, a)) return [a, b];
    }
  }
  return null;
}

/**
 * Is the execution sequentially consistent: does some interleaving of the
 * goroutines' events (an RMW's read and write together), then the final
 * reads, have every read see the latest write to its location, as rf says?
 */
function scWitness(shape: Shape, rfOf: readonly number[]): boolean {
  const { threadEvents, finals, rmwWrite } = shape;
  const events = shape.base.events;
  const locNames = [...shape.writesTo.keys()];
  const locIndex = new Map(locNames.map((l, i) => [l, i] as const));
  const mem0 = locNames.map((l) => shape.writesTo.get(l)![0]!);
  const seen = new Set<string>();
  const go = (pos: readonly number[], mem: readonly number[]): boolean => {
    const key = `${pos.join(',')}|${mem.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    let done = true;
    for (let t = 0; t < threadEvents.length; t++) {
      const ids = threadEvents[t]!;
      const p = pos[t]!;
      if (p === ids.length) continue;
      done = false;
      const e = events[ids[p]!]!;
      const li = locIndex.get(e.loc)!;
      const nextMem = mem.slice();
      let step = 1;
      if (e.dir === 'R') {
        if (mem[li] !== rfOf[e.id]) continue;
        const w = rmwWrite.get(e.id);
        if (w !== undefined) {
          nextMem[li] = w;
          step = 2;
        }
      } else {
        nextMem[li] = e.id;
      }
      const nextPos = pos.slice();
      nextPos[t] = p + step;
      if (go(nextPos, nextMem)) return true;
    }
    return done && finals.every((f) => mem[locIndex.get(events[f]!.loc)!] === rfOf[f]);
  };
  return go(threadEvents.map(() => 0), mem0);
}

// ---------------------------------------------------------------------------
// The checker

export interface AxiomaticResult {
  /** The outcomes of the accepted executions, deduplicated, sorted by outcomeKey. */
  readonly outcomes: Outcome[];
  /** Some sequentially consistent accepted execution has a data race. */
  readonly racy: boolean;
  /** Candidate executions the axioms accept. */
  readonly executions: number;
  /** The size of the candidate space (invariant 3). */
  readonly candidates: number;
}

export interface AxiomaticOptions {
  /** The model: GO_AXIOMS, or a mutant of it. */
  readonly axioms?: readonly Axiom[];
}

/** The OutsideFragment error the checker would throw for s, or null when it can decide s (for callers that skip). */
export function outsideFragment(s: Scenario): OutsideFragment | null {
  try {
    litmusOf(s);
    return null;
  } catch (e) {
    if (e instanceof OutsideFragment) return e;
    throw e;
  }
}

/** One accepted execution, as `visitExecutions` hands it over. */
export interface Accepted {
  readonly x: Execution;
  readonly outcome: Outcome;
  /** Each read's write (-1 for events that are not reads). */
  readonly rfOf: readonly number[];
  /** Is this execution sequentially consistent (some interleaving explains it)? Computed on demand. */
  readonly isSC: () => boolean;
}

/**
 * Enumerates the candidate executions of s and calls `visit` with each one
 * every axiom accepts; returns the size of the candidate space (invariant 3).
 */
export function visitExecutions(s: Scenario, opts: AxiomaticOptions, visit: (a: Accepted) => void): number {
  const axioms = opts.axioms ?? GO_AXIOMS;
  const syncAxioms = axioms.filter((a) => a.stage === 'sync');
  const fullAxioms = axioms.filter((a) => a.stage === 'full');
  const admits = fullAxioms.flatMap((a) => (a.admits ? [a.admits] : []));
  const lit = litmusOf(s);
  const atomicLocs = lit.locs.filter((l) => l.atomic).map((l) => l.name);
  let candidates = 0;

  product(lit.threads.map((t) => t.paths), (paths) => {
    const shape = shapeOf(lit, paths);
    const { base, writesTo } = shape;
    const n = base.events.length;
    const writes = (r: number): readonly number[] => writesTo.get(base.events[r]!.loc) ?? [];
    candidates +=
      atomicLocs.reduce((k, l) => k * factorial((writesTo.get(l)?.length ?? 1) - 1), 1) *
      [...shape.atomicReads, ...shape.plainReads].reduce((k, r) => k * writes(r).length, 1);

    // co: per atomic location, IW first, then an order of the other writes.
    const coChoices = atomicLocs.map((l) => permutations((writesTo.get(l) ?? []).slice(1)));
    const coOf = (orders: readonly (readonly number[])[]): Rel => {
      const coPairs: [number, number][] = [];
      orders.forEach((order, i) => {
        const chain = [writesTo.get(atomicLocs[i]!)![0]!, ...order];
        chain.forEach((a, j) => chain.slice(j + 1).forEach((b) => coPairs.push([a, b])));
      });
      return relOf(n, coPairs);
    };
    const emptyRf = relOf(n, []);
    const coHolds = (orders: readonly (readonly number[])[]): boolean => {
      const x = derive({ ...base, rf: emptyRf, co: coOf(orders) });
      return syncAxioms.every((a) => a.holds(x));
    };
    product(coChoices, (orders) => {
      const co = coOf(orders);
      if (!coHolds(orders)) return;
      // rf of the atomic reads; the 'sync' axioms read nothing else, so they decide here,
      // and already on a prefix of the choices (they are antitone in rf, see Axiom).
      const syncHolds = (atomicRf: readonly number[]): Execution | null => {
        const x = derive({ ...base, rf: relOf(n, atomicRf.map((w, i) => [w, shape.atomicReads[i]!] as const)), co });
        return syncAxioms.every((a) => a.holds(x)) ? x : null;
      };
      product(shape.atomicReads.map(writes), (atomicRf) => {
        const rfAtomic = atomicRf.map((w, i) => [w, shape.atomicReads[i]!] as const);
        const sync = syncHolds(atomicRf);
        if (sync === null) return;
        // fr, sw and hb are final now: sw needs atomics at both ends and fr needs co,
        // which orders atomics only, so no plain read's rf can change them.
        const plainChoices = shape.plainReads.map((r) => writes(r).filter((w) => admits.every((ok) => ok(sync, r, w))));
        product(plainChoices, (plainRf) => {
          const rfPairs = [...rfAtomic, ...plainRf.map((w, i) => [w, shape.plainReads[i]!] as const)];
          const x: Execution = { ...sync, rf: relOf(n, rfPairs) };
          if (!fullAxioms.every((a) => a.holds(x))) return;
          const rfOf: number[] = new Array<number>(n).fill(-1);
          for (const [w, r] of rfPairs) rfOf[r] = w;
          const outcome = valuesOf(x, shape, rfOf, lit);
          if (outcome === null) return;
          visit({ x, outcome, rfOf, isSC: () => scWitness(shape, rfOf) });
        });
      }, (prefix) => syncHolds(prefix) !== null);
    }, coHolds);
  });
  return candidates;
}

/** Every outcome Go's memory model allows for a litmus scenario, by enumerating candidate executions. */
export function axiomaticOutcomes(s: Scenario, opts: AxiomaticOptions = {}): AxiomaticResult {
  const outcomes = new Map<string, Outcome>();
  let executions = 0;
  let racy = false;
  const candidates = visitExecutions(s, opts, ({ x, outcome, isSC }) => {
    executions++;
    const key = outcomeKey(outcome);
    if (!outcomes.has(key)) outcomes.set(key, outcome);
    if (!racy && raceIn(x) !== null && isSC()) racy = true;
  });
  const keys = [...outcomes.keys()].sort();
  return { outcomes: keys.map((k) => outcomes.get(k)!), racy, executions, candidates };
}

/**
 * The outcome of a candidate whose axioms hold: each read's value is its
 * write's (invariant 2). Null when the values are circular or a guard fails
 * (the paths are not the ones these values take).
 */
function valuesOf(x: Execution, shape: Shape, rfOf: readonly number[], lit: Litmus): Outcome | null {
  const memo = new Map<number, Value | 'computing'>();
  const readValue = (r: number): Value => {
    const m = memo.get(r);
    if (m === 'computing') throw new Circular();
    if (m !== undefined) return m;
    memo.set(r, 'computing');
    const v = evalTerm(x.events[rfOf[r]!]!.value!, readValue);
    memo.set(r, v);
    return v;
  };
  try {
    for (const g of shape.guards) if (truthy(evalTerm(g.term, readValue)) !== g.want) return null;
    // Every read gets a value, so a circular one is rejected even when nothing observes it.
    for (let r = 0; r < x.events.length; r++) if (inSet(x.R, r)) readValue(r);
    const obs: Record<string, Value[]> = {};
    for (const [name, term] of shape.observes) (obs[name] ??= []).push(evalTerm(term, readValue));
    shape.finals.forEach((f, i) => {
      obs[lit.final[i]!] = [readValue(f)];
    });
    return { end: 'ok', obs };
  } catch (e) {
    if (e instanceof Circular) return null;
    throw e;
  }
}

/** The axiom names of a list, for reports and mutant tests. */
export function axiomNames(axioms: readonly Axiom[] = GO_AXIOMS): string[] {
  return axioms.map((a) => a.name);
}
