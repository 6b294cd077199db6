// Seeded bug: Once.Do returns at once when another goroutine is still
// running f, where sync/once.go's doSlow waits for f (on o.m).
// Killed by: syncCorpusAgrees (sync/once-runs-f-once-others-wait logs a
// thread's return between f's two entries).

import { mutant } from '../../model/semantics.ts';

export const onceSkipsRunningF = mutant('sync', () => ({ onceWaitsForF: false }));
