// The Go adapter's speed: what one binary for the whole corpus buys over one
// `go build` per scenario. Measured and reported, never asserted (docs/design.md, "Principles").
//
//   npx tsx bench/go.ts                   gc, and gccgo when installed; 200 runs a case
//   npx tsx bench/go.ts --runs 50         fewer runs a case
//   npx tsx bench/go.ts --sample 5        cases built one by one for the per-scenario row
//   npx tsx bench/go.ts --timeout 10000   the budget per case, as gospec check --timeout
//   npx tsx bench/go.ts --out FILE        write elsewhere than bench/results.json
//   npx tsx bench/go.ts --litmus-only     only the litmus section (below)
//   npx tsx bench/go.ts --no-litmus       without it
//   npx tsx bench/go.ts --litmus-runs N   iterations per litmus case on the batched path (default 1000000)
//   npx tsx bench/go.ts --litmus-slow-runs N   runs per case off it, for the comparison (default 10000)
//
// Rows, per compiler:
//   one binary       prepare (generate + ONE build for every case) then every
//                    case's runs: scenario-runs per second over build + runs;
//   build per case   the same, but each case generated and built on its own:
//                    `--sample` cases are built and run, and the whole corpus is
//                    extrapolated from their mean build time plus the one-binary
//                    row's run time (runs cost the same in either binary).
// Litmus section, per compiler: classic two-thread litmus tests on plain
// words (SB, MP, LB, R, S, 2+2W, CoRR without and with aliasing) and SB on atomics as
// a control, each run through the adapter on the batched litmus path
// (driver.go.txt): iterations per second and weak outcomes per second (and
// their share). SB and R, the two whose weak outcome x86-TSO allows, also
// run off the path (the adapter's `litmusBatch: false`: persistent workers
// released once per run, 4 instances a round), for the comparison.
// The results go into bench/results.json under the keys "go" and
// "goLitmus" (the other keys, written by bench/run.ts, are kept).

import { cpus, loadavg } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Expr, Scenario, Value } from '../model/ir.ts';
import { loadCases } from '../harness/load.ts';
import type { GoCompiler } from '../harness/adapters/go.ts';
import { makeGoAdapter } from '../harness/adapters/go.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const SEED = 42;

interface Row {
  readonly bench: string;
  readonly compiler: GoCompiler;
  readonly cases: number;
  readonly runs: number;
  readonly buildMs: number;
  readonly runMs: number;
  readonly runsPerSec: number;
  /** In-process runs (batch mode) per second of their cases' run time. */
  readonly batchRunsPerSec: number | null;
  /** One-process runs (single mode, cases that may deadlock) per second of their cases' run time. */
  readonly singleRunsPerSec: number | null;
  readonly extrapolated: boolean;
  readonly note: string;
}

interface Measured {
  readonly buildMs: number;
  readonly runMs: number;
  readonly runs: number;
  readonly batchRuns: number;
  readonly batchMs: number;
  readonly singleRuns: number;
  readonly singleMs: number;
  readonly errors: number;
  readonly unsupported: number;
  readonly toolchain: Readonly<Record<string, string | number | null>> | undefined;
}

/** Builds `scenarios` into one program, runs each `runs` times; times both. */
async function measure(compiler: GoCompiler, scenarios: readonly Scenario[], runs: number, timeoutMs: number): Promise<Measured> {
  const adapter = makeGoAdapter({ compiler });
  try {
    const t0 = performance.now();
    await adapter.prepare!(scenarios);
    const buildMs = performance.now() - t0;
    let total = 0; let batchRuns = 0; let batchMs = 0; let singleRuns = 0; let singleMs = 0; let errors = 0; let unsupported = 0;
    let runMs = 0;
    for (const s of scenarios) {
      const t = performance.now();
      const obs = await adapter.run(s, { runs, seed: SEED, timeoutMs });
      const ms = performance.now() - t;
      runMs += ms;
      if (obs.unsupported !== undefined) { unsupported++; continue; }
      errors += obs.errors.length;
      total += obs.runs;
      // Single mode shows in the examples' notes.
      const single = obs.histogram.some((h) => (h.example.note ?? '').includes('single-process mode'));
      if (single) { singleRuns += obs.runs; singleMs += ms; } else { batchRuns += obs.runs; batchMs += ms; }
    }
    return { buildMs, runMs, runs: total, batchRuns, batchMs, singleRuns, singleMs, errors, unsupported, toolchain: adapter.toolchain!() };
  } finally {
    await adapter.dispose!();
  }
}

// ---------------------------------------------------------------------------
// Litmus section

const r = (n: string): Expr => ({ reg: n });
const words = { x: { kind: 'word' as const }, y: { kind: 'word' as const } };

interface LitmusCase {
  readonly scenario: Scenario;
  /** The weak outcome, as herd writes the condition. */
  readonly weakText: string;
  readonly weak: (obs: Readonly<Record<string, readonly Value[]>>) => boolean;
  /** Does x86-TSO allow the weak outcome (so a run on this machine may show it)? */
  readonly tso: boolean;
}

const is = (obs: Readonly<Record<string, readonly Value[]>>, name: string, v: number): boolean => obs[name]?.length === 1 && obs[name]![0] === v;

const LITMUS: readonly LitmusCase[] = [
  {
    scenario: {
      name: 'SB', objects: words,
      goroutines: {
        P0: [{ store: { to: 'x', value: 1 } }, { load: { from: 'y', into: 'r0' } }, { observe: { r0: r('r0') } }],
        P1: [{ store: { to: 'y', value: 1 } }, { load: { from: 'x', into: 'r1' } }, { observe: { r1: r('r1') } }],
      },
    },
    weakText: 'r0=0 ∧ r1=0', weak: (o) => is(o, 'r0', 0) && is(o, 'r1', 0), tso: true,
  },
  {
    scenario: {
      name: 'SB+atomics', objects: { x: { kind: 'atomic' }, y: { kind: 'atomic' } },
      goroutines: {
        P0: [{ atomicStore: { to: 'x', value: 1 } }, { atomicLoad: { from: 'y', into: 'r0' } }, { observe: { r0: r('r0') } }],
        P1: [{ atomicStore: { to: 'y', value: 1 } }, { atomicLoad: { from: 'x', into: 'r1' } }, { observe: { r1: r('r1') } }],
      },
    },
    weakText: 'r0=0 ∧ r1=0 (forbidden)', weak: (o) => is(o, 'r0', 0) && is(o, 'r1', 0), tso: false,
  },
  {
    scenario: {
      name: 'MP', objects: words,
      goroutines: {
        P0: [{ store: { to: 'x', value: 1 } }, { store: { to: 'y', value: 1 } }],
        P1: [{ load: { from: 'y', into: 'r0' } }, { load: { from: 'x', into: 'r1' } }, { observe: { r0: r('r0'), r1: r('r1') } }],
      },
    },
    weakText: 'r0=1 ∧ r1=0', weak: (o) => is(o, 'r0', 1) && is(o, 'r1', 0), tso: false,
  },
  {
    scenario: {
      name: 'LB', objects: words,
      goroutines: {
        P0: [{ load: { from: 'x', into: 'r0' } }, { store: { to: 'y', value: 1 } }, { observe: { r0: r('r0') } }],
        P1: [{ load: { from: 'y', into: 'r1' } }, { store: { to: 'x', value: 1 } }, { observe: { r1: r('r1') } }],
      },
    },
    weakText: 'r0=1 ∧ r1=1', weak: (o) => is(o, 'r0', 1) && is(o, 'r1', 1), tso: false,
  },
  {
    scenario: {
      name: 'R', objects: words, final: ['y'],
      goroutines: {
        P0: [{ store: { to: 'x', value: 1 } }, { store: { to: 'y', value: 1 } }],
        P1: [{ store: { to: 'y', value: 2 } }, { load: { from: 'x', into: 'r0' } }, { observe: { r0: r('r0') } }],
      },
    },
    weakText: 'y=2 ∧ r0=0', weak: (o) => is(o, 'y', 2) && is(o, 'r0', 0), tso: true,
  },
  {
    scenario: {
      name: 'S', objects: words, final: ['x'],
      goroutines: {
        P0: [{ store: { to: 'x', value: 2 } }, { store: { to: 'y', value: 1 } }],
        P1: [{ load: { from: 'y', into: 'r0' } }, { store: { to: 'x', value: 1 } }, { observe: { r0: r('r0') } }],
      },
    },
    weakText: 'x=2 ∧ r0=1', weak: (o) => is(o, 'x', 2) && is(o, 'r0', 1), tso: false,
  },
  {
    scenario: {
      name: '2+2W', objects: words, final: ['x', 'y'],
      goroutines: {
        P0: [{ store: { to: 'x', value: 1 } }, { store: { to: 'y', value: 2 } }],
        P1: [{ store: { to: 'y', value: 1 } }, { store: { to: 'x', value: 2 } }],
      },
    },
    weakText: 'x=1 ∧ y=1', weak: (o) => is(o, 'x', 1) && is(o, 'y', 1), tso: false,
  },
  {
    // Two loads of the same word, no aliasing (docs/facts/memory-model.md §2.2 saw CoRR only through p == q).
    scenario: {
      name: 'CoRR', objects: { x: { kind: 'word' } },
      goroutines: {
        P0: [{ store: { to: 'x', value: 1 } }],
        P1: [{ load: { from: 'x', into: 'r0' } }, { load: { from: 'x', into: 'r1' } }, { observe: { r0: r('r0'), r1: r('r1') } }],
      },
    },
    weakText: 'r0=1 ∧ r1=0', weak: (o) => is(o, 'r0', 1) && is(o, 'r1', 0), tso: false,
  },
  {
    // CoRR through aliasing (corpus/memory/CoRR+alias): *p, *q, *p with p == q at run time; gc may reuse the first load.
    scenario: {
      name: 'CoRR+alias', objects: { x: { kind: 'word' } },
      procs: { reader: { params: { p: 'word', q: 'word' }, body: [{ load: { from: 'p', into: 'r0' } }, { load: { from: 'q', into: 'r1' } }, { load: { from: 'p', into: 'r2' } }, { observe: { r0: r('r0'), r1: r('r1'), r2: r('r2') } }] } },
      goroutines: {
        P0: [{ store: { to: 'x', value: 1 } }],
        P1: [{ call: { proc: 'reader', args: { p: r('x'), q: r('x') } } }],
      },
    },
    weakText: 'r0=0 ∧ r1=1 ∧ r2=0', weak: (o) => is(o, 'r0', 0) && is(o, 'r1', 1) && is(o, 'r2', 0), tso: false,
  },
];

interface LitmusRow {
  readonly compiler: GoCompiler;
  readonly path: 'batched' | 'per-run workers';
  readonly test: string;
  readonly weakOutcome: string;
  readonly tsoAllows: boolean;
  readonly runs: number;
  readonly ms: number;
  readonly itersPerSec: number;
  readonly weak: number;
  readonly weakPerSec: number;
  readonly weakShare: number;
  readonly outcomes: readonly string[];
  readonly errors: number;
}

/** Every litmus case through one adapter (one build), `runs` iterations each. */
async function litmusRun(compiler: GoCompiler, cases: readonly LitmusCase[], runs: number, batched: boolean): Promise<{ rows: LitmusRow[]; toolchain: unknown }> {
  const adapter = makeGoAdapter({ compiler, litmusBatch: batched });
  try {
    await adapter.prepare!(cases.map((c) => c.scenario));
    const rows: LitmusRow[] = [];
    for (const c of cases) {
      const t = performance.now();
      const o = await adapter.run(c.scenario, { runs, seed: SEED, timeoutMs: 600_000 });
      const ms = performance.now() - t;
      const weak = o.histogram.filter((h) => h.outcome.end === 'ok' && c.weak(h.outcome.obs)).reduce((n, h) => n + h.count, 0);
      rows.push({
        compiler, path: batched ? 'batched' : 'per-run workers', test: c.scenario.name, weakOutcome: c.weakText, tsoAllows: c.tso,
        runs: o.runs, ms, itersPerSec: o.runs / (ms / 1000), weak, weakPerSec: weak / (ms / 1000), weakShare: o.runs > 0 ? weak / o.runs : 0,
        outcomes: o.histogram.map((h) => `${h.key} ×${h.count}`), errors: o.errors.reduce((n, e) => n + e.count, 0),
      });
      const last = rows[rows.length - 1]!;
      console.log(`  ${compiler} ${last.path} ${c.scenario.name}: ${last.runs} iterations in ${(ms / 1000).toFixed(1)} s, weak ${weak} (${(100 * last.weakShare).toFixed(2)}%)`);
    }
    return { rows, toolchain: adapter.toolchain!() };
  } finally {
    await adapter.dispose!();
  }
}

async function litmusSection(runs: number, slowRuns: number): Promise<Record<string, unknown>> {
  const load = [loadavg()[0]!];
  const rows: LitmusRow[] = [];
  const toolchains: Record<string, unknown> = {};
  for (const compiler of ['gc', 'gccgo'] as const) {
    const missing = makeGoAdapter({ compiler }).unavailable!();
    if (missing) {
      console.log(`litmus, ${compiler}: skipped, ${missing}`);
      continue;
    }
    console.log(`litmus, ${compiler}: ${LITMUS.length} tests, ${runs} iterations each on the batched path…`);
    const b = await litmusRun(compiler, LITMUS, runs, true);
    rows.push(...b.rows);
    toolchains[compiler] = b.toolchain;
    console.log(`litmus, ${compiler}: SB and R off the batched path, ${slowRuns} runs each…`);
    rows.push(...(await litmusRun(compiler, LITMUS.filter((c) => c.tso), slowRuns, false)).rows);
    load.push(loadavg()[0]!);
  }
  console.log('');
  const head = ['compiler', 'path', 'test', 'weak outcome', 'iterations', 'iter/s', 'weak', 'weak %', 'weak/s'];
  const table = rows.map((x) => [
    x.compiler, x.path, x.test, x.weakOutcome, String(x.runs), x.itersPerSec.toFixed(0), String(x.weak), (100 * x.weakShare).toFixed(2), x.weakPerSec.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  for (const line of [head, ...table]) console.log(line.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log(`load average (1 min) over the section: ${load.map((l) => l.toFixed(1)).join(' → ')}`);
  return { date: new Date().toISOString(), runsPerCase: runs, slowRunsPerCase: slowRuns, seed: SEED, loadAverage: load, toolchains, rows };
}

/** Spreads `n` picks evenly over the list (deterministic). */
function sample<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' }, sample: { type: 'string' }, timeout: { type: 'string' }, out: { type: 'string' },
      'litmus-only': { type: 'boolean' }, 'no-litmus': { type: 'boolean' }, 'litmus-runs': { type: 'string' }, 'litmus-slow-runs': { type: 'string' },
    },
  });
  const out = values.out ?? join(HERE, 'results.json');
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, platform: `${process.platform}-${process.arch}` };
  const litmus = values['no-litmus'] === true ? undefined
    : { machine, ...(await litmusSection(Number(values['litmus-runs'] ?? 1_000_000), Number(values['litmus-slow-runs'] ?? 10_000))) };
  if (values['litmus-only'] === true) {
    writeFileSync(out, `${JSON.stringify({ ...previous, goLitmus: litmus }, null, 2)}\n`);
    console.log(`\nwritten to ${out} (key "goLitmus")`);
    return;
  }
  const runs = Number(values.runs ?? 200);
  const timeoutMs = Number(values.timeout ?? 10_000);
  const sampleSize = Number(values.sample ?? 5);
  const { cases } = loadCases([join(ROOT, 'corpus')]);
  const scenarios = cases.map((c) => c.scenario).filter((s) => s.status !== 'skip');
  const rows: Row[] = [];
  const toolchains: Record<string, unknown> = {};
  for (const compiler of ['gc', 'gccgo'] as const) {
    const missing = makeGoAdapter({ compiler }).unavailable!();
    if (missing) {
      console.log(`${compiler}: skipped, ${missing}`);
      continue;
    }
    process.stdout.write(`${compiler}: one binary for ${scenarios.length} cases, ${runs} runs each… `);
    const one = await measure(compiler, scenarios, runs, timeoutMs);
    console.log(`${(one.buildMs / 1000).toFixed(1)} s build, ${(one.runMs / 1000).toFixed(1)} s runs`);
    toolchains[compiler] = one.toolchain;
    const supported = scenarios.length - one.unsupported;
    rows.push({
      bench: 'one binary', compiler, cases: supported, runs: one.runs, buildMs: one.buildMs, runMs: one.runMs,
      runsPerSec: one.runs / ((one.buildMs + one.runMs) / 1000),
      batchRunsPerSec: one.batchMs > 0 ? one.batchRuns / (one.batchMs / 1000) : null,
      singleRunsPerSec: one.singleMs > 0 ? one.singleRuns / (one.singleMs / 1000) : null,
      extrapolated: false,
      note: `batch mode ${one.batchRuns} runs in ${(one.batchMs / 1000).toFixed(1)} s (${Math.round(one.batchRuns / (one.batchMs / 1000))}/s); `
        + `single mode ${one.singleRuns} runs in ${(one.singleMs / 1000).toFixed(1)} s (${Math.round(one.singleRuns / Math.max(1e-9, one.singleMs / 1000))}/s); `
        + `${one.errors} errors, ${one.unsupported} unsupported`,
    });

    const picked = sample(scenarios, sampleSize);
    process.stdout.write(`${compiler}: one build per case, ${picked.length} sampled… `);
    let buildMs = 0;
    for (const s of picked) buildMs += (await measure(compiler, [s], 1, timeoutMs)).buildMs;
    const perCase = buildMs / picked.length;
    console.log(`${(perCase / 1000).toFixed(2)} s per build`);
    const extraBuild = perCase * supported;
    rows.push({
      bench: `build per case (${picked.length} sampled)`, compiler, cases: supported, runs: one.runs, buildMs: extraBuild, runMs: one.runMs,
      runsPerSec: one.runs / ((extraBuild + one.runMs) / 1000), batchRunsPerSec: null, singleRunsPerSec: null, extrapolated: true,
      note: `mean build ${(perCase / 1000).toFixed(2)} s × ${supported} cases; runs as in one binary`,
    });
  }

  console.log('');
  const head = ['compiler', 'bench', 'cases', 'runs', 'build s', 'run s', 'runs/s', 'in-process/s', 'single/s'];
  const rate = (x: number | null): string => (x === null ? '' : x.toFixed(0));
  const table = rows.map((r) => [
    r.compiler, r.bench + (r.extrapolated ? ' *' : ''), String(r.cases), String(r.runs), (r.buildMs / 1000).toFixed(1), (r.runMs / 1000).toFixed(1),
    r.runsPerSec.toFixed(0), rate(r.batchRunsPerSec), rate(r.singleRunsPerSec),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  for (const line of [head, ...table]) console.log(line.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log('* extrapolated from the sampled builds');
  for (const r of rows) console.log(`  ${r.compiler} ${r.bench}: ${r.note}`);

  const go = { date: new Date().toISOString(), machine, runsPerCase: runs, timeoutMs, seed: SEED, toolchains, rows };
  writeFileSync(out, `${JSON.stringify({ ...previous, go, ...(litmus ? { goLitmus: litmus } : {}) }, null, 2)}\n`);
  console.log(`\nwritten to ${out} (keys "go"${litmus ? ', "goLitmus"' : ''})`);
}

await main();
