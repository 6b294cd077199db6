// --race comparison (harness/race.ts): every agreement kind from a hand-made
// oracle and histogram, the audit the checker sees, and the divergence list
// kept in step with the corpus.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExploreResult, RaceReport } from '../model/explore/oracle.ts';
import type { Observed } from './adapters/adapter.ts';
import { loadCases } from './load.ts';
import { compareRaces, divergenceOf, explainReport, goRelease, RACE_DIVERGENCES, raceAudit } from './race.ts';
import { raceReports } from './adapters/go.ts';

const race: RaceReport = {
  word: 'x',
  first: { site: 'goroutines.P[0].store', kind: 'write', goroutine: 'P' },
  second: { site: 'goroutines.Q[0].load', kind: 'read', goroutine: 'Q' },
  witness: { scenario: 'c', level: 'spec', steps: [] },
};
const oracle = (racy: boolean): ExploreResult => ({
  scenario: 'c', level: 'spec', outcomes: [], stats: { states: 1, transitions: 0, maxDepth: 0, ms: 0, settled: { states: 0, transitions: 0 } }, complete: true, racy, races: racy ? [race] : [],
});
const DATA_RACE = 'WARNING: DATA RACE\nWrite at 0x… by goroutine 7:\n  main.(*c0).u0()\n      cases.go:12 +0x…\n\nPrevious read at 0x… by goroutine 8:\n  main.(*c0).u1()\n      cases.go:20 +0x…';
const SEND_CLOSE = 'WARNING: DATA RACE\nRead at 0x… by goroutine 9:\n  runtime.chansend()\n      chan.go:160 +0x…\n\nPrevious write at 0x… by goroutine 7:\n  runtime.closechan()\n      chan.go:357 +0x…';
const observed = (count: number, reports: string[] = [DATA_RACE]): Observed => ({
  adapter: 'go', runs: 10, histogram: [], errors: [],
  ...(count > 0 ? { diagnostics: [{ name: 'race', tool: "Go's race detector", finding: 'data race', count, processes: 1, example: reports[0]!, reports }] } : {}),
});

describe('compareRaces: Go race detector against the model', () => {
  it.each([
    ['both racy', true, 2, 'agree'],
    ['both race-free', false, 0, 'agree'],
    ['model racy, detector silent', true, 0, 'not-reproduced'],
    ['detector racy, model race-free', false, 1, 'disagreement'],
  ] as const)('%s → %s', (_, modelRacy, detected, want) => {
    expect(compareRaces('some-case', oracle(modelRacy), observed(detected), 'go1.19.8').agreement).toBe(want);
  });

  it('a send/close report is put down to its known divergence in any case, by its signature', () => {
    const r = compareRaces('close-panics-all-blocked-senders', oracle(false), observed(1, [SEND_CLOSE]), 'go1.19.8');
    expect(r).toMatchObject({ agreement: 'known-divergence', explained: 1, unexplained: 0 });
    expect(r.message).toMatch(/closechan/);
  });

  it('a report no divergence explains still fails a race-free case, even next to an explained one', () => {
    expect(compareRaces('some-case', oracle(false), observed(2, [SEND_CLOSE, DATA_RACE]), 'go1.19.8')).toMatchObject({ agreement: 'disagreement', explained: 1, unexplained: 1 });
  });

  it('a racy program whose only reports are a known divergence is not reproduced, not agreed', () => {
    expect(compareRaces('some-case', oracle(true), observed(1, [SEND_CLOSE]), 'go1.19.8').agreement).toBe('not-reproduced');
  });

  it('a listed divergence that shows is reported as known, with its reason', () => {
    const r = compareRaces('MP+cond-signal-unlocked', oracle(false), observed(1), 'go1.19.8');
    expect(r.agreement).toBe('known-divergence');
    expect(r.message).toMatch(/sync\.Cond/);
  });

  it('a listed divergence that does not show is stale, not silently fine', () => {
    expect(compareRaces('MP+cond-signal-unlocked', oracle(false), observed(0), 'go1.19.8').agreement).toBe('stale-divergence');
  });

  it('the list is versioned: another Go version gets no divergence and a disagreement', () => {
    expect(divergenceOf('MP+cond-signal-unlocked', 'go1.22.1')).toBeUndefined();
    expect(compareRaces('MP+cond-signal-unlocked', oracle(false), observed(1), 'go1.22.1').agreement).toBe('disagreement');
  });

  it.each(['go1.19.8', 'go1.26.8', 'go1.27.3'])('%s: the three reporting divergences are listed, measured on it', (release) => {
    // Arrange / Act
    const reporting = ['send-then-close+buffered1', 'MP+cond-signal-unlocked', 'waitgroup-reused-before-wait-returns-panics'].map((c) => divergenceOf(c, release)?.case);
    // Assert
    expect(reporting).toEqual(['send-then-close+buffered1', 'MP+cond-signal-unlocked', 'waitgroup-reused-before-wait-returns-panics']);
    expect(explainReport(SEND_CLOSE, release)?.case).toBe('send-then-close+buffered1');
    expect(compareRaces('MP+cond-signal-unlocked', oracle(false), observed(1), release).agreement).toBe('known-divergence');
  });

  it('a divergence only read in later sources is matched on the release it was measured on alone', () => {
    expect(divergenceOf('semaphore-counter+zero-size', 'go1.19.8')?.sources).toEqual(['go1.26', 'go1.27']);
    expect(divergenceOf('semaphore-counter+zero-size', 'go1.26.8')).toBeUndefined();
    expect(divergenceOf('MP+finalizer', 'go1.27.3')).toBeUndefined();
  });

  it('every listed divergence has its corpus case, and every case tagged as one is listed', () => {
    const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');
    const cases = loadCases([corpus]).cases.map((c) => c.scenario);
    const names = new Set(cases.map((s) => s.name));
    expect(RACE_DIVERGENCES.map((d) => d.case).filter((n) => !names.has(n))).toEqual([]);
    const tagged = cases.filter((s) => s.status !== 'skip' && (s.refs ?? []).some((r) => r.startsWith('race-detector-divergence'))).map((s) => s.name);
    expect(tagged.filter((n) => !RACE_DIVERGENCES.some((d) => d.case === n))).toEqual([]);
  });
});

describe('raceAudit: the race comparison as the Go adapter\'s audit', () => {
  const scenario = { name: 'MP+cond-signal-unlocked' };
  it.each([
    ['agree', true, 2, 'agree'],
    ['not-reproduced', true, 0, 'differ'],
    ['disagreement', false, 1, 'disagree'],
  ] as const)('%s counts as %s for the checker', (kind, modelRacy, detected, agreement) => {
    // Act: a Go release with no divergence listed for the case
    const f = raceAudit(() => 'go1.26.1').compare({ name: 'some-case' }, oracle(modelRacy), observed(detected));
    // Assert
    expect(f).toMatchObject({ agreement, kind });
    expect(f.details).toMatchObject({ modelRacy, detected });
  });

  it('picks the divergence list by the release it is given, asked at each comparison', () => {
    // Arrange
    let release: string | undefined = 'go1.19.8';
    const audit = raceAudit(() => release);
    // Act / Assert
    expect(audit.compare(scenario, oracle(false), observed(1))).toMatchObject({ agreement: 'differ', kind: 'known-divergence', details: { divergence: 'MP+cond-signal-unlocked' } });
    release = 'go1.22.1';
    expect(audit.compare(scenario, oracle(false), observed(1))).toMatchObject({ agreement: 'disagree', kind: 'disagreement' });
    expect(audit).toMatchObject({ name: 'race', title: 'race detector vs model', status: 'RACE', disagreement: 'race-detector disagreement' });
  });

  it('reads the release from go version\'s line', () => {
    expect(goRelease('go version go1.19.8 linux/amd64')).toBe('go1.19.8');
    expect(goRelease('go version go1.26 linux/amd64')).toBe('go1.26');
    expect(goRelease(null)).toBeUndefined();
  });
});

describe('raceReports: the reports in a race build\'s stderr', () => {
  it('splits on the detector\'s delimiter lines, keeps only data races, and hides addresses', () => {
    const stderr = ['==================', SEND_CLOSE.replace(/0x…/g, '0xc000012028'), '==================', 'some other output', '==================', DATA_RACE, '==================', 'Found 2 data race(s)'].join('\n');
    const reports = raceReports(stderr);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatch(/^WARNING: DATA RACE\nRead at 0x… by goroutine 9/);
    expect(explainReport(reports[0]!, 'go1.19.8')?.case).toBe('send-then-close+buffered1');
    expect(explainReport(reports[1]!, 'go1.19.8')).toBeUndefined();
  });
});
