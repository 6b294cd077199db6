// Seeded bug, at the gc level only: a receive takes the newest buffered
// value. The spec level is still right, so only comparing the levels shows
// it: gc then allows receive orders the spec forbids.
// Killed by: gcRefinesSpec.

import { mutant } from '../../model/semantics.ts';

export const gcOnlyStack = mutant('chan', (_, level) => ({ bufTake: (buf) => (level === 'gc' ? buf.length - 1 : 0) }));
