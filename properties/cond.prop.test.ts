// sync.Cond at the gc level (properties/checks/cond.ts) under Go's semantics.

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import * as condChecks from './checks/cond.ts';
import { SEED } from './seed.ts';

describe(`cond properties (seed ${SEED})`, () => {
  for (const check of Object.values(condChecks)) {
    it(`${check.name} ${check.claim}`, () => check.run(goSemantics));
  }
});
