// Tests of the case loader and the case schema: valid cases come out as the
// right IR, each kind of error names file, line, column and field path, and a
// directory with broken cases still yields every good one.
//
// The bad fixtures under harness/fixtures/bad/ carry their expected errors in
// trailing `# error: line:column: path: message` comments; one data-driven
// test checks them all, so a new fixture needs no new test code.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../model/ir.ts';
import { JSON_SCHEMA_PATH, scenarioIssues, scenarioJsonSchemaText, scenarioShapeSchema, suggest } from '../corpus/schema.ts';
import type { LoadError, LoadResult } from './load.ts';
import { formatLoadError, loadCaseFile, loadCases, loadCaseText } from './load.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);

function scenarioOf(r: LoadResult): Scenario {
  if (!r.ok) throw new Error(`expected a case, got:\n${r.errors.map(formatLoadError).join('\n')}`);
  return r.case.scenario;
}

function errorsOf(r: LoadResult): readonly LoadError[] {
  if (r.ok) throw new Error(`expected errors, got the case ${r.case.scenario.name}`);
  return r.errors;
}

/** The errors of a text, formatted without the file name. */
function errorLines(text: string): string[] {
  return errorsOf(loadCaseText(text, 'x.yaml')).map((e) => formatLoadError(e).slice('x.yaml:'.length));
}

describe('valid cases load as IR', () => {
  it('close-drains-buffer comes out exactly as ir.ts writes it', () => {
    // Arrange
    const file = fixture('good', 'close-drains-buffer.yaml');
    // Act
    const s = scenarioOf(loadCaseFile(file));
    // Assert
    const want: Scenario = {
      name: 'close-drains-buffer',
      story:
        'A buffered channel holding two values is closed; the receiver still gets both values with ok=true, then the zero value with ok=false.\n',
      objects: { c: { kind: 'chan', cap: 2 } },
      main: [
        { send: { chan: 'c', value: 7 } },
        { send: { chan: 'c', value: 8 } },
        { close: 'c' },
        {
          repeat: {
            times: 3,
            body: [{ recv: { chan: 'c', into: 'v', ok: 'ok' } }, { observe: { v: { reg: 'v' }, ok: { reg: 'ok' } } }],
          },
        },
      ],
      expect: { allowed: [{ v: [7, 8, 0], ok: [true, true, false] }] },
    };
    expect(s).toEqual(want);
  });

  it('parses expression strings, binds procedures and keeps null payloads', () => {
    // Arrange
    const file = fixture('good', 'worker-pool+waitgroup.yaml');
    // Act
    const s = scenarioOf(loadCaseFile(file));
    // Assert
    expect(s.procs?.worker?.params).toEqual({ in: 'chan', sum: 'atomic', wg: 'waitgroup', factor: 'int' });
    const range = s.procs?.worker?.body[1];
    expect(range).toMatchObject({
      range: {
        chan: 'in',
        into: 'j',
        body: [
          {
            if: {
              cond: { bin: '&&', l: { bin: '>', l: { reg: 'j' }, r: 0 }, r: { bin: '<=', l: { len: 'in' }, r: { cap: 'in' } } },
              then: [{ atomicAdd: { to: 'sum', delta: { bin: '*', l: { reg: 'j' }, r: { reg: 'factor' } } } }],
              else: [{ continue: null }],
            },
          },
        ],
      },
    });
    expect(s.main?.[2]).toEqual({
      go: { proc: 'worker', args: { in: { reg: 'jobs' }, sum: { reg: 'total' }, wg: { reg: 'wg' }, factor: { bin: '+', l: 1, r: 1 } } },
    });
    expect(s.expect).toEqual({ verdict: 'ok', allowed: [{ total: 12 }], explored: { maxDepth: 60 } });
  });

  it('names a case after its file when it has no name, and reads AST expressions', () => {
    // Arrange
    const file = fixture('good', 'SB+mutex.yaml');
    // Act
    const s = scenarioOf(loadCaseFile(file));
    // Assert
    expect(s.name).toBe('SB+mutex');
    expect(s.goroutines?.P0?.[4]).toEqual({
      once: { once: 'once', body: [{ atomicStore: { to: 'flag', value: { bin: '+', l: 1, r: { un: '-', x: 0 } } } }] },
    });
    expect(s.goroutines?.P1?.[5]).toEqual({ select: { cases: [], default: [{ gosched: null }] } });
  });

  it('follows YAML anchors and aliases', () => {
    // Arrange
    const text = [
      'objects:',
      '  c: { kind: chan, cap: 1 }',
      'main:',
      '  - &put { send: { chan: c, value: 1 } }',
      '  - recv: { chan: c }',
      '  - *put',
    ].join('\n');
    // Act
    const s = scenarioOf(loadCaseText(text, 'alias.yaml'));
    // Assert
    expect(s.main?.[2]).toEqual({ send: { chan: 'c', value: 1 } });
  });

  it('accepts `break` and `continue` in a select case inside a loop, and reference parameters passed on', () => {
    // Arrange
    const text = [
      'objects: { c: { kind: chan }, m: { kind: mutex } }',
      'procs:',
      '  inner: { params: { mu: mutex }, body: [{ lock: mu }, { unlock: mu }] }',
      '  outer: { params: { l: mutex, ch: chan }, body: [{ call: { proc: inner, args: { mu: l } } }, { close: ch }] }',
      'main:',
      '  - go: { proc: outer, args: { l: m, ch: c } }',
      '  - loop:',
      '      - select:',
      '          cases:',
      '            - recv: { chan: c, ok: ok }',
      '              body: [{ if: { cond: "!ok", then: [{ break: }], else: [{ continue: }] } }]',
    ].join('\n');
    // Act
    const r = loadCaseText(text, 'ok.yaml');
    // Assert
    expect(scenarioOf(r).procs?.outer?.body[0]).toEqual({ call: { proc: 'inner', args: { mu: { reg: 'l' } } } });
  });
});

describe('each bad fixture reports the errors it lists', () => {
  const dir = fixture('bad');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  it('has fixtures', () => {
    // Arrange / Act / Assert
    expect(files.length).toBeGreaterThanOrEqual(20);
  });
  it.each(files)('%s', (f) => {
    // Arrange
    const path = join(dir, f);
    const want = readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('# error: ')).map((l) => `${path}:${l.slice('# error: '.length)}`);
    // Act
    const errors = errorsOf(loadCaseFile(path));
    // Assert
    expect(want.length).toBeGreaterThan(0);
    expect(errors.map(formatLoadError)).toEqual(want);
    for (const e of errors) expect(e.file).toBe(path);
  });
});

describe('errors point at the place in the text', () => {
  it('names file, line, column and path of an unknown channel', () => {
    // Arrange
    const text = 'objects:\n  c: { kind: chan }\ngoroutines:\n  P0:\n    - recv: { chan: c }\n    - close: c\n    - send: { chan: d, value: 1 }\n';
    // Act
    const errors = errorsOf(loadCaseText(text, 'corpus/chan/x.yaml'));
    // Assert
    expect(errors).toEqual([
      { file: 'corpus/chan/x.yaml', line: 7, column: 21, path: 'goroutines.P0[2].send.chan', message: 'unknown channel "d"' },
    ]);
    expect(formatLoadError(errors[0]!)).toBe('corpus/chan/x.yaml:7:21: goroutines.P0[2].send.chan: unknown channel "d"');
  });

  it('places an expression syntax error at its column, plain or quoted', () => {
    // Arrange
    const plain = 'objects: { c: { kind: chan, cap: 1 } }\nmain:\n  - send: { chan: c, value: a + * 2 }\n';
    const quoted = "objects: { c: { kind: chan, cap: 1 } }\nmain:\n  - send: { chan: c, value: 'a + * 2' }\n";
    // Act / Assert
    expect(errorLines(plain)).toEqual([
      '3:33: main[0].send.value: bad expression "a + * 2": expected an operand (an integer, true, false, a name, len(c), cap(c) or "("), found "*" (column 5)',
    ]);
    expect(errorLines(quoted)[0]).toMatch(/^3:34: main\[0\]\.send\.value: bad expression/);
  });

  it('falls back to the scalar when an expression is folded over lines', () => {
    // Arrange
    const text = 'main:\n  - observe:\n      r: >\n        1 +\n        +\n';
    // Act / Assert
    expect(errorLines(text)).toEqual([
      '3:10: main[0].observe.r: bad expression "1 + +\\n": expected an operand (an integer, true, false, a name, len(c), cap(c) or "("), found "+" (column 5)',
    ]);
  });

  it('reports an error inside an AST expression at its field', () => {
    // Arrange
    const text = 'main:\n  - let: { x: { bin: "^", l: 1, r: 2 } }\n';
    // Act / Assert
    expect(errorLines(text)).toEqual(['2:22: main[0].let.x.bin: expected a binary operator (* / % + - == != < <= > >= && ||), found "^"']);
  });

  it('reports a bad name at its key', () => {
    // Arrange
    const text = 'objects:\n  my-chan: { kind: chan }\nmain:\n  - let: { range: 1 }\n';
    // Act / Assert
    expect(errorLines(text)).toEqual([
      '2:3: objects["my-chan"]: bad name "my-chan": a name is a Go identifier: letters, digits and _, not starting with a digit',
      '4:12: main[0].let.range: bad name "range": a Go keyword cannot be a name',
    ]);
  });

  it('checks statements inside procedures, select cases, defers and go bodies', () => {
    // Arrange
    const text = [
      'objects: { c: { kind: chan }, w: { kind: word } }',
      'procs:',
      '  p: { params: { q: chan, n: int }, body: [{ close: n }, { load: { from: q, into: v } }] }',
      'main:',
      '  - select: { cases: [{ send: { chan: w, value: 1 } }] }',
      '  - defer: { unlock: c }',
      '  - go: { body: [{ observe: { x: "len(w)" } }] }',
      '  - repeat: { times: 2, body: [{ once: { once: o, body: [{ break: }] } }] }',
    ].join('\n');
    // Act / Assert
    expect(errorLines(text)).toEqual([
      '3:53: procs.p.body[0].close: unknown channel "n"',
      '3:74: procs.p.body[1].load.from: "q" is a channel, but `load` needs a word',
      '5:39: main[0].select.cases[0].send.chan: "w" is a word, but a select send needs a channel',
      '6:22: main[1].defer.unlock: "c" is a channel, but `unlock` needs a mutex or rwmutex',
      '7:34: main[2].go.body[0].observe.x: "w" is a word, but len/cap needs a channel, timer, ticker or after',
      '8:48: main[3].repeat.body[0].once.once: unknown once "o"',
      '8:60: main[3].repeat.body[0].once.body[0].break: `break` outside a loop (for, repeat, while, loop, range) or a select case',
    ]);
  });

  it('explains malformed statements, go targets and select cases', () => {
    // Arrange
    const text = [
      'objects: { c: { kind: chan } }',
      'procs: { p: { body: [] } }',
      'main:',
      '  - go: { proc: p, body: [] }',
      '  - select: { cases: [{ body: [] }] }',
      '  - - send: { chan: c, value: 1 }',
      '  - break',
      '  - {}',
    ].join('\n');
    // Act / Assert
    expect(errorLines(text)).toEqual([
      '4:20: main[0].go.body: a `go` target takes exactly one of `proc`, `body`, found both',
      '5:23: main[1].select.cases[0]: expected a select case: one of `send`, `recv`, such as { recv: { chan: c, into: v }, body: [...] }',
      '6:5: main[2]: expected a statement, such as `send: { chan: c, value: 1 }`; found a list',
      '7:5: main[3]: write `break:` with a colon: a statement is a one-key mapping',
      '8:5: main[4]: empty statement: a statement is a single-key record such as `send: { chan: c, value: 1 }`',
    ]);
  });

  it('checks the arguments of calls against the parameters they bind', () => {
    // Arrange
    const text = [
      'objects: { c: { kind: chan }, a: { kind: atomic } }',
      'procs:',
      '  p: { params: { q: chan, n: int, x: atomic }, body: [] }',
      'main:',
      '  - call: { proc: p, args: { q: "1 + 1", n: "len(a)", x: c } }',
    ].join('\n');
    // Act / Assert
    expect(errorLines(text)).toEqual([
      '5:33: main[0].call.args.q: parameter `q` of p is a channel: pass the name of one',
      '5:45: main[0].call.args.n: "a" is an atomic, but len/cap needs a channel, timer, ticker or after',
      '5:58: main[0].call.args.x: "c" is a channel, but parameter `x` of p needs an atomic',
    ]);
  });

  it('checks outcomes: panic fields, observations of dead processes, skips without reason', () => {
    // Arrange
    const text = [
      'status: skip',
      'main: [{ observe: { r: 1 } }]',
      'expect:',
      '  allowed:',
      '    - { end: panic, message: boom }',
      '    - { end: deadlock, r: 1 }',
      '    - { r: 1.5, message: x }',
    ].join('\n');
    // Act / Assert
    expect(errorLines(text)).toEqual([
      '1:9: status: a skipped case says why in `reason`',
      '5:7: expect.allowed[0]: a panic outcome needs `goroutine` (the goroutine that panicked)',
      '6:24: expect.allowed[1].r: a deadlock outcome has no observations (the run dies or hangs before printing them)',
      '7:12: expect.allowed[2].r: observed values are ints or bools, found the number 1.5',
      '7:17: expect.allowed[2].message: `message` belongs to a panic or fatal outcome (end: panic, end: fatal)',
    ]);
  });

  it('checks fatal outcomes: a message, no goroutine', () => {
    // Arrange
    const text = [
      'main: [{ observe: { r: 1 } }]',
      'expect:',
      '  allowed:',
      '    - { end: fatal }',
      '    - { end: fatal, message: "sync: unlock of unlocked mutex", goroutine: main }',
      '    - { end: fatal, message: "sync: unlock of unlocked mutex" }',
    ].join('\n');
    // Act / Assert
    expect(errorLines(text)).toEqual([
      "4:7: expect.allowed[0]: a fatal outcome needs `message` (Go's fatal error message)",
      '5:64: expect.allowed[1].goroutine: `goroutine` belongs to a panic outcome (end: panic)',
    ]);
  });

  it('turns a YAML alias bomb into an error, not a hang or a throw', () => {
    // Arrange
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    // Act
    const errors = errorsOf(loadCaseText(lines.join('\n'), 'bomb.yaml'));
    // Assert
    expect(errors[0]?.message).toMatch(/^YAML: .*alias/i);
  });

  it('never runs code from YAML tags', () => {
    // Arrange
    const text = 'name: !!js/function "function () { globalThis.gospecPwned = true }"\nmain: [{ gosched: }]\n';
    // Act
    const r = loadCaseText(text, 'tag.yaml');
    // Assert
    expect((globalThis as Record<string, unknown>).gospecPwned).toBeUndefined();
    expect(r.ok).toBe(true);
  });

  it('formats an error about the whole file without a path', () => {
    // Arrange
    const e: LoadError = { file: 'a.yaml', line: 1, column: 1, path: '', message: 'empty case' };
    // Act / Assert
    expect(formatLoadError(e)).toBe('a.yaml:1:1: empty case');
  });
});

describe('loadCases', () => {
  it('loads a directory with one broken and two good cases as 2 cases and 1 error', () => {
    // Arrange
    const dir = fixture('mixed');
    // Act
    const { cases, errors } = loadCases([dir]);
    // Assert
    expect(cases.map((c) => [c.file, c.scenario.name])).toEqual([
      [join(dir, 'a-good.yaml'), 'unbuffered-handoff'],
      [join(dir, 'nested', 'c-good.yml'), 'select-default'],
    ]);
    expect(errors.map(formatLoadError)).toEqual([
      `${join(dir, 'b-broken.yaml')}:6:19: main[0].send.chan: unknown channel "d"`,
    ]);
  });

  it('keeps going past a missing path, and loads each file once', () => {
    // Arrange
    const dir = fixture('mixed');
    const missing = fixture('no-such-dir');
    // Act
    const { cases, errors } = loadCases([missing, dir, join(dir, 'a-good.yaml')]);
    // Assert
    expect(cases).toHaveLength(2);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ file: missing, line: 1, column: 1, path: '' });
    expect(errors[0]?.message).toMatch(/^cannot read: .*ENOENT/);
  });

  it('gives the same result on every run', () => {
    // Arrange / Act
    const a = loadCases([FIXTURES]);
    const b = loadCases([FIXTURES]);
    // Assert
    expect(b).toEqual(a);
    expect(a.cases.length).toBe(5);
  });
});

describe('the two schema builds and the JSON Schema', () => {
  const goodFiles = [fixture('good'), fixture('mixed')];
  it('the shape build (behind the JSON Schema) reads every good case as the parse build does', () => {
    // Arrange
    const { cases } = loadCases(goodFiles);
    for (const c of cases) {
      // Act
      const shaped = scenarioShapeSchema().safeParse(JSON.parse(JSON.stringify(c.scenario)));
      // Assert
      expect(shaped.success, c.file).toBe(true);
      expect(shaped.data).toEqual(c.scenario);
      expect(scenarioIssues(c.scenario)).toEqual([]);
    }
  });

  it('docs/scenario.schema.json is up to date (regenerate: npx tsx corpus/schema.ts --write)', () => {
    // Arrange
    const committed = readFileSync(JSON_SCHEMA_PATH, 'utf8');
    // Act
    const current = scenarioJsonSchemaText();
    // Assert
    expect(committed).toBe(current);
  });
});

describe('suggest', () => {
  it.each([
    ['sned', ['send', 'recv'], 'send'],
    ['chann', ['chan', 'word'], 'chan'],
    ['capacity', ['chan', 'cap', 'nil'], 'cap'],
    ['m', ['c', 'n'], undefined],
    ['zzzz', ['send'], undefined],
  ] as const)('%s among %j → %s', (word, known, want) => {
    // Arrange / Act / Assert
    expect(suggest(word, known)).toBe(want);
  });
});
