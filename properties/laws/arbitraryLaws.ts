// The laws every arbitrary in properties/arbitraries/ keeps, from one helper
// (docs/style.md habit 16, after fast-check's own ArbitraryAssertions):
//   - sameSeedSameValue: the same seed generates the same values;
//   - generatedWellFormed: every generated value is well formed;
//   - shrunkWellFormed: so is every value its shrinker proposes, a few levels
//     down — shrinking never breaks a scenario.
// "Well formed" is the caller's: for a scenario, the corpus schema accepts
// it, and it compiles and explores (bounded, typeOK after every step).

import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { propertyParams } from '../seed.ts';

export interface ArbitraryLaw {
  readonly name: string;
  readonly run: () => void;
}

export interface LawOptions {
  /** Generated values checked (default 50). */
  readonly numRuns?: number;
  /** Shrink candidates checked per generated value, breadth first (default 30). */
  readonly shrinks?: number;
}

export function arbitraryLaws<T>(arb: fc.Arbitrary<T>, wellFormed: (t: T) => void, o: LawOptions = {}): ArbitraryLaw[] {
  const numRuns = o.numRuns ?? 50;
  const shrinks = o.shrinks ?? 30;
  const seeds = fc.integer({ min: -0x80000000, max: 0x7fffffff });
  return [
    {
      name: 'sameSeedSameValue',
      run: () =>
        fc.assert(
          fc.property(seeds, (seed) => {
            const a = JSON.stringify(fc.sample(arb, { seed, numRuns: 5 }));
            const b = JSON.stringify(fc.sample(arb, { seed, numRuns: 5 }));
            if (a !== b) throw new Error(`seed ${seed} generated two different samples`);
          }),
          propertyParams({ numRuns: 20 }),
        ),
    },
    {
      name: 'generatedWellFormed',
      run: () => fc.assert(fc.property(arb, (t) => wellFormed(t)), propertyParams({ numRuns })),
    },
    {
      name: 'shrunkWellFormed',
      run: () =>
        fc.assert(
          fc.property(seeds, (seed) => {
            const v = arb.generate(new fc.Random(xoroshiro128plus(seed)), undefined);
            // Breadth first through the shrink tree, `shrinks` candidates in all.
            const queue: fc.Value<T>[] = [v];
            let checked = 0;
            while (queue.length > 0 && checked < shrinks) {
              const cur = queue.shift()!;
              for (const next of arb.shrink(cur.value_, cur.context).take(5)) {
                checked++;
                try {
                  wellFormed(next.value);
                } catch (e) {
                  throw new Error(`a shrink of ${JSON.stringify(cur.value)} is not well formed: ${JSON.stringify(next.value)}: ${e instanceof Error ? e.message : String(e)}`);
                }
                queue.push(next);
              }
            }
          }),
          propertyParams({ numRuns: Math.max(10, Math.floor(numRuns / 5)) }),
        ),
    },
  ];
}
