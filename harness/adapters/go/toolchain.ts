// The Go toolchains the adapter builds with: finding them, building one
// program with them, and saying which toolchain it was so that a result can
// be reproduced.
//
// Two compilers:
//   gc     `go build -o prog .`
//   gccgo  `go build -compiler gccgo -gccgoflags=-O2 -o prog .` when the go
//          command is installed next to gccgo (Debian's golang-go drives
//          gccgo this way); otherwise `gccgo -O2 -o prog <files>` directly.
//          gccgo is optimised (-O2) as programs built with it usually are; the
//          go command alone would pass only -g.
//
// The build is hermetic: a module `gospecrun` with an explicit `go` line (the
// go line decides language and GODEBUG semantics: timers, panic(nil), loop
// variables — docs/facts/go-runtime.md "Harness pitfalls"), its own GOCACHE and
// GOPATH in the temp directory, no proxy, no checksum database, no user
// go.env, no workspace, and CGO_ENABLED=0 (cgo disables Go's deadlock
// detection, docs/facts/go-runtime.md §7.1).
//
// With --race (gc only) the build is `go build -race` with CGO_ENABLED=1 for
// that build alone (the race runtime needs cgo), and the binary runs with
// GORACE="halt_on_error=0 exitcode=0" so that reports only go to stderr.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { firstLines, runProcess } from '../../process.ts';

export type GoCompiler = 'gc' | 'gccgo';

/** The `go` line of the generated module. */
export const GO_MOD_GO = '1.19';

export const GO_MOD = `module gospecrun\n\ngo ${GO_MOD_GO}\n`;

/** How a build is done, in words a person can retype (no shell is used). */
export interface BuildPlan {
  readonly compiler: GoCompiler;
  /** argv[0] and the rest. */
  readonly file: string;
  readonly args: readonly string[];
  /** The environment variables set on top of ours. */
  readonly env: Readonly<Record<string, string>>;
}

/** The toolchain a run used, recorded in the console header and the JSON report (a type, so it is a ToolchainDescription). */
export type ToolchainInfo = {
  readonly compiler: GoCompiler;
  /** `go version` (gc), or `gccgo --version`'s first line. */
  readonly version: string;
  /** `go version` of the go command that drove gccgo, when one did. */
  readonly goCommand: string | null;
  readonly goos: string | null;
  readonly goarch: string | null;
  /** The binary's runtime.GOMAXPROCS(0), from its first report. */
  readonly gomaxprocs: number | null;
  /** The binary's runtime.Version(), from its first report. */
  readonly runtimeVersion: string | null;
  /** The go.mod `go` line. */
  readonly goModGo: string;
  /** The build command line. */
  readonly build: string;
  /** How long the built program takes to start, make one run and exit, in ms (measured once it is built). */
  readonly processStartMs: number | null;
};

function tryExec(file: string, args: readonly string[]): string | null {
  try {
    return execFileSync(file, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 }).trim();
  } catch {
    return null;
  }
}

/** `go version`, or null when the go command is missing. */
export function goVersion(): string | null {
  return tryExec('go', ['version']);
}

/** `gccgo --version`'s first line, or null when gccgo is missing. */
export function gccgoVersion(): string | null {
  const v = tryExec('gccgo', ['--version']);
  return v === null ? null : (v.split('\n')[0] ?? '').trim();
}

/** Why the compiler cannot be used here (with how to install it), or null when it can. */
export function missingToolchain(compiler: GoCompiler): string | null {
  if (compiler === 'gc') {
    return goVersion() === null
      ? 'the go command is not installed (on Debian/Ubuntu: apt-get install golang-go; or see https://go.dev/doc/install)'
      : null;
  }
  return gccgoVersion() === null
    ? 'gccgo is not installed (on Debian/Ubuntu: apt-get install gccgo, and golang-go for the go command that drives it)'
    : null;
}

/** GOOS and GOARCH the toolchain targets. */
function targetOf(compiler: GoCompiler, hasGo: boolean): { goos: string | null; goarch: string | null } {
  if (hasGo) {
    const env = tryExec('go', ['env', 'GOOS', 'GOARCH']);
    if (env) {
      const [goos, goarch] = env.split('\n').map((s) => s.trim());
      return { goos: goos ?? null, goarch: goarch ?? null };
    }
  }
  if (compiler === 'gccgo') {
    // x86_64-linux-gnu → what Go calls linux/amd64; kept as GCC says it when unknown.
    const machine = tryExec('gccgo', ['-dumpmachine']) ?? '';
    const arch: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', i686: '386', i386: '386', arm: 'arm', riscv64: 'riscv64', ppc64le: 'ppc64le', s390x: 's390x' };
    const [cpu, ...rest] = machine.split('-');
    const os = rest.find((p) => ['linux', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'aix'].includes(p)) ?? null;
    return { goos: os, goarch: cpu ? (arch[cpu] ?? cpu) : null };
  }
  return { goos: null, goarch: null };
}

/** The environment a build runs in, inside the temp directory `dir`. */
export function buildEnv(dir: string): Record<string, string> {
  return {
    GOCACHE: join(dir, 'cache'),
    GOPATH: join(dir, 'gopath'),
    GOFLAGS: '-mod=mod',
    GO111MODULE: 'on',
    CGO_ENABLED: '0',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOWORK: 'off',
    GOENV: 'off',
    GOTOOLCHAIN: 'local',
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
export function buildPlan(compiler: GoCompiler, dir: string, files: readonly string[], hasGo = goVersion() !== null, race = false): BuildPlan {
  const env = buildEnv(dir);
  if (race && compiler !== 'gc') throw new Error(raceUnsupported(compiler)!);
  if (race) return { compiler, file: 'go', args: ['build', '-race', '-o', 'prog', '.'], env: { ...env, CGO_ENABLED: '1' } };
  if (compiler === 'gc') return { compiler, file: 'go', args: ['build', '-o', 'prog', '.'], env };
  if (hasGo) return { compiler, file: 'go', args: ['build', '-compiler', 'gccgo', '-gccgoflags=-O2', '-o', 'prog', '.'], env };
  return { compiler, file: 'gccgo', args: ['-O2', '-o', 'prog', ...[...files].sort()], env };
}

/** The plan as one command line, for reports (environment first, as a shell would take it). */
export function describePlan(p: BuildPlan): string {
  const env = ['CGO_ENABLED', 'GOFLAGS'].filter((k) => k in p.env).map((k) => `${k}=${p.env[k]}`);
  return [...(p.file === 'go' ? env : []), p.file, ...p.args].join(' ');
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
export function toolchainInfo(compiler: GoCompiler, plan: BuildPlan): ToolchainInfo {
  const go = goVersion();
  const version = compiler === 'gc' ? (go ?? 'go: not installed') : (gccgoVersion() ?? 'gccgo: not installed');
  const { goos, goarch } = targetOf(compiler, go !== null);
  return {
    compiler,
    version,
    goCommand: compiler === 'gccgo' && plan.file === 'go' ? go : null,
    goos,
    goarch,
    gomaxprocs: null,
    runtimeVersion: null,
    goModGo: GO_MOD_GO,
    build: describePlan(plan),
    processStartMs: null,
  };
}
