// Seeded bug: an armed time.AfterFunc timer does not keep the deadlock
// detector quiet, as if only channel timers that somebody waits on counted,
// so a main that waits for what the func will send is called deadlocked.
// Killed by: timeCorpusAgrees (afterfunc-runs-f-in-its-own-goroutine+gc
// deadlocks).

import { mutant } from '../../model/semantics.ts';

export const funcTimersIgnoredByDeadlock = mutant('time', () => ({ funcTimerKeepsAlive: false }));
