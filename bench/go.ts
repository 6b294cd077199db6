// The Go adapter's speed: what one binary for the whole corpus buys over one
// `go build` per scenario. Measured and reported, never asserted (DESIGN.md).
//
//   npx tsx bench/go.ts                   gc, and gccgo when installed; 200 runs a case
//   npx tsx bench/go.ts --runs 50         fewer runs a case
//   npx tsx bench/go.ts --sample 5        cases built one by one for the per-scenario row
//   npx tsx bench/go.ts --timeout 10000   the budget per case, as gospec check --timeout
//   npx tsx bench/go.ts --out FILE        write elsewhere than bench/results.json
//
// Rows, per compiler:
//   one binary       prepare (generate + ONE build for every case) then every
//                    case's runs: scenario-runs per second over build + runs;
//   build per case   the same, but each case generated and built on its own:
//                    `--sample` cases are built and run, and the whole corpus is
//                    extrapolated from their mean build time plus the one-binary
//                    row's run time (runs cost the same in either binary).
// The results go into bench/results.json under the key "go" (the other keys,
// written by bench/run.ts, are kept).

import { cpus } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Scenario } from '../model/ir.ts';
import { loadCases } from '../harness/load.ts';
import type { GoCompiler } from '../harness/adapters/go.ts';
import { makeGoAdapter } from '../harness/adapters/go.ts';
import { missingToolchain } from '../harness/adapters/go/toolchain.ts';

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

/** Spreads `n` picks evenly over the list (deterministic). */
function sample<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, sample: { type: 'string' }, timeout: { type: 'string' }, out: { type: 'string' } } });
  const runs = Number(values.runs ?? 200);
  const timeoutMs = Number(values.timeout ?? 10_000);
  const sampleSize = Number(values.sample ?? 5);
  const { cases } = loadCases([join(ROOT, 'corpus')]);
  const scenarios = cases.map((c) => c.scenario).filter((s) => s.status !== 'skip');
  const rows: Row[] = [];
  const toolchains: Record<string, unknown> = {};
  for (const compiler of ['gc', 'gccgo'] as const) {
    const missing = missingToolchain(compiler);
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

  const out = values.out ?? join(HERE, 'results.json');
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, platform: `${process.platform}-${process.arch}` };
  const go = { date: new Date().toISOString(), machine, runsPerCase: runs, timeoutMs, seed: SEED, toolchains, rows };
  writeFileSync(out, `${JSON.stringify({ ...previous, go }, null, 2)}\n`);
  console.log(`\nwritten to ${out} (key "go")`);
}

await main();
