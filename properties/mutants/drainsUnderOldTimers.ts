// Seeded bug: Stop and Reset take a sent value out of the channel under the
// old semantics too — the new timers applied whatever the go line says.
// Killed by: stopLeavesNoStaleValue, and by timeCorpusAgrees
// (stop-leaves-a-stale-value+gc no longer sees its stale value).

import { mutant } from '../../model/semantics.ts';

export const drainsUnderOldTimers = mutant('time', () => ({ stopDrains: () => true }));
