// Seeded bug: a receiver does not see parked senders (as if it read a stale
// sendq): it takes from the buffer, or parks, while a sender waits.
// Killed by: deadlockIffStuck and parkedReallyBlocked (a receiver parked next
// to a parked sender: a false deadlock), waitQueuesExclusive, noSenderWhileRoom.

import { mutant } from '../../model/semantics.ts';

export const parkedSendersInvisible = mutant('chan', (go) => ({ waitqServable: (n, queue) => (queue === 'sendq' ? [] : go.waitqServable(n, queue)) }));
