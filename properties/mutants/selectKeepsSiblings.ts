// Seeded bug: a select readied through one case leaves its sudogs queued on
// the other cases' channels, where selectgo dequeues them all once woken.
// Killed by: sudogsOfParked (a sudog of a goroutine that is no longer parked).

import { mutant } from '../../model/semantics.ts';

export const selectKeepsSiblings = mutant('select', () => ({ withdrawsSiblings: false }));
