// Seeded bug: a receiver at a full buffer with a parked sender stores the
// sender's value twice (in the freed slot and again at the tail): the buffer
// outgrows its capacity.
// Killed by: bufWithinCap (and noValueLostOrDuplicated).

import { mutant } from '../../model/semantics.ts';

export const handoffDuplicatesSenderValue = mutant('chan', () => ({ bufAfterHandoff: (buf, v) => [...buf, v, v] }));
