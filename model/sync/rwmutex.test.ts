// Stories of sync.RWMutex (model/sync/rwmutex.ts, actions.ts): readers
// share, a pending writer holds new readers back, Unlock hands the lock to
// the parked readers, the fatal errors, and the edges Unlock → RLock and
// RUnlock → Lock.

import { describe, expect, it } from 'vitest';
import type { Scenario, Stmt } from '../ir.ts';
import { explore } from '../explore/oracle.ts';
import { describeOutcome } from '../outcome.ts';
import { mutant } from '../semantics.ts';
import type { RWMutex } from './rwmutex.ts';
import { newMutex } from './mutex.ts';
import { newRWMutex, parkReader, rlock, rlockWays, runlock, rwmutexInvariants, wlock, wlockWays, wunlock } from './rwmutex.ts';

const outcomes = (s: Scenario, o: Parameters<typeof explore>[1] = {}): string[] =>
  explore(s, { debug: true, ...o }).outcomes.map((x) => describeOutcome(x.outcome));

describe('rwmutex ways', () => {
  it('RLock shares with readers, waits for a holding or pending writer', () => {
    // Arrange
    const read = rlock(newRWMutex());
    const pending = wlock(read, 2, { kind: 'pending' });
    const held = wlock(newRWMutex(), 2, { kind: 'acquire' });
    // Act / Assert
    expect(rlockWays(read, true)).toEqual([{ kind: 'acquire' }]);
    expect(rlockWays(pending, true)).toEqual([{ kind: 'park' }]);
    expect(rlockWays(pending, false)).toEqual([{ kind: 'acquire' }]);
    expect(rlockWays(held, true)).toEqual([{ kind: 'park' }]);
  });

  it('Lock takes a free RWMutex, waits for readers, parks behind another writer', () => {
    // Arrange / Act / Assert
    expect(wlockWays(newRWMutex())).toEqual([{ kind: 'acquire' }]);
    expect(wlockWays(rlock(newRWMutex()))).toEqual([{ kind: 'pending' }]);
    expect(wlockWays(wlock(newRWMutex(), 2, { kind: 'acquire' }))).toEqual([{ kind: 'park' }]);
  });

  it('the last RUnlock hands the lock to the pending writer; Unlock hands it to every parked reader', () => {
    // Arrange
    const pending = parkReader(wlock(rlock(newRWMutex()), 2, { kind: 'pending' }), 3);
    // Act
    const r = runlock(pending);
    const u = wunlock(r.rw, { kind: 'release' });
    // Assert
    expect(r.ready).toBe(2);
    expect(u.readers).toEqual([3]);
    expect(u.rw).toEqual<RWMutex>({ kind: 'rwmutex', w: newMutex(), readers: 1, readerSem: [], writerSem: [] });
  });

  it('writerExcludesReaders fails when a holding writer coexists with readers', () => {
    // Arrange
    const bad: RWMutex = { ...wlock(newRWMutex(), 2, { kind: 'acquire' }), readers: 1 };
    // Act / Assert
    expect(rwmutexInvariants.writerExcludesReaders(bad)).toBe(false);
  });
});

describe('rwmutex stories', () => {
  it('Unlock readies every reader parked behind the writer, and they all hold the read lock together', () => {
    // Arrange: two readers park while main write-locks; after Unlock both read, then meet while holding it.
    const reader = (out: string, id: number): Stmt => ({
      go: { name: out, body: [{ rlock: 'rw' }, { send: { chan: 'meet', value: id } }, { runlock: 'rw' }, { send: { chan: 'done', value: 1 } }] },
    });
    const s: Scenario = {
      name: 'readers-after-writer',
      objects: { rw: { kind: 'rwmutex' }, meet: { kind: 'chan', cap: 2 }, done: { kind: 'chan', cap: 2 } },
      main: [{ lock: 'rw' }, reader('r1', 1), reader('r2', 2), { unlock: 'rw' }, { recv: { chan: 'done' } }, { recv: { chan: 'done' } }, { observe: { ok: 1 } }],
    };
    // Act / Assert
    expect(outcomes(s)).toEqual(['ok=1']);
  });

  it('a cond over an RWMutex waits with Unlock and returns with Lock', () => {
    // Arrange
    const s: Scenario = {
      name: 'cond-rw',
      objects: { rw: { kind: 'rwmutex' }, c: { kind: 'cond', lock: 'rw' } },
      main: [{ lock: 'rw' }, { go: { body: [{ lock: 'rw' }, { signal: 'c' }, { unlock: 'rw' }] } }, { condwait: 'c' }, { unlock: 'rw' }, { observe: { x: 1 } }],
    };
    // Act / Assert: the helper signals only once main's Wait has unlocked rw, so the signal is never lost.
    expect(outcomes(s)).toEqual(['x=1']);
  });
});

describe('rwmutex happens-before (rules mutex and rlock)', () => {
  const mp = (writer: Stmt[], reader: Stmt[]): Scenario => ({
    name: 'MP+rwmutex',
    objects: { rw: { kind: 'rwmutex' }, x: { kind: 'word' }, y: { kind: 'word' } },
    goroutines: { P: writer, Q: [...reader, { observe: { r1: { reg: 'r1' }, r2: { reg: 'r2' } } }] },
  });
  // Unlock → RLock: the writer publishes under the write lock, the reader reads under a read lock.
  const unlockToRLock = mp(
    [{ store: { to: 'x', value: 1 } }, { lock: 'rw' }, { store: { to: 'y', value: 1 } }, { unlock: 'rw' }],
    [{ rlock: 'rw' }, { load: { from: 'y', into: 'r1' } }, { runlock: 'rw' }, { load: { from: 'x', into: 'r2' } }],
  );
  // RUnlock → Lock: the reader's read of x (r1) comes before the writer's store of x under the lock.
  const runlockToLock: Scenario = {
    name: 'LB+rwmutex',
    objects: { rw: { kind: 'rwmutex' }, x: { kind: 'word' }, y: { kind: 'word' } },
    goroutines: {
      R: [{ rlock: 'rw' }, { load: { from: 'x', into: 'r1' } }, { store: { to: 'y', value: 1 } }, { runlock: 'rw' }, { observe: { r1: { reg: 'r1' } } }],
      W: [{ lock: 'rw' }, { load: { from: 'y', into: 'r2' } }, { store: { to: 'x', value: 1 } }, { unlock: 'rw' }, { observe: { r2: { reg: 'r2' } } }],
    },
  };

  it('Unlock → a later RLock returns', () => {
    // Act / Assert
    expect(outcomes(unlockToRLock)).not.toContain('r1=1 r2=0');
    expect(outcomes(unlockToRLock, { semantics: mutant('memory', () => ({ hbRule: (r) => r !== 'rlock' })) })).toContain('r1=1 r2=0');
  });

  it('RUnlock → the next Lock returns: the sections are ordered one way or the other', () => {
    // Act
    const out = outcomes(runlockToLock);
    // Assert: never both reads from the other's section
    expect(out).not.toContain('r1=1 r2=1');
    expect(out).toEqual(expect.arrayContaining(['r1=0 r2=1', 'r1=1 r2=0']));
    expect(outcomes(runlockToLock, { semantics: mutant('memory', () => ({ hbRule: (r) => r !== 'rlock' })) })).toContain('r1=0 r2=0');
  });
});
