// Seeded bug: TryLock on a free mutex always succeeds at the spec level,
// where Go's memory model lets it fail (it "may be considered to be able to
// return false even when the mutex l is unlocked").
// Killed by: syncCorpusAgrees (sync/trylock-may-fail-on-free-mutex loses
// its outcomes with a failed first try).

import { mutant } from '../../model/semantics.ts';

export const tryLockNeverFails = mutant('sync', () => ({ tryLockMayFail: false }));
