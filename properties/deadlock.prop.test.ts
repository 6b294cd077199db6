// Deadlock properties (properties/checks/deadlock.ts) under Go's semantics.

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import { deadlockIffStuck, parkedReallyBlocked } from './checks/deadlock.ts';
import { SEED } from './seed.ts';

describe(`deadlock properties (seed ${SEED})`, () => {
  for (const check of [deadlockIffStuck, parkedReallyBlocked]) {
    it(`${check.name} ${check.claim}`, () => check.run(goSemantics));
  }
});
