// Seeded bug: no starvation mode — sync.Mutex as it was before Go 1.9: a
// woken waiter that keeps losing to newcomers never gets the lock handed.
// Killed by: longWaitStarves (a waiter that waited 2 ms loses again and the
// mutex does not starve).

import { mutant } from '../../model/semantics.ts';

export const noStarvationMode = mutant('sync', () => ({ starvationThresholdNs: null }));
