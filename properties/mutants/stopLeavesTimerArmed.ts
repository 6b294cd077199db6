// Seeded bug, at the gc level only: Stop forgets to take the timer out of
// the heap, so a timer Stop reported stopped fires all the same.
// Killed by: timerGcRefinesSpec (a value received after Stop reported true
// is no outcome of the spec level) and timerFiresOnTime (t fires while
// stopped).

import { mutant } from '../../model/semantics.ts';

export const stopLeavesTimerArmed = mutant('time', (go, level) => ({ stopDisarms: level === 'gc' ? false : go.stopDisarms }));
