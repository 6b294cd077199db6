// The gc level refines the spec level (properties/checks/refinement.ts).

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import { gcRefinesSpec, mutexGcRefinesSpec, timedGcRefinesSpec, timerGcRefinesSpec } from './checks/refinement.ts';
import { SEED } from './seed.ts';

describe(`refinement (seed ${SEED})`, () => {
  for (const check of [gcRefinesSpec, timedGcRefinesSpec, timerGcRefinesSpec, mutexGcRefinesSpec]) {
    it(`${check.name} ${check.claim}`, () => check.run(goSemantics));
  }
});
