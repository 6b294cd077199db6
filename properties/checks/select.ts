// Properties of select (model/select.ts):
//   - everyReadyCaseCanWin: in every reachable state, each case of a select
//     that could proceed (properties/readiness.ts, not the model's queues) is
//     one of the select's enabled choices, and no other case is;
//   - defaultOnlyWhenNothingReady: a select takes its default, or parks, only
//     when no case could proceed;
//   - selectUniform: explore finds exactly one outcome per ready case, each
//     with probability 1/k in its distribution, and over random walks the
//     ready cases win uniformly (chi-square, rejecting below p = 1e-6).

import fc from 'fast-check';
import type { Choice, Model } from '../../model/step.ts';
import { step } from '../../model/step.ts';
import type { State } from '../../model/state.ts';
import { explore } from '../../model/explore/oracle.ts';
import { randomWalk } from '../../model/explore/random.ts';
import { scenario } from '../arbitraries/scenario.ts';
import { readySelect } from '../arbitraries/readySelect.ts';
import type { PropertyCheck } from '../check.ts';
import { assertProperty } from '../check.ts';
import { chiSquareUniform, UNFAIR_P as REJECT_BELOW_P } from '../../harness/stats.ts';
import { nextOp } from '../ledger.ts';
import { canProceed, offersOf, parkedOffers } from '../readiness.ts';
import { LEVELS as levels, stateProperty } from '../states.ts';


/** For each runnable goroutine at a select: the cases that could proceed, and where each of its choices went. */
interface SelectPoint {
  readonly goid: number;
  readonly label: string;
  readonly ready: ReadonlySet<number>;
  readonly hasDefault: boolean;
  /** Per enabled choice: the winning case index, 'default', 'parked', or 'panic'. */
  readonly went: readonly (number | 'default' | 'parked' | 'panic')[];
  /** Cases that are ready because they send on a closed channel (they win by panicking). */
  readonly closedSends: ReadonlySet<number>;
}

function selectPoints(m: Model, s: State, choices: readonly Choice[]): SelectPoint[] {
  const out: SelectPoint[] = [];
  if (s.exit) return out;
  const parked = parkedOffers(m, s);
  for (const g of s.gs) {
    if (g.status !== 'runnable') continue;
    const op = nextOp(m, s, g);
    if (!op || op.pending.kind !== 'instr' || op.pending.instr.op !== 'select') continue;
    const instr = op.pending.instr;
    const offers = offersOf(m, instr, op.frame);
    const ready = new Set(offers.filter((o) => canProceed(s, parked, g.goid, o)).map((o) => o.caseIndex));
    const closedSends = new Set(offers.filter((o) => o.dir === 'send' && o.ci >= 0 && s.chans[o.ci]!.closed).map((o) => o.caseIndex));
    const went = choices.filter((c) => c.actor === g.goid).map((c) => {
      const after = step(m, s, c).state;
      if (after.exit?.end === 'panic') return 'panic' as const;
      const ga = after.gs[g.goid - 1]!;
      if (ga.status === 'waiting') return 'parked' as const;
      const pc = ga.frames[ga.frames.length - 1]?.pc;
      const i = instr.cases.findIndex((cs) => cs.target === pc);
      return i >= 0 ? i : ('default' as const);
    });
    out.push({ goid: g.goid, label: g.label, ready, hasDefault: instr.defaultTarget !== undefined, went, closedSends });
  }
  return out;
}

const show = (p: SelectPoint): string => `g${p.goid} ${p.label}'s select: ready cases {${[...p.ready].join(', ')}}, its choices went to [${p.went.join(', ')}]`;

export const everyReadyCaseCanWin: PropertyCheck = stateProperty(
  'everyReadyCaseCanWin',
  'in every reachable state, every ready case (and no other) is an enabled choice of its select',
  ({ m, s, choices }) => {
    for (const p of selectPoints(m, s, choices)) {
      for (const i of p.ready) {
        const won = p.went.includes(i) || (p.closedSends.has(i) && p.went.includes('panic'));
        if (!won) return `case ${i} is ready but cannot win: ${show(p)}`;
      }
      const stray = p.went.find((w) => typeof w === 'number' && !p.ready.has(w));
      if (stray !== undefined) return `case ${stray} is not ready but wins: ${show(p)}`;
    }
    return null;
  },
);

export const defaultOnlyWhenNothingReady: PropertyCheck = stateProperty(
  'defaultOnlyWhenNothingReady',
  'a select takes default, or parks, exactly when no case is ready',
  ({ m, s, choices }) => {
    for (const p of selectPoints(m, s, choices)) {
      const idle = p.went.filter((w) => w === 'default' || w === 'parked');
      if (p.ready.size > 0 && idle.length > 0) return `a case is ready, yet the select can ${idle[0] === 'default' ? 'take default' : 'park'}: ${show(p)}`;
      const want = p.hasDefault ? 'default' : 'parked';
      if (p.ready.size === 0 && (p.went.length !== 1 || p.went[0] !== want)) return `no case is ready, so the select must ${p.hasDefault ? 'take default' : 'park'}: ${show(p)}`;
    }
    return null;
  },
);

/** Walks per ready case: enough that a 2:1 bias between two cases is rejected at p < 1e-6. */
const WALKS_PER_CASE = 200;

export const selectUniform: PropertyCheck = {
  name: 'selectUniform',
  claim: `each ready case is an explored outcome of probability 1/k, and wins uniformly over random walks (chi-square, reject below p = ${REJECT_BELOW_P})`,
  run: (sem, over) =>
    assertProperty(fc.tuple(readySelect(), fc.nat({ max: 1_000_000 })), ([rs, base]) => {
      const { scenario: sc, ready } = rs;
      // Explore: exactly one outcome per ready case.
      const ex = explore(sc, { semantics: sem });
      const winnerOf = new Map(ex.outcomes.map((o) => [o.key, o.outcome.obs['won']?.[0]]));
      const wantExplored = [...ready].sort().join(' ');
      const gotExplored = [...winnerOf.values()].map(Number).sort().join(' ');
      if (gotExplored !== wantExplored) throw new Error(`explore found winners [${gotExplored}], the ready cases are [${wantExplored}]`);
      // Walk: count the winners.
      const counts = new Map<number, number>(ready.map((i) => [i, 0]));
      const n = WALKS_PER_CASE * ready.length;
      for (let k = 0; k < n; k++) {
        const won = randomWalk(sc, base + k, { semantics: sem }).outcome?.obs['won']?.[0];
        if (typeof won !== 'number' || !counts.has(won)) throw new Error(`walk seed ${base + k}: case ${String(won)} won, the ready cases are [${wantExplored}]`);
        counts.set(won, counts.get(won)! + 1);
      }
      const t = chiSquareUniform([...counts.values()]);
      if (t.p < REJECT_BELOW_P) {
        throw new Error(`winners over ${n} walks (seeds ${base}..${base + n - 1}): ${[...counts].map(([i, c]) => `case ${i}: ${c}`).join(', ')}; chi-square ${t.statistic.toFixed(1)} (df ${t.df}), p = ${t.p.toExponential(2)} < ${REJECT_BELOW_P}`);
      }
      // The oracle's exact distribution (checked after the walks, so that a biased walk is reported by the chi-square).
      if (!ex.distribution) throw new Error(`explore gives no distribution for a select among ${ready.length} ready cases`);
      const skewed = ex.distribution.find((d) => Math.abs(d.p - 1 / ready.length) > 1e-9);
      if (skewed) throw new Error(`explore gives case ${String(winnerOf.get(skewed.key))} probability ${skewed.p}, not 1/${ready.length}`);
    }, 25, over),
};

