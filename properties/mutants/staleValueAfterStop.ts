// Seeded bug: Stop and Reset never take a value the timer already sent out
// of its channel — the old asynchronous semantics under a go 1.23 line, a
// runtime that forgot timerchandrain (runtime/time.go stop, modify).
// Killed by: stopLeavesNoStaleValue, and by timeCorpusAgrees
// (stop-drains-a-fired-timer+gc reads a stale value).

import { mutant } from '../../model/semantics.ts';

export const staleValueAfterStop = mutant('time', () => ({ stopDrains: () => false }));
