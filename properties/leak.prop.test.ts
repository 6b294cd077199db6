// The leak verdict's property (properties/checks/leak.ts) under Go's semantics.

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import { leakCorpusAgrees, leaksAreForever } from './checks/leak.ts';
import { SEED } from './seed.ts';

describe(`leak properties (seed ${SEED})`, () => {
  for (const check of [leaksAreForever, leakCorpusAgrees]) {
    it(`${check.name} ${check.claim}`, () => check.run(goSemantics));
  }
});
