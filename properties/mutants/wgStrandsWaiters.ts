// Seeded bug: the WaitGroup.Add that brings the counter to zero readies none
// of the goroutines parked in Wait, where sync/waitgroup.go releases them all.
// Killed by: syncInvariants (waitgroupInvariants.waitersOnlyWhileCounting),
// syncCorpusAgrees (sync/waitgroup-wait-returns-after-every-done deadlocks).

import { mutant } from '../../model/semantics.ts';

export const wgStrandsWaiters = mutant('sync', () => ({ wgReleasesWaiters: false }));
