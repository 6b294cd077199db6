// Outcomes: what one run of a scenario shows from outside (docs/design.md,
// "Outcomes and verdicts"), in a canonical form the explorer, the harness and
// the reports share.
//
// Invariants:
//   1. `obs` maps each observed name to the values observed under it, in the
//      order they were observed; a name never observed is absent.
//   2. `end` is 'ok' when the program ended normally (main returned, or every
//      litmus thread finished). Three lists, each sorted and absent when
//      empty, then say what became of the goroutines still alive:
//        `parked`    parked (blocked) at the moment the program ended, as a
//                    stopped-world snapshot at main's return shows them:
//                    information, true of a fixed program whose helper main
//                    merely overtook;
//        `leaked`    blocked for ever: run on with main gone, no schedule
//                    lets them finish and they end up parked (a leak as
//                    goleak and a CI gate mean it);
//        `spinning`  running for ever: they never finish and never stay
//                    blocked (a live leak: a loop that polls, yields or
//                    sleeps round and round).
//      `leaked` and `spinning` are disjoint, and together they are every
//      goroutine that never finishes (model/explore/settle.ts).
//   3. `end` is 'deadlock', 'panic' or 'fatal': the process died, Go prints no
//      observations of ours, so `obs` is empty and nothing is parked or leaked.
//   3a. `end` is 'may-not-terminate': the run reached a state from which no
//      end is reachable (a livelock, or a goroutine spinning forever while
//      main waits); a real run hangs until the harness's timeout. `obs` is
//      empty: what was observed before the hang is not an outcome.
//   3b. `end` is 'fatal': a fatal error killed the process (runtime.fatal,
//      as sync's `unlock of unlocked mutex`): Go prints `fatal error:
//      <message>` and exits 2; unlike a panic it cannot be recovered, runs
//      no deferred calls, and its report names no goroutine by label, so
//      the outcome carries the message alone. (A deadlock is a fatal error
//      too, kept as an end of its own.)
//   4. `outcomeKey` is injective on canonical outcomes: equal keys, equal outcomes.

import type { OutcomeSpec, Value } from './ir.ts';
import { OUTCOME_KEYS } from './ir.ts';

export type End = 'ok' | 'deadlock' | 'panic' | 'fatal' | 'may-not-terminate';

export interface Outcome {
  readonly end: End;
  readonly obs: Readonly<Record<string, readonly Value[]>>;
  /** With end 'panic': Go's exact message, and the goroutine that panicked. */
  readonly panic?: { readonly message: string; readonly goroutine: string };
  /** With end 'fatal': the fatal error's message, as Go prints it after `fatal error: `. */
  readonly fatal?: { readonly message: string };
  /** With end 'ok': the goroutines parked when the program ended (labels, sorted). */
  readonly parked?: readonly string[];
  /** With end 'ok': the goroutines that stay blocked for ever, run on with main gone. */
  readonly leaked?: readonly string[];
  /** With end 'ok': the goroutines that run for ever without finishing (a live leak). */
  readonly spinning?: readonly string[];
}

/** The lists of an ok outcome, in the order keys, specs and reports write them. */
export const GOROUTINE_LISTS = ['parked', 'leaked', 'spinning'] as const;
export type GoroutineList = (typeof GOROUTINE_LISTS)[number];

/** What became of the goroutines left behind: blocked for ever, or running for ever. */
export interface Settled {
  readonly leaked: readonly string[];
  readonly spinning: readonly string[];
}

/** An ok outcome with what became of its goroutines (absent lists when empty). */
export function withSettled(o: Outcome, s: Settled): Outcome {
  const { leaked: _l, spinning: _s, ...rest } = o;
  return {
    ...rest,
    ...(s.leaked.length > 0 ? { leaked: [...s.leaked].sort() } : {}),
    ...(s.spinning.length > 0 ? { spinning: [...s.spinning].sort() } : {}),
  };
}

/** Does the outcome leave a goroutine that never finishes (blocked or spinning for ever)? */
export function leaks(o: Outcome): boolean {
  return (o.leaked?.length ?? 0) + (o.spinning?.length ?? 0) > 0;
}

// ---------------------------------------------------------------------------
// The codec: the one place an outcome is written down and read back.
//
// An outcome has two written forms and one key:
//   spec     as a case writes it (model/ir.ts OutcomeSpec), and as an
//            implementation speaking harness/protocol.ts answers: names at
//            the top level, a scalar for a name observed once, reserved
//            keys for the rest — { r1: 1, r2: [0, 1] }, { end: deadlock },
//            { end: panic, message: …, goroutine: main }, { got: 1, leaked: [w] };
//   record   every field typed and in its own place, as the generated Go
//            program prints it (harness/adapters/go/protocol.ts):
//            {"end":"ok","obs":{"r1":[1]},"leaked":["w"]},
//            {"end":"panic","message":"…","goroutine":"main"};
//   key      `outcomeKey`: compact, canonical, injective (invariant 4).
// Reading is validation, because what is read is untrusted (a case file, an
// implementation's output): every problem is an OutcomeIssue that names its
// field; `outcomeFromSpec` and `outcomeFromRecord` throw an OutcomeError for
// the first (`message: expected a string, got 3`), `outcomeSpecIssues` lists
// every one (the corpus loader reports them all, at their place in the
// file). What is read comes back canonical: goroutine lists sorted, absent
// when empty.

/** Every way a run may end, in the order messages list them (`satisfies` keeps it in step with End). */
export const ENDS = Object.keys({ ok: true, deadlock: true, panic: true, fatal: true, 'may-not-terminate': true } satisfies Record<End, true>) as readonly End[];

/** A compact canonical key: sorted names, values in observation order. */
export function outcomeKey(o: Outcome): string {
  if (o.end === 'deadlock' || o.end === 'may-not-terminate') return o.end;
  if (o.end === 'panic') return `panic(${JSON.stringify(o.panic?.message ?? '')}@${o.panic?.goroutine ?? ''})`;
  if (o.end === 'fatal') return `fatal(${JSON.stringify(o.fatal?.message ?? '')})`;
  const names = Object.keys(o.obs).sort();
  const parts = names.map((n) => `${n}=${o.obs[n]!.join(',')}`);
  const lists = GOROUTINE_LISTS.map((l) => (o[l] && o[l].length > 0 ? ` ${l}=${[...o[l]].sort().join(',')}` : '')).join('');
  return `{${parts.join(' ')}}${lists}`;
}

/** One problem with a written outcome. */
export interface OutcomeIssue {
  /** The field at fault, from the outcome's top: ['end'], ['obs', 'r'], ['goroutine']; [] for the whole outcome. */
  readonly path: readonly string[];
  /** What is wrong, in words; the value at fault, when there is one, is in `found`. */
  readonly message: string;
  /** The value at fault (present, perhaps `undefined`, when the value is what is wrong). */
  readonly found?: unknown;
  /** The field is missing (its path names it; it has no place of its own in the text). */
  readonly missing?: true;
  /** The key itself does not belong here (not its value). */
  readonly at?: 'key';
}

/** A written outcome that cannot be read: `field` names where (`outcome.obs.v`), the message says why. */
export class OutcomeError extends Error {
  constructor(readonly field: string, readonly issue: OutcomeIssue) {
    super(`${field}: ${issue.message}${'found' in issue ? `, got ${shown(issue.found)}` : ''}`);
    this.name = 'OutcomeError';
  }
}

/** A value as JSON shows it, cut short; `nothing` for a missing one. */
function shown(v: unknown): string {
  const text = JSON.stringify(v);
  return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

const isRecord = (x: unknown): x is Readonly<Record<string, unknown>> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isValue = (x: unknown): x is Value => typeof x === 'boolean' || (typeof x === 'number' && Number.isSafeInteger(x));
const listed = (ends: readonly string[]): string => (ends.length < 2 ? ends.join('') : `${ends.slice(0, -1).join(', ')} or ${ends[ends.length - 1]}`);

/** What the fields an end requires hold, for "needs" messages. */
const NEEDS = {
  panic: { message: "Go's panic message", goroutine: 'the goroutine that panicked' },
  fatal: { message: "Go's fatal error message" },
} as const;

/**
 * The rules both forms share, on the fields they write alike (`end`,
 * `message`, `goroutine`, the goroutine lists): which end has which field,
 * and its type. Returns the end when it is one of `ends`.
 */
function commonIssues(x: Readonly<Record<string, unknown>>, o: { partial: boolean; ends: readonly End[]; lists: 'string-or-list' | 'list' }, out: OutcomeIssue[]): End | undefined {
  const raw = o.lists === 'list' ? x.end : (x.end ?? 'ok');
  const end = typeof raw === 'string' && (o.ends as readonly string[]).includes(raw) ? (raw as End) : undefined;
  if (end === undefined) out.push({ path: ['end'], message: `expected ${listed(o.ends)}`, found: raw });
  for (const key of ['message', 'goroutine'] as const) {
    const owner = key === 'message' && end === 'fatal' ? 'fatal' : 'panic';
    const v = x[key];
    if (v === undefined) {
      if (!o.partial && end === owner) out.push({ path: [key], message: `a ${owner} outcome needs \`${key}\` (${(NEEDS[owner] as Record<string, string>)[key]})`, missing: true });
    } else if (end !== undefined && end !== owner) {
      out.push({ path: [key], message: key === 'message' ? '`message` belongs to a panic or fatal outcome (end: panic, end: fatal)' : '`goroutine` belongs to a panic outcome (end: panic)', at: 'key' });
    } else if (typeof v !== 'string') {
      out.push({ path: [key], message: 'expected a string', found: v });
    }
  }
  for (const l of GOROUTINE_LISTS) {
    const v = x[l];
    if (v === undefined || (o.lists === 'list' && (v === null || (Array.isArray(v) && v.length === 0)))) continue;
    const ok = Array.isArray(v) ? v.every((g) => typeof g === 'string') : o.lists === 'string-or-list' && typeof v === 'string';
    if (!ok) out.push({ path: [l], message: `\`${l}\` lists goroutine names`, found: v });
    else if (end !== undefined && end !== 'ok') out.push({ path: [l], message: `a ${end} outcome has no \`${l}\` list: only a program whose main returned leaves goroutines behind`, at: 'key' });
  }
  return end;
}

const noObservations = (end: End): string => `a ${end} outcome has no observations (the run dies or hangs before printing them)`;

/** The values of one observed name, checked: a non-empty list of ints and bools. */
function valueIssues(path: readonly string[], values: readonly unknown[], out: OutcomeIssue[]): void {
  if (values.length === 0) out.push({ path, message: 'expected a value or a non-empty list of values', found: values });
  const bad = values.findIndex((v) => !isValue(v));
  if (bad >= 0) out.push({ path, message: 'observed values are ints or bools', found: values[bad] });
}

/**
 * Every problem of an outcome in the spec form. A complete outcome
 * (`expect.allowed`, an implementation's answer) must have the fields its
 * end needs; a partial one (`expect.forbidden`, a question) may leave any
 * out. Keys other than the reserved ones (OUTCOME_KEYS) are observation names.
 */
export function outcomeSpecIssues(x: unknown, o: { readonly partial?: boolean } = {}): OutcomeIssue[] {
  const out: OutcomeIssue[] = [];
  if (!isRecord(x)) return [{ path: [], message: `expected a mapping of observation names to values (and ${OUTCOME_KEYS.join(', ')})`, found: x }];
  const end = commonIssues(x, { partial: o.partial === true, ends: ENDS, lists: 'string-or-list' }, out);
  for (const [k, v] of Object.entries(x)) {
    if ((OUTCOME_KEYS as readonly string[]).includes(k)) continue;
    if (end !== undefined && end !== 'ok') out.push({ path: [k], message: noObservations(end), at: 'key' });
    valueIssues([k], Array.isArray(v) ? v : [v], out);
  }
  return out;
}

function firstIssue(issues: readonly OutcomeIssue[], where: string): void {
  const iss = issues[0];
  if (iss === undefined) return;
  const field = [where, ...iss.path].filter((p) => p !== '').join('.');
  throw new OutcomeError(field === '' ? 'outcome' : field, iss);
}

/** The observation names of a spec (its keys that are not reserved). */
export function specObservations(spec: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(spec).filter((k) => !(OUTCOME_KEYS as readonly string[]).includes(k));
}

/** Canonical goroutine lists: sorted, absent when empty. */
function canonicalLists(get: (l: GoroutineList) => readonly string[]): { -readonly [L in GoroutineList]?: string[] } {
  const lists: { -readonly [L in GoroutineList]?: string[] } = {};
  for (const l of GOROUTINE_LISTS) {
    const names = [...get(l)].sort();
    if (names.length > 0) lists[l] = names;
  }
  return lists;
}

/** The outcome in the words a case uses (the inverse of `outcomeFromSpec`). */
export function outcomeToSpec(o: Outcome): OutcomeSpec {
  if (o.end === 'deadlock' || o.end === 'may-not-terminate') return { end: o.end };
  if (o.end === 'panic') {
    return { end: 'panic', message: o.panic?.message ?? '', goroutine: o.panic?.goroutine ?? '' };
  }
  if (o.end === 'fatal') return { end: 'fatal', message: o.fatal?.message ?? '' };
  const spec: OutcomeSpec = {};
  for (const n of Object.keys(o.obs).sort()) {
    const vs = o.obs[n]!;
    spec[n] = vs.length === 1 ? vs[0]! : [...vs];
  }
  for (const l of GOROUTINE_LISTS) if (o[l] && o[l].length > 0) spec[l] = [...o[l]].sort();
  return spec;
}

/**
 * Reads a complete outcome in the spec form (a case's, or an
 * implementation's answer: untrusted); throws an OutcomeError naming the
 * first field at fault, under `where` when given (`report.outcome.end`).
 */
export function outcomeFromSpec(spec: unknown, where = ''): Outcome {
  firstIssue(outcomeSpecIssues(spec), where);
  const x = spec as Readonly<Record<string, unknown>>;
  const end = (x.end ?? 'ok') as End;
  if (end === 'deadlock' || end === 'may-not-terminate') return { end, obs: {} };
  if (end === 'panic') return { end, obs: {}, panic: { message: x.message as string, goroutine: x.goroutine as string } };
  if (end === 'fatal') return { end, obs: {}, fatal: { message: x.message as string } };
  const obs: Record<string, Value[]> = {};
  for (const k of specObservations(x)) obs[k] = (Array.isArray(x[k]) ? [...(x[k] as Value[])] : [x[k] as Value]);
  const lists = canonicalLists((l) => {
    const v = x[l];
    return v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string];
  });
  return { end: 'ok', obs, ...lists };
}

/** An outcome in the record form (as the generated Go program prints it). */
export interface OutcomeRecord {
  readonly end: End;
  readonly obs?: Readonly<Record<string, readonly Value[]>>;
  readonly message?: string;
  readonly goroutine?: string;
  readonly parked?: readonly string[];
  readonly leaked?: readonly string[];
  readonly spinning?: readonly string[];
}

const RECORD_KEYS: readonly string[] = ['end', 'obs', 'message', 'goroutine', ...GOROUTINE_LISTS];

/**
 * Every problem of an outcome in the record form. `ends` are the ends the
 * writer may report (the Go program reports a fatal error on stderr, never
 * in a record); empty `obs`, `null` and empty lists count as absent.
 */
export function outcomeRecordIssues(x: unknown, ends: readonly End[] = ENDS): OutcomeIssue[] {
  if (!isRecord(x)) return [{ path: [], message: 'expected an object', found: x }];
  const out: OutcomeIssue[] = [];
  const end = commonIssues(x, { partial: false, ends, lists: 'list' }, out);
  for (const k of Object.keys(x)) {
    if (!RECORD_KEYS.includes(k)) out.push({ path: [k], message: `an outcome record has no \`${k}\` (its fields: ${RECORD_KEYS.join(', ')})`, at: 'key' });
  }
  const obs = x.obs ?? {};
  if (!isRecord(obs)) {
    out.push({ path: ['obs'], message: 'expected an object of name → list of values', found: obs });
  } else if (Object.keys(obs).length > 0 && end !== undefined && end !== 'ok') {
    out.push({ path: ['obs'], message: noObservations(end), at: 'key' });
  } else {
    for (const [name, values] of Object.entries(obs)) {
      if (!Array.isArray(values) || values.length === 0) out.push({ path: ['obs', name], message: 'expected a non-empty list of values', found: values });
      else valueIssues(['obs', name], values, out);
    }
  }
  return out;
}

/**
 * Reads an outcome in the record form (an implementation's output:
 * untrusted); throws an OutcomeError naming the first field at fault, under
 * `where` (default `outcome`: `outcome.obs.v`).
 */
export function outcomeFromRecord(x: unknown, where = 'outcome', ends: readonly End[] = ENDS): Outcome {
  firstIssue(outcomeRecordIssues(x, ends), where);
  const r = x as OutcomeRecord;
  if (r.end === 'deadlock' || r.end === 'may-not-terminate') return { end: r.end, obs: {} };
  if (r.end === 'panic') return { end: 'panic', obs: {}, panic: { message: r.message!, goroutine: r.goroutine! } };
  if (r.end === 'fatal') return { end: 'fatal', obs: {}, fatal: { message: r.message! } };
  const obs: Record<string, Value[]> = {};
  for (const [name, values] of Object.entries(r.obs ?? {})) obs[name] = [...values];
  return { end: 'ok', obs, ...canonicalLists((l) => r[l] ?? []) };
}

/** The outcome in the record form (the inverse of `outcomeFromRecord`). */
export function outcomeToRecord(o: Outcome): OutcomeRecord {
  if (o.end === 'panic') return { end: 'panic', message: o.panic?.message ?? '', goroutine: o.panic?.goroutine ?? '' };
  if (o.end === 'fatal') return { end: 'fatal', message: o.fatal?.message ?? '' };
  if (o.end !== 'ok') return { end: o.end };
  const obs: Record<string, Value[]> = {};
  for (const n of Object.keys(o.obs).sort()) obs[n] = [...o.obs[n]!];
  return { end: 'ok', obs, ...canonicalLists((l) => o[l] ?? []) };
}

/**
 * Does a complete outcome match a partial one? Every key the partial spec
 * names must agree; keys it leaves out match anything.
 */
export function matchesPartial(o: Outcome, partial: OutcomeSpec): boolean {
  const full = outcomeToSpec(o);
  for (const [k, want] of Object.entries(partial)) {
    if (k === 'end') {
      if ((want ?? 'ok') !== o.end) return false;
      continue;
    }
    const got = full[k];
    const list = (GOROUTINE_LISTS as readonly string[]).includes(k);
    const norm = (x: unknown): string => JSON.stringify(Array.isArray(x) && x.length === 1 && !list ? x[0] : list && !Array.isArray(x) ? [x] : x);
    // A goroutine list the partial spec names as empty matches an outcome without it.
    if (got === undefined && list && Array.isArray(want) && want.length === 0) continue;
    if (got === undefined || norm(got) !== norm(want)) return false;
  }
  return true;
}

/** One line for a report: `r1=1 r2=0`, `deadlock`, `panic: send on closed channel [main]`. */
export function describeOutcome(o: Outcome): string {
  if (o.end === 'deadlock') return 'fatal error: all goroutines are asleep - deadlock!';
  if (o.end === 'may-not-terminate') return 'may not terminate (runs forever from here)';
  if (o.end === 'panic') return `panic: ${o.panic?.message} [goroutine ${o.panic?.goroutine}]`;
  if (o.end === 'fatal') return `fatal error: ${o.fatal?.message}`;
  const names = Object.keys(o.obs).sort();
  const body = names.map((n) => {
    const vs = o.obs[n]!;
    return `${n}=${vs.length === 1 ? String(vs[0]) : `[${vs.join(' ')}]`}`;
  });
  const words: Record<GoroutineList, string> = { parked: 'parked at exit', leaked: 'leaked (blocked for ever)', spinning: 'spinning for ever' };
  const lists = GOROUTINE_LISTS.filter((l) => o[l] && o[l].length > 0).map((l) => `${words[l]}: ${o[l]!.join(', ')}`);
  return [body.join(' '), ...lists].filter((x) => x !== '').join('; ') || 'ok';
}
