// Seeded bug: an armed timer keeps the deadlock detector quiet under the
// new semantics too, as if every timer sat in a heap until it fires (Go
// 1.19's checkdead on a go 1.23 line).
// Killed by: timeCorpusAgrees (forgotten-ticker-is-no-alibi+gc hangs
// instead of reporting its deadlock).

import { mutant } from '../../model/semantics.ts';

export const timersAlwaysInHeap = mutant('time', () => ({ timerKeepsAlive: () => true }));
