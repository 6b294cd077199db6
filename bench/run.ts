// Explorer speed: states per second on scenarios built in code, plus the
// whole corpus. Speed is measured and reported here, never asserted in tests
// (docs/design.md, "Principles"). See bench/README.md for what each row measures and the anchor.
//
//   npm run bench                 the default set, table on stdout, bench/results.json
//   npm run bench -- --quick      smaller instances (a smoke run)
//   npm run bench -- --repeat 5   best of 5 per row (default 3)

import { cpus } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Scenario, Stmt } from '../model/ir.ts';
import type { ExploreResult } from '../model/explore/oracle.ts';
import { explore } from '../model/explore/oracle.ts';
import { loadCases } from '../harness/load.ts';
import { axiomaticOutcomes } from '../model/memory/axiomatic.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

// ---------------------------------------------------------------------------
// Scenarios

/**
 * Dining philosophers with channels as forks: fork i is a channel of
 * capacity 1 holding one token; philosopher i takes fork i, then fork
 * (i+1) mod n (receives), eats (observes), and puts both back (sends), `meals`
 * times. Every philosopher holding their left fork is the classic deadlock,
 * so the outcome set is { every meal eaten, deadlock }.
 */
export function diningPhilosophers(n: number, meals: number): Scenario {
  const objects: NonNullable<Scenario['objects']> = {};
  for (let i = 0; i < n; i++) objects[`fork${i}`] = { kind: 'chan', cap: 1 };
  const goroutines: Record<string, Stmt[]> = {};
  for (let i = 0; i < n; i++) {
    const left = `fork${i}`;
    const right = `fork${(i + 1) % n}`;
    goroutines[`P${i}`] = [
      {
        repeat: {
          times: meals,
          body: [
            { recv: { chan: left } },
            { recv: { chan: right } },
            { observe: { [`ate${i}`]: true } },
            { send: { chan: right, value: 1 } },
            { send: { chan: left, value: 1 } },
          ],
        },
      },
    ];
  }
  // main lays the table (a token in every fork) before anyone sits down,
  // starts the philosophers, and waits for each of them on `done`.
  const main: Stmt[] = [
    ...Array.from({ length: n }, (_, i): Stmt => ({ send: { chan: `fork${i}`, value: 1 } })),
    ...Object.keys(goroutines).map((g): Stmt => ({ go: { name: g, body: goroutines[g]! } })),
    // main waits for every philosopher on a done channel
    ...Array.from({ length: n }, (): Stmt => ({ recv: { chan: 'done' } })),
  ];
  for (const g of Object.keys(goroutines)) goroutines[g]!.push({ send: { chan: 'done', value: 1 } });
  return { name: `dining-philosophers-${n}x${meals}`, objects: { ...objects, done: { kind: 'chan', cap: n } }, main };
}

/**
 * Producers and consumers over one buffered channel: each producer sends
 * `items` values, each consumer receives `items` values and observes the sum
 * of what it got; main waits for the consumers.
 */
export function producerConsumer(producers: number, consumers: number, items: number, cap: number): Scenario {
  const main: Stmt[] = [];
  for (let p = 0; p < producers; p++) {
    main.push({ go: { name: `producer${p}`, body: [{ for: { var: 'i', to: items, body: [{ send: { chan: 'c', value: { bin: '+', l: p * 100, r: { reg: 'i' } } } }] } }] } });
  }
  for (let k = 0; k < consumers; k++) {
    main.push({
      go: {
        name: `consumer${k}`,
        body: [
          { let: { sum: 0 } },
          { repeat: { times: items * producers / consumers, body: [{ recv: { chan: 'c', into: 'v' } }, { let: { sum: { bin: '+', l: { reg: 'sum' }, r: { reg: 'v' } } } }] } },
          { observe: { [`sum${k}`]: { reg: 'sum' } } },
          { send: { chan: 'done', value: 1 } },
        ],
      },
    });
  }
  for (let k = 0; k < consumers; k++) main.push({ recv: { chan: 'done' } });
  return {
    name: `producer-consumer-${producers}p${consumers}c-${items}items-cap${cap}`,
    objects: { c: { kind: 'chan', cap }, done: { kind: 'chan', cap: consumers } },
    main,
  };
}

// ---------------------------------------------------------------------------
// Measuring

interface Row {
  readonly bench: string;
  readonly states: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly outcomes: number;
  readonly complete: boolean;
  /** Best of the repeats. */
  readonly ms: number;
  readonly statesPerSec: number;
  readonly transitionsPerSec: number;
}

function best(s: Scenario, repeat: number): { r: ExploreResult; ms: number } {
  let r = explore(s);
  let ms = r.stats.ms;
  for (let i = 1; i < repeat; i++) {
    const again = explore(s);
    if (again.stats.ms < ms) {
      ms = again.stats.ms;
      r = again;
    }
  }
  return { r, ms };
}

function row(bench: string, states: number, transitions: number, maxDepth: number, outcomes: number, complete: boolean, ms: number): Row {
  const perSec = (n: number): number => Math.round(n / (ms / 1000));
  return { bench, states, transitions, maxDepth, outcomes, complete, ms: Math.round(ms * 10) / 10, statesPerSec: perSec(states), transitionsPerSec: perSec(transitions) };
}

function measure(s: Scenario, repeat: number): Row {
  const { r, ms } = best(s, repeat);
  return row(s.name, r.stats.states, r.stats.transitions, r.stats.maxDepth, r.outcomes.length, r.complete, ms);
}

/** Every loadable, non-skipped corpus case explored once (best of `repeat` for the whole pass). */
function corpusRow(repeat: number): { row: Row; slowest: { name: string; ms: number; states: number }[]; failed: string[] } {
  const { cases } = loadCases([join(ROOT, 'corpus')]);
  const runnable = cases.filter((c) => c.scenario.status !== 'skip');
  let bestMs = Infinity;
  let totals = { states: 0, transitions: 0, maxDepth: 0, outcomes: 0, complete: true };
  let per: { name: string; ms: number; states: number }[] = [];
  const failed = new Set<string>();
  for (let k = 0; k < repeat; k++) {
    const t0 = performance.now();
    const t = { states: 0, transitions: 0, maxDepth: 0, outcomes: 0, complete: true };
    const p: { name: string; ms: number; states: number }[] = [];
    for (const c of runnable) {
      try {
        const r = explore(c.scenario);
        t.states += r.stats.states;
        t.transitions += r.stats.transitions;
        t.maxDepth = Math.max(t.maxDepth, r.stats.maxDepth);
        t.outcomes += r.outcomes.length;
        t.complete &&= r.complete;
        p.push({ name: relative(join(ROOT, 'corpus'), c.file), ms: Math.round(r.stats.ms * 10) / 10, states: r.stats.states });
      } catch {
        failed.add(relative(ROOT, c.file));
      }
    }
    const ms = performance.now() - t0;
    if (ms < bestMs) {
      bestMs = ms;
      totals = t;
      per = p;
    }
  }
  const r = row(`corpus (${runnable.length} cases)`, totals.states, totals.transitions, totals.maxDepth, totals.outcomes, totals.complete, bestMs);
  return { row: r, slowest: per.sort((a, b) => b.ms - a.ms).slice(0, 5), failed: [...failed] };
}

/** The memory-model litmus cases the bench explores (corpus/memory/), the biggest shapes. */
const MEMORY_CASES = ['IRIW', 'IRIW+atomics', '3.LB', 'ISA2', 'WRC', 'LB+datas', 'CoRR4'];

/**
 * Both memory engines on the biggest litmus shapes: the operational
 * explorer's states/s, and the axiomatic checker's time for the same case
 * (its accepted executions and candidates in the `states`/`transitions`
 * columns of its row).
 */
function memoryRows(repeat: number): Row[] {
  const { cases } = loadCases([join(ROOT, 'corpus', 'memory')]);
  const rows: Row[] = [];
  for (const name of MEMORY_CASES) {
    const c = cases.find((x) => x.scenario.name === name);
    if (!c) continue;
    rows.push(measure(c.scenario, repeat));
    let ms = Infinity;
    let ax = axiomaticOutcomes(c.scenario);
    for (let k = 0; k < repeat; k++) {
      const t0 = performance.now();
      ax = axiomaticOutcomes(c.scenario);
      ms = Math.min(ms, performance.now() - t0);
    }
    rows.push(row(`${name} (axiomatic: executions, candidates)`, ax.executions, ax.candidates, 0, ax.outcomes.length, true, ms));
  }
  return rows;
}

function table(rows: readonly Row[]): string {
  const head = ['bench', 'states', 'transitions', 'depth', 'outcomes', 'ms', 'states/s', 'transitions/s'];
  const body = rows.map((r) => [
    r.bench + (r.complete ? '' : ' (bound hit)'),
    String(r.states), String(r.transitions), String(r.maxDepth), String(r.outcomes),
    r.ms.toFixed(1), r.statesPerSec.toLocaleString('en-US'), r.transitionsPerSec.toLocaleString('en-US'),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, repeat: { type: 'string' }, out: { type: 'string' } } });
  const repeat = values.repeat ? Math.max(1, Number(values.repeat)) : 3;
  const quick = values.quick === true;
  const scenarios = quick
    ? [diningPhilosophers(3, 1), producerConsumer(2, 2, 2, 1)]
    : [
        diningPhilosophers(3, 1), diningPhilosophers(3, 2), diningPhilosophers(4, 1),
        producerConsumer(2, 2, 2, 1), producerConsumer(2, 2, 2, 2), producerConsumer(2, 2, 3, 2),
      ];
  // One untimed pass so the JIT has seen the explorer before the first measurement.
  explore(diningPhilosophers(3, 1));
  const rows: Row[] = [];
  for (const s of scenarios) {
    rows.push(measure(s, repeat));
    process.stdout.write(`${table(rows.slice(-1)).split('\n').pop()}\n`);
  }
  if (!quick) {
    for (const r of memoryRows(repeat)) {
      rows.push(r);
      process.stdout.write(`${table([r]).split('\n').pop()}\n`);
    }
  }
  const corpus = corpusRow(repeat);
  rows.push(corpus.row);
  process.stdout.write(`\n${table(rows)}\n`);
  process.stdout.write(`\nslowest corpus cases: ${corpus.slowest.map((c) => `${c.name} ${c.ms} ms (${c.states} states)`).join(', ')}\n`);
  if (corpus.failed.length > 0) process.stdout.write(`corpus cases the model cannot explore (left out): ${corpus.failed.join(', ')}\n`);
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, platform: `${process.platform}-${process.arch}` };
  const out = values.out ?? join(HERE, 'results.json');
  // Keep what other benches wrote into the same file (bench/go.ts: "go").
  const previous: Record<string, unknown> = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
  const results = { ...previous, date: new Date().toISOString(), machine, repeat, quick, anchor: 'SPIN 6.5.2: 0.5–2 M states/s on this machine', rows, slowestCorpusCases: corpus.slowest };
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`written ${relative(process.cwd(), out) || out}\n`);
}

// Run only as a script, so the scenario builders can be imported (tests, other benches).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
