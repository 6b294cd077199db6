// Select properties (properties/checks/select.ts) under Go's semantics.

import { describe, expect, it } from 'vitest';
import type { Level, Scenario } from '../model/ir.ts';
import { goSemantics } from '../model/semantics.ts';
import { randomWalk } from '../model/explore/random.ts';
import { chiSquareUniform, UNFAIR_P as REJECT_BELOW_P } from '../harness/stats.ts';
import { defaultOnlyWhenNothingReady, everyReadyCaseCanWin, selectUniform } from './checks/select.ts';
import { SEED } from './seed.ts';

describe(`select properties (seed ${SEED})`, () => {
  for (const check of [everyReadyCaseCanWin, defaultOnlyWhenNothingReady, selectUniform]) {
    it(`${check.name} ${check.claim}`, () => check.run(goSemantics));
  }
});

// A ready case with two parked counterparts. At the spec level either parked
// sender may serve case 0, so a walk that picked among *ways* would give case
// 0 two chances to case 1's one; model/explore/random.ts picks the ready case
// first (uniformly, as runtime/select.go does) and the waiter second, so both
// levels are uniform across cases.
describe('selectUniform with two parked senders behind one case (fixed scenario)', () => {
  const s: Scenario = {
    name: 'select-uniform-two-parked-senders',
    objects: { c: { kind: 'chan' }, d: { kind: 'chan', cap: 1 } },
    goroutines: {
      a: [{ send: { chan: 'c', value: 1 } }],
      b: [{ send: { chan: 'c', value: 2 } }],
      m: [{ send: { chan: 'd', value: 9 } }, { select: { cases: [{ recv: { chan: 'c', into: 'v' } }, { recv: { chan: 'd', into: 'v' } }] } }],
    },
  };

  /** Winners of m's select over the walks in which both senders had parked before it ran. */
  const winners = (level: Level): number[] => {
    const counts = [0, 0];
    for (let seed = 0; seed < 3000; seed++) {
      const steps = randomWalk(s, seed, { config: { level } }).schedule.steps;
      const at = steps.findIndex((l) => l.startsWith('g3 m: select'));
      const before = steps.slice(0, at);
      if (at < 0 || !before.includes('g1 a: send c 1') || !before.includes('g2 b: send c 2')) continue;
      counts[steps[at]!.includes('case 0') ? 0 : 1]! += 1;
    }
    return counts;
  };

  it('at gc, each ready case wins equally often', () => {
    // Act
    const t = chiSquareUniform(winners('gc'));
    // Assert
    expect(t.p).toBeGreaterThanOrEqual(REJECT_BELOW_P);
  });

  it('at spec, each ready case wins equally often, however many parked senders stand behind one', () => {
    // Act
    const t = chiSquareUniform(winners('spec'));
    // Assert
    expect(t.p).toBeGreaterThanOrEqual(REJECT_BELOW_P);
  });
});
