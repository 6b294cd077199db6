// The toolchain's pure parts (go/toolchain.ts): the go line written, the
// language each toolchain implements, the skip of a case newer than it, and
// the build plan running the resolved binary, hermetically.

import { describe, expect, it } from 'vitest';
import type { GoCommand } from './resolve.ts';
import type { Toolchain } from './toolchain.ts';
import type { Scenario } from '../../../model/ir.ts';
import { buildPlan, describePlan, gccgoLanguage, goMod, newerThanToolchain, timersUnlike } from './toolchain.ts';

const go119: GoCommand = { path: '/usr/lib/go-1.19/bin/go', version: 'go version go1.19.8 linux/amd64', release: 'go1.19.8', language: '1.19', goroot: '/usr/lib/go-1.19', via: 'golang-1.19-go' };
const gc119: Toolchain = { compiler: 'gc', go: go119, gccgo: null, language: '1.19' };
const gccgo12: Toolchain = { compiler: 'gccgo', go: null, gccgo: 'gccgo (Debian 12.2.0-14+deb12u1) 12.2.0', language: '1.18' };

describe('the go line', () => {
  it('is written into the generated module as given', () => {
    expect(goMod('1.22')).toBe('module gospecrun\n\ngo 1.22\n');
  });

  it("gccgo's language is its libgo's, by GCC major (GCC 12: Go 1.18)", () => {
    expect(gccgoLanguage('gccgo (Debian 12.2.0-14+deb12u1) 12.2.0')).toBe('1.18');
    expect(gccgoLanguage('gccgo (GCC) 11.4.0')).toBe('1.16');
  });

  it('a case newer than the toolchain is refused with the reason; the same or older is not', () => {
    expect(newerThanToolchain('1.19', gc119)).toBeNull();
    expect(newerThanToolchain('1.9', gc119)).toBeNull();
    expect(newerThanToolchain('1.23', gc119)).toBe('goVersion 1.23 is newer than go1.19.8 (language 1.19): a go 1.23 line needs a newer toolchain, and the case is not run under a wrong one');
    expect(newerThanToolchain('1.19', gccgo12)).toBe('goVersion 1.19 is newer than gccgo 12.2.0 (language 1.18): a go 1.19 line needs a newer toolchain, and the case is not run under a wrong one');
  });
});

describe('timer semantics by toolchain', () => {
  const go127: GoCommand = { ...go119, path: '/x/go1.27.3/bin/go', version: 'go version go1.27.3 linux/amd64', release: 'go1.27.3', language: '1.27' };
  const gc127: Toolchain = { compiler: 'gc', go: go127, gccgo: null, language: '1.27' };
  const withTimer = (goVersion: string): Scenario => ({ name: 't', goVersion, objects: { t: { kind: 'timer', ns: 1 } }, main: [] });

  it('Go 1.27 skips a timer case written for the old asynchronous channels; older toolchains, later go lines and cases without timers run', () => {
    expect(timersUnlike(withTimer('1.18'), gc127)).toBe("the case's timers follow go 1.18's asynchronous timer channels, which go1.27.3 no longer has (Go 1.27 removed GODEBUG asynctimerchan: timer channels are synchronous whatever the go line)");
    expect(timersUnlike(withTimer('1.23'), gc127)).toBeNull();
    expect(timersUnlike(withTimer('1.18'), gc119)).toBeNull();
    expect(timersUnlike(withTimer('1.18'), gccgo12)).toBeNull();
    expect(timersUnlike({ name: 'n', goVersion: '1.18', main: [] }, gc127)).toBeNull();
  });
});

describe('the build plan', () => {
  it('runs the resolved binary by its path, with its GOROOT, no toolchain switch and no proxy', () => {
    const p = buildPlan(gc119, '/tmp/d', ['main.go'], false, '/tmp/cache');
    expect([p.file, ...p.args]).toEqual(['/usr/lib/go-1.19/bin/go', 'build', '-o', 'prog', '.']);
    expect(p.env).toMatchObject({ GOROOT: '/usr/lib/go-1.19', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOCACHE: '/tmp/cache', CGO_ENABLED: '0' });
    expect(describePlan(p)).toBe('CGO_ENABLED=0 GOFLAGS=-mod=mod /usr/lib/go-1.19/bin/go build -o prog .');
    expect(buildPlan(gc119, '/tmp/d', [], true).env.CGO_ENABLED).toBe('1');
  });

  it('gccgo without a go command is gccgo itself, on the sorted files', () => {
    const p = buildPlan(gccgo12, '/tmp/d', ['z.go', 'a.go']);
    expect(describePlan(p)).toBe('gccgo -O2 -o prog a.go z.go');
    expect(() => buildPlan(gccgo12, '/tmp/d', [], true)).toThrow('supported only with the gc toolchain');
  });
});
