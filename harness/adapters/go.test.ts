// The Go adapter (`--impl go`, `--impl gccgo`), tested against real Go.
//
// Five parts:
//   1. a hand-written stand-in for the generated program (go/testdata/fake.go)
//      that misbehaves on purpose — hangs, crashes, prints garbage, babbles,
//      miscounts — so each failure of an IUT is shown to be reported plainly
//      while the run goes on; plus build failures, unsupported cases and
//      the temp directory's removal;
//   2. the code generator's programs on a handful of corpus cases (a
//      rendezvous, a select with two ready cases, close racing a send, a
//      deadlock, a panic, a leak, a mutex, sync's fatal error): every
//      observed outcome is allowed, and a
//      deliberately wrong program (the generator's `lifo-buffer` variant) is
//      caught with the forbidden outcome named;
//   3. the whole corpus with gc (the machine's go, Go 1.26 on CI), and with
//      gccgo when it is installed: no forbidden outcome (50 runs a case, to
//      stay within a few minutes on two cores); and a slice of it (every
//      CORPUS_119_STRIDE-th case, and corpus/leak) on Go 1.19 when Debian's
//      golang-1.19-go is installed;
//   4. the batched litmus path (litmus7's method), with gc: SB on plain
//      words shows its weak outcome in 20 000 iterations (it shows in
//      ~10-30 % of them, so the bound never flakes), Scenario.final reads,
//      and a thread spinning for ever reported as may-not-terminate;
//   5. timers, with gc: a timer stopped before its deadline never fires and
//      a time.After timeout wins, and a goroutine left waiting on a timer
//      that will fire is not called leaked.
// Also: which go binary each --impl name means (go/resolve.ts, on the real
// machine; resolve.test.ts has a machine of its own), the usage errors, and
// the go line (Scenario.goVersion) as written and as a skip.
// Without the go command everything here is skipped, and says so; CI
// installs Go (.ci/run).

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../model/ir.ts';
import { explore } from '../../model/explore/oracle.ts';
import { describeOutcome } from '../../model/outcome.ts';
import type { CaseResult, CheckOptions } from '../check.ts';
import { checkCase, describeAdapterError } from '../check.ts';
import type { Io } from '../cli.ts';
import { main } from '../cli.ts';
import type { JsonCheckReport } from '../report/json.ts';
import { loadCases } from '../load.ts';
import type { Adapter } from './adapter.ts';
import type { Generate, GoAdapterOptions } from './go.ts';
import { caseIdFor, makeGoAdapter } from './go.ts';
import { isDeadlockReport, parseBatch, parseOutcome, ProtocolError, syncFatalReport } from './go/protocol.ts';
import { gccgoVersion } from './go/toolchain.ts';
import type { GoCommand } from './go/resolve.ts';
import { resolveGo } from './go/resolve.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(HERE, '..', '..', 'corpus');
const SEED = 20261125;

const found = (r: ReturnType<typeof resolveGo>): GoCommand | null => (r.ok ? r.go : null);
/** The machine's go (the default of --impl go), and Debian's Go 1.19. */
const GO = found(resolveGo());
const GO119 = found(resolveGo({ release: '1.19' }));
const GCCGO = gccgoVersion();
if (GO === null) console.warn('harness/adapters/go.test.ts: the go command is not installed, so the Go adapter tests are skipped (apt-get install golang-go)');
if (GO119 === null) console.warn(`harness/adapters/go.test.ts: Go 1.19 is not installed, so the go@1.19 corpus slice is skipped (${(resolveGo({ release: '1.19' }) as { why: string }).why})`);
if (GCCGO === null) console.warn('harness/adapters/go.test.ts: gccgo is not installed, so the gccgo corpus run is skipped (apt-get install gccgo)');
/** `/usr/local/go/bin/go build -o prog .`, as a report prints the build (GO is known where it is used). */
const goBuild = (): string => `CGO_ENABLED=0 GOFLAGS=-mod=mod ${GO!.path} build -o prog .`;
const escapeRe = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------
// Scenarios built in code

/** A goroutine sends 7 on an unbuffered channel; main receives it: one outcome, v=7. */
function rendezvous(name: string): Scenario {
  return {
    name,
    objects: { c: { kind: 'chan', cap: 0 } },
    main: [
      { go: { name: 'sender', body: [{ send: { chan: 'c', value: 7 } }] } },
      { recv: { chan: 'c', into: 'v' } },
      { observe: { v: { reg: 'v' } } },
    ],
  };
}

/** main receives from a channel nobody sends on: the one outcome is a deadlock. */
function stuck(name: string): Scenario {
  return { name, objects: { c: { kind: 'chan', cap: 0 } }, main: [{ recv: { chan: 'c', into: 'v' } }] };
}

/**
 * The stand-in generator: fake.go plus a table naming what each case does,
 * taken from the scenario's name (`fake-hang` hangs…). A case named
 * `fake-unsupported` is declared unsupported, as the real generator does
 * with a statement it cannot translate.
 */
const fakeGenerate: Generate = (cases) => {
  const rows = cases
    .filter((c) => c.scenario.name !== 'fake-unsupported')
    .map((c) => `\t${JSON.stringify(c.id)}: ${JSON.stringify(c.scenario.name.replace(/^fake-/, ''))},`);
  return {
    files: {
      'main.go': readFileSync(join(HERE, 'go', 'testdata', 'fake.go'), 'utf8'),
      'cases.go': `package main\n\nvar behaviour = map[string]string{\n${rows.join('\n')}\n}\n`,
    },
    unsupported: cases.filter((c) => c.scenario.name === 'fake-unsupported').map((c) => ({ id: c.id, reason: 'the fake has no translation for it' })),
  };
};

function fakeAdapter(o: Partial<GoAdapterOptions> = {}): Adapter {
  return makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc', name: 'go-fake', generate: fakeGenerate, perRunTimeoutMs: 300, ...o });
}

const disposeLater: Adapter[] = [];
/** One Go build cache for every adapter here: each would otherwise compile the standard library again (~10 s with Go 1.26). */
const BUILD_CACHE = mkdtempSync(join(tmpdir(), 'gospec-test-gocache-'));
afterAll(async () => {
  for (const a of disposeLater) await a.dispose?.();
  rmSync(BUILD_CACHE, { recursive: true, force: true });
}, 60_000);

function check(adapter: Adapter, s: Scenario, o: Partial<CheckOptions> = {}): Promise<CaseResult> {
  return checkCase(`${s.name}.yaml`, s, { adapter, seed: SEED, runs: 20, timeoutMs: 20_000, ...o });
}

function errorText(r: CaseResult): string {
  return (r.verdict?.errors ?? []).map(describeAdapterError).join('\n');
}

describe('reading what a generated program prints (go/protocol.ts)', () => {
  it('reads outcomes into the canonical model form: goroutine lists sorted, absent when empty', () => {
    expect(parseOutcome({ end: 'ok', obs: { v: [1, true] }, leaked: ['w', 'a'] })).toEqual({ end: 'ok', obs: { v: [1, true] }, leaked: ['a', 'w'] });
    expect(parseOutcome({ end: 'ok', obs: {}, parked: ['w'], leaked: ['w'], spinning: ['s', 'a'] })).toEqual({ end: 'ok', obs: {}, parked: ['w'], leaked: ['w'], spinning: ['a', 's'] });
    expect(parseOutcome({ end: 'ok', obs: {} })).toEqual({ end: 'ok', obs: {} });
    expect(parseOutcome({ end: 'panic', message: 'close of nil channel', goroutine: 'main' })).toEqual({ end: 'panic', obs: {}, panic: { message: 'close of nil channel', goroutine: 'main' } });
    expect(parseOutcome({ end: 'may-not-terminate' })).toEqual({ end: 'may-not-terminate', obs: {} });
  });

  it('names the field that breaks the protocol', () => {
    expect(() => parseOutcome({ end: 'exploded' })).toThrow('outcome.end: expected ok, panic, deadlock or may-not-terminate, got "exploded"');
    expect(() => parseOutcome({ end: 'ok', obs: { v: ['x'] } })).toThrow('outcome.obs.v: observed values are ints or bools, got "x"');
    expect(() => parseOutcome({ end: 'panic', goroutine: 'main' })).toThrow("outcome.message: a panic outcome needs `message` (Go's panic message)");
    expect(() => parseOutcome({ end: 'fatal', message: 'sync: unlock of unlocked mutex' })).toThrow(ProtocolError);
    expect(() => parseBatch('{"case":"a-0","runs":2,"histogram":[],"errors":[]}', 'a-1', 2)).toThrow('report.case: expected "a-1", got "a-0"');
    expect(() => parseBatch('{"case":"a-0","runs":2,"histogram":[]}\n{}', 'a-0', 2)).toThrow('printed 2 lines on stdout');
  });

  it("reads a batch's measured durations, and names a bad one", () => {
    const meta = '"meta":{"goVersion":"go1.26","goos":"linux","goarch":"amd64","gomaxprocs":2,"compiler":"gc"}';
    const ok = `{"case":"a-0","runs":1,"histogram":[{"outcome":{"end":"ok","obs":{}},"count":1,"firstRun":0}],"errors":[],${meta},"measures":{"wait":[1200000,35]}}`;
    expect(parseBatch(ok, 'a-0', 1).measures).toEqual({ wait: [1200000, 35] });
    expect(() => parseBatch(ok.replace('[1200000,35]', '[-1]'), 'a-0', 1)).toThrow('report.measures.wait: expected a list of durations in ns, got [-1]');
  });

  it("recognises Go's deadlock report on stderr", () => {
    expect(isDeadlockReport('fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n')).toBe(true);
    expect(isDeadlockReport('panic: all goroutines are asleep - deadlock!\n')).toBe(false);
  });

  it("recognises sync's fatal errors on stderr, and only those", () => {
    expect(syncFatalReport('fatal error: sync: unlock of unlocked mutex\n\ngoroutine 1 [running]:\nsync.fatal(...)\n')).toBe('sync: unlock of unlocked mutex');
    expect(syncFatalReport('fatal error: sync: RUnlock of unlocked RWMutex\n')).toBe('sync: RUnlock of unlocked RWMutex');
    expect(syncFatalReport('fatal error: all goroutines are asleep - deadlock!\n')).toBeNull();
    expect(syncFatalReport('panic: sync: negative WaitGroup counter\n')).toBeNull();
  });
});

describe.skipIf(GO === null)(`the Go adapter on hand-written programs (seed ${SEED})`, () => {
  it('sanitizes case names into unique ids of [a-z0-9_-]', () => {
    expect(caseIdFor('close-races-send', 3)).toBe('close-races-send-3');
    expect(caseIdFor('MP+buffered1', 0)).toBe('mp_buffered1-0');
    expect(caseIdFor('"; rm -rf / #', 7)).toBe('rm_-rf-7');
    expect(caseIdFor('+++', 1)).toBe('case-1');
  });

  it('builds one program for the batch, runs a case in it, and passes an allowed outcome; reports the toolchain', async () => {
    // Arrange
    const adapter = fakeAdapter();
    disposeLater.push(adapter);
    const ok = rendezvous('fake-ok');
    const bad = rendezvous('fake-forbidden');
    await adapter.prepare!([ok, bad, stuck('fake-deadlock')]);
    // Act
    const r = await check(adapter, ok, { runs: 250 });
    // Assert: 250 runs (in chunks of at least 100 a process), all v=7
    expect(r.status, errorText(r)).toBe('pass');
    expect(r.observed?.runs).toBe(250);
    expect(r.observed?.histogram.map((h) => [describeOutcome(h.outcome), h.count])).toEqual([['v=7', 250]]);
    expect(r.observed?.histogram[0]?.example.note).toMatch(/^in-process run 0 of: prog -case fake-ok-0 -runs \d+ -seed \d+ -timeout \d+$/); // 300, or 4× a slow process start
    const t = adapter.toolchain!()!;
    expect(t).toMatchObject({ compiler: 'gc', goModGo: GO!.language, version: GO!.version, goBinary: GO!.path, caseGoLines: null, goos: process.platform === 'linux' ? 'linux' : expect.any(String) });
    expect(t.gomaxprocs).toBeGreaterThanOrEqual(1);
    expect(t.build).toBe(goBuild());
    expect(String(t.summary)).toContain(`go.mod go ${GO!.language},`);
  });

  it('names a forbidden outcome the program reports', async () => {
    const adapter = fakeAdapter();
    disposeLater.push(adapter);
    const r = await check(adapter, rendezvous('fake-forbidden'));
    expect(r.status).toBe('forbidden');
    expect(r.verdict?.forbidden.map((f) => [describeOutcome(f.outcome), f.count])).toEqual([['v=8', 20]]);
  });

  it("reads Go's own deadlock report in single-process mode, chosen because the model allows a deadlock", async () => {
    const adapter = fakeAdapter();
    disposeLater.push(adapter);
    const r = await check(adapter, stuck('fake-deadlock'), { runs: 6 });
    expect(r.status, errorText(r)).toBe('pass');
    expect(r.observed?.histogram.map((h) => [h.key, h.count])).toEqual([['deadlock', 6]]);
    expect(r.observed?.histogram[0]?.example.note).toMatch(/-single -seed \d+: Go reported the deadlock; single-process mode/);
  });

  it('kills a program that hangs past the budget, says how far it got, and the run goes on', async () => {
    // Arrange: a budget of 1.5 s; the hanging program is killed then
    const adapter = fakeAdapter();
    disposeLater.push(adapter);
    // Act
    const hung = await check(adapter, rendezvous('fake-hang'), { timeoutMs: 1500 });
    const after = await check(adapter, rendezvous('fake-ok'));
    // Assert (how long it took is bench's to measure, not a test's)
    expect(hung.status).toBe('error');
    expect(errorText(hung)).toMatch(/^timed out: stopped after 0 of 20 runs: the 1500 ms budget ran out while prog -case fake-hang-\d+ -runs 20 .* was running \(killed\)$/);
    expect(after.status, errorText(after)).toBe('pass');
  });

  it('counts a run that outlives its per-run timeout in single mode as may-not-terminate', async () => {
    const adapter = fakeAdapter({ mode: 'single', perRunTimeoutMs: 100 });
    disposeLater.push(adapter);
    const r = await check(adapter, rendezvous('fake-hang'), { runs: 3 });
    expect(r.observed?.histogram.map((h) => [h.key, h.count])).toEqual([['may-not-terminate', 3]]);
    expect(r.status).toBe('forbidden');
    expect(r.observed?.histogram[0]?.example.note).toMatch(/still running after \d+ ms \(killed\)/);
  });

  it('says plainly that a program crashed, with the first lines of what it printed', async () => {
    const adapter = fakeAdapter();
    disposeLater.push(adapter);
    const r = await check(adapter, rendezvous('fake-crash'));
    expect(r.status).toBe('error');
    expect(errorText(r)).toMatch(/^crashed \(20 runs\): runs 0–19 lost: the program crashed \(exit status 2: panic: assignment to entry in nil map\n/);
  });

  it('reports output that is not the protocol: a line that is not JSON, counts that do not add up', async () => {
    const adapter = fakeAdapter();
    disposeLater.push(adapter);
    const garbage = await check(adapter, rendezvous('fake-garbage'));
    const miscount = await check(adapter, rendezvous('fake-miscount'));
    expect(errorText(garbage)).toBe('broke the protocol (20 runs): the program broke the protocol: printed a line that is not JSON: this is not JSON, e.g. run 0 seed ' + String(garbage.verdict?.errors[0]?.example?.seed));
    expect(errorText(miscount)).toContain('the histogram and errors count 1 runs, the report says 20');
  });

  it('cuts a babbling program at the output limit', async () => {
    const adapter = fakeAdapter({ maxOutputBytes: 100_000 });
    disposeLater.push(adapter);
    const r = await check(adapter, rendezvous('fake-babble'));
    expect(r.status).toBe('error');
    expect(errorText(r)).toContain('printed more than 100000 bytes (cut, process killed); it began: babble babble');
  });

  it('skips a case the generator cannot express, with its reason', async () => {
    const adapter = fakeAdapter();
    disposeLater.push(adapter);
    const r = await check(adapter, rendezvous('fake-unsupported'));
    expect(r.status).toBe('skipped');
    expect(r.skipReason).toBe('unsupported by the go-fake adapter: the fake has no translation for it');
  });

  it("turns a build failure into an error for every case of the batch, with the compiler's message", async () => {
    const adapter = fakeAdapter({ generate: (cases) => ({ files: { 'main.go': 'package main\n\nfunc main() { undefinedThing() }\n' }, unsupported: [] }) });
    disposeLater.push(adapter);
    const a = rendezvous('fake-ok');
    const b = stuck('fake-deadlock');
    await adapter.prepare!([a, b]);
    for (const s of [a, b]) {
      const r = await check(adapter, s);
      expect(r.status).toBe('error');
      expect(errorText(r)).toMatch(new RegExp(`^adapter failure: the generated program did not build: ${escapeRe(goBuild())} failed \\(exit \\d+\\):\n[^]*undefined: undefinedThing`));
    }
  });

  it('removes its temp directory on dispose', async () => {
    // Arrange: the directory prepare makes is the one gospec-go-* that was not there before
    const before = new Set(tempDirs());
    const adapter = fakeAdapter();
    await adapter.prepare!([rendezvous('fake-ok')]);
    const made = tempDirs().filter((d) => !before.has(d));
    expect(made).toHaveLength(1);
    expect(existsSync(join(made[0]!, 'go.mod'))).toBe(true);
    expect(readFileSync(join(made[0]!, 'go.mod'), 'utf8')).toBe(`module gospecrun\n\ngo ${GO!.language}\n`);
    // Act
    await adapter.dispose!();
    // Assert
    expect(existsSync(made[0]!)).toBe(false);
  });

  it("writes a case's goVersion as its go line, one program per go line, and skips a case newer than the toolchain", async () => {
    // Arrange: the same case three times: the toolchain's own go line, go 1.22, and a go line no toolchain has
    const before = new Set(tempDirs());
    const adapter = fakeAdapter();
    disposeLater.push(adapter);
    const own = rendezvous('fake-ok');
    const at122: Scenario = { ...rendezvous('fake-ok'), goVersion: '1.22' };
    const future: Scenario = { ...rendezvous('fake-ok'), goVersion: '1.99' };
    // Act
    await adapter.prepare!([own, at122, future]);
    const made = tempDirs().filter((d) => !before.has(d));
    const lines = made.map((d) => readFileSync(join(d, 'go.mod'), 'utf8')).sort();
    const results = [await check(adapter, own), await check(adapter, at122), await check(adapter, future)];
    // Assert: two programs (the future case is never built), both run; the future one is skipped with the reason
    expect(lines).toEqual([`module gospecrun\n\ngo 1.22\n`, `module gospecrun\n\ngo ${GO!.language}\n`].sort());
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'skipped']);
    expect(results[2]!.skipReason).toBe(`unsupported by the go-fake adapter: goVersion 1.99 is newer than ${GO!.release} (language ${GO!.language}): a go 1.99 line needs a newer toolchain, and the case is not run under a wrong one`);
    expect(adapter.toolchain!()).toMatchObject({ goModGo: GO!.language, caseGoLines: '1.22 ×1' });
    expect(String(adapter.toolchain!()!.summary)).toContain(`go.mod go ${GO!.language} (cases with their own goVersion: 1.22 ×1)`);
  });
});

/** The gospec-go-* temp directories that exist now. */
function tempDirs(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('gospec-go-')).map((n) => join(tmpdir(), n));
}

// ---------------------------------------------------------------------------
// The command line

/** Runs `gospec` in-process in `cwd`, capturing its output. */
async function gospec(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => { stdout += t; }, err: (t) => { stderr += t; }, cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('gospec check --impl go|gccgo', () => {
  it('exits 2 with how to install the toolchain when it is missing', async () => {
    // Arrange: no go, no gccgo on the PATH
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'gospec-empty-path-'));
    try {
      // Act
      const go = await gospec(['check', '--impl', 'go'], HERE);
      const gccgo = await gospec(['check', '--impl', 'gccgo'], HERE);
      // Assert
      expect(go.code).toBe(2);
      expect(go.stderr).toContain('--impl go: the go command is not installed (on Debian/Ubuntu: apt-get install golang-go');
      expect(gccgo.code).toBe(2);
      expect(gccgo.stderr).toContain('--impl gccgo: gccgo is not installed (on Debian/Ubuntu: apt-get install gccgo');
    } finally {
      rmSync(process.env.PATH, { recursive: true, force: true });
      process.env.PATH = path;
    }
  });

  it('exits 2 for a Go release gospec does not name, with the releases it does', async () => {
    const r = await gospec(['check', '--impl', 'go@1.99'], HERE);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--impl: unknown implementation "go@1.99": gospec names the Go releases 1.19, 1.26, 1.27');
    expect(r.stderr).toContain('for another go binary use --impl go --go PATH');
  });

  it('exits 2 for a named release that is missing, saying how to get it', async () => {
    // Arrange: no go on the PATH, so neither 1.26 (a go on the PATH) nor 1.27 (fetched by one) can be found
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'gospec-empty-path-'));
    try {
      // Act
      const r126 = await gospec(['check', '--impl', 'go@1.26'], HERE);
      const r127 = await gospec(['check', '--impl', 'go@1.27'], HERE);
      // Assert
      expect(r126.code).toBe(2);
      expect(r126.stderr).toContain('--impl go@1.26: Go 1.26 is not installed; install Go 1.26');
      expect(r127.code).toBe(2);
      expect(r127.stderr).toContain('--impl go@1.27: Go 1.27 is not installed (looked at: no go on the PATH to fetch go1.27.3 with); GOTOOLCHAIN=go1.27.3 go version fetches it');
    } finally {
      rmSync(process.env.PATH, { recursive: true, force: true });
      process.env.PATH = path;
    }
  });

  it('exits 2 when --go names no go command, or one of another release than go@1.N', async () => {
    // Arrange: a text file, a program that is not go, and (when installed) the machine's go given to go@1.19
    const dir = mkdtempSync(join(tmpdir(), 'gospec-not-go-'));
    try {
      writeFileSync(join(dir, 'notes.txt'), 'not a program\n');
      writeFileSync(join(dir, 'fake-go'), '#!/bin/sh\necho hello from a script\n', { mode: 0o755 });
      // Act
      const text = await gospec(['check', '--impl', 'go', '--go', 'notes.txt'], dir);
      const script = await gospec(['check', '--impl', 'go', '--go', './fake-go'], dir);
      const model = await gospec(['check', '--go', 'go'], dir);
      // Assert
      expect(text.code).toBe(2);
      expect(text.stderr).toContain(`--impl go: --go notes.txt: ${join(dir, 'notes.txt')} is not an executable file`);
      expect(script.code).toBe(2);
      expect(script.stderr).toContain('--impl go: --go ./fake-go: it is not a gc go command (`' + join(dir, 'fake-go') + ' version` printed "hello from a script")');
      expect(model.code).toBe(2);
      expect(model.stderr).toContain('--go: only with --impl go, go@1.19, go@1.26 or go@1.27 (it names the gc toolchain that builds the program), not with --impl model');
      if (GO !== null && GO.language !== '1.19') {
        const wrong = await gospec(['check', '--impl', 'go@1.19', '--go', GO.path], dir);
        expect(wrong.code).toBe(2);
        expect(wrong.stderr).toContain(`--impl go@1.19: --go ${GO.path}: it is ${GO.release}, not Go 1.19`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(GO === null)('records the toolchain in the console header and the JSON report; --go PATH builds with that binary and reproduces', async () => {
    // Arrange: two corpus cases copied into a temp directory
    const dir = mkdtempSync(join(tmpdir(), 'gospec-go-cli-'));
    try {
      for (const f of ['chan/unbuffered-rendezvous.yaml', 'goroutine/all-blocked-is-deadlock.yaml']) {
        writeFileSync(join(dir, f.split('/')[1]!), readFileSync(join(CORPUS, f), 'utf8'));
      }
      // Act
      const r = await gospec(['check', '.', '--impl', 'go', '--go', GO!.path, '--runs', '20', '--json', 'go.json'], dir);
      // Assert: console
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`--impl go --seed 42 --runs 20 --go ${GO!.path})`);
      expect(r.stdout).toMatch(new RegExp(`^ {2}toolchain: ${escapeRe(GO!.version)}, GOMAXPROCS \\d+, go\\.mod go ${escapeRe(GO!.language)}, .*; built with: ${escapeRe(goBuild())}$`, 'm'));
      expect(r.stdout).toMatch(/^2 cases: 2 pass/m);
      // Assert: JSON
      const json = JSON.parse(readFileSync(join(dir, 'go.json'), 'utf8')) as JsonCheckReport;
      expect(json.adapter).toBe('go');
      expect(json.toolchain).toMatchObject({ compiler: 'gc', version: GO!.version, goModGo: GO!.language, goBinary: GO!.path, goBinaryVia: '--go', build: goBuild() });
      expect(json.toolchain?.gomaxprocs).toBeGreaterThanOrEqual(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------
// The code generator's programs

/** Loads corpus cases by their path under corpus/ without `.yaml`. */
function corpusCases(paths: readonly string[]): { file: string; scenario: Scenario }[] {
  const { cases, errors } = loadCases(paths.map((p) => join(CORPUS, `${p}.yaml`)));
  expect(errors).toEqual([]);
  return cases;
}

const PICKS = [
  'chan/unbuffered-rendezvous',
  'select/select-two-ready-recvs',
  'chan/close-races-send',
  'goroutine/all-blocked-is-deadlock',
  'goroutine/panic-statement-in-main',
  'goroutine/blocked-goroutine-leaks-at-main-exit',
  'sync/mutex-critical-sections-do-not-interleave',
  'sync/mutex-unlock-of-unlocked-is-fatal',
] as const;

describe.skipIf(GO === null)(`generated programs on corpus cases, gc (seed ${SEED})`, () => {
  const adapter = makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc' });
  disposeLater.push(adapter);
  const cases = corpusCases(PICKS);

  it.each(PICKS.map((p, i) => [p, i] as const))('%s: every outcome Go shows is one the model allows', async (_p, i) => {
    // Arrange: one program for all of them (prepared by the first test that runs)
    if (i === 0) await adapter.prepare!(cases.map((c) => c.scenario));
    const { file, scenario } = cases[i]!;
    // Act
    const r = await checkCase(file, scenario, { adapter, seed: SEED, runs: 100, timeoutMs: 30_000 });
    // Assert
    const allowed = new Set(explore(scenario).outcomes.map((x) => x.key));
    const seen = (r.observed?.histogram ?? []).map((h) => h.key);
    expect(r.skipReason).toBeUndefined();
    expect(errorText(r)).toBe('');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((k) => !allowed.has(k))).toEqual([]);
    expect(['pass', 'unseen']).toContain(r.status);
  });

  it('catches a deliberately wrong program (a LIFO buffer) on buffered-fifo, naming the forbidden outcome', async () => {
    // Arrange: the generator's lifo-buffer variant hands out buffered values last in, first out
    const lifo = makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc', name: 'go-lifo', variant: 'lifo-buffer' });
    disposeLater.push(lifo);
    const [{ file, scenario }] = corpusCases(['chan/buffered-fifo']) as [{ file: string; scenario: Scenario }];
    // Act
    const r = await checkCase(file, scenario, { adapter: lifo, seed: SEED, runs: 20, timeoutMs: 30_000 });
    // Assert
    expect(r.status, errorText(r)).toBe('forbidden');
    const allowed = explore(scenario).outcomes.map((x) => describeOutcome(x.outcome));
    const forbidden = r.verdict!.forbidden.map((f) => describeOutcome(f.outcome));
    expect(forbidden.length).toBeGreaterThan(0);
    for (const f of forbidden) expect(allowed).not.toContain(f);
    expect(r.verdict!.forbidden[0]!.nearest).toBeDefined();
  });
});

// ---------------------------------------------------------------------------
// The whole corpus

const CORPUS_RUNS = 50;

/**
 * Every corpus case, one after the other: the adapter already keeps both
 * cores busy (GOMAXPROCS 2 in-process, two single-mode processes at a time),
 * and running cases side by side on top of that starves runs into their
 * timeouts. The budget per case and the cap on processes per case bound
 * the single-mode cases (a gccgo process costs ~0.4 s).
 */
async function corpusRun(
  compiler: 'gc' | 'gccgo', timeoutMs: number, singleRunsCap: number,
  o: { readonly adapter?: Partial<GoAdapterOptions>; readonly pick?: (file: string, index: number) => boolean } = {},
): Promise<CaseResult[]> {
  const loaded = loadCases([CORPUS]);
  expect(loaded.errors).toEqual([]);
  const cases = o.pick ? loaded.cases.filter((c, i) => o.pick!(c.file, i)) : loaded.cases;
  const adapter = makeGoAdapter({ buildCache: BUILD_CACHE, compiler, singleRunsCap, ...o.adapter });
  try {
    await adapter.prepare!(cases.map((c) => c.scenario).filter((s) => s.status !== 'skip'));
    const results: CaseResult[] = [];
    for (const c of cases) results.push(await checkCase(c.file, c.scenario, { adapter, seed: SEED, runs: CORPUS_RUNS, timeoutMs }));
    return results;
  } finally {
    await adapter.dispose!();
  }
}

// ---------------------------------------------------------------------------
// Timers in real Go: what the generated program must do whatever the model says

/**
 * main stops a 10 s timer at once, then waits on it and on a 20 ms
 * time.After: Stop comes long before the deadline, so it reports true, the
 * timer never fires, and the timeout is what the select gets.
 */
const STOPPED_TIMER: Scenario = {
  name: 'stopped-timer-then-timeout',
  objects: { t: { kind: 'timer', ns: 10_000_000_000 }, timeout: { kind: 'after', ns: 20_000_000 } },
  main: [
    { stop: { timer: 't', into: 'stopped' } },
    { observe: { stopped: { reg: 'stopped' } } },
    {
      select: {
        cases: [
          { recv: { chan: 't' }, body: [{ observe: { fired: true } }] },
          { recv: { chan: 'timeout' }, body: [{ observe: { timedOut: true } }] },
        ],
      },
    },
  ],
};

/**
 * A goroutine waits on a 5 ms timer; main returns at once. The timer fires
 * after main's return and the waiter finishes: it may be parked at exit,
 * but it is never blocked for ever (driver.go.txt settle waits out the
 * case's timers before it calls anyone leaked).
 */
const WAITER_LEFT_BEHIND: Scenario = {
  name: 'timer-waiter-left-behind',
  objects: { t: { kind: 'timer', ns: 5_000_000 } },
  main: [{ go: { name: 'waiter', body: [{ recv: { chan: 't' } }] } }, { observe: { done: true } }],
};

describe.skipIf(GO === null)(`timers in real Go, gc (seed ${SEED})`, () => {
  const adapter = makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc' });
  disposeLater.push(adapter);
  beforeAll(async () => {
    await adapter.prepare!([STOPPED_TIMER, WAITER_LEFT_BEHIND]);
  }, 120_000);

  it('a timer stopped before its deadline says so and never fires; the time.After timeout wins the select', async () => {
    // Act
    const r = await check(adapter, STOPPED_TIMER, { runs: 50 });
    // Assert
    expect(r.skipReason).toBeUndefined();
    expect(errorText(r)).toBe('');
    const hist = r.observed!.histogram;
    expect(hist.reduce((n, h) => n + h.count, 0)).toBe(50);
    expect(hist.map((h) => ({ end: h.outcome.end, obs: h.outcome.obs }))).toEqual([{ end: 'ok', obs: { stopped: [true], timedOut: [true] } }]);
    expect(r.status).not.toBe('forbidden');
  }, 60_000);

  it('a goroutine left waiting on a timer that will fire is not leaked', async () => {
    // Act
    const r = await check(adapter, WAITER_LEFT_BEHIND, { runs: 50 });
    // Assert
    expect(errorText(r)).toBe('');
    const hist = r.observed!.histogram;
    expect(hist.length).toBeGreaterThan(0);
    expect(hist.filter((h) => h.outcome.end !== 'ok' || (h.outcome.leaked ?? []).length > 0 || (h.outcome.spinning ?? []).length > 0).map((h) => describeOutcome(h.outcome))).toEqual([]);
    expect(r.status).not.toBe('forbidden');
  }, 60_000);
});

/** A line per case that failed against Go: what was forbidden or went wrong. */
function failures(results: readonly CaseResult[]): string[] {
  return results
    .filter((r) => r.status === 'forbidden' || r.status === 'error' || r.status === 'unfair')
    .map((r) => `${r.name}: ${r.status} ${[...(r.verdict?.forbidden ?? []).map((f) => `"${describeOutcome(f.outcome)}" ×${f.count}`), errorText(r)].join('; ')}`);
}

describe.skipIf(GO === null)(`the whole corpus in real Go, ${CORPUS_RUNS} runs a case (seed ${SEED})`, () => {
  it('gc: no forbidden outcome, no error', async () => {
    const results = await corpusRun('gc', 10_000, 20);
    expect(failures(results)).toEqual([]);
    expect(results.filter((r) => r.status === 'pass' || r.status === 'unseen').length).toBeGreaterThan(0);
  }, 180_000);

  it.skipIf(GCCGO === null)('gccgo: no forbidden outcome, no error', async () => {
    // gccgo processes start slowly (~0.3 s): a case that needs one process per run gets 8 of them here.
    const results = await corpusRun('gccgo', 5_000, 8);
    expect(failures(results)).toEqual([]);
    expect(results.filter((r) => r.status === 'pass' || r.status === 'unseen').length).toBeGreaterThan(0);
  }, 360_000);
});

/**
 * Go 1.19 runs a slice, to keep CI short: every CORPUS_119_STRIDE-th case
 * in path order (so every mechanism's directory is sampled) and all of
 * corpus/leak, whose wait reasons 1.19 names differently (driver.go.txt).
 */
const CORPUS_119_STRIDE = 5;
const GO119_SKIP = GO119 === null ? ' (skipped: Go 1.19 is not installed; apt-get install golang-1.19-go)' : '';

describe.skipIf(GO119 === null)(`a slice of the corpus on Go 1.19 (go@1.19: every ${CORPUS_119_STRIDE}th case and corpus/leak), ${CORPUS_RUNS} runs a case (seed ${SEED})${GO119_SKIP}`, () => {
  const go119 = { name: 'go@1.19', go: () => resolveGo({ release: '1.19' }) };

  it('go@1.19: no forbidden outcome, no error, built under go 1.19', async () => {
    const results = await corpusRun('gc', 10_000, 20, { adapter: go119, pick: (file, i) => i % CORPUS_119_STRIDE === 0 || file.includes(`${join('corpus', 'leak')}/`) });
    expect(failures(results)).toEqual([]);
    expect(results.filter((r) => r.status === 'pass' || r.status === 'unseen').length).toBeGreaterThan(0);
  }, 240_000);

  it('go@1.19: a case with goVersion 1.22 is skipped, with the reason, and the header says go1.19.8', async () => {
    // Arrange
    const adapter = makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc', ...go119 });
    disposeLater.push(adapter);
    const own = rendezvous('rendezvous');
    const loopvars: Scenario = { ...rendezvous('rendezvous-at-1.22'), goVersion: '1.22' };
    await adapter.prepare!([own, loopvars]);
    // Act
    const a = await check(adapter, own);
    const b = await check(adapter, loopvars);
    // Assert
    expect(a.status, errorText(a)).toBe('pass');
    expect(b.status).toBe('skipped');
    expect(b.skipReason).toBe(`unsupported by the go@1.19 adapter: goVersion 1.22 is newer than ${GO119!.release} (language 1.19): a go 1.22 line needs a newer toolchain, and the case is not run under a wrong one`);
    expect(adapter.toolchain!()).toMatchObject({ version: GO119!.version, goModGo: '1.19', caseGoLines: null, goBinary: GO119!.path });
  }, 120_000);

  it('--all-impls runs what is here once each and skips the rest with a note; --json gets one file per implementation', async () => {
    // Arrange: a PATH whose only go is a link to Go 1.19, so `go` and `go@1.19` are one toolchain, and 1.26, 1.27, gccgo are missing
    const dir = mkdtempSync(join(tmpdir(), 'gospec-all-impls-'));
    const bin = join(dir, 'bin');
    const path = process.env.PATH;
    try {
      mkdirSync(bin);
      symlinkSync(GO119!.path, join(bin, 'go'));
      writeFileSync(join(dir, 'unbuffered-rendezvous.yaml'), readFileSync(join(CORPUS, 'chan/unbuffered-rendezvous.yaml'), 'utf8'));
      process.env.PATH = bin;
      // Act
      const r = await gospec(['check', 'unbuffered-rendezvous.yaml', '--all-impls', '--runs', '10', '--json', 'all.json'], dir);
      // Assert
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('gospec check: implementation '))).toEqual(['gospec check: implementation model, seed 42', 'gospec check: implementation go, seed 42']);
      expect(r.stdout).toContain(`  toolchain: ${GO119!.version}, `);
      expect(r.stdout).toContain('\n2 implementations run: model exit 0, go exit 0\n');
      expect(r.stdout).toContain(`  go@1.19: skipped, the same toolchain as go (${realpathSync(GO119!.path)})\n`);
      expect(r.stdout).toMatch(/^ {2}go@1\.26: skipped, Go 1\.26 is not installed /m);
      expect(r.stdout).toMatch(/^ {2}go@1\.27: skipped, Go 1\.27 is not installed /m);
      expect(r.stdout).toMatch(/^ {2}gccgo: skipped, gccgo is not installed /m);
      expect(readdirSync(dir).filter((f) => f.endsWith('.json')).sort()).toEqual(['all.go.json', 'all.model.json']);
    } finally {
      process.env.PATH = path;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------
// Leaks (driver.go.txt: the snapshot at main's return, then the goroutines
// left behind settle): every wait reason a goroutine can be blocked for ever
// in is seen by the snapshot (`parked`) and by the settling (`leaked`), on
// gc and on gccgo; a live leak is told from a blocked one. Each case's main
// sleeps 1 ms before it returns, so its helpers have parked by then.

/** Wait reason (as Go 1.20+ prints it; gccgo and Go 1.19 say "semacquire" for the sync ones), the corpus case, the goroutine. */
const WAIT_REASONS: readonly (readonly [string, string, string])[] = [
  ['chan receive', 'leak/mutex-lock-blocked-for-ever', 'receiver'],
  ['chan send', 'leak/chan-send-blocked-for-ever', 'sender'],
  ['chan receive (nil chan)', 'leak/nil-chan-and-empty-select-block-for-ever', 'nilrecv'],
  ['chan send (nil chan)', 'leak/nil-chan-and-empty-select-block-for-ever', 'nilsend'],
  ['select', 'leak/select-blocked-for-ever', 'selector'],
  ['select (no cases)', 'leak/nil-chan-and-empty-select-block-for-ever', 'idler'],
  ['sync.Mutex.Lock', 'leak/mutex-lock-blocked-for-ever', 'locker'],
  ['sync.RWMutex.RLock', 'leak/rwmutex-rlock-blocked-by-writer', 'reader'],
  ['sync.RWMutex.Lock', 'leak/rwmutex-lock-blocked-by-reader', 'writer'],
  ['sync.WaitGroup.Wait', 'leak/waitgroup-wait-never-done', 'waiter'],
  ['sync.Cond.Wait', 'leak/cond-wait-never-signalled', 'waiter'],
  ['sync.Once.Do (its Mutex)', 'leak/once-do-waits-behind-stuck-f', 'second'],
];

const LEAK_RUNS = 40;

describe.skipIf(GO === null)(`leaks in real Go: every wait reason, ${LEAK_RUNS} runs a case (seed ${SEED})`, () => {
  const compilers = (['gc', 'gccgo'] as const).filter((c) => c === 'gc' || GCCGO !== null);
  const results = new Map<string, Promise<Map<string, CaseResult>>>();
  /** corpus/leak run once per compiler, on first use. */
  const leakRun = (compiler: 'gc' | 'gccgo'): Promise<Map<string, CaseResult>> => {
    let r = results.get(compiler);
    if (!r) {
      r = (async () => {
        const { cases, errors } = loadCases([join(CORPUS, 'leak')]);
        expect(errors).toEqual([]);
        const adapter = makeGoAdapter({ buildCache: BUILD_CACHE, compiler });
        disposeLater.push(adapter);
        await adapter.prepare!(cases.map((c) => c.scenario));
        const out = new Map<string, CaseResult>();
        for (const c of cases) out.set(`leak/${c.scenario.name}`, await checkCase(c.file, c.scenario, { adapter, seed: SEED, runs: LEAK_RUNS, timeoutMs: 20_000 }));
        return out;
      })();
      results.set(compiler, r);
    }
    return r;
  };

  it('a case whose only outcome is may-not-terminate makes the runs its budget fits, says so in a note, and passes', async () => {
    // Arrange: main spins for ever; every run costs the per-run timeout (200 ms here), the budget is 2 s
    const adapter = makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc', perRunTimeoutMs: 200 });
    disposeLater.push(adapter);
    const spinner: Scenario = { name: 'main-spins-for-ever', main: [{ loop: [{ gosched: null }] }] };
    // Act
    const r = await checkCase('main-spins-for-ever.yaml', spinner, { adapter, seed: SEED, runs: 20, timeoutMs: 2000 });
    // Assert
    expect(errorText(r)).toBe('');
    expect(r.status).toBe('pass');
    expect(r.observed!.histogram.map((h) => h.key)).toEqual(['may-not-terminate']);
    expect(r.observed!.runs).toBeGreaterThan(0);
    expect(r.observed!.notes?.join('\n')).toMatch(/^made \d+ of the 20 runs asked for: a run the model allows to hang costs the 200 ms per-run timeout, and the 2000 ms budget fits no more$/);
  }, 60_000);

  for (const compiler of compilers) {
    it(`${compiler}: every corpus/leak case passes (leaked, spinning and parked agree with the model)`, async () => {
      const all = await leakRun(compiler);
      expect(failures([...all.values()])).toEqual([]);
    }, 240_000);

    it.each(WAIT_REASONS.map(([reason, c, g]) => [reason, c, g] as const))(`${compiler}: [%s] %s: %s shows parked at exit in some run, and leaked in every run`, async (_reason, c, g) => {
      const r = (await leakRun(compiler)).get(c);
      expect(r, `${c} did not run`).toBeDefined();
      const hist = r!.observed?.histogram ?? [];
      expect(hist.length).toBeGreaterThan(0);
      expect(hist.some((h) => (h.outcome.parked ?? []).includes(g)), `${g} never shows parked: ${hist.map((h) => describeOutcome(h.outcome)).join(' | ')}`).toBe(true);
      expect(hist.filter((h) => !(h.outcome.leaked ?? []).includes(g)).map((h) => describeOutcome(h.outcome))).toEqual([]);
    }, 240_000);

    it(`${compiler}: a live leak (ping-pong for ever) is spinning, not blocked, though a snapshot catches one side parked`, async () => {
      const r = (await leakRun(compiler)).get('leak/ping-pong-for-ever-spins');
      const hist = r!.observed?.histogram ?? [];
      expect(hist.length).toBeGreaterThan(0);
      expect(hist.filter((h) => (h.outcome.spinning ?? []).join(',') !== 'pinger,ponger').map((h) => describeOutcome(h.outcome))).toEqual([]);
    }, 240_000);
  }
});

// ---------------------------------------------------------------------------
// The batched litmus path (driver.go.txt: litmus7's rounds of fresh cells,
// a rendezvous and a start delay per iteration). These call the adapter
// directly, to look at raw histograms: its mode for a batched case comes
// from the statements, never from the model.

const reg = (r: string): { reg: string } => ({ reg: r });

/** SB on plain words: x=1; r0=y ∥ y=1; r1=x. The weak outcome r0=0 r1=0 is the store buffer's. */
const SB: Scenario = {
  name: 'SB',
  objects: { x: { kind: 'word' }, y: { kind: 'word' } },
  goroutines: {
    P0: [{ store: { to: 'x', value: 1 } }, { load: { from: 'y', into: 'r0' } }, { observe: { r0: reg('r0') } }],
    P1: [{ store: { to: 'y', value: 1 } }, { load: { from: 'x', into: 'r1' } }, { observe: { r1: reg('r1') } }],
  },
};

/** 2+2W: x=1; y=2 ∥ y=1; x=2, both words read after the join. */
const W22: Scenario = {
  name: '2+2W',
  objects: { x: { kind: 'word' }, y: { kind: 'word' } },
  goroutines: {
    P0: [{ store: { to: 'x', value: 1 } }, { store: { to: 'y', value: 2 } }],
    P1: [{ store: { to: 'y', value: 1 } }, { store: { to: 'x', value: 2 } }],
  },
  final: ['x', 'y'],
};

/** A final read off the batched path (a channel orders the stores): always x=2, a=6. */
const FINAL_ORDERED: Scenario = {
  name: 'final-after-handoff',
  objects: { x: { kind: 'word' }, a: { kind: 'atomic', init: 5 }, c: { kind: 'chan', cap: 0 } },
  goroutines: {
    P: [{ store: { to: 'x', value: 1 } }, { atomicAdd: { to: 'a', delta: 1 } }, { send: { chan: 'c', value: 0 } }],
    Q: [{ recv: { chan: 'c' } }, { store: { to: 'x', value: 2 } }],
  },
  final: ['x', 'a'],
};

/** A busy wait on a plain flag nobody sets: every run spins for ever. */
const SPIN_NEVER_SET: Scenario = {
  name: 'busy-wait-never-set',
  objects: { flag: { kind: 'word' } },
  goroutines: {
    W: [{ while: { cond: { bin: '==', l: reg('r'), r: 0 }, body: [{ load: { from: 'flag', into: 'r' } }] } }, { observe: { r: reg('r') } }],
    X: [{ observe: { x: 1 } }],
  },
};

describe.skipIf(GO === null)(`the batched litmus path, gc (seed ${SEED})`, () => {
  // The default per-run timeout (1 s): a shorter one could count an iteration
  // that a loaded machine merely delayed as may-not-terminate.
  const adapter = makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc', name: 'go-litmus' });
  beforeAll(async () => {
    await adapter.prepare!([SB, W22, FINAL_ORDERED, SPIN_NEVER_SET]);
  }, 120_000);
  // Its own hook: removing a build's GOCACHE can take seconds on a loaded machine.
  afterAll(async () => {
    await adapter.dispose!();
  }, 60_000);

  it('SB on plain words shows its weak outcome r0=0 r1=0 in 20 000 iterations', async () => {
    // Act
    const o = await adapter.run(SB, { runs: 20_000, seed: SEED, timeoutMs: 60_000 });
    // Assert: every outcome is one of SB's four, the weak one at least once (it is seen in ~20-30% of iterations)
    expect(o.errors).toEqual([]);
    expect(o.runs).toBe(20_000);
    const counts = new Map(o.histogram.map((h) => [describeOutcome(h.outcome), h.count]));
    expect([...counts.keys()].filter((k) => !['r0=0 r1=0', 'r0=0 r1=1', 'r0=1 r1=0', 'r0=1 r1=1'].includes(k))).toEqual([]);
    const weak = counts.get('r0=0 r1=0') ?? 0;
    console.log(`SB (gc, batched litmus path): r0=0 r1=0 in ${weak} of 20000 iterations (${((100 * weak) / 20_000).toFixed(2)}%)`);
    expect(weak).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('reads Scenario.final once the threads have finished, on the batched path and off it', async () => {
    // Act
    const w = await adapter.run(W22, { runs: 2000, seed: SEED, timeoutMs: 60_000 });
    const f = await adapter.run(FINAL_ORDERED, { runs: 20, seed: SEED, timeoutMs: 60_000 });
    // Assert: 2+2W's finals are one value each, of the writes; the ordered case always ends x=2 a=6
    expect(w.errors).toEqual([]);
    expect(w.runs).toBe(2000);
    for (const h of w.histogram) {
      expect(h.outcome.end).toBe('ok');
      expect(Object.keys(h.outcome.obs).sort()).toEqual(['x', 'y']);
      expect([[1], [2]]).toContainEqual(h.outcome.obs.x);
      expect([[1], [2]]).toContainEqual(h.outcome.obs.y);
    }
    expect(f.errors).toEqual([]);
    expect(f.histogram.map((h) => [describeOutcome(h.outcome), h.count])).toEqual([['a=6 x=2', 20]]);
  }, 60_000);

  it('counts a thread that spins for ever as may-not-terminate, run by run, and goes on in a new process', async () => {
    // Arrange: each hung run ends its process after the per-run timeout
    const t0 = performance.now();
    // Act
    const o = await adapter.run(SPIN_NEVER_SET, { runs: 2, seed: SEED, timeoutMs: 30_000 });
    const after = await adapter.run(SB, { runs: 100, seed: SEED, timeoutMs: 30_000 });
    // Assert
    expect(o.errors).toEqual([]);
    expect(o.histogram.map((h) => [h.key, h.count])).toEqual([['may-not-terminate', 2]]);
    expect(o.histogram[0]!.example.note).toMatch(/^in-process run 0 of: prog -case \S+ -runs 2 .*\(still running after \d+ ms\)$/);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(after.errors).toEqual([]);
    expect(after.runs).toBe(100);
  }, 60_000);
});

// ---------------------------------------------------------------------------
// Go's race detector (--race): information only, tested on an obvious race

/** Two litmus threads store to the same plain word; with `ordered`, P's store then send happen before Q's receive then store. */
function wordStores(name: string, ordered: boolean): Scenario {
  return {
    name,
    objects: { x: { kind: 'word' }, c: { kind: 'chan', cap: 0 } },
    goroutines: ordered
      ? {
          P: [{ store: { to: 'x', value: 1 } }, { send: { chan: 'c', value: 0 } }],
          Q: [{ recv: { chan: 'c' } }, { store: { to: 'x', value: 2 } }],
        }
      : { P: [{ store: { to: 'x', value: 1 } }], Q: [{ store: { to: 'x', value: 2 } }] },
  };
}

const RACE_SKIP = GO === null ? ' (skipped: the go command is not installed; apt-get install golang-go, and gcc for -race)' : '';
if (GO === null) console.warn('harness/adapters/go.test.ts: the go command is not installed, so the race detector tests are skipped');

describe.skipIf(GO === null)(`Go's race detector through the go adapter (race: true)${RACE_SKIP}`, () => {
  it('reports the race of two unordered stores to a word, and none when a channel orders them', async () => {
    // Arrange: the model cannot explore load/store yet, so the adapter is called directly (batch mode).
    const adapter = makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc', name: 'go-race', race: true, mode: 'batch' });
    const racy = wordStores('word-stores-race', false);
    const ordered = wordStores('word-stores-ordered', true);
    try {
      await adapter.prepare!([racy, ordered]);
      // Act
      const opts = { runs: 200, seed: SEED, timeoutMs: 60_000 };
      const a = await adapter.run(racy, opts);
      const b = await adapter.run(ordered, opts);
      // Assert: the race is reported, with the detector's own words; outcomes are read as ever
      expect(adapter.toolchain!()!.build).toContain('-race');
      expect(a.errors).toEqual([]);
      expect(a.histogram.reduce((n, h) => n + h.count, 0)).toBe(200);
      const races = a.diagnostics?.find((d) => d.name === 'race');
      expect(races?.count ?? 0).toBeGreaterThanOrEqual(1);
      expect(races).toMatchObject({ tool: "Go's race detector", finding: 'data race' });
      expect(races!.example).toMatch(/^WARNING: DATA RACE\n/);
      expect(adapter.audits?.map((x) => x.name)).toEqual(['race']);
      expect(b.errors).toEqual([]);
      expect(b.histogram.reduce((n, h) => n + h.count, 0)).toBe(200);
      expect(b.diagnostics).toBeUndefined();
    } finally {
      await adapter.dispose!();
    }
  }, 180_000);

  it('leaves out a case that may deadlock, saying why: race builds link cgo, which turns the deadlock detector off', async () => {
    // Arrange: main receives from a nil channel, so the model's only outcome is a deadlock
    const adapter = makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc', name: 'go-race', race: true });
    const stuck: Scenario = { name: 'nil-recv-deadlock', objects: { c: { kind: 'chan', nil: true } }, main: [{ recv: { chan: 'c' } }] };
    try {
      // Act
      await adapter.prepare!([stuck]);
      const o = await adapter.run(stuck, { runs: 5, seed: 1, timeoutMs: 60_000 });
      // Assert
      expect(o.runs).toBe(0);
      expect(o.unsupported).toContain("Go's deadlock detector is off in race builds");
    } finally {
      await adapter.dispose!();
    }
  }, 180_000);

  it('is unavailable for gccgo, saying so plainly, and --race is a usage error without --impl go', async () => {
    expect(makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gccgo', race: true }).unavailable!()).toContain('race detector (-race) is supported only with the gc toolchain');
    expect(makeGoAdapter({ buildCache: BUILD_CACHE, compiler: 'gc' }).audits).toBeUndefined();
    const r = await gospec(['check', '--race'], HERE);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--race: only with --impl go');
  });
});
