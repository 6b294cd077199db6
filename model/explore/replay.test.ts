// Stories of replay and random walks (model/explore/replay.ts, random.ts):
// a walk is a function of its seed and replays step for step; a schedule
// that does not fit says where and what was possible; a walk stopped by the
// depth bound has no outcome.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../ir.ts';
import { randomWalk } from './random.ts';
import { replay, ReplayMismatch } from './replay.ts';

const race: Scenario = {
  name: 'two-senders',
  objects: { c: { kind: 'chan' } },
  main: [
    { go: { name: 'a', body: [{ send: { chan: 'c', value: 1 } }] } },
    { go: { name: 'b', body: [{ send: { chan: 'c', value: 2 } }] } },
    { recv: { chan: 'c', into: 'v' } },
    { observe: { v: { reg: 'v' } } },
  ],
};

describe('randomWalk and replay', () => {
  it('a walk records its seed and replays to the same outcome, one numbered trace line per step', () => {
    // Act
    const w = randomWalk(race, 7);
    const r = replay(race, w.schedule);
    // Assert
    expect(w.schedule.seed).toBe(7);
    expect(r.trace.map((t) => t.n)).toEqual(w.schedule.steps.map((_, i) => i + 1));
    expect(r.trace.map((t) => t.label)).toEqual(w.schedule.steps);
    expect(r.outcome).toEqual(w.outcome);
  });

  it('a schedule that stops early replays to no outcome, with the state reached', () => {
    // Act
    const r = replay(race, { scenario: race.name, level: 'spec', steps: ['g1 main: go a'] });
    // Assert
    expect(r.outcome).toBeNull();
    expect(r.final.gs.map((g) => g.label)).toEqual(['main', 'a']);
  });

  it('a step that is not possible names the step and what was possible', () => {
    // Act
    const run = (): unknown => replay(race, { scenario: race.name, level: 'spec', steps: ['g1 main: go a', 'g3 b: send c 2'] });
    // Assert
    expect(run).toThrow(ReplayMismatch);
    expect(run).toThrow('step 2: "g3 b: send c 2" is not possible here; possible: "g1 main: go b", "g2 a: send c 1"');
  });

  it('a walk cut by the depth bound has no outcome', () => {
    // Act
    const w = randomWalk(race, 7, { config: { bounds: { maxDepth: 2 } }, debug: true });
    // Assert
    expect(w.outcome).toBeNull();
    expect(w.schedule.steps).toHaveLength(2);
  });
});

describe('replay draws the run’s happens-before edges', () => {
  it('a rendezvous: go, then send → recv and the unbuffered recv → send, each with its rule', () => {
    // Arrange
    const s: Scenario = {
      name: 'rendezvous-edges',
      objects: { c: { kind: 'chan' } },
      main: [{ go: { body: [{ send: { chan: 'c', value: 7 } }] } }, { recv: { chan: 'c', into: 'v' } }],
    };
    const schedule = { scenario: s.name, level: 'spec' as const, steps: ['g1 main: go main.func1', 'g1 main: recv c', 'g2 main.func1: send c 7 → g1'] };
    // Act
    const r = replay(s, schedule);
    // Assert: steps are 0-based; main parked at step 1, the send at step 2 completes both.
    expect(r.edges).toEqual([
      { rule: 'go', from: { goid: 1, step: 0 }, to: { goid: 2, step: 0 } },
      { rule: 'send', from: { goid: 2, step: 2 }, to: { goid: 1, step: 2 } },
      { rule: 'unbuf', from: { goid: 1, step: 1 }, to: { goid: 2, step: 2 } },
    ]);
  });
});
