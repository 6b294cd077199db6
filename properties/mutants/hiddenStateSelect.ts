// Seeded bug: which select case may win, and which parked waiter a
// counterpart serves, depend on hidden mutable state (a counter bumped on
// every call), not on the state alone — a model whose decision points read a
// global "current execution". The same state then offers different choices
// at different times, and the explorer, which asks once per state, misses
// what a walk asking later can reach.
// Killed by: sameSeedSameWalk, replayRoundTrip, witnessesReplay, walkOutcomeExplored.
//
// `hiddenStateSelect()` makes a fresh one, so each check starts from the same
// counter and the kill is itself deterministic.

import type { Semantics } from '../../model/semantics.ts';
import { goSemantics } from '../../model/semantics.ts';

export function hiddenStateSelect(): Semantics {
  let calls = 0;
  return (level) => {
    const go = goSemantics(level);
    return {
      ...go,
      select: { ...go.select, winners: (ready) => (ready.length === 0 ? [] : [ready[calls++ % ready.length]!]) },
      chan: { ...go.chan, waitqServable: (n) => (n === 0 ? [] : [calls++ % n]) },
    };
  };
}
