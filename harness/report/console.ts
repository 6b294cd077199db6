// The human-readable report: one verdict line per case, and for every failure
// the details as numbered stories (docs/style.md habit 12): the forbidden outcome,
// how often it showed, the IUT's run, and the model's shortest schedule to the
// nearest allowed outcome, replayed step by step with what each step did.
//
// Plain text, no colour: it is read in terminals and in CI logs alike.

import type { Scenario } from '../../model/ir.ts';
import { describeOutcome, leaks, outcomeFromSpec } from '../../model/outcome.ts';
import type { ExploreOptions, ExploreResult } from '../../model/explore/oracle.ts';
import { replay, ReplayMismatch } from '../../model/explore/replay.ts';
import type { Schedule } from '../../model/explore/strategy.ts';
import { eventText } from '../../model/action.ts';
import type { CaseResult, RunReport } from '../check.ts';
import { describeAdapterError, describeExpectationFailure, describeMeasure, disagreeing, FAILING_STATUSES, failureWitness, hasPlainWords, summaryLine } from '../check.ts';

const INDENT = '    ';

/**
 * A schedule as a numbered story: each step replayed in the model, printed
 * with what it did. A schedule the model cannot follow (an IUT's own run,
 * a stale file) is printed label by label, and the point where the model
 * parts from it is said.
 */
export function formatStory(scenario: Scenario, schedule: Schedule, o: ExploreOptions = {}, indent = INDENT): string[] {
  const width = String(schedule.steps.length).length;
  const num = (n: number): string => `${indent}${String(n).padStart(width)}. `;
  const cont = `${indent}${' '.repeat(width)}  `;
  if (schedule.steps.length === 0) return [`${indent}(no steps: the program ends in its initial state)`];
  try {
    const r = replay(scenario, schedule, o);
    const lines: string[] = [];
    let crossed = false;
    for (const t of r.trace) {
      if (t.afterMain && !crossed) {
        crossed = true;
        lines.push(`${indent}(main has returned; run on, to see who can still finish:)`);
      }
      const [first, ...rest] = t.events.length > 0 ? t.events.map(eventText) : [t.label];
      lines.push(num(t.n) + first);
      for (const e of rest) lines.push(cont + e);
    }
    if (r.outcome) lines.push(`${indent}→ ${describeOutcome(r.outcome)}`);
    else lines.push(`${indent}→ (the schedule stops before the program ends)`);
    return lines;
  } catch (err) {
    const lines = schedule.steps.map((s, i) => num(i + 1) + s);
    if (err instanceof ReplayMismatch) {
      lines.push(`${indent}(the model parts from this run at step ${err.stepIndex + 1}: ${err.message})`);
    } else {
      lines.push(`${indent}(cannot replay in the model: ${err instanceof Error ? err.message : String(err)})`);
    }
    return lines;
  }
}

/**
 * What the model does with an implementation's own schedule, when it reports
 * one: the same steps leading elsewhere is the sharpest counterexample there
 * is (the step labels agree, the effects do not).
 */
function sameScheduleInModel(scenario: Scenario, schedule: Schedule, o: ExploreOptions, indent: string): string[] {
  try {
    const r = replay(scenario, schedule, o);
    if (!r.outcome) return [`${indent}the model follows all ${schedule.steps.length} steps, and the program has not ended there`];
    return [`${indent}the model, taking the same ${schedule.steps.length} steps, reaches "${describeOutcome(r.outcome)}"`];
  } catch (err) {
    if (err instanceof ReplayMismatch) return [`${indent}the model cannot follow this run: ${err.message}`];
    return [`${indent}the model cannot replay this run: ${err instanceof Error ? err.message : String(err)}`];
  }
}

/** The steps of a schedule, numbered, without replaying them. */
export function formatSteps(schedule: Schedule, indent = INDENT): string[] {
  const width = String(schedule.steps.length).length;
  return schedule.steps.map((s, i) => `${indent}${String(i + 1).padStart(width)}. ${s}`);
}

const STATUS_WORD: Record<CaseResult['status'], string> = {
  pass: 'pass',
  unseen: 'pass',
  forbidden: 'FORBIDDEN',
  unfair: 'UNFAIR',
  expectation: 'EXPECTATION',
  // A failing audit prints its own word (Go's race detector: RACE); this is the fallback.
  audit: 'AUDIT',
  error: 'ERROR',
  skipped: 'skipped',
};

/** A reason written as a YAML block scalar, on one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export interface ConsoleOptions {
  /** Print the stories of every outcome for failing cases, and list unseen outcomes. */
  readonly verbose?: boolean;
  /** Pad case names to this width, so verdict lines line up. */
  readonly nameWidth?: number;
  /** Print only the cases that fail (and the header, load errors and summary). */
  readonly quiet?: boolean;
  /** Exploration options the stories replay under (bounds). */
  readonly explore?: ExploreOptions;
}

/** The lines of one case: the verdict line, then the details of what failed. */
export function formatCase(c: CaseResult, scenario: Scenario | undefined, o: ConsoleOptions = {}): string[] {
  const word = c.status === 'audit' ? (disagreeing(c)?.audit.status ?? STATUS_WORD.audit) : STATUS_WORD[c.status];
  const head = `${word.padEnd(12)}${c.name.padEnd(o.nameWidth ?? 0)}`;
  const lines: string[] = [];
  const eo: ExploreOptions = { ...(o.explore ?? {}), config: { ...(o.explore?.config ?? {}), level: c.level } };
  if (c.status === 'skipped') {
    lines.push(`${head}  (${oneLine(c.skipReason ?? 'no reason given')})`);
    return lines;
  }
  const facts: string[] = [];
  if (c.oracle) facts.push(plural(c.oracle.outcomes.length, 'outcome'));
  if (c.observed) facts.push(plural(c.observed.runs, 'run'));
  if (c.level !== (scenario?.level ?? c.level)) facts.push(`level ${c.level}`);
  if (c.status === 'unseen' && c.verdict) facts.push(`${c.verdict.unseen.length} allowed never observed`);
  if (c.skipReason) facts.push(`IUT not run: ${oneLine(c.skipReason)}`);
  lines.push(`${head}  ${facts.join(', ')}`);
  // Information only, whatever the verdict: what the implementation's own tools reported (--race: Go's race detector).
  for (const d of c.observed?.diagnostics ?? []) {
    lines.push(`${INDENT}${d.name} (information): ${d.tool} reported ${plural(d.count, d.finding)} in ${plural(d.processes, 'process', 'processes')} (of ${plural(c.observed!.runs, 'run')}); the first report begins:`);
    for (const l of d.example.split('\n')) lines.push(`${INDENT}  | ${l}`);
  }
  // The adapter's audits: its tools against the model (`race detector vs model: agree: both race-free`).
  for (const a of c.audits ?? []) lines.push(`${INDENT}${a.audit.title}: ${a.kind}: ${a.message}`);
  for (const n of c.observed?.notes ?? []) lines.push(`${INDENT}note: ${n}`);
  // Information only: measured durations against the model's bound.
  for (const r of c.measures ?? []) lines.push(`${INDENT}measured ${describeMeasure(r)}`);
  for (const a of c.oracle?.approximations ?? []) lines.push(`${INDENT}approximated (the model's outcome set may lack outcomes): ${a}`);
  // Information only: the memory model's weak outcomes the runs showed, and the litmus question's observation.
  const mem = c.memory;
  if (mem?.question) {
    const q = mem.question;
    lines.push(`${INDENT}question (${q.question.kind}) ${describeOutcome(outcomeFromSpec(q.question.outcome))}: observed ${q.observation} (${q.positive} matching, ${q.negative} not)`);
  }
  for (const w of mem?.weak ?? []) {
    lines.push(`${INDENT}weak (allowed, not sequentially consistent): "${describeOutcome(w.outcome)}" in ${w.count} of ${c.observed?.runs ?? 0} runs — Go's memory model allows it for racy plain words`);
  }
  if (c.status === 'pass' || (c.status === 'unseen' && !o.verbose)) return lines;

  const story = (s: Schedule): string[] => (scenario ? formatStory(scenario, s, eo, INDENT + '    ') : formatSteps(s, INDENT + '    '));
  lines.push(`${INDENT}file: ${c.file}`);

  for (const f of c.verdict?.forbidden ?? []) {
    const total = c.observed?.runs ?? 0;
    const where = f.example.seed !== undefined ? ` (e.g. run ${f.example.run}, seed ${f.example.seed})` : ` (e.g. run ${f.example.run})`;
    lines.push(`${INDENT}forbidden: "${describeOutcome(f.outcome)}" observed in ${f.count} of ${total} runs${where}`);
    if (!f.oracleComplete) lines.push(`${INDENT}  (the oracle's search was cut by a bound: this outcome may be allowed beyond it)`);
    if (f.example.schedule) {
      lines.push(`${INDENT}  the implementation's run:`);
      lines.push(...formatSteps(f.example.schedule, INDENT + '    '));
      if (scenario) lines.push(...sameScheduleInModel(scenario, f.example.schedule, eo, INDENT + '  '));
    }
    if (f.example.note) lines.push(`${INDENT}  note: ${f.example.note}`);
    if (f.nearest) {
      lines.push(`${INDENT}  nearest allowed outcome: "${describeOutcome(f.nearest.outcome)}" (shares ${plural(f.nearest.shared, 'value')}); the model's shortest schedule to it:`);
      lines.push(...story(f.nearest.witness));
    } else {
      lines.push(`${INDENT}  the model allows no outcome at all here`);
    }
  }
  for (const u of c.verdict?.unfair ?? []) lines.push(`${INDENT}unfair: ${u.check}: ${u.message} (p = ${u.p.toExponential(2)})`);
  for (const e of c.verdict?.errors ?? []) lines.push(`${INDENT}error: ${describeAdapterError(e)}`);
  for (const f of c.expectation?.failures ?? []) {
    lines.push(`${INDENT}expectation: ${describeExpectationFailure(f)}`);
    const w = failureWitness(f);
    if (w) {
      lines.push(`${INDENT}  the model's shortest schedule to it:`);
      lines.push(...story(w));
    }
  }
  if (o.verbose) {
    for (const u of c.verdict?.unseen ?? []) lines.push(`${INDENT}unseen (information): "${describeOutcome(u.outcome)}"`);
  }
  return lines;
}

/** The whole run: header with the seed, the cases, load errors, the summary line. */
export function formatRun(r: RunReport, scenarios: ReadonlyMap<string, Scenario>, o: ConsoleOptions = {}, command = 'gospec check'): string[] {
  const level = `${r.level ? ` --level ${r.level}` : ''}${r.runs !== undefined ? ` --runs ${r.runs}` : ''}`;
  const lines: string[] = [
    `gospec check: implementation ${r.adapter}, seed ${r.seed}${r.level ? `, level ${r.level}` : ''}`,
    `  (reproduce with: ${command} --impl ${r.adapter} --seed ${r.seed}${level})`,
    '',
  ];
  const shownCases = r.cases.filter((c) => !o.quiet || FAILING_STATUSES.has(c.status));
  const nameWidth = Math.min(48, Math.max(0, ...shownCases.map((c) => c.name.length)));
  for (const c of shownCases) lines.push(...formatCase(c, scenarios.get(caseId(c)), { nameWidth, ...o }));
  if (r.loadErrors.length > 0) {
    lines.push('');
    const files = new Set(r.loadErrors.map((e) => e.file)).size;
    lines.push(`${plural(files, 'case file')} could not be loaded (${plural(r.loadErrors.length, 'error')}):`);
    for (const e of r.loadErrors) lines.push(`  ${e.file}:${e.line}:${e.column}: ${e.path ? `${e.path}: ` : ''}${e.message}`);
  }
  if (lines[lines.length - 1] !== '') lines.push('');
  lines.push(`${summaryLine(r)}  [seed ${r.seed}, ${(r.ms / 1000).toFixed(1)} s]`);
  return lines;
}

/** The key a run's scenario map uses: file and case name (a file may hold one case). */
export function caseId(c: { file: string; name: string }): string {
  return `${c.file}\u0000${c.name}`;
}

/** `gospec explore`: the outcome set, the statistics, and each outcome's witness as a story. */
export function formatExplore(scenario: Scenario, r: ExploreResult, o: ExploreOptions = {}): string[] {
  const eo: ExploreOptions = { ...o, config: { ...(o.config ?? {}), level: r.level } };
  const lines: string[] = [`${scenario.name} at level ${r.level}: ${plural(r.outcomes.length, 'outcome')}`];
  r.outcomes.forEach((x, i) => lines.push(`  ${i + 1}. ${describeOutcome(x.outcome)}`));
  const s = r.stats;
  lines.push('');
  lines.push(`states ${s.states}, transitions ${s.transitions}, maxDepth ${s.maxDepth}, ${s.ms.toFixed(1)} ms, complete ${r.complete ? 'yes' : `no: hit the ${r.boundHit?.kind} bound (${r.boundHit?.limit})`}`);
  if (s.settled.states > 0) {
    const leaking = r.outcomes.filter((x) => leaks(x.outcome)).length;
    lines.push(leaking === 0
      ? `leaks: none (run on after main returns, every goroutine left behind finishes; ${plural(s.settled.states, 'state')} explored there)`
      : `leaks: ${leaking} of ${plural(r.outcomes.length, 'outcome')} leave goroutines that never finish (${plural(s.settled.states, 'state')} explored after main's return)`);
  }
  for (const a of r.approximations ?? []) lines.push(`approximated: ${a}`);
  if (hasPlainWords(scenario)) {
    lines.push(r.racy ? `data races (Go's memory model: the program is racy): ${r.races.length}` : 'data races: none (race-free: every outcome is sequentially consistent)');
  }
  r.outcomes.forEach((x, i) => {
    lines.push('');
    lines.push(`outcome ${i + 1}: ${describeOutcome(x.outcome)} — shortest schedule, ${plural(x.witness.steps.length, 'step')}:`);
    lines.push(...formatStory(scenario, x.witness, eo, '  '));
  });
  r.races.forEach((race, i) => {
    lines.push('');
    lines.push(`race ${i + 1} on ${race.word}: ${race.first.kind} at ${race.first.site} (${race.first.goroutine}) and ${race.second.kind} at ${race.second.site} (${race.second.goroutine}), unordered by happens-before — shortest schedule, ${plural(race.witness.steps.length, 'step')}:`);
    lines.push(...formatStory(scenario, race.witness, eo, '  '));
  });
  return lines;
}
