// Determinism and replay laws (properties/checks/replay.ts). Never skipped:
// replay is how every failure in this project is reproduced.

import { describe, it } from 'vitest';
import { goSemantics } from '../../model/semantics.ts';
import { choiceLabelsUnique, replayRoundTrip, sameSeedSameWalk, walkOutcomeExplored, witnessesReplay } from '../checks/replay.ts';
import { SEED } from '../seed.ts';

describe(`replay laws (seed ${SEED})`, () => {
  for (const check of [choiceLabelsUnique, sameSeedSameWalk, replayRoundTrip, walkOutcomeExplored, witnessesReplay]) {
    it(`${check.name}: ${check.claim}`, () => check.run(goSemantics));
  }
});
