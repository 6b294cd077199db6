// `readySelect(constraints)`: a one-goroutine scenario that reaches a select
// whose cases are each ready or not for a reason fixed in advance, so that
// which cases may win is known without asking the model:
//
//   ready:      recv from a buffered channel main filled    (bufferedRecv)
//               recv from a channel main closed             (closedRecv)
//               send to a buffered channel with room        (roomSend)
//   never ready: recv from / send to a nil channel         (nilRecv, nilSend)
//               recv from an empty unbuffered channel      (emptyRecv)
//               send to a full buffered channel            (fullSend)
//
// Each case has its own channel `s<i>` and its body observes `won: i`; with
// `default`, the default observes `won: -1`. Main runs alone, so a random
// walk's only choice is the select's: the winners' distribution is the
// select's distribution.

import fc from 'fast-check';
import type { Level, ObjectDecl, Scenario, SelectCase, Stmt } from '../../model/ir.ts';

export type ReadyKind = 'bufferedRecv' | 'closedRecv' | 'roomSend';
export type IdleKind = 'nilRecv' | 'nilSend' | 'emptyRecv' | 'fullSend';

export interface ReadySelect {
  readonly scenario: Scenario;
  /** Indexes of the cases that are ready when the select runs. */
  readonly ready: readonly number[];
  readonly cases: readonly (ReadyKind | IdleKind)[];
}

export interface ReadySelectConstraints {
  /** Ready cases: minReady..maxReady (defaults 2..4). */
  readonly minReady?: number;
  readonly maxReady?: number;
  /** Cases that are never ready: 0..maxIdle (default 2). */
  readonly maxIdle?: number;
  /** Levels to draw from (default both). */
  readonly levels?: readonly Level[];
}

export function readySelect(constraints: ReadySelectConstraints = {}): fc.Arbitrary<ReadySelect> {
  const readyKind = fc.constantFrom<ReadyKind>('bufferedRecv', 'closedRecv', 'roomSend');
  const idleKind = fc.constantFrom<IdleKind>('nilRecv', 'nilSend', 'emptyRecv', 'fullSend');
  return fc
    .record({
      ready: fc.array(readyKind, { minLength: constraints.minReady ?? 2, maxLength: constraints.maxReady ?? 4 }),
      idle: fc.array(idleKind, { maxLength: constraints.maxIdle ?? 2 }),
      rotate: fc.nat({ max: 7 }),
      dflt: fc.boolean(),
      level: fc.constantFrom<Level>(...(constraints.levels ?? ['gc', 'spec'])),
    })
    .map(({ ready, idle, rotate, dflt, level }) => {
      const all: (ReadyKind | IdleKind)[] = [...ready, ...idle];
      const r = rotate % all.length;
      const cases = [...all.slice(r), ...all.slice(0, r)];
      return build(cases, dflt, level);
    });
}

function build(kinds: readonly (ReadyKind | IdleKind)[], dflt: boolean, level: Level): ReadySelect {
  const objects: Record<string, ObjectDecl> = {};
  const setup: Stmt[] = [];
  const cases: SelectCase[] = kinds.map((k, i) => {
    const c = `s${i}`;
    const body: Stmt[] = [{ observe: { won: i } }];
    switch (k) {
      case 'bufferedRecv':
        objects[c] = { kind: 'chan', cap: 1 };
        setup.push({ send: { chan: c, value: 100 + i } });
        return { recv: { chan: c, into: 'v' }, body };
      case 'closedRecv':
        objects[c] = { kind: 'chan', cap: 0 };
        setup.push({ close: c });
        return { recv: { chan: c, into: 'v' }, body };
      case 'roomSend':
        objects[c] = { kind: 'chan', cap: 1 };
        return { send: { chan: c, value: 100 + i }, body };
      case 'nilRecv':
        objects[c] = { kind: 'chan', nil: true };
        return { recv: { chan: c, into: 'v' }, body };
      case 'nilSend':
        objects[c] = { kind: 'chan', nil: true };
        return { send: { chan: c, value: 100 + i }, body };
      case 'emptyRecv':
        objects[c] = { kind: 'chan', cap: 0 };
        return { recv: { chan: c, into: 'v' }, body };
      case 'fullSend':
        objects[c] = { kind: 'chan', cap: 1 };
        setup.push({ send: { chan: c, value: 200 + i } });
        return { send: { chan: c, value: 100 + i }, body };
    }
  });
  const select: Stmt = { select: dflt ? { cases, default: [{ observe: { won: -1 } }] } : { cases } };
  const ready = kinds.flatMap((k, i) => (k === 'bufferedRecv' || k === 'closedRecv' || k === 'roomSend' ? [i] : []));
  return { scenario: { name: `select-${kinds.join('-')}${dflt ? '-default' : ''}`, level, objects, main: [...setup, select] }, ready, cases: kinds };
}
