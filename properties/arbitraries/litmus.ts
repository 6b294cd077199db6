// Generators of litmus-sized memory-model programs (docs/facts/memory-model.md §5): a few
// threads of a few accesses to a few locations, in three families.
//
//   litmusProgram   plain and atomic loads and stores, data and control
//                   dependencies, final reads: the fragment both memory
//                   engines (operational, model/memory/words.ts; axiomatic,
//                   model/memory/axiomatic.ts) handle, for their agreement.
//   branchProgram   load buffering around `if`s: each thread reads a word,
//                   branches on it (one or two `if`s, setting registers or
//                   writing inside), then writes the other word after the
//                   joins — a constant, a register set before, in or
//                   outside a branch, or a computed value — where control
//                   dependencies end and computed values must be promised.
//   drfProgram      race-free by construction, one discipline each (atomics
//                   only, hand-over by a channel send / close / unbuffered
//                   receive, a capacity-1 channel as a semaphore, publish
//                   before `go`, an atomic flag guarding plain data, a mutex
//                   around every access, a WaitGroup join, accesses inside
//                   one Once's f): DRF-SC says their outcomes are
//                   sequentially consistent.
//   racyProgram     the same disciplines with one part broken (the swapped
//                   hand-over on a buffered channel, a capacity-2 semaphore,
//                   a write after `go`, data read without the flag): each
//                   has a data race the model must report.
//
// The discipline says what makes the program race-free; the race verdict
// and the outcome sets come from the explorer, so a happens-before rule the
// model loses shows as a non-SC outcome or a race where the discipline
// promises none.

import fc from 'fast-check';
import type { Expr, ObjectDecl, Scenario, Stmt } from '../../model/ir.ts';

const WORDS = ['x', 'y'] as const;
const ATOMICS = ['a', 'b'] as const;

type Op =
  | { k: 'store'; loc: number; value: number | 'reg' }
  | { k: 'load'; loc: number }
  | { k: 'ctrl'; loc: number; value: number }
  | { k: 'astore'; loc: number; value: number }
  | { k: 'aload'; loc: number };

const op = (atomics: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({ k: fc.constant('store' as const), loc: fc.nat(1), value: fc.oneof(fc.integer({ min: 1, max: 2 }), fc.constant('reg' as const)) }),
    fc.record({ k: fc.constant('load' as const), loc: fc.nat(1) }),
    fc.record({ k: fc.constant('ctrl' as const), loc: fc.nat(1), value: fc.integer({ min: 1, max: 2 }) }),
    ...(atomics
      ? [
          fc.record({ k: fc.constant('astore' as const), loc: fc.nat(1), value: fc.integer({ min: 1, max: 2 }) }),
          fc.record({ k: fc.constant('aload' as const), loc: fc.nat(1) }),
        ]
      : []),
  );

/** One thread's statements: registers t<i>r<j>, observed at the end. */
function thread(t: number, ops: readonly Op[]): Stmt[] {
  const out: Stmt[] = [];
  const regs: string[] = [];
  const lastReg = (): Expr => (regs.length > 0 ? { reg: regs[regs.length - 1]! } : 1);
  for (const o of ops) {
    switch (o.k) {
      case 'store':
        out.push({ store: { to: WORDS[o.loc]!, value: o.value === 'reg' ? lastReg() : o.value } });
        break;
      case 'load': {
        const r = `t${t}r${regs.length}`;
        regs.push(r);
        out.push({ load: { from: WORDS[o.loc]!, into: r } });
        break;
      }
      case 'ctrl':
        // if <last register> == value { store other-word value }
        out.push({ if: { cond: { bin: '==', l: lastReg(), r: o.value }, then: [{ store: { to: WORDS[1 - o.loc]!, value: o.value } }] } });
        break;
      case 'astore':
        out.push({ atomicStore: { to: ATOMICS[o.loc]!, value: o.value } });
        break;
      case 'aload': {
        const r = `t${t}r${regs.length}`;
        regs.push(r);
        out.push({ atomicLoad: { from: ATOMICS[o.loc]!, into: r } });
        break;
      }
    }
  }
  if (regs.length > 0) out.push({ observe: Object.fromEntries(regs.map((r) => [r, { reg: r }])) });
  return out;
}

/**
 * The classic shapes as skeletons over two locations (docs/facts/memory-model.md §2): W a write,
 * R a read, D a write of the last value read (data dependency), C a write
 * under a branch on it (control dependency). Random programs rarely hit
 * them; each location of a skeleton becomes a plain word or an atomic.
 */
const SKELETONS: readonly (readonly (readonly string[])[])[] = [
  [['W0', 'W1'], ['R1', 'R0']], // MP
  [['W0', 'R1'], ['W1', 'R0']], // SB
  [['R0', 'W1'], ['R1', 'W0']], // LB
  [['R0', 'D1'], ['R1', 'D0']], // LB+datas (thin air)
  [['R0', 'C1'], ['R1', 'C0']], // LB+ctrls
  [['R0', 'D1'], ['R1', 'W0']], // LB+data
  [['W0'], ['R0', 'W1'], ['R1', 'R0']], // WRC
  [['W0'], ['R0', 'R0']], // CoRR
  [['W0', 'W1'], ['W1', 'W0']], // 2+2W
  [['W0', 'R0'], ['W0']], // CoWR
];

function skeletonOps(sk: readonly (readonly string[])[], atomic: readonly boolean[], values: readonly number[]): Op[][] {
  let k = 0;
  const value = (): number => values[k++ % values.length]!;
  return sk.map((t) =>
    t.map((a): Op => {
      const loc = Number(a[1]);
      const at = atomic[loc]!;
      switch (a[0]) {
        case 'W':
          return at ? { k: 'astore', loc, value: value() } : { k: 'store', loc, value: value() };
        case 'R':
          return at ? { k: 'aload', loc } : { k: 'load', loc };
        case 'D':
          return at ? { k: 'astore', loc, value: value() } : { k: 'store', loc, value: 'reg' };
        default:
          return { k: 'ctrl', loc: 1 - loc, value: value() };
      }
    }),
  );
}

/** Litmus-form programs over words x, y (and atomics a, b), with final reads of the words: classic skeletons and random ones. */
export function litmusProgram(opts: { atomics?: boolean; maxThreads?: number; maxOps?: number } = {}): fc.Arbitrary<Scenario> {
  const atomics = opts.atomics ?? true;
  const random = fc.array(fc.array(op(atomics), { minLength: 1, maxLength: opts.maxOps ?? 3 }), { minLength: 2, maxLength: opts.maxThreads ?? 3 });
  const shaped = fc
    .tuple(fc.constantFrom(...SKELETONS), fc.tuple(fc.boolean(), fc.boolean()), fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 4 }))
    .map(([sk, at, values]) => skeletonOps(sk, atomics ? at : [false, false], values));
  return fc
    .record({ threads: fc.oneof(shaped, random), final: fc.subarray([...WORDS]) })
    .map(({ threads, final }) => {
      const objects: Record<string, ObjectDecl> = { x: { kind: 'word' }, y: { kind: 'word' } };
      if (atomics) Object.assign(objects, { a: { kind: 'atomic' }, b: { kind: 'atomic' } });
      const goroutines = Object.fromEntries(threads.map((ops, t) => [`P${t}`, thread(t, ops)]));
      return { name: 'litmus', objects, goroutines, ...(final.length > 0 ? { final } : {}) };
    });
}

// ---------------------------------------------------------------------------
// Branches before writes

/** What a thread writes after its branches: a constant, a register, or a computed value. */
type After = 'const' | 'loaded' | 'before' | 'branch' | 'plus1' | 'product';

interface BranchThread {
  readonly ifs: readonly { readonly eq: number; readonly body: 'set' | 'store' }[];
  readonly after: After;
}

const branchThread: fc.Arbitrary<BranchThread> = fc.record({
  ifs: fc.array(fc.record({ eq: fc.integer({ min: 1, max: 2 }), body: fc.constantFrom('set' as const, 'store' as const) }), { minLength: 1, maxLength: 2 }),
  after: fc.constantFrom<After>('const', 'loaded', 'before', 'branch', 'plus1', 'product'),
});

/**
 * Two (or three) threads, thread t reading word t mod 2 into r<t>, then its
 * `if`s, then its write to the other word (see the header). The values
 * stay small, so both engines finish at once.
 */
export function branchProgram(): fc.Arbitrary<Scenario> {
  return fc.array(branchThread, { minLength: 2, maxLength: 2 }).map((threads) => {
    const goroutines = Object.fromEntries(threads.map((t, i) => {
      const from = WORDS[i % 2]!;
      const to = WORDS[1 - (i % 2)]!;
      const r = `r${i}`;
      const s = `s${i}`;
      const body: Stmt[] = [{ load: { from, into: r } }, { let: { [`b${i}`]: 1 } }];
      t.ifs.forEach((f) => {
        const then: Stmt[] = f.body === 'set' ? [{ let: { [s]: f.eq } }] : [{ store: { to, value: f.eq } }];
        body.push({ if: { cond: { bin: '==', l: { reg: r }, r: f.eq }, then } });
      });
      const values: Record<After, Expr> = {
        const: 1,
        loaded: { reg: r },
        before: { reg: `b${i}` },
        branch: { reg: s },
        plus1: { bin: '+', l: { reg: r }, r: 1 },
        product: { bin: '*', l: 3, r: 2 },
      };
      const value = values[t.after];
      body.push({ store: { to, value } }, { observe: { [r]: { reg: r } } });
      return [`P${i}`, body];
    }));
    return { name: 'branches', objects: { x: { kind: 'word' }, y: { kind: 'word' } }, goroutines };
  });
}

// ---------------------------------------------------------------------------
// Disciplines

export type Discipline = 'atomics' | 'send' | 'close' | 'unbuffered-recv' | 'semaphore' | 'publish-before-go' | 'atomic-flag' | 'mutex' | 'waitgroup-join' | 'once';

export const DISCIPLINES: readonly Discipline[] = ['atomics', 'send', 'close', 'unbuffered-recv', 'semaphore', 'publish-before-go', 'atomic-flag', 'mutex', 'waitgroup-join', 'once'];

/** Plain accesses of one side to x: writes of small constants and reads observed under `prefix`. */
const accesses = (max: number): fc.Arbitrary<('w1' | 'w2' | 'r')[]> =>
  fc.array(fc.constantFrom('w1' as const, 'w2' as const, 'r' as const), { minLength: 1, maxLength: max });

function plain(list: readonly ('w1' | 'w2' | 'r')[], prefix: string): Stmt[] {
  const out: Stmt[] = [];
  list.forEach((a, i) => {
    if (a === 'r') out.push({ load: { from: 'x', into: `${prefix}${i}` } }, { observe: { [`${prefix}${i}`]: { reg: `${prefix}${i}` } } });
    else out.push({ store: { to: 'x', value: a === 'w1' ? 1 : 2 } });
  });
  return out;
}

interface Sides {
  readonly p: readonly ('w1' | 'w2' | 'r')[];
  readonly q: readonly ('w1' | 'w2' | 'r')[];
  readonly cap: number;
}

/** A program race-free under `d` (broken: with the discipline's one part broken, racy). */
export function disciplined(d: Discipline, sides: Sides, broken: boolean): Scenario {
  const x = { x: { kind: 'word' } as ObjectDecl };
  const P = plain(sides.p, 'p');
  const Q = plain(sides.q, 'q');
  const name = `${broken ? 'racy' : 'drf'}-${d}`;
  switch (d) {
    case 'atomics': {
      // Every shared access atomic; broken: a plain word written and read besides.
      const P2: Stmt[] = [{ atomicStore: { to: 'a', value: 1 } }, { atomicLoad: { from: 'b', into: 'p0' } }, { observe: { p0: { reg: 'p0' } } }];
      const Q2: Stmt[] = broken
        ? [{ store: { to: 'x', value: 1 } }, { atomicStore: { to: 'b', value: 1 } }, { atomicLoad: { from: 'a', into: 'q0' } }, { observe: { q0: { reg: 'q0' } } }]
        : [{ atomicStore: { to: 'b', value: 1 } }, { atomicLoad: { from: 'a', into: 'q0' } }, { observe: { q0: { reg: 'q0' } } }];
      const P3 = broken ? [{ load: { from: 'x', into: 'p1' } } as Stmt, { observe: { p1: { reg: 'p1' } } } as Stmt, ...P2] : P2;
      return { name, objects: { ...x, a: { kind: 'atomic' }, b: { kind: 'atomic' } }, goroutines: { P: P3, Q: Q2 } };
    }
    case 'send':
      // P's accesses, then a send; Q receives, then its accesses. Broken: Q does not wait.
      return {
        name,
        objects: { ...x, c: { kind: 'chan', cap: sides.cap } },
        goroutines: { P: [...P, { send: { chan: 'c', value: 1 } }], Q: broken ? [...Q, { recv: { chan: 'c' } }] : [{ recv: { chan: 'c' } }, ...Q] },
      };
    case 'close':
      return {
        name,
        objects: { ...x, c: { kind: 'chan', cap: sides.cap } },
        goroutines: { P: [...P, { close: 'c' }], Q: broken ? [...Q, { recv: { chan: 'c' } }] : [{ recv: { chan: 'c' } }, ...Q] },
      };
    case 'unbuffered-recv':
      // P's accesses, then a receive; Q sends, then its accesses: ordered only on an
      // unbuffered channel (the receive completes before the send does). Broken: capacity 1.
      return {
        name,
        objects: { ...x, c: { kind: 'chan', cap: broken ? 1 : 0 } },
        goroutines: { P: [...P, { recv: { chan: 'c' } }], Q: [{ send: { chan: 'c', value: 1 } }, ...Q] },
      };
    case 'semaphore': {
      // A channel of capacity 1 as a lock around each side (the k+C rule). Broken: capacity 2.
      const cs = (body: Stmt[]): Stmt[] => [{ send: { chan: 's', value: 1 } }, ...body, { recv: { chan: 's' } }];
      return { name, objects: { ...x, s: { kind: 'chan', cap: broken ? 2 : 1 } }, goroutines: { P: cs(P), Q: cs(Q) } };
    }
    case 'publish-before-go':
      // main's accesses, then `go` Q; main touches x no more. Broken: main's accesses after the go.
      return broken
        ? { name, objects: x, main: [{ go: { body: Q, name: 'Q' } }, ...P.filter((s) => 'store' in s), { store: { to: 'x', value: 3 } }] }
        : { name, objects: x, main: [...P, { go: { body: Q, name: 'Q' } }] };
    case 'atomic-flag':
      // P writes x, then sets flag f; Q reads x only when it saw the flag. Broken: Q reads x regardless.
      return {
        name,
        objects: { ...x, f: { kind: 'atomic' } },
        goroutines: {
          P: [...P.filter((s) => !('observe' in s) && !('load' in s)), { store: { to: 'x', value: 1 } }, { atomicStore: { to: 'f', value: 1 } }],
          Q: [
            { atomicLoad: { from: 'f', into: 'seen' } },
            { observe: { seen: { reg: 'seen' } } },
            ...(broken ? Q : [{ if: { cond: { bin: '==', l: { reg: 'seen' }, r: 1 }, then: Q } } as Stmt]),
          ],
        },
      };
    case 'mutex': {
      // Every access to x under mutex mu (the n-th Unlock before the m-th Lock). Broken: Q takes no lock.
      const locked = (body: Stmt[]): Stmt[] => [{ lock: 'mu' }, ...body, { unlock: 'mu' }];
      return { name, objects: { ...x, mu: { kind: 'mutex' } }, goroutines: { P: locked(P), Q: broken ? Q : locked(Q) } };
    }
    case 'waitgroup-join':
      // main adds 1, starts P, which makes its accesses and calls Done; main waits, then makes Q's. Broken: no Wait.
      return {
        name,
        objects: { ...x, wg: { kind: 'waitgroup' } },
        main: [{ add: { wg: 'wg', delta: 1 } }, { go: { body: [...P, { done: 'wg' }], name: 'P' } }, ...(broken ? [] : [{ wait: 'wg' } as Stmt]), ...Q],
      };
    case 'once': {
      // Both make their accesses inside one Once's f, then read x after Do returns. Broken: Q writes x before its Do.
      const reads = (r: string): Stmt[] => [{ load: { from: 'x', into: r } }, { observe: { [r]: { reg: r } } }];
      const body = (side: Stmt[], r: string): Stmt[] => [{ once: { once: 'o', body: side } }, ...reads(r)];
      return {
        name,
        objects: { ...x, o: { kind: 'once' } },
        goroutines: { P: body(P, 'pAfter'), Q: broken ? [{ store: { to: 'x', value: 9 } }, ...body(Q, 'qAfter')] : body(Q, 'qAfter') },
      };
    }
  }
}

const sides = (max: number): fc.Arbitrary<Sides> => fc.record({ p: accesses(max), q: accesses(max), cap: fc.integer({ min: 0, max: 2 }) });

/** Race-free programs, one discipline each. */
export function drfProgram(): fc.Arbitrary<Scenario> {
  return fc.tuple(fc.constantFrom(...DISCIPLINES), sides(3)).map(([d, s]) => disciplined(d, s, false));
}

/**
 * The same programs with the discipline broken; both sides write x once at
 * least and Q reads it first, so a write–write and a read–write conflict are certain.
 */
export function racyProgram(): fc.Arbitrary<Scenario> {
  // Racy programs branch on every read (stale values, promises): keep them shorter.
  const writing: fc.Arbitrary<Sides> = sides(1).map((s) => ({ ...s, p: [...s.p, 'w1' as const], q: ['r' as const, ...s.q, 'w2' as const] }));
  return fc.tuple(fc.constantFrom(...DISCIPLINES), writing).map(([d, s]) => disciplined(d, s, true));
}
