// The gc level refines the spec level (properties/checks/refinement.ts).

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import { gcRefinesSpec } from './checks/refinement.ts';
import { SEED } from './seed.ts';

describe(`refinement (seed ${SEED})`, () => {
  it(`${gcRefinesSpec.name} ${gcRefinesSpec.claim}`, () => gcRefinesSpec.run(goSemantics));
});
