// The Adapter interface: how the harness runs a scenario in an implementation
// under test (IUT) and what it gets back (docs/design.md, "The harness").
//
// An adapter runs one scenario many times and folds the runs into a histogram
// of outcomes: each distinct outcome once, with how often it showed up and
// one example run that produced it (a replay handle, docs/style.md habit 11).
// A run that hangs past its per-run timeout is an outcome, `may-not-terminate`
// (Go hangs too when the model says so; when it does not, that is a forbidden
// outcome like any other). Runs that produced no outcome — the IUT crashed,
// broke the protocol, or the budget for the whole scenario ran out — are
// `errors`, said plainly, and the run of the other cases goes on.
//
// Invariants an adapter keeps:
//   1. `histogram` has one entry per distinct `outcomeKey`, `key` is that key,
//      and `count` >= 1;
//   2. the entries' counts plus the errors' counts add up to `runs` (the runs
//      attempted, which a timeout may leave below the runs asked for);
//   3. the same scenario, options and seed give the same Observed when the
//      IUT is deterministic given its seed (the model is).

import type { Scenario } from '../../model/ir.ts';
import type { Outcome } from '../../model/outcome.ts';
import type { ExploreResult } from '../../model/explore/oracle.ts';
import type { Schedule } from '../../model/explore/strategy.ts';

export interface RunOptions {
  /** How many runs to fold into the histogram. */
  readonly runs: number;
  /** The seed of the whole run; adapters derive one per run from it. */
  readonly seed: number;
  /** A budget for the whole scenario; past it the adapter stops and reports a timeout error. */
  readonly timeoutMs: number;
  /**
   * The model's allowed outcomes, when the caller has explored the case
   * already (checkCase has): an adapter may plan its runs by them (which
   * ends need a whole process, which runs may hang) instead of exploring
   * the case again. Planning only: the verdict never depends on it.
   */
  readonly allowed?: readonly Outcome[];
}

/** One run that produced an outcome, kept as the example of that outcome. */
export interface ObservedExample {
  /** The index of the run (0-based) among the adapter's runs. */
  readonly run: number;
  /** The seed that run used, when the IUT takes one. */
  readonly seed?: number;
  /** The schedule that run took, when the IUT can say (the model can). */
  readonly schedule?: Schedule;
  /** Anything else the IUT printed that helps reproduce the run. */
  readonly note?: string;
}

export interface ObservedEntry {
  readonly key: string;
  readonly outcome: Outcome;
  readonly count: number;
  readonly example: ObservedExample;
}

export type AdapterErrorKind =
  /** The IUT exited abnormally without an outcome we can read. */
  | 'crash'
  /** The budget for the whole scenario ran out before all runs were made. */
  | 'timeout'
  /** The IUT said something the protocol does not allow. */
  | 'protocol'
  /** The adapter itself failed (a bug on our side, or a scenario it cannot express). */
  | 'adapter';

export interface AdapterError {
  readonly kind: AdapterErrorKind;
  readonly message: string;
  /** How many runs ended this way; 0 for an error about the whole scenario (e.g. the budget ran out). */
  readonly count: number;
  readonly example?: ObservedExample;
}

export interface Observed {
  /** The adapter's name. */
  readonly adapter: string;
  /** Runs attempted. */
  readonly runs: number;
  readonly histogram: readonly ObservedEntry[];
  readonly errors: readonly AdapterError[];
  /**
   * Set when the adapter cannot express this scenario at all (e.g. the Go code
   * generator has no translation for a statement): the reason. The checker
   * reports the case as skipped with it, as it does for `unsupportedBy`;
   * `histogram` and `errors` are then empty and `runs` is 0.
   */
  readonly unsupported?: string;
  /**
   * Information only: what the implementation's own tools reported over
   * these runs (a race detector, a sanitizer, a checker), one entry per
   * tool that reported anything. The adapter's audits compare them with
   * the model (Adapter.audits); by themselves they never change a verdict.
   */
  readonly diagnostics?: readonly Diagnostics[];
  /**
   * Information only: what a report should say about how the runs were
   * made, e.g. fewer runs than asked for because the budget fits no more
   * of a case whose runs may hang.
   */
  readonly notes?: readonly string[];
  /**
   * Information only: how long the runs' `measure` bodies took (ir.ts), in
   * ns, by name, as the implementation clocked them; the checker reports
   * their distribution against the model's bound (harness/check.ts).
   */
  readonly measures?: Readonly<Record<string, readonly number[]>>;
}

/**
 * What one of the implementation's own tools reported over a case's runs:
 * e.g. Go's race detector (`go build -race`), named `race`.
 */
export interface Diagnostics {
  /** The tool's short name, which its audit looks it up by and JSON reports carry: `race`. */
  readonly name: string;
  /** The tool, as a report names it: `Go's race detector`. */
  readonly tool: string;
  /** What one report is, singular: `data race`. */
  readonly finding: string;
  /** Reports over all runs (a tool may report the same thing once per process). */
  readonly count: number;
  /** How many processes reported any. */
  readonly processes: number;
  /** The first report's first lines. */
  readonly example: string;
  /** The distinct reports, whole, at most a few. */
  readonly reports: readonly string[];
}

/**
 * How an audit's comparison comes out, which is all the checker reads:
 *   agree      the tool and the model say the same;
 *   differ     they differ in a way that is no fault of the implementation
 *              (a known divergence of the tool, a dynamic tool that did not
 *              see what the model finds): information;
 *   disagree   the tool reports what the model rules out, and nothing
 *              explains it: the case fails (status `audit`).
 */
export type AuditAgreement = 'agree' | 'differ' | 'disagree';

/** What reports say about an audit, whatever it found. */
export interface AuditInfo {
  /** Short name, as JSON carries it: `race`. */
  readonly name: string;
  /** The line a report prefixes its finding with: `race detector vs model`. */
  readonly title: string;
  /** The word a case that fails the audit is printed with: `RACE`. */
  readonly status: string;
  /** One disagreement, for the summary line: `race-detector disagreement`. */
  readonly disagreement: string;
}

/** An audit's finding on one case. */
export interface AuditFinding {
  readonly agreement: AuditAgreement;
  /** The audit's own word for it (`not-reproduced`, `known-divergence`, …). */
  readonly kind: string;
  /** One sentence for the report. */
  readonly message: string;
  /** Facts behind it, flat and printable (JSON reports carry them). */
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * A comparison of the implementation's own tools (Observed.diagnostics)
 * with the model's verdicts, supplied by the adapter whose implementation
 * has the tool (Go's race detector: harness/race.ts). The checker runs
 * every audit of the adapter on every case the adapter ran, and knows of
 * them only the agreement.
 */
export interface Audit extends AuditInfo {
  /** Pure: the same inputs give the same finding. */
  compare(scenario: Scenario, oracle: ExploreResult, observed: Observed): AuditFinding;
}

/**
 * What an adapter says about the implementation it ran, so a result can be
 * reproduced: toolchain versions, platform, build command… (flat, printable).
 * `summary`, when present, is the one line the console header prints.
 */
export type ToolchainDescription = Readonly<Record<string, string | number | null>>;

export interface Adapter {
  /** The name cases use in `unsupportedBy`, and reports print. */
  readonly name: string;
  /** Runs the scenario `opts.runs` times; never throws for a failing IUT (that is an error entry). */
  run(scenario: Scenario, opts: RunOptions): Promise<Observed>;
  /**
   * Optional batch hook: called once with every case a run will give to `run`
   * (loaded and not skipped), before the first `run`. An adapter that compiles
   * (Go) builds one program for all of them here. Must not throw for a failing
   * IUT or toolchain: the cases' `run` then report the failure as errors.
   */
  prepare?(scenarios: readonly Scenario[]): Promise<void>;
  /** Optional: releases what `prepare` made (temp directories, processes); called once at the end. */
  dispose?(): Promise<void>;
  /** Optional: why this adapter cannot run on this machine (with how to fix it), or null when it can. */
  unavailable?(): string | null;
  /** Optional: the implementation's toolchain, once known (after `prepare` or the first `run`). */
  toolchain?(): ToolchainDescription | undefined;
  /** Optional: how the implementation's own tools' reports compare with the model, case by case (Audit). */
  readonly audits?: readonly Audit[];
}

/** Folds single run results into an Observed (adapters share this). */
export class HistogramBuilder {
  private readonly entries = new Map<string, { outcome: Outcome; count: number; example: ObservedExample }>();
  private readonly errs = new Map<string, { kind: AdapterErrorKind; message: string; count: number; example?: ObservedExample }>();
  private runs = 0;
  private readonly notes: string[] = [];
  private readonly measured = new Map<string, number[]>();

  constructor(private readonly adapter: string) {}

  /** Something the report should say about these runs (information, not an error). */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Records durations (ns) that `measure` bodies named `name` took. */
  measure(name: string, ns: readonly number[]): void {
    const have = this.measured.get(name);
    if (have) have.push(...ns);
    else this.measured.set(name, [...ns]);
  }

  /** Records `count` runs (default one) that ended with an outcome. */
  outcome(key: string, outcome: Outcome, example: ObservedExample, count = 1): void {
    this.runs += count;
    const e = this.entries.get(key);
    if (e) e.count += count;
    else this.entries.set(key, { outcome, count, example });
  }

  /** Records `count` runs (default one) that ended without an outcome; equal messages are counted together. */
  error(kind: AdapterErrorKind, message: string, example?: ObservedExample, count = 1): void {
    this.runs += count;
    const id = `${kind}\u0000${message}`;
    const e = this.errs.get(id);
    if (e) e.count += count;
    else this.errs.set(id, { kind, message, count, ...(example ? { example } : {}) });
  }

  /** An error that concerns the whole scenario rather than one run (counts no run). */
  failure(kind: AdapterErrorKind, message: string): void {
    const id = `${kind}\u0000${message}`;
    if (!this.errs.has(id)) this.errs.set(id, { kind, message, count: 0 });
  }

  build(): Observed {
    const histogram = [...this.entries.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, e]) => ({ key, outcome: e.outcome, count: e.count, example: e.example }));
    const errors = [...this.errs.values()].map((e) => ({
      kind: e.kind,
      message: e.message,
      count: e.count,
      ...(e.example ? { example: e.example } : {}),
    }));
    const measures = Object.fromEntries([...this.measured].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { adapter: this.adapter, runs: this.runs, histogram, errors, ...(this.notes.length > 0 ? { notes: [...this.notes] } : {}), ...(this.measured.size > 0 ? { measures } : {}) };
  }
}
