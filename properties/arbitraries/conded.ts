// `condScenario()`: small gc-level programs whose goroutines wait on one
// sync.Cond `c` (with L = `mu`), for the notify list's order
// (properties/checks/cond.ts). Main starts 2..3 waiters `w1, w2, …`; each
// locks mu, sometimes sleeps 0..1 ms first (so the waiters join the list in
// more than one order), Waits on c, observes itself, unlocks mu and sends on
// `done`. Main may first wait until every waiter is in Wait (each counts
// itself in the atomic `parked` under mu before it Waits; main polls the
// count, yielding, then takes and drops mu, which it gets only once the
// last of them has parked), so that every Signal has somebody to wake.
// Main then Signals 1..3 times — each under mu or not, sometimes
// with a yield or a 1 ms sleep before it — and ends with a Broadcast or
// not, then receives `done` once per waiter; a waiter no Signal reached is
// a deadlock, which is an outcome like any other here.
//
// Well-formed under shrinking: built with fast-check combinators only,
// mapped to a scenario by a pure function.

import fc from 'fast-check';
import type { Scenario, Stmt } from '../../model/ir.ts';

interface RawSignal {
  /** Before the Signal: 0 nothing, 1 a yield, 2 a 1 ms sleep. */
  readonly pause: number;
  readonly locked: boolean;
}

interface RawConded {
  /** Per waiter: ms slept before its Lock. */
  readonly waiters: readonly number[];
  readonly signals: readonly RawSignal[];
  readonly broadcast: boolean;
  /** Main waits for every waiter to be in Wait before its first Signal. */
  readonly handshake: boolean;
}

const rawConded: fc.Arbitrary<RawConded> = fc.record({
  waiters: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 3 }),
  signals: fc.array(fc.record({ pause: fc.integer({ min: 0, max: 2 }), locked: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  broadcast: fc.boolean(),
  handshake: fc.boolean(),
});

const PAUSE: readonly (readonly Stmt[])[] = [[], [{ gosched: null }], [{ sleep: 1_000_000 }]];

/** Main's wait until n waiters are in Wait: poll `parked`, then take and drop mu. */
function handshake(n: number): Stmt[] {
  return [
    { atomicLoad: { from: 'parked', into: 'n' } },
    { while: { cond: { bin: '<', l: { reg: 'n' }, r: n }, body: [{ gosched: null }, { atomicLoad: { from: 'parked', into: 'n' } }] } },
    { lock: 'mu' },
    { unlock: 'mu' },
  ];
}

export function toConded(r: RawConded): Scenario {
  const waiter = (sleepMs: number, i: number): Stmt[] => [
    ...(sleepMs > 0 ? [{ sleep: sleepMs * 1_000_000 } as Stmt] : []),
    { lock: 'mu' },
    ...(r.handshake ? [{ atomicAdd: { to: 'parked', delta: 1 } } as Stmt] : []),
    { condwait: 'c' },
    { observe: { [`w${i}`]: i } },
    { unlock: 'mu' },
    { send: { chan: 'done', value: 1 } },
  ];
  const signal = (s: RawSignal): Stmt[] => [...PAUSE[s.pause]!, ...(s.locked ? [{ lock: 'mu' } as Stmt, { signal: 'c' } as Stmt, { unlock: 'mu' } as Stmt] : [{ signal: 'c' } as Stmt])];
  const n = r.waiters.length;
  const main: Stmt[] = [
    ...r.waiters.map((w, i): Stmt => ({ go: { name: `w${i + 1}`, body: waiter(w, i + 1) } })),
    ...(r.handshake ? handshake(n) : []),
    ...r.signals.flatMap(signal),
    ...(r.broadcast ? [{ broadcast: 'c' } as Stmt] : []),
    ...Array.from({ length: n }, (): Stmt => ({ recv: { chan: 'done' } })),
  ];
  return {
    name: 'conded',
    level: 'gc',
    objects: { mu: { kind: 'mutex' }, c: { kind: 'cond', lock: 'mu' }, done: { kind: 'chan', cap: n }, ...(r.handshake ? { parked: { kind: 'atomic' as const } } : {}) },
    main,
  };
}

/** gc-level programs waiting on one Cond. */
export function condScenario(): fc.Arbitrary<Scenario> {
  return rawConded.map(toConded);
}
