// The JSON-lines protocol between the harness and an external implementation
// under test (types only for now; the jsonl adapter arrives later).
//
// One JSON object per line, each with a `type`. The harness writes requests
// on the IUT's stdin, the IUT answers on its stdout; stderr is free text the
// harness keeps for error reports. A conversation:
//
//   harness → { type: "hello", protocol: 1 }
//   IUT     → { type: "hello", protocol: 1, implementation: "tinygo 0.31" }
//   harness → { type: "run", id: "chan/close-races-send", scenario: {…}, runs: 200, seed: 7, timeoutMs: 10000 }
//   IUT     → { type: "outcome", id: "chan/close-races-send", run: 0, outcome: { v: 1, ok: true } }
//             … one line per run (or per distinct outcome with a count) …
//   IUT     → { type: "done", id: "chan/close-races-send" }
//   harness → { type: "bye" }
//
// Invariants:
//   1. every `run` request is answered by outcome/error lines with its `id`,
//      then exactly one `done` with that id;
//   2. outcomes are written as a case writes them (OutcomeSpec, model/ir.ts):
//      observation names → values, `end: deadlock`, `end: panic` with
//      `message` and `goroutine`, `end: fatal` with `message`, `parked`,
//      `leaked`, `spinning`; the harness reads them with the outcome codec
//      (model/outcome.ts outcomeFromSpec), which rejects a malformed one
//      naming its field;
//   3. scenario text is data: an IUT must never pass it to a shell.
// Anything else (a line that is not JSON, an unknown type, a missing `done`)
// is a protocol error, reported as the `error` verdict with the offending line.

import type { OutcomeSpec, Scenario, StmtKind } from '../model/ir.ts';

export const PROTOCOL_VERSION = 1;

export type Request =
  | { readonly type: 'hello'; readonly protocol: typeof PROTOCOL_VERSION }
  | {
      readonly type: 'run';
      /** The case's id in this conversation (its corpus path or name). */
      readonly id: string;
      readonly scenario: Scenario;
      readonly runs: number;
      readonly seed: number;
      /** The budget for all runs of this scenario. */
      readonly timeoutMs: number;
    }
  | { readonly type: 'bye' };

export type Response =
  | {
      readonly type: 'hello';
      readonly protocol: typeof PROTOCOL_VERSION;
      /** Name and version of the IUT, for reports. */
      readonly implementation: string;
      /** Statement kinds the IUT can run; a scenario using others is reported unsupported. */
      readonly supports?: readonly StmtKind[];
    }
  | {
      readonly type: 'outcome';
      readonly id: string;
      /** The run's index (0-based). */
      readonly run: number;
      readonly outcome: OutcomeSpec;
      /** How many runs ended this way, when the IUT aggregates (default 1). */
      readonly count?: number;
      /** The seed of this run, when the IUT takes one. */
      readonly seed?: number;
      /** Free text that helps reproduce the run (a trace, a GODEBUG line). */
      readonly note?: string;
    }
  | {
      readonly type: 'error';
      readonly id: string;
      readonly run?: number;
      readonly kind: 'crash' | 'timeout' | 'unsupported';
      readonly message: string;
    }
  | { readonly type: 'done'; readonly id: string };
