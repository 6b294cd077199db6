// The machine-readable reports: `gospec check --json` (the whole run) and
// `gospec explore --json` (one case's outcome set with its witnesses).
//
// The shapes are stable and documented in docs/cli.md: every field is always
// present (null rather than absent), outcomes are given three ways (the
// canonical `key`, the `text` a person reads, the `spec` a case would write),
// and every schedule is a model Schedule that `gospec replay --schedule`
// takes back. `format` and `version` name the shape; a change that removes or
// retypes a field bumps `version` (gospec-check 2: the race detector's
// fields became the generic `audits`, `observed.diagnostics` and
// `summary.audit`).

import type { Level, OutcomeSpec } from '../../model/ir.ts';
import type { Outcome } from '../../model/outcome.ts';
import { describeOutcome, outcomeKey, outcomeToSpec } from '../../model/outcome.ts';
import type { ExploreResult, RaceReport } from '../../model/explore/oracle.ts';
import type { Schedule } from '../../model/explore/strategy.ts';
import type { AdapterError, AuditAgreement, Diagnostics, ObservedExample, ToolchainDescription } from '../adapters/adapter.ts';
import type { AuditResult, CaseResult, CaseStatus, MeasureReport, RunLoadError, RunReport, UnfairFinding, VerdictKind } from '../check.ts';
import { describeExpectationFailure, exitCode, failureWitness, summarize } from '../check.ts';

export const CHECK_FORMAT = 'gospec-check';
export const EXPLORE_FORMAT = 'gospec-explore';
export const CHECK_VERSION = 2;
export const EXPLORE_VERSION = 1;

export interface JsonOutcome {
  /** The canonical key (model/outcome.ts outcomeKey). */
  readonly key: string;
  /** describeOutcome: `v=1 ok=true`, `fatal error: all goroutines are asleep - deadlock!`. */
  readonly text: string;
  /** As a case writes it in expect.allowed. */
  readonly spec: OutcomeSpec;
}

export interface JsonExample {
  readonly run: number;
  readonly seed: number | null;
  readonly schedule: Schedule | null;
  readonly note: string | null;
}

export interface JsonAdapterError {
  readonly kind: AdapterError['kind'];
  readonly message: string;
  /** Runs that ended this way; 0 for an error about the whole case (its budget ran out). */
  readonly count: number;
  readonly example: JsonExample | null;
}

export interface JsonOracle {
  readonly complete: boolean;
  readonly boundHit: { readonly kind: 'states' | 'depth'; readonly limit: number } | null;
  readonly stats: { readonly states: number; readonly transitions: number; readonly maxDepth: number; readonly ms: number };
  readonly outcomes: readonly (JsonOutcome & { readonly witness: Schedule })[];
  /** Whether some sequentially consistent run has a data race, and each race with both accesses and a witness. */
  readonly racy: boolean;
  readonly races: readonly RaceReport[];
}

export interface JsonCase {
  readonly name: string;
  readonly file: string;
  readonly level: Level;
  readonly status: CaseStatus;
  readonly skipReason: string | null;
  readonly ms: number;
  readonly runs: number | null;
  readonly oracle: JsonOracle | null;
  /** The adapter's audits on the case (with --race: Go's race detector against the model, harness/race.ts); [] when it has none. */
  readonly audits: readonly JsonAudit[];
  /** For a case with `measure` bodies run in an IUT: each name's measured distribution (ns) against the model's bound (check.ts MeasureReport); [] when none. */
  readonly measures: readonly MeasureReport[];
  /** For a memory-model case run in an IUT: weak outcomes seen, and the litmus question's observation (check.ts MemoryFindings). */
  readonly memory: null | {
    readonly weak: readonly (JsonOutcome & { readonly count: number })[];
    readonly question: null | { readonly kind: string; readonly outcome: Record<string, unknown>; readonly observation: string; readonly positive: number; readonly negative: number };
  };
  readonly expectation: null | {
    readonly ok: boolean;
    readonly failures: readonly { readonly kind: string; readonly message: string; readonly witness: Schedule | null }[];
    readonly notes: readonly string[];
  };
  readonly observed: null | {
    readonly adapter: string;
    readonly runs: number;
    readonly histogram: readonly (JsonOutcome & { readonly count: number; readonly allowed: boolean; readonly example: JsonExample })[];
    readonly errors: readonly JsonAdapterError[];
    /** What the implementation's own tools reported (with --race: Go's race detector, `race`); [] when none did. Information, not a verdict. */
    readonly diagnostics: readonly Diagnostics[];
  };
  readonly verdict: null | {
    readonly kind: VerdictKind;
    readonly forbidden: readonly (JsonOutcome & {
      readonly count: number;
      readonly example: JsonExample;
      readonly oracleComplete: boolean;
      readonly nearest: (JsonOutcome & { readonly shared: number; readonly witness: Schedule }) | null;
    })[];
    readonly unfair: readonly UnfairFinding[];
    readonly unseen: readonly (JsonOutcome & { readonly witness: Schedule })[];
  };
}

/** One audit's finding (check.ts AuditResult): `agreement` is what the checker read, `kind` the audit's own word. */
export interface JsonAudit {
  readonly name: string;
  readonly title: string;
  readonly agreement: AuditAgreement;
  readonly kind: string;
  readonly message: string;
  readonly details: AuditResult['details'];
}

export interface JsonCheckReport {
  readonly format: typeof CHECK_FORMAT;
  readonly version: typeof CHECK_VERSION;
  readonly seed: number;
  readonly adapter: string;
  /** The level forced on every case, or null when each ran at its own. */
  readonly level: Level | null;
  /** The runs per case asked for with --runs, or null when each case had its default. */
  readonly runs: number | null;
  readonly ms: number;
  /**
   * The implementation's toolchain as its adapter describes it, so the run can
   * be reproduced (Go: compiler, version, goos, goarch, gomaxprocs, goModGo,
   * build); null for adapters without one (the model).
   */
  readonly toolchain: ToolchainDescription | null;
  readonly exitCode: 0 | 1 | 2;
  readonly summary: ReturnType<typeof summarize>;
  readonly loadErrors: readonly RunLoadError[];
  readonly cases: readonly JsonCase[];
}

export interface JsonExploreReport {
  readonly format: typeof EXPLORE_FORMAT;
  readonly version: typeof EXPLORE_VERSION;
  readonly scenario: string;
  readonly file: string;
  readonly level: Level;
  readonly complete: boolean;
  readonly boundHit: JsonOracle['boundHit'];
  readonly stats: JsonOracle['stats'];
  readonly outcomes: JsonOracle['outcomes'];
}

export function jsonOutcome(o: Outcome): JsonOutcome {
  return { key: outcomeKey(o), text: describeOutcome(o), spec: outcomeToSpec(o) };
}

function jsonExample(e: ObservedExample): JsonExample {
  return { run: e.run, seed: e.seed ?? null, schedule: e.schedule ?? null, note: e.note ?? null };
}

function jsonError(e: AdapterError): JsonAdapterError {
  return { kind: e.kind, message: e.message, count: e.count, example: e.example ? jsonExample(e.example) : null };
}

export function jsonOracle(r: ExploreResult): JsonOracle {
  return {
    complete: r.complete,
    boundHit: r.boundHit ? { kind: r.boundHit.kind, limit: r.boundHit.limit } : null,
    stats: { states: r.stats.states, transitions: r.stats.transitions, maxDepth: r.stats.maxDepth, ms: r.stats.ms },
    outcomes: r.outcomes.map((x) => ({ ...jsonOutcome(x.outcome), witness: x.witness })),
    racy: r.racy,
    races: r.races,
  };
}

export function jsonCase(c: CaseResult): JsonCase {
  const allowed = new Set(c.oracle?.outcomes.map((x) => x.key) ?? []);
  return {
    name: c.name,
    file: c.file,
    level: c.level,
    status: c.status,
    skipReason: c.skipReason ?? null,
    ms: c.ms,
    runs: c.runs ?? null,
    oracle: c.oracle ? jsonOracle(c.oracle) : null,
    audits: (c.audits ?? []).map((a) => ({ name: a.audit.name, title: a.audit.title, agreement: a.agreement, kind: a.kind, message: a.message, details: a.details })),
    measures: c.measures ?? [],
    memory: c.memory
      ? {
          weak: c.memory.weak.map((w) => ({ ...jsonOutcome(w.outcome), count: w.count })),
          question: c.memory.question
            ? { kind: c.memory.question.question.kind, outcome: c.memory.question.question.outcome, observation: c.memory.question.observation, positive: c.memory.question.positive, negative: c.memory.question.negative }
            : null,
        }
      : null,
    expectation: c.expectation
      ? {
          ok: c.expectation.ok,
          failures: c.expectation.failures.map((f) => ({ kind: f.kind, message: describeExpectationFailure(f), witness: failureWitness(f) ?? null })),
          notes: c.expectation.notes,
        }
      : null,
    observed: c.observed
      ? {
          adapter: c.observed.adapter,
          runs: c.observed.runs,
          histogram: c.observed.histogram.map((h) => {
            const jo = jsonOutcome(h.outcome);
            return { ...jo, count: h.count, allowed: allowed.has(jo.key), example: jsonExample(h.example) };
          }),
          errors: c.observed.errors.map(jsonError),
          diagnostics: (c.observed.diagnostics ?? []).map((d) => ({ ...d, reports: [...d.reports] })),
        }
      : null,
    verdict: c.verdict
      ? {
          kind: c.verdict.kind,
          forbidden: c.verdict.forbidden.map((f) => ({
            ...jsonOutcome(f.outcome),
            count: f.count,
            example: jsonExample(f.example),
            oracleComplete: f.oracleComplete,
            nearest: f.nearest ? { ...jsonOutcome(f.nearest.outcome), shared: f.nearest.shared, witness: f.nearest.witness } : null,
          })),
          unfair: c.verdict.unfair,
          unseen: c.verdict.unseen.map((u) => ({ ...jsonOutcome(u.outcome), witness: u.witness })),
        }
      : null,
  };
}

export function jsonCheckReport(r: RunReport): JsonCheckReport {
  return {
    format: CHECK_FORMAT,
    version: CHECK_VERSION,
    seed: r.seed,
    adapter: r.adapter,
    level: r.level ?? null,
    runs: r.runs ?? null,
    ms: r.ms,
    toolchain: r.toolchain ?? null,
    exitCode: exitCode(r),
    summary: summarize(r),
    loadErrors: r.loadErrors,
    cases: r.cases.map(jsonCase),
  };
}

export function jsonExploreReport(file: string, r: ExploreResult): JsonExploreReport {
  const o = jsonOracle(r);
  return { format: EXPLORE_FORMAT, version: EXPLORE_VERSION, scenario: r.scenario, file, level: r.level, complete: o.complete, boundHit: o.boundHit, stats: o.stats, outcomes: o.outcomes };
}
