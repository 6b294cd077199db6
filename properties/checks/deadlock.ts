// Properties of deadlock detection (model/step.ts terminal, Go's checkdead):
//   - deadlockIffStuck: a state without choices ends in `deadlock` exactly
//     when the program has not exited, no goroutine is runnable and some
//     goroutine is parked; and then every parked goroutine really is blocked;
//   - parkedReallyBlocked: in every reachable state, no parked goroutine's
//     operation could proceed — judged from the goroutines, buffers and
//     closed flags (properties/readiness.ts), never from the wait queues.

import fc from 'fast-check';
import type { Level } from '../../model/ir.ts';
import { terminal } from '../../model/step.ts';
import { scenario } from '../arbitraries/scenario.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { parkedOffers, wronglyParked } from '../readiness.ts';
import { everyState } from '../states.ts';

const levels = fc.constantFrom<Level>('spec', 'gc');

export const deadlockIffStuck: PropertyCheck = {
  name: 'deadlockIffStuck',
  claim: 'an ended run is a deadlock ⇔ it has not exited, nothing is runnable and something is parked — and then nothing parked could proceed',
  run: (sem, over) =>
    assertProperty(fc.tuple(scenario(), levels), ([sc, level]) => {
      const r = everyState(sc, { semantics: sem, level }, ({ m, s, choices }) => {
        if (choices.length > 0) return null;
        const out = terminal(m, s);
        if (out === null) return `no choice is enabled, yet the run has not ended (runnable: ${s.gs.filter((g) => g.status === 'runnable').map((g) => `g${g.goid}`).join(' ')})`;
        const stuck = !s.exit && !s.gs.some((g) => g.status === 'runnable') && s.gs.some((g) => g.status === 'waiting');
        if ((out.end === 'deadlock') !== stuck) return `the run ended ${out.end}, but the program ${stuck ? 'is stuck' : 'is not stuck'}`;
        if (out.end !== 'deadlock') return null;
        const parked = parkedOffers(m, s);
        for (const g of s.gs) {
          if (g.status !== 'waiting') continue;
          const why = wronglyParked(m, s, parked, g);
          if (why !== null) return `false deadlock: ${why}`;
        }
        return null;
      });
      fc.pre(r.complete);
    }, 100, over),
};

export const parkedReallyBlocked: PropertyCheck = {
  name: 'parkedReallyBlocked',
  claim: 'in every reachable state, no parked goroutine could proceed',
  run: (sem, over) =>
    assertProperty(fc.tuple(scenario(), levels), ([sc, level]) => {
      const r = everyState(sc, { semantics: sem, level }, ({ m, s }) => {
        const parked = parkedOffers(m, s);
        for (const g of s.gs) {
          if (g.status !== 'waiting') continue;
          const why = wronglyParked(m, s, parked, g);
          if (why !== null) return why;
        }
        return null;
      });
      fc.pre(r.complete);
    }, 100, over),
};
