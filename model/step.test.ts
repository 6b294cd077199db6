// Stories of the transition function (model/step.ts) and the goroutine-local
// code it runs (model/local.ts, model/compile.ts): nil channels in select,
// defers in LIFO order, Go's run-time panics, calls with results, loops and
// branches, main exiting with goroutines still parked, and sync statements
// reaching the transition function.

import { describe, expect, it } from 'vitest';
import type { Scenario, Stmt } from './ir.ts';
import { CompileError, compile } from './compile.ts';
import { choiceLabel, enabled, initial, isDeadlock, makeModel, step, terminal } from './step.ts';
import { describeState, InconsistentState, typeOK } from './state.ts';
import { explore } from './explore/oracle.ts';
import { describeOutcome } from './outcome.ts';

/** The explored outcomes of a main program, as report lines. */
function outcomesOf(main: Stmt[], objects: Scenario['objects'] = {}, extra: Partial<Scenario> = {}): string[] {
  const r = explore({ name: 'story', objects, main, ...extra }, { debug: true });
  expect(r.complete).toBe(true);
  return r.outcomes.map((o) => describeOutcome(o.outcome));
}

describe('select over nil channels', () => {
  const nil = { n: { kind: 'chan', nil: true } } as const;

  it('nil cases are never ready: with default, default runs', () => {
    // Act / Assert
    expect(outcomesOf([{ select: { cases: [{ recv: { chan: 'n' } }, { send: { chan: 'n', value: 1 } }], default: [{ observe: { d: 1 } }] } }], nil)).toEqual(['d=1']);
  });

  it('without default a select of nil cases parks forever: a deadlock', () => {
    // Arrange
    const m = makeModel({ name: 'nil-select', objects: nil, main: [{ select: { cases: [{ recv: { chan: 'n' } }] } }] });
    // Act
    const s1 = step(m, initial(m), enabled(m, initial(m))[0]!).state;
    // Assert
    expect(s1.gs[0]!.waitreason).toBe('select');
    expect(s1.chans).toEqual([]);
    expect(isDeadlock(m, s1)).toBe(true);
    expect(terminal(m, s1)?.end).toBe('deadlock');
  });

  it('`select {}` parks with Go\'s wait reason "select (no cases)"', () => {
    // Arrange
    const m = makeModel({ name: 'empty-select', main: [{ select: { cases: [] } }] });
    // Act
    const s1 = step(m, initial(m), { actor: 1, alt: 0 }).state;
    // Assert
    expect(describeState(m.program, s1)).toEqual(['g1 main: waiting [select (no cases)] at main:0']);
  });

  it('send and receive on a nil channel block forever', () => {
    // Act / Assert
    expect(outcomesOf([{ send: { chan: 'n', value: 1 } }], nil)).toEqual(['fatal error: all goroutines are asleep - deadlock!']);
    expect(outcomesOf([{ recv: { chan: 'n' } }], nil)).toEqual(['fatal error: all goroutines are asleep - deadlock!']);
  });
});

describe('defer', () => {
  it('deferred statements run last-in first-out, with arguments captured when defer ran', () => {
    // Arrange: x is 1, 2, 3 when each defer runs, and 9 at return.
    const main: Stmt[] = [
      { let: { x: 1 } },
      { defer: { observe: { d: { reg: 'x' } } } },
      { let: { x: 2 } },
      { defer: { observe: { d: { reg: 'x' } } } },
      { let: { x: 3 } },
      { defer: { observe: { d: { reg: 'x' } } } },
      { let: { x: 9 } },
      { observe: { body: { reg: 'x' } } },
    ];
    // Act / Assert
    expect(outcomesOf(main)).toEqual(['body=9 d=[3 2 1]']);
  });

  it('a deferred close runs when the procedure returns, after its result is computed', () => {
    // Arrange
    const s: Scenario = {
      name: 'defer-in-proc',
      objects: { c: { kind: 'chan', cap: 1 } },
      procs: { f: { params: { c: 'chan' }, body: [{ defer: { close: 'c' } }, { return: { len: 'c' } }] } },
      main: [{ call: { proc: 'f', args: { c: { reg: 'c' } }, into: 'r' } }, { recv: { chan: 'c', into: 'v', ok: 'ok' } }, { observe: { r: { reg: 'r' }, ok: { reg: 'ok' } } }],
    };
    // Act / Assert
    expect(explore(s).outcomes.map((o) => describeOutcome(o.outcome))).toEqual(['ok=false r=0']);
  });
});

describe("Go's run-time panics", () => {
  it('integer division by zero', () => {
    // Act / Assert
    expect(outcomesOf([{ let: { z: 0 } }, { let: { q: { bin: '/', l: 7, r: { reg: 'z' } } } }])).toEqual(['panic: runtime error: integer divide by zero [goroutine main]']);
    expect(outcomesOf([{ let: { z: 0 } }, { observe: { m: { bin: '%', l: 7, r: { reg: 'z' } } } }])).toEqual(['panic: runtime error: integer divide by zero [goroutine main]']);
  });

  it('a panic in a goroutine names that goroutine', () => {
    // Act / Assert
    expect(outcomesOf([{ go: { name: 'w', body: [{ panic: 'boom' }] } }, { recv: { chan: 'c' } }], { c: { kind: 'chan' } })).toEqual(['panic: boom [goroutine w]']);
  });

  it('close of a nil channel, close of a closed channel, send on a closed channel', () => {
    // Arrange
    const objects = { c: { kind: 'chan' }, n: { kind: 'chan', nil: true } } as const;
    // Act / Assert
    expect(outcomesOf([{ close: 'n' }], objects)).toEqual(['panic: close of nil channel [goroutine main]']);
    expect(outcomesOf([{ close: 'c' }, { close: 'c' }], objects)).toEqual(['panic: close of closed channel [goroutine main]']);
    expect(outcomesOf([{ close: 'c' }, { send: { chan: 'c', value: 1 } }], objects)).toEqual(['panic: send on closed channel [goroutine main]']);
    expect(outcomesOf([{ close: 'c' }, { select: { cases: [{ send: { chan: 'c', value: 1 } }] } }], objects)).toEqual(['panic: send on closed channel [goroutine main]']);
  });

  it("a sender parked when the channel closes panics when it runs", () => {
    // Act / Assert
    expect(outcomesOf([{ go: { name: 'w', body: [{ send: { chan: 'c', value: 1 } }] } }, { gosched: null }, { close: 'c' }, { sleep: 10 }], { c: { kind: 'chan' } })).toEqual([
      'panic: send on closed channel [goroutine w]',
      'ok',
    ]);
  });
});

describe('calls, loops and branches', () => {
  it('a call returns its value into a register; procedures may recurse', () => {
    // Arrange: fact(n) = n * fact(n-1), fact(0) = 1
    const s: Scenario = {
      name: 'fact',
      procs: {
        fact: {
          params: { n: 'int' },
          body: [
            { if: { cond: { bin: '<=', l: { reg: 'n' }, r: 0 }, then: [{ return: 1 }] } },
            { call: { proc: 'fact', args: { n: { bin: '-', l: { reg: 'n' }, r: 1 } }, into: 'r' } },
            { return: { bin: '*', l: { reg: 'n' }, r: { reg: 'r' } } },
          ],
        },
      },
      main: [{ call: { proc: 'fact', args: { n: 5 }, into: 'f' } }, { observe: { f: { reg: 'f' } } }],
    };
    // Act / Assert
    expect(explore(s).outcomes.map((o) => describeOutcome(o.outcome))).toEqual(['f=120']);
  });

  it('while, loop, break, continue, if/else and the comparison and logic operators', () => {
    // Arrange: odd numbers below 8 by `while`, then a `loop` broken at 3.
    const main: Stmt[] = [
      { let: { i: 0 } },
      {
        while: {
          cond: { bin: '<', l: { reg: 'i' }, r: 8 },
          body: [
            { let: { i: { bin: '+', l: { reg: 'i' }, r: 1 } } },
            { if: { cond: { bin: '==', l: { bin: '%', l: { reg: 'i' }, r: 2 }, r: 0 }, then: [{ continue: null }], else: [{ observe: { odd: { reg: 'i' } } }] } },
          ],
        },
      },
      { let: { j: 0 } },
      {
        loop: [
          { let: { j: { bin: '+', l: { reg: 'j' }, r: 1 } } },
          { if: { cond: { bin: '||', l: { bin: '>=', l: { reg: 'j' }, r: 3 }, r: false }, then: [{ break: null }] } },
        ],
      },
      { observe: { j: { reg: 'j' }, t: { bin: '&&', l: { bin: '!=', l: 1, r: 2 }, r: { un: '!', x: { bin: '>', l: 1, r: 2 } } }, neg: { un: '-', x: { bin: '/', l: -7, r: 2 } } } },
    ];
    // Act / Assert: Go's division truncates towards zero, so -7/2 = -3.
    expect(outcomesOf(main)).toEqual(['j=3 neg=3 odd=[1 3 5 7] t=true']);
  });

  it('a goroutine started with a procedure gets its arguments, a closure a copy of the registers', () => {
    // Arrange
    const s: Scenario = {
      name: 'go-args',
      objects: { c: { kind: 'chan' } },
      procs: { w: { params: { out: 'chan', k: 'int' }, body: [{ send: { chan: 'out', value: { bin: '*', l: { reg: 'k' }, r: 10 } } }] } },
      main: [
        { let: { x: 4 } },
        { go: { proc: 'w', args: { out: { reg: 'c' }, k: { reg: 'x' } } } },
        { go: { body: [{ send: { chan: 'c', value: { reg: 'x' } } }] } },
        { let: { x: 5 } },
        { recv: { chan: 'c', into: 'a' } },
        { recv: { chan: 'c', into: 'b' } },
        { observe: { sum: { bin: '+', l: { reg: 'a' }, r: { reg: 'b' } } } },
      ],
    };
    // Act / Assert: 40 + 4, never 5: the closure copied x when `go` ran.
    expect(explore(s).outcomes.map((o) => describeOutcome(o.outcome))).toEqual(['sum=44']);
  });

  it('len and cap of a channel, 0 for a nil one', () => {
    // Act / Assert
    expect(outcomesOf([{ send: { chan: 'c', value: 1 } }, { observe: { l: { len: 'c' }, k: { cap: 'c' }, nl: { len: 'n' } } }], { c: { kind: 'chan', cap: 3 }, n: { kind: 'chan', nil: true } })).toEqual(['k=3 l=1 nl=0']);
  });
});

describe('how a program ends', () => {
  it('main returning abandons goroutines: parked at exit if they had parked, leaked if they can never finish', () => {
    // Act / Assert
    expect(outcomesOf([{ go: { name: 'w', body: [{ recv: { chan: 'c' } }] } }, { sleep: 1 }], { c: { kind: 'chan' } })).toEqual(['leaked (blocked for ever): w', 'parked at exit: w; leaked (blocked for ever): w']);
    expect(outcomesOf([{ go: { name: 'w', body: [{ recv: { chan: 'c' } }] } }, { go: { name: 'f', body: [{ send: { chan: 'c', value: 1 } }] } }], { c: { kind: 'chan' } })).toEqual(['ok', 'parked at exit: f', 'parked at exit: w']);
    expect(outcomesOf([{ go: { name: 'w', body: [{ loop: [{ gosched: null }] }] } }], {})).toEqual(['spinning for ever: w']);
  });

  it('after main returns, a panic ends only its own goroutine: there is no process left to crash', () => {
    // Act / Assert: the sender panics on the closed channel after main's return, or main's close wakes it first
    expect(outcomesOf([{ go: { name: 'w', body: [{ send: { chan: 'c', value: 1 } }] } }, { close: 'c' }], { c: { kind: 'chan' } })).toEqual(['panic: send on closed channel [goroutine w]', 'ok']);
  });

  it('litmus form: ok when every thread finishes, deadlock when one stays parked', () => {
    // Arrange
    const objects = { c: { kind: 'chan' } } as const;
    const ok: Scenario = { name: 'litmus-ok', objects, goroutines: { P0: [{ send: { chan: 'c', value: 1 } }], P1: [{ recv: { chan: 'c' } }] } };
    const stuck: Scenario = { name: 'litmus-stuck', objects, goroutines: { P0: [{ send: { chan: 'c', value: 1 } }], P1: [{ observe: { x: 1 } }] } };
    // Act / Assert
    expect(explore(ok).outcomes.map((o) => o.key)).toEqual(['{}']);
    expect(explore(stuck).outcomes.map((o) => o.key)).toEqual(['deadlock']);
  });

  it('a step of a goroutine that is not runnable, or a way it does not have, is an error', () => {
    // Arrange
    const m = makeModel({ name: 'one', main: [{ gosched: null }] });
    // Act / Assert
    expect(() => step(m, initial(m), { actor: 2, alt: 0 })).toThrow('g2 is not runnable');
    expect(() => step(m, initial(m), { actor: 1, alt: 1 })).toThrow('g1 has no way #1');
    expect(choiceLabel(m, initial(m), { actor: 1, alt: 0 })).toBe('g1 main: gosched');
  });
});

describe('sync statements', () => {
  it('compile to sync instructions the transition function runs (model/sync/)', () => {
    // Arrange
    const s: Scenario = { name: 'uses-a-mutex', objects: { mu: { kind: 'mutex' } }, main: [{ lock: 'mu' }, { unlock: 'mu' }, { observe: { x: 1 } }] };
    // Act
    const p = compile(s);
    // Assert
    expect(p.units[0]!.code.slice(0, 2).map((i) => (i.op === 'sync' ? `${i.kind} ${i.name}` : i.op))).toEqual(['lock mu', 'unlock mu']);
    expect(outcomesOf(s.main!, s.objects)).toEqual(['x=1']);
  });
});

describe('compile errors name the place', () => {
  const cases: [string, Scenario, RegExp][] = [
    ['an unknown channel', { name: 'x', main: [{ send: { chan: 'nope', value: 1 } }] }, /main\[0\]\.send\.chan: unknown chan "nope"/],
    ['an object of the wrong kind', { name: 'x', objects: { w: { kind: 'word' } }, main: [{ close: 'w' }] }, /main\[0\]\.close: "w" is a word, not a chan/],
    ['an unknown procedure', { name: 'x', main: [{ call: { proc: 'f' } }] }, /unknown procedure "f"/],
    ['a missing argument', { name: 'x', procs: { f: { params: { n: 'int' }, body: [] } }, main: [{ call: { proc: 'f' } }] }, /missing argument "n" for f/],
    ['break outside a loop', { name: 'x', main: [{ break: null }] }, /main\[0\]\.break: break outside a loop/],
    ['continue outside a loop', { name: 'x', main: [{ select: { cases: [], default: [{ continue: null }] } }] }, /continue outside a loop/],
  ];
  for (const [what, s, message] of cases) {
    it(what, () => {
      // Act / Assert
      expect(() => compile(s)).toThrow(CompileError);
      expect(() => compile(s)).toThrow(message);
    });
  }
});

describe('typeOK', () => {
  it('throws InconsistentState naming the invariant that fails', () => {
    // Arrange: a buffer over capacity, and observations out of order.
    const m = makeModel({ name: 'x', objects: { c: { kind: 'chan', cap: 1 } }, main: [] });
    const s0 = initial(m);
    // Act / Assert
    expect(() => typeOK({ ...s0, chans: [{ ...s0.chans[0]!, buf: [1, 2] }] })).toThrow(/chan invariant bufWithinCap fails on channel #0/);
    expect(() => typeOK({ ...s0, obs: [['b', [1]], ['a', [2]]] })).toThrow(InconsistentState);
    expect(() => typeOK({ ...s0, gs: [{ ...s0.gs[0]!, goid: 7 }] })).toThrow(/sched invariant goidsDense fails/);
  });
});
