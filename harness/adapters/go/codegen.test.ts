// The Go code generator: what it emits for single statements (substrings,
// no snapshots), what it refuses and why, and — when the go command is
// installed — the whole corpus compiled, vetted and run, every outcome
// checked against the model's, scenario text that tries to escape its
// string literal, 40 scenarios from the fast-check generator, the
// deliberately wrong lifo-buffer variant, and the per-run timeout. Go runs use -seed 7 (the jitter's seed; real Go does not
// replay a schedule from it).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario, Value } from '../../../model/ir.ts';
import type { Outcome } from '../../../model/outcome.ts';
import { outcomeKey } from '../../../model/outcome.ts';
import { explore } from '../../../model/explore/oracle.ts';
import { compile } from '../../../model/compile.ts';
import fc from 'fast-check';
import { scenario as arbitraryScenario } from '../../../properties/arbitraries/scenario.ts';
import { loadCases } from '../../load.ts';
import type { GoCase } from './codegen.ts';
import { generateProgram, goString, litmusBatchBlocker } from './codegen.ts';
import { timerSpan } from './casegen.ts';

const SEED = 7;
const ARBITRARY_SEED = 42;

function works(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}
const hasGo = works('go', ['version']);
const hasGccgo = hasGo && works('gccgo', ['--version']);
const noGo = hasGo ? '' : ' (skipped: the go command is not on PATH)';
const noGccgo = hasGccgo ? '' : ' (skipped: gccgo or the go command is not on PATH)';

/**
 * Each timer kind passed to a procedure that selects on all three and stops
 * the ticker; main then re-arms the timer and ranges over it until its first
 * value. It always ends, under either timer semantics.
 */
const TIMER_KINDS: Scenario = {
  name: 'timer-kinds',
  objects: { t: { kind: 'timer', ns: 10 }, k: { kind: 'ticker', ns: 20 }, a: { kind: 'after', ns: 30 } },
  procs: {
    all: {
      params: { t: 'timer', k: 'ticker', a: 'after' },
      body: [{ select: { cases: [{ recv: { chan: 't' } }, { recv: { chan: 'k' } }, { recv: { chan: 'a' } }] } }, { stop: { timer: 'k' } }],
    },
  },
  main: [
    { call: { proc: 'all', args: { t: { reg: 't' }, k: { reg: 'k' }, a: { reg: 'a' } } } },
    { reset: { timer: 't', ns: 10 } },
    { range: { chan: 't', body: [{ break: null }] } },
    { observe: { done: true } },
  ],
};

/** The Go source of one scenario (cases.go), or the reason it is unsupported. */
function gen(scenario: Scenario, variant: 'faithful' | 'lifo-buffer' = 'faithful'): { go: string; unsupported?: string } {
  const p = generateProgram([{ id: 'x', scenario }], { variant });
  return { go: p.files['cases.go']!, ...(p.unsupported[0] ? { unsupported: p.unsupported[0].reason } : {}) };
}

describe('goString: Go string literals for scenario text', () => {
  it('escapes quotes, backslashes, control characters and non-ASCII, and keeps printable ASCII', () => {
    expect(goString('plain text 1+1')).toBe('"plain text 1+1"');
    expect(goString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goString('\n\t\r\u0000\u007f`')).toBe('"\\x0a\\x09\\x0d\\x00\\x7f`"');
    expect(goString('é\u2028')).toBe('"\\u00e9\\u2028"');
    expect(goString('🎉')).toBe('"\\U0001f389"');
  });

  it('gives printable ASCII on one line, whatever the text', () => {
    const all = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).filter((c) => c < '\ud800' || c > '\udfff').join('');
    expect(goString(all)).toMatch(/^"[\x20-\x7e]*"$/);
  });

  it('refuses a lone UTF-16 surrogate, which no Go string holds', () => {
    expect(() => goString('a\ud800b')).toThrow(/surrogate/);
    expect(() => goString('\udc00')).toThrow(/surrogate/);
  });
});

describe('generateProgram: emitted Go for single statements', () => {
  it('copies an inline go body\'s registers into fresh variables and labels it as compile() does', () => {
    // Arrange
    const s: Scenario = { name: 's', main: [{ let: { x: 1 } }, { go: { body: [{ observe: { seen: { reg: 'x' } } }] } }, { let: { x: 2 } }] };
    // Act
    const { go } = gen(s);
    // Assert
    expect(go).toContain('t0 := r0');
    expect(go).toContain('g.spawn("main.func1", func(ng *gor) { w.u1(ng, t0) })');
    expect(go).toContain('func (w *c0) u1(g *gor, r0 int) {');
  });

  it('labels an unnamed inline go inside a procedure <proc>.func<k>', () => {
    const s: Scenario = {
      name: 's',
      procs: { spawner: { body: [{ go: { body: [] } }, { go: { body: [] } }] } },
      main: [{ go: { proc: 'spawner' } }],
    };
    const { go } = gen(s);
    expect(go).toContain('g.spawn("spawner", w.u1)');
    expect(go).toContain('g.spawn("spawner.func1", w.u2)');
    expect(go).toContain('g.spawn("spawner.func2", w.u3)');
  });

  it('takes a closure\'s unit and label from compile()\'s site of the statement, past closures left out as dead code', () => {
    // Arrange: main.func1 follows a break in a select's default, main.func2 a return in a once body: compiled, never generated.
    const s: Scenario = {
      name: 's',
      main: [
        { loop: [{ select: { cases: [], default: [{ break: null }, { go: { body: [] } }] } }, { break: null }] },
        { once: { once: 'o', body: [{ return: null }, { go: { body: [] } }] } },
        { go: { body: [{ go: { body: [] } }] } },
      ],
      objects: { o: { kind: 'once' } },
    };
    const p = compile(s);
    const site = p.sites.get('main[2].go')!;
    // Act
    const { go, unsupported } = gen(s);
    // Assert: the site holds the go instruction of main.func3, unit 3.
    expect(unsupported).toBeUndefined();
    expect(p.units[site.unit]!.code[site.from]).toMatchObject({ op: 'go', unit: 3, label: 'main.func3' });
    expect(go).toContain('g.spawn("main.func3", w.u3)');
    expect(go).toContain('g.spawn("main.func3.func1", w.u4)');
    expect(go).not.toMatch(/main\.func[12]"/);
  });

  it('types registers from their uses: recv into is an int, ok a bool, an int condition is compared with 0', () => {
    const s: Scenario = {
      name: 's',
      objects: { c: { kind: 'chan', cap: 1 } },
      main: [{ recv: { chan: 'c', into: 'v', ok: 'ok' } }, { if: { cond: { reg: 'v' }, then: [{ observe: { ok: { reg: 'ok' } } }] } }],
    };
    const { go } = gen(s);
    expect(go).toContain('var r0 int');
    expect(go).toContain('var r1 bool');
    expect(go).toContain('r0, r1 = <-w.o0');
    expect(go).toContain('if (r0 != 0) {');
  });

  it('refuses a register used both as an int and as a bool, naming it', () => {
    const s: Scenario = { name: 's', main: [{ let: { flag: true } }, { let: { flag: 1 } }] };
    expect(gen(s).unsupported).toMatch(/register "flag" of "main" would be both an int and a bool/);
  });

  it('generates sync statements with the standard library: fields of the run, pointers to procedures, Do(func literal)', () => {
    const s: Scenario = {
      name: 's',
      objects: { m: { kind: 'mutex' }, rw: { kind: 'rwmutex' }, wg: { kind: 'waitgroup' }, o: { kind: 'once' }, c: { kind: 'cond', lock: 'm' } },
      procs: { worker: { params: { g: 'waitgroup', l: 'mutex' }, body: [{ defer: { done: 'g' } }, { lock: 'l' }, { unlock: 'l' }] } },
      main: [
        { add: { wg: 'wg', delta: 1 } },
        { go: { proc: 'worker', args: { g: { reg: 'wg' }, l: { reg: 'm' } } } },
        { wait: 'wg' },
        { trylock: { mutex: 'rw', into: 'ok' } },
        { tryrlock: { mutex: 'rw', into: 'ok2' } },
        { once: { once: 'o', body: [{ let: { x: 1 } }, { return: null }] } },
        { lock: 'm' },
        { signal: 'c' },
        { broadcast: 'c' },
        { unlock: 'm' },
        { observe: { x: { reg: 'x' }, ok: { reg: 'ok' }, ok2: { reg: 'ok2' } } },
      ],
    };
    const { go, unsupported } = gen(s);
    expect(unsupported).toBeUndefined();
    for (const line of [
      'o0 sync.Mutex // mutex "m"',
      'o1 sync.RWMutex // rwmutex "rw"',
      'o2 sync.WaitGroup // waitgroup "wg"',
      'o3 sync.Once // once "o"',
      'o4 *sync.Cond // cond "c"',
      'w.o4 = sync.NewCond(&w.o0)',
      'w.o4.Broadcast()',
      'w.o2.Add(1)',
      '{',
      'w.o2.Wait()',
      'r0 = w.o1.TryLock()',
      'r1 = w.o1.TryRLock()',
      'w.o3.Do(func() {',
      'return',
      '})',
      'w.o4.Signal()',
      'p0.Done()',
      'p1.Lock()',
    ]) {
      expect(go.split('\n').map((l) => l.trim())).toContain(line);
    }
    expect(go).toMatch(/func \(w \*c0\) u\d\(g \*gor, p0 \*sync\.WaitGroup, p1 \*sync\.Mutex\)/);
    expect(go).toContain('&w.o2, &w.o0');
  });

  it('makes timers, tickers and time.After when a run is set up, receives from their channels, stops and resets them, and fires or stops them in the teardown', () => {
    const s: Scenario = {
      name: 't',
      goVersion: '1.23',
      objects: { t: { kind: 'timer', ns: 1000000 }, k: { kind: 'ticker', ns: 2000000 }, a: { kind: 'after', ns: 3000000 }, done: { kind: 'chan' } },
      procs: { waiter: { params: { t: 'timer', done: 'chan' }, body: [{ recv: { chan: 't' } }, { send: { chan: 'done', value: 1 } }] } },
      main: [
        { go: { proc: 'waiter', args: { t: { reg: 't' }, done: { reg: 'done' } } } },
        { recv: { chan: 'done' } },
        { reset: { timer: 't', ns: 5000, into: 'was' } },
        { stop: { timer: 't', into: 'stopped' } },
        { select: { cases: [{ recv: { chan: 'k' } }, { recv: { chan: 'a' } }] } },
        { range: { chan: 'k', body: [{ break: null }] } },
        { reset: { timer: 'k', ns: 1000 } },
        { stop: { timer: 'k' } },
        { observe: { was: { reg: 'was' }, stopped: { reg: 'stopped' } } },
      ],
    };
    const { go, unsupported } = gen(s);
    expect(unsupported).toBeUndefined();
    const lines = go.split('\n').map((l) => l.trim());
    for (const line of [
      'o0 *time.Timer // timer "t"',
      'o1 *time.Ticker // ticker "k"',
      'o2 <-chan time.Time // after "a"',
      'w.o0 = time.NewTimer(1000000)',
      'w.o1 = time.NewTicker(2000000)',
      'w.o2 = time.After(3000000)',
      'w.o0.Reset(0)',
      'w.o1.Stop()',
      'timerSpan: 3000000,',
      '<-p0.C',
      'r0 = w.o0.Reset(5000)',
      'r1 = w.o0.Stop()',
      'case <-w.o1.C:',
      'case <-w.o2:',
      'for range w.o1.C {',
      'w.o1.Reset(1000)',
    ]) {
      expect(lines).toContain(line);
    }
    expect(go).toMatch(/func \(w \*c0\) u\d\(g \*gor, p0 \*time\.Timer, p1 /);
    expect(lines.filter((l) => l === 'w.o2.Stop()')).toEqual([]);
  });

  it('times a measure body with time.Now and time.Since, recorded by the goroutine under its name', () => {
    // Arrange
    const s: Scenario = { name: 'm', level: 'gc', objects: { mu: { kind: 'mutex' } }, main: [{ measure: { name: 'wait', body: [{ lock: 'mu' }] } }, { unlock: 'mu' }] };
    // Act
    const { go, unsupported } = gen(s);
    // Assert
    expect(unsupported).toBeUndefined();
    const lines = go.split('\n').map((l) => l.trim());
    const start = lines.findIndex((l) => /^t\d+ := time\.Now\(\)$/.test(l));
    expect(start).toBeGreaterThan(0);
    const t = lines[start]!.split(' ')[0]!;
    const lock = lines.indexOf('w.o0.Lock()');
    const end = lines.indexOf(`g.measured("wait", time.Since(${t}))`);
    expect(lines[start - 1]).toBe('{');
    expect(start < lock && lock < end).toBe(true);
  });

  it('makes a time.AfterFunc once the run is bound, its fire joining the run with the procedure, and stops it in the teardown', () => {
    // Arrange
    const s: Scenario = {
      name: 'af',
      objects: { t: { kind: 'afterfunc', ns: 1000000, proc: 'f' }, done: { kind: 'chan' } },
      procs: { f: { body: [{ send: { chan: 'done', value: 7 } }] } },
      main: [{ recv: { chan: 'done', into: 'v' } }, { reset: { timer: 't', ns: 2000000, into: 'armed' } }, { stop: { timer: 't', into: 'stopped' } }, { observe: { v: { reg: 'v' }, armed: { reg: 'armed' }, stopped: { reg: 'stopped' } } }],
    };
    // Act
    const { go, unsupported } = gen(s);
    // Assert
    expect(unsupported).toBeUndefined();
    const lines = go.split('\n').map((l) => l.trim());
    for (const line of ['o0 *time.Timer // afterfunc "t"', 'start: func(r *run) {', 'w.o0.Stop()', 'timerSpan: 2000000,']) expect(lines).toContain(line);
    expect(go).toMatch(/w\.o0 = time\.AfterFunc\(1000000, func\(\) \{ r\.timerGo\("f", w\.u(\d)\) \}\)/);
    expect(go).toMatch(/func \(w \*c0\) u\d\(g \*gor\) \{/);
    expect(lines.some((l) => /^r\d = w\.o0\.Reset\(2000000\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /^r\d = w\.o0\.Stop\(\)$/.test(l))).toBe(true);
    // Made in start, not in the setup before the run exists.
    expect(go.indexOf('time.AfterFunc')).toBeGreaterThan(go.indexOf('start: func(r *run)'));
  });

  it('discards what a timer channel delivers, in a receive, a select case and a range, a ticker and time.After passed by their Go types', () => {
    // Arrange: TIMER_KINDS (also built and vetted with the corpus program below)
    // Act
    const { go, unsupported } = gen(TIMER_KINDS);
    // Assert
    expect(unsupported).toBeUndefined();
    const lines = go.split('\n').map((l) => l.trim());
    expect(lines).toEqual(expect.arrayContaining(['case <-p0.C:', 'case <-p1.C:', 'case <-p2:', 'p1.Stop()', 'w.u1(g, w.o0, w.o1, w.o2)', 'w.o0.Reset(10)', 'for range w.o0.C {', 'timerSpan: 30,']));
    expect(go).toMatch(/func \(w \*c0\) u1\(g \*gor, p0 \*time\.Timer, p1 \*time\.Ticker, p2 <-chan time\.Time\)/);
    // No receive of a timer's channel assigns its time.Time anywhere.
    expect(lines.filter((l) => /= <-(w\.o|p)\d/.test(l))).toEqual([]);
  });

  it('leaves out a litmus-form case with a timer (no main to make it before), and gives a case without timers no timerSpan', () => {
    // Arrange
    const litmus: Scenario = { name: 'l', objects: { t: { kind: 'timer', ns: 10 } }, goroutines: { a: [{ recv: { chan: 't' } }] } };
    const plain: Scenario = { name: 'p', main: [{ sleep: 1000 }] };
    // Act
    const l = gen(litmus);
    const p = gen(plain);
    // Assert
    expect(l.unsupported).toMatch(/need a main/);
    expect(p.unsupported).toBeUndefined();
    expect(p.go).not.toContain('timerSpan');
    expect(p.go).toContain('time.Sleep(1000)');
  });

  it('timerSpan is the longest duration a timer is made or reset with, in any body', () => {
    expect(timerSpan({ name: 'n', main: [] })).toBe(1);
    expect(timerSpan({ name: 'z', objects: { t: { kind: 'timer', ns: 0 } }, main: [] })).toBe(1);
    expect(timerSpan({
      name: 'r',
      objects: { t: { kind: 'timer', ns: 10 } },
      procs: { f: { params: { t: 'timer' }, body: [{ if: { cond: true, then: [{ reset: { timer: 't', ns: 70 } }] } }] } },
      main: [{ reset: { timer: 't', ns: 40 } }],
    })).toBe(70);
  });

  it('inlines a procedure on the batched litmus path, its word parameters as pointers the compiler cannot see through', () => {
    const s: Scenario = {
      name: 's',
      objects: { x: { kind: 'word' } },
      procs: { reader: { params: { p: 'word', q: 'word' }, body: [{ load: { from: 'p', into: 'r0' } }, { load: { from: 'q', into: 'r1' } }, { observe: { a: { reg: 'r0' }, b: { reg: 'r1' } } }] } },
      goroutines: { P0: [{ store: { to: 'x', value: 1 } }], P1: [{ call: { proc: 'reader', args: { p: { reg: 'x' }, q: { reg: 'x' } } } }] },
    };
    const p = generateProgram([{ id: 'x', scenario: s }]);
    expect(p.batched).toEqual(['x']);
    const go = p.files['cases.go']!;
    expect(go).toContain('{ // inlined "reader"');
    expect(go).toMatch(/p0 := litAlias\(&c\.o0\)\n\t+p1 := litAlias\(&c\.o0\)/);
    expect(go).toContain('r0 = (*p0)');
    expect(go).toContain('r1 = (*p1)');
  });

  it('passes words and atomics to procedures by pointer, so two parameters may alias one word', () => {
    const s: Scenario = {
      name: 's',
      objects: { x: { kind: 'word' }, a: { kind: 'atomic' } },
      procs: { f: { params: { p: 'word', q: 'word', n: 'atomic' }, body: [{ load: { from: 'p', into: 'r' } }, { store: { to: 'q', value: 2 } }, { atomicAdd: { to: 'n', delta: 1 } }] } },
      main: [{ call: { proc: 'f', args: { p: { reg: 'x' }, q: { reg: 'x' }, n: { reg: 'a' } } } }],
    };
    const { go, unsupported } = gen(s);
    expect(unsupported).toBeUndefined();
    expect(go).toMatch(/func \(w \*c0\) u1\(g \*gor, p0 \*int, p1 \*int, p2 \*int64\)/);
    expect(go).toContain('= (*p0)');
    expect(go).toContain('(*p1) = 2');
    expect(go).toContain('atomic.AddInt64(&(*p2), int64(1))');
    expect(go).toMatch(/w\.u1\(g, &w\.o\d, &w\.o\d, &w\.o\d\)/);
  });

  it('returns (value, true) from a procedure and assigns the caller\'s register only then', () => {
    const s: Scenario = {
      name: 's',
      procs: { half: { params: { n: 'int' }, body: [{ if: { cond: { bin: '<', l: { reg: 'n' }, r: 0 }, then: [{ return: null }] } }, { return: { bin: '/', l: { reg: 'n' }, r: 2 } }] } },
      main: [{ call: { proc: 'half', args: { n: 6 }, into: 'h' } }, { observe: { h: { reg: 'h' } } }],
    };
    const { go } = gen(s);
    expect(go).toContain('func (w *c0) u1(g *gor, r0 int) (int, bool) {');
    expect(go).toContain('return 0, false');
    expect(go).toContain('return divI(r0, 2), true');
    expect(go).toMatch(/if t0, t1 := w\.u1\(g, 6\); t1 \{\n\t\tr0 = t0\n\t\}/);
  });

  it('keeps `break` inside a select case (it leaves the select, in Go as in the model) and leaves out what follows it', () => {
    const s: Scenario = {
      name: 's',
      objects: { c: { kind: 'chan', cap: 1 } },
      main: [{ loop: [{ select: { cases: [{ recv: { chan: 'c' }, body: [{ break: null }, { observe: { never: 1 } }] }], default: [{ return: null }] } }] }],
    };
    const { go } = gen(s);
    expect(go).toMatch(/for \{\n\t+g\.step\(\)\n\t+select \{\n\t+case <-w\.o0:\n\t+break\n\t+\/\/ 1 statement\(s\) after this never run; left out/);
    expect(go).not.toContain('"never"');
  });

  it('defers through gor.deferred with the registers copied at the defer statement', () => {
    const s: Scenario = { name: 's', objects: { c: { kind: 'chan', cap: 1 } }, main: [{ let: { v: 5 } }, { defer: { send: { chan: 'c', value: { reg: 'v' } } } }] };
    const { go } = gen(s);
    expect(go).toContain('defer g.deferred(func() { w.u1(g, t0) })');
    expect(go).toContain('w.o0 <- r0');
  });

  it('makes constant arithmetic non-constant and divides at run time', () => {
    const s: Scenario = { name: 's', main: [{ observe: { big: { bin: '*', l: 9007199254740991, r: 9007199254740991 }, q: { bin: '%', l: 7, r: 0 } } }] };
    const { go } = gen(s);
    expect(go).toContain('(ci(9007199254740991) * 9007199254740991)');
    expect(go).toContain('modI(7, 0)');
  });

  it('routes channel operations through lchan in the lifo-buffer variant', () => {
    const s: Scenario = { name: 's', objects: { c: { kind: 'chan', cap: 2 } }, main: [{ send: { chan: 'c', value: 1 } }, { recv: { chan: 'c', into: 'v' } }] };
    const p = generateProgram([{ id: 'x', scenario: s }], { variant: 'lifo-buffer' });
    expect(Object.keys(p.files).sort()).toEqual(['cases.go', 'driver.go', 'lifo.go']);
    expect(p.files['cases.go']).toContain('w.o0 = mkL(2)');
    expect(p.files['cases.go']).toContain('r0, _ = w.o0.recv()');
  });

  it('refuses ids outside [a-z0-9_-]+ and duplicate ids (the caller\'s bug)', () => {
    const s: Scenario = { name: 's', main: [] };
    expect(() => generateProgram([{ id: 'A b', scenario: s }])).toThrow(/not \[a-z0-9_-\]\+/);
    expect(() => generateProgram([{ id: 'a', scenario: s }, { id: 'a', scenario: s }])).toThrow(/twice/);
  });
});

describe('the batched litmus path: which cases take it, and what is emitted for them', () => {
  const r = (n: string): { reg: string } => ({ reg: n });
  /** SB on plain words, with extra statements for thread P1 when given. */
  const sb = (extra: Scenario['main'] = [], more: Partial<Scenario> = {}): Scenario => ({
    name: 'SB',
    objects: { x: { kind: 'word' }, y: { kind: 'word' }, c: { kind: 'chan', cap: 1 } },
    goroutines: {
      P0: [{ store: { to: 'x', value: 1 } }, { load: { from: 'y', into: 'r0' } }, { observe: { r0: r('r0') } }],
      P1: [{ store: { to: 'y', value: 1 } }, { load: { from: 'x', into: 'r1' } }, { observe: { r1: r('r1') } }, ...(extra ?? [])],
    },
    ...more,
  });

  it('takes litmus cases whose threads cannot block or panic, and says why it leaves the others', () => {
    expect(litmusBatchBlocker(sb())).toBeNull();
    expect(litmusBatchBlocker(sb([{ while: { cond: { bin: '==', l: r('r1'), r: 0 }, body: [{ load: { from: 'x', into: 'r1' } }] } }]))).toBeNull();
    expect(litmusBatchBlocker(sb([{ let: { q: { bin: '/', l: r('r1'), r: 2 } } }]))).toBeNull();
    expect(litmusBatchBlocker({ name: 'm', main: [{ observe: { a: 1 } }] })).toBe('not in litmus form');
    expect(litmusBatchBlocker(sb([{ send: { chan: 'c', value: 1 } }]))).toBe('thread "P1" has a send statement');
    expect(litmusBatchBlocker(sb([{ let: { q: { bin: '%', l: 1, r: r('r1') } } }]))).toBe('thread "P1" uses % by something other than a non-zero constant (it may panic)');
    expect(litmusBatchBlocker(sb([{ repeat: { times: 2, body: [{ observe: { again: 1 } }] } }]))).toBe('thread "P1" observes inside a loop');
    expect(litmusBatchBlocker(sb([{ observe: { r0: 1 } }]))).toBe('"r0" is observed by threads "P0" and "P1"');
    expect(litmusBatchBlocker(sb([], { gomaxprocs: 2 }))).toBe('gomaxprocs 2 does not give each of the 2 threads a processor');
    expect(litmusBatchBlocker(sb([{ panic: 'no' }]))).toBe('thread "P1" has a panic statement');
  });

  it("checks a call's arguments as well as the inlined body (a division in an argument may panic)", () => {
    const procs: Scenario['procs'] = { half: { params: { n: 'int', w: 'word' }, body: [{ store: { to: 'w', value: { reg: 'n' } } }] } };
    expect(litmusBatchBlocker(sb([{ call: { proc: 'half', args: { n: { bin: '/', l: 4, r: 2 }, w: r('x') } } }], { procs }))).toBeNull();
    expect(litmusBatchBlocker(sb([{ call: { proc: 'half', args: { n: { bin: '/', l: 4, r: r('r1') }, w: r('x') } } }], { procs }))).toBe(
      'thread "P1" uses / by something other than a non-zero constant (it may panic)',
    );
  });

  it('emits padded cells, a //go:noinline method per thread and the case\'s litmusDef, and lists the case as batched', () => {
    // Arrange: 2+2W with both words read after the join, and an atomic with an initial value
    const s: Scenario = {
      name: '2+2W',
      objects: { x: { kind: 'word' }, y: { kind: 'word' }, a: { kind: 'atomic', init: 4 } },
      goroutines: {
        P0: [{ store: { to: 'x', value: 1 } }, { store: { to: 'y', value: 2 } }],
        P1: [{ store: { to: 'y', value: 1 } }, { store: { to: 'x', value: 2 } }, { atomicLoad: { from: 'a', into: 'v' } }, { observe: { v: r('v') } }],
      },
      final: ['x', 'y', 'a'],
    };
    // Act
    const p = generateProgram([{ id: 'w', scenario: s }]);
    const go = p.files['cases.go']!;
    // Assert
    expect(p.batched).toEqual(['w']);
    expect(go).toContain('{id: "w", litmus: true, setup: c0_setup, gomaxprocs: 0, batch: c0_batch},');
    expect(go).toContain('\to2 int64 // atomic "a"\n\t_  [padInt64]byte');
    expect(go).toContain('\t\tw.cells[i] = c0_cell{o2: 4}');
    expect(go).toContain('//go:noinline\nfunc (w *c0_cells) t1(r *litRound) {');
    expect(go).toContain('\t\tr0 = int(atomic.LoadInt64(&c.o2))\n\t\tv0 = int64(r0)\n\t\tm |= 1 << 0');
    expect(go).toContain('\tslots:  [][]litSlot{{}, {{name: "v"}}},');
    expect(go).toContain('\tfinals: []string{"x", "y", "a"},');
    expect(go).toContain('\tout[2] = int64(atomic.LoadInt64(&c.o2))');
    // The ordinary setup reads the finals too (-single mode and the other paths).
    expect(go).toContain('final: func() []interface{} { return []interface{}{"x", int(w.o0), "y", int(w.o1), "a", int(atomic.LoadInt64(&w.o2))} },');
    // batch: false keeps it off the path.
    expect(generateProgram([{ id: 'w', scenario: s }], { batch: false }).batched).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Compiled and run.

/** Scenario text that tries every way out of a Go string literal or comment. */
const NASTY = '"; os.Exit(0) //\n`\\ */ /* \u2028\u0000é🎉 \\u0041 %s';

const extraCases: GoCase[] = [
  {
    id: 'inject-observe',
    scenario: { name: NASTY, story: `${NASTY}\n\`backtick\``, main: [{ observe: { [NASTY]: 1, [`${NASTY}2`]: true } }] },
  },
  {
    id: 'inject-labels',
    // The goroutine panics while main waits for ever: always panic(P@L).
    scenario: {
      name: NASTY,
      objects: { c: { kind: 'chan', cap: 0 } },
      main: [{ go: { name: `${NASTY}label`, body: [{ panic: `${NASTY}panic` }] } }, { recv: { chan: 'c' } }],
    },
  },
  { id: 'inject-thread', scenario: { name: NASTY, goroutines: { [`${NASTY}thread`]: [{ panic: NASTY }] } } },
  // main spins for ever: every run times out.
  { id: 'spin-forever', scenario: { name: 'spin-forever', main: [{ loop: [{ gosched: null }] }] } },
  // A lone surrogate has no Go form: unsupported, not a broken program.
  { id: 'lone-surrogate', scenario: { name: 'lone', main: [{ observe: { 'a\ud800': 1 } }] } },
  // Every timer kind as a parameter, in a select, a receive and a range: it must vet and build.
  { id: 'timer-kinds', scenario: TIMER_KINDS },
];

/** An outcome line of the program, as the model writes it (protocol.ts does this for the adapter). */
function outcomeOf(x: { end: string; obs?: Record<string, Value[]>; leaked?: string[]; message?: string; goroutine?: string }): Outcome {
  if (x.end === 'panic') return { end: 'panic', obs: {}, panic: { message: x.message!, goroutine: x.goroutine! } };
  if (x.end === 'may-not-terminate' || x.end === 'deadlock') return { end: x.end, obs: {} };
  expect(x.end).toBe('ok');
  const leaked = [...(x.leaked ?? [])].sort();
  return leaked.length > 0 ? { end: 'ok', obs: x.obs ?? {}, leaked } : { end: 'ok', obs: x.obs ?? {} };
}

interface Built {
  readonly dir: string;
  readonly prog: string;
}

const temps: string[] = [];

function goEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, GOCACHE: join(dir, 'cache'), GOPATH: join(dir, 'gopath'), GOFLAGS: '-mod=mod', CGO_ENABLED: '0', GO111MODULE: 'on', GOPROXY: 'off', GOWORK: 'off', GOTOOLCHAIN: 'local' };
}

function goRun(dir: string, args: string[]): void {
  const r = spawnSync('go', args, { cwd: dir, env: goEnv(dir), encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
}

/** Writes the program with a go.mod into a fresh temp dir, vets and builds it. */
function buildProgram(files: Readonly<Record<string, string>>, compiler: 'gc' | 'gccgo' = 'gc', vet = true): Built {
  const dir = mkdtempSync(join(tmpdir(), 'gospec-codegen-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'go.mod'), 'module gospecrun\n\ngo 1.19\n');
  if (vet) goRun(dir, ['vet', '.']);
  goRun(dir, compiler === 'gc' ? ['build', '-o', 'prog', '.'] : ['build', '-compiler', 'gccgo', '-gccgoflags=-O2', '-o', 'prog', '.']);
  return { dir, prog: join(dir, 'prog') };
}

function runProg(b: Built, args: string[], timeout = 30_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(b.prog, args, { cwd: b.dir, encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface BatchLine {
  case: string;
  runs: number;
  histogram: { outcome: Parameters<typeof outcomeOf>[0]; count: number; firstRun: number }[];
  errors: unknown[];
  meta: { goVersion: string; compiler: string; gomaxprocs: number };
}

function batch(b: Built, id: string, runs: number, timeoutMs = 1000, extra: string[] = []): BatchLine {
  const r = runProg(b, ['-case', id, '-runs', String(runs), '-seed', String(SEED), '-timeout', String(timeoutMs), ...extra]);
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as BatchLine;
}

// Each build's GOCACHE is a whole standard-library cache: removing several takes more than the default 10 s on a loaded machine.
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
}, 120_000);

describe('the generated corpus program, built with go and run (seed 7)', () => {
  const corpus = loadCases([join(import.meta.dirname, '../../../corpus')]);
  const byId = new Map<string, Scenario>();
  const goCases: GoCase[] = corpus.cases.map((c) => {
    const id = c.scenario.name.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
    byId.set(id, c.scenario);
    return { id, scenario: c.scenario };
  });
  for (const c of extraCases) byId.set(c.id, c.scenario);
  // Generated shapes the corpus does not have (properties/arbitraries, fixed seed).
  const arbitrary: GoCase[] = fc.sample(arbitraryScenario(), { seed: ARBITRARY_SEED, numRuns: 40 }).map((s, i) => ({ id: `arbitrary-${i}`, scenario: { ...s, name: `arbitrary-${i}` } }));
  for (const c of arbitrary) byId.set(c.id, c.scenario);
  const program = generateProgram([...goCases, ...extraCases, ...arbitrary]);
  let built: Built | undefined;

  /** Every outcome the program reports must be one the model allows. */
  const allowedKeys = (id: string): Set<string> => new Set(explore(byId.get(id)!).outcomes.map((o) => o.key));

  beforeAll(() => {
    if (hasGo) built = buildProgram(program.files);
  }, 120_000);

  it('leaves out exactly the cases it cannot express, saying why (memory statements are generated)', () => {
    expect(corpus.errors).toEqual([]);
    const unsupported = program.unsupported.map((u) => `${u.id}: ${u.reason}`);
    expect(unsupported).toEqual([
      'lone-surrogate: the text "a\\ud800" holds a lone UTF-16 surrogate, which a Go string cannot hold',
    ]);
  });

  it.skipIf(!hasGo)(`passes go vet and go build, and -list names every supported case${noGo}`, () => {
    const r = runProg(built!, ['-list']);
    expect(r.status).toBe(0);
    const skipped = new Set(program.unsupported.map((u) => u.id));
    expect(r.stdout.trim().split('\n')).toEqual([...goCases, ...extraCases, ...arbitrary].map((c) => c.id).filter((id) => !skipped.has(id)));
  });

  it.skipIf(!hasGo)(`40 arbitrary scenarios (fast-check seed ${ARBITRARY_SEED}) show only outcomes the model allows${noGo}`, () => {
    for (const { id } of arbitrary) {
      const allowed = allowedKeys(id);
      const seen: string[] = [];
      if (allowed.has('deadlock')) {
        // Single mode, as the adapter runs a case that may deadlock.
        for (let seed = 0; seed < 3; seed++) {
          const r = runProg(built!, ['-case', id, '-single', '-seed', String(seed)], 10_000);
          seen.push(r.status === 2 && r.stdout === '' && r.stderr.includes('all goroutines are asleep - deadlock!') ? 'deadlock' : outcomeKey(outcomeOf(JSON.parse(r.stdout).outcome)));
        }
      } else {
        for (const h of batch(built!, id, 30).histogram) seen.push(outcomeKey(outcomeOf(h.outcome)));
      }
      for (const k of seen) expect(allowed, `${id}: ${k}`).toContain(k);
    }
  });

  it.skipIf(!hasGo)(`batch runs (-runs 50) report only outcomes the model allows, leaks and panics included${noGo}`, () => {
    const ids = [
      'close-races-send',
      'select-nonblocking-send-parked-receiver',
      'leaked-goroutines-share-label',
      'panic-in-goroutine-vs-main-return',
      'defer-close-lifo',
      'sieve-primes',
      'goroutine-started-in-loop',
      'inline-go-labels-func-k',
      'unbuffered-rendezvous',
    ];
    for (const id of ids) {
      const rep = batch(built!, id, 50);
      expect(rep.case).toBe(id);
      expect(rep.runs).toBe(50);
      expect(rep.errors).toEqual([]);
      expect(rep.meta.compiler).toBe('gc');
      expect(rep.histogram.reduce((a, h) => a + h.count, 0)).toBe(50);
      const allowed = allowedKeys(id);
      for (const h of rep.histogram) expect(allowed, `${id}: ${JSON.stringify(h.outcome)}`).toContain(outcomeKey(outcomeOf(h.outcome)));
    }
  });

  it.skipIf(!hasGo)(`-single shows Go's own deadlock report, a panic's outcome with exit 2, and an ok end with exit 0${noGo}`, () => {
    for (const id of ['all-blocked-is-deadlock', 'recv-recv-cycle-deadlock', 'select-empty-blocks-deadlock']) {
      expect(allowedKeys(id)).toContain('deadlock');
      const r = runProg(built!, ['-case', id, '-single', '-seed', String(SEED)], 10_000);
      expect(r.status, id).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('fatal error: all goroutines are asleep - deadlock!');
    }
    const p = runProg(built!, ['-case', 'panic-statement-in-main', '-single', '-seed', String(SEED)]);
    expect(p.status).toBe(2);
    expect(JSON.parse(p.stdout)).toMatchObject({ case: 'panic-statement-in-main', outcome: { end: 'panic', message: 'boom', goroutine: 'main' } });
    for (let seed = 0; seed < 5; seed++) {
      const ok = runProg(built!, ['-case', 'select-empty-in-goroutine-leaks', '-single', '-seed', String(seed)]);
      expect(ok.status).toBe(0);
      const line = JSON.parse(ok.stdout);
      expect(allowedKeys('select-empty-in-goroutine-leaks')).toContain(outcomeKey(outcomeOf(line.outcome)));
    }
  });

  it.skipIf(!hasGo)(`scenario text that tries to escape its literal comes back unchanged${noGo}`, () => {
    const obs = batch(built!, 'inject-observe', 3);
    expect(obs.histogram).toEqual([{ outcome: { end: 'ok', obs: { [NASTY]: [1], [`${NASTY}2`]: [true] } }, count: 3, firstRun: 0 }]);
    const labels = batch(built!, 'inject-labels', 3);
    expect(labels.histogram.map((h) => h.outcome)).toEqual([{ end: 'panic', message: `${NASTY}panic`, goroutine: `${NASTY}label` }]);
    expect(allowedKeys('inject-labels')).toContain(outcomeKey(outcomeOf(labels.histogram[0]!.outcome)));
    const thread = runProg(built!, ['-case', 'inject-thread', '-single']);
    expect(thread.status).toBe(2);
    expect(JSON.parse(thread.stdout).outcome).toEqual({ end: 'panic', message: NASTY, goroutine: `${NASTY}thread` });
  });

  it.skipIf(!hasGo)(`a run that does not end within -timeout is may-not-terminate, and the process moves on${noGo}`, () => {
    const t0 = performance.now();
    const rep = batch(built!, 'spin-forever', 3, 100);
    expect(rep.histogram).toEqual([{ outcome: { end: 'may-not-terminate' }, count: 3, firstRun: 0 }]);
    expect(allowedKeys('spin-forever')).toContain('may-not-terminate');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it.skipIf(!hasGo)(`the lifo-buffer variant builds, and shows an outcome the model forbids${noGo}`, () => {
    const id = 'close-drains-buffer';
    const lifo = buildProgram(generateProgram([{ id, scenario: byId.get(id)! }], { variant: 'lifo-buffer' }).files, 'gc', false);
    const rep = batch(lifo, id, 20);
    const allowed = allowedKeys(id);
    const forbidden = rep.histogram.filter((h) => !allowed.has(outcomeKey(outcomeOf(h.outcome))));
    expect(forbidden.length).toBeGreaterThan(0);
    expect(forbidden[0]!.outcome).toEqual({ end: 'ok', obs: { ok: [true, true, false], v: [8, 7, 0] } });
  });

  it.skipIf(!hasGo)(`litmus threads start together (persistent workers, spinning barrier): both orders of two observers show in 400 batch runs${noGo}`, () => {
    const id = 'barrier-both-orders';
    const scenario: Scenario = { name: id, goroutines: { P: [{ observe: { o: 1 } }], Q: [{ observe: { o: 2 } }] } };
    const b = buildProgram(generateProgram([{ id, scenario }]).files);
    const rep = batch(b, id, 400);
    expect(rep.errors).toEqual([]);
    const counts = new Map(rep.histogram.map((h) => [JSON.stringify(h.outcome), h.count]));
    const first = JSON.stringify({ end: 'ok', obs: { o: [1, 2] } });
    const second = JSON.stringify({ end: 'ok', obs: { o: [2, 1] } });
    expect([...counts.keys()].sort()).toEqual([first, second].sort());
    expect(counts.get(first)! + counts.get(second)!).toBe(400);
    expect(counts.get(first)).toBeGreaterThanOrEqual(1);
    expect(counts.get(second)).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!hasGo)(`-instances 4 runs litmus instances side by side: 400 runs give 400 outcomes, both orders of two observers${noGo}`, () => {
    const id = 'instances-both-orders';
    const scenario: Scenario = { name: id, goroutines: { P: [{ observe: { o: 1 } }], Q: [{ observe: { o: 2 } }] } };
    const b = buildProgram(generateProgram([{ id, scenario }]).files);
    const rep = batch(b, id, 400, 1000, ['-instances', '4']);
    expect(rep.runs).toBe(400);
    expect(rep.errors).toEqual([]);
    const counts = new Map(rep.histogram.map((h) => [JSON.stringify(h.outcome), h.count]));
    const first = JSON.stringify({ end: 'ok', obs: { o: [1, 2] } });
    const second = JSON.stringify({ end: 'ok', obs: { o: [2, 1] } });
    expect([...counts.keys()].sort()).toEqual([first, second].sort());
    expect(counts.get(first)! + counts.get(second)!).toBe(400);
    expect(counts.get(first)).toBeGreaterThanOrEqual(1);
    expect(counts.get(second)).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!hasGo)(`runs a case with its own GOMAXPROCS (scenario field gomaxprocs), the others with the machine's${noGo}`, () => {
    // Arrange: the same one-observation program, once pinned to one processor
    const body: Scenario['main'] = [{ observe: { x: 1 } }];
    const cases = [
      { id: 'one-proc', scenario: { name: 'one-proc', gomaxprocs: 1, main: body } },
      { id: 'default-procs', scenario: { name: 'default-procs', main: body } },
    ];
    const b = buildProgram(generateProgram(cases).files);
    // Act
    const one = batch(b, 'one-proc', 5);
    const dflt = batch(b, 'default-procs', 5);
    // Assert: the report's meta says what the process ran with
    expect(one.meta.gomaxprocs).toBe(1);
    expect(dflt.meta.gomaxprocs).toBe(cpus().length);
  });

  it.skipIf(!hasGccgo)(`builds with gccgo, whose leak snapshot and panics read the same${noGccgo}`, () => {
    const ids = ['select-nonblocking-send-parked-receiver', 'close-races-send', 'inject-labels'];
    const gcc = buildProgram(generateProgram(ids.map((id) => ({ id, scenario: byId.get(id)! }))).files, 'gccgo', false);
    for (const id of ids) {
      const rep = batch(gcc, id, 50);
      expect(rep.meta.compiler).toBe('gccgo');
      const allowed = allowedKeys(id);
      for (const h of rep.histogram) expect(allowed, `${id}: ${JSON.stringify(h.outcome)}`).toContain(outcomeKey(outcomeOf(h.outcome)));
    }
  });
});
