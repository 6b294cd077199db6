// Which go binary each name means (go/resolve.ts), on machines made up for
// the purpose: a ResolveHost that answers `version`, `env GOROOT` and `dpkg
// -L` from a table and records every call, so the order of the candidates,
// the one call allowed to use the module proxy, and every "not installed"
// message are checked without the machine's own toolchains
// (harness/adapters/go.test.ts checks the real ones).

import { describe, expect, it } from 'vitest';
import type { ResolveHost } from './resolve.ts';
import { compareLanguages, GO_RELEASES, parseGoVersion, resolveGoPath, resolveMachineGo, resolveRelease } from './resolve.ts';

interface FakeBin {
  /** What `version` prints; absent: it fails as a program that is no go would. */
  readonly version?: string;
  readonly goroot?: string;
}

interface FakeMachine {
  readonly path: string;
  readonly bins: Readonly<Record<string, FakeBin>>;
  /** `dpkg -L PACKAGE` listings (dpkg is missing when absent). */
  readonly dpkg?: Readonly<Record<string, readonly string[]>>;
  /** The GOROOT each GOTOOLCHAIN=goX.Y.Z switch leads to (it fails, as without network, when absent). */
  readonly toolchains?: Readonly<Record<string, string>>;
}

type Call = { file: string; args: readonly string[]; toolchain: string };

function fakeHost(m: FakeMachine): ResolveHost & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    path: m.path,
    calls,
    executable: (file) => Object.hasOwn(m.bins, file),
    run(file, args, o = {}) {
      const toolchain = o.toolchain ?? 'local';
      calls.push({ file, args, toolchain });
      if (file === 'dpkg') {
        const listed = m.dpkg?.[args[1] ?? ''];
        return listed ? { ok: true, out: listed.join('\n') } : { ok: false, err: `dpkg-query: package '${args[1]}' is not installed` };
      }
      const bin = m.bins[file];
      if (bin === undefined) return { ok: false, err: 'ENOENT' };
      if (toolchain !== 'local') {
        const root = m.toolchains?.[toolchain];
        return root ? { ok: true, out: root } : { ok: false, err: `go: downloading ${toolchain} (linux/amd64)\ngo: download ${toolchain}: dial tcp: lookup proxy.golang.org: no such host` };
      }
      if (bin.version === undefined) return { ok: false, err: `${file}: unknown command "${args[0]}"` };
      if (args[0] === 'version') return { ok: true, out: bin.version };
      if (args[0] === 'env' && args[1] === 'GOROOT') return { ok: true, out: bin.goroot ?? '' };
      return { ok: false, err: 'unexpected call' };
    },
  };
}

const GO126 = { version: 'go version go1.26.8 linux/amd64', goroot: '/usr/local/go' };
const GO119 = { version: 'go version go1.19.8 linux/amd64', goroot: '/usr/lib/go-1.19' };
const GO127 = { version: 'go version go1.27.3 linux/amd64', goroot: '/cache/toolchain@v0.0.1-go1.27.3.linux-amd64' };

describe('reading `go version`', () => {
  it.each([
    ['go version go1.26.8 linux/amd64', { release: 'go1.26.8', language: '1.26' }],
    ['go version go1.26 linux/amd64', { release: 'go1.26', language: '1.26' }],
    ['go version go1.23rc1 linux/amd64', { release: 'go1.23rc1', language: '1.23' }],
    ['go version unknown linux/amd64', null],
    ['hello', null],
  ] as const)('%s', (line, want) => {
    expect(parseGoVersion(line)).toEqual(want);
  });

  it('compares language versions as numbers: 1.9 < 1.19 < 1.26', () => {
    expect(compareLanguages('1.9', '1.19')).toBeLessThan(0);
    expect(compareLanguages('1.26', '1.19')).toBeGreaterThan(0);
    expect(compareLanguages('1.22', '1.22')).toBe(0);
  });
});

describe('--impl go: the machine\'s go', () => {
  it('is the first go on the PATH, relative PATH entries ignored', () => {
    // Arrange
    const host = fakeHost({ path: 'bin:/usr/local/go/bin:/usr/bin', bins: { 'bin/go': GO119, '/usr/local/go/bin/go': GO126, '/usr/bin/go': GO119 } });
    // Act
    const r = resolveMachineGo(host);
    // Assert
    expect(r).toEqual({ ok: true, go: { path: '/usr/local/go/bin/go', version: GO126.version, release: 'go1.26.8', language: '1.26', goroot: '/usr/local/go', via: 'go on the PATH' } });
    expect(host.calls.every((c) => c.toolchain === 'local')).toBe(true);
  });

  it('is missing without a go on the PATH, with how to install one', () => {
    expect(resolveMachineGo(fakeHost({ path: '/usr/bin', bins: {} }))).toEqual({ ok: false, why: expect.stringMatching(/^the go command is not installed \(on Debian\/Ubuntu: apt-get install golang-go/) });
  });
});

describe('--impl go@1.N: a Go release', () => {
  it('1.19: a go on the PATH of that release comes first, even behind another go', () => {
    const host = fakeHost({ path: '/usr/local/go/bin:/usr/bin', bins: { '/usr/local/go/bin/go': GO126, '/usr/bin/go': GO119, '/usr/lib/go-1.19/bin/go': GO119 } });
    const r = resolveRelease(host, '1.19');
    expect(r.ok && [r.go.path, r.go.via]).toEqual(['/usr/bin/go', 'go on the PATH']);
  });

  it("1.19: Debian's /usr/lib/go-1.19/bin/go, which is on no PATH", () => {
    const host = fakeHost({ path: '/usr/local/go/bin', bins: { '/usr/local/go/bin/go': GO126, '/usr/lib/go-1.19/bin/go': GO119 } });
    const r = resolveRelease(host, '1.19');
    expect(r.ok && [r.go.path, r.go.release, r.go.goroot, r.go.via]).toEqual(['/usr/lib/go-1.19/bin/go', 'go1.19.8', '/usr/lib/go-1.19', 'golang-1.19-go']);
  });

  it('1.19: where `dpkg -L golang-1.19-go` says its bin/go is, when Debian put it elsewhere', () => {
    const host = fakeHost({
      path: '/usr/local/go/bin',
      bins: { '/usr/local/go/bin/go': GO126, '/opt/debian/go-1.19/bin/go': GO119, '/opt/debian/go-1.19/bin/gofmt': {} },
      dpkg: { 'golang-1.19-go': ['/opt/debian/go-1.19', '/opt/debian/go-1.19/bin/gofmt', '/opt/debian/go-1.19/bin/go'] },
    });
    const r = resolveRelease(host, '1.19');
    expect(r.ok && r.go.path).toBe('/opt/debian/go-1.19/bin/go');
  });

  it('1.19 missing: says what it looked at and how to install it', () => {
    const host = fakeHost({ path: '/usr/local/go/bin', bins: { '/usr/local/go/bin/go': GO126 } });
    expect(resolveRelease(host, '1.19')).toEqual({
      ok: false,
      why: 'Go 1.19 is not installed (looked at: /usr/local/go/bin/go is go1.26.8); on Debian/Ubuntu: apt-get install golang-1.19-go (it installs /usr/lib/go-1.19/bin/go)',
    });
  });

  it('1.26: the go on the PATH, when it is 1.26; never fetched', () => {
    const host = fakeHost({ path: '/usr/local/go/bin', bins: { '/usr/local/go/bin/go': GO126 }, toolchains: { 'go1.26.8': '/elsewhere' } });
    const r = resolveRelease(host, '1.26');
    expect(r.ok && r.go.path).toBe('/usr/local/go/bin/go');
    expect(host.calls.filter((c) => c.toolchain !== 'local')).toEqual([]);
    expect(resolveRelease(fakeHost({ path: '/usr/bin', bins: { '/usr/bin/go': GO119 } }), '1.26')).toMatchObject({ ok: false, why: expect.stringMatching(/^Go 1\.26 is not installed \(looked at: \/usr\/bin\/go is go1\.19\.8\); install Go 1\.26/) });
  });

  it('1.27: through GOTOOLCHAIN=go1.27.3, the only call that may use the module proxy, then <GOROOT>/bin/go', () => {
    // Arrange: go 1.26 on the PATH; the switch leads to the module cache
    const bins = { '/usr/local/go/bin/go': GO126, [`${GO127.goroot}/bin/go`]: GO127 };
    const host = fakeHost({ path: '/usr/local/go/bin', bins, toolchains: { 'go1.27.3': GO127.goroot } });
    // Act
    const r = resolveRelease(host, '1.27');
    // Assert
    expect(r.ok && [r.go.path, r.go.release, r.go.via]).toEqual([`${GO127.goroot}/bin/go`, 'go1.27.3', 'GOTOOLCHAIN=go1.27.3']);
    expect(host.calls.filter((c) => c.toolchain !== 'local')).toEqual([{ file: '/usr/local/go/bin/go', args: ['env', 'GOROOT'], toolchain: 'go1.27.3' }]);
    // and the toolchain found is then asked with GOTOOLCHAIN=local, like every other candidate
    expect(host.calls.filter((c) => c.file === `${GO127.goroot}/bin/go`).map((c) => c.toolchain)).toEqual(['local', 'local']);
  });

  it('1.27 missing (no network): the go command\'s words and how to get it', () => {
    const host = fakeHost({ path: '/usr/local/go/bin', bins: { '/usr/local/go/bin/go': GO126 } });
    const r = resolveRelease(host, '1.27');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.why).toMatch(/^Go 1\.27 is not installed \(looked at: \/usr\/local\/go\/bin\/go is go1\.26\.8; GOTOOLCHAIN=go1\.27\.3 \/usr\/local\/go\/bin\/go env GOROOT failed: go: downloading go1\.27\.3 [^]*no such host\); GOTOOLCHAIN=go1\.27\.3 go version fetches it/);
  });

  it('a release gospec does not name is refused, naming those it does', () => {
    expect(resolveRelease(fakeHost({ path: '', bins: {} }), '1.99')).toEqual({ ok: false, why: `gospec knows no Go 1.99; it names ${Object.keys(GO_RELEASES).map((l) => `go@${l}`).join(', ')} (any other go binary: --impl go --go PATH)` });
  });
});

describe('--go PATH', () => {
  const host = fakeHost({ path: '', bins: { '/work/tools/go': GO119, '/work/notes': {} } });

  it('is resolved against the working directory and asked its version', () => {
    const r = resolveGoPath(host, 'tools/go', '/work');
    expect(r.ok && [r.go.path, r.go.release, r.go.via]).toEqual(['/work/tools/go', 'go1.19.8', '--go']);
  });

  it('must be an executable that is a gc go command, of the release named with go@1.N', () => {
    expect(resolveGoPath(host, 'missing', '/work')).toEqual({ ok: false, why: '--go missing: /work/missing is not an executable file' });
    expect(resolveGoPath(host, 'notes', '/work')).toEqual({ ok: false, why: '--go notes: it is not a go command (`/work/notes version` failed: /work/notes: unknown command "version")' });
    expect(resolveGoPath(host, '/work/tools/go', '/', '1.26')).toEqual({ ok: false, why: '--go /work/tools/go: it is go1.19.8, not Go 1.26' });
    expect(resolveGoPath(host, '', '/work')).toMatchObject({ ok: false });
  });
});
