// Strategies pick among the choices `enabled(state)` lists (docs/style.md habit 10).
// A Schedule is the replay handle every failure carries: readable steps such
// as `g2: recv c → 7`, never hex.

import type { Level } from '../ir.ts';

export interface Schedule {
  /** The scenario this schedule runs. */
  readonly scenario: string;
  readonly level: Level;
  /** The seed of the random walk that produced it, when one did. */
  readonly seed?: number;
  /** One label per transition, as `choiceLabel` prints it; replay matches them exactly. */
  readonly steps: readonly string[];
}
