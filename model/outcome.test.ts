// Stories of outcomes (model/outcome.ts): the canonical key, the words a
// case uses and back, partial matching, and the report line.

import { describe, expect, it } from 'vitest';
import type { Outcome } from './outcome.ts';
import { describeOutcome, matchesPartial, outcomeFromSpec, outcomeKey, outcomeToSpec } from './outcome.ts';

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
    expect(specs.map(outcomeFromSpec).map(outcomeKey)).toEqual([ok, panicked, deadlock, hang, fatal].map(outcomeKey));
  });

  it('malformed outcomes name the offending key', () => {
    // Act / Assert
    expect(() => outcomeFromSpec({ end: 'crash' })).toThrow(/^end: expected ok, deadlock, panic, fatal or may-not-terminate/);
    expect(() => outcomeFromSpec({ end: 'fatal' })).toThrow(/^message: a fatal outcome needs/);
    expect(() => outcomeFromSpec({ end: 'panic', goroutine: 'main' })).toThrow(/^message:/);
    expect(() => outcomeFromSpec({ end: 'panic', message: 'x' })).toThrow(/^goroutine:/);
    expect(() => outcomeFromSpec({ r: 'seven' })).toThrow(/^r: observed values are ints or bools/);
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
