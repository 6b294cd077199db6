// Memory-model properties (docs/facts/memory-model.md §5), each a PropertyCheck so that
// properties/mutants.test.ts can run it under a seeded bug:
//
//   drfSc            for race-free programs (by discipline), the outcomes
//                    under Go's memory model are exactly the sequentially
//                    consistent ones, and the explorer finds no race;
//   racyIsReported   the same programs with the discipline broken have a
//                    race the explorer reports, with both accesses, and a
//                    read–write one among them (one side reads x first);
//   enginesAgree     the operational explorer and the axiomatic checker
//                    (model/memory/axiomatic.ts) compute the same outcome
//                    set and the same race verdict on litmus programs;
//   enginesAgreeOnBranches  the same on programs whose writes follow `if`s
//                    (properties/arbitraries/litmus.ts branchProgram): where
//                    a control dependency ends, and which computed values a
//                    read may be promised.

import fc from 'fast-check';
import type { Scenario } from '../../model/ir.ts';
import type { ExploreResult } from '../../model/explore/oracle.ts';
import { explore } from '../../model/explore/oracle.ts';
import type { Semantics } from '../../model/semantics.ts';
import { formatSteps } from '../../harness/report/console.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { branchProgram, drfProgram, litmusProgram, racyProgram } from '../arbitraries/litmus.ts';
import { axiomaticOutcomes, outsideFragment } from '../../model/memory/axiomatic.ts';
import { outcomeKey } from '../../model/outcome.ts';

const BOUND = { maxStates: 50_000 };

const keys = (r: ExploreResult): string[] => r.outcomes.map((o) => o.key);

function run(s: Scenario, sem: Semantics, memory: 'go' | 'sc'): ExploreResult {
  return explore(s, { semantics: sem, config: { memory, bounds: BOUND } });
}

const yaml = (s: Scenario): string => JSON.stringify(s);

export const drfSc: PropertyCheck = {
  name: 'drfSc',
  claim: 'race-free programs have exactly their sequentially consistent outcomes, and no race',
  run: (sem, over) =>
    assertProperty(drfProgram(), (s) => {
      const go = run(s, sem, 'go');
      const sc = run(s, sem, 'sc');
      fc.pre(go.complete && sc.complete);
      const scKeys = new Set(keys(sc));
      const extra = go.outcomes.find((o) => !scKeys.has(o.key));
      if (extra) {
        throw new Error(`${s.name}: outcome ${extra.key} is not sequentially consistent (SC: ${[...scKeys].join(' | ')})\n  program: ${yaml(s)}\n  witness:\n${formatSteps(extra.witness, '    ').join('\n')}`);
      }
      if (go.racy) {
        const r = go.races[0]!;
        throw new Error(`${s.name}: a race reported in a race-free program: ${r.first.kind} ${r.word} at ${r.first.site} (${r.first.goroutine}) vs ${r.second.kind} at ${r.second.site} (${r.second.goroutine})\n  program: ${yaml(s)}`);
      }
    }, 120, over),
};

export const racyIsReported: PropertyCheck = {
  name: 'racyIsReported',
  claim: 'a program whose discipline is broken has a race the explorer reports with both accesses',
  run: (sem, over) =>
    assertProperty(racyProgram(), (s) => {
      const go = run(s, sem, 'go');
      fc.pre(go.complete);
      if (!go.racy) throw new Error(`${s.name}: no race reported\n  program: ${yaml(s)}`);
      for (const r of go.races) {
        if (r.first.goroutine === r.second.goroutine || (r.first.kind === 'read' && r.second.kind === 'read')) {
          throw new Error(`${s.name}: a race between ${r.first.kind} and ${r.second.kind} of ${r.first.goroutine}/${r.second.goroutine} is no race`);
        }
      }
      // One side reads x before any write of its own: a read–write race must be among them.
      if (!go.races.some((r) => r.first.kind !== r.second.kind)) {
        throw new Error(`${s.name}: only write–write races reported; the read–write race is missing\n  program: ${yaml(s)}`);
      }
    }, 80, over),
};

export const enginesAgree: PropertyCheck = {
  name: 'enginesAgree',
  claim: 'the operational explorer and the axiomatic checker compute the same outcomes and race verdict on litmus programs',
  run: (sem, over) => assertProperty(litmusProgram(), (s) => enginesOn(s, sem), 150, over),
};

export const enginesAgreeOnBranches: PropertyCheck = {
  name: 'enginesAgreeOnBranches',
  claim: 'the two engines agree on programs whose writes follow ifs on what was read, with computed values',
  run: (sem, over) => assertProperty(branchProgram(), (s) => enginesOn(s, sem), BRANCH_RUNS, over),
};

/** Generated branch programs per run of enginesAgreeOnBranches. */
export const BRANCH_RUNS = 200;

/** Both engines on one program: the same outcomes and race verdict, else what differs. */
function enginesOn(s: Scenario, sem: Semantics): void {
  fc.pre(outsideFragment(s) === null);
  const op = run(s, sem, 'go');
  fc.pre(op.complete);
  const ax = axiomaticOutcomes(s);
  const opKeys = new Set(keys(op));
  const axKeys = new Set(ax.outcomes.map(outcomeKey));
  const onlyOp = [...opKeys].filter((k) => !axKeys.has(k));
  const onlyAx = [...axKeys].filter((k) => !opKeys.has(k));
  if (onlyOp.length > 0 || onlyAx.length > 0) {
    const w = op.outcomes.find((o) => o.key === onlyOp[0]);
    throw new Error(`the engines disagree on ${s.name}\n  only operational: ${onlyOp.join(' | ') || '-'}\n  only axiomatic: ${onlyAx.join(' | ') || '-'}\n  program: ${yaml(s)}${w ? `\n  operational witness:\n${formatSteps(w.witness, '    ').join('\n')}` : ''}`);
  }
  if (op.racy !== ax.racy) throw new Error(`race verdicts disagree: operational ${op.racy}, axiomatic ${ax.racy}\n  program: ${yaml(s)}`);
}

