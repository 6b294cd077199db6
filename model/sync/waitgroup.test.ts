// Stories of sync.WaitGroup (model/sync/waitgroup.ts, actions.ts): Wait at
// zero, the release of every waiter, the reuse check of a released waiter,
// and the edge Done → Wait.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../ir.ts';
import { explore } from '../explore/oracle.ts';
import { describeOutcome } from '../outcome.ts';
import { mutant } from '../semantics.ts';
import { addWays, newWaitGroup, waitWays, waitgroupInvariants, wgAdd, wgWait } from './waitgroup.ts';

const outcomes = (s: Scenario, o: Parameters<typeof explore>[1] = {}): string[] =>
  explore(s, { debug: true, ...o }).outcomes.map((x) => describeOutcome(x.outcome));

describe('waitgroup ways', () => {
  it('Add below zero panics; Wait returns at zero and parks above', () => {
    // Arrange
    const one = wgAdd(newWaitGroup(), 1, true).wg;
    // Act / Assert
    expect(addWays(newWaitGroup(), -1)).toEqual([{ kind: 'negative' }]);
    expect(waitWays(newWaitGroup(), 1)).toEqual([{ kind: 'return' }]);
    expect(waitWays(one, 1)).toEqual([{ kind: 'park' }]);
  });

  it('the Add that reaches zero releases every waiter; each checks for reuse as it returns', () => {
    // Arrange
    const parked = wgWait(wgWait(wgAdd(newWaitGroup(), 1, true).wg, 2, { kind: 'park' }), 3, { kind: 'park' });
    // Act
    const r = wgAdd(parked, -1, true);
    const reused = wgAdd(r.wg, 1, true).wg;
    // Assert
    expect(r.ready).toEqual([2, 3]);
    expect(r.wg).toEqual({ kind: 'waitgroup', counter: 0, waiters: [], released: [2, 3] });
    expect(waitWays(r.wg, 2)).toEqual([{ kind: 'return' }]);
    expect(waitWays(reused, 2)).toEqual([{ kind: 'reused' }]);
    expect(wgWait(r.wg, 2, { kind: 'return' }).released).toEqual([3]);
  });

  it('waitersOnlyWhileCounting fails when waiters stay parked at zero', () => {
    // Arrange / Act / Assert
    expect(waitgroupInvariants.waitersOnlyWhileCounting({ kind: 'waitgroup', counter: 0, waiters: [2], released: [] })).toBe(false);
  });
});

describe('waitgroup stories', () => {
  it('several waiters all return when the counter reaches zero', () => {
    // Arrange
    const s: Scenario = {
      name: 'two-waiters',
      objects: { wg: { kind: 'waitgroup' }, done: { kind: 'chan', cap: 2 } },
      procs: { waiter: { body: [{ wait: 'wg' }, { send: { chan: 'done', value: 1 } }] } },
      main: [{ add: { wg: 'wg', delta: 1 } }, { go: { proc: 'waiter' } }, { go: { proc: 'waiter' } }, { done: 'wg' }, { recv: { chan: 'done' } }, { recv: { chan: 'done' } }, { observe: { ok: 1 } }],
    };
    // Act / Assert
    expect(outcomes(s)).toEqual(['ok=1']);
  });

  it('a WaitGroup passed by reference to a deferred Done', () => {
    // Arrange
    const s: Scenario = {
      name: 'defer-done',
      objects: { wg: { kind: 'waitgroup' } },
      procs: { worker: { params: { g: 'waitgroup' }, body: [{ defer: { done: 'g' } }, { observe: { w: 1 } }] } },
      main: [{ add: { wg: 'wg', delta: 1 } }, { go: { proc: 'worker', args: { g: { reg: 'wg' } } } }, { wait: 'wg' }, { observe: { m: 1 } }],
    };
    // Act / Assert
    expect(outcomes(s)).toEqual(['m=1 w=1']);
  });
});

describe('waitgroup happens-before (rule wg)', () => {
  const mp: Scenario = {
    name: 'MP+waitgroup',
    objects: { wg: { kind: 'waitgroup' }, x: { kind: 'word' } },
    main: [
      { add: { wg: 'wg', delta: 1 } },
      { go: { body: [{ store: { to: 'x', value: 1 } }, { done: 'wg' }] } },
      { wait: 'wg' },
      { load: { from: 'x', into: 'r' } },
      { observe: { r: { reg: 'r' } } },
    ],
  };

  it('Done → the Wait it unblocks: main reads the worker\'s write', () => {
    // Act / Assert
    expect(outcomes(mp)).toEqual(['r=1']);
    expect(explore(mp).races).toEqual([]);
  });

  it('without the rule the read is a race and may see the initial value', () => {
    // Act / Assert
    expect(outcomes(mp, { semantics: mutant('memory', () => ({ hbRule: (r) => r !== 'wg' })) })).toContain('r=0');
  });
});
