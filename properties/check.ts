// A property as a value: its invariant's name, the claim it makes, and how to
// run it against a Semantics. The same value runs against Go's semantics in
// the *.prop.test.ts files and against each seeded bug in mutants.test.ts,
// so a property that loses its teeth fails a test.

import fc from 'fast-check';
import type { Semantics } from '../model/semantics.ts';
import { propertyParams } from './seed.ts';

export interface PropertyCheck {
  /** The invariant's name, as the model exports it or as we name the law (docs/style.md habit 7). */
  readonly name: string;
  /** The rest of the test title: "holds after every step", … */
  readonly claim: string;
  /** Runs the property (fc.assert) under `sem`; throws fast-check's report on failure. */
  readonly run: (sem: Semantics, over?: fc.Parameters<unknown>) => void;
}

/** fc.assert of `predicate` over `arb`, with the global seed and `numRuns` unless overridden. */
export function assertProperty<T>(arb: fc.Arbitrary<T>, predicate: (t: T) => void, numRuns: number, over: fc.Parameters<unknown> = {}): void {
  fc.assert(fc.property(arb, predicate), propertyParams<[T]>({ numRuns, ...(over as fc.Parameters<[T]>) }));
}
