// The decision points of the model, one part per mechanism, each declared
// in its mechanism's file next to the code that reads it:
//   chan     ChanSemantics     chan.ts         (runtime/chan.go)
//   select   SelectSemantics   select.ts       (runtime/select.go)
//   memory   MemorySemantics   memory/rules.ts (go.dev/ref/mem)
//   sync     SyncSemantics     sync/syncs.ts   (sync/*.go, runtime/sema.go)
//   proc     ProcSemantics     proc.ts         (runtime/proc.go)
//   time     TimeSemantics     time.ts         (runtime/time.go)
// so that a test can swap one decision for a seeded bug (properties/mutants/)
// and show that a property catches it. Nothing else in the model branches
// on which semantics is in force.
//
// A `Semantics` gives the parts for a level; makeModel (step.ts) binds the
// level once, and the mechanisms read `m.sem.chan.bufTake(buf)` without
// asking which level runs. Go's own, `goSemantics`, is the default; each
// part's Go function names the Go source it follows.

import type { Level } from './ir.ts';
import type { ChanSemantics } from './chan.ts';
import { goChan } from './chan.ts';
import type { SelectSemantics } from './select.ts';
import { goSelect } from './select.ts';
import type { MemorySemantics } from './memory/rules.ts';
import { goMemory } from './memory/rules.ts';
import type { SyncSemantics } from './sync/syncs.ts';
import { goSync } from './sync/syncs.ts';
import type { ProcSemantics } from './proc.ts';
import { goProc } from './proc.ts';
import type { TimeSemantics } from './time.ts';
import { goTime } from './time.ts';

export type { ChanSemantics, MemorySemantics, ProcSemantics, SelectSemantics, SyncSemantics, TimeSemantics };

/** Every decision point at one level, by mechanism: `m.sem.chan.bufTake`, `m.sem.memory.hbRule`. */
export interface SemanticsAt {
  readonly chan: ChanSemantics;
  readonly select: SelectSemantics;
  readonly memory: MemorySemantics;
  readonly sync: SyncSemantics;
  readonly proc: ProcSemantics;
  readonly time: TimeSemantics;
}

/** A semantics: its decision points at each level. */
export type Semantics = (level: Level) => SemanticsAt;

/** Go's semantics. */
export const goSemantics: Semantics = (level) => ({
  chan: goChan(level),
  select: goSelect(level),
  memory: goMemory(level),
  sync: goSync(level),
  proc: goProc(level),
  time: goTime(level),
});

/**
 * A seeded bug: Go's semantics with some decisions of one part changed.
 * `change` gets Go's part and the level, and returns the decisions it
 * replaces: `mutant('chan', () => ({ bufTake: (buf) => buf.length - 1 }))`.
 */
export function mutant<K extends keyof SemanticsAt>(part: K, change: (go: SemanticsAt[K], level: Level) => Partial<SemanticsAt[K]>): Semantics {
  return (level) => {
    const go = goSemantics(level);
    return { ...go, [part]: { ...go[part], ...change(go[part], level) } };
  };
}
