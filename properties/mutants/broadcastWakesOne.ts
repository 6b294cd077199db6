// Seeded bug: Cond.Broadcast readies only the first waiter, as Signal would,
// where runtime/sema.go's notifyListNotifyAll readies every one.
// Killed by: syncCorpusAgrees (sync/cond-broadcast-wakes-all deadlocks).

import { mutant } from '../../model/semantics.ts';

export const broadcastWakesOne = mutant('sync', () => ({ broadcastReadiesAll: false }));
