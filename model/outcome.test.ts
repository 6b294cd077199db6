// Stories of outcomes (model/outcome.ts): the canonical key, the codec's two
// written forms (spec and record) and back, the issues of untrusted input
// named by field, partial matching, and the report line.

import { describe, expect, it } from 'vitest';
import type { Outcome } from './outcome.ts';
import { describeOutcome, matchesPartial, OutcomeError, outcomeFromRecord, outcomeFromSpec, outcomeKey, outcomeRecordIssues, outcomeSpecIssues, outcomeToRecord, outcomeToSpec } from './outcome.ts';

const ok: Outcome = { end: 'ok', obs: { r2: [0], r1: [1, 2] }, parked: ['w'], leaked: ['w', 'x'], spinning: ['s'] };
const panicked: Outcome = { end: 'panic', obs: {}, panic: { message: 'send on closed channel', goroutine: 'main' } };
const deadlock: Outcome = { end: 'deadlock', obs: {} };
const hang: Outcome = { end: 'may-not-terminate', obs: {} };
const fatal: Outcome = { end: 'fatal', obs: {}, fatal: { message: 'sync: unlock of unlocked mutex' } };

describe('outcomes', () => {
  it('keys are canonical: names sorted, values in observation order', () => {
    // Act / Assert
    expect(outcomeKey(ok)).toBe('{r1=1,2 r2=0} parked=w leaked=w,x spinning=s');
    expect(outcomeKey(panicked)).toBe('panic("send on closed channel"@main)');
    expect(outcomeKey(deadlock)).toBe('deadlock');
    expect(outcomeKey(hang)).toBe('may-not-terminate');
    expect(outcomeKey(fatal)).toBe('fatal("sync: unlock of unlocked mutex")');
  });

  it('the words a case uses round-trip', () => {
    // Act
    const specs = [ok, panicked, deadlock, hang, fatal].map(outcomeToSpec);
    // Assert
    expect(specs[0]).toEqual({ r1: [1, 2], r2: 0, parked: ['w'], leaked: ['w', 'x'], spinning: ['s'] });
    expect(specs[4]).toEqual({ end: 'fatal', message: 'sync: unlock of unlocked mutex' });
    expect(specs.map((x) => outcomeFromSpec(x)).map(outcomeKey)).toEqual([ok, panicked, deadlock, hang, fatal].map(outcomeKey));
  });

  it('malformed outcomes name the offending key', () => {
    // Act / Assert
    expect(() => outcomeFromSpec({ end: 'crash' })).toThrow(/^end: expected ok, deadlock, panic, fatal or may-not-terminate/);
    expect(() => outcomeFromSpec({ end: 'fatal' })).toThrow(/^message: a fatal outcome needs/);
    expect(() => outcomeFromSpec({ end: 'panic', goroutine: 'main' })).toThrow(/^message:/);
    expect(() => outcomeFromSpec({ end: 'panic', message: 'x' })).toThrow(/^goroutine:/);
    expect(() => outcomeFromSpec({ r: 'seven' })).toThrow(/^r: observed values are ints or bools/);
  });

  it('reading is validation: the spec form rejects what does not belong, naming the field', () => {
    // Act / Assert
    expect(() => outcomeFromSpec({ end: 'deadlock', r: 1 })).toThrow('r: a deadlock outcome has no observations (the run dies or hangs before printing them)');
    expect(() => outcomeFromSpec({ r: 1, message: 'x' })).toThrow('message: `message` belongs to a panic or fatal outcome (end: panic, end: fatal)');
    expect(() => outcomeFromSpec({ end: 'panic', message: 'x', goroutine: 7 })).toThrow('goroutine: expected a string, got 7');
    expect(() => outcomeFromSpec({ r: 1.5 })).toThrow('r: observed values are ints or bools, got 1.5');
    expect(() => outcomeFromSpec({ r: [] })).toThrow('r: expected a value or a non-empty list of values, got []');
    expect(() => outcomeFromSpec({ r: 1, leaked: [3] })).toThrow('leaked: `leaked` lists goroutine names, got [3]');
    expect(() => outcomeFromSpec('ok', 'report.outcome')).toThrow(/^report\.outcome: expected a mapping/);
    expect(() => outcomeFromSpec({ end: 'panic' }, 'x')).toThrow(OutcomeError);
  });

  it('lists every issue of a spec; a partial outcome may leave out what its end needs', () => {
    // Act
    const issues = outcomeSpecIssues({ end: 'panic', r: 'x', leaked: ['w'] });
    // Assert
    expect(issues.map((i) => i.path.join('.'))).toEqual(['message', 'goroutine', 'leaked', 'r', 'r']);
    expect(issues[0]).toMatchObject({ missing: true });
    expect(outcomeSpecIssues({ end: 'panic', message: 'boom' }, { partial: true })).toEqual([]);
  });

  it('the record form round-trips, canonical: lists sorted, empty ones and null absent', () => {
    // Act / Assert
    for (const o of [ok, panicked, deadlock, hang, fatal]) expect(outcomeFromRecord(outcomeToRecord(o))).toEqual(o);
    expect(outcomeToRecord(ok)).toEqual({ end: 'ok', obs: { r1: [1, 2], r2: [0] }, parked: ['w'], leaked: ['w', 'x'], spinning: ['s'] });
    expect(outcomeFromRecord({ end: 'ok', obs: null, leaked: ['w', 'a'], parked: [] })).toEqual({ end: 'ok', obs: {}, leaked: ['a', 'w'] });
  });

  it('the record form names the field at fault under `where`, and takes only the ends its writer may report', () => {
    // Act / Assert
    expect(() => outcomeFromRecord({ end: 'ok', obs: { v: [] } }, 'report.outcome')).toThrow('report.outcome.obs.v: expected a non-empty list of values, got []');
    expect(() => outcomeFromRecord({ end: 'panic', message: 'x', goroutine: 'g', obs: { v: [1] } })).toThrow('outcome.obs: a panic outcome has no observations');
    expect(() => outcomeFromRecord({ end: 'ok', extra: 1 })).toThrow('outcome.extra: an outcome record has no `extra`');
    expect(() => outcomeFromRecord({ obs: {} })).toThrow('outcome.end: expected ok, deadlock, panic, fatal or may-not-terminate, got nothing');
    expect(() => outcomeFromRecord({ end: 'fatal', message: 'm' }, 'o', ['ok', 'panic'])).toThrow('o.end: expected ok or panic, got "fatal"');
    expect(outcomeRecordIssues([1])).toEqual([{ path: [], message: 'expected an object', found: [1] }]);
  });

  it('a partial outcome matches every outcome that agrees on the keys it names', () => {
    // Act / Assert
    expect(matchesPartial(ok, { r2: 0 })).toBe(true);
    expect(matchesPartial(ok, { r1: [1, 2], leaked: ['w', 'x'] })).toBe(true);
    expect(matchesPartial(ok, { leaked: ['w'] })).toBe(false);
    expect(matchesPartial(ok, { parked: 'w' })).toBe(true);
    expect(matchesPartial({ end: 'ok', obs: {} }, { leaked: [] })).toBe(true);
    expect(matchesPartial(ok, { leaked: [] })).toBe(false);
    expect(matchesPartial(ok, { r1: 1 })).toBe(false);
    expect(matchesPartial(ok, { end: 'deadlock' })).toBe(false);
    expect(matchesPartial(panicked, { end: 'panic', message: 'send on closed channel' })).toBe(true);
    expect(matchesPartial(ok, { missing: 1 })).toBe(false);
  });

  it('reads as a report line', () => {
    // Act / Assert
    expect(describeOutcome(ok)).toBe('r1=[1 2] r2=0; parked at exit: w; leaked (blocked for ever): w, x; spinning for ever: s');
    expect(describeOutcome({ end: 'ok', obs: {}, leaked: ['w'] })).toBe('leaked (blocked for ever): w');
    expect(describeOutcome({ end: 'ok', obs: {} })).toBe('ok');
    expect(describeOutcome(panicked)).toBe('panic: send on closed channel [goroutine main]');
    expect(describeOutcome(deadlock)).toBe('fatal error: all goroutines are asleep - deadlock!');
    expect(describeOutcome(hang)).toBe('may not terminate (runs forever from here)');
    expect(describeOutcome(fatal)).toBe('fatal error: sync: unlock of unlocked mutex');
  });
});
