// Plain words (model/memory/words.ts): the racy-read rule's parts, seen
// through the explorer on small programs whose answers Go's memory model
// states directly, and the state key's folding of growing clocks.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../harness/load.ts';
import type { Scenario, Stmt } from '../ir.ts';
import { explore } from '../explore/oracle.ts';

const W = { kind: 'word' } as const;
const st = (to: string, value: number): Stmt => ({ store: { to, value } });
const ld = (from: string, into: string): Stmt => ({ load: { from, into } });
const ob = (...rs: string[]): Stmt => ({ observe: Object.fromEntries(rs.map((r) => [r, { reg: r }])) });
const keys = (s: Scenario, memory: 'go' | 'sc' = 'go'): string[] => explore(s, { config: { memory } }).outcomes.map((o) => o.key);

describe('what a plain read may see', () => {
  it('a goroutine reads its own latest write, never an earlier one, even within one epoch', () => {
    // Two writes of one goroutine share an epoch (no release between them): program order still shadows the first.
    const s: Scenario = { name: 'own-writes', objects: { x: W }, goroutines: { P: [st('x', 1), st('x', 2), ld('x', 'r'), ob('r')] } };
    expect(keys(s)).toEqual(['{r=2}']);
  });

  it('a write another goroutine made is visible without synchronisation, and so is the initial value', () => {
    const s: Scenario = { name: 'unsync', objects: { x: W }, goroutines: { P: [st('x', 1)], Q: [ld('x', 'r'), ld('x', 's'), ob('r', 's')] } };
    // CoRR: 1 then 0 is allowed for plain words (no coherence), and is not sequentially consistent.
    expect(keys(s)).toContain('{r=1 s=0}');
    expect(keys(s, 'sc')).not.toContain('{r=1 s=0}');
  });

  it('a channel hand-off shadows the initial value for the receiver', () => {
    const s: Scenario = {
      name: 'handoff',
      objects: { x: W, c: { kind: 'chan', cap: 0 } },
      goroutines: { P: [st('x', 1), { send: { chan: 'c', value: 1 } }], Q: [{ recv: { chan: 'c' } }, ld('x', 'r'), ob('r')] },
    };
    expect(keys(s)).toEqual(['{r=1}']);
  });

  it('a promise is kept only by a write the read does not happen before, and never by its own consequence', () => {
    const lb: Scenario = { name: 'LB', objects: { x: W, y: W }, goroutines: { P: [ld('x', 'r'), st('y', 1), ob('r')], Q: [ld('y', 's'), st('x', 1), ob('s')] } };
    expect(keys(lb)).toContain('{r=1 s=1}');
    const own: Scenario = { name: 'CoRW1', objects: { x: W }, goroutines: { P: [ld('x', 'r'), st('x', 1), ob('r')] } };
    expect(keys(own)).toEqual(['{r=0}']);
    const thinAir: Scenario = {
      name: 'LB+datas',
      objects: { x: W, y: W },
      goroutines: { P: [ld('x', 'r'), { store: { to: 'y', value: { reg: 'r' } } }, ob('r')], Q: [ld('y', 's'), { store: { to: 'x', value: { reg: 's' } } }, ob('s'), st('x', 1)] },
    };
    // x=1 at the end may be promised to P (it does not depend on P's read), but no value comes from nowhere.
    expect(keys(thinAir)).toEqual(['{r=0 s=0}', '{r=1 s=0}', '{r=1 s=1}']);
  });
});

describe('state keys fold growing clocks', () => {
  it('a loop that synchronises for ever has finitely many states', () => {
    const s: Scenario = {
      name: 'sync-loop',
      objects: { x: W, c: { kind: 'chan', cap: 0 } },
      main: [{ go: { name: 'producer', body: [{ loop: [st('x', 1), { send: { chan: 'c', value: 1 } }] }] } }, { loop: [{ recv: { chan: 'c' } }, ld('x', 'r')] }],
    };
    const r = explore(s, { config: { bounds: { maxStates: 5_000 } } });
    expect(r.complete).toBe(true);
    expect(r.outcomes.map((o) => o.key)).toEqual(['may-not-terminate']);
    expect(r.racy).toBe(true);
  });
});

describe('atomics', () => {
  it('an atomic operation inside a called procedure keeps the frames the local prefix built', () => {
    // The call pushes a frame before the atomic add runs: the add advances that frame, not a stale copy of the caller's.
    const s: Scenario = {
      name: 'atomic-in-proc',
      objects: { a: { kind: 'atomic' } },
      procs: { inc: { params: { n: 'atomic' }, body: [{ let: { k: 5 } }, { atomicAdd: { to: 'n', delta: 1, into: 'v' } }, ob('v', 'k')] } },
      main: [{ let: { z: 1 } }, { call: { proc: 'inc', args: { n: { reg: 'a' } } } }, { atomicLoad: { from: 'a', into: 'r' } }, ob('r')],
    };
    expect(keys(s)).toEqual(['{k=5 r=1 v=1}']);
  });
});

describe('memInvariants (model/memory/mem.ts) after every step', () => {
  it('hold through every memory-model corpus case (explored with typeOK after each step)', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus', 'memory');
    const { cases } = loadCases([dir]);
    expect(cases.length).toBeGreaterThan(100);
    for (const { scenario } of cases) {
      if (scenario.status === 'skip') continue;
      expect(() => explore(scenario, { debug: true }), scenario.name).not.toThrow();
    }
  });
});
