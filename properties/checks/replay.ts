// Laws of the explorer and its replay handles (docs/style.md habit 11):
//   - sameSeedSameWalk: a random walk is a function of its seed (schedule and outcome);
//   - replayRoundTrip: replaying a walk's schedule reaches the walk's outcome,
//     with one trace line per step;
//   - walkOutcomeExplored: every outcome a walk reaches is in explore's set;
//   - witnessesReplay: every explored outcome's witness replays to it;
//   - choiceLabelsUnique: in every reachable state the enabled choices have
//     distinct labels (replay finds a step by its label).
// These run in CI always: replay is how every failure is reproduced.

import fc from 'fast-check';
import { outcomeKey } from '../../model/outcome.ts';
import { explore } from '../../model/explore/oracle.ts';
import { randomWalk } from '../../model/explore/random.ts';
import { replay } from '../../model/explore/replay.ts';
import { scenario } from '../arbitraries/scenario.ts';
import { walkSeeds } from '../arbitraries/schedule.ts';
import { choiceLabel } from '../../model/step.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { LEVELS as levels, stateProperty } from '../states.ts';

const BOUND = { maxStates: 20_000 };
const key = (o: Parameters<typeof outcomeKey>[0] | null): string => (o ? outcomeKey(o) : 'none (depth bound)');

export const sameSeedSameWalk: PropertyCheck = {
  name: 'sameSeedSameWalk',
  claim: 'the same seed gives the same schedule and outcome',
  run: (sem, over) =>
    assertProperty(fc.tuple(scenario(), levels, walkSeeds()), ([sc, level, seeds]) => {
      for (const seed of seeds) {
        const a = randomWalk(sc, seed, { semantics: sem, config: { level } });
        const b = randomWalk(sc, seed, { semantics: sem, config: { level } });
        if (JSON.stringify(a.schedule) !== JSON.stringify(b.schedule) || key(a.outcome) !== key(b.outcome)) {
          throw new Error(`seed ${seed}: two walks differ:\n  ${a.schedule.steps.join(' ; ')} → ${key(a.outcome)}\n  ${b.schedule.steps.join(' ; ')} → ${key(b.outcome)}`);
        }
      }
    }, 100, over),
};

export const replayRoundTrip: PropertyCheck = {
  name: 'replayRoundTrip',
  claim: "replaying a walk's schedule reaches its outcome, one trace line per step",
  run: (sem, over) =>
    assertProperty(fc.tuple(scenario(), levels, walkSeeds()), ([sc, level, seeds]) => {
      for (const seed of seeds) {
        const w = randomWalk(sc, seed, { semantics: sem, config: { level } });
        const r = replay(sc, w.schedule, { semantics: sem });
        if (r.trace.length !== w.schedule.steps.length) throw new Error(`seed ${seed}: ${w.schedule.steps.length} steps replayed as ${r.trace.length} trace lines`);
        r.trace.forEach((line, i) => {
          if (line.n !== i + 1 || line.label !== w.schedule.steps[i]) throw new Error(`seed ${seed}: trace line ${i + 1} is ${line.n}. ${line.label}, the schedule says ${w.schedule.steps[i]}`);
        });
        if (key(r.outcome) !== key(w.outcome)) throw new Error(`seed ${seed}: the walk reached ${key(w.outcome)}, its replay ${key(r.outcome)}`);
      }
    }, 100, over),
};

export const walkOutcomeExplored: PropertyCheck = {
  name: 'walkOutcomeExplored',
  claim: 'every outcome a random walk reaches is in the explored outcome set',
  run: (sem, over) =>
    assertProperty(fc.tuple(scenario(), levels, walkSeeds()), ([sc, level, seeds]) => {
      const ex = explore(sc, { semantics: sem, config: { level, bounds: BOUND } });
      fc.pre(ex.complete);
      const keys = new Set(ex.outcomes.map((o) => o.key));
      for (const seed of seeds) {
        const w = randomWalk(sc, seed, { semantics: sem, config: { level } });
        if (w.outcome && !keys.has(outcomeKey(w.outcome))) {
          throw new Error(`seed ${seed}: the walk reached ${outcomeKey(w.outcome)}, explore allows only ${[...keys].join(' | ')}\n  walk: ${w.schedule.steps.join(' ; ')}`);
        }
      }
    }, 100, over),
};

export const witnessesReplay: PropertyCheck = {
  name: 'witnessesReplay',
  claim: "every explored outcome's witness replays to that outcome",
  run: (sem, over) =>
    assertProperty(fc.tuple(scenario(), levels), ([sc, level]) => {
      const ex = explore(sc, { semantics: sem, config: { level, bounds: BOUND } });
      fc.pre(ex.complete);
      for (const o of ex.outcomes) {
        if (o.outcome.end === 'may-not-terminate') continue; // its witness stops where no end is reachable
        const r = replay(sc, o.witness, { semantics: sem });
        if (key(r.outcome) !== o.key) throw new Error(`the witness of ${o.key} replays to ${key(r.outcome)}:\n  ${o.witness.steps.join(' ; ')}`);
      }
    }, 100, over),
};

export const choiceLabelsUnique: PropertyCheck = stateProperty(
  'choiceLabelsUnique',
  'in every reachable state, the enabled choices have distinct labels',
  ({ m, s, choices }) => {
    const labels = choices.map((c) => choiceLabel(m, s, c));
    const twice = labels.find((l, i) => labels.indexOf(l) !== i);
    return twice === undefined ? null : `two choices share the label "${twice}" (choices: ${labels.map((l) => `"${l}"`).join(', ')})`;
  },
);
