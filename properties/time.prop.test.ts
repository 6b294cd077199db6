// Clock properties (properties/checks/time.ts) under Go's semantics.

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import { sleepIsNoDeadlock, stopLeavesNoStaleValue, timeCorpusAgrees, timerFiresOnTime, timersFireOnTime } from './checks/time.ts';
import { SEED } from './seed.ts';

describe(`time properties (seed ${SEED})`, () => {
  for (const check of [timersFireOnTime, sleepIsNoDeadlock, timerFiresOnTime, stopLeavesNoStaleValue, timeCorpusAgrees]) {
    it(`${check.name} ${check.claim}`, () => check.run(goSemantics));
  }
});
