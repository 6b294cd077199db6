// Stories of sync.Once (model/sync/once.ts, actions.ts, the `once`
// statement's compilation): f runs once, a `return` in f ends f, registers
// f sets are the caller's, waiters return after f, and the edge f → Do.

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../ir.ts';
import { CompileError, compile } from '../compile.ts';
import { explore } from '../explore/oracle.ts';
import { describeOutcome } from '../outcome.ts';
import { mutant } from '../semantics.ts';
import { enterWays, newOnce, onceEnter, onceExit, onceInvariants } from './once.ts';

const outcomes = (s: Scenario, o: Parameters<typeof explore>[1] = {}): string[] =>
  explore(s, { debug: true, ...o }).outcomes.map((x) => describeOutcome(x.outcome));

describe('once ways', () => {
  it('the first runs f, others wait while it runs, and skip once it is done', () => {
    // Arrange
    const running = onceEnter(newOnce(), 1, { kind: 'run' });
    const waiting = onceEnter(running, 2, { kind: 'park' });
    // Act
    const exit = onceExit(waiting);
    // Assert
    expect(enterWays(newOnce(), true)).toEqual([{ kind: 'run' }]);
    expect(enterWays(running, true)).toEqual([{ kind: 'park' }]);
    expect(exit.ready).toEqual([2]);
    expect(enterWays(exit.once, true)).toEqual([{ kind: 'skip' }]);
    expect(onceInvariants.waitersOnlyWhileRunning(exit.once)).toBe(true);
  });
});

describe('the once statement', () => {
  it('f shares the caller\'s registers, and a return in f ends f only', () => {
    // Arrange
    const s: Scenario = {
      name: 'once-return',
      objects: { o: { kind: 'once' } },
      main: [
        { repeat: { times: 2, body: [{ once: { once: 'o', body: [{ let: { x: 1 } }, { return: null }, { let: { x: 2 } }] } }] } },
        { observe: { x: { reg: 'x' } } },
      ],
    };
    // Act / Assert
    expect(outcomes(s)).toEqual(['x=1']);
  });

  it('return with a value and defer inside f do not compile', () => {
    // Arrange
    const withValue: Scenario = { name: 'x', objects: { o: { kind: 'once' } }, main: [{ once: { once: 'o', body: [{ return: 1 }] } }] };
    const withDefer: Scenario = { name: 'x', objects: { o: { kind: 'once' } }, main: [{ once: { once: 'o', body: [{ defer: { observe: { d: 1 } } }] } }] };
    // Act / Assert
    expect(() => compile(withValue)).toThrow(CompileError);
    expect(() => compile(withDefer)).toThrow(/defer inside a once body/);
  });

  it('f calling Do on its own Once waits for itself: a deadlock', () => {
    // Arrange
    const s: Scenario = { name: 'x', objects: { o: { kind: 'once' } }, main: [{ once: { once: 'o', body: [{ once: { once: 'o', body: [] } }] } }] };
    // Act / Assert
    expect(outcomes(s)).toEqual(['fatal error: all goroutines are asleep - deadlock!']);
  });
});

describe('once happens-before (rule once)', () => {
  // f writes x; a thread whose Do did not run f reads x after Do returns.
  const s: Scenario = {
    name: 'MP+once',
    objects: { o: { kind: 'once' }, x: { kind: 'word' } },
    goroutines: {
      P: [{ once: { once: 'o', body: [{ store: { to: 'x', value: 1 } }] } }, { load: { from: 'x', into: 'r' } }, { observe: { p: { reg: 'r' } } }],
      Q: [{ once: { once: 'o', body: [{ store: { to: 'x', value: 1 } }] } }, { load: { from: 'x', into: 'r' } }, { observe: { q: { reg: 'r' } } }],
    },
  };

  it('the completion of f → every Do returns: both read 1, no race', () => {
    // Act / Assert
    expect(outcomes(s)).toEqual(['p=1 q=1']);
    expect(explore(s).races).toEqual([]);
  });

  it('without the rule a Do that skipped f may read the initial value', () => {
    // Act / Assert
    expect(outcomes(s, { semantics: mutant('memory', () => ({ hbRule: (r) => r !== 'once' })) })).toContain('p=0 q=1');
  });
});
