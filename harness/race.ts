// --race: Go's race detector against the model's race verdict, case by case
// (docs/facts/memory-model.md §4.7), as the Go adapter's audit (`raceAudit`, an Audit of
// harness/adapters/adapter.ts: the checker knows of it only its agreement).
// The model's verdict is computed (ExploreResult.racy: a data race in some
// sequentially consistent run, by Go's happens-before definition); the
// detector's is what `go build -race` reported over the runs (the
// Observed.diagnostics named `race`, RACE_DIAGNOSTICS). They are compared as:
//
//   agree            both say racy, or both race-free;
//   not reproduced   the model finds a race the detector never saw in these
//                    runs: a dynamic detector checks only the interleavings
//                    it ran (information, not failure);
//   known divergence the detector departs from the memory model in a way
//                    this versioned list records (RACE_DIVERGENCES): a
//                    report recognised by its signature (the runtime
//                    functions of its two accesses, in any case), or every
//                    report of the case that demonstrates a divergence with
//                    no signature; reported with the reason, never masked;
//   stale divergence a case listed as a divergence showed no report: the
//                    list may be out of date for this Go;
//   disagreement     a report no divergence explains, in a program the
//                    model calls race-free: a failing case (the audit
//                    disagrees: status `audit`, printed RACE).
//
// The list is per Go release, each entry with the releases it was measured
// on: Go 1.19.8 (docs/facts/memory-model.md §4.4, §4.7 item 6), then Go
// 1.26.8 and 1.27.3, by `gospec check --impl go@1.26 --race` and `--impl
// go@1.27 --race` over the whole corpus (§4.4 gives the figures). A report
// is matched only against the entries of the release that built the
// program, so a divergence Go fixes shows up as a disagreement or a stale
// divergence on the release that fixed it. Re-measure on every Go release
// the harness targets (registry.ts names them).

import type { ExploreResult } from '../model/explore/oracle.ts';
import type { Audit, AuditAgreement, Observed } from './adapters/adapter.ts';

/** The name of the race detector's Observed.diagnostics (the Go adapter's, with race: true). */
export const RACE_DIAGNOSTICS = 'race';

export interface RaceDivergence {
  /** The corpus case that shows it (its `name`). */
  readonly case: string;
  /** The Go versions the divergence was measured on (prefix match on `go version`'s `goX.Y`). */
  readonly go: readonly string[];
  /**
   * For a divergence no corpus case can run (it is skipped, with the
   * reason): the later releases whose sources were read and still show the
   * mechanism. Information for the reader; only `go` is matched.
   */
  readonly sources?: readonly string[];
  /** What the detector does against the model: report a race the model rules out, or miss one it finds. */
  readonly detector: 'reports' | 'misses';
  /**
   * A report of this divergence, recognised by the functions of its two
   * accesses, in any case (absent: the divergence is recognised by its case
   * alone, and every report in that case is put down to it).
   */
  readonly signature?: RegExp;
  readonly why: string;
}

export const RACE_DIVERGENCES: readonly RaceDivergence[] = [
  {
    case: 'send-then-close+buffered1',
    go: ['go1.19', 'go1.26', 'go1.27'],
    detector: 'reports',
    signature: /runtime\.closechan\(\)[\s\S]*runtime\.chansend\(\)|runtime\.chansend\(\)[\s\S]*runtime\.closechan\(\)/,
    why: 'closechan writes, and chansend reads, a shadow word of the channel (runtime/chan.go race annotations), so a send and a close of one channel with no edge between them are reported as a data race, even when the send completed first; both are synchronising operations and the memory model has no data race there',
  },
  {
    case: 'MP+cond-signal-unlocked',
    go: ['go1.19', 'go1.26', 'go1.27'],
    detector: 'reports',
    why: 'sync.Cond has no race annotations (Go 1.19 to 1.27): Signal called without holding L is not seen to synchronise before the Wait it unblocks (the Cond docs say it does), so data published before Signal looks racy',
  },
  {
    case: 'waitgroup-reused-before-wait-returns-panics',
    go: ['go1.19', 'go1.26', 'go1.27'],
    detector: 'reports',
    why: 'sync/waitgroup.go annotates the first Add as a read and the first Wait as a write of the WaitGroup\'s semaphore, so reusing a WaitGroup before Wait returned is reported as a data race; the memory model has no data race there (the program misuses the WaitGroup, which the model shows as Go\'s reuse panic)',
  },
  // Two over-synchronisations, listed so that they are not forgotten; their
  // cases cannot run (the IR has no zero-size channel elements and no
  // finalizers) and are skipped with that reason. Go 1.26.8's and 1.27.3's
  // runtimes still do both (chan.go's race notification for element size
  // zero, mfinal.go's racefingo): read there, not measured (`sources`).
  {
    case: 'semaphore-counter+zero-size',
    go: ['go1.19'],
    sources: ['go1.26', 'go1.27'],
    detector: 'misses',
    why: 'operations on a channel whose elements have size zero acquire and release one clock on c.buf (runtime/chan.go), which orders them all: a race the k+C rule allows (a capacity-2 semaphore) can go unreported',
  },
  {
    case: 'MP+finalizer',
    go: ['go1.19'],
    sources: ['go1.26', 'go1.27'],
    detector: 'misses',
    why: 'the finalizer goroutine acquires every goroutine\'s clock (racefingo, TSan AcquireGlobal), stronger than SetFinalizer → f(x): races with the finalizer can go unreported',
  },
];

export type RaceAgreement = 'agree' | 'not-reproduced' | 'known-divergence' | 'stale-divergence' | 'disagreement';

export interface RaceComparison {
  readonly agreement: RaceAgreement;
  readonly modelRacy: boolean;
  /** Data races the detector reported over the runs, and in how many processes. */
  readonly detected: number;
  readonly processes: number;
  /** Distinct reports put down to known divergences, and the rest. */
  readonly explained: number;
  readonly unexplained: number;
  readonly divergence?: RaceDivergence;
  /** One sentence for the report. */
  readonly message: string;
}

const forGo = (d: RaceDivergence, goVersion: string | undefined): boolean =>
  goVersion === undefined || d.go.some((v) => goVersion === v || goVersion.startsWith(`${v}.`));

/** The listed divergence demonstrated by this case on this Go version (`go1.19.8` matches `go1.19`), if any. */
export function divergenceOf(caseName: string, goVersion: string | undefined): RaceDivergence | undefined {
  return RACE_DIVERGENCES.find((d) => d.case === caseName && forGo(d, goVersion));
}

/** The divergence a race report is known to be, by its signature, on this Go version. */
export function explainReport(report: string, goVersion: string | undefined): RaceDivergence | undefined {
  return RACE_DIVERGENCES.find((d) => d.signature !== undefined && forGo(d, goVersion) && d.signature.test(report));
}

export function compareRaces(caseName: string, oracle: ExploreResult, observed: Observed, goVersion: string | undefined): RaceComparison {
  const races = observed.diagnostics?.find((d) => d.name === RACE_DIAGNOSTICS);
  const detected = races?.count ?? 0;
  const processes = races?.processes ?? 0;
  const reports = races ? (races.reports.length > 0 ? races.reports : [races.example]) : [];
  const ofCase = divergenceOf(caseName, goVersion);
  const explainedBy = reports.map((r) => (ofCase && !ofCase.signature ? ofCase : explainReport(r, goVersion)));
  const explained = explainedBy.filter((d) => d !== undefined).length;
  const unexplained = reports.length - explained;
  const modelRacy = oracle.racy;
  const divergence = explainedBy.find((d) => d !== undefined) ?? ofCase;
  const base = { modelRacy, detected, processes, explained, unexplained, ...(divergence ? { divergence } : {}) };
  const first = oracle.races[0];
  const where = first ? ` (${first.word}: ${first.first.goroutine}'s ${first.first.kind} at ${first.first.site} and ${first.second.goroutine}'s ${first.second.kind} at ${first.second.site})` : '';
  const known = divergence ? `known divergence of Go's race detector (${divergence.go.join(', ')}): ${divergence.why}` : '';
  if (unexplained > 0) {
    return modelRacy
      ? { ...base, agreement: 'agree', message: `both racy: the detector reported ${detected}, the model finds a race${where}` }
      : { ...base, agreement: 'disagreement', message: `Go's race detector reported ${detected} data race(s) in a program the model calls race-free, and no known divergence explains ${unexplained === 1 ? 'it' : `${unexplained} of its reports`}` };
  }
  if (explained > 0) {
    return modelRacy
      ? { ...base, agreement: 'not-reproduced', message: `the model finds a race${where}; the detector reported only a ${known}` }
      : { ...base, agreement: 'known-divergence', message: known };
  }
  if (ofCase) return { ...base, agreement: 'stale-divergence', message: `listed as a divergence (${ofCase.go.join(', ')}) but it did not show in these runs: the detector reported none, the model says ${modelRacy ? 'racy' : 'race-free'}` };
  return modelRacy
    ? { ...base, agreement: 'not-reproduced', message: `the model finds a race${where} that the detector did not see in these runs (it checks only the interleavings it ran)` }
    : { ...base, agreement: 'agree', message: 'both race-free' };
}

/** `go version go1.19.8 linux/amd64` → `go1.19.8`: the release the divergence list is matched by; undefined when there is none. */
export function goRelease(versionLine: string | null | undefined): string | undefined {
  return /go\d+\.\d+(\.\d+)?/.exec(versionLine ?? '')?.[0];
}

/** How each race agreement counts for the checker: only a disagreement fails a case. */
const AGREEMENT: Readonly<Record<RaceAgreement, AuditAgreement>> = {
  agree: 'agree',
  'not-reproduced': 'differ',
  'known-divergence': 'differ',
  'stale-divergence': 'differ',
  disagreement: 'disagree',
};

/**
 * Go's race detector as an audit of the Go adapter built with -race:
 * compareRaces case by case, with the divergence list of the Go release
 * `release()` names (asked once per case; undefined: every listed
 * divergence applies).
 */
export function raceAudit(release: () => string | undefined): Audit {
  return {
    name: 'race',
    title: 'race detector vs model',
    status: 'RACE',
    disagreement: 'race-detector disagreement',
    compare(scenario, oracle, observed) {
      const r = compareRaces(scenario.name, oracle, observed, release());
      return {
        agreement: AGREEMENT[r.agreement],
        kind: r.agreement,
        message: r.message,
        details: {
          modelRacy: r.modelRacy, detected: r.detected, processes: r.processes, explained: r.explained, unexplained: r.unexplained,
          divergence: r.divergence?.case ?? null,
        },
      };
    },
  };
}
