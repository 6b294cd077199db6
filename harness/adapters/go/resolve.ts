// Which go binary a name means: `--impl go` (the machine's go), `--impl
// go@1.19`, `go@1.26`, `go@1.27` (a Go release), and `--go PATH` (any go
// binary). Each name is resolved once, to one absolute path whose `go
// version` was read; the build then runs that binary and nothing else
// (toolchain.ts), so the report's version is the version that built.
//
// A release is looked for, in this order, and the first candidate whose
// `go version` names that release wins:
//   1. every `go` on the PATH, in PATH order (a machine may have several:
//      /usr/local/go/bin before Debian's /usr/bin/go);
//   2. `go1.N` on the PATH (golang.org/dl's wrappers are named so);
//   3. Debian's directory for it, /usr/lib/go-1.N/bin/go (package
//      golang-1.N-go, which puts nothing on the PATH);
//   4. what `dpkg -L golang-1.N-go` lists as its bin/go, for a Debian that
//      installs it elsewhere;
//   5. for a release pinned to a toolchain (1.27 → go1.27.3): the go
//      command's own toolchain switch, `GOTOOLCHAIN=go1.27.3 go env GOROOT`
//      (Go 1.21 and later fetch that toolchain from the module proxy into
//      the module cache, or find it there), then <GOROOT>/bin/go. This is
//      the only step that may use the network; builds never do
//      (toolchain.ts buildEnv: GOPROXY=off, GOTOOLCHAIN=local).
//
// Every probe runs the candidate with GOTOOLCHAIN=local, no GOROOT from our
// environment and the temp directory as its working directory: a go 1.21+
// binary would otherwise switch itself to whatever toolchain a go.mod or
// go.work around the working directory asks for, and report that one.
//
// The probes go through a ResolveHost, so tests can give a machine of their
// own (resolve.test.ts); the real host runs execFileSync with an argument
// array, never a shell.

import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** A go binary, found and asked its version. */
export interface GoCommand {
  /** The binary, absolute. */
  readonly path: string;
  /** `go version`'s line as it printed it: `go version go1.26.8 linux/amd64`. */
  readonly version: string;
  /** `go1.26.8`. */
  readonly release: string;
  /** The language version it implements, its default go line: `1.26`. */
  readonly language: string;
  /** Its GOROOT, as `go env GOROOT` says (the build sets it, so no GOROOT of ours leaks in). */
  readonly goroot: string;
  /** How it was found, for reports: `go on the PATH`, `golang-1.19-go`, `GOTOOLCHAIN=go1.27.3`, `--go`. */
  readonly via: string;
}

export type GoResolution = { readonly ok: true; readonly go: GoCommand } | { readonly ok: false; readonly why: string };

/** A Go release gospec can name (`--impl go@1.N`), and how to get it when it is missing. */
export interface GoRelease {
  /** Debian's package of it (installed under /usr/lib/go-1.N). */
  readonly debian?: string;
  /** The toolchain the go command's GOTOOLCHAIN switch fetches for it. */
  readonly toolchain?: string;
  /** How to install it, for the usage error. */
  readonly install: string;
}

/**
 * The releases `--impl go@1.N` names: the ones this project's machines can
 * have (Debian 12's golang-1.19-go, the preinstalled 1.26, 1.27 through
 * GOTOOLCHAIN). Another go binary is `--impl go --go PATH`.
 */
export const GO_RELEASES: Readonly<Record<string, GoRelease>> = {
  '1.19': { debian: 'golang-1.19-go', install: 'on Debian/Ubuntu: apt-get install golang-1.19-go (it installs /usr/lib/go-1.19/bin/go)' },
  '1.26': { install: 'install Go 1.26 (https://go.dev/dl/) so that it is a go on the PATH, or name its binary with --impl go --go PATH' },
  '1.27': {
    toolchain: 'go1.27.3',
    install: 'GOTOOLCHAIN=go1.27.3 go version fetches it into the module cache; that needs a go 1.21 or later on the PATH and the Go module proxy (network access, GOPROXY not off)',
  },
};

/** What resolution may do on the machine: the real one, or a test's. */
export interface ResolveHost {
  /** The PATH searched for `go`. */
  readonly path: string;
  /** Whether `file` is an executable regular file. */
  executable(file: string): boolean;
  /**
   * Runs `file args` with GOTOOLCHAIN set to `toolchain` (default `local`),
   * no GOROOT, in the temp directory; its stdout trimmed, or its error
   * (stderr's first lines, or why it did not start).
   */
  run(file: string, args: readonly string[], opts?: { toolchain?: string; timeoutMs?: number }): { ok: true; out: string } | { ok: false; err: string };
}

/** The machine itself. */
export const machineHost = (): ResolveHost => ({
  path: process.env.PATH ?? '',
  executable(file) {
    try {
      if (!statSync(file).isFile()) return false;
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  run(file, args, opts = {}) {
    const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: opts.toolchain ?? 'local' };
    delete env.GOROOT;
    try {
      const out = execFileSync(file, [...args], { encoding: 'utf8', cwd: tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'], timeout: opts.timeoutMs ?? 20_000 });
      return { ok: true, out: out.trim() };
    } catch (e) {
      const err = e as { stderr?: string; code?: string; message?: string; signal?: string };
      const said = (err.stderr ?? '').trim().split('\n').slice(0, 4).join('\n');
      return { ok: false, err: said || (err.signal ? `killed by ${err.signal}` : (err.code ?? err.message ?? 'failed')) };
    }
  },
});

/** `go version go1.26.8 linux/amd64` → go1.26.8 and 1.26; null for a line that names no gc release (gccgo's go command says `go version unknown`). */
export function parseGoVersion(line: string): { release: string; language: string } | null {
  const m = /^go version (go(1\.\d+)(?:\.\d+|rc\d+|beta\d+)?)\b/.exec(line.trim());
  return m ? { release: m[1]!, language: m[2]! } : null;
}

/** "1.9" < "1.19" < "1.26": language versions compared as numbers. */
export function compareLanguages(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** Every executable named `name` in the PATH's directories, in order, each once. */
function onPath(host: ResolveHost, name: string): string[] {
  const found: string[] = [];
  for (const dir of host.path.split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue; // a relative PATH entry would depend on our working directory
    const file = join(dir, name);
    if (!found.includes(file) && host.executable(file)) found.push(file);
  }
  return found;
}

/** Asks one binary what it is; why not, when it is no gc go command. */
export function probeGo(host: ResolveHost, path: string, via: string): GoResolution {
  const v = host.run(path, ['version']);
  if (!v.ok) return { ok: false, why: `${path} is not a go command (\`${path} version\` failed: ${v.err})` };
  const parsed = parseGoVersion(v.out);
  if (parsed === null) return { ok: false, why: `${path} is not a gc go command (\`${path} version\` printed ${JSON.stringify(v.out.split('\n')[0] ?? '')})` };
  const root = host.run(path, ['env', 'GOROOT']);
  if (!root.ok || root.out === '') return { ok: false, why: `${path} env GOROOT failed: ${root.ok ? 'it printed nothing' : root.err}` };
  return { ok: true, go: { path, version: v.out.split('\n')[0]!, ...parsed, goroot: root.out, via } };
}

/** The machine's `go`: the first on the PATH (what a shell would run). */
export function resolveMachineGo(host: ResolveHost): GoResolution {
  const [first] = onPath(host, 'go');
  if (first === undefined) return { ok: false, why: 'the go command is not installed (on Debian/Ubuntu: apt-get install golang-go; or see https://go.dev/doc/install)' };
  return probeGo(host, first, 'go on the PATH');
}

/** A named release (`go@1.19`): the candidates in the file header's order, the first of that release. */
export function resolveRelease(host: ResolveHost, language: string): GoResolution {
  const rel = GO_RELEASES[language];
  if (rel === undefined) return { ok: false, why: `gospec knows no Go ${language}; it names ${Object.keys(GO_RELEASES).map((l) => `go@${l}`).join(', ')} (any other go binary: --impl go --go PATH)` };
  const seen: string[] = [];
  const tried: string[] = [];
  const tryOne = (path: string, via: string): GoCommand | null => {
    if (seen.includes(path)) return null;
    seen.push(path);
    const r = probeGo(host, path, via);
    if (r.ok && r.go.language === language) return r.go;
    tried.push(r.ok ? `${path} is ${r.go.release}` : r.why);
    return null;
  };
  const candidates: [string, string][] = [
    ...onPath(host, 'go').map((p): [string, string] => [p, 'go on the PATH']),
    ...onPath(host, `go${language}`).map((p): [string, string] => [p, `go${language} on the PATH`]),
  ];
  if (rel.debian) {
    const dir = `/usr/lib/go-${language}/bin/go`;
    if (host.executable(dir)) candidates.push([dir, rel.debian]);
    const listed = host.run('dpkg', ['-L', rel.debian]);
    if (listed.ok) {
      for (const line of listed.out.split('\n').map((l) => l.trim())) {
        if (line.endsWith('/bin/go') && host.executable(line)) candidates.push([line, rel.debian]);
      }
    }
  }
  for (const [path, via] of candidates) {
    const go = tryOne(path, via);
    if (go) return { ok: true, go };
  }
  if (rel.toolchain) {
    const launcher = onPath(host, 'go')[0];
    if (launcher === undefined) tried.push(`no go on the PATH to fetch ${rel.toolchain} with`);
    else {
      // The one step allowed to reach the module proxy: the go command fetches (or finds in its cache) the pinned toolchain.
      const root = host.run(launcher, ['env', 'GOROOT'], { toolchain: rel.toolchain, timeoutMs: 300_000 });
      if (!root.ok) tried.push(`GOTOOLCHAIN=${rel.toolchain} ${launcher} env GOROOT failed: ${root.err}`);
      else {
        const go = tryOne(join(root.out, 'bin', 'go'), `GOTOOLCHAIN=${rel.toolchain}`);
        if (go) return { ok: true, go };
      }
    }
  }
  const found = tried.length > 0 ? ` (looked at: ${tried.join('; ')})` : '';
  return { ok: false, why: `Go ${language} is not installed${found}; ${rel.install}` };
}

/**
 * `--go PATH`: the binary given, relative to `cwd`, that must be a gc go
 * command (and, with `language`, of that release: `--impl go@1.19 --go
 * /opt/go1.19/bin/go`).
 */
export function resolveGoPath(host: ResolveHost, given: string, cwd: string, language?: string): GoResolution {
  if (given === '') return { ok: false, why: '--go: expected the path of a go binary, got an empty string' };
  const path = resolve(cwd, given);
  if (!host.executable(path)) return { ok: false, why: `--go ${given}: ${path} is not an executable file` };
  const r = probeGo(host, path, '--go');
  if (!r.ok) return { ok: false, why: `--go ${given}: ${r.why.startsWith(path) ? `it${r.why.slice(path.length)}` : r.why}` };
  if (language !== undefined && r.go.language !== language) return { ok: false, why: `--go ${given}: it is ${r.go.release}, not Go ${language}` };
  return r;
}

/**
 * Resolutions made once per name for the life of the process (a toolchain
 * does not change under a run; asking again would cost a process or two
 * each time, and for 1.27 perhaps a download).
 */
const cache = new Map<string, GoResolution>();

/**
 * On this machine: `go` (the machine's), `go@1.N`, or `--go PATH` (with the
 * release it must be), resolved once per name and PATH.
 */
export function resolveGo(spec: { readonly release?: string; readonly path?: string; readonly cwd?: string } = {}): GoResolution {
  const host = machineHost();
  const key = JSON.stringify([spec.release ?? null, spec.path === undefined ? null : resolve(spec.cwd ?? process.cwd(), spec.path), host.path]);
  let r = cache.get(key);
  if (r === undefined) {
    r = spec.path !== undefined
      ? resolveGoPath(host, spec.path, spec.cwd ?? process.cwd(), spec.release)
      : spec.release !== undefined ? resolveRelease(host, spec.release) : resolveMachineGo(host);
    cache.set(key, r);
  }
  return r;
}
