// Seeded bug: a writer waiting in RWMutex.Lock for the readers to leave does
// not hold new readers back, where sync/rwmutex.go's negative readerCount
// makes every later RLock wait (so readers cannot starve a writer).
// Killed by: syncCorpusAgrees (sync/rwmutex-pending-writer-blocks-recursive-rlock
// no longer deadlocks).

import { mutant } from '../../model/semantics.ts';

export const pendingWriterAdmitsReaders = mutant('sync', () => ({ pendingWriterBlocksReaders: false }));
