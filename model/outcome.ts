// Outcomes: what one run of a scenario shows from outside (DESIGN.md,
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

/** Reads a case's complete outcome; throws with the offending key when malformed. */
export function outcomeFromSpec(spec: OutcomeSpec): Outcome {
  const end = (spec.end ?? 'ok') as string;
  if (end !== 'ok' && end !== 'deadlock' && end !== 'panic' && end !== 'fatal' && end !== 'may-not-terminate') {
    throw new Error(`end: expected ok, deadlock, panic, fatal or may-not-terminate, got ${JSON.stringify(end)}`);
  }
  if (end === 'deadlock' || end === 'may-not-terminate') return { end, obs: {} };
  if (end === 'panic') {
    const message = spec.message;
    if (typeof message !== 'string') throw new Error('message: a panic outcome needs the panic message');
    const goroutine = spec.goroutine;
    if (typeof goroutine !== 'string') throw new Error('goroutine: a panic outcome names the goroutine that panicked');
    return { end, obs: {}, panic: { message, goroutine } };
  }
  if (end === 'fatal') {
    const message = spec.message;
    if (typeof message !== 'string') throw new Error('message: a fatal outcome needs the fatal error\'s message');
    return { end, obs: {}, fatal: { message } };
  }
  const obs: Record<string, Value[]> = {};
  for (const [k, v] of Object.entries(spec)) {
    if ((OUTCOME_KEYS as readonly string[]).includes(k)) continue;
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) {
      if (typeof x !== 'number' && typeof x !== 'boolean') {
        throw new Error(`${k}: observed values are ints or bools, got ${JSON.stringify(x)}`);
      }
    }
    obs[k] = values as Value[];
  }
  const lists: { -readonly [L in GoroutineList]?: string[] } = {};
  for (const l of GOROUTINE_LISTS) {
    const raw = spec[l];
    const names = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).map(String).sort();
    if (names.length > 0) lists[l] = names;
  }
  return { end: 'ok', obs, ...lists };
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
