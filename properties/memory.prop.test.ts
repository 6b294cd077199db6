// Memory-model properties (properties/checks/memory.ts) under Go's semantics.

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import { drfSc, enginesAgree, enginesAgreeOnBranches, racyIsReported } from './checks/memory.ts';
import { SEED } from './seed.ts';

describe(`memory-model properties (seed ${SEED})`, () => {
  for (const check of [drfSc, racyIsReported, enginesAgree, enginesAgreeOnBranches]) {
    it(`${check.name}: ${check.claim}`, () => check.run(goSemantics));
  }
});
