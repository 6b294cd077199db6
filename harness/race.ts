// --race: Go's race detector against the model's race verdict, case by case
// (facts §4.7). The model's verdict is computed (ExploreResult.racy: a data
// race in some sequentially consistent run, by Go's happens-before
// definition); the detector's is what `go build -race` reported over the
// runs (Observed.races). They are compared as:
//
//   agree            both say racy, or both race-free;
//   not reproduced   the model finds a race the detector never saw in these
//                    runs: a dynamic detector checks only the interleavings
//                    it ran (information, not failure);
//   known divergence the detector departs from the memory model in a way
//                    this versioned list records (RACE_DIVERGENCES), with the
//                    corpus case that shows it: reported, never masked;
//   stale divergence a listed divergence did not show: information that the
//                    list may be out of date for this Go;
//   disagreement     the detector reports a race in a program the model
//                    calls race-free, outside the list: a failing case.
//
// The list is Go 1.19.8's, measured (../shared/facts/memory-model.md §4.4,
// §4.7 item 6) and re-checked by `gospec check --impl go --race` on the
// corpus: re-check it on every Go version the harness targets.

import type { ExploreResult } from '../model/explore/oracle.ts';
import type { Observed } from './adapters/adapter.ts';

export interface RaceDivergence {
  /** The corpus case that shows it (its `name`). */
  readonly case: string;
  /** The Go versions the divergence was measured on (prefix match on `go version`'s `goX.Y`). */
  readonly go: readonly string[];
  /** What the detector does against the model: report a race the model rules out, or miss one it finds in every run. */
  readonly detector: 'reports' | 'misses';
  readonly why: string;
}

export const RACE_DIVERGENCES: readonly RaceDivergence[] = [
  {
    case: 'MP+cond-signal-unlocked',
    go: ['go1.19'],
    detector: 'reports',
    why: 'sync.Cond has no race annotations in Go 1.19: Signal called without holding L is not seen to synchronise before the Wait it unblocks (the Cond docs say it does), so data published before Signal looks racy',
  },
  {
    case: 'send-then-close+buffered1',
    go: ['go1.19'],
    detector: 'reports',
    why: 'closechan writes, and chansend reads, a shadow word of the channel, so a completed send and a later unordered close are reported as racing, though both are synchronising operations and the memory model has no data race there',
  },
  {
    case: 'close-races-send',
    go: ['go1.19'],
    detector: 'reports',
    why: 'the same channel shadow word: a send and a close of one channel, unordered, are reported as a data race; in the memory model they are synchronising operations (the send may panic, nothing races)',
  },
];

export type RaceAgreement = 'agree' | 'not-reproduced' | 'known-divergence' | 'stale-divergence' | 'disagreement';

export interface RaceComparison {
  readonly agreement: RaceAgreement;
  readonly modelRacy: boolean;
  /** Data races the detector reported over the runs, and in how many processes. */
  readonly detected: number;
  readonly processes: number;
  readonly divergence?: RaceDivergence;
  /** One sentence for the report. */
  readonly message: string;
}

/** The listed divergence of this case on this Go version (`go1.19.8` matches `go1.19`), if any. */
export function divergenceOf(caseName: string, goVersion: string | undefined): RaceDivergence | undefined {
  return RACE_DIVERGENCES.find((d) => d.case === caseName && (goVersion === undefined || d.go.some((v) => goVersion === v || goVersion.startsWith(`${v}.`))));
}

export function compareRaces(caseName: string, oracle: ExploreResult, observed: Observed, goVersion: string | undefined): RaceComparison {
  const detected = observed.races?.count ?? 0;
  const processes = observed.races?.processes ?? 0;
  const modelRacy = oracle.racy;
  const divergence = divergenceOf(caseName, goVersion);
  const base = { modelRacy, detected, processes, ...(divergence ? { divergence } : {}) };
  const first = oracle.races[0];
  const where = first ? ` (${first.word}: ${first.first.goroutine}'s ${first.first.kind} at ${first.first.site} and ${first.second.goroutine}'s ${first.second.kind} at ${first.second.site})` : '';
  if (divergence) {
    const shows = divergence.detector === 'reports' ? detected > 0 && !modelRacy : detected === 0 && modelRacy;
    return shows
      ? { ...base, agreement: 'known-divergence', message: `known divergence of Go's race detector (${divergence.go.join(', ')}): ${divergence.why}` }
      : { ...base, agreement: 'stale-divergence', message: `listed as a divergence (${divergence.go.join(', ')}) but it did not show in these runs: the detector ${detected > 0 ? `reported ${detected}` : 'reported none'}, the model says ${modelRacy ? 'racy' : 'race-free'}` };
  }
  if (detected > 0 && modelRacy) return { ...base, agreement: 'agree', message: `both racy: the detector reported ${detected}, the model finds a race${where}` };
  if (detected === 0 && !modelRacy) return { ...base, agreement: 'agree', message: 'both race-free' };
  if (detected === 0) return { ...base, agreement: 'not-reproduced', message: `the model finds a race${where} that the detector did not see in these runs (it checks only the interleavings it ran)` };
  return { ...base, agreement: 'disagreement', message: `Go's race detector reported ${detected} data race(s) in a program the model calls race-free, and no known divergence explains it` };
}
