// Seeded bug: in starvation mode a newcomer still takes a free mutex,
// though Unlock handed it to the head of the queue, who takes it as well.
// Killed by: mutualExclusion (two goroutines hold the mutex) and
// starvationHandsOffInOrder (a newcomer takes the starving mutex).

import { mutant } from '../../model/semantics.ts';

export const newcomersBargeWhileStarving = mutant('sync', () => ({ newcomersQueueWhileStarving: false }));
