// Seeded bug: a receiver does not see parked senders (as if it read a stale
// sendq): it takes from the buffer, or parks, while a sender waits.
// Killed by: deadlockIffStuck and parkedReallyBlocked (a receiver parked next
// to a parked sender: a false deadlock), waitQueuesExclusive, noSenderWhileRoom.

import type { Semantics } from '../../model/semantics.ts';
import { goSemantics } from '../../model/semantics.ts';

export const parkedSendersInvisible: Semantics = {
  ...goSemantics,
  chan: { ...goSemantics.chan, waitqServable: (n, level, queue) => (queue === 'sendq' ? [] : goSemantics.chan.waitqServable(n, level, queue)) },
};
