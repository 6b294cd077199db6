// The Go toolchains the adapter builds with: what one is (a compiler, the
// go binary resolve.ts found for it, the language it implements), building
// one program with it, and saying which toolchain it was so that a result
// can be reproduced.
//
// Two compilers:
//   gc     `<go> build -o prog .`, <go> the binary resolve.ts resolved
//          (`--impl go`, `go@1.N`, `--go PATH`), by its absolute path;
//   gccgo  `<go> build -compiler gccgo -gccgoflags=-O2 -o prog .` when a go
//          command is installed (the machine's go drives gccgo this way);
//          otherwise `gccgo -O2 -o prog <files>` directly. gccgo is
//          optimised (-O2) as programs built with it usually are; the go
//          command alone would pass only -g.
//
// The go line. A module's `go` line is its language version, and the gc
// toolchain takes semantics from it, not only which features compile:
// per-iteration loop variables from go 1.22, and the GODEBUG defaults of
// the main module (synchronous timer channels from 1.23, panic(nil) as a
// *runtime.PanicNilError from 1.21) — docs/facts/go-runtime.md "Harness
// pitfalls". So the go line is a parameter of a case (Scenario.goVersion),
// by default the toolchain's own language (go1.26.8 → `go 1.26`), and the
// adapter builds one program per go line a run needs (go.ts). A toolchain
// refuses a go line newer than itself under GOTOOLCHAIN=local, and a case
// that asks for one is skipped rather than built with a wrong line
// (`newerThanToolchain`). Go 1.27 no longer takes timer semantics from the
// go line (GODEBUG asynctimerchan is gone; measured: a go 1.18 module built
// by go1.27.3 gets synchronous timer channels), so it skips a case with
// timers written for a line before 1.23 (`timersUnlike`). gccgo takes no language version from the go
// command (`go build -x` shows no -lang for it): its language is its
// libgo's, Go 1.18 for GCC 12, which is also its go line.
//
// The build is hermetic: a module `gospecrun` with that go line, its own
// GOCACHE and GOPATH in the temp directory, the go binary's own GOROOT, no
// proxy, no checksum database, no toolchain switch (GOTOOLCHAIN=local), no
// user go.env, no workspace, and CGO_ENABLED=0 (cgo disables Go's deadlock
// detection, docs/facts/go-runtime.md §7.1).
//
// With --race (gc only) the build is `go build -race` with CGO_ENABLED=1 for
// that build alone (the race runtime needs cgo), and the binary runs with
// GORACE="halt_on_error=0 exitcode=0" so that reports only go to stderr.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { firstLines, runProcess } from '../../process.ts';
import type { GoCommand, GoResolution } from './resolve.ts';
import { compareLanguages } from './resolve.ts';
import type { Scenario } from '../../../model/ir.ts';
import { isTimerKind } from '../../../model/ir.ts';

export type GoCompiler = 'gc' | 'gccgo';

/** A toolchain the adapter can build with: found, asked its version, and the language it implements. */
export interface Toolchain {
  readonly compiler: GoCompiler;
  /** The go command that builds (gc) or drives gccgo; null: gccgo is run directly. */
  readonly go: GoCommand | null;
  /** `gccgo --version`'s first line (gccgo only). */
  readonly gccgo: string | null;
  /** The language version it implements: the default go line, and the newest a case may ask for. */
  readonly language: string;
}

/** The go.mod of the generated module, with `goLine` ("1.26") as its go line. */
export function goMod(goLine: string): string {
  return `module gospecrun\n\ngo ${goLine}\n`;
}

/**
 * The Go release each GCC's libgo implements, by GCC major version (GCC 12's
 * libgo names itself `go1.18 gccgo`). A GCC not listed is taken as 1.18,
 * the last libgo update gospec knows of.
 */
const GCCGO_LANGUAGE: Readonly<Record<number, string>> = { 10: '1.14', 11: '1.16', 12: '1.18' };

/** `gccgo (Debian 12.2.0-14+deb12u1) 12.2.0` → 1.18. */
export function gccgoLanguage(versionLine: string): string {
  const major = Number(/\)\s+(\d+)\.\d+/.exec(versionLine)?.[1] ?? /\b(\d+)\.\d+\.\d+\b/.exec(versionLine)?.[1]);
  return GCCGO_LANGUAGE[major] ?? '1.18';
}

/** Why a case asking for `goVersion` cannot be built by this toolchain (it is newer than the toolchain's language), or null. */
export function newerThanToolchain(goVersion: string, t: Toolchain): string | null {
  if (compareLanguages(goVersion, t.language) <= 0) return null;
  const name = t.compiler === 'gc' ? t.go?.release ?? `Go ${t.language}` : `gccgo ${t.gccgo?.trim().split(/\s+/).pop() ?? ''}`.trim();
  return `goVersion ${goVersion} is newer than ${name} (language ${t.language}): a go ${goVersion} line needs a newer toolchain, and the case is not run under a wrong one`;
}

/**
 * Why the toolchain would run a case's timers under other semantics than
 * its go line selects, or null. Go 1.27 removed GODEBUG asynctimerchan
 * (internal/godebugs/table.go: Removed 27): its timer channels are
 * synchronous whatever the go line, so a case with timers written for a go
 * line before 1.23 (model/time.ts TimerChan) is not run there.
 */
export function timersUnlike(s: Scenario, t: Toolchain): string | null {
  if (s.goVersion === undefined || compareLanguages(s.goVersion, '1.23') >= 0) return null;
  if (t.compiler !== 'gc' || compareLanguages(t.language, '1.27') < 0) return null;
  if (!Object.values(s.objects ?? {}).some((d) => isTimerKind(d.kind))) return null;
  return `the case's timers follow go ${s.goVersion}'s asynchronous timer channels, which ${t.go?.release ?? `Go ${t.language}`} no longer has (Go 1.27 removed GODEBUG asynctimerchan: timer channels are synchronous whatever the go line)`;
}

/** `gccgo --version`'s first line, or null when gccgo is missing. */
export function gccgoVersion(): string | null {
  try {
    const v = execFileSync('gccgo', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    return (v.split('\n')[0] ?? '').trim();
  } catch {
    return null;
  }
}

/**
 * The toolchain for `compiler`, from the go binary `go` resolves (gc: the
 * one that builds; gccgo: the one that drives it, if any), or why there is
 * none here (with how to install it).
 */
export function findToolchain(compiler: GoCompiler, go: () => GoResolution): { ok: true; toolchain: Toolchain } | { ok: false; why: string } {
  if (compiler === 'gc') {
    const r = go();
    return r.ok ? { ok: true, toolchain: { compiler, go: r.go, gccgo: null, language: r.go.language } } : { ok: false, why: r.why };
  }
  const gccgo = gccgoVersion();
  if (gccgo === null) return { ok: false, why: 'gccgo is not installed (on Debian/Ubuntu: apt-get install gccgo, and golang-go for the go command that drives it)' };
  const r = go();
  return { ok: true, toolchain: { compiler, go: r.ok ? r.go : null, gccgo, language: gccgoLanguage(gccgo) } };
}

/** How a build is done, in words a person can retype (no shell is used). */
export interface BuildPlan {
  readonly compiler: GoCompiler;
  /** argv[0] (the go binary's absolute path, or gccgo) and the rest. */
  readonly file: string;
  readonly args: readonly string[];
  /** The environment variables set on top of ours. */
  readonly env: Readonly<Record<string, string>>;
}

/** The toolchain a run used, recorded in the console header and the JSON report (a type, so it is a ToolchainDescription). */
export type ToolchainInfo = {
  readonly compiler: GoCompiler;
  /** `go version` of the binary that built (gc), or `gccgo --version`'s first line. */
  readonly version: string;
  /** `go version` of the go command that drove gccgo, when one did. */
  readonly goCommand: string | null;
  /** The go binary that built or drove the build, absolute; how it was found (resolve.ts). */
  readonly goBinary: string | null;
  readonly goBinaryVia: string | null;
  readonly goos: string | null;
  readonly goarch: string | null;
  /** The binary's runtime.GOMAXPROCS(0), from its first report. */
  readonly gomaxprocs: number | null;
  /** The binary's runtime.Version(), from its first report. */
  readonly runtimeVersion: string | null;
  /** The go.mod `go` line of cases that name no goVersion: the toolchain's language. */
  readonly goModGo: string;
  /** The other go lines the run built under, with their case counts (`1.22 ×2`), or null. */
  readonly caseGoLines: string | null;
  /** The build command line. */
  readonly build: string;
  /** How long the built program takes to start, make one run and exit, in ms (measured once it is built). */
  readonly processStartMs: number | null;
};

/** GOOS and GOARCH the toolchain targets. */
function targetOf(t: Toolchain): { goos: string | null; goarch: string | null } {
  if (t.go !== null) {
    try {
      const env = execFileSync(t.go.path, ['env', 'GOOS', 'GOARCH'], { encoding: 'utf8', env: { ...process.env, GOROOT: t.go.goroot, GOTOOLCHAIN: 'local' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
      const [goos, goarch] = env.trim().split('\n').map((x) => x.trim());
      return { goos: goos ?? null, goarch: goarch ?? null };
    } catch {
      // Said as unknown below; the build itself will say what is wrong.
    }
  }
  if (t.compiler === 'gccgo') {
    // x86_64-linux-gnu → what Go calls linux/amd64; kept as GCC says it when unknown.
    let machine = '';
    try {
      machine = execFileSync('gccgo', ['-dumpmachine'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 }).trim();
    } catch {
      // unknown
    }
    const arch: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', i686: '386', i386: '386', arm: 'arm', riscv64: 'riscv64', ppc64le: 'ppc64le', s390x: 's390x' };
    const [cpu, ...rest] = machine.split('-');
    const os = rest.find((p) => ['linux', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'aix'].includes(p)) ?? null;
    return { goos: os, goarch: cpu ? (arch[cpu] ?? cpu) : null };
  }
  return { goos: null, goarch: null };
}

/**
 * The environment a build runs in, inside the temp directory `dir`, with the
 * go binary's own GOROOT when there is one. The build cache is `cache`
 * (default dir/cache): the Go adapter gives all its builds one, so that a
 * second go line does not compile the standard library again (Go's build
 * cache keys every entry by toolchain and flags, and is safe to share).
 */
export function buildEnv(dir: string, go: GoCommand | null = null, cache = join(dir, 'cache')): Record<string, string> {
  return {
    GOCACHE: cache,
    GOPATH: join(dir, 'gopath'),
    GOFLAGS: '-mod=mod',
    GO111MODULE: 'on',
    CGO_ENABLED: '0',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOWORK: 'off',
    GOENV: 'off',
    GOTOOLCHAIN: 'local',
    ...(go !== null ? { GOROOT: go.goroot } : {}),
  };
}

/** Why a race-detector build cannot be made with this compiler, or null when it can (gc only). */
export function raceUnsupported(compiler: GoCompiler): string | null {
  return compiler === 'gc' ? null : 'the race detector (-race) is supported only with the gc toolchain (--impl go); gccgo has none';
}

/**
 * How a race-enabled binary runs: every report printed, the process not
 * stopped at the first (halt_on_error=0) and its exit status left alone
 * (exitcode=0; the default, 66, would hide the batch's JSON line behind a
 * crash). The reports are counted on stderr instead.
 */
export const RACE_RUN_ENV: Readonly<Record<string, string>> = { GORACE: 'halt_on_error=0 exitcode=0' };

/** How to build the program in `dir` whose Go files are `files` (race: `go build -race`, gc only, with cgo for that build). */
export function buildPlan(t: Toolchain, dir: string, files: readonly string[], race = false, cache?: string): BuildPlan {
  const { compiler, go } = t;
  const env = buildEnv(dir, go, cache);
  if (race && compiler !== 'gc') throw new Error(raceUnsupported(compiler)!);
  if (go !== null && race) return { compiler, file: go.path, args: ['build', '-race', '-o', 'prog', '.'], env: { ...env, CGO_ENABLED: '1' } };
  if (go !== null && compiler === 'gc') return { compiler, file: go.path, args: ['build', '-o', 'prog', '.'], env };
  if (go !== null) return { compiler, file: go.path, args: ['build', '-compiler', 'gccgo', '-gccgoflags=-O2', '-o', 'prog', '.'], env };
  return { compiler, file: 'gccgo', args: ['-O2', '-o', 'prog', ...[...files].sort()], env };
}

/** The plan as one command line, for reports (environment first, as a shell would take it). */
export function describePlan(p: BuildPlan): string {
  const env = ['CGO_ENABLED', 'GOFLAGS'].filter((k) => k in p.env).map((k) => `${k}=${p.env[k]}`);
  return [...(p.file !== 'gccgo' ? env : []), p.file, ...p.args].join(' ');
}

export type BuildResult =
  | { readonly ok: true; readonly binary: string; readonly ms: number }
  | { readonly ok: false; readonly message: string; readonly ms: number };

/** Builds the program in `dir` (files already written there) into dir/prog. */
export async function build(plan: BuildPlan, dir: string, timeoutMs = 300_000): Promise<BuildResult> {
  const r = await runProcess(plan.file, plan.args, { cwd: dir, env: { ...process.env, ...plan.env }, timeoutMs, maxOutputBytes: 1 << 20 });
  if (r.spawnError !== undefined) return { ok: false, message: `cannot start ${plan.file}: ${r.spawnError}`, ms: r.ms };
  if (r.timedOut) return { ok: false, message: `${describePlan(plan)} did not finish within ${timeoutMs} ms`, ms: r.ms };
  if (r.code !== 0) {
    const said = firstLines(`${r.stderr}\n${r.stdout}`, 30);
    return { ok: false, message: `${describePlan(plan)} failed (exit ${r.code ?? r.signal}):\n${said || '(it printed nothing)'}`, ms: r.ms };
  }
  return { ok: true, binary: join(dir, 'prog'), ms: r.ms };
}

/** What can be known about the toolchain before the binary runs (GOMAXPROCS and runtime version come later). */
export function toolchainInfo(t: Toolchain, plan: BuildPlan, goLine: string): ToolchainInfo {
  const { goos, goarch } = targetOf(t);
  return {
    compiler: t.compiler,
    version: t.compiler === 'gc' ? t.go!.version : t.gccgo!,
    goCommand: t.compiler === 'gccgo' && plan.file !== 'gccgo' ? t.go?.version ?? null : null,
    goBinary: t.go?.path ?? null,
    goBinaryVia: t.go?.via ?? null,
    goos,
    goarch,
    gomaxprocs: null,
    runtimeVersion: null,
    goModGo: goLine,
    caseGoLines: null,
    build: describePlan(plan),
    processStartMs: null,
  };
}

/** What a run's header says when there is no toolchain: only the compiler and why. */
export function missingToolchainInfo(compiler: GoCompiler, why: string): ToolchainInfo {
  return {
    compiler, version: `${compiler === 'gc' ? 'go' : 'gccgo'}: ${why}`, goCommand: null, goBinary: null, goBinaryVia: null, goos: null, goarch: null,
    gomaxprocs: null, runtimeVersion: null, goModGo: '', caseGoLines: null, build: '', processStartMs: null,
  };
}
