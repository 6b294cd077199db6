// Seeded bug: Mutex.Unlock frees the mutex but readies none of the
// goroutines parked in Lock, where sync/mutex.go's unlockSlow readies one
// (when none is on its way already).
// Killed by: syncInvariants (mutexInvariants.noStrandedWaiters: a waiter
// left parked on a free mutex), syncCorpusAgrees
// (sync/mutex-unlock-readies-parked-locker ends in a deadlock).

import { mutant } from '../../model/semantics.ts';

export const unlockStrandsWaiter = mutant('sync', () => ({ unlockReadiesWaiter: false }));
