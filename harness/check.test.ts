// The checker's verdicts and expectation failures, each shown on a small
// scenario built in code, with deliberately wrong expectations and
// deliberately wrong implementations (a fake adapter, a mutant model).

import { describe, expect, it } from 'vitest';
import type { OutcomeSpec, Scenario } from '../model/ir.ts';
import type { Outcome } from '../model/outcome.ts';
import { describeOutcome, outcomeFromSpec, outcomeKey } from '../model/outcome.ts';
import type { RaceReport } from '../model/explore/oracle.ts';
import { explore } from '../model/explore/oracle.ts';
import { replay } from '../model/explore/replay.ts';
import { mutant } from '../model/semantics.ts';
import type { Adapter, Audit, AuditAgreement, Observed, ObservedExample } from './adapters/adapter.ts';
import { HistogramBuilder } from './adapters/adapter.ts';
import { makeModelAdapter, modelAdapter, runSeed } from './adapters/model.ts';
import type { CaseResult, RunReport } from './check.ts';
import {
  checkCase, checkExpectation, checkObserved, describeExpectationFailure, describeMeasure, exitCode, failureWitness, MEASURE_TOLERANCE, measureReports, nearestAllowed,
  similarity, summaryLine,
} from './check.ts';
import { formatCase } from './report/console.ts';

const SEED = 20261125;

/** main receives from a goroutine over an unbuffered channel: one outcome, v=7. */
const rendezvous: Scenario = {
  name: 'rendezvous',
  objects: { c: { kind: 'chan', cap: 0 } },
  main: [
    { go: { body: [{ send: { chan: 'c', value: 7 } }] } },
    { recv: { chan: 'c', into: 'v' } },
    { observe: { v: { reg: 'v' } } },
  ],
  expect: { allowed: [{ v: 7 }], forbidden: [{ v: 0 }], verdict: 'ok', explored: { states: 14, transitions: 16, maxDepth: 6 } },
};

/** A select over two ready buffered channels: v=1 or v=2. */
const twoReady: Scenario = {
  name: 'two-ready',
  objects: { a: { kind: 'chan', cap: 1 }, b: { kind: 'chan', cap: 1 } },
  main: [
    { send: { chan: 'a', value: 1 } },
    { send: { chan: 'b', value: 2 } },
    { select: { cases: [{ recv: { chan: 'a', into: 'v' } }, { recv: { chan: 'b', into: 'v' } }] } },
    { observe: { v: { reg: 'v' } } },
  ],
  expect: { allowed: [{ v: 1 }, { v: 2 }] },
};

/** A buffered channel keeps FIFO order: got=[1 2], never [2 1]. */
const fifo: Scenario = {
  name: 'buffered-fifo',
  objects: { c: { kind: 'chan', cap: 2 } },
  main: [
    { send: { chan: 'c', value: 1 } },
    { send: { chan: 'c', value: 2 } },
    { repeat: { times: 2, body: [{ recv: { chan: 'c', into: 'v' } }, { observe: { got: { reg: 'v' } } }] } },
  ],
  expect: { allowed: [{ got: [1, 2] }] },
};

const deadlock: Scenario = {
  name: 'recv-deadlock',
  objects: { c: { kind: 'chan' } },
  main: [{ recv: { chan: 'c' } }],
  expect: { verdict: 'deadlock' },
};

/** An adapter that reports the outcomes it is given, `count` times each: a stand-in for a broken IUT. */
function fakeAdapter(name: string, shows: readonly { spec: OutcomeSpec; count: number; example?: ObservedExample }[], errors: readonly { kind: 'crash' | 'timeout'; message: string }[] = []): Adapter {
  return {
    name,
    run: async () => {
      const h = new HistogramBuilder(name);
      let run = 0;
      for (const s of shows) {
        const o = outcomeFromSpec(s.spec);
        for (let i = 0; i < s.count; i++) h.outcome(outcomeKey(o), o, s.example ?? { run: run++ });
      }
      for (const e of errors) h.error(e.kind, e.message, { run: run++ });
      return h.build();
    },
  };
}

const messages = (s: Scenario, r = explore(s)): string[] => checkExpectation(s, r).failures.map(describeExpectationFailure);

describe('checkExpectation: the corpus oracle check', () => {
  it('passes when allowed, forbidden, verdict and statistics all agree with the explorer', () => {
    // Arrange
    const r = explore(rendezvous);
    // Act
    const report = checkExpectation(rendezvous, r);
    // Assert
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('names each missing and each extra outcome, and gives the witness of the extra one', () => {
    // Arrange: the case claims v=9, the model computes v=7
    const wrong: Scenario = { ...rendezvous, expect: { allowed: [{ v: 9 }] } };
    // Act
    const report = checkExpectation(wrong, explore(wrong));
    // Assert
    expect(report.failures.map(describeExpectationFailure)).toEqual([
      'expect.allowed[0] allows "v=9", which the model never reaches',
      'the model reaches "v=7", which expect.allowed does not list',
    ]);
    const extra = report.failures.find((f) => f.kind === 'extra');
    expect(extra && 'witness' in extra ? replay(wrong, extra.witness).outcome : null).toMatchObject({ obs: { v: [7] } });
  });

  it('reports an allowed set that lists only some of the outcomes', () => {
    const partial: Scenario = { ...twoReady, expect: { allowed: [{ v: 1 }] } };
    expect(messages(partial)).toEqual(['the model reaches "v=2", which expect.allowed does not list']);
  });

  it('reports a forbidden partial outcome that the model reaches, with its index', () => {
    const wrong: Scenario = { ...twoReady, expect: { forbidden: [{ v: 3 }, { v: 2 }] } };
    expect(messages(wrong)).toEqual(['expect.forbidden[1] { v: 2 } forbids "v=2", which the model reaches']);
  });

  it('checks the verdict against every outcome', () => {
    expect(messages(deadlock)).toEqual([]);
    const wrong: Scenario = { ...deadlock, expect: { verdict: 'ok' } };
    expect(messages(wrong)).toEqual(['expect.verdict is ok, but the model reaches "fatal error: all goroutines are asleep - deadlock!"']);
    const panics: Scenario = { ...deadlock, expect: { verdict: { panic: 'close of nil channel' } } };
    expect(messages(panics)).toEqual(['expect.verdict is panic: close of nil channel, but the model reaches "fatal error: all goroutines are asleep - deadlock!"']);
  });

  it('compares each exploration statistic the case gives, and only those', () => {
    const wrong: Scenario = { ...rendezvous, expect: { explored: { states: 13, maxDepth: 6 } } };
    expect(messages(wrong)).toEqual(['expect.explored.states is 13, the explorer counts 14']);
    const transitions: Scenario = { ...rendezvous, expect: { explored: { transitions: 1 } } };
    expect(messages(transitions)).toEqual(['expect.explored.transitions is 1, the explorer counts 16']);
  });

  it('fails an exploration cut by a bound, unless the case has nothing to compare', () => {
    // Arrange
    const r = explore(rendezvous, { config: { bounds: { maxStates: 3 } } });
    // Act / Assert
    expect(r.complete).toBe(false);
    expect(messages(rendezvous, r)).toContain('the exploration hit its states bound (3) before finishing: the outcome set may be incomplete');
    const bare: Scenario = { ...rendezvous, expect: undefined };
    expect(checkExpectation(bare, r)).toMatchObject({ ok: true, notes: ['the case states no expectation'] });
  });

  it('names the malformed outcome spec by its index instead of throwing', () => {
    const wrong: Scenario = { ...rendezvous, expect: { allowed: [{ v: 7 }, { end: 'explode' }, { end: 'panic', message: 'x' }] } };
    const report = checkExpectation(wrong, explore(wrong));
    expect(report.case).toBe('rendezvous');
    expect(report.failures.map(describeExpectationFailure)).toEqual([
      expect.stringMatching(/^expect\.allowed\[1\] is malformed: \{ end: explode \}: end: expected ok, deadlock, .*got "explode"$/),
      'expect.allowed[2] is malformed: { end: panic, message: x }: goroutine: a panic outcome needs `goroutine` (the goroutine that panicked)',
    ]);
  });

  it('does not compare an expectation stated at another level', () => {
    const gcCase: Scenario = { ...twoReady, level: 'gc', expect: { allowed: [{ v: 1 }] } };
    const report = checkExpectation(gcCase, explore(gcCase, { config: { level: 'spec' } }));
    expect(report.ok).toBe(true);
    expect(report.notes[0]).toMatch(/stated at level gc; explored at level spec/);
  });
});

describe('checkExpectation: the litmus question and the race verdict', () => {
  const ask = (kind: 'allowed' | 'forbidden' | 'required', outcome: OutcomeSpec): Scenario => ({ ...twoReady, expect: { question: { kind, outcome } } });

  it('allowed (exists): passes when some outcome matches the partial outcome, and names case and question when none does', () => {
    expect(messages(ask('allowed', { v: 2 }))).toEqual([]);
    expect(messages(ask('allowed', { v: 3 }))).toEqual([
      'two-ready: expect.question asks allowed { v: 3 }, but no outcome the model reaches matches it',
    ]);
  });

  it('forbidden (~exists): fails with each matching outcome and a witness that replays to it', () => {
    // Arrange
    const s = ask('forbidden', { v: 2 });
    // Act
    const report = checkExpectation(s, explore(s));
    // Assert
    expect(messages(ask('forbidden', { v: 3 }))).toEqual([]);
    expect(report.failures.map(describeExpectationFailure)).toEqual([
      'two-ready: expect.question asks forbidden { v: 2 }, but the model reaches "v=2", which matches it',
    ]);
    const w = failureWitness(report.failures[0]!);
    expect(w && replay(s, w).outcome).toMatchObject({ obs: { v: [2] } });
  });

  it('required (forall): fails with each outcome that does not match, with its witness', () => {
    // Arrange
    const s = ask('required', { v: 1 });
    // Act
    const report = checkExpectation(s, explore(s));
    // Assert
    expect(messages(ask('required', { end: 'ok' }))).toEqual([]);
    expect(report.failures.map(describeExpectationFailure)).toEqual([
      'two-ready: expect.question asks required { v: 1 }, but the model reaches "v=2", which does not match it',
    ]);
    const w = failureWitness(report.failures[0]!);
    expect(w && replay(s, w).outcome).toMatchObject({ obs: { v: [2] } });
  });

  it('racy: compares with the explorer\'s race verdict, naming the race and its witness', () => {
    // Arrange: a race report as the explorer gives it (the schedule is the allowed outcome's witness)
    const r = explore(twoReady);
    const witness = r.outcomes[0]!.witness;
    const race: RaceReport = {
      word: 'x',
      first: { site: 'goroutines.P[0].store', kind: 'write', goroutine: 'P' },
      second: { site: 'goroutines.Q[0].load', kind: 'read', goroutine: 'Q' },
      witness,
    };
    const racy = { ...r, racy: true, races: [race] };
    const clean = { ...r, racy: false, races: [] };
    const says = (want: boolean): Scenario => ({ ...twoReady, expect: { racy: want } });
    // Act / Assert
    expect(checkExpectation(says(true), racy).failures).toEqual([]);
    expect(checkExpectation(says(false), clean).failures).toEqual([]);
    expect(messages(says(true), clean)).toEqual(['two-ready: expect.racy is true, but the model finds no data race in any execution']);
    const report = checkExpectation(says(false), racy);
    expect(report.failures.map(describeExpectationFailure)).toEqual([
      "two-ready: expect.racy is false, but the model finds a data race on x: P's write (goroutines.P[0].store) and Q's read (goroutines.Q[0].load)",
    ]);
    expect(failureWitness(report.failures[0]!)).toBe(witness);
  });

  it('racy: a real race found by the explorer fails expect.racy false, with the race\'s own witness', () => {
    // Arrange: MP on plain words races on x and y
    const mp: Scenario = {
      name: 'MP',
      objects: { x: { kind: 'word' }, y: { kind: 'word' } },
      goroutines: {
        P0: [{ store: { to: 'x', value: 1 } }, { store: { to: 'y', value: 1 } }],
        P1: [{ load: { from: 'y', into: 'r0' } }, { load: { from: 'x', into: 'r1' } }, { observe: { r0: { reg: 'r0' }, r1: { reg: 'r1' } } }],
      },
      expect: { racy: false },
    };
    // Act
    const r = explore(mp);
    const report = checkExpectation(mp, r);
    // Assert
    expect(r.racy).toBe(true);
    expect(report.failures.map(describeExpectationFailure)).toEqual([
      expect.stringMatching(/^MP: expect\.racy is false, but the model finds a data race on [xy]: P[01]'s (read|write) \(.+\) and P[01]'s (read|write) \(.+\)$/),
    ]);
    expect(failureWitness(report.failures[0]!)).toBe(r.races[0]!.witness);
    expect(checkExpectation({ ...mp, expect: { racy: true } }, r).failures).toEqual([]);
  });
});

describe(`checkObserved: verdicts (seed ${SEED})`, () => {
  it('pass: the model adapter shows exactly the allowed outcomes', async () => {
    const observed = await modelAdapter.run(twoReady, { runs: 100, seed: SEED, timeoutMs: 10_000 });
    const v = checkObserved(explore(twoReady), observed);
    expect(v.kind).toBe('pass');
    expect(observed.histogram.map((h) => h.count).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('pass: a walk that never ends is observed as may-not-terminate, which the oracle allows here', async () => {
    const spin: Scenario = {
      name: 'spin-while-main-waits',
      objects: { c: { kind: 'chan' } },
      main: [{ go: { body: [{ loop: [{ gosched: null }] }] } }, { recv: { chan: 'c' } }],
    };
    const observed = await makeModelAdapter({ maxWalkSteps: 50 }).run(spin, { runs: 5, seed: SEED, timeoutMs: 10_000 });
    expect(observed.histogram.map((h) => [h.key, h.count])).toEqual([['may-not-terminate', 5]]);
    expect(checkObserved(explore(spin), observed).kind).toBe('pass');
  });

  it('unseen: an allowed outcome never observed is information, not failure', async () => {
    const observed = await fakeAdapter('always-a', [{ spec: { v: 1 }, count: 50 }]).run(twoReady, { runs: 50, seed: SEED, timeoutMs: 1000 });
    const v = checkObserved(explore(twoReady), observed);
    expect(v.kind).toBe('unseen');
    expect(v.unseen.map((u) => describeOutcome(u.outcome))).toEqual(['v=2']);
    expect(v.forbidden).toEqual([]);
  });

  it('forbidden: a fake IUT reporting an outcome the model forbids gets its count and the nearest allowed witness', async () => {
    // Arrange: an IUT that reorders a buffered channel 3 times out of 10
    const liar = fakeAdapter('liar', [{ spec: { got: [1, 2] }, count: 7 }, { spec: { got: [2, 1] }, count: 3, example: { run: 4, seed: 99 } }]);
    const observed = await liar.run(fifo, { runs: 10, seed: SEED, timeoutMs: 1000 });
    // Act
    const v = checkObserved(explore(fifo), observed);
    // Assert
    expect(v.kind).toBe('forbidden');
    expect(v.forbidden).toHaveLength(1);
    const f = v.forbidden[0]!;
    expect(describeOutcome(f.outcome)).toBe('got=[2 1]');
    expect(f.count).toBe(3);
    expect(f.example).toEqual({ run: 4, seed: 99 });
    expect(describeOutcome(f.nearest!.outcome)).toBe('got=[1 2]');
    // the witness is a model schedule that replays to the nearest allowed outcome
    expect(replay(fifo, f.nearest!.witness).outcome).toEqual(f.nearest!.outcome);
  });

  it('forbidden: a mutant model (LIFO buffer) run as the IUT is caught, with its own schedule as the example', async () => {
    // Arrange: chanrecv takes the newest buffered value instead of buf[recvx]
    const lifo = makeModelAdapter({ name: 'lifo-buffer', explore: { semantics: mutant('chan', () => ({ bufTake: (buf) => buf.length - 1 })) } });
    // Act
    const result = await checkCase('buffered-fifo.yaml', fifo, { adapter: lifo, seed: SEED, runs: 20 });
    // Assert
    expect(result.status).toBe('forbidden');
    const f = result.verdict!.forbidden[0]!;
    expect(describeOutcome(f.outcome)).toBe('got=[2 1]');
    expect(f.count).toBe(20);
    expect(f.example.schedule?.steps.length).toBeGreaterThan(0);
    const text = formatCase(result, fifo).join('\n');
    expect(text).toContain('forbidden: "got=[2 1]" observed in 20 of 20 runs');
    expect(text).toContain('nearest allowed outcome: "got=[1 2]"');
    // the same steps in the real model lead to the allowed outcome: the bug is in an effect, not the schedule
    expect(text).toMatch(/the model, taking the same \d+ steps, reaches "got=\[1 2\]"/);
    expect(text).toMatch(/ 1\. g1 main: send c 1/);
  });

  it('unfair: a 55/45 bias in 10,000 selects is rejected, a fair 50/50 split is not', async () => {
    // Arrange: the oracle computes each outcome's probability (select's uniform choice)
    const oracle = explore(twoReady);
    expect(oracle.distribution?.map((d) => d.p)).toEqual([0.5, 0.5]);
    const biased = fakeAdapter('biased', [{ spec: { v: 1 }, count: 5500 }, { spec: { v: 2 }, count: 4500 }]);
    const fair = fakeAdapter('fair', [{ spec: { v: 1 }, count: 5040 }, { spec: { v: 2 }, count: 4960 }]);
    // Act
    const unfair = await checkCase('two-ready.yaml', twoReady, { adapter: biased, seed: SEED, runs: 10_000 });
    const passes = await checkCase('two-ready.yaml', twoReady, { adapter: fair, seed: SEED, runs: 10_000 });
    // Assert
    expect(unfair.status).toBe('unfair');
    expect(unfair.verdict!.unfair[0]!.p).toBeLessThan(1e-6);
    expect(unfair.verdict!.unfair[0]!.message).toContain('v=1');
    expect(passes.status).toBe('pass');
  });

  it('error: a crashing IUT is said plainly; a forbidden outcome still heads the verdict', async () => {
    const crashing = fakeAdapter('crashy', [{ spec: { v: 1 }, count: 5 }], [{ kind: 'crash', message: 'SIGSEGV' }]);
    const v1 = checkObserved(explore(twoReady), await crashing.run(twoReady, { runs: 6, seed: SEED, timeoutMs: 1000 }));
    expect(v1.kind).toBe('error');
    expect(v1.errors).toEqual([{ kind: 'crash', message: 'SIGSEGV', count: 1, example: { run: 5 } }]);
    const both = fakeAdapter('both', [{ spec: { v: 3 }, count: 1 }], [{ kind: 'timeout', message: 'hung' }]);
    const v2 = checkObserved(explore(twoReady), await both.run(twoReady, { runs: 2, seed: SEED, timeoutMs: 1000 }));
    expect(v2.kind).toBe('forbidden');
    expect(v2.errors).toHaveLength(1);
  });

  it('error: an adapter that throws fails its case and nothing else', async () => {
    const thrower: Adapter = { name: 'thrower', run: () => Promise.reject(new Error('cannot start')) };
    const r = await checkCase('x.yaml', twoReady, { adapter: thrower, seed: SEED });
    expect(r.status).toBe('error');
    expect(r.verdict?.errors[0]?.message).toBe('cannot start');
  });

  it('error: a model that cannot explore the case says why (oracle-error)', async () => {
    // A type error the loader lets through (a bool in arithmetic): the model throws a ModelError.
    const illTyped: Scenario = { name: 'ill-typed', main: [{ let: { v: { bin: '+', l: true, r: 1 } } }, { observe: { v: { reg: 'v' } } }] };
    const r = await checkCase('ill-typed.yaml', illTyped, { adapter: modelAdapter, seed: SEED });
    expect(r.status).toBe('error');
    expect(describeExpectationFailure(r.expectation!.failures[0]!)).toMatch(/^the model cannot explore this case: expected an int, got true/);
  });
});

describe('checkCase: skips are data', () => {
  it('a case with status skip is skipped with its reason, never explored', async () => {
    const skipped: Scenario = { ...rendezvous, status: 'skip', reason: 'waits for model/memory', main: [{ store: { to: 'nope', value: 1 } }] };
    const r = await checkCase('s.yaml', skipped, { adapter: modelAdapter, seed: SEED });
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'waits for model/memory' });
    expect(r.oracle).toBeUndefined();
  });

  it('a case unsupported by the adapter still has its expectation checked, and skips the IUT', async () => {
    const unsupported: Scenario = { ...rendezvous, unsupportedBy: ['model'], reason: 'no goroutines in this IUT' };
    const r = await checkCase('u.yaml', unsupported, { adapter: modelAdapter, seed: SEED });
    expect(r).toMatchObject({ status: 'skipped', skipReason: 'unsupported by model: no goroutines in this IUT' });
    expect(r.observed).toBeUndefined();
    const wrong = await checkCase('u.yaml', { ...unsupported, expect: { allowed: [{ v: 8 }] } }, { adapter: modelAdapter, seed: SEED });
    expect(wrong.status).toBe('expectation');
  });

  it('an expectation mismatch fails the case even when the IUT passes', async () => {
    const r = await checkCase('w.yaml', { ...twoReady, expect: { allowed: [{ v: 1 }] } }, { adapter: modelAdapter, seed: SEED, runs: 50 });
    expect(r.status).toBe('expectation');
    expect(r.verdict?.kind).toBe('pass');
  });
});

describe('checkCase: an adapter\'s audits (its own tools against the model)', () => {
  /** The model adapter with one audit that says `agreement`, or throws. */
  const audited = (agreement: AuditAgreement | 'throw'): Adapter => {
    const audit: Audit = {
      name: 'lint', title: 'linter vs model', status: 'LINT', disagreement: 'linter disagreement',
      compare: (scenario, oracle, observed) => {
        if (agreement === 'throw') throw new Error('no linter output');
        return { agreement, kind: `lint-${agreement}`, message: `${scenario.name}: ${oracle.outcomes.length} outcomes, ${observed.runs} runs`, details: { n: 1 } };
      },
    };
    return { name: 'model', run: (sc, opts) => modelAdapter.run(sc, opts), audits: [audit] };
  };
  const report = (cases: CaseResult[]): RunReport => ({ seed: SEED, adapter: 'model', cases, loadErrors: [], ms: 0 });

  it('a disagreeing audit fails the case with status audit, in the audit\'s words in the summary', async () => {
    // Act
    const r = await checkCase('t.yaml', twoReady, { adapter: audited('disagree'), seed: SEED, runs: 50 });
    // Assert: the verdict itself is untouched
    expect(r.status).toBe('audit');
    expect(r.verdict?.kind).toBe('pass');
    expect(r.audits).toEqual([{ audit: { name: 'lint', title: 'linter vs model', status: 'LINT', disagreement: 'linter disagreement' }, agreement: 'disagree', kind: 'lint-disagree', message: 'two-ready: 2 outcomes, 50 runs', details: { n: 1 } }]);
    expect(exitCode(report([r]))).toBe(1);
    expect(summaryLine(report([r, r]))).toBe('2 cases: 0 pass, 2 linter disagreements');
  });

  it('agree and differ are information: the case keeps its verdict', async () => {
    // Act
    const agree = await checkCase('t.yaml', twoReady, { adapter: audited('agree'), seed: SEED, runs: 50 });
    const differ = await checkCase('t.yaml', twoReady, { adapter: audited('differ'), seed: SEED, runs: 50 });
    // Assert
    expect([agree.status, differ.status]).toEqual(['pass', 'pass']);
    expect(differ.audits?.map((a) => a.kind)).toEqual(['lint-differ']);
  });

  it('an audit that throws fails its case saying so', async () => {
    // Act
    const r = await checkCase('t.yaml', twoReady, { adapter: audited('throw'), seed: SEED, runs: 50 });
    // Assert
    expect(r.status).toBe('audit');
    expect(r.audits?.[0]).toMatchObject({ agreement: 'disagree', kind: 'failed', message: 'the audit could not compare: no linter output' });
  });

  it('an adapter without audits gives a case none', async () => {
    expect((await checkCase('t.yaml', twoReady, { adapter: modelAdapter, seed: SEED, runs: 50 })).audits).toBeUndefined();
  });
});

describe('nearest allowed outcome', () => {
  const o = (spec: Record<string, number | boolean | number[] | string>): Outcome => outcomeFromSpec(spec);

  it('counts shared ending, panic fields and values by position', () => {
    expect(similarity(o({ a: 1, b: 2 }), o({ a: 1, b: 3 }))).toBe(2);
    expect(similarity(o({ got: [1, 2, 3] }), o({ got: [1, 3, 2] }))).toBe(2);
    expect(similarity(o({ end: 'deadlock' }), o({ a: 1 }))).toBe(0);
    expect(similarity(o({ end: 'panic', message: 'm', goroutine: 'g' }), o({ end: 'panic', message: 'm', goroutine: 'h' }))).toBe(2);
  });

  it('picks the outcome sharing the most values', () => {
    const r = explore({ ...twoReady, name: 'x' });
    expect(describeOutcome(nearestAllowed(o({ v: 2 }), r.outcomes)!.outcome)).toBe('v=2');
    expect(nearestAllowed(o({ v: 2 }), [])).toBeUndefined();
  });
});

describe('model adapter seeds', () => {
  it('derives run seeds from the run seed, the case name and the run index only', () => {
    expect(runSeed(1, 'a', 0)).toBe(runSeed(1, 'a', 0));
    expect(new Set([runSeed(1, 'a', 0), runSeed(1, 'a', 1), runSeed(1, 'b', 0), runSeed(2, 'a', 0)]).size).toBe(4);
  });

  it('gives the same histogram for the same seed', async () => {
    const opts = { runs: 60, seed: SEED, timeoutMs: 10_000 };
    const a = await modelAdapter.run(twoReady, opts);
    const b = await modelAdapter.run(twoReady, opts);
    expect(a.histogram.map((h) => [h.key, h.count])).toEqual(b.histogram.map((h) => [h.key, h.count]));
  });

  it('stops at its budget and says how far it got', async () => {
    const observed = await modelAdapter.run(twoReady, { runs: 1_000_000, seed: SEED, timeoutMs: 1 });
    expect(observed.errors.some((e) => e.kind === 'timeout' && /stopped after \d+ of 1000000 runs/.test(e.message))).toBe(true);
    expect(observed.histogram.reduce((n, h) => n + h.count, 0)).toBe(observed.runs);
  });
});

describe('run summary and exit code', () => {
  const result = (status: CaseResult['status']): CaseResult => ({ file: 'f.yaml', name: status, level: 'spec', status, ms: 1 });
  const run = (cases: CaseResult[], loadErrors: RunReport['loadErrors'] = []): RunReport => ({ seed: 1, adapter: 'model', cases, loadErrors, ms: 1 });

  it('counts every status and says unseen is information', () => {
    const r = run([result('pass'), result('unseen'), result('forbidden'), result('skipped'), result('expectation')]);
    expect(summaryLine(r)).toBe('5 cases: 2 pass, 1 forbidden, 1 expectation mismatch, 1 skipped (1 with allowed outcomes never observed)');
  });

  it('exits 0 on pass, 1 on a violation, 2 on a load error', () => {
    expect(exitCode(run([result('pass'), result('unseen'), result('skipped')]))).toBe(0);
    for (const s of ['forbidden', 'unfair', 'expectation', 'error'] as const) expect(exitCode(run([result(s)]))).toBe(1);
    expect(exitCode(run([result('forbidden')], [{ file: 'b.yaml', line: 1, column: 1, path: '', message: 'x' }]))).toBe(2);
  });
});

describe('measured bounds', () => {
  const s: Scenario = {
    name: 'nap',
    level: 'gc',
    objects: {},
    main: [{ measure: { name: 'nap', body: [{ sleep: 1_000_000 }] } }, { observe: { done: true } }],
    expect: { allowed: [{ done: true }], bounds: { nap: 1_000_000 } },
  };

  it('checks expect.bounds against the bound the model computes', () => {
    // Arrange
    const oracle = explore(s);
    const wrong: Scenario = { ...s, expect: { ...s.expect, bounds: { nap: 2_000_000 } } };
    // Act
    const good = checkExpectation(s, oracle);
    const bad = checkExpectation(wrong, oracle);
    // Assert
    expect(good.ok).toBe(true);
    expect(bad.failures.map(describeExpectationFailure)).toEqual(['expect.bounds.nap is 2ms, the model computes 1ms (gc level, steps that take no time)']);
  });

  it("reports a real run's distribution against the bound, within or beyond the tolerance, and never fails the case for it", () => {
    // Arrange
    const oracle = explore(s);
    const limit = MEASURE_TOLERANCE.factor * 1_000_000 + MEASURE_TOLERANCE.slackNs;
    const runs = (ds: number[]): Observed => ({ adapter: 'x', runs: ds.length, histogram: [], errors: [], measures: { nap: ds } });
    // Act
    const [within] = measureReports(oracle, runs([1_200_000, 1_050_000, 1_100_000, limit]));
    const [beyond] = measureReports(oracle, runs([1_100_000, limit + 1]));
    // Assert
    expect(within).toEqual({ name: 'nap', boundNs: 1_000_000, count: 4, minNs: 1_050_000, medianNs: 1_100_000, p99Ns: limit, maxNs: limit, within: true });
    expect(beyond!.within).toBe(false);
    expect(describeMeasure(within!)).toBe('nap: 4 measured, min 1.05ms, median 1.10ms, p99 12.00ms, max 12.00ms; the model\'s bound 1ms (steps that take no time): within the tolerance (2 × bound + 10ms)');
    expect(describeMeasure(beyond!)).toContain('BEYOND the tolerance');
  });
});
