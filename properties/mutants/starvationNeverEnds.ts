// Seeded bug: once starving, a mutex stays starving — the new owner never
// clears mutexStarving, even as the last waiter; newcomers then queue on a
// free mutex nobody will hand them.
// Killed by: starvationEnds (the last waiter takes the lock and the mutex
// still starves).

import { mutant } from '../../model/semantics.ts';

export const starvationNeverEnds = mutant('sync', () => ({ starvationEnds: () => false }));
