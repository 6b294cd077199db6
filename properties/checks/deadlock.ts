// Properties of deadlock detection (model/step.ts terminal, Go's checkdead):
//   - deadlockIffStuck: a state without choices ends in `deadlock` exactly
//     when the program has not exited, no goroutine is runnable and some
//     goroutine is parked; and then every parked goroutine really is blocked;
//   - parkedReallyBlocked: in every reachable state, no parked goroutine's
//     operation could proceed — judged from the goroutines, buffers and
//     closed flags (properties/readiness.ts), never from the wait queues.

import { terminal } from '../../model/step.ts';
import type { PropertyCheck } from '../check.ts';
import { firstWronglyParked } from '../readiness.ts';
import { stateProperty } from '../states.ts';

export const deadlockIffStuck: PropertyCheck = stateProperty(
  'deadlockIffStuck',
  'an ended run is a deadlock ⇔ it has not exited, nothing is runnable and something is parked — and then nothing parked could proceed',
  ({ m, s, choices }) => {
    if (choices.length > 0) return null;
    const out = terminal(m, s);
    if (out === null) return `no choice is enabled, yet the run has not ended (runnable: ${s.gs.filter((g) => g.status === 'runnable').map((g) => `g${g.goid}`).join(' ')})`;
    const stuck = !s.exit && !s.gs.some((g) => g.status === 'runnable') && s.gs.some((g) => g.status === 'waiting');
    if ((out.end === 'deadlock') !== stuck) return `the run ended ${out.end}, but the program ${stuck ? 'is stuck' : 'is not stuck'}`;
    if (out.end !== 'deadlock') return null;
    const why = firstWronglyParked(m, s);
    return why === null ? null : `false deadlock: ${why}`;
  },
);

export const parkedReallyBlocked: PropertyCheck = stateProperty(
  'parkedReallyBlocked',
  'in every reachable state, no parked goroutine could proceed',
  ({ m, s }) => firstWronglyParked(m, s),
);
