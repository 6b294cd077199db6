// Seeded bugs, one per happens-before rule of Go's memory model
// (model/memory/rules.ts): the model without that rule's edges.
// Killed by: drfSc (go, send, close, unbuf, kC, atomic, mutex, wg, once:
// a race-free discipline rests on each) and corpusAgrees (every rule: some
// corpus/memory case's question or outcome set depends on it).

import type { HbRule } from '../../model/memory/rules.ts';
import type { Semantics } from '../../model/semantics.ts';
import { mutant } from '../../model/semantics.ts';

export function dropHbRule(rule: HbRule): Semantics {
  return mutant('memory', () => ({ hbRule: (r) => r !== rule }));
}
