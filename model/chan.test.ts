// Stories of model/chan.ts: close wakes every receiver, three receivers
// share three values with nothing lost, a full buffer hands a parked
// sender's value to its tail, and each named invariant rejects the state it
// names.

import { describe, expect, it } from 'vitest';
import type { Scenario } from './ir.ts';
import type { Hchan } from './chan.ts';
import { chanInvariants, describeChan, makechan } from './chan.ts';
import type { G } from './sched.ts';
import { explore } from './explore/oracle.ts';
import { replay } from './explore/replay.ts';
import { describeOutcome } from './outcome.ts';
import { eventText } from './action.ts';

describe('close-wakes-all-receivers', () => {
  // Three receivers park on c; main closes c and waits for each to report.
  const s: Scenario = {
    name: 'close-wakes-all-receivers',
    objects: { c: { kind: 'chan' }, done: { kind: 'chan' } },
    procs: {
      r: { params: { id: 'int' }, body: [{ recv: { chan: 'c', into: 'v', ok: 'ok' } }, { observe: { ok: { reg: 'ok' }, v: { reg: 'v' } } }, { send: { chan: 'done', value: { reg: 'id' } } }] },
    },
    main: [
      { go: { proc: 'r', args: { id: 1 } } },
      { go: { proc: 'r', args: { id: 2 } } },
      { go: { proc: 'r', args: { id: 3 } } },
      { close: 'c' },
      { repeat: { times: 3, body: [{ recv: { chan: 'done' } }] } },
    ],
  };

  it('every receiver gets (0, false), whenever it arrives', () => {
    // Act
    const r = explore(s, { debug: true });
    // Assert
    expect(r.complete).toBe(true);
    expect(r.outcomes.map((o) => describeOutcome(o.outcome))).toEqual(['ok=[false false false] v=[0 0 0]']);
  });

  it('close readies the three parked receivers in one step', () => {
    // Arrange: the three receivers park first.
    const schedule = {
      scenario: s.name,
      level: 'spec' as const,
      steps: ['g1 main: go r', 'g1 main: go r', 'g1 main: go r', 'g2 r: recv c', 'g3 r: recv c', 'g4 r: recv c', 'g1 main: close c'],
    };
    // Act
    const r = replay(s, schedule);
    // Assert
    const close = r.trace[6]!;
    expect(eventText(close.events[0]!)).toBe('g1 main: close c: wakes parked receiver g2 (goready g2); wakes parked receiver g3 (goready g3); wakes parked receiver g4 (goready g4)');
    expect(r.final.gs.map((g) => g.status)).toEqual(['runnable', 'runnable', 'runnable', 'runnable']);
    expect(r.final.chans[0]).toEqual({ dataqsiz: 0, buf: [], closed: true, sendq: [], recvq: [] });
  });
});

describe('R0..R2 share three values: nothing lost, nothing duplicated', () => {
  // S sends 1, 2, 3 on an unbuffered channel; R0, R1, R2 each receive once.
  const s: Scenario = {
    name: 'three-receivers-three-values',
    objects: { c: { kind: 'chan' } },
    goroutines: {
      S: [{ for: { var: 'i', from: 1, to: 4, body: [{ send: { chan: 'c', value: { reg: 'i' } } }] } }],
      R0: [{ recv: { chan: 'c', into: 'v' } }, { observe: { r0: { reg: 'v' } } }],
      R1: [{ recv: { chan: 'c', into: 'v' } }, { observe: { r1: { reg: 'v' } } }],
      R2: [{ recv: { chan: 'c', into: 'v' } }, { observe: { r2: { reg: 'v' } } }],
    },
  };

  it('at spec, every assignment of the values to the receivers, each value once', () => {
    // Act
    const r = explore(s, { debug: true });
    // Assert: the six permutations, and nothing else.
    const got = r.outcomes.map((o) => [o.outcome.obs['r0']![0], o.outcome.obs['r1']![0], o.outcome.obs['r2']![0]].join(''));
    expect(got.sort()).toEqual(['123', '132', '213', '231', '312', '321']);
  });

  it('at gc too: FIFO wait queues narrow which receiver parks first, not what is received', () => {
    // Act
    const spec = explore(s).outcomes.map((o) => o.key);
    const gc = explore(s, { config: { level: 'gc' } }).outcomes.map((o) => o.key);
    // Assert
    expect(gc).toEqual(spec);
  });
});

describe('full buffer with a parked sender', () => {
  // c holds 1 (cap 1); w parks sending 2; main receives twice.
  const s: Scenario = {
    name: 'buffered-full-sender-goes-to-tail',
    level: 'gc',
    objects: { c: { kind: 'chan', cap: 1 } },
    main: [
      { send: { chan: 'c', value: 1 } },
      { go: { name: 'w', body: [{ send: { chan: 'c', value: 2 } }] } },
      { gosched: null },
      { recv: { chan: 'c', into: 'a' } },
      { recv: { chan: 'c', into: 'b' } },
      { observe: { got: { reg: 'a' } } },
      { observe: { got: { reg: 'b' } } },
    ],
  };

  it("takes the oldest value and moves the sender's value to the tail", () => {
    // Arrange
    const steps = ['g1 main: send c 1', 'g1 main: go w', 'g2 w: send c 2', 'g1 main: gosched', 'g1 main: recv c ← g2'];
    // Act
    const r = replay(s, { scenario: s.name, level: 'gc', steps });
    // Assert
    expect(eventText(r.trace[4]!.events[0]!)).toBe("g1 main: recv c → 1: takes 1 from c's buffer; parked g2's 2 joins the tail (goready g2)");
    expect(r.final.chans[0]!.buf).toEqual([2]);
    expect(explore(s).outcomes.map((o) => o.key)).toEqual(['{got=1,2}']);
  });
});

describe('chanInvariants name the broken state', () => {
  const parked = (goid: number): G => ({ goid, label: `g${goid}`, status: 'waiting', waitreason: 'chan send', frames: [{ unit: 0, pc: 0, regs: [], refs: [], defers: [] }] });
  const runnable = (goid: number): G => ({ goid, label: `g${goid}`, status: 'runnable', frames: [{ unit: 0, pc: 0, regs: [], refs: [], defers: [] }] });
  const gs = [parked(1), parked(2), runnable(3)];
  const cases: [keyof typeof chanInvariants, Hchan][] = [
    ['bufWithinCap', { ...makechan(1), buf: [1, 2] }],
    ['waitQueuesExclusive', { ...makechan(0), sendq: [{ goid: 1, caseIndex: -1, elem: 1 }], recvq: [{ goid: 2, caseIndex: -1 }] }],
    ['noReceiverWhileBuffered', { ...makechan(1), buf: [1], recvq: [{ goid: 2, caseIndex: -1 }] }],
    ['noSenderWhileRoom', { ...makechan(2), buf: [1], sendq: [{ goid: 1, caseIndex: -1, elem: 2 }] }],
    ['closedQueuesEmpty', { ...makechan(0), closed: true, recvq: [{ goid: 2, caseIndex: -1 }] }],
    ['sudogsOfParked', { ...makechan(0), recvq: [{ goid: 3, caseIndex: 0 }] }],
  ];
  for (const [name, c] of cases) {
    it(`${name} rejects ${describeChan('c', c)}`, () => {
      // Act
      const holds = (chanInvariants[name] as (c: Hchan, gs: readonly G[]) => boolean)(c, gs);
      const others = Object.entries(chanInvariants).filter(([n]) => n !== name).map(([n, p]) => [n, (p as (c: Hchan, gs: readonly G[]) => boolean)(c, gs)]);
      // Assert: this one fails, and the example breaks no other.
      expect(holds).toBe(false);
      expect(others.filter(([, ok]) => !ok)).toEqual([]);
    });
  }

  it('a select parked on both ends of one channel is no exception to waitQueuesExclusive', () => {
    // Arrange
    const c: Hchan = { ...makechan(0), sendq: [{ goid: 1, caseIndex: 0, elem: 1 }], recvq: [{ goid: 1, caseIndex: 1 }] };
    // Act / Assert
    expect(chanInvariants.waitQueuesExclusive(c)).toBe(true);
    expect(describeChan('c', c)).toBe('c: cap 0 buf [] sendq [g1:1] recvq [g1]');
  });
});
