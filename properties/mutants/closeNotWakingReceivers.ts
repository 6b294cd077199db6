// Seeded bug: closechan leaves parked receivers parked, where Go readies
// every one of them with (zero value, ok=false).
// Killed by: closedQueuesEmpty, closeSemantics, deadlockIffStuck (a false
// deadlock: a receiver parked on a closed channel could proceed).

import { mutant } from '../../model/semantics.ts';

export const closeNotWakingReceivers = mutant('chan', () => ({ closeReadiesReceivers: false }));
