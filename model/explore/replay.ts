// Replay: run a Schedule step by step, matching each readable step label
// against the labels of the enabled choices. A schedule that no longer fits
// the scenario (a label with no match) is said plainly, with the step and
// the labels that were possible there. A schedule may go on past main's
// return: its later steps are the goroutines left behind running on, and its
// outcome is known once they have settled (settle.ts).

import type { StepEvent } from '../action.ts';
import type { Scenario } from '../ir.ts';
import type { HbEdge } from '../memory/hbnotes.ts';
import { hbEdges } from '../memory/hbnotes.ts';
import type { Outcome } from '../outcome.ts';
import { choiceLabel } from '../step.ts';
import type { State } from '../state.ts';
import type { ExploreOptions } from './oracle.ts';
import { modelFor } from './oracle.ts';
import type { Pick } from './search.ts';
import { walk } from './search.ts';
import type { Schedule } from './strategy.ts';

/** One numbered line of a story: the step's label and what it did. */
export interface TraceStep {
  readonly n: number;
  readonly label: string;
  /** What the step did, as data (action.ts StepEvent; `eventText` prints one). */
  readonly events: readonly StepEvent[];
  /** A step of the goroutines left behind, run on after main's return (settle.ts). */
  readonly afterMain?: true;
}

export interface Replayed {
  readonly trace: readonly TraceStep[];
  /** The outcome when the schedule ends the program (and its goroutines have settled); null when it stops earlier. */
  readonly outcome: Outcome | null;
  readonly final: State;
  /** The run's happens-before edges, each with its rule (memory/hbnotes.ts), for the pictures a report draws. */
  readonly edges: readonly HbEdge[];
}

export class ReplayMismatch extends Error {
  constructor(readonly stepIndex: number, readonly wanted: string, readonly possible: readonly string[]) {
    super(`step ${stepIndex + 1}: "${wanted}" is not possible here; possible: ${possible.map((p) => `"${p}"`).join(', ') || 'none (the program has ended)'}`);
  }
}

export function replay(s: Scenario, schedule: Schedule, o: ExploreOptions = {}): Replayed {
  const m = modelFor(s, { ...o, config: { ...(o.config ?? {}), level: schedule.level } });
  // The replay strategy: the successor whose label is the schedule's next step.
  const byLabel: Pick = (st, succ, { n }) => {
    if (n >= schedule.steps.length) return null;
    const wanted = schedule.steps[n]!;
    const labels = succ.map((x) => choiceLabel(m, st, x.choice));
    const k = labels.indexOf(wanted);
    if (k < 0) throw new ReplayMismatch(n, wanted, labels);
    return k;
  };
  const r = walk(m, byLabel);
  const trace = r.steps.map(({ label, events, afterMain }, i) => ({ n: i + 1, label, events, ...(afterMain ? { afterMain } : {}) }));
  const edges = hbEdges(r.steps.map((x) => x.hb), r.steps.map((x) => x.choice.actor), m.sem.memory.hbRule);
  return { trace, outcome: r.outcome, final: r.final, edges };
}
