// Mutant: a leak judged by the snapshot at main's return (the goroutines
// parked then are leaked, the runnable ones are not), instead of by running
// the goroutines left behind on to see which can still finish.
// Caught by: leaksAreForever.

import { mutant } from '../../model/semantics.ts';

export const leakIsParkedAtExit = mutant('proc', () => ({ leftBehindRunOn: false }));
