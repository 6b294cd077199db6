// Stories of sync.Cond (model/sync/cond.ts, actions.ts): Signal's choice of
// waiter, a lost Signal, Broadcast, and the edge Signal → Wait.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../ir.ts';
import { explore } from '../explore/oracle.ts';
import { describeOutcome } from '../outcome.ts';
import { mutant } from '../semantics.ts';
import { broadcast, condAdd, newCond, signal, signalWays } from './cond.ts';

const outcomes = (s: Scenario, o: Parameters<typeof explore>[1] = {}): string[] =>
  explore(s, { debug: true, ...o }).outcomes.map((x) => describeOutcome(x.outcome));

describe('cond ways', () => {
  it('Signal readies any one waiter, nothing without waiters; Broadcast readies all', () => {
    // Arrange
    const c = condAdd(condAdd(newCond(), 2), 3);
    // Act / Assert
    expect(signalWays([])).toEqual([{ kind: 'none' }]);
    expect(signalWays([0, 1])).toEqual([{ kind: 'wake', waiter: 0 }, { kind: 'wake', waiter: 1 }]);
    expect(signal(c, { kind: 'wake', waiter: 1 })).toEqual({ cond: { kind: 'cond', notify: [2] }, ready: [3] });
    expect(broadcast(c, true)).toEqual({ cond: newCond(), ready: [2, 3] });
  });
});

describe('cond happens-before (rule cond)', () => {
  // The signaller writes x after the waiter parked (it holds mu then), and signals without holding mu.
  const s: Scenario = {
    name: 'MP+cond',
    objects: { mu: { kind: 'mutex' }, c: { kind: 'cond', lock: 'mu' }, x: { kind: 'word' }, parked: { kind: 'atomic' }, done: { kind: 'chan' } },
    main: [
      { go: { name: 'waiter', body: [{ lock: 'mu' }, { atomicStore: { to: 'parked', value: 1 } }, { condwait: 'c' }, { unlock: 'mu' }, { load: { from: 'x', into: 'r' } }, { observe: { r: { reg: 'r' } } }, { send: { chan: 'done', value: 1 } }] } },
      { atomicLoad: { from: 'parked', into: 'n' } },
      { while: { cond: { bin: '==', l: { reg: 'n' }, r: 0 }, body: [{ atomicLoad: { from: 'parked', into: 'n' } }] } },
      { lock: 'mu' },
      { unlock: 'mu' },
      { store: { to: 'x', value: 1 } },
      { signal: 'c' },
      { recv: { chan: 'done' } },
    ],
  };

  it('Signal → the Wait it unblocks: the waiter reads the write made before the Signal', () => {
    // Act / Assert
    expect(outcomes(s)).toEqual(['r=1']);
    expect(explore(s).races).toEqual([]);
  });

  it('without the rule the waiter\'s read races with the write', () => {
    // Act / Assert
    expect(explore(s, { semantics: mutant('memory', () => ({ hbRule: (r) => r !== 'cond' })) }).races.length).toBeGreaterThan(0);
  });
});
