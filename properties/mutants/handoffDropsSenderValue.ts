// Seeded bug: a receiver at a full buffer with a parked sender takes the
// oldest value and readies the sender, but drops the sender's value instead
// of storing it in the freed slot.
// Killed by: noValueLostOrDuplicated.

import { mutant } from '../../model/semantics.ts';

export const handoffDropsSenderValue = mutant('chan', () => ({ bufAfterHandoff: (buf) => buf }));
