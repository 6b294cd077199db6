// The command line, run as a user runs it: `node harness/bin.mjs …` as a
// child process on case files written to a temp directory, checking exit
// codes, that a broken case is reported with file:line while the good cases
// still run, and that the JSON and JUnit reports are well formed with the
// right counts. Flag handling that needs no process runs `main` in-process.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from './cli.ts';
import { main } from './cli.ts';
import type { JsonCheckReport, JsonExploreReport } from './report/json.ts';

const BIN = join(dirname(fileURLToPath(import.meta.url)), 'bin.mjs');

const RENDEZVOUS = `name: rendezvous
story: A goroutine sends 7 on an unbuffered channel; main receives it.
objects:
  c: { kind: chan, cap: 0 }
main:
  - go: { name: sender, body: [{ send: { chan: c, value: 7 } }] }
  - recv: { chan: c, into: v }
  - observe: { v: v }
expect:
  allowed:
    - { v: 7 }
`;

const SELECT = `name: two-ready
story: Both channels hold a value; select may take either.
objects:
  a: { kind: chan, cap: 1 }
  b: { kind: chan, cap: 1 }
main:
  - send: { chan: a, value: 1 }
  - send: { chan: b, value: 2 }
  - select:
      cases:
        - recv: { chan: a, into: v }
        - recv: { chan: b, into: v }
  - observe: { v: v }
expect:
  allowed:
    - { v: 1 }
    - { v: 2 }
`;

const SKIPPED = `name: waits-for-memory
story: Needs plain memory words.
status: skip
reason: memory & <sync> arrive later
objects:
  x: { kind: word }
main:
  - store: { to: x, value: 1 }
`;

/** The explorer computes v=7; the case claims v=8. */
const WRONG = RENDEZVOUS.replace('name: rendezvous', 'name: wrong-expectation').replace('{ v: 7 }', '{ v: 8 }');

/** A YAML syntax error on line 4 (an unclosed flow mapping). */
const BROKEN = `name: broken
objects:
  c: { kind: chan, cap: 0 }
main: [ { recv: { chan: c }
`;

let dir: string;
const at = (...p: string[]): string => join(dir, ...p);

function write(rel: string, text: string): void {
  mkdirSync(dirname(at(rel)), { recursive: true });
  writeFileSync(at(rel), text);
}

interface Ran { code: number; stdout: string; stderr: string }

/** Runs the installed-style entry point with `cwd` set, as `npx gospec` would. */
function gospec(args: string[], cwd = dir): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `main` in-process with captured output. */
async function inProcess(args: string[]): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => { stdout += t; }, err: (t) => { stderr += t; }, cwd: dir };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gospec-cli-'));
  write('good/chan/rendezvous.yaml', RENDEZVOUS);
  write('good/select/two-ready.yaml', SELECT);
  write('good/memory/waits-for-memory.yaml', SKIPPED);
  write('failing/wrong-expectation.yaml', WRONG);
  write('failing/rendezvous.yaml', RENDEZVOUS);
  write('mixed/rendezvous.yaml', RENDEZVOUS);
  write('mixed/broken.yaml', BROKEN);
  write('mixed/two-ready.yaml', SELECT);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// Three processes, run side by side: each exit code once, through the real entry point.
describe.concurrent('gospec as a child process (node harness/bin.mjs)', () => {
  it('exits 0 when every case passes, prints the seed and the summary, and counts the skip', async () => {
    const r = await gospec(['check', 'good', '--runs', '20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('seed 42');
    expect(r.stdout).toMatch(/^skipped +waits-for-memory +\(memory & <sync> arrive later\)$/m);
    expect(r.stdout).toMatch(/^3 cases: 2 pass, 1 skipped/m);
  });

  it('exits 1 on an expectation mismatch, naming the differing outcomes with a witness story; JUnit counts the failure and the skip', async () => {
    // Act
    const r = await gospec(['check', 'failing', 'good/memory', '--seed', '7', '--runs', '20', '--junit', at('junit-failing.xml')]);
    // Assert: console
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^EXPECTATION +wrong-expectation/m);
    expect(r.stdout).toContain('expect.allowed[0] allows "v=8", which the model never reaches');
    expect(r.stdout).toContain('the model reaches "v=7", which expect.allowed does not list');
    expect(r.stdout).toMatch(/ 1\. g1 main: go sender: starts g2 sender/);
    expect(r.stdout).toMatch(/^3 cases: 1 pass, 1 expectation mismatch, 1 skipped/m);
    expect(r.stdout).toContain('--seed 7');
    // Assert: JUnit
    const xml = readFileSync(at('junit-failing.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites name="gospec" tests="3" failures="1" errors="0" skipped="1"/);
    expect(xml).toContain('<skipped message="memory &amp; &lt;sync&gt; arrive later"/>');
    expect(xml).toMatch(/<failure type="expectation" message="expect\.allowed\[0\] allows &quot;v=8&quot;, which the model never reaches">/);
    expect(balanced(xml)).toBe(true);
  });

  it('exits 2 on a broken case file, reports it as file:line:col, runs the good cases, and writes parseable JSON and JUnit', async () => {
    // Act
    const r = await gospec(['check', 'mixed', '--runs', '20', '--json', at('report.json'), '--junit', at('junit.xml')]);
    // Assert: the broken file is named with its line, the other two ran
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ {2}mixed\/broken\.yaml:\d+:\d+: /m);
    expect(r.stdout).toMatch(/^pass +rendezvous/m);
    expect(r.stdout).toMatch(/^pass +two-ready/m);
    expect(r.stdout).toMatch(/^2 cases: 2 pass; 1 case file not loaded/m);
    // JSON: the documented shape
    const json = JSON.parse(readFileSync(at('report.json'), 'utf8')) as JsonCheckReport;
    expect(json).toMatchObject({ format: 'gospec-check', version: 2, seed: 42, adapter: 'model', exitCode: 2 });
    expect(json.summary).toMatchObject({ cases: 2, pass: 2, audit: 0, unloadedFiles: 1 });
    expect(json.loadErrors[0]?.file).toBe(join('mixed', 'broken.yaml'));
    expect(json.loadErrors[0]?.line).toBeGreaterThan(1);
    const sel = json.cases.find((c) => c.name === 'two-ready')!;
    expect(sel.oracle?.outcomes.map((o) => o.text)).toEqual(['v=1', 'v=2']);
    expect(sel.observed?.runs).toBe(20);
    expect(sel.observed?.histogram.reduce((n, h) => n + h.count, 0)).toBe(20);
    expect(sel.observed?.histogram.every((h) => h.allowed)).toBe(true);
    // The model adapter has no audits and no tools of its own: the generic fields are there, empty.
    expect(sel.audits).toEqual([]);
    expect(sel.observed?.diagnostics).toEqual([]);
    // JUnit: one testcase per case plus one for the broken file
    const xml = readFileSync(at('junit.xml'), 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toMatch(/<testsuites name="gospec" tests="3" failures="0" errors="1" skipped="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toMatch(/<testcase classname="gospec\.load" name="mixed\/broken\.yaml"[^>]*>\s*<error type="load"/);
    expect(balanced(xml)).toBe(true);
  });
});

describe('gospec in-process (main)', () => {
  it('prints help for each command, exit 0', async () => {
    for (const cmd of [['--help'], ['check', '--help'], ['explore', '-h'], ['replay', '--help'], ['help', 'check']]) {
      const r = await inProcess(cmd);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout, cmd.join(' ')).toMatch(/usage:/);
    }
  });

  it('rejects usage errors with exit 2 and says what was wrong', async () => {
    const cases: [string[], RegExp][] = [
      [[], /usage:/],
      [['frob'], /unknown command "frob"/],
      [['check', '--seed', 'x'], /--seed: expected an integer/],
      [['check', '--level', 'go'], /--level: expected spec or gc/],
      [['check', '--impl', 'tinygo'], /unknown implementation "tinygo"; known: model/],
      // An implementation's own flag (harness/adapters/registry.ts) with another implementation.
      [['check', '--race'], /^--race: only with --impl go, go@1\.19, go@1\.26 or go@1\.27 \(Go's race detector comes with the gc toolchain\), not with --impl model$/m],
      [['check', '--impl', 'gccgo', '--race'], /^--race: only with --impl go, .*, not with --impl gccgo$/m],
      [['check', '--impl', 'tinygo', '--race'], /unknown implementation "tinygo"/],
      [['check', '--impl', 'model', '--impl', 'go@1.99'], /unknown implementation "go@1\.99": gospec names the Go releases/],
      [['check', '--impl', 'model', '--impl', 'go', '--race'], /^--race: only with --impl .*, not with --impl model$/m],
      [['explore'], /expected one CASE\.yaml/],
      [['replay', 'good/chan/rendezvous.yaml'], /--schedule FILE\.json is required/],
    ];
    for (const [args, msg] of cases) {
      const r = await inProcess(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(msg);
    }
  });

  it('explore on a broken file reports file:line:col and exits 2', async () => {
    const r = await inProcess(['explore', 'mixed/broken.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mixed\/broken\.yaml:\d+:\d+: /m);
  });

  it('replay says where a schedule stops fitting, exit 1', async () => {
    write('foreign.json', JSON.stringify({ scenario: 'other', level: 'spec', steps: ['g1 main: go sender', 'g1 main: close c'] }));
    const r = await inProcess(['replay', 'good/chan/rendezvous.yaml', '--schedule', 'foreign.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ 1\. g1 main: go sender: starts g2 sender/);
    expect(r.stdout).toContain('the schedule does not fit rendezvous: step 2: "g1 main: close c" is not possible here; possible:');
    expect(r.stderr).toContain('recorded for "other"');
  });

  it('replay rejects a file that is not a schedule, exit 2', async () => {
    write('not-a-schedule.json', '{"steps": 3}');
    const r = await inProcess(['replay', 'good/chan/rendezvous.yaml', '--schedule', 'not-a-schedule.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a schedule/);
  });

  it('rejects an unknown flag with exit 2 and a usage hint', async () => {
    const r = await inProcess(['check', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(r.stderr).toContain('gospec check --help');
  });

  it('explores a case and replays its witness from the JSON', async () => {
    const e = await inProcess(['explore', 'good/select/two-ready.yaml', '--json', 'explore.json']);
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/^two-ready at level spec: 2 outcomes$/m);
    expect(e.stdout).toMatch(/^states \d+, transitions \d+, maxDepth \d+, [\d.]+ ms, complete yes$/m);
    expect(e.stdout).toMatch(/^outcome 2: v=2 — shortest schedule, 5 steps:$/m);
    const json = JSON.parse(readFileSync(at('explore.json'), 'utf8')) as JsonExploreReport;
    expect(json.format).toBe('gospec-explore');
    const r = await inProcess(['replay', 'good/select/two-ready.yaml', '--schedule', 'explore.json', '--outcome', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ 3\. g1 main: select case 1: recv b → 2/);
    expect(r.stdout).toMatch(/→ v=2$/m);
    const ambiguous = await inProcess(['replay', 'good/select/two-ready.yaml', '--schedule', 'explore.json']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('holds 2 witnesses; pick one with --outcome K');
  });

  it('check --quiet prints only failing cases and the summary', async () => {
    const r = await inProcess(['check', 'failing', '-q']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^pass /m);
    expect(r.stdout).toMatch(/^EXPECTATION +wrong-expectation/m);
  });
});

/** Every opening tag has its closing tag, in order (XML-ish well-formedness, enough for the counts above). */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
    const [, close, tag, selfClose] = m;
    if (selfClose) continue;
    if (close) {
      if (stack.pop() !== tag) return false;
    } else stack.push(tag!);
  }
  return stack.length === 0;
}
