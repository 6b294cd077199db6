// Sync properties (properties/checks/sync.ts) under Go's semantics.

import { describe, it } from 'vitest';
import { goSemantics } from '../model/semantics.ts';
import { syncCorpusAgrees, syncInvariants } from './checks/sync.ts';
import { SEED } from './seed.ts';

describe(`sync properties (seed ${SEED})`, () => {
  for (const check of [syncInvariants, syncCorpusAgrees]) {
    it(`${check.name} ${check.claim}`, () => check.run(goSemantics));
  }
});
