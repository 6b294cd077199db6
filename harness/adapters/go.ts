// Real Go as the implementation under test: `gospec check --impl go` (the gc
// toolchain: the machine's go, a named release `go@1.N`, or `--go PATH`,
// resolved by go/resolve.ts) and `--impl gccgo`.
//
// How a run goes (docs/design.md, "The harness": one generated program for
// the whole run, built once and run many times per process):
//   1. prepare: every case of the run goes to the code generator
//      (go/codegen.ts) at once; the ONE program it writes is built once, in a
//      fresh temp directory, as module `gospecrun` whose go line is the
//      toolchain's own language (go/toolchain.ts says how and why). Cases
//      that name another language (Scenario.goVersion) get one program per
//      go line, since a go line is a whole module's; a case whose goVersion
//      is newer than the toolchain is reported as skipped with the reason,
//      never built under a wrong line. A case the generator cannot
//      express is reported as skipped with its reason; a build that fails
//      makes every case of the batch report an error with the compiler's
//      words — never a crash of the run.
//   2. run, one case: the mode is chosen from the model's outcome set (the
//      caller's oracle, RunOptions.allowed, when it passes one as checkCase
//      does; else explored here at the spec level, which contains the gc
//      level), or, for a
//      case on the batched litmus path, from its statements alone:
//        - batched litmus path (go/codegen.ts litmusBatchBlocker: a litmus
//          form whose threads cannot block, panic or start goroutines, so
//          no deadlock is possible): `prog -case ID -runs K -seed S
//          -timeout T` runs K iterations of litmus7-style rounds
//          (driver.go.txt's header), hundreds of thousands a second; the
//          chunks are sized by the rate the previous chunk showed, to about
//          `LITMUS_CHUNK_MS` each. A run still going after T ms makes the
//          program report what it made so far, with the hung run as
//          may-not-terminate, and exit (a goroutine that spins without
//          yielding cannot be stopped otherwise, under gccgo not even
//          preempted); the next chunk carries on in a new process;
//        - batch mode (no deadlock possible): `prog -case ID -runs K -seed S
//          -timeout T` runs K runs in-process and prints one histogram (a
//          litmus-form case, `goroutines:` rather than `main:`, also gets
//          `-instances 4`: the program then runs 4 instances of the case side
//          by side per round, litmus7-style, still K runs in all); the
//          runs go in chunks of `chunkRuns` processes, so a case whose budget
//          runs out still reports the chunks it finished ("how far it got"),
//          and a run that hangs in-process (counted by the program as
//          may-not-terminate after T ms) harms only its own chunk;
//        - single mode (a deadlock or a fatal error is possible): Go's own
//          deadlock detector only fires for a whole process, and a fatal
//          error (sync's unlock of an unlocked mutex) kills the process, so
//          each run is one process,
//          `prog -case ID -single`, at most `parallel` at a time, killed after
//          the per-run timeout (a run killed so is the outcome
//          may-not-terminate). Processes cost milliseconds each, so the runs
//          are capped (`singleRunsCap`); every example says so.
//   3. dispose: the temp directory goes (and at process exit or on a signal,
//      harness/tempdir.ts).
//
// Nothing from a scenario reaches a shell: the program is built and run with
// argument arrays, case ids are [a-z0-9_-]+ made here from the case names,
// and the generator is responsible for escaping what it puts into Go source.
//
// Seeds: chunk k of a case runs with `-seed runSeed(seed, name, k)`, single
// run i with `-seed runSeed(seed, name, i)` (the model adapter's mixing).
// Real Go is not deterministic given a seed (the scheduler is not ours), so
// an example names the command that produced it rather than promising a
// replay.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../model/ir.ts';
import { outcomeKey } from '../../model/outcome.ts';
import type { Outcome } from '../../model/outcome.ts';
import { explore } from '../../model/explore/oracle.ts';
import type { AdapterErrorKind, Adapter, Observed, ObservedExample, RunOptions, ToolchainDescription } from './adapter.ts';
import { HistogramBuilder } from './adapter.ts';
import { runSeed } from './model.ts';
import type { GeneratedProgram, GoCase } from './go/codegen.ts';
import { generateProgram } from './go/codegen.ts';
import { firstLines, runProcess } from '../process.ts';
import type { ProcessResult } from '../process.ts';
import type { ProgramMeta } from './go/protocol.ts';
import { isDeadlockReport, parseBatch, parseSingle, ProtocolError, syncFatalReport } from './go/protocol.ts';
import { makeTempDir, removeTempDir } from '../tempdir.ts';
import { goRelease, RACE_DIAGNOSTICS, raceAudit } from '../race.ts';
import type { GoCompiler, Toolchain, ToolchainInfo } from './go/toolchain.ts';
import { build, buildPlan, findToolchain, goMod, missingToolchainInfo, newerThanToolchain, RACE_RUN_ENV, raceUnsupported, timersUnlike, toolchainInfo } from './go/toolchain.ts';
import type { GoResolution } from './go/resolve.ts';
import { compareLanguages, resolveGo } from './go/resolve.ts';

export type { GoCompiler, ToolchainInfo } from './go/toolchain.ts';

/** A run still going after this long in-process counts as may-not-terminate (the program's `-timeout`). */
export const DEFAULT_PER_RUN_TIMEOUT_MS = 1000;
/** Runs per process in batch mode. */
export const DEFAULT_CHUNK_RUNS = 100;
/** At most this many runs (processes) per case in single mode. */
export const DEFAULT_SINGLE_RUNS_CAP = 100;
/** Single-mode processes at a time (the CI machine has two cores). */
export const DEFAULT_PARALLEL = 2;
/** A process printing more than this (stdout or stderr) is killed and its output cut. */
export const DEFAULT_MAX_OUTPUT_BYTES = 4 << 20;
/**
 * A single-mode process gets the per-run timeout plus this, or four times the
 * measured process start if that is more: a gccgo binary takes about 0.3 s
 * to start (libgo reads its own debug info), a gc binary a few ms.
 */
const STARTUP_SLACK_MS = 500;
/**
 * What one in-process run is assumed to cost when sizing chunks: a chunk has
 * at least startMs / ASSUMED_RUN_MS runs, so starting the process stays a
 * small share of its time (gc: chunks of DEFAULT_CHUNK_RUNS; gccgo, whose
 * processes take ~0.3 s to start: ~600 runs a process).
 */
const ASSUMED_RUN_MS = 0.5;
/**
 * What settling the goroutines left behind at main's return typically
 * costs a run, in ms: the driver's wait for them to finish or block for
 * good (-settle), then one window watching them for progress
 * (driver.go.txt settleWindow; on a loaded machine it may watch longer,
 * up to settleWatchMax).
 */
const SETTLE_MS = 20 + 2;
/** Single mode plans to use at most this share of the case's budget. */
const SINGLE_BUDGET_SHARE = 0.8;
/** Batch mode stops after this many crashed processes in a row. */
const MAX_CRASHES_IN_A_ROW = 3;
/** Instances of a litmus-form case the program runs side by side per round (`-instances`). */
const LITMUS_INSTANCES = 4;
/** Batched litmus path: runs in the first process of a case (before its rate is known). */
const LITMUS_FIRST_CHUNK = 20_000;
/** Batched litmus path: later processes get about this much work each, at the rate the last one showed. */
const LITMUS_CHUNK_MS = 1000;
/** Batched litmus path: runs per process, at most. */
const LITMUS_MAX_CHUNK = 2_000_000;

export type Generate = (cases: readonly GoCase[], opts?: { variant?: 'faithful' | 'lifo-buffer'; batch?: boolean }) => GeneratedProgram;

export interface GoAdapterOptions {
  readonly compiler: GoCompiler;
  /** The name reports print and `unsupportedBy` matches (default "go" for gc, "gccgo"). */
  readonly name?: string;
  /**
   * The go binary (go/resolve.ts): gc builds with it, gccgo is driven by it
   * when there is one. Called once, when the adapter first needs it
   * (default: the machine's go, `resolveGo()`).
   */
  readonly go?: () => GoResolution;
  /** The code generator's variant: 'lifo-buffer' is a deliberately wrong Go program, for tests. */
  readonly variant?: 'faithful' | 'lifo-buffer';
  /** false: no case takes the batched litmus path (default true; bench/go.ts compares the two). */
  readonly litmusBatch?: boolean;
  /**
   * A Go build cache to use instead of one of the adapter's own (which is
   * made with its first build and removed on dispose); the caller owns it.
   * Tests share one across their adapters, so that each does not compile
   * the standard library again.
   */
  readonly buildCache?: string;
  /** The code generator (default go/codegen.ts); tests pass hand-written programs. */
  readonly generate?: Generate;
  readonly perRunTimeoutMs?: number;
  readonly chunkRuns?: number;
  readonly singleRunsCap?: number;
  readonly parallel?: number;
  readonly maxOutputBytes?: number;
  /** Mode override, for tests: 'auto' (default) decides from the model's outcome set. */
  readonly mode?: 'auto' | 'batch' | 'single';
  /**
   * Build with Go's race detector (`go build -race`, gc only: for gccgo the
   * adapter is unavailable), report the data races it finds in
   * Observed.diagnostics (`race`), and compare them with the model's race
   * verdict as the adapter's audit (harness/race.ts raceAudit).
   */
  readonly race?: boolean;
}

/** A case as the generated program knows it. */
interface PreparedCase {
  readonly id: string;
  /** Why the generator could not express it, when it could not. */
  readonly unsupported?: string;
  /** On the batched litmus path (GeneratedProgram.batched). */
  readonly batched?: boolean;
}

/** One built program and the cases in it. */
interface Batch {
  readonly dir: string;
  /** The go.mod go line it was built under. */
  readonly goLine: string;
  readonly cases: ReadonlyMap<string, PreparedCase>;
  /** The built binary, or why there is none. */
  readonly binary: { readonly path: string } | { readonly error: string };
  /** Ids the program lists (`prog -list`); a supported case missing here is an error. */
  readonly listed: ReadonlySet<string> | null;
  /** How long the built program takes to start, make one run and exit (warm), in ms. */
  readonly startMs: number;
  toolchain: ToolchainInfo;
}

/** The key a scenario is known by across prepare and run: its content, without the level the checker sets. */
function caseKey(s: Scenario): string {
  return JSON.stringify({ ...s, level: undefined });
}

/** `close-races-send` → `close-races-send-3`: lower case, [a-z0-9_-] only, at most 48 characters, then the index. */
export function caseIdFor(name: string, index: number): string {
  const base = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '').slice(0, 48);
  return `${base || 'case'}-${index}`;
}

/**
 * What the model says a run of this scenario may cost a process:
 *   deadlock, fatal  only whole processes can show them: Go's deadlock
 *                    detector looks at the whole process, and a fatal error
 *                    (sync's `unlock of unlocked mutex`) kills it, every
 *                    other run of a batch with it;
 *   hang             a run may not terminate: it costs the per-run timeout;
 *   spinning         a run may leave a goroutine running for ever: it costs
 *                    the driver's wait for the goroutines left behind to
 *                    settle (SETTLE_MS).
 */
interface ModelEnds {
  readonly deadlock: boolean;
  readonly fatal: boolean;
  readonly hang: boolean;
  readonly spinning: boolean;
}

/** What the model says of a scenario's runs: from the outcomes the caller passes, else from exploring it (spec level). */
function modelEnds(s: Scenario, allowed?: readonly Outcome[]): ModelEnds {
  try {
    const outcomes = allowed ?? explore(s, { config: { level: 'spec', bounds: { maxStates: 200_000 } } }).outcomes.map((x) => x.outcome);
    const any = (p: (o: Outcome) => boolean): boolean => outcomes.some(p);
    return {
      deadlock: any((o) => o.end === 'deadlock'),
      fatal: any((o) => o.end === 'fatal'),
      hang: any((o) => o.end === 'may-not-terminate'),
      spinning: any((o) => (o.spinning?.length ?? 0) > 0),
    };
  } catch {
    // The checker reports a model that cannot explore the case; here batch mode is the harmless choice.
    return { deadlock: false, fatal: false, hang: false, spinning: false };
  }
}

const KNOWN_KINDS: ReadonlySet<string> = new Set<AdapterErrorKind>(['crash', 'timeout', 'protocol', 'adapter']);

/** `exit status 2`, `killed by SIGSEGV`. */
function howItEnded(r: ProcessResult): string {
  return r.code !== null ? `exit status ${r.code}` : `killed by ${r.signal ?? 'a signal'}`;
}

/** What a process that gave no readable report said, in a line or a few. */
function crashText(r: ProcessResult): string {
  const said = firstLines(r.stderr, 8) || firstLines(r.stdout, 4);
  return `${howItEnded(r)}${said ? `: ${said}` : ', printing nothing'}`;
}

export function makeGoAdapter(o: GoAdapterOptions): Adapter & { readonly compiler: GoCompiler } {
  const name = o.name ?? (o.compiler === 'gc' ? 'go' : 'gccgo');
  const generate = o.generate ?? generateProgram;
  const perRunTimeoutMs = o.perRunTimeoutMs ?? DEFAULT_PER_RUN_TIMEOUT_MS;
  const chunkRuns = Math.max(1, o.chunkRuns ?? DEFAULT_CHUNK_RUNS);
  const singleRunsCap = Math.max(1, o.singleRunsCap ?? DEFAULT_SINGLE_RUNS_CAP);
  const parallel = Math.max(1, o.parallel ?? DEFAULT_PARALLEL);
  const maxOutputBytes = o.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const race = o.race === true;
  /** The toolchain, found on first use (resolving a go binary costs processes, for 1.27 perhaps a download). */
  let found: ReturnType<typeof findToolchain> | undefined;
  const toolchainHere = (): ReturnType<typeof findToolchain> => (found ??= findToolchain(o.compiler, o.go ?? (() => resolveGo())));
  /** Why this adapter cannot run here: -race asked of gccgo, or no toolchain. */
  const missing = (): string | null => {
    if (race && raceUnsupported(o.compiler) !== null) return raceUnsupported(o.compiler);
    const t = toolchainHere();
    return t.ok ? null : t.why;
  };
  /** The go line a scenario is built under: its own goVersion, else the toolchain's language. */
  const goLineOf = (s: Scenario, t: Toolchain): string => s.goVersion ?? t.language;
  /** Why the toolchain must not build this scenario (its goVersion is newer), or null. */
  const tooNew = (s: Scenario): string | null => {
    const t = toolchainHere();
    if (!t.ok || s.goVersion === undefined) return null;
    return newerThanToolchain(s.goVersion, t.toolchain) ?? timersUnlike(s, t.toolchain);
  };
  /** The built program's environment: ours, plus GORACE in race mode. */
  const runEnv: NodeJS.ProcessEnv | undefined = race ? { ...process.env, ...RACE_RUN_ENV } : undefined;
  const lim = (l: { cwd: string; timeoutMs: number; maxOutputBytes: number }): { cwd: string; timeoutMs: number; maxOutputBytes: number; env?: NodeJS.ProcessEnv } =>
    runEnv ? { ...l, env: runEnv } : l;
  const batches: Batch[] = [];
  /** The build cache every batch of this adapter shares (made with the first batch, removed on dispose). */
  let cacheDir: string | undefined;
  const modes = new Map<string, 'batch' | 'single'>();
  /** What the model says of each scenario's runs (by caseKey), explored once. */
  const endsOf = new Map<string, ModelEnds>();
  const ends = (s: Scenario, allowed?: readonly Outcome[]): ModelEnds => {
    const key = caseKey(s);
    let e = endsOf.get(key);
    if (!e) endsOf.set(key, (e = modelEnds(s, allowed)));
    return e;
  };
  /** Scenarios (by caseKey) run in single mode because the model allows a deadlock (not only a fatal error). */
  const deadlocking = new Set<string>();
  let nextIndex = 0;

  /**
   * Prepares `scenarios` (none too new for the toolchain): one batch per go
   * line they are built under, the toolchain's own first.
   */
  async function prepareBatches(scenarios: readonly Scenario[]): Promise<void> {
    const t = toolchainHere();
    if (!t.ok) {
      await prepareBatch(scenarios, '');
      return;
    }
    const byLine = new Map<string, Scenario[]>([[t.toolchain.language, []]]);
    for (const s of scenarios) {
      const line = goLineOf(s, t.toolchain);
      byLine.set(line, [...(byLine.get(line) ?? []), s]);
    }
    for (const [line, group] of byLine) if (group.length > 0) await prepareBatch(group, line);
  }

  /** Generates, writes and builds one program for `scenarios` under go line `goLine`; never throws (a failure is the batch's error). */
  async function prepareBatch(scenarios: readonly Scenario[], goLine: string): Promise<Batch> {
    const cases = new Map<string, PreparedCase>();
    let dir = '';
    try {
      dir = makeTempDir('gospec-go-');
      return await generateAndBuild(dir, scenarios, cases, goLine);
    } catch (e) {
      // The temp directory or a file could not be written, or a bug of ours: every case of the batch says so.
      const t = toolchainHere();
      const b: Batch = {
        dir, goLine, cases, binary: { error: `the go adapter failed: ${e instanceof Error ? e.message : String(e)}` }, listed: null, startMs: 0,
        toolchain: t.ok ? toolchainInfo(t.toolchain, buildPlan(t.toolchain, dir, [], race && o.compiler === 'gc'), goLine) : missingToolchainInfo(o.compiler, t.why),
      };
      batches.push(b);
      return b;
    }
  }

  async function generateAndBuild(dir: string, scenarios: readonly Scenario[], cases: Map<string, PreparedCase>, goLine: string): Promise<Batch> {
    const goCases: GoCase[] = [];
    for (const s of scenarios) {
      const key = caseKey(s);
      if (cases.has(key)) continue;
      const id = caseIdFor(s.name, nextIndex++);
      cases.set(key, { id });
      goCases.push({ id, scenario: s });
    }
    let files: string[] = [];
    const found = toolchainHere();
    const fail = (error: string): Batch => {
      const toolchain = found.ok ? toolchainInfo(found.toolchain, buildPlan(found.toolchain, dir, files, race && o.compiler === 'gc'), goLine) : missingToolchainInfo(o.compiler, found.why);
      const b: Batch = { dir, goLine, cases, binary: { error }, listed: null, startMs: 0, toolchain };
      batches.push(b);
      return b;
    };
    const why = missing();
    if (why !== null || !found.ok) return fail(`cannot build: ${why ?? 'no toolchain'}`);
    const t = found.toolchain;

    let program: GeneratedProgram;
    try {
      program = generate(goCases, { ...(o.variant ? { variant: o.variant } : {}), ...(o.litmusBatch === false ? { batch: false } : {}) });
    } catch (e) {
      return fail(`the Go code generator failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const u of program.unsupported) {
      for (const [key, c] of cases) if (c.id === u.id) cases.set(key, { id: c.id, unsupported: u.reason });
    }
    const batched = new Set(program.batched ?? []);
    for (const [key, c] of cases) if (batched.has(c.id) && c.unsupported === undefined) cases.set(key, { ...c, batched: true });
    files = Object.keys(program.files);
    const badName = files.find((f) => !/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.go$/.test(f));
    if (badName !== undefined) return fail(`the Go code generator produced a file named ${JSON.stringify(badName)}; expected NAME.go`);
    if (files.length === 0) return fail('the Go code generator produced no files');
    writeFileSync(join(dir, 'go.mod'), goMod(goLine));
    for (const f of files) writeFileSync(join(dir, f), program.files[f]!);

    cacheDir ??= o.buildCache ?? makeTempDir('gospec-gocache-');
    const plan = buildPlan(t, dir, files, race, cacheDir);
    const toolchain = toolchainInfo(t, plan, goLine);
    const built = await build(plan, dir);
    if (!built.ok) {
      const b: Batch = { dir, goLine, cases, binary: { error: `the generated program did not build: ${built.message}` }, listed: null, startMs: 0, toolchain };
      batches.push(b);
      return b;
    }
    const list = await runProcess(built.binary, ['-list'], lim({ cwd: dir, timeoutMs: 10_000, maxOutputBytes }));
    const listed = list.code === 0 ? new Set(list.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '')) : null;
    const startMs = await measureStart(built.binary, dir, goCases, cases);
    const b: Batch = { dir, goLine, cases, binary: { path: built.binary }, listed, startMs, toolchain: { ...toolchain, processStartMs: startMs } };
    batches.push(b);
    return b;
  }

  /**
   * What a process costs before its runs: one run of the first case that
   * cannot deadlock, hang or leave a spinner behind, in batch mode, timed (twice: the first start also pages
   * the binary, and gccgo's libgo, in). `prog -list` would under-measure
   * gccgo, whose runtime reads its debug info (~0.3 s) only once a stack is
   * first printed, which the generated driver does in every run.
   */
  async function measureStart(binary: string, dir: string, goCases: readonly GoCase[], cases: ReadonlyMap<string, PreparedCase>): Promise<number> {
    const probe = goCases.find((c) => {
      const key = caseKey(c.scenario);
      if (cases.get(key)?.unsupported !== undefined) return false;
      if (modeOf(c.scenario, cases.get(key)) !== 'batch') return false;
      // A run that may hang or wait for a spinner to settle would time that, not the start.
      if (cases.get(key)?.batched === true) return true;
      const e = ends(c.scenario);
      return !e.hang && !e.spinning;
    });
    const list = ['-list'];
    const args = probe ? ['-case', probe.id, '-runs', '1', '-seed', '1', '-timeout', String(perRunTimeoutMs)] : list;
    // A probe that fails or hangs (a broken program: it is reported when its case runs) is not a measure; -list then is.
    const limit = 2 * perRunTimeoutMs + 2000;
    const timed = async (a: readonly string[]): Promise<number | null> => {
      const r = await runProcess(binary, a, lim({ cwd: dir, timeoutMs: limit, maxOutputBytes }));
      return r.code === 0 && !r.timedOut ? r.ms : null;
    };
    let ms = (await timed(args)) === null ? null : await timed(args);
    if (ms === null && args !== list) ms = (await timed(list)) === null ? null : await timed(list);
    return Math.round(ms ?? 0);
  }

  /**
   * The in-process per-run timeout: `perRunTimeoutMs`, or four times what a
   * process costs to start if that is more. The first run of a process pays
   * for warming up the runtime (gccgo's first stack dump reads libgo's debug
   * info, ~0.3 s of CPU); on a loaded machine that alone came close to 1 s and
   * made a rendezvous look like a hang.
   */
  function perRunTimeout(batch: Batch): number {
    return Math.max(perRunTimeoutMs, 4 * batch.startMs);
  }

  /**
   * Batch or single mode for a scenario: decided once, from the model's
   * outcome set (or forced by the options). A case on the batched litmus
   * path cannot block, so cannot deadlock: batch, without asking the model.
   */
  function modeOf(s: Scenario, c: PreparedCase | undefined): 'batch' | 'single' {
    if (o.mode && o.mode !== 'auto') return o.mode;
    if (c?.batched === true) return 'batch';
    const key = caseKey(s);
    let mode = modes.get(key);
    if (mode === undefined) {
      const e = ends(s);
      mode = e.deadlock || e.fatal ? 'single' : 'batch';
      if (e.deadlock) deadlocking.add(key);
      modes.set(key, mode);
    }
    return mode;
  }

  function find(s: Scenario): { batch: Batch; c: PreparedCase } | undefined {
    const key = caseKey(s);
    for (let i = batches.length - 1; i >= 0; i--) {
      const c = batches[i]!.cases.get(key);
      if (c) return { batch: batches[i]!, c };
    }
    return undefined;
  }

  function noteMeta(batch: Batch, m: ProgramMeta): void {
    if (batch.toolchain.gomaxprocs !== null) return;
    batch.toolchain = {
      ...batch.toolchain,
      gomaxprocs: m.gomaxprocs,
      runtimeVersion: m.goVersion,
      goos: batch.toolchain.goos ?? m.goos,
      goarch: batch.toolchain.goarch ?? m.goarch,
    };
  }

  /**
   * Batched litmus path: runs for the next process, from the rate (runs
   * per ms) the last full one showed, within half of what is left of the
   * budget.
   */
  function litmusChunk(rate: number | null, leftMs: number): number {
    if (rate === null) return LITMUS_FIRST_CHUNK;
    return Math.max(1000, Math.min(LITMUS_MAX_CHUNK, Math.floor(rate * Math.min(LITMUS_CHUNK_MS, leftMs / 2))));
  }

  /** Batch mode: chunks of in-process runs, one process each. */
  async function runBatchMode(batch: Batch, binary: string, c: PreparedCase, s: Scenario, opts: RunOptions): Promise<Observed> {
    const id = c.id;
    const h = new HistogramBuilder(name);
    const races = new RaceTally();
    const t0 = performance.now();
    const perProcess = Math.max(chunkRuns, Math.ceil(batch.startMs / ASSUMED_RUN_MS));
    const runTimeoutMs = perRunTimeout(batch);
    // A run the model allows to hang, or to leave a goroutine spinning for
    // ever, costs the per-run timeout or the settling wait: chunks are sized
    // so that even if every run of one costs that, it ends within the
    // budget, and a case whose budget fits fewer runs makes fewer, says so,
    // and is judged on those (never an error for an allowed outcome).
    const e = c.batched === true ? undefined : ends(s);
    const worstRunMs = e?.hang ? runTimeoutMs + 50 : e?.spinning ? SETTLE_MS + 10 : undefined;
    let done = 0;
    let crashesInARow = 0;
    let rate: number | null = null; // batched litmus path: runs per ms of the last full process
    // Runs that hung (may-not-terminate) cost the per-run timeout and a new
    // process each; when they use up the case's budget, the case simply made
    // fewer runs: no error (the checker judges the hangs like any outcome).
    let hung = 0;
    for (let k = 0; done < opts.runs; k++) {
      let n = Math.min(c.batched === true ? litmusChunk(rate, opts.timeoutMs - (performance.now() - t0)) : perProcess, opts.runs - done);
      if (worstRunMs !== undefined) {
        const fits = Math.floor((opts.timeoutMs - (performance.now() - t0) - batch.startMs - 200) / worstRunMs);
        if (fits < 1 && done > 0) {
          const why = e?.hang ? `a run the model allows to hang costs the ${runTimeoutMs} ms per-run timeout` : `a run the model allows to leave a goroutine spinning waits ${SETTLE_MS} ms for it to settle`;
          h.note(`made ${done} of the ${opts.runs} runs asked for: ${why}, and the ${opts.timeoutMs} ms budget fits no more`);
          break;
        }
        n = Math.max(1, Math.min(n, fits));
      }
      const seed = runSeed(opts.seed, s.name, k);
      const args = ['-case', id, '-runs', String(n), '-seed', String(seed), '-timeout', String(runTimeoutMs)];
      // Litmus form (as model/compile.ts decides it) off the batched path: instances side by side.
      if (!s.main && c.batched !== true) args.push('-instances', String(LITMUS_INSTANCES));
      const command = `prog ${args.join(' ')}`;
      const left = opts.timeoutMs - (performance.now() - t0);
      if (left <= 0) {
        if (hung === 0) h.failure('timeout', `stopped after ${done} of ${opts.runs} runs: the ${opts.timeoutMs} ms budget ran out`);
        break;
      }
      const r = await runProcess(binary, args, lim({ cwd: batch.dir, timeoutMs: left, maxOutputBytes }));
      races.note(r.stderr);
      const first = (run: number): ObservedExample => ({ run: done + run, seed, note: `in-process run ${run} of: ${command}` });
      if (r.spawnError !== undefined) {
        h.failure('adapter', `cannot start the built program: ${r.spawnError}`);
        break;
      }
      if (r.timedOut) {
        if (hung === 0) h.failure('timeout', `stopped after ${done} of ${opts.runs} runs: the ${opts.timeoutMs} ms budget ran out while ${command} was running (killed)`);
        break;
      }
      let crashed: string | null = null;
      let made = n;
      if (r.truncated) crashed = `printed more than ${maxOutputBytes} bytes (cut, process killed); it began: ${firstLines(r.stdout || r.stderr, 2).slice(0, 200)}`;
      else if (r.code !== 0) {
        crashed = isDeadlockReport(r.stderr)
          ? `Go reported a deadlock of the whole batch process, which the model does not predict for this case (${howItEnded(r)}): ${firstLines(r.stderr, 6)}`
          : `the program crashed (${crashText(r)})`;
      }
      if (crashed === null) {
        try {
          const rep = parseBatch(r.stdout, id, n);
          noteMeta(batch, rep.meta);
          made = rep.runs;
          if (rep.stopped === undefined) rate = n / Math.max(1, r.ms);
          for (const e of rep.histogram) {
            if (e.outcome.end === 'may-not-terminate') hung += e.count;
            const note = e.outcome.end === 'may-not-terminate' ? ` (still running after ${runTimeoutMs} ms)` : '';
            const ex = first(e.firstRun);
            h.outcome(outcomeKey(e.outcome), e.outcome, { ...ex, note: `${ex.note}${note}` }, e.count);
          }
          for (const [name, ds] of Object.entries(rep.measures ?? {})) h.measure(name, ds);
          for (const e of rep.errors) {
            if (e.count === 0) continue;
            const kind = KNOWN_KINDS.has(e.kind) ? (e.kind as AdapterErrorKind) : 'crash';
            h.error(kind, KNOWN_KINDS.has(e.kind) ? e.message : `${e.kind}: ${e.message}`, first(0), e.count);
          }
          crashesInARow = 0;
        } catch (e) {
          if (!(e instanceof ProtocolError)) throw e;
          h.error('protocol', `the program broke the protocol: ${e.message}`, first(0), n);
        }
      } else {
        h.error('crash', `runs ${done}–${done + n - 1} lost: ${crashed}`, first(0), n);
        crashesInARow++;
      }
      done += made;
      if (crashesInARow >= MAX_CRASHES_IN_A_ROW && done < opts.runs) {
        h.failure('crash', `stopped after ${done} of ${opts.runs} runs: ${MAX_CRASHES_IN_A_ROW} processes in a row crashed`);
        break;
      }
    }
    return races.into(h.build());
  }

  /**
   * Single mode: one process per run, `parallel` at a time, paced by the
   * budget. Processes are slow next to in-process runs (a gccgo binary takes
   * ~0.4 s to start and report a deadlock, and two at a time barely help), so
   * a run is started only while the budget, at the mean time the finished
   * processes took, still fits it: fewer runs than asked for is a planned
   * sample, said in every example's note, not a timeout. A timeout is a
   * process the budget had to kill.
   */
  async function runSingleMode(batch: Batch, binary: string, id: string, s: Scenario, opts: RunOptions): Promise<Observed> {
    const h = new HistogramBuilder(name);
    const races = new RaceTally();
    const planned = Math.min(opts.runs, singleRunsCap);
    const t0 = performance.now();
    const plan = SINGLE_BUDGET_SHARE * opts.timeoutMs;
    type Result = { kind: 'outcome'; outcome: Outcome; note: string } | { kind: 'error'; errKind: AdapterErrorKind; message: string } | { kind: 'not-run' };
    const results: Result[] = [];
    let next = 0;
    let finished = 0;
    let spentMs = 0;
    let paced = false;
    let killed = false;
    const worker = async (): Promise<void> => {
      while (!killed && next < planned) {
        const elapsed = performance.now() - t0;
        const mean = finished > 0 ? spentMs / finished : 0;
        if (finished > 0 && elapsed + mean > plan) {
          paced = true;
          return;
        }
        const left = opts.timeoutMs - elapsed;
        if (left <= 0) return;
        const i = next++;
        const seed = runSeed(opts.seed, s.name, i);
        const args = ['-case', id, '-single', '-seed', String(seed)];
        const limit = perRunTimeout(batch) + Math.max(STARTUP_SLACK_MS, 4 * batch.startMs);
        const r = await runProcess(binary, args, lim({ cwd: batch.dir, timeoutMs: Math.min(limit, left), maxOutputBytes }));
        races.note(r.stderr);
        results[i] = readSingle(batch, r, id, `prog ${args.join(' ')}`, limit, left < limit);
        if (results[i]!.kind === 'not-run') killed = true;
        finished++;
        spentMs += r.ms;
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, planned) }, worker));
    const made = results.filter((x) => x !== undefined && x.kind !== 'not-run').length;
    const mean = finished > 0 ? Math.round(spentMs / finished) : 0;
    const why = made === opts.runs ? ''
      : paced ? `, as many as the ${opts.timeoutMs} ms budget fits at about ${mean} ms a process`
      : made === singleRunsCap ? ` (at most ${singleRunsCap})` : '';
    const note = `single-process mode (the model allows a deadlock or a fatal error, which only a whole process shows): ${made === opts.runs ? 'one process per run' : `${made} of the ${opts.runs} runs asked for, one process each${why}`}`;
    results.forEach((x, i) => {
      const seed = runSeed(opts.seed, s.name, i);
      if (x.kind === 'outcome') h.outcome(outcomeKey(x.outcome), x.outcome, { run: i, seed, note: `${x.note}; ${note}` });
      else if (x.kind === 'error') h.error(x.errKind, x.message, { run: i, seed, note });
    });
    if (killed) h.failure('timeout', `stopped after ${made} runs: the ${opts.timeoutMs} ms budget ran out while a process was running (killed)`);
    return races.into(h.build());
  }

  /** One single-mode process's result, in the model's words. */
  function readSingle(batch: Batch, r: ProcessResult, id: string, command: string, limit: number, budgetBound: boolean):
    { kind: 'outcome'; outcome: Outcome; note: string } | { kind: 'error'; errKind: AdapterErrorKind; message: string } | { kind: 'not-run' } {
    if (r.spawnError !== undefined) return { kind: 'error', errKind: 'adapter', message: `cannot start the built program: ${r.spawnError}` };
    if (r.timedOut) {
      // Killed by the case's budget rather than its own time limit: the run did not finish, it is not an outcome.
      if (budgetBound) return { kind: 'not-run' };
      return { kind: 'outcome', outcome: { end: 'may-not-terminate', obs: {} }, note: `${command}: still running after ${limit} ms (killed)` };
    }
    if (r.truncated) return { kind: 'error', errKind: 'crash', message: `printed more than ${maxOutputBytes} bytes (cut, process killed)` };
    if (r.stdout.trim() === '') {
      if (isDeadlockReport(r.stderr) && r.code === 2) return { kind: 'outcome', outcome: { end: 'deadlock', obs: {} }, note: `${command}: Go reported the deadlock` };
      const fatal = syncFatalReport(r.stderr);
      if (fatal !== null && r.code === 2) return { kind: 'outcome', outcome: { end: 'fatal', obs: {}, fatal: { message: fatal } }, note: `${command}: Go reported the fatal error` };
      return { kind: 'error', errKind: 'crash', message: `the program crashed (${crashText(r)})` };
    }
    try {
      const rep = parseSingle(r.stdout, id);
      noteMeta(batch, rep.meta);
      const want = rep.outcome.end === 'panic' ? 2 : 0;
      if (r.code !== want && rep.outcome.end !== 'may-not-terminate') {
        return { kind: 'error', errKind: 'protocol', message: `the program reported "${rep.outcome.end}" but exited with ${howItEnded(r)} (expected ${want})${r.stderr.trim() ? `: ${firstLines(r.stderr, 4)}` : ''}` };
      }
      return { kind: 'outcome', outcome: rep.outcome, note: command };
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      return { kind: 'error', errKind: 'protocol', message: `the program broke the protocol: ${e.message}${r.stderr.trim() ? `; stderr: ${firstLines(r.stderr, 4)}` : ''}` };
    }
  }

  return {
    name,
    compiler: o.compiler,
    // The race detector against the model, with the divergence list of the Go that built the program (harness/race.ts).
    ...(race ? { audits: [raceAudit(() => { const t = toolchainHere(); return t.ok ? goRelease(t.toolchain.go?.version) : undefined; })] } : {}),

    unavailable(): string | null {
      return missing();
    },

    async prepare(scenarios: readonly Scenario[]): Promise<void> {
      // A case too new for the toolchain is never built (run says why).
      const buildable = scenarios.filter((s) => tooNew(s) === null);
      if (buildable.length > 0) await prepareBatches(buildable);
    },

    async run(scenario: Scenario, opts: RunOptions): Promise<Observed> {
      const empty = { adapter: name, runs: 0, histogram: [], errors: [] };
      // Reported as the generator's inexpressible cases are: skipped, with the reason.
      const newer = tooNew(scenario);
      if (newer !== null) return { ...empty, unsupported: `unsupported by the ${name} adapter: ${newer}` };
      // A scenario prepare did not see (an API caller without prepare) gets a batch of its own.
      const found = find(scenario);
      const t = toolchainHere();
      const batch = found?.batch ?? await prepareBatch([scenario], t.ok ? goLineOf(scenario, t.toolchain) : '');
      const c = found?.c ?? batch.cases.get(caseKey(scenario));
      if (c?.unsupported !== undefined) return { ...empty, unsupported: `unsupported by the ${name} adapter: ${c.unsupported}` };
      if ('error' in batch.binary) return { ...empty, errors: [{ kind: 'adapter', message: batch.binary.error, count: 0 }] };
      if (c === undefined) return { ...empty, errors: [{ kind: 'adapter', message: 'the case is missing from the generated program', count: 0 }] };
      if (batch.listed !== null && !batch.listed.has(c.id)) {
        return { ...empty, errors: [{ kind: 'adapter', message: `the generated program does not list case ${c.id} (prog -list)`, count: 0 }] };
      }
      // The caller's oracle, when it passes one, saves exploring the case again.
      if (opts.allowed) ends(scenario, opts.allowed);
      const mode = modeOf(scenario, c);
      // A race build links cgo, and cgo switches Go's deadlock detector off
      // (docs/facts/go-runtime.md §7.1): a deadlock would look like a hang. Such cases are left
      // out of --race runs, with the reason, rather than misjudged.
      if (race && mode === 'single' && deadlocking.has(caseKey(scenario))) {
        return { ...empty, unsupported: `not run with --race: the model allows a deadlock, and Go's deadlock detector is off in race builds (they link cgo)` };
      }
      return mode === 'single'
        ? runSingleMode(batch, batch.binary.path, c.id, scenario, opts)
        : runBatchMode(batch, batch.binary.path, c, scenario, opts);
    },

    async dispose(): Promise<void> {
      for (const b of batches.splice(0)) removeTempDir(b.dir);
      if (cacheDir !== undefined && o.buildCache === undefined) removeTempDir(cacheDir);
      cacheDir = undefined;
      modes.clear();
      endsOf.clear();
      deadlocking.clear();
    },

    toolchain(): ToolchainDescription | undefined {
      // The batch under the toolchain's own go line speaks for the run; the others are counted in caseGoLines.
      const t = toolchainHere();
      const own = t.ok ? t.toolchain.language : '';
      const b = batches.find((x) => x.goLine === own) ?? batches[batches.length - 1];
      if (!b) return undefined;
      const others = new Map<string, number>();
      for (const x of batches) if (x.goLine !== b.goLine) others.set(x.goLine, (others.get(x.goLine) ?? 0) + x.cases.size);
      const caseGoLines = others.size === 0 ? null : [...others].sort(([a], [c]) => compareLanguages(a, c)).map(([line, n]) => `${line} ×${n}`).join(', ');
      const info: ToolchainInfo = { ...b.toolchain, goModGo: b.goLine === '' ? b.toolchain.goModGo : b.goLine, caseGoLines };
      return { ...info, summary: describeToolchain(info) };
    },
  };
}

/** What Go's race detector prints at the head of each report (on stderr). */
export const RACE_WARNING = 'WARNING: DATA RACE';
/** Lines of the first report kept as the example. */
const RACE_EXAMPLE_LINES = 20;

/** The race reports on the stderr of a case's processes. */
class RaceTally {
  private count = 0;
  private processes = 0;
  private example = '';
  /** Distinct reports, keyed by the functions of their two accesses (at most MAX_RACE_REPORTS). */
  private readonly reports = new Map<string, string>();

  note(stderr: string): void {
    const n = stderr.split(RACE_WARNING).length - 1;
    if (n === 0) return;
    this.count += n;
    this.processes++;
    if (this.example === '') {
      const from = stderr.indexOf(RACE_WARNING);
      this.example = stderr.slice(from).split('\n').slice(0, RACE_EXAMPLE_LINES).join('\n').trimEnd();
    }
    for (const report of raceReports(stderr)) {
      const key = (report.match(/^\s+\S+\(\)$/gm) ?? []).join(' ');
      if (!this.reports.has(key) && this.reports.size < MAX_RACE_REPORTS) this.reports.set(key, report);
    }
  }

  into(o: Observed): Observed {
    if (this.count === 0) return o;
    const races = { name: RACE_DIAGNOSTICS, tool: "Go's race detector", finding: 'data race', count: this.count, processes: this.processes, example: this.example, reports: [...this.reports.values()] };
    return { ...o, diagnostics: [...(o.diagnostics ?? []), races] };
  }
}

const MAX_RACE_REPORTS = 8;

/**
 * The race reports in a race-enabled process's stderr: each block Go's
 * detector prints between two `==================` lines that starts with
 * WARNING: DATA RACE (runtime/race, docs/facts/memory-model.md §4.6), without temp-dir paths.
 */
export function raceReports(stderr: string): string[] {
  return stderr
    .split(/^={10,}$/m)
    .map((b) => b.trim())
    .filter((b) => b.startsWith(RACE_WARNING))
    .map((b) => b.replace(/0x[0-9a-f]+/g, '0x…'));
}

/** `--impl go`: the gc toolchain. */
export const goAdapter = makeGoAdapter({ compiler: 'gc' });
/** `--impl gccgo`. */
export const gccgoAdapter = makeGoAdapter({ compiler: 'gccgo' });

/** The toolchain in one line, for the console header. */
export function describeToolchain(t: ToolchainDescription): string {
  const parts = [
    String(t.version ?? ''),
    t.goCommand ? `driven by ${String(t.goCommand)}` : '',
    // `go version` already names the platform; gccgo's version line does not.
    t.goos && t.goarch && !`${String(t.version)} ${String(t.goCommand)}`.includes(`${String(t.goos)}/${String(t.goarch)}`) ? `${String(t.goos)}/${String(t.goarch)}` : '',
    t.gomaxprocs !== null && t.gomaxprocs !== undefined ? `GOMAXPROCS ${String(t.gomaxprocs)}` : '',
    t.goModGo ? `go.mod go ${String(t.goModGo)}${t.caseGoLines ? ` (cases with their own goVersion: ${String(t.caseGoLines)})` : ''}` : '',
    typeof t.processStartMs === 'number' ? `a process starts and makes one run in ${t.processStartMs} ms` : '',
  ].filter((p) => p !== '');
  return `${parts.join(', ')}; built with: ${String(t.build ?? '?')}`;
}
