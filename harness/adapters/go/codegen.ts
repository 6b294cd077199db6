// The Go code generator: scenarios (model/ir.ts) → one standard-library-only
// Go program (package main) that runs them and prints outcome histograms,
// the way harness/adapters/go.ts expects (the contract is in driver.go.txt's
// header: `-list`, `-case ID -runs N -seed S -timeout MS`, `-case ID -single`).
//
// The program is three files:
//   driver.go   the hand-written driver (driver.go.txt, copied as it is): runs,
//               ends, leak snapshots, histograms, JSON;
//   cases.go    generated: per case a struct holding the run's objects and one
//               method per code unit of the compiled scenario (plus, for a
//               litmus case Scenario.final names objects of, the setup's
//               final reads); and for a litmus case whose threads cannot
//               block, its batched litmus translation too (the section
//               "The batched litmus path" at the end says the rule);
//   lifo.go     only in the deliberately wrong 'lifo-buffer' variant.
//
// This file assembles the program; the generator's parts are its
// neighbours: casegen.ts (one case: plans, register types, the case's
// struct and setup), unitgen.ts (a code unit's Go method), control.ts
// (statements that never complete; let, if, loops, break and continue,
// shared by both generators), memory.ts (words, atomics, final reads),
// litmus.ts (the batched litmus path), goexpr.ts (Go string literals and
// expressions), typing.ts (register types by unification) and chanops.ts
// (the channel operations of each variant).
//
// Invariants:
//   1. Nothing from a scenario reaches the Go source except through goString
//      (a Go interpreted string literal in printable ASCII): case ids, labels,
//      observation names and panic texts. Every Go identifier is made here
//      (`c3`, `u2`, `o1`, `r0`, `p0`, `t4`), never from a scenario name.
//   2. Labels, units, register slots and closure captures come from
//      model/compile.ts `compile()`: a go, defer or call statement takes
//      the instruction it lowered to from Program.sites, by its site
//      (compile.ts stmtSite), so a label can never drift from the model's.
//   3. Registers are typed by unification over their uses (recv into → int,
//      ok → bool, arithmetic → int, comparisons → bool, call into → the
//      procedure's result, closure copies ↔ the parent's register…); a
//      register nothing constrains is an int (it reads 0). A conflict makes
//      the case unsupported, with the register named.
//   4. Statements after one that never completes normally (return, panic,
//      break, continue, `for {}` without break, …) are left out: the model
//      never runs them, and `go vet` rejects unreachable code.
//   5. Generated code has no untyped-constant traps: `/` and `%` go through
//      divI/modI (a constant zero divisor would not compile; Go's run-time
//      panic text is the same), and arithmetic on two constants is made
//      non-constant (ci) so that it cannot overflow at compile time.
//
// Semantics kept (corpus/README.md): inline go bodies and defers copy the
// registers they capture into fresh variables at the go/defer statement (Go
// 1.19 shares loop variables, so closures never touch the parent's); a
// procedure that returns a value returns (value, true), and `call … into r`
// assigns r only then (a bare `return` leaves r as it was, as the model
// does); memory statements go to per-run fields of the case struct: a
// `word` is a plain int read and written with ordinary, deliberately racy
// loads and stores (Go's race detector, `--race`, may report them), an
// `atomic` an int64 used only through sync/atomic (atomicAdd's into gets
// the new value, cas's into the swapped bool), both passed to procedures
// by pointer (two parameters may alias one word); sync objects are the
// standard library's (sync.Mutex, RWMutex, WaitGroup, Once, fields of the
// run's struct, zero each run; a cond is sync.NewCond(&its lock)), passed to
// procedures by pointer; a once's body is the func literal given to Do, so
// it shares the registers and its `return` ends f, as the model compiles it.
// A misused lock is Go's fatal error, which kills the process (the adapter
// runs such cases one process per run). Timers, tickers and time.After
// channels are made in each run's setup, just before its main starts (the
// model's time zero), passed to procedures as *time.Timer, *time.Ticker and
// <-chan time.Time, and received from with the time discarded (`<-t.C`,
// `case <-t.C:`, `for range k.C`); the teardown fires the timers (Reset(0),
// waking a goroutine of the ended run still parked on one) and stops the
// tickers, and the setup's timerSpan tells the driver how long to wait for
// them before it calls a goroutine blocked on one leaked.

import { readFileSync } from 'node:fs';
import type { Scenario } from '../../../model/ir.ts';
import { CaseGen } from './casegen.ts';
import { FAITHFUL_OPS, LIFO_GO, LIFO_OPS } from './chanops.ts';
import { goString, Unsupported } from './goexpr.ts';
import { LitmusGen, litmusBatchBlocker } from './litmus.ts';

export { MAX_CHAN_CAP } from './casegen.ts';
export { goString } from './goexpr.ts';
export { litmusBatchBlocker } from './litmus.ts';

export interface GoCase {
  /** Unique, [a-z0-9_-]+, chosen by the caller; the program's `-case` id. */
  readonly id: string;
  readonly scenario: Scenario;
}

export interface GeneratedProgram {
  /** File name → Go source, package main. */
  readonly files: Readonly<Record<string, string>>;
  /** Cases left out, with why. */
  readonly unsupported: readonly { id: string; reason: string }[];
  /**
   * Ids of the cases on the batched litmus path (litmusBatchBlocker says
   * which): a run of one is one iteration of a round, so the adapter asks
   * for many more runs per process. Absent: none is.
   */
  readonly batched?: readonly string[];
}

export type Variant = 'faithful' | 'lifo-buffer';

const DRIVER = readFileSync(new URL('./driver.go.txt', import.meta.url), 'utf8');

const CASES_PRELUDE = `// Generated by gospec (harness/adapters/go/codegen.ts) from the cases' scenarios. Do not edit.
package main

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var _ = runtime.Gosched
var _ = time.Sleep
var _ = atomic.LoadInt64
var _ sync.Mutex

// divI and modI: Go's integer division, made at run time (a constant zero
// divisor would not compile); the panic text is Go's own.
func divI(a, b int) int { return a / b }
func modI(a, b int) int { return a % b }

// ci makes an int constant non-constant, so that arithmetic on two
// constants cannot overflow at compile time.
func ci(a int) int { return a }
`;

const CASE_ID = /^[a-z0-9_-]+$/;

/**
 * Generates the program for these cases; cases it cannot express are listed
 * in `unsupported`. `batch: false` keeps every case off the batched litmus
 * path (for comparisons: bench/go.ts).
 */
export function generateProgram(cases: readonly GoCase[], opts: { variant?: Variant; batch?: boolean } = {}): GeneratedProgram {
  const variant = opts.variant ?? 'faithful';
  const seen = new Set<string>();
  for (const c of cases) {
    if (!CASE_ID.test(c.id)) throw new Error(`case id ${JSON.stringify(c.id)} is not [a-z0-9_-]+`);
    if (seen.has(c.id)) throw new Error(`case id ${JSON.stringify(c.id)} is given twice`);
    seen.add(c.id);
  }
  const unsupported: { id: string; reason: string }[] = [];
  const batched: string[] = [];
  const table: string[] = [];
  const bodies: string[] = [];
  cases.forEach((c, n) => {
    try {
      const gen = new CaseGen(`c${n}`, c, variant === 'lifo-buffer' ? LIFO_OPS : FAITHFUL_OPS);
      bodies.push(gen.generate());
      const batch = opts.batch !== false && litmusBatchBlocker(c.scenario) === null ? new LitmusGen(gen).emit() : null;
      if (batch !== null) {
        bodies.push(batch);
        batched.push(c.id);
      }
      table.push(`\t{id: ${goString(c.id)}, litmus: ${gen.litmus}, setup: c${n}_setup, gomaxprocs: ${goMaxProcs(c.scenario)}${batch !== null ? `, batch: c${n}_batch` : ''}},`);
    } catch (e) {
      if (e instanceof Unsupported) unsupported.push({ id: c.id, reason: e.message });
      else unsupported.push({ id: c.id, reason: `the generator failed (a bug in gospec, please report): ${e instanceof Error ? e.message : String(e)}` });
    }
  });
  const casesGo = [CASES_PRELUDE, 'var caseTable = []caseDef{', ...table, '}', '', ...bodies].join('\n');
  const files: Record<string, string> = { 'driver.go': DRIVER, 'cases.go': casesGo };
  if (variant === 'lifo-buffer') files['lifo.go'] = LIFO_GO;
  return { files, unsupported, batched };
}

/** The case's GOMAXPROCS as a Go int literal: a positive integer, or 0 for the machine's. */
function goMaxProcs(s: Scenario): number {
  const n = s.gomaxprocs;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 1024 ? n : 0;
}
