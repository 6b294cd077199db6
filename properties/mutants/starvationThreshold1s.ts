// Seeded bug: a starvation threshold of 1 s instead of mutex.go's 1 ms:
// waiters starve a thousand times longer before the lock is handed.
// Killed by: longWaitStarves (its monitor keeps mutex.go's 1 ms).

import { mutant } from '../../model/semantics.ts';

export const starvationThreshold1s = mutant('sync', () => ({ starvationThresholdNs: 1_000_000_000 }));
