// Happens-before records against the vector clocks (properties/checks/hb.ts) under Go's semantics.

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import { hbEdgesInClocks, hbEdgesInClocksOnCorpus } from './checks/hb.ts';
import { SEED } from './seed.ts';

describe(`happens-before records (seed ${SEED})`, () => {
  for (const check of [hbEdgesInClocks, hbEdgesInClocksOnCorpus]) {
    it(`${check.name}: ${check.claim}`, () => check.run(goSemantics));
  }
});
