// The state's slices: every State field has exactly one owning mechanism,
// initial states are built from them, and the key tells apart what each
// slice tells apart.

import { describe, expect, it } from 'vitest';
import type { Scenario } from './ir.ts';
import type { State } from './state.ts';
import { describeState, initialState, stateKey, stateSlices, typeOK } from './state.ts';
import { makeModel } from './step.ts';

// Every field of State, once: adding a field to State without listing it
// here is a type error, and without a slice owning it a test failure.
const FIELDS: Record<keyof State, true> = { gs: true, chans: true, obs: true, atomics: true, syncs: true, mem: true, exit: true, after: true, timers: true };

const everyKind: Scenario = {
  name: 'every-kind',
  objects: { c: { kind: 'chan', cap: 1 }, x: { kind: 'word' }, a: { kind: 'atomic', init: 3 }, mu: { kind: 'mutex' } },
  main: [{ send: { chan: 'c', value: 1 } }],
};

describe('state slices', () => {
  it('own every State field, each once', () => {
    const owned = stateSlices().flatMap((sl) => sl.fields);
    expect(new Set(owned).size).toBe(owned.length);
    expect([...owned].sort()).toEqual(Object.keys(FIELDS).sort());
  });

  it('build the initial state, each its own fields', () => {
    const p = makeModel(everyKind).program;
    const s = initialState(p);
    expect(s.gs.map((g) => g.label)).toEqual(['main']);
    expect(s.chans).toEqual([{ dataqsiz: 1, buf: [], closed: false, sendq: [], recvq: [] }]);
    expect(s.atomics).toEqual([3]);
    expect(s.syncs.map((x) => x.kind)).toEqual(['mutex']);
    expect(s.mem).toBeDefined();
    expect(s.obs).toEqual([]);
    for (const sl of stateSlices()) expect(Object.keys(sl.init(p)).every((k) => (sl.fields as readonly string[]).includes(k))).toBe(true);
    expect(() => typeOK(s)).not.toThrow();
    expect(describeState(p, s)).toEqual(['g1 main: runnable at main:0', 'c: cap 1 buf [] sendq [] recvq []', 'mu: unlocked sema []']);
  });

  it('give each slice its part of the key: changing one part changes the key', () => {
    const s = initialState(makeModel(everyKind).program);
    const changed: State[] = [
      { ...s, gs: [{ ...s.gs[0]!, status: 'waiting', waitreason: 'chan send' }] },
      { ...s, chans: [{ ...s.chans[0]!, buf: [1] }] },
      { ...s, atomics: [4] },
      { ...s, obs: [['r', [1]]] },
      { ...s, after: { parked: [] } },
      { ...s, exit: { end: 'fatal', message: 'a # in free text' } },
    ];
    const keys = [s, ...changed].map(stateKey);
    expect(new Set(keys).size).toBe(keys.length);
    // Only the last part, the program's, may hold a `#` of its own.
    expect(stateSlices()[stateSlices().length - 1]!.name).toBe('program');
    for (const sl of stateSlices().slice(0, -1)) for (const x of [s, ...changed]) expect(sl.key(x)).not.toContain('#');
  });

  it('name the slice and the object whose invariant fails', () => {
    const s = initialState(makeModel(everyKind).program);
    expect(() => typeOK({ ...s, chans: [{ ...s.chans[0]!, buf: [1, 2] }] })).toThrow(/chan invariant bufWithinCap fails on channel #0/);
    expect(() => typeOK({ ...s, obs: [['b', [1]], ['a', [2]]] })).toThrow(/obs is not sorted/);
  });
});
