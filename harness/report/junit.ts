// JUnit XML for CI: one <testcase> per case, in one <testsuite> per run.
//
//   forbidden, unfair, expectation  → <failure type="…" message="…">details</failure>
//   error                           → <error type="error" message="…">details</error>
//   skipped (status: skip, unsupported-by) → <skipped message="reason"/>
//   a case file that failed to load → a testcase of class gospec.load with an <error>,
//                                      so the broken file shows in CI instead of vanishing
//
// The details are the console report's lines for the case (numbered stories).
// Everything that comes from a case or an IUT is escaped, and characters XML
// 1.0 cannot carry (most control characters) become U+FFFD.

import { basename, dirname } from 'node:path';
import type { Scenario } from '../../model/ir.ts';
import type { CaseResult, RunLoadError, RunReport } from '../check.ts';
import { describeAdapterError, describeExpectationFailure, disagreeing } from '../check.ts';
import { describeOutcome } from '../../model/outcome.ts';
import { caseId, formatCase } from './console.ts';

/** Characters XML 1.0 allows: tab, LF, CR, and U+0020 up, less surrogates and U+FFFE/U+FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for an XML attribute value or element content. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** The class name CI groups cases by: the mechanism directory the case file lives in. */
function className(file: string): string {
  const dir = basename(dirname(file));
  return `gospec.${dir === '' || dir === '.' ? 'corpus' : dir}`;
}

/** The one-line message of a failing case: its first finding. */
function headline(c: CaseResult): string {
  const f = c.verdict?.forbidden[0];
  if (f) return `forbidden outcome "${describeOutcome(f.outcome)}" observed in ${f.count} of ${c.observed?.runs ?? 0} runs`;
  const u = c.verdict?.unfair[0];
  if (u) return `unfair: ${u.check}: ${u.message}`;
  const x = c.expectation?.failures[0];
  if (x) return describeExpectationFailure(x);
  const e = c.verdict?.errors[0];
  if (e) return describeAdapterError(e);
  const a = disagreeing(c) ?? c.audits?.[0];
  if (a) return `${a.audit.title}: ${a.message}`;
  return c.status;
}

function testcase(c: CaseResult, scenario: Scenario | undefined): string {
  const head = `    <testcase${attrs({ classname: className(c.file), name: c.name, file: c.file, time: seconds(c.ms) })}`;
  switch (c.status) {
    case 'pass':
    case 'unseen':
      return `${head}/>`;
    case 'skipped':
      return `${head}>\n      <skipped${attrs({ message: c.skipReason ?? 'no reason given' })}/>\n    </testcase>`;
    default: {
      const tag = c.status === 'error' ? 'error' : 'failure';
      const body = escapeXml(formatCase(c, scenario).join('\n'));
      // A failing audit is typed by the audit's name (`race`), as its status is printed by the audit's word.
      const type = c.status === 'audit' ? (disagreeing(c)?.audit.name ?? c.status) : c.status;
      return `${head}>\n      <${tag}${attrs({ type, message: headline(c) })}>${body}</${tag}>\n    </testcase>`;
    }
  }
}

function loadErrorCase(file: string, errors: readonly RunLoadError[]): string {
  const text = errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.path ? `${e.path}: ` : ''}${e.message}`).join('\n');
  const first = errors[0]!;
  return `    <testcase${attrs({ classname: 'gospec.load', name: file, file, time: '0.000' })}>\n`
    + `      <error${attrs({ type: 'load', message: `${first.line}:${first.column}: ${first.path ? `${first.path}: ` : ''}${first.message}` })}>${escapeXml(text)}</error>\n`
    + '    </testcase>';
}

export function junitReport(r: RunReport, scenarios: ReadonlyMap<string, Scenario> = new Map()): string {
  const byFile = new Map<string, RunLoadError[]>();
  for (const e of r.loadErrors) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const count = (pred: (c: CaseResult) => boolean): number => r.cases.filter(pred).length;
  const failures = count((c) => c.status === 'forbidden' || c.status === 'unfair' || c.status === 'expectation' || c.status === 'audit');
  const errors = count((c) => c.status === 'error') + byFile.size;
  const skipped = count((c) => c.status === 'skipped');
  const tests = r.cases.length + byFile.size;
  const totals = { tests, failures, errors, skipped, time: seconds(r.ms) };
  const suiteName = `gospec check --impl ${r.adapter} --seed ${r.seed}${r.level ? ` --level ${r.level}` : ''}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'gospec', ...totals })}>`,
    `  <testsuite${attrs({ name: suiteName, ...totals })}>`,
    '    <properties>',
    `      <property${attrs({ name: 'seed', value: r.seed })}/>`,
    `      <property${attrs({ name: 'implementation', value: r.adapter })}/>`,
    ...(r.level ? [`      <property${attrs({ name: 'level', value: r.level })}/>`] : []),
    '    </properties>',
    ...r.cases.map((c) => testcase(c, scenarios.get(caseId(c)))),
    ...[...byFile.entries()].map(([file, errs]) => loadErrorCase(file, errs)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
