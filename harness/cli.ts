// gospec's command line: check, explore, replay (docs/cli.md).
//
//   gospec check [paths…]      every case: the oracle, its expectation, the IUT, the verdict
//   gospec explore CASE.yaml   one case's outcome set, statistics and witness stories
//   gospec replay CASE.yaml --schedule FILE.json   one schedule as a numbered story
//
// Exit codes: 0 all pass; 1 a violation (expectation mismatch, forbidden,
// unfair, error; a schedule that does not fit); 2 bad input (a case that does
// not load, a bad flag, an unreadable schedule file).
//
// `main` takes its arguments and output streams as parameters and returns the
// exit code, so tests can run it in-process; harness/bin.mjs and running this
// file directly (`npm run gospec`) both call it.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { Level, Scenario } from '../model/ir.ts';
import type { ExploreOptions } from '../model/explore/oracle.ts';
import { replay, ReplayMismatch } from '../model/explore/replay.ts';
import type { Schedule } from '../model/explore/strategy.ts';
import type { ToolchainDescription } from './adapters/adapter.ts';
import type { Adapter } from './adapters/adapter.ts';
import type { AdapterContext, AdapterFlagValues } from './adapters/registry.ts';
import { adapterFlags, ADAPTERS, listImpls, unknownImplementation } from './adapters/registry.ts';
import type { CaseResult, RunReport } from './check.ts';
import { checkCase, exitCode, exploreCase } from './check.ts';
import type { LoadError } from './load.ts';
import { formatLoadError, loadCases } from './load.ts';
import { caseId, formatExplore, formatRun, formatStory } from './report/console.ts';
import { jsonCheckReport, jsonExploreReport } from './report/json.ts';
import { junitReport } from './report/junit.ts';

/** The seed a run uses when none is given: fixed, and printed, so every run is reproducible. */
export const DEFAULT_SEED = 42;

/** The flags only some implementations take (harness/adapters/registry.ts), with the implementations that do. */
const IMPL_FLAGS = adapterFlags();

/** The --help lines of the implementation-specific flags: `  --race             with --impl go, … only: …`. */
function implFlagsHelp(): string {
  const col = ' '.repeat(21);
  return [...IMPL_FLAGS].map(([name, { flag, impls }]) => {
    const [first = '', ...rest] = flag.help;
    const usage = flag.type === 'string' ? `--${name} ${flag.value}` : `--${name}`;
    return [`  ${usage.padEnd(19)}with --impl ${listImpls(impls)} only:`, `${col}${first}`, ...rest.map((l) => `${col}${l}`)].join('\n');
  }).join('\n');
}

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

/** The package's root directory (harness/..). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

class UsageError extends Error {}

const HELP_MAIN = `gospec — Go's concurrency semantics as an executable specification

usage:
  gospec check [paths…] [options]        check cases against the model and an implementation
  gospec explore CASE.yaml [options]     print a case's outcome set with witness stories
  gospec replay CASE.yaml --schedule FILE.json   replay one schedule as a numbered story
  gospec help [command]                  this text, or a command's

exit codes: 0 all pass, 1 a violation, 2 bad input or usage
`;

const HELP: Record<string, string> = {
  check: `usage: gospec check [paths…] [options]

For every case under the paths (files, or directories searched for *.yaml;
default: ./corpus if it exists, else the package's corpus/): explore it (the
oracle), check its expectation, run the implementation, and check that every
observed outcome is allowed.

options:
  --impl NAME        implementation under test (default model):
                     ${Object.keys(ADAPTERS).join(', ')};
                     go (the machine's go), go@1.N (that Go release) and gccgo
                     build every case into one Go program; a missing toolchain
                     is a usage error saying how to install it. Repeat --impl
                     to run several, one report each
  --all-impls        also run every other implementation available here, one
                     report each; the missing ones are skipped with a note, and
                     two names for one toolchain (go, go@1.26) run once
${implFlagsHelp()}
  --seed N           run seed, printed in every report (default ${DEFAULT_SEED})
  --runs N           runs per case (default: 30 per allowed outcome, 200 to 2000)
  --timeout MS       budget for the implementation per case (default 10000)
  --level spec|gc    run every case at this level (default: each case's own;
                     an expectation is compared only at its case's level)
  --max-states N     the explorer's state bound (default 2000000)
  --max-depth N      the explorer's depth bound (default 100000)
  --json FILE        write the whole run as JSON (format gospec-check, docs/cli.md)
  --junit FILE       write JUnit XML
  -v, --verbose      list unseen outcomes too
  -q, --quiet        print only failing cases and the summary
  -h, --help         this text

exit codes: 0 all pass, 1 a violation (expectation mismatch, forbidden, unfair,
error), 2 a case file that does not load, or a usage error
`,
  explore: `usage: gospec explore CASE.yaml [options]

Explores one case exhaustively and prints its outcome set, the statistics
(states, transitions, maxDepth, time, completeness), and for each outcome the
shortest schedule reaching it as a numbered story.

options:
  --level spec|gc    explore at this level (default: the case's own)
  --max-states N     the explorer's state bound (default 2000000)
  --max-depth N      the explorer's depth bound (default 100000)
  --json FILE        write the result as JSON (format gospec-explore); its
                     witnesses are schedules that gospec replay takes
  -h, --help         this text

exit codes: 0 explored, 1 the model cannot explore the case, 2 bad input or usage
`,
  replay: `usage: gospec replay CASE.yaml --schedule FILE.json [options]

Replays one schedule in the model and prints it as a numbered story: each
step's goroutine, operation and effect, then the outcome.

FILE.json is a schedule ({ "scenario", "level", "steps": [...] }, as the
reports print them), or the JSON of gospec explore --json, from which
--outcome picks one witness.

options:
  --schedule FILE    the schedule to replay (required)
  --outcome K        with an explore report: the K-th outcome's witness (1-based)
  -h, --help         this text

exit codes: 0 the schedule fits, 1 it does not fit the case (the step where
it parts is named), 2 bad input or usage
`,
};

type Options = NonNullable<ParseArgsConfig['options']>;

const BOUND_OPTIONS: Options = {
  'max-states': { type: 'string' },
  'max-depth': { type: 'string' },
};

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(args: string[], options: Options, command: string): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    throw new UsageError(`gospec ${command}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function intFlag(values: Record<string, unknown>, name: string, min: number): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const text = String(v);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new UsageError(`--${name}: expected an integer ≥ ${min}, got "${text}"`);
  }
  return Number(text);
}

function levelFlag(values: Record<string, unknown>): Level | undefined {
  const v = values.level;
  if (v === undefined) return undefined;
  if (v !== 'spec' && v !== 'gc') throw new UsageError(`--level: expected spec or gc, got "${String(v)}"`);
  return v;
}

function exploreOptions(values: Record<string, unknown>): ExploreOptions {
  const maxStates = intFlag(values, 'max-states', 1);
  const maxDepth = intFlag(values, 'max-depth', 1);
  const bounds = { ...(maxStates !== undefined ? { maxStates } : {}), ...(maxDepth !== undefined ? { maxDepth } : {}) };
  return Object.keys(bounds).length > 0 ? { config: { bounds } } : {};
}

/** A path for reports: relative to the working directory when it lies below it. */
function shown(io: Io, p: string): string {
  const rel = relative(io.cwd, p);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}

/** A path as a POSIX shell word, for the printed reproduce line. */
function shellQuote(p: string): string {
  return /^[\w./+@:=-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

function writeFile(io: Io, file: string, text: string): void {
  const target = resolve(io.cwd, file);
  try {
    writeFileSync(target, text);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function printLoadErrors(io: Io, errors: readonly LoadError[]): void {
  for (const e of errors) io.err(`${formatLoadError(e)}\n`);
}

/** Loads exactly one case from a file (explore, replay). */
function loadOne(io: Io, file: string): { file: string; scenario: Scenario } | null {
  const { cases, errors } = loadCases([resolve(io.cwd, file)]);
  const named = (e: LoadError): LoadError => ({ ...e, file: shown(io, e.file) });
  if (errors.length > 0) {
    printLoadErrors(io, errors.map(named));
    return null;
  }
  if (cases.length !== 1) {
    io.err(`${file}: expected one case file, found ${cases.length} cases\n`);
    return null;
  }
  return { file: shown(io, cases[0]!.file), scenario: cases[0]!.scenario };
}

// ---------------------------------------------------------------------------

/** `go.json` → `go.go@1.19.json`: one report file per implementation when a run has several. */
function fileForImpl(file: string, impl: string, several: boolean): string {
  if (!several) return file;
  const dot = file.lastIndexOf('.');
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return dot > slash + 1 ? `${file.slice(0, dot)}.${impl}${file.slice(dot)}` : `${file}.${impl}`;
}

/** One implementation a check runs, with the flags it takes. */
interface PlannedImpl {
  readonly impl: string;
  readonly adapter: Adapter;
  readonly flags: AdapterFlagValues;
}

/**
 * Which implementations a check runs: those `--impl` names (default model),
 * each of which must be available here (a usage error otherwise), then with
 * --all-impls every other one, skipped with a note when it is missing, does
 * not take a flag given, or is a toolchain already in the list.
 */
function planImpls(values: Values, ctx: AdapterContext): { run: PlannedImpl[]; skipped: string[] } {
  const named = [...new Set((values.impl as string[] | undefined) ?? [])];
  for (const n of named) if (!Object.hasOwn(ADAPTERS, n)) throw new UsageError(unknownImplementation(n));
  const all = values['all-impls'] === true;
  const explicit = named.length > 0 ? named : all ? [] : ['model'];
  // The implementation-specific flags given: each must be one every implementation named takes.
  const given: Record<string, boolean | string> = {};
  for (const [name, { flag, impls }] of IMPL_FLAGS) {
    const v = values[name];
    if (v === undefined || v === false) continue;
    const refused = explicit.find((n) => !impls.includes(n));
    if (refused !== undefined) throw new UsageError(`--${name}: only with --impl ${listImpls(impls)} (${flag.why}), not with --impl ${refused}`);
    given[name] = v as boolean | string;
  }
  const flagsOf = (impl: string): AdapterFlagValues =>
    Object.fromEntries(Object.entries(given).filter(([f]) => Object.hasOwn(ADAPTERS[impl]!.flags ?? {}, f)));
  const run: PlannedImpl[] = [];
  for (const impl of explicit) {
    const adapter = ADAPTERS[impl]!.create(flagsOf(impl), ctx);
    const unavailable = adapter.unavailable?.() ?? null;
    if (unavailable !== null) throw new UsageError(`--impl ${impl}: ${unavailable}`);
    run.push({ impl, adapter, flags: flagsOf(impl) });
  }
  const skipped: string[] = [];
  if (!all) return { run, skipped };
  const identities = new Map<string, string>();
  for (const p of run) {
    const id = ADAPTERS[p.impl]!.identity?.(p.flags, ctx) ?? null;
    if (id !== null && !identities.has(id)) identities.set(id, p.impl);
  }
  for (const [impl, entry] of Object.entries(ADAPTERS)) {
    if (explicit.includes(impl)) continue;
    const notTaken = Object.keys(given).filter((f) => !Object.hasOwn(entry.flags ?? {}, f));
    if (notTaken.length > 0) {
      skipped.push(`${impl}: skipped, it does not take ${notTaken.map((f) => `--${f}`).join(' or ')}`);
      continue;
    }
    const adapter = entry.create(flagsOf(impl), ctx);
    const unavailable = adapter.unavailable?.() ?? null;
    if (unavailable !== null) {
      skipped.push(`${impl}: skipped, ${unavailable}`);
      continue;
    }
    const id = entry.identity?.(flagsOf(impl), ctx) ?? null;
    const same = id === null ? undefined : identities.get(id);
    if (same !== undefined) {
      skipped.push(`${impl}: skipped, the same toolchain as ${same} (${id})`);
      continue;
    }
    if (id !== null) identities.set(id, impl);
    run.push({ impl, adapter, flags: flagsOf(impl) });
  }
  return { run, skipped };
}

async function check(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    impl: { type: 'string', multiple: true },
    'all-impls': { type: 'boolean' },
    seed: { type: 'string' },
    runs: { type: 'string' },
    timeout: { type: 'string' },
    level: { type: 'string' },
    json: { type: 'string' },
    junit: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    quiet: { type: 'boolean', short: 'q' },
    ...Object.fromEntries([...IMPL_FLAGS].map(([name, { flag }]) => [name, { type: flag.type }])),
    ...BOUND_OPTIONS,
  }, 'check');
  if (values.help) {
    io.out(HELP.check!);
    return 0;
  }
  const seed = intFlag(values, 'seed', 0) ?? DEFAULT_SEED;
  const runs = intFlag(values, 'runs', 1);
  const timeoutMs = intFlag(values, 'timeout', 1) ?? 10_000;
  const level = levelFlag(values);
  const eo = exploreOptions(values);
  const { run: impls, skipped } = planImpls(values, { cwd: io.cwd });

  const local = join(io.cwd, 'corpus');
  const roots = positionals.length > 0
    ? positionals.map((p) => resolve(io.cwd, p))
    : [existsSync(local) ? local : join(PACKAGE_ROOT, 'corpus')];
  const loaded = loadCases(roots);
  const several = impls.length > 1 || skipped.length > 0;
  const codes: string[] = [];
  let code = 0;
  for (const [i, p] of impls.entries()) {
    if (i > 0) io.out('\n');
    const c = await checkWith(p, loaded, { seed, runs, timeoutMs, level, eo, positionals, several }, values, io);
    codes.push(`${p.impl} exit ${c}`);
    code = Math.max(code, c);
  }
  if (several) {
    io.out(`\n${impls.length} implementation${impls.length === 1 ? '' : 's'} run: ${codes.join(', ')}\n`);
    for (const s of skipped) io.out(`  ${s}\n`);
  }
  return code;
}

/** One implementation's check of the loaded cases: its report printed (and written), its exit code. */
async function checkWith(
  p: PlannedImpl,
  loaded: ReturnType<typeof loadCases>,
  how: { seed: number; runs: number | undefined; timeoutMs: number; level: Level | undefined; eo: ExploreOptions; positionals: string[]; several: boolean },
  values: Values,
  io: Io,
): Promise<number> {
  const { adapter } = p;
  const { seed, runs, timeoutMs, level, eo, positionals } = how;
  const t0 = performance.now();
  const loadErrors = loaded.errors.map((e) => ({ ...e, file: shown(io, e.file) }));
  const scenarios = new Map<string, Scenario>();
  const results: CaseResult[] = [];
  const opts = { adapter, seed, timeoutMs, explore: eo, ...(runs !== undefined ? { runs } : {}), ...(level ? { level } : {}) };
  let toolchain: ToolchainDescription | undefined;
  try {
    // The batch hook: an adapter that compiles (Go) builds one program for every case it will be given.
    const toRun = loaded.cases
      .map((c) => c.scenario)
      .filter((s) => s.status !== 'skip' && !(s.unsupportedBy ?? []).includes(adapter.name));
    await adapter.prepare?.(toRun);
    for (const c of loaded.cases) {
      const file = shown(io, c.file);
      const r = await checkCase(file, c.scenario, opts);
      scenarios.set(caseId(r), c.scenario);
      results.push(r);
    }
    toolchain = adapter.toolchain?.();
  } finally {
    await adapter.dispose?.();
  }
  const report: RunReport = {
    seed, adapter: adapter.name, ...(level ? { level } : {}), ...(runs !== undefined ? { runs } : {}),
    cases: results, loadErrors, ms: performance.now() - t0, ...(toolchain ? { toolchain } : {}),
  };
  const command = ['gospec check', ...positionals.map(shellQuote)].join(' ');
  const lines = formatRun(report, scenarios, { verbose: values.verbose === true, quiet: values.quiet === true, explore: eo }, command);
  // The implementation's own flags reproduce the run too (`… --seed 42 --race)`).
  const implArgs = Object.entries(p.flags).map(([name, v]) => (v === true ? ` --${name}` : ` --${name} ${shellQuote(String(v))}`)).join('');
  if (implArgs !== '') lines[1] = lines[1]!.replace(/\)$/, `${implArgs})`);
  // The toolchain goes under the header's two lines (implementation and seed, the reproduce command).
  if (toolchain) lines.splice(2, 0, `  toolchain: ${String(toolchain.summary ?? Object.entries(toolchain).map(([k, v]) => `${k}=${String(v)}`).join(' '))}`);
  io.out(`${lines.join('\n')}\n`);
  if (typeof values.json === 'string') writeFile(io, fileForImpl(values.json, p.impl, how.several), `${JSON.stringify(jsonCheckReport(report), null, 2)}\n`);
  if (typeof values.junit === 'string') writeFile(io, fileForImpl(values.junit, p.impl, how.several), junitReport(report, scenarios));
  return exitCode(report);
}

async function exploreCmd(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { level: { type: 'string' }, json: { type: 'string' }, ...BOUND_OPTIONS }, 'explore');
  if (values.help) {
    io.out(HELP.explore!);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`gospec explore: expected one CASE.yaml, got ${positionals.length} paths`);
  const level = levelFlag(values);
  const eo = exploreOptions(values);
  const c = loadOne(io, positionals[0]!);
  if (!c) return 2;
  const opts: ExploreOptions = level ? { ...eo, config: { ...(eo.config ?? {}), level } } : eo;
  const r = exploreCase(c.scenario, opts);
  if ('error' in r) {
    io.err(`${c.file}: the model cannot explore ${c.scenario.name}: ${r.error}\n`);
    return 1;
  }
  if (c.scenario.status === 'skip') io.out(`(the case is marked skip: ${c.scenario.reason ?? 'no reason given'})\n`);
  io.out(`${formatExplore(c.scenario, r.result, eo).join('\n')}\n`);
  if (typeof values.json === 'string') writeFile(io, values.json, `${JSON.stringify(jsonExploreReport(c.file, r.result), null, 2)}\n`);
  return 0;
}

/** Reads a schedule: a bare Schedule, or one witness of an explore report. */
function readSchedule(file: string, outcome: number | undefined): Schedule {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--schedule ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObject(data) && Array.isArray(data.outcomes)) {
    const outcomes = data.outcomes as unknown[];
    const k = outcome ?? (outcomes.length === 1 ? 1 : undefined);
    if (k === undefined) {
      const list = outcomes.map((o, i) => `  ${i + 1}. ${isObject(o) && typeof o.text === 'string' ? o.text : '?'}`).join('\n');
      throw new UsageError(`--schedule ${file} holds ${outcomes.length} witnesses; pick one with --outcome K:\n${list}`);
    }
    const picked = outcomes[k - 1];
    if (!isObject(picked)) throw new UsageError(`--outcome ${k}: ${file} has ${outcomes.length} outcomes`);
    data = picked.witness;
  }
  if (!isObject(data) || !Array.isArray(data.steps) || !data.steps.every((s) => typeof s === 'string')) {
    throw new UsageError(`--schedule ${file}: expected a schedule { "scenario", "level", "steps": [strings] } or a gospec explore report`);
  }
  const level = data.level ?? 'spec';
  if (level !== 'spec' && level !== 'gc') throw new UsageError(`--schedule ${file}: level must be spec or gc, got ${JSON.stringify(level)}`);
  return {
    scenario: typeof data.scenario === 'string' ? data.scenario : '',
    level,
    ...(typeof data.seed === 'number' ? { seed: data.seed } : {}),
    steps: data.steps as string[],
  };
}

async function replayCmd(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { schedule: { type: 'string' }, outcome: { type: 'string' } }, 'replay');
  if (values.help) {
    io.out(HELP.replay!);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`gospec replay: expected one CASE.yaml, got ${positionals.length} paths`);
  if (typeof values.schedule !== 'string') throw new UsageError('gospec replay: --schedule FILE.json is required');
  const c = loadOne(io, positionals[0]!);
  if (!c) return 2;
  const schedule = readSchedule(resolve(io.cwd, values.schedule), intFlag(values, 'outcome', 1));
  if (schedule.scenario !== '' && schedule.scenario !== c.scenario.name) {
    io.err(`note: the schedule was recorded for "${schedule.scenario}", replaying it on "${c.scenario.name}"\n`);
  }
  io.out(`${c.scenario.name} at level ${schedule.level}, ${schedule.steps.length} steps${schedule.seed !== undefined ? ` (walk seed ${schedule.seed})` : ''}:\n`);
  try {
    replay(c.scenario, schedule);
  } catch (e) {
    if (!(e instanceof ReplayMismatch)) {
      io.err(`${c.file}: cannot replay: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
    const fitting = { ...schedule, steps: schedule.steps.slice(0, e.stepIndex) };
    if (fitting.steps.length > 0) io.out(`${formatStory(c.scenario, fitting, {}, '  ').slice(0, -1).join('\n')}\n`);
    io.out(`the schedule does not fit ${c.scenario.name}: ${e.message}\n`);
    return 1;
  }
  io.out(`${formatStory(c.scenario, schedule, {}, '  ').join('\n')}\n`);
  return 0;
}

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, io);
      case 'explore':
        return await exploreCmd(rest, io);
      case 'replay':
        return await replayCmd(rest, io);
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0];
        io.out(topic && HELP[topic] ? HELP[topic] : HELP_MAIN);
        return 0;
      }
      case undefined:
        io.err(HELP_MAIN);
        return 2;
      default:
        throw new UsageError(`gospec: unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n(gospec ${command && HELP[command] ? `${command} ` : ''}--help for usage)\n`);
      return 2;
    }
    throw e;
  }
}

// Run when this file is the entry point (npm run gospec, tsx harness/cli.ts).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
