// Channel properties (properties/checks/chan.ts) under Go's semantics.

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import { chanInvariantChecks, closeSemantics, fifoPerChannel, noValueLostOrDuplicated } from './checks/chan.ts';
import { SEED } from './seed.ts';

describe(`chan properties (seed ${SEED})`, () => {
  for (const check of [...Object.values(chanInvariantChecks), noValueLostOrDuplicated, fifoPerChannel, closeSemantics]) {
    it(`${check.name} ${check.claim}`, () => check.run(goSemantics));
  }
});
