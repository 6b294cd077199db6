// model/explore/measure.ts: the model's bound on a measure body, at the gc
// level with steps that take no time.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../ir.ts';
import { explore } from './oracle.ts';
import { compile } from '../compile.ts';
import { measureBounds, measuredNames } from './measure.ts';

const sleeper = (ns: number): Scenario => ({
  name: 'sleeper',
  level: 'gc',
  objects: {},
  main: [{ measure: { name: 'nap', body: [{ sleep: ns }] } }, { observe: { done: true } }],
});

describe('measureBounds', () => {
  it('bounds a sleep by its duration: a timer fires neither early nor, when steps take no time, late', () => {
    // Arrange
    const s = sleeper(3_000_000);
    // Act
    const r = measureBounds(s);
    // Assert
    expect(r).toEqual({ bounds: [{ name: 'nap', maxNs: 3_000_000 }], complete: true });
  });

  it('bounds a wait for a goroutine that sleeps by the sleep, and a body with no wait by 0', () => {
    // Arrange
    const s: Scenario = {
      name: 'waits',
      level: 'gc',
      objects: { c: { kind: 'chan' } },
      main: [
        { go: { name: 'late', body: [{ sleep: 2_000_000 }, { send: { chan: 'c', value: 1 } }] } },
        { measure: { name: 'none', body: [{ let: { x: 1 } }] } },
        { measure: { name: 'recv', body: [{ recv: { chan: 'c' } }] } },
      ],
    };
    // Act
    const r = measureBounds(s);
    // Assert: sorted by name
    expect(r.bounds).toEqual([{ name: 'none', maxNs: 0 }, { name: 'recv', maxNs: 2_000_000 }]);
    expect(measuredNames(compile(s))).toEqual(['none', 'recv']);
  });

  it('gives no bound to a body no run completes, and says when the search stops early', () => {
    // Arrange: the body blocks for ever; a goroutine that sleeps in a loop for ever makes time unbounded
    const stuck: Scenario = { name: 'stuck', level: 'gc', objects: { c: { kind: 'chan' } }, main: [{ measure: { name: 'never', body: [{ recv: { chan: 'c' } }] } }] };
    const forever: Scenario = { name: 'forever', level: 'gc', objects: {}, main: [{ measure: { name: 'loop', body: [{ loop: [{ sleep: 1_000_000 }] }] } }] };
    // Act
    const a = measureBounds(stuck);
    const b = measureBounds(forever, { bounds: { maxStates: 500 } });
    // Assert
    expect(a).toEqual({ bounds: [{ name: 'never', maxNs: null }], complete: true });
    expect(b.complete).toBe(false);
  });

  it('is part of the gc level\'s exploration, and of no spec-level one (time orders nothing there)', () => {
    // Arrange
    const s = sleeper(1_000_000);
    // Act
    const gc = explore(s);
    const spec = explore({ ...s, level: 'spec' });
    // Assert
    expect(gc.measured?.bounds).toEqual([{ name: 'nap', maxNs: 1_000_000 }]);
    expect(spec.measured).toBeUndefined();
  });
});
