// The checker: compares what the oracle computes with what a case expects,
// and what an implementation under test (IUT) shows with what the oracle
// allows (docs/design.md, "Outcomes and verdicts").
//
// Two checks, kept apart because they blame different parties:
//   - `checkExpectation(scenario, result)`: the case's `expect` against the
//     explorer's outcome set. A failure here is a disagreement between the
//     corpus and the model: one of them is wrong about Go.
//   - `checkObserved(allowed, observed)`: the IUT's histogram against the
//     explored outcome set. A failure here is the IUT departing from Go.
// `checkCase` runs both for one case, the way `gospec check` and the corpus
// test do.
//
// Verdicts (one headline per case and IUT, every finding kept):
//   forbidden  an observed outcome is outside the allowed set; each comes with
//              its count, the IUT's example run, and the allowed outcome
//              nearest to it with the model's (shortest) witness schedule;
//   unfair     a statistical check rejects at p < 1e-6 (harness/stats.ts);
//   error      the IUT crashed, hung or broke the protocol;
//   unseen     an allowed outcome never showed up: information, not failure;
//   pass       none of the above.
// The headline is the first that applies in the order above: a forbidden
// outcome says the most about the IUT, an error the least.

import { formatNs } from '../model/time.ts';
import type { Level, OutcomeSpec, Scenario } from '../model/ir.ts';
import type { Outcome } from '../model/outcome.ts';
import { describeOutcome, GOROUTINE_LISTS, leaks, matchesPartial, outcomeFromSpec, outcomeKey } from '../model/outcome.ts';
import type { ExploreOptions, ExploreResult, OutcomeEntry, RaceAccessReport, RaceReport } from '../model/explore/oracle.ts';
import { explore } from '../model/explore/oracle.ts';
import type { Schedule } from '../model/explore/strategy.ts';
import type { Adapter, AdapterError, Audit, AuditFinding, AuditInfo, ObservedExample, Observed, ToolchainDescription } from './adapters/adapter.ts';
import { fitsDistribution } from './stats.ts';

// ---------------------------------------------------------------------------
// The corpus oracle check: expect against explore

export type StatField = 'states' | 'transitions' | 'maxDepth';

export type ExpectationFailure =
  /** An outcome spec the case wrote cannot be read (outcomeFromSpec threw). */
  | { readonly kind: 'malformed'; readonly where: string; readonly message: string }
  /** The case allows an outcome the explorer never reached. */
  | { readonly kind: 'missing'; readonly where: string; readonly outcome: Outcome }
  /** The explorer reached an outcome the case does not list. */
  | { readonly kind: 'extra'; readonly outcome: Outcome; readonly witness: Schedule }
  /** A forbidden partial outcome matches an explored outcome. */
  | { readonly kind: 'forbidden-reached'; readonly where: string; readonly partial: OutcomeSpec; readonly outcome: Outcome; readonly witness: Schedule }
  /** An explored outcome ends otherwise than `expect.verdict` says. */
  | { readonly kind: 'verdict'; readonly want: string; readonly outcome: Outcome; readonly witness: Schedule }
  /**
   * The litmus question gets another answer from the explorer: `allowed` and
   * no explored outcome matches (no outcome, no witness); `forbidden` and this
   * outcome matches; `required` and this outcome does not.
   */
  | { readonly kind: 'question'; readonly case: string; readonly question: Question; readonly outcome?: Outcome; readonly witness?: Schedule }
  /** `expect.racy` says race or no race, the explorer finds otherwise (a race comes with its witness). */
  | { readonly kind: 'racy'; readonly case: string; readonly want: boolean; readonly race?: RaceReport; readonly witness?: Schedule }
  /** `expect.leaks` says leak or no leak, the explorer finds otherwise (a leaking outcome comes with its witness). */
  | { readonly kind: 'leaks'; readonly case: string; readonly want: boolean; readonly outcome?: Outcome; readonly witness?: Schedule }
  /** A bound `expect.bounds` states differs from the one the model computes (null: none, or no run completes the body; incomplete: the search stopped early). */
  | { readonly kind: 'bound'; readonly name: string; readonly want: number; readonly got: number | null; readonly incomplete?: true }
  /** A statistic the case pins differs from the explorer's. */
  | { readonly kind: 'stats'; readonly field: StatField; readonly want: number; readonly got: number }
  /** A bound stopped the search: the explored set may lack outcomes. */
  | { readonly kind: 'incomplete'; readonly bound: 'states' | 'depth'; readonly limit: number }
  /** The model could not explore the case at all (it threw). */
  | { readonly kind: 'oracle-error'; readonly message: string };

/** A litmus test's question (herd's Allowed / Forbidden / Required). */
export type Question = NonNullable<NonNullable<Scenario['expect']>['question']>;

export interface ExpectationReport {
  readonly case: string;
  readonly ok: boolean;
  readonly failures: readonly ExpectationFailure[];
  /** Why parts of the expectation were not checked, when they were not. */
  readonly notes: readonly string[];
}

/** The verdict a case states, in words. */
export function describeVerdictSpec(v: NonNullable<Scenario['expect']>['verdict']): string {
  if (v === undefined) return 'any';
  if (typeof v === 'string') return v;
  return `panic: ${v.panic}`;
}

function verdictHolds(v: NonNullable<NonNullable<Scenario['expect']>['verdict']>, o: Outcome): boolean {
  if (v === 'ok') return o.end === 'ok';
  if (v === 'deadlock') return o.end === 'deadlock';
  return o.end === 'panic' && o.panic?.message === v.panic;
}

function specText(p: OutcomeSpec): string {
  const parts = Object.entries(p).map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`);
  return `{ ${parts.join(', ')} }`;
}

/** Does the case state anything the explorer's result can be compared with? */
export function hasExpectation(s: Scenario): boolean {
  const e = s.expect;
  if (!e) return false;
  return e.allowed !== undefined || e.forbidden !== undefined || e.verdict !== undefined
    || e.question !== undefined || e.racy !== undefined || e.leaks !== undefined
    || (e.explored !== undefined && Object.keys(e.explored).length > 0)
    || (e.bounds !== undefined && Object.keys(e.bounds).length > 0);
}

/**
 * The case's expectation against the explorer's result. `allowed` must be the
 * explored set exactly; no `forbidden` partial may match an explored outcome;
 * `verdict` holds for every outcome; the litmus `question` gets the answer
 * the case gives it (allowed: some explored outcome matches its partial
 * outcome; forbidden: none does; required: every one does); `racy` agrees
 * with the explorer's race verdict; `leaks` agrees with whether some
 * explored outcome leaks a goroutine; `explored` statistics are equal; an
 * incomplete search fails unless the case states nothing to compare.
 * The expectation is stated at the case's level; a result at another level
 * is not compared (noted).
 */
export function checkExpectation(scenario: Scenario, result: ExploreResult): ExpectationReport {
  const caseLevel: Level = scenario.level ?? 'spec';
  const failures: ExpectationFailure[] = [];
  const notes: string[] = [];
  const e = scenario.expect;
  const done = (): ExpectationReport => ({ case: scenario.name, ok: failures.length === 0, failures, notes });
  if (result.level !== caseLevel) {
    notes.push(`the expectation is stated at level ${caseLevel}; explored at level ${result.level}, so it was not compared`);
    return done();
  }
  if (!e || !hasExpectation(scenario)) {
    notes.push('the case states no expectation');
    return done();
  }
  if (!result.complete && result.boundHit) {
    failures.push({ kind: 'incomplete', bound: result.boundHit.kind, limit: result.boundHit.limit });
  }

  if (e.allowed !== undefined) {
    const listed = new Map<string, { where: string; outcome: Outcome }>();
    e.allowed.forEach((spec, i) => {
      const where = `expect.allowed[${i}]`;
      try {
        const o = outcomeFromSpec(spec);
        const k = outcomeKey(o);
        if (!listed.has(k)) listed.set(k, { where, outcome: o });
      } catch (err) {
        failures.push({ kind: 'malformed', where, message: `${specText(spec)}: ${err instanceof Error ? err.message : String(err)}` });
      }
    });
    const explored = new Map(result.outcomes.map((x) => [x.key, x] as const));
    for (const [k, l] of listed) {
      if (!explored.has(k)) failures.push({ kind: 'missing', where: l.where, outcome: l.outcome });
    }
    for (const x of result.outcomes) {
      if (!listed.has(x.key)) failures.push({ kind: 'extra', outcome: x.outcome, witness: x.witness });
    }
  }

  (e.forbidden ?? []).forEach((partial, i) => {
    for (const x of result.outcomes) {
      if (matchesPartial(x.outcome, partial)) {
        failures.push({ kind: 'forbidden-reached', where: `expect.forbidden[${i}]`, partial, outcome: x.outcome, witness: x.witness });
      }
    }
  });

  if (e.verdict !== undefined) {
    for (const x of result.outcomes) {
      if (!verdictHolds(e.verdict, x.outcome)) {
        failures.push({ kind: 'verdict', want: describeVerdictSpec(e.verdict), outcome: x.outcome, witness: x.witness });
      }
    }
  }

  if (e.question !== undefined) {
    const q = e.question;
    const matching = result.outcomes.filter((x) => matchesPartial(x.outcome, q.outcome));
    if (q.kind === 'allowed' && matching.length === 0) {
      failures.push({ kind: 'question', case: scenario.name, question: q });
    } else if (q.kind === 'forbidden') {
      for (const x of matching) failures.push({ kind: 'question', case: scenario.name, question: q, outcome: x.outcome, witness: x.witness });
    } else if (q.kind === 'required') {
      for (const x of result.outcomes) {
        if (!matching.includes(x)) failures.push({ kind: 'question', case: scenario.name, question: q, outcome: x.outcome, witness: x.witness });
      }
    }
  }

  if (e.racy !== undefined && result.racy !== e.racy) {
    const race = result.races[0];
    failures.push({ kind: 'racy', case: scenario.name, want: e.racy, ...(race ? { race, witness: race.witness } : {}) });
  }

  if (e.leaks !== undefined) {
    const leaking = result.outcomes.find((x) => leaks(x.outcome));
    if ((leaking !== undefined) !== e.leaks) {
      failures.push({ kind: 'leaks', case: scenario.name, want: e.leaks, ...(leaking ? { outcome: leaking.outcome, witness: leaking.witness } : {}) });
    }
  }

  for (const [name, want] of Object.entries(e.bounds ?? {})) {
    const got = result.measured?.bounds.find((b) => b.name === name)?.maxNs ?? null;
    if (result.measured !== undefined && !result.measured.complete) failures.push({ kind: 'bound', name, want, got, incomplete: true });
    else if (got !== want) failures.push({ kind: 'bound', name, want, got });
  }

  const fields: readonly StatField[] = ['states', 'transitions', 'maxDepth'];
  for (const f of fields) {
    const want = e.explored?.[f];
    if (want !== undefined && want !== result.stats[f]) failures.push({ kind: 'stats', field: f, want, got: result.stats[f] });
  }
  return done();
}

/** One line per expectation failure, naming the outcome by its describeOutcome text. */
export function describeExpectationFailure(f: ExpectationFailure): string {
  switch (f.kind) {
    case 'malformed':
      return `${f.where} is malformed: ${f.message}`;
    case 'missing':
      return `${f.where} allows "${describeOutcome(f.outcome)}", which the model never reaches`;
    case 'extra':
      return `the model reaches "${describeOutcome(f.outcome)}", which expect.allowed does not list`;
    case 'forbidden-reached':
      return `${f.where} ${specText(f.partial)} forbids "${describeOutcome(f.outcome)}", which the model reaches`;
    case 'verdict':
      return `expect.verdict is ${f.want}, but the model reaches "${describeOutcome(f.outcome)}"`;
    case 'question': {
      const asked = `${f.case}: expect.question asks ${f.question.kind} ${specText(f.question.outcome)}`;
      if (f.question.kind === 'allowed') return `${asked}, but no outcome the model reaches matches it`;
      if (f.question.kind === 'forbidden') return `${asked}, but the model reaches "${describeOutcome(f.outcome!)}", which matches it`;
      return `${asked}, but the model reaches "${describeOutcome(f.outcome!)}", which does not match it`;
    }
    case 'racy':
      if (f.want) return `${f.case}: expect.racy is true, but the model finds no data race in any execution`;
      return `${f.case}: expect.racy is false, but the model finds a data race${f.race ? ` ${describeRace(f.race)}` : ''}`;
    case 'leaks':
      if (f.want) return `${f.case}: expect.leaks is true, but in every run the model explores each goroutine can finish`;
      return `${f.case}: expect.leaks is false, but the model reaches "${describeOutcome(f.outcome!)}"`;
    case 'stats':
      return `expect.explored.${f.field} is ${f.want}, the explorer counts ${f.got}`;
    case 'bound':
      if (f.incomplete) return `expect.bounds.${f.name} is ${formatNs(f.want)}, but the model's search for it hit its bound before finishing`;
      if (f.got === null) return `expect.bounds.${f.name} is ${formatNs(f.want)}, but the model has no bound for it (no run at the gc level completes such a measure body)`;
      return `expect.bounds.${f.name} is ${formatNs(f.want)}, the model computes ${formatNs(f.got)} (gc level, steps that take no time)`;
    case 'incomplete':
      return `the exploration hit its ${f.bound} bound (${f.limit}) before finishing: the outcome set may be incomplete`;
    case 'oracle-error':
      return `the model cannot explore this case: ${f.message}`;
  }
}

/** `on x: P's write (goroutines.P[0].store) and Q's read (goroutines.Q[1].load)`. */
export function describeRace(r: RaceReport): string {
  const access = (a: RaceAccessReport): string => `${a.goroutine}'s ${a.kind} (${a.site})`;
  return `on ${r.word}: ${access(r.first)} and ${access(r.second)}`;
}

/** The witness schedule that comes with a failure, when it has one. */
export function failureWitness(f: ExpectationFailure): Schedule | undefined {
  return 'witness' in f ? f.witness : undefined;
}

// ---------------------------------------------------------------------------
// The IUT check: observed ⊆ allowed

export type VerdictKind = 'pass' | 'forbidden' | 'unfair' | 'unseen' | 'error';

/** The verdicts that fail a run (unseen is information). */
export const FAILING_VERDICTS: ReadonlySet<VerdictKind> = new Set<VerdictKind>(['forbidden', 'unfair', 'error']);

export interface Nearest {
  readonly key: string;
  readonly outcome: Outcome;
  /** The model's shortest schedule to this allowed outcome. */
  readonly witness: Schedule;
  /** How many observation values it shares with the forbidden outcome. */
  readonly shared: number;
}

export interface ForbiddenFinding {
  readonly key: string;
  readonly outcome: Outcome;
  readonly count: number;
  /** The IUT's run that showed it. */
  readonly example: ObservedExample;
  /** The allowed outcome nearest to it; absent when nothing is allowed. */
  readonly nearest?: Nearest;
  /** False when the oracle's search was cut by a bound: the outcome may be allowed beyond it. */
  readonly oracleComplete: boolean;
}

export interface UnseenFinding {
  readonly key: string;
  readonly outcome: Outcome;
  readonly witness: Schedule;
}

export interface UnfairFinding {
  /** The check's name, e.g. "select-uniform". */
  readonly check: string;
  readonly message: string;
  readonly p: number;
}

export interface Verdict {
  readonly kind: VerdictKind;
  readonly forbidden: readonly ForbiddenFinding[];
  readonly unfair: readonly UnfairFinding[];
  readonly unseen: readonly UnseenFinding[];
  readonly errors: readonly AdapterError[];
}

/**
 * How alike two outcomes are, in shared observation values: one point for the
 * same ending, one per equal panic field, one per position where a name's
 * values agree, one per goroutine list (parked, leaked, spinning) they
 * share and that is not empty.
 */
export function similarity(a: Outcome, b: Outcome): number {
  let score = a.end === b.end ? 1 : 0;
  if (a.end === 'panic' && b.end === 'panic') {
    if (a.panic?.message === b.panic?.message) score++;
    if (a.panic?.goroutine === b.panic?.goroutine) score++;
  }
  for (const name of Object.keys(a.obs)) {
    const av = a.obs[name]!;
    const bv = b.obs[name];
    if (!bv) continue;
    for (let i = 0; i < Math.min(av.length, bv.length); i++) if (av[i] === bv[i]) score++;
  }
  for (const l of GOROUTINE_LISTS) {
    const la = [...(a[l] ?? [])].sort().join(',');
    const lb = [...(b[l] ?? [])].sort().join(',');
    if ((la !== '' || lb !== '') && la === lb) score++;
  }
  return score;
}

/** The allowed outcome sharing the most values with `o`; ties go to the shortest witness, then the key. */
export function nearestAllowed(o: Outcome, allowed: readonly OutcomeEntry[]): Nearest | undefined {
  let best: Nearest | undefined;
  for (const x of allowed) {
    const shared = similarity(o, x.outcome);
    const better = best === undefined
      || shared > best.shared
      || (shared === best.shared && x.witness.steps.length < best.witness.steps.length);
    if (better) best = { key: x.key, outcome: x.outcome, witness: x.witness, shared };
  }
  return best;
}

/**
 * The IUT's histogram against the oracle: every observed outcome must be in
 * the explored set. Keys are recomputed from the outcomes, so an adapter's
 * own key spelling cannot hide a difference.
 */
export function checkObserved(allowed: ExploreResult, observed: Observed, unfair: readonly UnfairFinding[] = []): Verdict {
  const byKey = new Map(allowed.outcomes.map((x) => [x.key, x] as const));
  const seen = new Set<string>();
  const forbidden: ForbiddenFinding[] = [];
  for (const entry of observed.histogram) {
    const key = outcomeKey(entry.outcome);
    seen.add(key);
    if (byKey.has(key)) continue;
    const nearest = nearestAllowed(entry.outcome, allowed.outcomes);
    forbidden.push({
      key,
      outcome: entry.outcome,
      count: entry.count,
      example: entry.example,
      ...(nearest ? { nearest } : {}),
      oracleComplete: allowed.complete,
    });
  }
  // Most frequent first: the first finding printed is the one most worth reading.
  forbidden.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const unseen: UnseenFinding[] = allowed.outcomes
    .filter((x) => !seen.has(x.key))
    .map((x) => ({ key: x.key, outcome: x.outcome, witness: x.witness }));
  const errors = observed.errors;
  const kind: VerdictKind = forbidden.length > 0 ? 'forbidden'
    : unfair.length > 0 ? 'unfair'
    : errors.length > 0 ? 'error'
    : unseen.length > 0 ? 'unseen'
    : 'pass';
  return { kind, forbidden, unfair, unseen, errors };
}

/** One line per adapter error, said plainly. */
export function describeAdapterError(e: AdapterError): string {
  const what = { crash: 'crashed', timeout: 'timed out', protocol: 'broke the protocol', adapter: 'adapter failure' }[e.kind];
  const times = e.count > 1 ? ` (${e.count} runs)` : e.count === 1 ? ' (1 run)' : '';
  const seed = e.example?.seed !== undefined ? `, e.g. run ${e.example.run} seed ${e.example.seed}` : '';
  return `${what}${times}: ${e.message}${seed}`;
}

// ---------------------------------------------------------------------------
// One case, end to end

/** A case's status in a run: its verdict, or why it could not have one. */
export type CaseStatus =
  | 'pass'
  /** pass, with allowed outcomes the IUT never showed (information). */
  | 'unseen'
  | 'forbidden'
  | 'unfair'
  /** The case's expectation and the model disagree. */
  | 'expectation'
  /**
   * An audit of the adapter disagrees: the implementation's own tool
   * reports what the model rules out, unexplained (Go's race detector with
   * --race, harness/race.ts; its result says which, AuditResult).
   */
  | 'audit'
  | 'error'
  | 'skipped';

export const FAILING_STATUSES: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['forbidden', 'unfair', 'expectation', 'audit', 'error']);

/** One audit's finding on a case, with what reports say about the audit. */
export interface AuditResult extends AuditFinding {
  readonly audit: AuditInfo;
}

/** Runs one audit; an audit that throws (a bug of ours) fails the case saying so, and the run goes on. */
export function runAudit(a: Audit, scenario: Scenario, oracle: ExploreResult, observed: Observed): AuditResult {
  const audit: AuditInfo = { name: a.name, title: a.title, status: a.status, disagreement: a.disagreement };
  try {
    return { audit, ...a.compare(scenario, oracle, observed) };
  } catch (err) {
    return { audit, agreement: 'disagree', kind: 'failed', message: `the audit could not compare: ${err instanceof Error ? err.message : String(err)}`, details: {} };
  }
}

/** The audit result a failing case is printed by: the first that disagrees. */
export function disagreeing(c: CaseResult): AuditResult | undefined {
  return c.audits?.find((a) => a.agreement === 'disagree');
}

export interface CaseResult {
  readonly file: string;
  readonly name: string;
  /** The level the case ran at. */
  readonly level: Level;
  readonly status: CaseStatus;
  /** Why the case (or its IUT run) was skipped. */
  readonly skipReason?: string;
  /** The oracle; absent when skipped or when the model could not explore the case. */
  readonly oracle?: ExploreResult;
  readonly expectation?: ExpectationReport;
  readonly observed?: Observed;
  readonly verdict?: Verdict;
  /** The runs asked of the adapter. */
  readonly runs?: number;
  /** For a case with plain words run in an IUT: what the runs say about the memory model. */
  readonly memory?: MemoryFindings;
  /** The adapter's audits on this case (Adapter.audits: with --race, Go's race detector against the model, harness/race.ts). */
  readonly audits?: readonly AuditResult[];
  /** For a case with `measure` bodies run in an IUT: each one's measured distribution against the model's bound (information). */
  readonly measures?: readonly MeasureReport[];
  readonly ms: number;
}

/**
 * What an IUT's runs of a memory-model case show, beyond allowed/forbidden:
 *   weak       observed outcomes Go's memory model allows but no
 *              sequentially consistent run gives (the weak outcomes a litmus
 *              test exists to provoke: SB's r0=r1=0, and CoRR's 1-then-0,
 *              which gc shows through reusing a load), with their counts;
 *   question   the litmus question's observation, as herd prints it: Never
 *              (no run matched), Sometimes or Always, with the matching
 *              (positive) and other (negative) runs.
 */
export interface MemoryFindings {
  readonly weak: readonly { readonly key: string; readonly outcome: Outcome; readonly count: number }[];
  readonly question?: { readonly question: Question; readonly observation: 'Never' | 'Sometimes' | 'Always'; readonly positive: number; readonly negative: number };
}

/** The memory findings of an IUT's histogram (MemoryFindings); `sc` is the case explored under sequential consistency. */
export function memoryFindings(scenario: Scenario, sc: ExploreResult, observed: Observed): MemoryFindings {
  const scKeys = new Set(sc.outcomes.map((o) => o.key));
  const weak = observed.histogram
    .filter((h) => h.outcome.end === 'ok' && !scKeys.has(outcomeKey(h.outcome)))
    .map((h) => ({ key: outcomeKey(h.outcome), outcome: h.outcome, count: h.count }));
  const q = scenario.expect?.question;
  if (!q) return { weak };
  let positive = 0;
  let negative = 0;
  for (const h of observed.histogram) {
    if (matchesPartial(h.outcome, q.outcome)) positive += h.count;
    else negative += h.count;
  }
  const observation = positive === 0 ? 'Never' : negative === 0 ? 'Always' : 'Sometimes';
  return { weak, question: { question: q, observation, positive, negative } };
}

/** Does the scenario declare a plain word (a memory-model case)? */
export function hasPlainWords(s: Scenario): boolean {
  return Object.values(s.objects ?? {}).some((d) => d.kind === 'word');
}

export interface CheckOptions {
  readonly adapter: Adapter;
  readonly seed: number;
  /** Runs per case; default `defaultRuns(oracle)`. */
  readonly runs?: number;
  /** Budget for the adapter per case (default 10 s). */
  readonly timeoutMs?: number;
  /** Run at this level instead of each case's own. */
  readonly level?: Level;
  /** Exploration options for the oracle (bounds). */
  readonly explore?: ExploreOptions;
}

/** Enough runs to see each allowed outcome a few times: 30 per outcome, at least 200, at most 2000. */
export function defaultRuns(oracle: ExploreResult | undefined): number {
  const n = oracle?.outcomes.length ?? 1;
  return Math.min(2000, Math.max(200, 30 * n));
}

/** Explores a case; a model that throws is an `oracle-error`, not a crash of the run. */
export function exploreCase(s: Scenario, o: ExploreOptions = {}): { result: ExploreResult } | { error: string } {
  try {
    return { result: explore(s, o) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Runs one case: skip handling, the oracle, the expectation, the IUT, the verdict. */
export async function checkCase(file: string, scenario: Scenario, o: CheckOptions): Promise<CaseResult> {
  const t0 = performance.now();
  const level: Level = o.level ?? scenario.level ?? 'spec';
  const base = { file, name: scenario.name, level };
  if (scenario.status === 'skip') {
    return { ...base, status: 'skipped', skipReason: scenario.reason ?? '(no reason given)', ms: performance.now() - t0 };
  }
  const eo: ExploreOptions = { ...(o.explore ?? {}), config: { ...(o.explore?.config ?? {}), level } };
  const explored = exploreCase(scenario, eo);
  if ('error' in explored) {
    const expectation: ExpectationReport = { case: scenario.name, ok: false, failures: [{ kind: 'oracle-error', message: explored.error }], notes: [] };
    return { ...base, status: 'error', expectation, ms: performance.now() - t0 };
  }
  const oracle = explored.result;
  const expectation = checkExpectation(scenario, oracle);
  const unsupported = (scenario.unsupportedBy ?? []).includes(o.adapter.name);
  if (unsupported) {
    const skipReason = `unsupported by ${o.adapter.name}: ${scenario.reason ?? '(no reason given)'}`;
    return { ...base, status: expectation.ok ? 'skipped' : 'expectation', skipReason, oracle, expectation, ms: performance.now() - t0 };
  }
  const runs = o.runs ?? defaultRuns(oracle);
  let observed: Observed;
  try {
    observed = await o.adapter.run({ ...scenario, level }, { runs, seed: o.seed, timeoutMs: o.timeoutMs ?? 10_000, allowed: oracle.outcomes.map((x) => x.outcome) });
  } catch (err) {
    // An adapter must not throw; if one does, the case says so and the run goes on.
    observed = { adapter: o.adapter.name, runs: 0, histogram: [], errors: [{ kind: 'adapter', message: err instanceof Error ? err.message : String(err), count: 0 }] };
  }
  // An adapter that cannot express the case at all says why; that is a skip with a reason, as unsupportedBy is.
  if (observed.unsupported !== undefined) {
    return { ...base, status: expectation.ok ? 'skipped' : 'expectation', skipReason: observed.unsupported, oracle, expectation, ms: performance.now() - t0 };
  }
  // Where Go fixes the odds (select's uniform choice), the frequencies must fit them.
  const counts = new Map(observed.histogram.map((h) => [h.key, h.count] as const));
  const unfair = oracle.distribution ? fitsDistribution('select-uniform', counts, oracle.distribution) : undefined;
  const verdict = checkObserved(oracle, observed, unfair ? [unfair] : []);
  const audits = (o.adapter.audits ?? []).map((a) => runAudit(a, scenario, oracle, observed));
  const status: CaseStatus = verdict.kind === 'forbidden' || verdict.kind === 'unfair' ? verdict.kind
    : !expectation.ok ? 'expectation'
    : audits.some((a) => a.agreement === 'disagree') ? 'audit'
    : verdict.kind;
  const sc = hasPlainWords(scenario) ? exploreCase(scenario, { ...eo, config: { ...eo.config, memory: 'sc' } }) : undefined;
  const memory = sc && 'result' in sc ? { memory: memoryFindings(scenario, sc.result, observed) } : {};
  const measures = measureReports(oracle, observed);
  return { ...base, status, oracle, expectation, observed, verdict, runs, ...memory, ...(audits.length > 0 ? { audits } : {}), ...(measures.length > 0 ? { measures } : {}), ms: performance.now() - t0 };
}

// ---------------------------------------------------------------------------
// Measured bounds: information, never a verdict

/**
 * How far a real run's measurement may exceed the model's bound and still
 * count as within it: by the bound again plus 10 ms. The model's bound
 * assumes steps that take no time (model/explore/measure.ts); a real
 * machine adds its scheduling delays — waking a parked goroutine, a
 * descheduled thread, a timer run late by a busy P — which on a loaded
 * 2-core machine reach milliseconds. The tolerance is generous on purpose:
 * a measurement beyond it is reported (`beyond`), never failed, since a
 * timed assertion on a shared machine is flaky by nature.
 */
export const MEASURE_TOLERANCE = { factor: 2, slackNs: 10_000_000 } as const;

export interface MeasureReport {
  readonly name: string;
  /** The model's bound (ns); null when it has none (spec level, or no run completes the body). */
  readonly boundNs: number | null;
  readonly count: number;
  readonly minNs: number;
  readonly medianNs: number;
  readonly p99Ns: number;
  readonly maxNs: number;
  /** Whether the longest measurement is within the tolerance of the bound; null without a bound. */
  readonly within: boolean | null;
}

/** The k-th quantile (0..1) of sorted values, nearest rank. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Each measure name's distribution in the runs, against the model's bound. */
export function measureReports(oracle: ExploreResult, observed: Observed): MeasureReport[] {
  return Object.entries(observed.measures ?? {}).filter(([, ds]) => ds.length > 0).map(([name, ds]) => {
    const sorted = [...ds].sort((a, b) => a - b);
    const boundNs = oracle.measured?.complete ? oracle.measured.bounds.find((b) => b.name === name)?.maxNs ?? null : null;
    const maxNs = sorted.at(-1)!;
    return {
      name, boundNs, count: sorted.length, minNs: sorted[0]!, medianNs: quantile(sorted, 0.5), p99Ns: quantile(sorted, 0.99), maxNs,
      within: boundNs === null ? null : maxNs <= MEASURE_TOLERANCE.factor * boundNs + MEASURE_TOLERANCE.slackNs,
    };
  });
}

/** `wait: 2000 measured, min 4µs, median 0.1ms, p99 1.2ms, max 1.3ms; the model's bound 1.2ms: within the tolerance (2 × bound + 10ms)`. */
export function describeMeasure(r: MeasureReport): string {
  const ms = (ns: number): string => (ns >= 1_000_000 ? `${(ns / 1e6).toFixed(2)}ms` : ns >= 1_000 ? `${(ns / 1e3).toFixed(1)}µs` : `${ns}ns`);
  const dist = `${r.name}: ${r.count} measured, min ${ms(r.minNs)}, median ${ms(r.medianNs)}, p99 ${ms(r.p99Ns)}, max ${ms(r.maxNs)}`;
  if (r.boundNs === null) return `${dist}; the model gives no bound`;
  const tol = `${MEASURE_TOLERANCE.factor} × bound + ${formatNs(MEASURE_TOLERANCE.slackNs)}`;
  return `${dist}; the model's bound ${formatNs(r.boundNs)} (steps that take no time): ${r.within ? 'within' : 'BEYOND'} the tolerance (${tol})`;
}

// ---------------------------------------------------------------------------
// A whole run

/** A case file that could not be read (the loader's LoadError, restated so reports need not import the loader). */
export interface RunLoadError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
}

export interface RunReport {
  readonly seed: number;
  readonly adapter: string;
  /** The level forced on every case, when one was. */
  readonly level?: Level;
  /** The runs per case asked for, when given (else each case's default). */
  readonly runs?: number;
  readonly cases: readonly CaseResult[];
  readonly loadErrors: readonly RunLoadError[];
  readonly ms: number;
  /** The implementation's toolchain, when its adapter says (Go: versions, GOOS/GOARCH, GOMAXPROCS, go.mod go line, build command). */
  readonly toolchain?: ToolchainDescription;
}

export type Summary = Readonly<Record<CaseStatus, number>> & {
  readonly cases: number;
  /** Load errors, and the distinct files they are in (a file may have several). */
  readonly loadErrors: number;
  readonly unloadedFiles: number;
};

export function summarize(r: RunReport): Summary {
  const counts: Record<CaseStatus, number> = { pass: 0, unseen: 0, forbidden: 0, unfair: 0, expectation: 0, audit: 0, error: 0, skipped: 0 };
  for (const c of r.cases) counts[c.status]++;
  return { ...counts, cases: r.cases.length, loadErrors: r.loadErrors.length, unloadedFiles: new Set(r.loadErrors.map((e) => e.file)).size };
}

/** 0 all pass, 1 any violation, 2 bad input (a case that could not be loaded). */
export function exitCode(r: RunReport): 0 | 1 | 2 {
  if (r.loadErrors.length > 0) return 2;
  return r.cases.some((c) => FAILING_STATUSES.has(c.status)) ? 1 : 0;
}

/** `48 cases: 46 pass, 1 forbidden, 1 skipped` (unseen counts as pass, and is mentioned). */
export function summaryLine(r: RunReport): string {
  const s = summarize(r);
  const parts: string[] = [`${s.pass + s.unseen} pass`];
  if (s.forbidden) parts.push(`${s.forbidden} forbidden`);
  if (s.unfair) parts.push(`${s.unfair} unfair`);
  if (s.expectation) parts.push(`${s.expectation} expectation ${s.expectation === 1 ? 'mismatch' : 'mismatches'}`);
  // Audit disagreements, in each audit's words (`2 race-detector disagreements`).
  const byAudit = new Map<string, number>();
  for (const c of r.cases) {
    if (c.status !== 'audit') continue;
    for (const a of c.audits ?? []) if (a.agreement === 'disagree') byAudit.set(a.audit.disagreement, (byAudit.get(a.audit.disagreement) ?? 0) + 1);
  }
  for (const [noun, n] of byAudit) parts.push(`${n} ${noun}${n === 1 ? '' : 's'}`);
  if (s.error) parts.push(`${s.error} error${s.error === 1 ? '' : 's'}`);
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  const unseen = s.unseen ? ` (${s.unseen} with allowed outcomes never observed)` : '';
  const load = s.unloadedFiles ? `; ${s.unloadedFiles} case file${s.unloadedFiles === 1 ? '' : 's'} not loaded` : '';
  return `${s.cases} case${s.cases === 1 ? '' : 's'}: ${parts.join(', ')}${unseen}${load}`;
}
