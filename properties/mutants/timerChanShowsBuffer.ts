// Seeded bug: len and cap of a timer's channel show its one-slot buffer
// under a go 1.23 line too, as if chanlen and chancap had no case for timer
// channels (runtime/chan.go), so a fired timer nobody has read shows len 1.
// Killed by: timeCorpusAgrees (len-of-a-timer-channel-is-zero+gc).

import { mutant } from '../../model/semantics.ts';

export const timerChanShowsBuffer = mutant('time', () => ({ chanShowsBuffer: () => true }));
