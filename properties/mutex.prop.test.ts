// sync.Mutex at the gc level (properties/checks/mutex.ts) under Go's semantics.

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import * as mutexChecks from './checks/mutex.ts';
import { SEED } from './seed.ts';

describe(`mutex properties (seed ${SEED})`, () => {
  for (const check of Object.values(mutexChecks)) {
    it(`${check.name} ${check.claim}`, () => check.run(goSemantics));
  }
});
