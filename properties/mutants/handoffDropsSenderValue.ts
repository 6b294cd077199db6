// Seeded bug: a receiver at a full buffer with a parked sender takes the
// oldest value and readies the sender, but drops the sender's value instead
// of storing it in the freed slot.
// Killed by: noValueLostOrDuplicated.

import type { Semantics } from '../../model/semantics.ts';
import { goSemantics } from '../../model/semantics.ts';

export const handoffDropsSenderValue: Semantics = {
  ...goSemantics,
  chan: { ...goSemantics.chan, bufAfterHandoff: (buf) => buf },
};
