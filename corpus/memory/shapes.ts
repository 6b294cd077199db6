// The memory-model corpus as data: litmus shapes (herd's names) × the ways
// their accesses are made (plain words, sync/atomic, or plain data ordered by
// a channel, a lock, a Once, a WaitGroup…), plus the memory model's own
// incorrect-synchronisation examples and the known race-detector
// divergences. `memoryCases()` builds every case as a Scenario; generate.ts
// runs the explorer on each to fill `expect.allowed` and writes one YAML file
// per case under corpus/memory/.
//
// Invariants:
//   1. `expect.question` and `expect.racy` come from the memory-model facts
//      (docs/facts/memory-model.md §2 litmus table, §2.1 Go-specific
//      synchronisation litmus), never from the explorer: they are the
//      independent oracle the explorer is checked against.
//   2. Case names are unique, litmus-style: shape { "+" primitive }, where
//      the primitive says how the shape's accesses or edges are made
//      (`MP`, `MP+atomics`, `MP+chan`, `MP+buffered1+swap`, `SB+mutex`).
//   3. Every case's state space is small: 2–4 threads of 1–6 operations; the
//      only unbounded loops are the busy-wait stories and a spin on an atomic
//      flag, whose repeated states the explorer folds.
//   4. A plain (all-words) shape is racy unless it has one goroutine or no
//      write ever executes in a sequentially consistent run (LB+ctrl42); an
//      all-atomic shape never is.
//
// Registers are named r0, r1, … across the whole case in thread order, as the
// facts table (docs/facts/memory-model.md §2) writes the outcomes (herd
// writes 0:r0, 1:r0); threads are P0, P1, …; the shared words are x, y, z. A
// thread observes its registers when it ends.

import type { Expr, Name, ObjectDecl, OutcomeSpec, Scenario, Stmt } from '../../model/ir.ts';
import { parseExpr } from '../../model/expr.ts';

export type Verdict = 'A' | 'F';
export type QuestionKind = 'allowed' | 'forbidden' | 'required';

/** A case as memoryCases() builds it: `expect.allowed` is left to the explorer. */
export interface MemoryCase {
  /** The litmus shape it instantiates (`MP`, `SB`, …), or the story's family (`incorrect-sync`, `race-detector`). */
  readonly shape: string;
  /** How its accesses and edges are made (`plain`, `atomics`, `chan`, `mutex`, …). */
  readonly variant: string;
  readonly scenario: Scenario;
}

// ---------------------------------------------------------------------------
// Statements, built the way the YAML reads

const reg = (r: Name): Expr => ({ reg: r });
const store = (to: Name, value: number | Expr): Stmt => ({ store: { to, value } });
const load = (from: Name, into: Name): Stmt => ({ load: { from, into } });
const atomicStore = (to: Name, value: number | Expr): Stmt => ({ atomicStore: { to, value } });
const atomicLoad = (from: Name, into: Name): Stmt => ({ atomicLoad: { from, into } });
const send = (chan: Name, value: number): Stmt => ({ send: { chan, value } });
const recv = (chan: Name, into?: Name, ok?: Name): Stmt => ({ recv: { chan, ...(into ? { into } : {}), ...(ok ? { ok } : {}) } });
const observe = (...names: Name[]): Stmt => ({ observe: Object.fromEntries(names.map((n) => [n, reg(n)])) });
const lock = (m: Name): Stmt => ({ lock: m });
const unlock = (m: Name): Stmt => ({ unlock: m });
const when = (cond: string, then: Stmt[], otherwise?: Stmt[]): Stmt => ({ if: { cond: parseExpr(cond), then, ...(otherwise ? { else: otherwise } : {}) } });
const whileLoop = (cond: string, body: Stmt[]): Stmt => ({ while: { cond: parseExpr(cond), body } });
const goBody = (name: Name, body: Stmt[]): Stmt => ({ go: { body, name } });

const word: ObjectDecl = { kind: 'word' };
const atomic: ObjectDecl = { kind: 'atomic' };

// ---------------------------------------------------------------------------
// Litmus shapes: accesses before a variant decides how each is made

/**
 * One access of a shape: `x = 1`, `r0 = x`, `y = r0` (data dependency),
 * `if r0 == 42 { … }` (control dependency), `y = r1 + 1` (a computed
 * value), `r2 = 1` (a register, no access).
 */
type Op =
  | { readonly w: Name; readonly v: number }
  | { readonly r: Name; readonly into: Name }
  | { readonly copy: Name; readonly from: Name }
  | { readonly calc: Name; readonly expr: string }
  | { readonly set: Name; readonly v: number }
  | { readonly when: Name; readonly eq: number; readonly then: readonly Op[] };

const W = (w: Name, v: number): Op => ({ w, v });
const R = (r: Name, into: Name): Op => ({ r, into });
const COPY = (to: Name, from: Name): Op => ({ copy: to, from });
const CALC = (to: Name, expr: string): Op => ({ calc: to, expr });
const SET = (reg: Name, v: number): Op => ({ set: reg, v });
const IF = (r: Name, eq: number, then: Op[]): Op => ({ when: r, eq, then });

export interface Shape {
  readonly name: string;
  /** The shape in the facts table's notation: `x=1; y=1 ∥ r0=y; r1=x`. */
  readonly text: string;
  readonly threads: readonly (readonly Op[])[];
  /** Words read after every thread finished (herd's final state). */
  readonly final?: readonly Name[];
  /** The weak outcome the table asks about. */
  readonly weak: OutcomeSpec;
  /** Go with plain words (the table's "Go plain" column); with atomics it is always F. */
  readonly plain: Verdict;
  /** Whether the all-plain program has a data race (default true; invariant 4). */
  readonly plainRacy?: boolean;
  readonly x86: Verdict;
  readonly arm: Verdict;
  /** What the shape asks, in words. */
  readonly asks: string;
  /** Why Go's memory model gives the plain verdict. */
  readonly plainWhy: string;
  /** Hardware and compiler remarks beyond the two verdicts (measurements, gc's load CSE…). */
  readonly hardware?: string;
}

const SHAPES: readonly Shape[] = [
  {
    name: 'MP', text: 'x=1; y=1 ∥ r0=y; r1=x',
    threads: [[W('x', 1), W('y', 1)], [R('y', 'r0'), R('x', 'r1')]],
    weak: { r0: 1, r1: 0 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Message passing: P0 writes the data x, then the flag y; P1 reads the flag, then the data. Can P1 see the flag set (r0=1) and still the old data (r1=0)?',
    plainWhy: 'Nothing here synchronises, so happens-before is only each goroutine\'s program order and the initial writes. A racy read may return any write that does not happen after it and is not shadowed by another write in happens-before order; P1\'s read of x may still return the initial 0 after its read of y returned 1, because observing a concurrent write implies nothing about the writes before it. The memory model\'s own first incorrect-synchronisation example (a = 1; b = 2 in one goroutine, print(b); print(a) in another, printing 2 then 0) is this shape.',
    hardware: 'gc keeps both pairs in program order, and the x86 runs showed the weak outcome 0 times in 10^6 (gccgo -O2 too).',
  },
  {
    name: 'SB', text: 'x=1; r0=y ∥ y=1; r1=x',
    threads: [[W('x', 1), R('y', 'r0')], [W('y', 1), R('x', 'r1')]],
    weak: { r0: 0, r1: 0 }, plain: 'A', x86: 'A', arm: 'A',
    asks: 'Store buffering: each thread writes its own word, then reads the other\'s. Can both reads return the initial 0?',
    plainWhy: 'Neither write happens before the other thread\'s read, so each read may return the initial write, which nothing shadows for it.',
    hardware: 'This is the weak outcome hardware shows most: an x86 store buffer lets a load pass an earlier store to another word. gc on x86 showed it in 6–35% of iterations (59,774–346,099 per 10^6); with atomics 0, since gc\'s atomic store is an XCHG.',
  },
  {
    name: 'LB', text: 'r0=x; y=1 ∥ r1=y; x=1',
    threads: [[R('x', 'r0'), W('y', 1)], [R('y', 'r1'), W('x', 1)]],
    weak: { r0: 1, r1: 1 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Load buffering: each thread reads one word, then writes the other. Can both reads return the other thread\'s later write (r0=1, r1=1)?',
    plainWhy: 'A read may return any write that does not happen after it. P1\'s write of x comes after P1\'s read in program order, but nothing orders it with P0\'s read, so P0 may read it, and symmetrically. The 1s are written unconditionally, so no value comes out of thin air. An interleaving model needs reads from later writes (promises) to produce this outcome.',
    hardware: 'On x86 gc showed it 0 times in 10^6.',
  },
  {
    name: 'IRIW', text: 'x=1 ∥ r0=x; r1=y ∥ y=1 ∥ r2=y; r3=x',
    threads: [[W('x', 1)], [R('x', 'r0'), R('y', 'r1')], [W('y', 1)], [R('y', 'r2'), R('x', 'r3')]],
    weak: { r0: 1, r1: 0, r2: 1, r3: 0 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Independent reads of independent writes: P0 writes x and P2 writes y; P1 reads x then y, P3 reads y then x. Can the two readers see the two writes in opposite orders?',
    plainWhy: 'Plain words have no global order of writes: each of the four reads is a racy read that may return the write or the initial value, independently of what the other reader saw.',
    hardware: 'ARMv8 is other-multi-copy-atomic: it allows IRIW only because plain loads may be reordered (IRIW+addrs and IRIW+acqs are forbidden there; POWER allows IRIW+addrs). Not run on hardware (needs 4 cores).',
  },
  {
    name: 'WRC', text: 'x=1 ∥ r0=x; y=1 ∥ r1=y; r2=x',
    threads: [[W('x', 1)], [R('x', 'r0'), W('y', 1)], [R('y', 'r1'), R('x', 'r2')]],
    weak: { r0: 1, r1: 1, r2: 0 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Write-to-read causality: P0 writes x; P1 reads x, then writes y; P2 reads y, then x. If P1 saw x=1 and P2 saw y=1, must P2 see x=1?',
    plainWhy: 'A racy read creates no happens-before edge: P1 seeing x=1 orders nothing, and P2 seeing y=1 orders nothing either, so P0\'s write does not happen before P2\'s read of x, which may return the initial 0. Causality does not travel through racy reads.',
    hardware: 'ARMv8 forbids WRC+addrs. Not run on hardware (needs 3 cores).',
  },
  {
    name: 'ISA2', text: 'x=1; y=1 ∥ r0=y; z=1 ∥ r1=z; r2=x',
    threads: [[W('x', 1), W('y', 1)], [R('y', 'r0'), W('z', 1)], [R('z', 'r1'), R('x', 'r2')]],
    weak: { r0: 1, r1: 1, r2: 0 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Message passing over two hops: P0 writes the data x and the flag y; P1 reads y and sets z; P2 reads z, then x. If both flags were seen set, must P2 see x=1?',
    plainWhy: 'As in MP, reading a plain flag gives no happens-before edge, so neither hop orders anything and P2\'s read of x may return the initial 0.',
    hardware: 'Not run on hardware (needs 3 cores).',
  },
  {
    name: 'RWC', text: 'x=1 ∥ r0=x; r1=y ∥ y=1; r2=x',
    threads: [[W('x', 1)], [R('x', 'r0'), R('y', 'r1')], [W('y', 1), R('x', 'r2')]],
    weak: { r0: 1, r1: 0, r2: 0 }, plain: 'A', x86: 'A', arm: 'A',
    asks: 'Read-to-write causality: P0 writes x; P1 reads x, then y; P2 writes y, then reads x. Can P1 see x=1 but y=0 while P2, after writing y, sees x=0?',
    plainWhy: 'Every read is a racy read of a word nothing orders, and each may return the initial write.',
    hardware: 'x86 allows it through P2\'s store buffer (its y=1 waits while it reads x). Not run on hardware (needs 3 cores).',
  },
  {
    name: '2+2W', text: 'x=1; y=2 ∥ y=1; x=2',
    threads: [[W('x', 1), W('y', 2)], [W('y', 1), W('x', 2)]],
    final: ['x', 'y'],
    weak: { x: 1, y: 1 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Two threads write x and y in opposite orders. After both finish, can x and y both hold 1, each word keeping the write that came first in its own thread?',
    plainWhy: 'Plain writes have no coherence order. The final reads, made after the threads are joined, may return any write to the word that no other write happens after; P0\'s and P1\'s writes to x are unordered, so either may be read, and independently for y.',
    hardware: 'On x86 gc showed it 0 times in 10^6.',
  },
  {
    name: 'R', text: 'x=1; y=1 ∥ y=2; r0=x',
    threads: [[W('x', 1), W('y', 1)], [W('y', 2), R('x', 'r0')]],
    final: ['y'],
    weak: { y: 2, r0: 0 }, plain: 'A', x86: 'A', arm: 'A',
    asks: 'P0 writes x then y=1; P1 writes y=2, then reads x. Can the final y be 2 (P1\'s write last) while P1 read x=0?',
    plainWhy: 'P1\'s read of x is racy and may take the initial write; the final read of y may take either of the two unordered writes, whatever P1 read.',
    hardware: 'x86 allows it through P1\'s store buffer; gc showed it 293,003 times per 10^6 (gccgo -O2: 138,973).',
  },
  {
    name: 'S', text: 'x=2; y=1 ∥ r0=y; x=1',
    threads: [[W('x', 2), W('y', 1)], [R('y', 'r0'), W('x', 1)]],
    final: ['x'],
    weak: { x: 2, r0: 1 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'P0 writes x=2, then y=1; P1 reads y, then writes x=1. Can P1 see y=1 while the final x is P0\'s 2, P0\'s earlier write surviving P1\'s later one?',
    plainWhy: 'P1\'s read of y=1 is racy and creates no happens-before edge, so P0\'s x=2 and P1\'s x=1 stay unordered and the final read of x may return either.',
    hardware: 'On x86 gc showed it 0 times in 10^6.',
  },
  {
    name: '3.SB', text: 'x=1; r0=y ∥ y=1; r1=z ∥ z=1; r2=x',
    threads: [[W('x', 1), R('y', 'r0')], [W('y', 1), R('z', 'r1')], [W('z', 1), R('x', 'r2')]],
    weak: { r0: 0, r1: 0, r2: 0 }, plain: 'A', x86: 'A', arm: 'A',
    asks: 'Store buffering around a ring of three threads: each writes its word, then reads the next thread\'s. Can all three reads return 0?',
    plainWhy: 'As in SB: no write happens before another thread\'s read, so every read may return the initial write (the facts derive this by the same rule; it was not run in go.cat).',
    hardware: 'Not run on hardware (needs 3 cores).',
  },
  {
    name: '3.LB', text: 'r0=x; y=1 ∥ r1=y; z=1 ∥ r2=z; x=1',
    threads: [[R('x', 'r0'), W('y', 1)], [R('y', 'r1'), W('z', 1)], [R('z', 'r2'), W('x', 1)]],
    weak: { r0: 1, r1: 1, r2: 1 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Load buffering around a ring of three threads: each reads a word, then writes the next one. Can all three reads return 1?',
    plainWhy: 'As in LB: each read may return the unordered later write of another thread, and every 1 is written unconditionally (the facts derive this by the same rule; it was not run in go.cat).',
    hardware: 'Not run on hardware (needs 3 cores).',
  },
  {
    name: 'CoRR', text: 'x=1 ∥ r0=x; r1=x',
    threads: [[W('x', 1)], [R('x', 'r0'), R('x', 'r1')]],
    weak: { r0: 1, r1: 0 }, plain: 'A', x86: 'F', arm: 'F',
    asks: 'Coherence of two reads: P0 writes x=1; P1 reads x twice. Can P1 see the new value, then the old one?',
    plainWhy: 'Go gives plain words no coherence: each racy read chooses on its own among the writes that do not happen after it and are not shadowed, and for P1 the initial write is never shadowed (P0\'s write does not happen before P1\'s reads). Every hardware model forbids this outcome, so a model with per-location coherence would call it forbidden, and would wrongly blame gc for it.',
    hardware: 'gc produces it: in r1=*p; r2=*q; r3=*p with p == q at run time, the compiler reuses the first load for the third (common-subexpression elimination), and x86-64 runs showed r1=0, r2=1, r3=0 811–1,568 times per 10^6, an outcome x86 itself forbids (gccgo -O2: 8 per 10^6).',
  },
  {
    name: 'CoRR4', text: 'x=1 ∥ x=2 ∥ r0=x; r1=x ∥ r2=x; r3=x',
    threads: [[W('x', 1)], [W('x', 2)], [R('x', 'r0'), R('x', 'r1')], [R('x', 'r2'), R('x', 'r3')]],
    weak: { r0: 1, r1: 2, r2: 2, r3: 1 }, plain: 'A', x86: 'F', arm: 'F',
    asks: 'Two writers write x=1 and x=2; two readers each read x twice. Can the readers see the two writes in opposite orders (1 then 2, and 2 then 1)?',
    plainWhy: 'Plain writes have no coherence order that all readers must agree on: each read independently returns one of the unordered writes.',
    hardware: 'Not run on hardware (needs 4 cores).',
  },
  {
    name: 'CoWR', text: 'x=1; r0=x ∥ x=2',
    threads: [[W('x', 1), R('x', 'r0')], [W('x', 2)]],
    final: ['x'],
    weak: { r0: 2, x: 1 }, plain: 'A', x86: 'F', arm: 'F',
    asks: 'P0 writes x=1 and reads x back; P1 writes x=2. Can P0 read P1\'s 2 while the final x is P0\'s 1, as if P1\'s write came both after P0\'s and before it?',
    plainWhy: 'P0\'s own write happens before its read, but P1\'s write is unordered with both, so neither shadows the other and the read may return 2. The final read, after the join, may return either unordered write. No coherence order ties the two choices together.',
  },
  {
    name: 'CoWR0', text: 'x=1; r0=x',
    threads: [[W('x', 1), R('x', 'r0')]],
    weak: { r0: 0 }, plain: 'F', plainRacy: false, x86: 'F', arm: 'F',
    asks: 'One goroutine writes x=1, then reads x. Can it read the initial 0?',
    plainWhy: 'The initial write happens before the goroutine\'s write, which happens before its read: the initial write is shadowed, and only x=1 is visible. Within one goroutine reads and writes behave as the program orders them. One goroutine has no race.',
  },
  {
    name: 'CoRW1', text: 'r0=x; x=1',
    threads: [[R('x', 'r0'), W('x', 1)]],
    weak: { r0: 1 }, plain: 'F', plainRacy: false, x86: 'F', arm: 'F',
    asks: 'One goroutine reads x, then writes x=1. Can the read return its own later write?',
    plainWhy: 'The read happens before the write (program order), and a read never observes a write it happens before. One goroutine has no race.',
  },
  {
    name: 'CoRW2', text: 'r0=x; x=1 ∥ x=2',
    threads: [[R('x', 'r0'), W('x', 1)], [W('x', 2)]],
    final: ['x'],
    weak: { r0: 2, x: 2 }, plain: 'A', x86: 'F', arm: 'F',
    asks: 'P0 reads x, then writes x=1; P1 writes x=2. Can P0 read 2 while the final x is also 2, P1\'s write coming both before P0\'s write (P0 read it first) and after it?',
    plainWhy: 'P0\'s read may return P1\'s unordered write, and the final read may return either of the two unordered writes, independently: there is no coherence order for plain writes.',
  },
  {
    name: 'CoWW', text: 'x=1; x=2',
    threads: [[W('x', 1), W('x', 2)]],
    final: ['x'],
    weak: { x: 1 }, plain: 'F', plainRacy: false, x86: 'F', arm: 'F',
    asks: 'One goroutine writes x=1, then x=2. Can the final x be 1?',
    plainWhy: 'x=1 happens before x=2, which happens before the final read (the join orders it): x=1 is shadowed and only 2 is visible. One goroutine has no race.',
  },
  {
    name: 'LB+ctrl42', text: 'r0=x; if r0==42 {y=42} ∥ r1=y; if r1==42 {x=42}',
    threads: [[R('x', 'r0'), IF('r0', 42, [W('y', 42)])], [R('y', 'r1'), IF('r1', 42, [W('x', 42)])]],
    weak: { r0: 42, r1: 42 }, plain: 'F', plainRacy: false, x86: 'F', arm: 'F',
    asks: 'Out of thin air: each thread reads a word and writes 42 to the other only if it read 42. Nobody writes 42 unless someone already read it. Can both read 42?',
    plainWhy: 'Go\'s memory model forbids acausal, out-of-thin-air values in words (go.dev/ref/mem, implementation restrictions), and a formal model needs an explicit axiom for it: go.cat\'s acyclic(dep ∪ rf), without which herd accepts the self-justifying 42. Here it is also DRF-SC at work: in every sequentially consistent execution both reads return 0 and no write runs at all, so the program is race-free, and a race-free program has only sequentially consistent outcomes.',
  },
  {
    name: 'LB+datas', text: 'r0=x; y=r0 ∥ r1=y; x=r1',
    threads: [[R('x', 'r0'), COPY('y', 'r0')], [R('y', 'r1'), COPY('x', 'r1')]],
    weak: { r0: 42, r1: 42 }, plain: 'F', x86: 'F', arm: 'F',
    asks: 'Load buffering with a data dependency on both sides: each thread copies what it read into the other word. Can both read 42, a value no write produces unless it was read first?',
    plainWhy: 'The only writes copy values that were read, so 42 could only justify itself: an out-of-thin-air value, which Go forbids (in go.cat, acyclic(dep ∪ rf)). The copies do write (0) concurrently with the other thread\'s read, so the program is racy; the race just cannot invent 42.',
    hardware: 'ARMv8 forbids LB+datas (dependencies order both pairs).',
  },
  {
    name: 'LB+data+po', text: 'r0=x; y=r0 ∥ r1=y; x=1',
    threads: [[R('x', 'r0'), COPY('y', 'r0')], [R('y', 'r1'), W('x', 1)]],
    weak: { r0: 1, r1: 1 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Load buffering with a data dependency on one side: P0 copies what it read from x into y; P1 reads y, then writes x=1. Can r0=1 and r1=1?',
    plainWhy: 'P1\'s write of 1 is unconditional, so the 1 has a cause and is not out of thin air: P0 may read it (nothing orders P1\'s write after P0\'s read), copy it into y, and P1 may read that. Go gives dependencies no ordering of their own; only a dependency on both sides would make the value self-justifying (LB+datas).',
    hardware: 'The facts table does not list this variant; on ARMv8 a dependency orders only P0\'s pair, and nothing orders P1\'s read before its write, which is what LB needs.',
  },
  {
    name: 'LB+ctrl+po', text: 'r0=x; if r0==1 {y=1} ∥ r1=y; x=1',
    threads: [[R('x', 'r0'), IF('r0', 1, [W('y', 1)])], [R('y', 'r1'), W('x', 1)]],
    weak: { r0: 1, r1: 1 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Load buffering with a control dependency on one side: P0 writes y=1 only if it read x=1; P1 reads y, then writes x=1 unconditionally. Can r0=1 and r1=1?',
    plainWhy: 'Unlike LB+ctrl42, the 1 has a source: P1 writes it whatever it read. P0 may read that unordered write, so its conditional write runs, and P1 may read it. Go gives control dependencies no ordering of their own.',
    hardware: 'The facts table does not list this variant; on ARMv8 a control dependency orders only P0\'s read before its write, and P1\'s pair is free to reorder.',
  },
  {
    name: 'LB+after-if+data', text: 'r0=x; if r0==1 {r2=1}; y=1 ∥ r1=y; x=r1',
    threads: [[R('x', 'r0'), IF('r0', 1, [SET('r2', 1)]), W('y', 1)], [R('y', 'r1'), COPY('x', 'r1')]],
    weak: { r0: 1, r1: 1 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Load buffering where P0\'s write comes after an `if` on what it read, not inside it: P0 reads x, sets a register if it read 1, then writes y=1 whichever way the branch went; P1 copies y into x. Can r0=1 and r1=1?',
    plainWhy: 'The write y=1 is unconditional: both arms of the `if` meet again before it, so it does not depend on the read (a control dependency ends where the branch joins). Only P1 has a dependency, and this is LB+data+po with a branch in the middle: P1 may read the unordered y=1, copy it into x, and P0 may read that. A compiler may move the store above the branch, or turn the branch into a conditional move.',
    hardware: 'The facts table does not list this variant; on ARMv8 nothing orders P0\'s read before its later store (a branch orders only the stores it guards), which is what LB needs.',
  },
  {
    name: 'LB+after-if-reg+data', text: 'r0=x; r3=1; if r0==1 {r2=1}; y=r3 ∥ r1=y; x=r1',
    threads: [[R('x', 'r0'), SET('r3', 1), IF('r0', 1, [SET('r2', 1)]), COPY('y', 'r3')], [R('y', 'r1'), COPY('x', 'r1')]],
    weak: { r0: 1, r1: 1 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'As LB+after-if+data, with the value P0 writes after the `if` taken from a register set before it. Can r0=1 and r1=1?',
    plainWhy: 'r3 is 1 whichever way the branch went, so the write y=r3 after the join depends on nothing P0 read: the 1 has a cause and is not out of thin air. Go allows it, as for a constant.',
    hardware: 'As LB+after-if+data.',
  },
  {
    name: 'LB+if-reg+data', text: 'r0=x; if r0==1 {r2=1}; y=r2 ∥ r1=y; x=r1',
    threads: [[R('x', 'r0'), IF('r0', 1, [SET('r2', 1)]), COPY('y', 'r2')], [R('y', 'r1'), COPY('x', 'r1')]],
    weak: { r0: 1, r1: 1 }, plain: 'F', x86: 'F', arm: 'F',
    asks: 'As LB+after-if+data, but P0 writes the register its branch set: y=r2, which is 1 only if P0 read x=1. Can r0=1 and r1=1?',
    plainWhy: 'r2 holds 1 or 0 according to the way the branch went, so y=r2 depends on the read of x as much as y=r0 would: with P1\'s copy back into x, 1 could only justify itself, an out-of-thin-air value Go forbids (in go.cat, acyclic(dep ∪ rf)). The control dependency ends at the join, but the register carries it on as data.',
    hardware: 'ARMv8 forbids it: the value stored depends on the load through the branch and the register.',
  },
  {
    name: 'LB+after-ifs+data', text: 'r0=x; if r0==1 {r2=1}; if r0==2 {r3=1}; y=1 ∥ r1=y; x=r1',
    threads: [[R('x', 'r0'), IF('r0', 1, [SET('r2', 1)]), IF('r0', 2, [SET('r3', 1)]), W('y', 1)], [R('y', 'r1'), COPY('x', 'r1')]],
    weak: { r0: 1, r1: 1 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'As LB+after-if+data, with two `if`s in a row before P0\'s write. Can r0=1 and r1=1?',
    plainWhy: 'Each branch\'s dependency ends at its own join, so after the second the write y=1 depends on neither: Go allows the load-buffering outcome, as with one `if`.',
    hardware: 'As LB+after-if+data.',
  },
  {
    name: 'LB+computed+data', text: 'r0=x; y=3*2 ∥ r1=y; x=r1+1',
    threads: [[R('x', 'r0'), CALC('y', '3 * 2')], [R('y', 'r1'), CALC('x', 'r1 + 1')]],
    weak: { r0: 7, r1: 6 }, plain: 'A', x86: 'F', arm: 'A',
    asks: 'Load buffering whose values are computed: P0 writes y=3*2, P1 writes x=r1+1 from what it read. Can r0=7 and r1=6?',
    plainWhy: 'P0\'s write of 6 is unconditional and depends on nothing read, so P1 may read it and write 7, and P0\'s earlier read may return that unordered write: load buffering with a data dependency on one side (LB+data+po), with values no literal of the program spells. A read that takes a value from a write still to come must guess it, and the guess ranges over every value a run may store (model/memory/values.ts computes them), not only the literals.',
    hardware: 'The facts table does not list this variant; on ARMv8 nothing orders P0\'s read before its independent store.',
  },
];

/** Every shape of the table, for the generator's summary and the tests. */
export const shapes: readonly Shape[] = SHAPES;

// ---------------------------------------------------------------------------
// From a shape to statements

function compileOp(op: Op, atomics: ReadonlySet<Name>): Stmt {
  if ('w' in op) return atomics.has(op.w) ? atomicStore(op.w, op.v) : store(op.w, op.v);
  if ('r' in op) return atomics.has(op.r) ? atomicLoad(op.r, op.into) : load(op.r, op.into);
  if ('copy' in op) return atomics.has(op.copy) ? atomicStore(op.copy, reg(op.from)) : store(op.copy, reg(op.from));
  if ('calc' in op) return atomics.has(op.calc) ? atomicStore(op.calc, parseExpr(op.expr)) : store(op.calc, parseExpr(op.expr));
  if ('set' in op) return { let: { [op.set]: op.v } };
  return when(`${op.when} == ${op.eq}`, op.then.map((o) => compileOp(o, atomics)));
}

/** The registers a thread loads into, in order. */
function registers(ops: readonly Op[]): Name[] {
  return ops.flatMap((op) => ('r' in op ? [op.into] : 'when' in op ? registers(op.then) : []));
}

/** The words a shape touches, in first-use order. */
function wordsOf(s: Shape): Name[] {
  const out: Name[] = [];
  const visit = (op: Op): void => {
    const n = 'w' in op ? op.w : 'r' in op ? op.r : 'copy' in op ? op.copy : 'calc' in op ? op.calc : undefined;
    if (n !== undefined && !out.includes(n)) out.push(n);
    if ('when' in op) op.then.forEach(visit);
  };
  s.threads.forEach((t) => t.forEach(visit));
  return out.sort();
}

/** A thread's body: its accesses, then one observe of its registers (when it has any). */
function threadBody(ops: readonly Op[], atomics: ReadonlySet<Name>, around?: { before: Stmt[]; after: Stmt[] }): Stmt[] {
  const regs = registers(ops);
  const body = ops.map((o) => compileOp(o, atomics));
  const wrapped = around ? [...around.before, ...body, ...around.after] : body;
  return regs.length > 0 ? [...wrapped, observe(...regs)] : wrapped;
}

const threadsOf = (bodies: Stmt[][]): Record<Name, Stmt[]> => Object.fromEntries(bodies.map((b, i) => [`P${i}`, b]));

// ---------------------------------------------------------------------------
// Words for stories

/** `r0=1, r1=0`; final values as `final x=1`. */
export function outcomeText(o: OutcomeSpec, final: readonly Name[] = []): string {
  return Object.entries(o).map(([k, v]) => `${final.includes(k) ? 'final ' : ''}${k}=${Array.isArray(v) ? `[${v.join(' ')}]` : String(v)}`).join(', ');
}

const verdictWord = (v: Verdict, plural = false): string => (v === 'A' ? 'allow' : 'forbid') + (plural ? '' : 's');

function hardwareText(s: Shape): string {
  const both = s.x86 === s.arm
    ? `On hardware, herd7's x86-TSO and ARMv8 models both ${verdictWord(s.x86, true)} it`
    : `On hardware, herd7's x86-TSO model ${verdictWord(s.x86)} it and its ARMv8 model ${verdictWord(s.arm)} it`;
  return `${both} (plain MOV / LDR and STR, which is what gc emits for plain Go accesses).${s.hardware ? ` ${s.hardware}` : ''}`;
}

const para = (...ps: string[]): string => `${ps.join('\n')}\n`;

const MEM = {
  model: 'go.dev/ref/mem#model (happens before; a read observes a visible write)',
  restrictions: 'go.dev/ref/mem#restrictions (a racy read observes a write that does not happen after it and is not shadowed; no out-of-thin-air values)',
  atomic: 'go.dev/ref/mem#atomic (sync/atomic operations behave as if sequentially consistent)',
  chan: 'go.dev/ref/mem#chan (a send is synchronized before the completion of the corresponding receive)',
  close: 'go.dev/ref/mem#chan (the closing of a channel is synchronized before a receive that returns because the channel is closed)',
  kC: 'go.dev/ref/mem#chan (the kth receive on a channel with capacity C is synchronized before the completion of the k+Cth send)',
  locks: 'go.dev/ref/mem#locks (for n < m, call n of l.Unlock() is synchronized before call m of l.Lock() returns)',
  rlocks: 'go.dev/ref/mem#locks (RLock returns after some Unlock n, and the matching RUnlock is synchronized before Lock n+1)',
  once: 'go.dev/ref/mem#once (the completion of the single call of f() from once.Do(f) is synchronized before the return of any call of once.Do(f))',
  go: 'go.dev/ref/mem#go (the go statement is synchronized before the start of the new goroutine)',
  goexit: 'go.dev/ref/mem#goexit (the exit of a goroutine is not synchronized before any event)',
  badsync: 'go.dev/ref/mem#badsync (incorrect synchronization)',
  race: 'go.dev/ref/mem#model (a data race is a write and another access to the same location, at least one not synchronizing, unordered by happens-before)',
  wg: 'pkg.go.dev/sync#WaitGroup (a call to Done synchronizes before the return of any Wait call that it unblocks)',
  cond: 'pkg.go.dev/sync#Cond (a call to Broadcast or Signal synchronizes before any Wait call that it unblocks)',
  trylock: 'pkg.go.dev/sync#Mutex.TryLock (a failed TryLock is not a synchronizing operation; it may fail while the lock is free)',
  finalizer: 'go.dev/ref/mem#finalizer (a call to SetFinalizer(x, f) is synchronized before the finalization call f(x))',
} as const;

const DIVERGENCE = 'race-detector-divergence: go1.19';

// ---------------------------------------------------------------------------
// Shape × {plain, atomics}

function plainCase(s: Shape): MemoryCase {
  const racy = s.plainRacy ?? true;
  const kind: QuestionKind = s.plain === 'A' ? 'allowed' : 'forbidden';
  const raceText = racy
    ? 'Every pair of a write and another goroutine\'s access to the same word races, so the program is racy; Go does not make racy programs undefined, it limits what each racy read may return.'
    : '';
  const story = para(
    `${s.asks} (${s.text}, every access a plain word.)`,
    `Go ${s.plain === 'A' ? 'allows' : 'forbids'} ${outcomeText(s.weak, s.final)}. ${s.plainWhy}${raceText ? ` ${raceText}` : ''}`,
    hardwareText(s),
  );
  return {
    shape: s.name,
    variant: 'plain',
    scenario: {
      name: s.name,
      story,
      refs: [s.threads.length > 1 ? MEM.restrictions : MEM.model, ...(racy ? [MEM.race] : []), `herd7 litmus ${s.name}`],
      objects: Object.fromEntries(wordsOf(s).map((w) => [w, word])),
      goroutines: threadsOf(s.threads.map((t) => threadBody(t, new Set()))),
      ...(s.final ? { final: [...s.final] } : {}),
      expect: { question: { kind, outcome: s.weak }, racy },
    },
  };
}

function atomicsCase(s: Shape): MemoryCase {
  const words = wordsOf(s);
  const story = para(
    `${s.asks} (${s.text}, every access through sync/atomic: atomic.Load and atomic.Store.)`,
    `Go forbids ${outcomeText(s.weak, s.final)}. Atomic operations are synchronizing: they behave as if executed in one sequentially consistent order that respects each goroutine's program order (C++ seq_cst, Java volatile), and an atomic load that observes an atomic store is synchronized after it. No such order of these operations gives the weak outcome${s.final ? '; the final values are those of the last stores in the order' : ''}. Atomics never race with each other: the program is race-free.`,
    `${s.x86 === 'A' || s.arm === 'A' ? `With plain accesses hardware ${s.x86 === 'A' && s.arm === 'A' ? 'allows it on x86 and ARMv8' : s.x86 === 'A' ? 'allows it on x86' : 'allows it on ARMv8'}; ` : ''}gc compiles atomic.Store to XCHG on amd64 (a full fence) and atomics to STLR / LDAR on arm64, under which herd's ARMv8 model forbids it too.`,
  );
  return {
    shape: s.name,
    variant: 'atomics',
    scenario: {
      name: `${s.name}+atomics`,
      story,
      refs: [MEM.atomic, `herd7 litmus ${s.name} (C, seq_cst atomics)`],
      objects: Object.fromEntries(words.map((w) => [w, atomic])),
      goroutines: threadsOf(s.threads.map((t) => threadBody(t, new Set(words)))),
      ...(s.final ? { final: [...s.final] } : {}),
      expect: { question: { kind: 'forbidden', outcome: s.weak }, racy: false },
    },
  };
}

/** The shape's threads, each inside one critical section of `mu`. */
function mutexCase(s: Shape): MemoryCase {
  const around = { before: [lock('mu')], after: [unlock('mu')] };
  const story = para(
    `${s.asks} (${s.text}, each thread's accesses inside one critical section of the mutex mu.)`,
    `Go forbids ${outcomeText(s.weak, s.final)}. For n < m, the nth Unlock of mu is synchronized before the mth Lock returns, so the critical sections run one after another in happens-before order: every access in a later section sees all the writes of the earlier ones, and the accesses never race. A race-free program has only sequentially consistent outcomes (DRF-SC), and no sequentially consistent run gives the weak outcome${s.final ? ' (the final reads come after the last section)' : ''}.`,
    `Compare ${s.name}, where the same accesses are plain and unordered and the outcome is ${s.plain === 'A' ? 'allowed' : 'forbidden'}.`,
  );
  return {
    shape: s.name,
    variant: 'mutex',
    scenario: {
      name: `${s.name}+mutex`,
      story,
      refs: [MEM.locks, `herd7 litmus ${s.name}`],
      objects: { mu: { kind: 'mutex' }, ...Object.fromEntries(wordsOf(s).map((w) => [w, word])) },
      goroutines: threadsOf(s.threads.map((t) => threadBody(t, new Set(), around))),
      ...(s.final ? { final: [...s.final] } : {}),
      expect: { question: { kind: 'forbidden', outcome: s.weak }, racy: false },
    },
  };
}

const shapeNamed = (name: string): Shape => {
  const s = SHAPES.find((x) => x.name === name);
  if (!s) throw new Error(`no shape ${name}`);
  return s;
};

/** Shapes whose threads each sit inside a critical section in a `+mutex` case. */
const MUTEX_SHAPES = ['SB', 'LB', 'IRIW', 'WRC', 'RWC', '2+2W', 'R', 'S', '3.SB', 'CoRR'];

// ---------------------------------------------------------------------------
// Hand-built cases: one litmus program each

interface Spec {
  readonly shape: string;
  readonly variant: string;
  readonly name: string;
  readonly story: string;
  readonly refs: string[];
  readonly objects: Record<Name, ObjectDecl>;
  readonly goroutines?: Record<Name, Stmt[]>;
  readonly main?: Stmt[];
  readonly procs?: Scenario['procs'];
  readonly final?: Name[];
  readonly question: { kind: QuestionKind; outcome: OutcomeSpec };
  readonly racy: boolean;
  readonly status?: 'skip';
  readonly reason?: string;
}

function build(c: Spec): MemoryCase {
  return {
    shape: c.shape,
    variant: c.variant,
    scenario: {
      name: c.name,
      story: c.story,
      refs: c.refs,
      ...(c.status ? { status: c.status, reason: c.reason } : {}),
      objects: c.objects,
      ...(c.procs ? { procs: c.procs } : {}),
      ...(c.main ? { main: c.main } : {}),
      ...(c.goroutines ? { goroutines: c.goroutines } : {}),
      ...(c.final ? { final: c.final } : {}),
      expect: { question: c.question, racy: c.racy },
    },
  };
}

/** Mixed shapes: some words atomic, the rest plain. */
function mixedAtomicCases(): MemoryCase[] {
  return [
    build({
      shape: 'MP', variant: 'flag-atomic', name: 'MP+flag-atomic',
      story: para(
        'MP with the flag y made atomic and the data x left plain: P0 writes x, then atomic.Store(&y, 1); P1 does r0 = atomic.Load(&y), then reads x.',
        'Go forbids r0=1, r1=0. When P1\'s atomic load observes P0\'s atomic store, the store is synchronized before the load, so P0\'s write of x happens before P1\'s read of x, which must return 1. The program is still racy: in the runs where r0=0, P1 reads x with nothing ordering it after P0\'s write. A flag protects the data only for a reader that checks it first.',
        'gc compiles the atomic store to XCHG on amd64 and STLR on arm64, and the load to MOV / LDAR, which keep the write of x before the flag on both.',
      ),
      refs: [MEM.atomic, MEM.race, 'herd7 litmus MP+rel+acq (ARMv8: forbidden)'],
      objects: { x: word, y: atomic },
      goroutines: { P0: [store('x', 1), atomicStore('y', 1)], P1: [atomicLoad('y', 'r0'), load('x', 'r1'), observe('r0', 'r1')] },
      question: { kind: 'forbidden', outcome: { r0: 1, r1: 0 } },
      racy: true,
    }),
    build({
      shape: 'MP', variant: 'data-atomic', name: 'MP+data-atomic',
      story: para(
        'MP with the data x made atomic and the flag y left plain: P0 does atomic.Store(&x, 1), then y = 1; P1 reads y, then atomic.Load(&x).',
        'Go allows r0=1, r1=0. The plain flag carries no synchronisation: P1\'s read of y=1 is a racy read, which orders nothing. The two atomics alone are sequentially consistent among themselves, and P1\'s load may come before P0\'s store in that order. Making the data atomic does not help; the flag is what must be atomic (compare MP+flag-atomic). The accesses to y race.',
      ),
      refs: [MEM.atomic, MEM.restrictions, MEM.race],
      objects: { x: atomic, y: word },
      goroutines: { P0: [atomicStore('x', 1), store('y', 1)], P1: [load('y', 'r0'), atomicLoad('x', 'r1'), observe('r0', 'r1')] },
      question: { kind: 'allowed', outcome: { r0: 1, r1: 0 } },
      racy: true,
    }),
    build({
      shape: 'MP', variant: 'flag-atomic+spin', name: 'MP+flag-atomic+spin',
      story: para(
        'The correct form of the busy-wait idiom: P0 writes the plain data x, then sets the atomic flag y; P1 spins on atomic.Load(&y) until it reads 1, then reads x.',
        'Go requires r1=1. The load that ends the spin observes P0\'s atomic store, which is synchronized before it, so P0\'s write of x happens before P1\'s read. P1 reads x only after seeing the flag, so no run has a race. The spin ends in every fair run: the atomic store is eventually observed (atomics are sequentially consistent, and a load cannot keep returning a value overwritten in that order forever).',
        'go -race reports nothing (docs/facts/memory-model.md §2.1: atomic flag, plain data, reader spins on atomic).',
      ),
      refs: [MEM.atomic, MEM.badsync],
      objects: { x: word, y: atomic },
      goroutines: {
        P0: [store('x', 1), atomicStore('y', 1)],
        P1: [atomicLoad('y', 'r0'), whileLoop('r0 == 0', [atomicLoad('y', 'r0')]), load('x', 'r1'), observe('r1')],
      },
      question: { kind: 'required', outcome: { r1: 1 } },
      racy: false,
    }),
    build({
      shape: 'WRC', variant: 'flag-atomic', name: 'WRC+flag-atomic',
      story: para(
        'WRC with the second hop made atomic: P0 writes the plain x; P1 reads x (plain), then atomic.Store(&y, 1); P2 does atomic.Load(&y), then reads x (plain).',
        'Go allows r0=1, r1=1, r2=0. P2\'s atomic load observing P1\'s store orders P1\'s earlier accesses before P2\'s later ones, but P1\'s read of x was racy: seeing P0\'s write made no happens-before edge from P0. So P0\'s write still does not happen before P2\'s read of x, which may return 0. Synchronisation is transitive only through happens-before, and a racy read is not part of it. The accesses to x race.',
        'ARMv8 forbids WRC with an address dependency or release/acquire on the second hop (cumulativity); Go\'s model does not give plain accesses that.',
      ),
      refs: [MEM.atomic, MEM.restrictions, MEM.race, 'herd7 litmus WRC'],
      objects: { x: word, y: atomic },
      goroutines: {
        P0: [store('x', 1)],
        P1: [load('x', 'r0'), atomicStore('y', 1), observe('r0')],
        P2: [atomicLoad('y', 'r1'), load('x', 'r2'), observe('r1', 'r2')],
      },
      question: { kind: 'allowed', outcome: { r0: 1, r1: 1, r2: 0 } },
      racy: true,
    }),
    build({
      shape: 'ISA2', variant: 'flags-atomic', name: 'ISA2+flags-atomic',
      story: para(
        'ISA2 with both flags atomic and the data plain: P0 writes x, then atomic.Store(&y, 1); P1 loads y atomically, then atomic.Store(&z, 1); P2 loads z atomically, then reads x.',
        'Go forbids r0=1, r1=1, r2=0. Each flag load that observes its store is synchronized after it, and happens-before is transitive: P0\'s write of x happens before P1\'s store of z, which happens before P2\'s read of x. The program is racy all the same: when a flag read returns 0, P2 still reads x with nothing ordering it after P0\'s write.',
      ),
      refs: [MEM.atomic, MEM.race, 'herd7 litmus ISA2'],
      objects: { x: word, y: atomic, z: atomic },
      goroutines: {
        P0: [store('x', 1), atomicStore('y', 1)],
        P1: [atomicLoad('y', 'r0'), atomicStore('z', 1), observe('r0')],
        P2: [atomicLoad('z', 'r1'), load('x', 'r2'), observe('r1', 'r2')],
      },
      question: { kind: 'forbidden', outcome: { r0: 1, r1: 1, r2: 0 } },
      racy: true,
    }),
  ];
}

/** `a = 1 (plain)` in one goroutine, a synchronisation, then `print(a)` in another (docs/facts/memory-model.md §2.1): 0 is the weak outcome. */
function messagePassingCases(): MemoryCase[] {
  const chanMP = (name: string, variant: string, cap: number, story: string, refs: string[], swap: boolean, weakAllowed: boolean): MemoryCase =>
    build({
      shape: 'MP', variant, name, story, refs,
      objects: { x: word, c: { kind: 'chan', cap } },
      goroutines: swap
        ? { P0: [store('x', 1), recv('c')], P1: [send('c', 1), load('x', 'r'), observe('r')] }
        : { P0: [store('x', 1), send('c', 1)], P1: [recv('c'), load('x', 'r'), observe('r')] },
      question: { kind: weakAllowed ? 'allowed' : 'forbidden', outcome: { r: 0 } },
      racy: weakAllowed,
    });
  const critical = (m: Name, body: Stmt[]): Stmt[] => [lock(m), ...body, unlock(m)];
  return [
    chanMP('MP+chan', 'chan', 0, para(
      'Message passing through an unbuffered channel: P0 writes the plain word x, then sends on c; P1 receives from c, then reads x.',
      'Go forbids r=0. A send is synchronized before the completion of the corresponding receive, so P0\'s write happens before the send, which happens before P1\'s receive completes, which happens before P1\'s read: x=1 is the only visible write. The channel orders every pair of conflicting accesses: no race. This is the memory model\'s first channel example.',
    ), [MEM.chan, 'test/chan/fifo.go'], false, false),
    chanMP('MP+buffered1', 'buffered1', 1, para(
      'Message passing through a channel with one slot: P0 writes x and sends without waiting for P1; P1 receives, then reads x.',
      'Go forbids r=0. The buffer changes when the sender may go on, not what the receiver sees: the send is still synchronized before the completion of the receive that takes its value, so P0\'s write happens before P1\'s read. The memory model\'s example uses make(chan int, 10). No race.',
    ), [MEM.chan], false, false),
    chanMP('MP+buffered2', 'buffered2', 2, para(
      'Message passing through a channel with two slots: P0 writes x and sends; P1 receives, then reads x.',
      'Go forbids r=0, for any capacity: the send is synchronized before the completion of the corresponding receive. No race.',
    ), [MEM.chan], false, false),
    build({
      shape: 'MP', variant: 'close', name: 'MP+close',
      story: para(
        'Message passing where the signal is a close: P0 writes x and closes c; P1\'s receive returns (0, false) because c is closed, then P1 reads x.',
        'Go forbids r=0. The closing of a channel is synchronized before a receive that returns because the channel is closed, so P0\'s write happens before P1\'s read. The memory model: replacing c <- 0 with close(c) in its example yields a program with the same guaranteed behaviour. No race.',
      ),
      refs: [MEM.close],
      objects: { x: word, c: { kind: 'chan', cap: 0 } },
      goroutines: { P0: [store('x', 1), { close: 'c' }], P1: [recv('c', undefined, 'ok'), load('x', 'r'), observe('r', 'ok')] },
      question: { kind: 'forbidden', outcome: { r: 0 } },
      racy: false,
    }),
    chanMP('MP+chan+swap', 'chan+swap', 0, para(
      'The memory model\'s swapped example: P0 writes x, then receives from the unbuffered channel c; P1 sends on c, then reads x.',
      'Go forbids r=0. On an unbuffered channel a receive is synchronized before the completion of the corresponding send (the k+C rule with C = 0): P0\'s write happens before its receive, which happens before P1\'s send completes, which happens before P1\'s read. No race.',
    ), [MEM.chan, MEM.kC], true, false),
    chanMP('MP+buffered1+swap', 'buffered1+swap', 1, para(
      'The swapped example with a buffered channel (docs/facts/memory-model.md §2.1, "the same with capacity 1"): P0 writes x, then receives from c, which has one slot; P1 sends on c, then reads x.',
      'Go allows r=0. P1\'s send completes at once, into the buffer, without waiting for P0\'s receive: the k+C rule orders the kth receive only before the (k+1)th send, and there is no second send. Nothing orders P0\'s write before P1\'s read: they race, and the read may return 0. The memory model: "the program would not be guaranteed to print hello, world" (for a string, the 2022 text adds it might crash). go -race reports it and exits 66.',
    ), [MEM.kC, MEM.race], true, true),
    chanMP('MP+buffered2+swap', 'buffered2+swap', 2, para(
      'The swapped example with two slots: P0 writes x, then receives; P1 sends, then reads x.',
      'Go allows r=0: as with one slot, P1\'s send does not wait for the receive, the k+C rule gives nothing for the first send, and P1\'s read races with P0\'s write.',
    ), [MEM.kC, MEM.race], true, true),
    build({
      shape: 'MP', variant: 'select', name: 'MP+select',
      story: para(
        'Message passing where both channel operations are select cases: P0 writes x, then selects on a send to c; P1 selects on a receive from c, then reads x.',
        'Go forbids r=0. A select with one case and no default waits for that case, and the chosen case is the channel operation itself, with its synchronisation: the send is synchronized before the completion of the receive. No race.',
      ),
      refs: [MEM.chan, 'go.dev/ref/spec#Select_statements'],
      objects: { x: word, c: { kind: 'chan', cap: 0 } },
      goroutines: {
        P0: [store('x', 1), { select: { cases: [{ send: { chan: 'c', value: 1 } }] } }],
        P1: [{ select: { cases: [{ recv: { chan: 'c' } }] } }, load('x', 'r'), observe('r')],
      },
      question: { kind: 'forbidden', outcome: { r: 0 } },
      racy: false,
    }),
    build({
      shape: 'MP', variant: 'select-default', name: 'MP+select-default',
      story: para(
        'A non-blocking receive as the flag: P0 writes x, then sends on c (one slot); P1 selects on a receive from c with a default, recording r0=1 if it received and r0=0 if it took the default, then reads x.',
        'Go forbids r0=1, r1=0: a receive that took P0\'s value completes after the send, which comes after the write. But the default case synchronizes nothing, and P1 reads x whichever way the select went, so in the runs that take the default the read races with P0\'s write: the program is racy, and r0=0 comes with r1=0 or r1=1.',
      ),
      refs: [MEM.chan, MEM.race, 'go.dev/ref/spec#Select_statements'],
      objects: { x: word, c: { kind: 'chan', cap: 1 } },
      goroutines: {
        P0: [store('x', 1), send('c', 1)],
        P1: [
          { select: { cases: [{ recv: { chan: 'c' }, body: [{ let: { r0: 1 } }] }], default: [{ let: { r0: 0 } }] } },
          load('x', 'r1'),
          observe('r0', 'r1'),
        ],
      },
      question: { kind: 'forbidden', outcome: { r0: 1, r1: 0 } },
      racy: true,
    }),
    build({
      shape: 'MP', variant: 'mutex', name: 'MP+mutex',
      story: para(
        'MP with both threads inside critical sections of the mutex mu: P0 locks, writes x and y, unlocks; P1 locks, reads y then x, unlocks.',
        'Go forbids r0=1, r1=0. For n < m, the nth Unlock of mu is synchronized before the mth Lock returns: whichever critical section runs second sees every write of the first. So P1 sees both writes or neither (r0=r1=1 or r0=r1=0). No race.',
      ),
      refs: [MEM.locks, 'herd7 litmus MP'],
      objects: { mu: { kind: 'mutex' }, x: word, y: word },
      goroutines: {
        P0: critical('mu', [store('x', 1), store('y', 1)]),
        P1: [...critical('mu', [load('y', 'r0'), load('x', 'r1')]), observe('r0', 'r1')],
      },
      question: { kind: 'forbidden', outcome: { r0: 1, r1: 0 } },
      racy: false,
    }),
    build({
      shape: 'MP', variant: 'mutex-handoff', name: 'MP+mutex-handoff',
      story: para(
        'The memory model\'s lock example: main locks mu and starts f; f writes x, then unlocks mu (a Go mutex is not tied to the goroutine that locked it); main locks mu again, which waits for f\'s unlock, then reads x.',
        'Go forbids r=0. The first Unlock (in f) is synchronized before the second Lock (in main) returns, so f\'s write happens before main\'s read. No race.',
      ),
      refs: [MEM.locks],
      objects: { mu: { kind: 'mutex' }, x: word },
      main: [lock('mu'), goBody('f', [store('x', 1), unlock('mu')]), lock('mu'), load('x', 'r'), observe('r')],
      question: { kind: 'forbidden', outcome: { r: 0 } },
      racy: false,
    }),
    build({
      shape: 'MP', variant: 'mutex-one-side', name: 'MP+mutex-one-side',
      story: para(
        'MP where only the writer takes the lock: P0 locks mu, writes x and y, unlocks; P1 reads y then x without locking.',
        'Go allows r0=1, r1=0. A mutex orders only the critical sections of that mutex: P1\'s reads are in none, so they race with P0\'s writes, and everything MP allows is back.',
      ),
      refs: [MEM.locks, MEM.restrictions, MEM.race],
      objects: { mu: { kind: 'mutex' }, x: word, y: word },
      goroutines: {
        P0: critical('mu', [store('x', 1), store('y', 1)]),
        P1: [load('y', 'r0'), load('x', 'r1'), observe('r0', 'r1')],
      },
      question: { kind: 'allowed', outcome: { r0: 1, r1: 0 } },
      racy: true,
    }),
    build({
      shape: 'MP', variant: 'rwmutex', name: 'MP+rwmutex',
      story: para(
        'MP with a sync.RWMutex: P0 takes the write lock and writes x and y; P1 takes a read lock and reads y then x.',
        'Go forbids r0=1, r1=0. An RLock returns after some nth Unlock and its RUnlock is synchronized before the (n+1)th Lock: the read section lies wholly after the write section or wholly before it. No race.',
      ),
      refs: [MEM.rlocks],
      objects: { mu: { kind: 'rwmutex' }, x: word, y: word },
      goroutines: {
        P0: critical('mu', [store('x', 1), store('y', 1)]),
        P1: [{ rlock: 'mu' }, load('y', 'r0'), load('x', 'r1'), { runlock: 'mu' }, observe('r0', 'r1')],
      },
      question: { kind: 'forbidden', outcome: { r0: 1, r1: 0 } },
      racy: false,
    }),
    build({
      shape: 'MP', variant: 'rlocks', name: 'MP+rlocks',
      story: para(
        'MP where both threads take only the read lock of a sync.RWMutex: P0 writes x and y under RLock; P1 reads y then x under RLock.',
        'Go allows r0=1, r1=0. Read locks do not exclude each other and no rule orders one read section against another: writing under a read lock protects nothing. The accesses race.',
      ),
      refs: [MEM.rlocks, MEM.restrictions, MEM.race],
      objects: { mu: { kind: 'rwmutex' }, x: word, y: word },
      goroutines: {
        P0: [{ rlock: 'mu' }, store('x', 1), store('y', 1), { runlock: 'mu' }],
        P1: [{ rlock: 'mu' }, load('y', 'r0'), load('x', 'r1'), { runlock: 'mu' }, observe('r0', 'r1')],
      },
      question: { kind: 'allowed', outcome: { r0: 1, r1: 0 } },
      racy: true,
    }),
    build({
      shape: 'MP', variant: 'trylock', name: 'MP+trylock',
      story: para(
        'MP where the reader only tries the lock: P0 locks mu, writes x and y, unlocks; P1 calls TryLock once and, only if it got the lock, reads y then x and unlocks.',
        'Go forbids ok=true, r0=1, r1=0: a successful TryLock is a Lock, and its section is ordered after P0\'s or before it. A failed TryLock synchronizes nothing, and may fail even when mu is free; then P1 reads nothing (r0=r1=0). P1 reads only under the lock: no race.',
      ),
      refs: [MEM.locks, MEM.trylock],
      objects: { mu: { kind: 'mutex' }, x: word, y: word },
      goroutines: {
        P0: critical('mu', [store('x', 1), store('y', 1)]),
        P1: [{ trylock: { mutex: 'mu', into: 'ok' } }, when('ok', [load('y', 'r0'), load('x', 'r1'), unlock('mu')]), observe('ok', 'r0', 'r1')],
      },
      question: { kind: 'forbidden', outcome: { ok: true, r0: 1, r1: 0 } },
      racy: false,
    }),
    build({
      shape: 'MP', variant: 'once', name: 'MP+once',
      story: para(
        'The memory model\'s Once example (twoprint): two goroutines each call once.Do(setup), where setup writes x = 1, then read x.',
        'Go requires r0=1, r1=1. Only one call runs setup, and the completion of that call is synchronized before the return of every once.Do: the goroutine that did not run setup waits for it, and both reads come after the write. No race.',
      ),
      refs: [MEM.once],
      objects: { once: { kind: 'once' }, x: word },
      goroutines: {
        P0: [{ once: { once: 'once', body: [store('x', 1)] } }, load('x', 'r0'), observe('r0')],
        P1: [{ once: { once: 'once', body: [store('x', 1)] } }, load('x', 'r1'), observe('r1')],
      },
      question: { kind: 'required', outcome: { r0: 1, r1: 1 } },
      racy: false,
    }),
    build({
      shape: 'MP', variant: 'wg', name: 'MP+wg',
      story: para(
        'Publishing through a WaitGroup: main adds 1, starts a goroutine that writes x and calls Done, then Waits and reads x.',
        'Go forbids r=0. A call to Done synchronizes before the return of the Wait it unblocks, so the write happens before main\'s read. No race.',
      ),
      refs: [MEM.wg],
      objects: { wg: { kind: 'waitgroup' }, x: word },
      main: [{ add: { wg: 'wg', delta: 1 } }, goBody('worker', [store('x', 1), { done: 'wg' }]), { wait: 'wg' }, load('x', 'r'), observe('r')],
      question: { kind: 'forbidden', outcome: { r: 0 } },
      racy: false,
    }),
    build({
      shape: 'MP', variant: 'wg-two-writers', name: 'MP+wg-two-writers',
      story: para(
        'A join of two workers: main adds 2, starts two goroutines that write x and y and each call Done, then Waits and reads both.',
        'Go requires r0=1, r1=1. Wait returns only when the counter is zero, after both Done calls, and each Done synchronizes before that return: both writes happen before main\'s reads. No race.',
      ),
      refs: [MEM.wg],
      objects: { wg: { kind: 'waitgroup' }, x: word, y: word },
      main: [
        { add: { wg: 'wg', delta: 2 } },
        goBody('wx', [store('x', 1), { done: 'wg' }]),
        goBody('wy', [store('y', 1), { done: 'wg' }]),
        { wait: 'wg' },
        load('x', 'r0'),
        load('y', 'r1'),
        observe('r0', 'r1'),
      ],
      question: { kind: 'required', outcome: { r0: 1, r1: 1 } },
      racy: false,
    }),
    build({
      shape: 'MP', variant: 'go', name: 'MP+go',
      story: para(
        'Publishing to a new goroutine: main writes x, then starts a goroutine that reads x and reports back on done (so main waits for it).',
        'Go forbids r=0. The go statement is synchronized before the start of the new goroutine, so main\'s earlier write happens before the goroutine\'s read (the memory model\'s hello example). No race.',
      ),
      refs: [MEM.go],
      objects: { x: word, done: { kind: 'chan', cap: 0 } },
      main: [store('x', 1), goBody('reader', [load('x', 'r'), observe('r'), send('done', 1)]), recv('done')],
      question: { kind: 'forbidden', outcome: { r: 0 } },
      racy: false,
    }),
    build({
      shape: 'MP', variant: 'cond', name: 'MP+cond',
      story: para(
        'The usual Cond pattern: P0 locks mu, writes x, sets ready, signals the condition variable cv and unlocks; P1 locks mu and waits on cv until ready is set, then reads x and unlocks.',
        'Go forbids r=0. Signal synchronizes before the Wait it unblocks, and the mutex orders the two critical sections anyway: P1 reads x only after seeing ready, in a section after P0\'s. Every access is under mu: no race.',
      ),
      refs: [MEM.cond, MEM.locks],
      objects: { mu: { kind: 'mutex' }, cv: { kind: 'cond', lock: 'mu' }, x: word, ready: word },
      goroutines: {
        P0: critical('mu', [store('x', 1), store('ready', 1), { signal: 'cv' }]),
        P1: [lock('mu'), load('ready', 'rd'), whileLoop('rd == 0', [{ condwait: 'cv' }, load('ready', 'rd')]), load('x', 'r'), unlock('mu'), observe('r')],
      },
      question: { kind: 'forbidden', outcome: { r: 0 } },
      racy: false,
    }),
  ];
}

/** The k+C rule as a counting semaphore, and the plain counter it protects. */
function counterCases(): MemoryCase[] {
  const inc = (r: Name): Stmt[] => [load('n', r), store('n', parseExpr(`${r} + 1`))];
  const semaphore = (cap: number): MemoryCase => build({
    shape: 'semaphore-counter', variant: `buffered${cap}`, name: `semaphore-counter+buffered${cap}`,
    story: cap === 1
      ? para(
        'A channel with one slot used as a semaphore: each of two goroutines sends to acquire, increments the plain counter n (read, then write), and receives to release.',
        'Go requires the final n=2. The kth receive on a channel of capacity C is synchronized before the completion of the (k+C)th send: with C = 1, the first goroutine\'s release (receive 1) happens before the second goroutine\'s acquire (send 2) completes, so the two increments are ordered and none is lost. No race: this is how a buffered channel limits concurrency.',
      )
      : para(
        'A channel with two slots used as a semaphore around a plain counter increment: each goroutine sends to acquire, reads n and writes n+1, then receives to release.',
        'Go allows the final n=1: with C = 2 both sends complete at once, the k+C rule orders receive 1 only before send 3, and there is none. Two goroutines are in the section together, their accesses to n race, and an increment may be lost. A semaphore of capacity C > 1 does not give mutual exclusion; go -race reports this program (docs/facts/memory-model.md §2.1).',
      ),
    refs: [MEM.kC, ...(cap > 1 ? [MEM.race] : [])],
    objects: { sem: { kind: 'chan', cap }, n: word },
    goroutines: {
      P0: [send('sem', 1), ...inc('r0'), recv('sem')],
      P1: [send('sem', 1), ...inc('r1'), recv('sem')],
    },
    final: ['n'],
    question: cap === 1 ? { kind: 'required', outcome: { n: 2 } } : { kind: 'allowed', outcome: { n: 1 } },
    racy: cap > 1,
  });
  return [
    build({
      shape: 'counter', variant: 'plain', name: 'counter',
      story: para(
        'The lost update: two goroutines each increment the plain counter n (read it, then write the value plus one).',
        'Go allows the final n=1: both may read 0 before either writes, and nothing orders the accesses, which race. The final read, after the join, may also return either write.',
      ),
      refs: [MEM.restrictions, MEM.race],
      objects: { n: word },
      goroutines: { P0: inc('r0'), P1: inc('r1') },
      final: ['n'],
      question: { kind: 'allowed', outcome: { n: 1 } },
      racy: true,
    }),
    build({
      shape: 'counter', variant: 'mutex', name: 'counter+mutex',
      story: para(
        'Two goroutines increment the plain counter n, each inside a critical section of mu.',
        'Go requires the final n=2: the sections are ordered by Unlock-before-Lock, the second increment reads the first one\'s write, and the final read comes after both. No race.',
      ),
      refs: [MEM.locks],
      objects: { mu: { kind: 'mutex' }, n: word },
      goroutines: { P0: [lock('mu'), ...inc('r0'), unlock('mu')], P1: [lock('mu'), ...inc('r1'), unlock('mu')] },
      final: ['n'],
      question: { kind: 'required', outcome: { n: 2 } },
      racy: false,
    }),
    build({
      shape: 'counter', variant: 'atomicAdd', name: 'counter+atomicAdd',
      story: para(
        'Two goroutines increment n with atomic.AddInt64(&n, 1).',
        'Go requires the final n=2: an atomic add is one indivisible read-modify-write, and the adds are sequentially consistent, so neither is lost. Atomics do not race.',
      ),
      refs: [MEM.atomic],
      objects: { n: atomic },
      goroutines: { P0: [{ atomicAdd: { to: 'n', delta: 1 } }], P1: [{ atomicAdd: { to: 'n', delta: 1 } }] },
      final: ['n'],
      question: { kind: 'required', outcome: { n: 2 } },
      racy: false,
    }),
    semaphore(1),
    semaphore(2),
  ];
}

/** WRC and ISA2 with channel hops, and the final-state shapes with a channel edge. */
function chainCases(): MemoryCase[] {
  return [
    build({
      shape: 'WRC', variant: 'chan', name: 'WRC+chan',
      story: para(
        'WRC with the second hop a channel: P0 writes x; P1 reads x (plain), then sends on c; P2 receives from c, then reads x.',
        'Go allows r0=1, r2=0. The channel orders P1\'s read before P2\'s read, but P1\'s read of x was racy and made no happens-before edge from P0\'s write, so P0\'s write still does not happen before P2\'s read, which may return 0. The accesses to x race.',
      ),
      refs: [MEM.chan, MEM.restrictions, MEM.race, 'herd7 litmus WRC'],
      objects: { x: word, c: { kind: 'chan', cap: 0 } },
      goroutines: {
        P0: [store('x', 1)],
        P1: [load('x', 'r0'), send('c', 1), observe('r0')],
        P2: [recv('c'), load('x', 'r2'), observe('r2')],
      },
      question: { kind: 'allowed', outcome: { r0: 1, r2: 0 } },
      racy: true,
    }),
    build({
      shape: 'ISA2', variant: 'chans', name: 'ISA2+chans',
      story: para(
        'ISA2 with both hops channels: P0 writes x, then sends on c; P1 receives from c, then sends on d; P2 receives from d, then reads x.',
        'Go forbids r=0. Each send is synchronized before the completion of its receive, and happens-before is transitive: P0\'s write happens before P2\'s read across both hops. No race.',
      ),
      refs: [MEM.chan, 'herd7 litmus ISA2'],
      objects: { x: word, c: { kind: 'chan', cap: 0 }, d: { kind: 'chan', cap: 0 } },
      goroutines: {
        P0: [store('x', 1), send('c', 1)],
        P1: [recv('c'), send('d', 1)],
        P2: [recv('d'), load('x', 'r'), observe('r')],
      },
      question: { kind: 'forbidden', outcome: { r: 0 } },
      racy: false,
    }),
    build({
      shape: 'ISA2', variant: 'chan+plain', name: 'ISA2+chan+plain',
      story: para(
        'ISA2 with the first hop a channel and the second a plain flag: P0 writes x, then sends on c; P1 receives, then writes z = 1; P2 reads z, then x.',
        'Go allows r1=1, r2=0. P0\'s write happens before P1\'s write of z, but P2\'s read of z is racy and creates no edge, so nothing orders P0\'s write before P2\'s read of x. Every hop must synchronise. The accesses to z and to x race.',
      ),
      refs: [MEM.chan, MEM.restrictions, MEM.race, 'herd7 litmus ISA2'],
      objects: { x: word, z: word, c: { kind: 'chan', cap: 0 } },
      goroutines: {
        P0: [store('x', 1), send('c', 1)],
        P1: [recv('c'), store('z', 1)],
        P2: [load('z', 'r1'), load('x', 'r2'), observe('r1', 'r2')],
      },
      question: { kind: 'allowed', outcome: { r1: 1, r2: 0 } },
      racy: true,
    }),
    build({
      shape: 'S', variant: 'chan', name: 'S+chan',
      story: para(
        'S with the flag replaced by a channel: P0 writes x = 2, then sends on c; P1 receives, then writes x = 1. The final x is read after both finish.',
        'Go requires the final x=1. The send orders P0\'s write before P1\'s, and both happen before the final read: x=2 is shadowed by x=1 in happens-before order and is no longer visible. No race.',
      ),
      refs: [MEM.chan, 'herd7 litmus S'],
      objects: { x: word, c: { kind: 'chan', cap: 0 } },
      goroutines: { P0: [store('x', 2), send('c', 1)], P1: [recv('c'), store('x', 1)] },
      final: ['x'],
      question: { kind: 'required', outcome: { x: 1 } },
      racy: false,
    }),
    build({
      shape: '2+2W', variant: 'chan', name: '2+2W+chan',
      story: para(
        '2+2W with a channel between the threads: P0 writes x = 1 and y = 2, then sends on c; P1 receives, then writes y = 1 and x = 2. The final values are read after both finish.',
        'Go requires the final x=2, y=1: every write of P0 happens before every write of P1, which shadow them for the final reads. No race.',
      ),
      refs: [MEM.chan, 'herd7 litmus 2+2W'],
      objects: { x: word, y: word, c: { kind: 'chan', cap: 0 } },
      goroutines: { P0: [store('x', 1), store('y', 2), send('c', 1)], P1: [recv('c'), store('y', 1), store('x', 2)] },
      final: ['x', 'y'],
      question: { kind: 'required', outcome: { x: 2, y: 1 } },
      racy: false,
    }),
  ];
}

/** The memory model's incorrect-synchronisation examples (go.dev/ref/mem#badsync; docs/facts/memory-model.md §1.5). */
function incorrectSyncCases(): MemoryCase[] {
  const spinOn = (flag: Name, r: Name): Stmt[] => [load(flag, r), whileLoop(`${r} == 0`, [load(flag, r)])];
  const busyWait = (name: string, question: { kind: QuestionKind; outcome: OutcomeSpec }, focus: string): MemoryCase => build({
    shape: 'incorrect-sync', variant: name === 'busy-wait+plain-flag' ? 'busy-wait' : 'busy-wait-hang', name,
    story: para(
      'The memory model\'s busy-waiting example: main starts setup, which writes a = 1 and then done = 1 (both plain); main spins until it reads done = 1, then reads a.',
      focus,
      'gc reloads done on every iteration and the loop ends; gccgo -O2 hoists the load out of the loop, which the memory model allows (a compiler may add a read that cannot fault), and the program hangs. A harness must accept a timeout here.',
    ),
    refs: [MEM.badsync, MEM.restrictions, MEM.race, 'go.dev/ref/mem#badcompiler (hoisting a shared load out of a loop is allowed)'],
    objects: { a: word, done: word },
    main: [goBody('setup', [store('a', 1), store('done', 1)]), ...spinOn('done', 'd'), load('a', 'r'), observe('r')],
    question,
    racy: true,
  });
  return [
    build({
      shape: 'incorrect-sync', variant: 'double-checked-locking', name: 'double-checked-locking',
      story: para(
        'The memory model\'s double-checked locking example: two goroutines each check the plain flag done and, if it is not set, call once.Do(setup), where setup writes a = 1 and then done = 1; then each reads a.',
        'Go allows a goroutine to see done=1 and still read a=0 (r0=1, r1=0): its read of done is racy, so observing setup\'s write of done makes no happens-before edge, and it skipped the once.Do that would have ordered it after setup. Only the goroutine that goes through once.Do is guaranteed to see a=1. The reads of done race with setup\'s write.',
        'go -race reports 1–2 races here.',
      ),
      refs: [MEM.badsync, MEM.once, MEM.race],
      objects: { once: { kind: 'once' }, a: word, done: word },
      goroutines: {
        P0: [load('done', 'r0'), when('r0 == 0', [{ once: { once: 'once', body: [store('a', 1), store('done', 1)] } }]), load('a', 'r1'), observe('r0', 'r1')],
        P1: [load('done', 'r2'), when('r2 == 0', [{ once: { once: 'once', body: [store('a', 1), store('done', 1)] } }]), load('a', 'r3'), observe('r2', 'r3')],
      },
      question: { kind: 'allowed', outcome: { r0: 1, r1: 0 } },
      racy: true,
    }),
    busyWait('busy-wait+plain-flag', { kind: 'allowed', outcome: { r: 0 } },
      'Go allows r=0: observing the write to done implies nothing about the write to a, since a racy read creates no happens-before edge. Both done and a race.'),
    busyWait('busy-wait+plain-flag-may-hang', { kind: 'allowed', outcome: { end: 'may-not-terminate' } },
      'Worse, Go allows the loop never to finish: with no synchronisation between the two goroutines, nothing guarantees that main ever observes the write to done. This case asks that question of the same program as busy-wait+plain-flag.'),
    build({
      shape: 'incorrect-sync', variant: 'busy-wait-litmus', name: 'busy-wait+plain-flag+litmus',
      story: para(
        'The busy-waiting example as a litmus test: P0 writes a = 1, then done = 1 (both plain); P1 spins until it reads done = 1, then reads a.',
        'Go allows r=0 (the racy read of done orders nothing) and allows the loop never to end: nothing guarantees that P1 ever observes the write to done.',
        'Run as a litmus test (no harness code inside the loop, the flag a field reached through a pointer), both compilers take the load out of the loop, which the memory model allows (a compiler may add a read that cannot fault, and may reuse a load when nothing was stored in between): gc 1.19.8 compiles `r = c.done; for r == 0 { r = c.done }` to one compare and a jump to itself (CMPQ 8(AX), $0; JEQ back to the JEQ), and gccgo -O2 does the same. An iteration that enters the loop before P0\'s write spins for ever, and the harness reports the allowed outcome may-not-terminate (measured: 7 of 16 runs on gc, 4 of 7 on gccgo, each hung run costing its timeout). With a global flag, gc reloads it on every iteration and the loop ends (docs/facts/memory-model.md §2.2).',
      ),
      refs: [MEM.badsync, MEM.restrictions, MEM.race, 'go.dev/ref/mem#badcompiler (hoisting a shared load out of a loop is allowed)'],
      objects: { a: word, done: word },
      goroutines: { P0: [store('a', 1), store('done', 1)], P1: [...spinOn('done', 'd'), load('a', 'r'), observe('r')] },
      question: { kind: 'allowed', outcome: { end: 'may-not-terminate' } },
      racy: true,
    }),
    build({
      shape: 'incorrect-sync', variant: 'publish-by-index', name: 'publish-by-index',
      story: para(
        'The memory model\'s pointer-publication example without pointers: setup writes the message into slot m1 (plain), then publishes its index by writing g = 1 (plain); main spins until g is not 0, then reads the slot g names.',
        'Go allows r=0: even when main sees g=1 and reads slot m1 through it, the read of g is racy and orders nothing, so the message write need not be visible. The memory model orders no dependencies, address or control (the spec\'s version: "even if main observes g != nil … no guarantee that it will observe the initialized value for g.msg"). The accesses race.',
        'On ARM and POWER the dependency from the load of g to the load of the slot would order them in hardware (MP+dmb+addr); Go promises no such thing, and its compilers may break the dependency.',
      ),
      refs: [MEM.badsync, MEM.restrictions, MEM.race],
      objects: { m1: word, m2: word, g: word },
      main: [
        goBody('setup', [store('m1', 1), store('g', 1)]),
        ...spinOn('g', 'i'),
        when('i == 1', [load('m1', 'r')], [load('m2', 'r')]),
        observe('r'),
      ],
      question: { kind: 'allowed', outcome: { r: 0 } },
      racy: true,
    }),
    build({
      shape: 'incorrect-sync', variant: 'go-without-sync', name: 'go-without-sync',
      story: para(
        'The memory model\'s goroutine-destruction example: main starts a goroutine that writes a = 1, then reads a itself, with no synchronisation.',
        'Go allows r=0 (and r=1): the exit of a goroutine is synchronized before nothing, and the write is followed by no synchronizing event; an aggressive compiler might delete the go statement entirely. The write and main\'s read race.',
      ),
      refs: [MEM.goexit, MEM.race],
      objects: { a: word },
      main: [goBody('writer', [store('a', 1)]), load('a', 'r'), observe('r')],
      question: { kind: 'allowed', outcome: { r: 0 } },
      racy: true,
    }),
    build({
      shape: 'MP', variant: 'sleep', name: 'MP+sleep',
      story: para(
        'Sleep used as synchronisation: main starts a goroutine that writes a = 1, sleeps for a millisecond, then reads a.',
        'Go allows r=0: time.Sleep synchronizes nothing (no rule of the memory model mentions it, and golang/go#6689, a request to treat sleeps as synchronisation for the race detector, was declined). However long the sleep, the write does not happen before the read, and they race.',
      ),
      refs: [MEM.badsync, MEM.race, 'golang/go#6689'],
      objects: { a: word },
      main: [goBody('writer', [store('a', 1)]), { sleep: 1_000_000 }, load('a', 'r'), observe('r')],
      question: { kind: 'allowed', outcome: { r: 0 } },
      racy: true,
    }),
  ];
}

/** One case per known race-detector divergence of Go 1.19.8 (docs/facts/memory-model.md §4.7 item 6). */
function divergenceCases(): MemoryCase[] {
  return [
    build({
      shape: 'race-detector', variant: 'cond-signal-unlocked', name: 'MP+cond-signal-unlocked',
      story: para(
        'Cond.Signal called without holding the lock, after the write it publishes: main locks mu, starts a goroutine, tells it over an unbuffered channel that it holds mu, and waits on cv. The goroutine, once the hand-shake is done, takes and drops mu (which it gets only when main\'s Wait has released it, so main is already on cv\'s notify list), then writes x and signals cv without holding mu. main wakes, relocks mu, unlocks it and reads x.',
        'Go forbids r=0: Signal synchronizes before the Wait it unblocks (sync.Cond), so the write happens before main\'s read, and the program is race-free. No signal is lost: Wait joins the notify list before it releases mu, and the signaller takes mu before it signals.',
        'Go 1.19.8\'s race detector reports a race here: Cond has no race annotation of its own, and its edges come only through c.L, which the signaller does not hold when it writes x and signals. A known divergence of the detector, not of the program.',
      ),
      refs: [MEM.cond, MEM.locks, DIVERGENCE],
      objects: { mu: { kind: 'mutex' }, cv: { kind: 'cond', lock: 'mu' }, ready: { kind: 'chan', cap: 0 }, x: word },
      main: [
        lock('mu'),
        goBody('signaller', [recv('ready'), lock('mu'), unlock('mu'), store('x', 1), { signal: 'cv' }]),
        send('ready', 1),
        { condwait: 'cv' },
        unlock('mu'),
        load('x', 'r'),
        observe('r'),
      ],
      question: { kind: 'forbidden', outcome: { r: 0 } },
      racy: false,
    }),
    build({
      shape: 'race-detector', variant: 'send-then-close', name: 'send-then-close+buffered1',
      story: para(
        'A buffered send and a later close with no other synchronisation: P0 sends 1 into a one-slot channel; P1 sleeps, closes the channel, then drains it.',
        'Sends and closes are synchronizing operations, and two synchronizing operations never form a data race in the memory model\'s sense: the program is race-free. (Nothing orders them either, so a close that comes first makes the send panic: "send on closed channel" is an outcome too; the sleep orders nothing.)',
        'Go 1.19.8\'s race detector reports runtime.closechan racing with runtime.chansend even when the send completed first: closechan writes, and chansend reads, one address of the channel without an edge between them. A known divergence of the detector.',
      ),
      refs: [MEM.chan, 'go.dev/ref/spec#Close', DIVERGENCE],
      objects: { c: { kind: 'chan', cap: 1 } },
      goroutines: {
        P0: [send('c', 1)],
        P1: [{ sleep: 1_000_000 }, { close: 'c' }, recv('c', 'v', 'ok'), observe('v', 'ok')],
      },
      question: { kind: 'allowed', outcome: { v: 1, ok: true } },
      racy: false,
    }),
    build({
      shape: 'race-detector', variant: 'zero-size-semaphore', name: 'semaphore-counter+zero-size',
      story: para(
        'A chan struct{} with two slots used as a semaphore around a plain counter increment: each goroutine sends struct{}{} to acquire, increments n, and receives to release.',
        'As with semaphore-counter+buffered2, a capacity of 2 lets both goroutines in together: their increments race and the final n may be 1. The element size changes nothing in the memory model.',
        'Go 1.19.8\'s race detector over-synchronizes channels with zero-size elements: every operation acquires and releases one clock on c.buf, which orders all of them and can hide this race. A known divergence of the detector.',
      ),
      refs: [MEM.kC, MEM.race, DIVERGENCE],
      status: 'skip',
      reason: 'The IR\'s channels carry ints, so a zero-size element type (chan struct{}) cannot be written; the program below is the int version (semaphore-counter+buffered2), kept for the Go adapter and the race-detector comparison.',
      objects: { sem: { kind: 'chan', cap: 2 }, n: word },
      goroutines: {
        P0: [send('sem', 1), load('n', 'r0'), store('n', parseExpr('r0 + 1')), recv('sem')],
        P1: [send('sem', 1), load('n', 'r1'), store('n', parseExpr('r1 + 1')), recv('sem')],
      },
      final: ['n'],
      question: { kind: 'allowed', outcome: { n: 1 } },
      racy: true,
    }),
    build({
      shape: 'race-detector', variant: 'finalizer', name: 'MP+finalizer',
      story: para(
        'A finalizer reading data written after SetFinalizer: main calls runtime.SetFinalizer(obj, f), then writes x = 1 and drops obj; after a garbage collection the finalizer goroutine runs f, which reads x.',
        'Go allows r=0 and calls this racy: SetFinalizer(obj, f) is synchronized before the call f(obj), but nothing orders main\'s later write of x before it.',
        'Go 1.19.8\'s race detector over-synchronizes the finalizer goroutine (racefingo calls TSan\'s AcquireGlobal, taking every goroutine\'s current clock), so it misses this race. A known divergence of the detector.',
      ),
      refs: [MEM.finalizer, MEM.race, DIVERGENCE],
      status: 'skip',
      reason: 'Finalizers and the garbage collector are not in the IR. Below, a goroutine started by go stands in for the finalizer (H-go gives the SetFinalizer → f edge), with the write after it; it is kept for the Go adapter and the race-detector comparison.',
      objects: { x: word },
      main: [goBody('finalizer', [load('x', 'r'), observe('r')]), store('x', 1)],
      question: { kind: 'allowed', outcome: { r: 0 } },
      racy: true,
    }),
  ];
}

/** Every case of corpus/memory/, in a fixed order. */
/**
 * CoRR through aliasing, the coherence violation gc produces (docs/facts/memory-model.md §2.2):
 * a procedure reads *p, *q, *p with p and q both x. The compiler may reuse
 * the first load of *p for the third (it cannot know p == q, but a second
 * load of *p needs no reload, since nothing stored in between), so the
 * reads can return 0, 1, 0.
 */
function aliasedCoRR(): MemoryCase {
  return build({
    shape: 'CoRR',
    variant: 'alias',
    name: 'CoRR+alias',
    story: para(
      'Coherence of reads through aliases: P0 writes x=1; P1 calls reader(&x, &x), which reads *p, then *q, then *p again. Can the reads return 0, then 1, then 0?',
      'Go allows it. The three reads race with P0\'s write, and Go gives plain words no coherence: each racy read may return any write that does not happen after it and is not shadowed, and for P1 the initial 0 is never shadowed, so the third read may go back to 0 after the second saw 1.',
      'This is not only theory: gc compiles *p; *q; *p to two loads and returns the first one twice (common-subexpression elimination: nothing was stored between the two reads of *p). With p == q at run time, x86-64 runs showed 0, 1, 0 811–1,568 times per 10^6 iterations — an outcome x86 hardware itself forbids; gccgo -O2 does the same (8 per 10^6). A model with per-location coherence would call it forbidden and blame gc wrongly. gospec\'s litmus driver inlines reader with its two parameters as pointers the compiler cannot see through, and gc shows 0, 1, 0 (62 times in 10^6 iterations here; gccgo 0 in 10^6): the report lists it as a weak outcome, allowed, not sequentially consistent.',
    ),
    refs: [MEM.restrictions, MEM.race, 'herd7 litmus CoRR', 'docs/facts/memory-model.md §2.2 (load CSE breaks coherence)'],
    objects: { x: word },
    procs: {
      reader: {
        params: { p: 'word', q: 'word' },
        body: [load('p', 'r0'), load('q', 'r1'), load('p', 'r2'), observe('r0', 'r1', 'r2')],
      },
    },
    goroutines: { P0: [store('x', 1)], P1: [{ call: { proc: 'reader', args: { p: reg('x'), q: reg('x') } } }] },
    question: { kind: 'allowed', outcome: { r0: 0, r1: 1, r2: 0 } },
    racy: true,
  });
}

export function memoryCases(): MemoryCase[] {
  const cases = [
    ...SHAPES.flatMap((s) => [plainCase(s), atomicsCase(s)]),
    ...MUTEX_SHAPES.map((n) => mutexCase(shapeNamed(n))),
    ...mixedAtomicCases(),
    ...messagePassingCases(),
    ...chainCases(),
    ...counterCases(),
    ...incorrectSyncCases(),
    ...divergenceCases(),
    aliasedCoRR(),
  ];
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.scenario.name)) throw new Error(`two memory cases are named ${c.scenario.name}`);
    seen.add(c.scenario.name);
  }
  return cases;
}
