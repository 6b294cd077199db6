// Stories of the search engine (model/explore/search.ts): both orders visit
// the same nodes, breadth first gives shortest paths, bounds are reported,
// and a walk runs a strategy, on past main's return, to the outcome.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../ir.ts';
import type { Choice } from '../step.ts';
import { makeModel } from '../step.ts';
import type { Visitor } from './search.ts';
import { exhaustive, labelsAlong, walk } from './search.ts';
import { explore } from './oracle.ts';

/** Counting modulo 12 by +1 or +5: every residue is reachable, the shortest path to 10 is +5 +5. */
const modular: Visitor<number, { choice: Choice; to: number }> = {
  key: String,
  choice: (e) => e.choice,
  target: (e) => e.to,
  expand: (n) => [1, 5].map((d, alt) => ({ choice: { actor: 1, alt }, to: (n + d) % 12 })),
};

describe('exhaustive', () => {
  it('breadth first reaches every node once, each by a shortest path', () => {
    // Act
    const x = exhaustive(0, modular, { maxStates: 100, edges: true });
    // Assert
    expect(x.complete).toBe(true);
    expect(x.states).toBe(12);
    expect(x.transitions).toBe(24);
    expect(x.from.length).toBe(24);
    expect(x.pathTo(x.ids.get('10')!)).toEqual([{ actor: 1, alt: 1 }, { actor: 1, alt: 1 }]);
    expect(x.deepest).toBe(5);
  });

  it('depth first reaches the same nodes, each by the path that first reached it', () => {
    // Act
    const x = exhaustive(0, modular, { maxStates: 100, order: 'dfs' });
    // Assert
    expect([...x.ids.keys()].sort()).toEqual([...exhaustive(0, modular, { maxStates: 100 }).ids.keys()].sort());
    for (const [key, id] of x.ids) expect(x.pathTo(id).reduce((n, c) => (n + [1, 5][c.alt]!) % 12, 0)).toBe(Number(key));
  });

  it('a bound is reported, and the node it cut is not counted as expanded', () => {
    // Act
    const states = exhaustive(0, modular, { maxStates: 5 });
    const depth = exhaustive(0, modular, { maxStates: 100, maxDepth: 1 });
    // Assert
    expect(states.boundHit).toEqual({ kind: 'states', limit: 5 });
    expect(states.states).toBe(5);
    expect(states.expanded.filter(Boolean).length).toBeLessThan(states.states);
    expect(depth.boundHit).toEqual({ kind: 'depth', limit: 1 });
    expect(depth.states).toBe(3);
  });

  it('the oracle, a visitor of it, gives the witness labels along its shortest paths', () => {
    // Arrange
    const s: Scenario = { name: 'two-senders', objects: { c: { kind: 'chan', cap: 1 } }, main: [{ go: { body: [{ send: { chan: 'c', value: 1 } }] } }, { recv: { chan: 'c', into: 'v' } }, { observe: { v: { reg: 'v' } } }] };
    // Act
    const r = explore(s);
    // Assert: each witness is the labels of a path the engine recorded, and they replay.
    for (const o of r.outcomes) expect(o.witness.steps.length).toBeGreaterThan(0);
    expect(r.outcomes.map((o) => o.key)).toEqual(['{v=1}']);
  });
});

describe('walk', () => {
  const s: Scenario = {
    name: 'helper-left-behind',
    objects: { c: { kind: 'chan' } },
    main: [{ go: { name: 'h', body: [{ recv: { chan: 'c' } }] } }, { observe: { done: 1 } }],
  };

  it('runs a strategy to the end, on past main’s return, and names what stopped it', () => {
    // Arrange: always the first successor.
    const m = makeModel(s);
    // Act
    const r = walk(m, (_st, succ) => (succ.length > 0 ? 0 : null));
    // Assert: main returns first; the helper then parks on c for ever.
    expect(r.stop).toBe('end');
    expect(r.outcome?.leaked).toEqual(['h']);
    expect(labelsAlong(m, r.steps.map((x) => x.choice))).toEqual(r.steps.map((x) => x.label));
    expect(r.steps.some((x) => x.afterMain)).toBe(true);
  });

  it('a strategy that stops, and the step bound, end the walk without an outcome', () => {
    // Arrange
    const m = makeModel(s);
    // Act
    const stopped = walk(m, () => null);
    const bounded = walk(m, () => 0, { maxSteps: 1 });
    // Assert
    expect(stopped).toMatchObject({ stop: 'strategy', outcome: null, steps: [] });
    expect(bounded).toMatchObject({ stop: 'bound', outcome: null });
    expect(bounded.steps).toHaveLength(1);
  });

  it('a strategy picking a successor that does not exist is an error, not a wrong run', () => {
    expect(() => walk(makeModel(s), () => 9)).toThrow(/picked #9/);
  });
});
