// Stories of the oracle (model/explore/oracle.ts): the statistics a case can
// pin, bounds that are reported instead of silently cutting the search,
// runs that cannot end, and shortest witnesses.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../ir.ts';
import { explore } from './oracle.ts';

const rendezvous: Scenario = {
  name: 'rendezvous',
  objects: { c: { kind: 'chan' } },
  main: [{ go: { body: [{ send: { chan: 'c', value: 7 } }] } }, { recv: { chan: 'c', into: 'v' } }, { observe: { v: { reg: 'v' } } }],
};

describe('explore', () => {
  it('computes the outcome set, a shortest witness for each, and the statistics', () => {
    // Act
    const r = explore(rendezvous);
    // Assert
    expect(r.complete).toBe(true);
    expect(r.boundHit).toBeUndefined();
    expect(r.outcomes.map((o) => o.key)).toEqual(['{v=7}']);
    // main's return leaves g2 runnable: the witness runs it on to its return (settle.ts), so no leak.
    expect(r.outcomes[0]!.witness.steps).toEqual(['g1 main: go main.func1', 'g1 main: recv c', 'g2 main.func1: send c 7 → g1', 'g1 main: observe v', 'g1 main: return', 'g2 main.func1: return']);
    expect(r.stats).toMatchObject({ states: 14, transitions: 16, maxDepth: 6 });
  });

  it('hitting the state bound is reported: complete=false with boundHit', () => {
    // Act
    const r = explore(rendezvous, { config: { bounds: { maxStates: 3 } } });
    // Assert
    expect(r.complete).toBe(false);
    expect(r.boundHit).toEqual({ kind: 'states', limit: 3 });
    expect(r.stats.states).toBe(3);
  });

  it('hitting the depth bound is reported the same way', () => {
    // Act
    const r = explore(rendezvous, { config: { bounds: { maxDepth: 2 } } });
    // Assert
    expect(r.complete).toBe(false);
    expect(r.boundHit).toEqual({ kind: 'depth', limit: 2 });
    expect(r.outcomes).toEqual([]);
  });

  it('a run that can no longer end is the outcome may-not-terminate, with a witness to where it got stuck', () => {
    // Arrange: main returns if it wins the race for the token (w then stays
    // blocked for ever: leaked, parked at exit or not yet); if w wins, main
    // waits for a value nobody sends while w spins forever.
    const s: Scenario = {
      name: 'spin-while-main-waits',
      objects: { c: { kind: 'chan' }, token: { kind: 'chan', cap: 1 } },
      main: [
        { send: { chan: 'token', value: 1 } },
        { go: { name: 'w', body: [{ recv: { chan: 'token' } }, { loop: [{ gosched: null }] }] } },
        { select: { cases: [{ recv: { chan: 'token' }, body: [{ observe: { won: 1 } }] }], default: [{ recv: { chan: 'c' } }] } },
      ],
    };
    // Act
    const r = explore(s);
    // Assert
    expect(r.complete).toBe(true);
    expect(r.outcomes.map((o) => o.key)).toEqual(['may-not-terminate', '{won=1} leaked=w', '{won=1} parked=w leaked=w']);
    expect(r.outcomes[0]!.witness.steps).toEqual(['g1 main: send token 1', 'g1 main: go w', 'g2 w: recv token']);
  });

  it('the level comes from the options, else from the case', () => {
    // Act / Assert
    expect(explore({ ...rendezvous, level: 'gc' }).level).toBe('gc');
    expect(explore({ ...rendezvous, level: 'gc' }, { config: { level: 'spec' } }).level).toBe('spec');
  });
});
