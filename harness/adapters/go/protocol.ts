// What a generated Go program prints, read back into the model's words.
//
// The program (harness/adapters/go/codegen.ts writes it) speaks three ways:
//   prog -list                         one case id per line;
//   prog -case ID -runs N -seed S -timeout MS
//                                      ONE JSON line: the histogram of N runs
//                                      made in-process (a `BatchReport`); on
//                                      the batched litmus path a run that
//                                      hangs ends the process early: the
//                                      report then says `stopped` (why) and
//                                      counts the runs it made, 1 to N;
//   prog -case ID -single              one run as a real program: Go's own
//                                      "all goroutines are asleep" fatal error
//                                      (exit 2, nothing on stdout) is a
//                                      deadlock, and sync's fatal errors
//                                      ("fatal error: sync: …", exit 2) are
//                                      the end 'fatal'; otherwise ONE JSON
//                                      line (a `SingleReport`), exit 0 for
//                                      ok, 2 for a panic.
// An outcome on the wire, in the record form of model/outcome.ts's codec:
//   {"end":"ok","obs":{"name":[values…]},"parked":["label",…],"leaked":[…],"spinning":[…]}
//     (parked: at main's return; leaked, spinning: once the goroutines left
//     behind have settled, goleak's way: see driver.go.txt)
//   {"end":"panic","message":"…","goroutine":"label"}
//   {"end":"may-not-terminate"}
//
// Everything here is a pure function of the text: it validates the shape
// and says precisely what is wrong when the shape is not right, since a
// malformed line is the IUT (or the generator) breaking the protocol, and the
// report must say so plainly rather than guess.

import type { End, Outcome } from '../../../model/outcome.ts';
import { OutcomeError, outcomeFromRecord } from '../../../model/outcome.ts';

/** What the program says about itself (all fields optional on the wire, checked here). */
export interface ProgramMeta {
  readonly goVersion: string | null;
  readonly goos: string | null;
  readonly goarch: string | null;
  readonly gomaxprocs: number | null;
  readonly compiler: string | null;
}

export interface BatchEntry {
  readonly outcome: Outcome;
  readonly count: number;
  readonly firstRun: number;
}

export interface BatchError {
  readonly kind: string;
  readonly message: string;
  readonly count: number;
}

export interface BatchReport {
  readonly case: string;
  readonly runs: number;
  readonly histogram: readonly BatchEntry[];
  readonly errors: readonly BatchError[];
  readonly meta: ProgramMeta;
  /** Why the process made fewer runs than asked for (`runs` says how many); absent when it made them all. */
  readonly stopped?: string;
  /** What the runs' measure bodies took, ns, by name; absent when the case measures nothing. */
  readonly measures?: Measures;
}

export interface SingleReport {
  readonly case: string;
  readonly outcome: Outcome;
  readonly meta: ProgramMeta;
  readonly measures?: Measures;
}

/** Durations in ns, by measure name. */
export type Measures = Readonly<Record<string, readonly number[]>>;

/** A report's `measures`: an object of lists of non-negative whole ns. */
function parseMeasures(x: Json | undefined, where: string): Measures | undefined {
  if (x === undefined || x === null) return undefined;
  if (!isObject(x)) fail(where, 'an object', x);
  const out: Record<string, number[]> = {};
  for (const [name, ds] of Object.entries(x)) {
    if (!Array.isArray(ds) || !ds.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) fail(`${where}.${name}`, 'a list of durations in ns', ds);
    out[name] = ds as number[];
  }
  return out;
}

/** Go's fatal error for a program whose goroutines are all blocked (runtime/proc.go checkdead). */
export const DEADLOCK_FATAL = 'fatal error: all goroutines are asleep - deadlock!';

/** A malformed line: `message` says which field and why. */
export class ProtocolError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(x: unknown): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fail(where: string, what: string, got: unknown): never {
  const text = JSON.stringify(got);
  throw new ProtocolError(`${where}: expected ${what}, got ${text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 80)}…` : text}`);
}

function str(o: Record<string, Json>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') fail(`${where}.${key}`, 'a string', v);
  return v;
}

function count(o: Record<string, Json>, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(`${where}.${key}`, 'a non-negative integer', v);
  return v;
}

/** The ends a record on stdout may have (as ever): a fatal error is only ever read from stderr, where Go prints it (syncFatalReport). */
const WIRE_ENDS: readonly End[] = ['ok', 'panic', 'deadlock', 'may-not-terminate'];

/** One outcome on the wire (the codec's record form, model/outcome.ts) → the model's Outcome; a malformed one is a ProtocolError naming its field. */
export function parseOutcome(x: unknown, where = 'outcome'): Outcome {
  try {
    return outcomeFromRecord(x, where, WIRE_ENDS);
  } catch (e) {
    if (e instanceof OutcomeError) throw new ProtocolError(e.message);
    throw e;
  }
}

function parseMeta(x: unknown): ProgramMeta {
  const m = isObject(x) ? x : {};
  const s = (k: string): string | null => (typeof m[k] === 'string' ? (m[k] as string) : null);
  const n = m.gomaxprocs;
  return { goVersion: s('goVersion'), goos: s('goos'), goarch: s('goarch'), gomaxprocs: typeof n === 'number' ? n : null, compiler: s('compiler') };
}

/** The one JSON line a program printed; anything around it is a protocol error. */
function oneLine(stdout: string): unknown {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new ProtocolError('printed nothing on stdout');
  if (lines.length > 1) throw new ProtocolError(`printed ${lines.length} lines on stdout, expected one JSON line; the first: ${lines[0]!.slice(0, 120)}`);
  try {
    return JSON.parse(lines[0]!);
  } catch {
    throw new ProtocolError(`printed a line that is not JSON: ${lines[0]!.slice(0, 120)}`);
  }
}

/** `prog -case ID -runs N …`'s line; checks the id, the run count (N, or 1 to N when it says why it `stopped`) and that the counts add up. */
export function parseBatch(stdout: string, id: string, runs: number): BatchReport {
  const x = oneLine(stdout);
  if (!isObject(x)) fail('report', 'an object', x);
  const got = str(x, 'case', 'report');
  if (got !== id) fail('report.case', JSON.stringify(id), got);
  const stopped = x.stopped;
  if (stopped !== undefined && typeof stopped !== 'string') fail('report.stopped', 'a string', stopped);
  const n = count(x, 'runs', 'report');
  if (stopped === undefined ? n !== runs : n < 1 || n > runs) fail('report.runs', stopped === undefined ? String(runs) : `1 to ${runs}`, n);
  if (!Array.isArray(x.histogram)) fail('report.histogram', 'a list', x.histogram);
  const histogram = x.histogram.map((e, i): BatchEntry => {
    const where = `report.histogram[${i}]`;
    if (!isObject(e)) fail(where, 'an object', e);
    const c = count(e, 'count', where);
    if (c === 0) fail(`${where}.count`, 'at least 1', c);
    return { outcome: parseOutcome(e.outcome, `${where}.outcome`), count: c, firstRun: count(e, 'firstRun', where) };
  });
  const errorsRaw = x.errors ?? [];
  if (!Array.isArray(errorsRaw)) fail('report.errors', 'a list', errorsRaw);
  const errors = errorsRaw.map((e, i): BatchError => {
    const where = `report.errors[${i}]`;
    if (!isObject(e)) fail(where, 'an object', e);
    return { kind: str(e, 'kind', where), message: str(e, 'message', where), count: count(e, 'count', where) };
  });
  const total = histogram.reduce((a, e) => a + e.count, 0) + errors.reduce((a, e) => a + e.count, 0);
  if (total !== n) throw new ProtocolError(`the histogram and errors count ${total} runs, the report says ${n}`);
  const measures = parseMeasures(x.measures, 'report.measures');
  return { case: got, runs: n, histogram, errors, meta: parseMeta(x.meta), ...(stopped !== undefined ? { stopped } : {}), ...(measures ? { measures } : {}) };
}

/** `prog -case ID -single`'s line. */
export function parseSingle(stdout: string, id: string): SingleReport {
  const x = oneLine(stdout);
  if (!isObject(x)) fail('report', 'an object', x);
  const got = str(x, 'case', 'report');
  if (got !== id) fail('report.case', JSON.stringify(id), got);
  const measures = parseMeasures(x.measures, 'report.measures');
  return { case: got, outcome: parseOutcome(x.outcome, 'report.outcome'), meta: parseMeta(x.meta), ...(measures ? { measures } : {}) };
}

/** Does stderr carry Go's deadlock report? (The line starts the fatal error, as Go prints it.) */
export function isDeadlockReport(stderr: string): boolean {
  return stderr.split('\n').some((l) => l.trim() === DEADLOCK_FATAL);
}

/**
 * The message of a fatal error the sync package raised (`fatal error: sync:
 * unlock of unlocked mutex` → `sync: unlock of unlocked mutex`), or null.
 * Only sync's fatal errors are outcomes the model knows (model/outcome.ts
 * end 'fatal'); any other fatal error is a crash of the program.
 */
export function syncFatalReport(stderr: string): string | null {
  for (const l of stderr.split('\n')) {
    const m = /^fatal error: (sync: .*)$/.exec(l.trim());
    if (m) return m[1]!;
  }
  return null;
}
