// Replay: run a Schedule step by step, matching each readable step label
// against the labels of the enabled choices. A schedule that no longer fits
// the scenario (a label with no match) is said plainly, with the step and
// the labels that were possible there. A schedule may go on past main's
// return: its later steps are the goroutines left behind running on, and its
// outcome is known once they have settled (settle.ts).

import type { Scenario } from '../ir.ts';
import type { Outcome } from '../outcome.ts';
import { choiceLabel, enabled, initial, step, terminal } from '../step.ts';
import type { State } from '../state.ts';
import { resume } from '../state.ts';
import { settledOutcome } from './settle.ts';
import type { ExploreOptions } from './oracle.ts';
import { modelFor } from './oracle.ts';
import type { Schedule } from './strategy.ts';

/** One numbered line of a story: the step's label and what it did. */
export interface TraceStep {
  readonly n: number;
  readonly label: string;
  readonly events: readonly string[];
  /** A step of the goroutines left behind, run on after main's return (settle.ts). */
  readonly afterMain?: true;
}

export interface Replayed {
  readonly trace: readonly TraceStep[];
  /** The outcome when the schedule ends the program (and its goroutines have settled); null when it stops earlier. */
  readonly outcome: Outcome | null;
  readonly final: State;
}

export class ReplayMismatch extends Error {
  constructor(readonly stepIndex: number, readonly wanted: string, readonly possible: readonly string[]) {
    super(`step ${stepIndex + 1}: "${wanted}" is not possible here; possible: ${possible.map((p) => `"${p}"`).join(', ') || 'none (the program has ended)'}`);
  }
}

export function replay(s: Scenario, schedule: Schedule, o: ExploreOptions = {}): Replayed {
  const m = modelFor(s, { ...o, config: { ...(o.config ?? {}), level: schedule.level } });
  let st = initial(m);
  // Steps after main's return run the goroutines left behind on (settle.ts).
  let exit: State | undefined;
  const trace: TraceStep[] = [];
  schedule.steps.forEach((wanted, i) => {
    if (st.exit?.end === 'ok') {
      exit = st;
      st = resume(st);
    }
    const choices = enabled(m, st);
    const labels = choices.map((c) => choiceLabel(m, st, c));
    const k = labels.indexOf(wanted);
    if (k < 0) throw new ReplayMismatch(i, wanted, labels);
    const r = step(m, st, choices[k]!);
    trace.push({ n: i + 1, label: wanted, events: r.events, ...(st.after ? { afterMain: true as const } : {}) });
    st = r.state;
  });
  if (st.exit?.end === 'ok') exit = st;
  if (exit) return { trace, outcome: settledOutcome(m, exit, st), final: st };
  const done = enabled(m, st).length === 0;
  return { trace, outcome: done ? terminal(m, st) : null, final: st };
}
