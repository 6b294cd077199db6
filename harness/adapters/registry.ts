// The implementations `gospec check --impl NAME` can name, and the flags each
// takes beyond the common ones (docs/cli.md).
//
// The command line knows no implementation: it parses every flag an entry
// declares, refuses one the chosen entry does not declare (a usage error,
// exit 2, saying which implementations take it and why), and asks the entry
// for an adapter configured by the flags given. A new implementation, or a
// new tool of one (a sanitizer, a checker), is an entry here.

import type { Adapter } from './adapter.ts';
import { gccgoAdapter, goAdapter, makeGoAdapter } from './go.ts';
import { modelAdapter } from './model.ts';

/** A flag of `gospec check` that only some implementations take (a switch, for now). */
export interface AdapterFlag {
  readonly type: 'boolean';
  /** Its --help text, as lines; the first follows "with --impl NAME only: ". */
  readonly help: readonly string[];
  /** Why only these implementations take it, for the usage error. */
  readonly why: string;
}

export interface AdapterEntry {
  /** The flags this implementation takes beyond the common ones, by name (`race` is --race). */
  readonly flags?: Readonly<Record<string, AdapterFlag>>;
  /** The adapter, configured by the entry's own flags as given (a flag not given is absent). */
  create(flags: Readonly<Record<string, boolean>>): Adapter;
}

/** --race: Go's race detector, which comes with the gc toolchain (harness/race.ts). */
const RACE: AdapterFlag = {
  type: 'boolean',
  help: [
    "build with Go's race detector (go build",
    '-race; needs cgo and gcc), print the data races it reports',
    "under each case and compare them with the model's race",
    'verdict (also in --json); a race the model rules out that',
    'no known detector divergence explains fails the case (RACE)',
  ],
  why: "Go's race detector comes with the gc toolchain",
};

/** Implementations `--impl` can name. */
export const ADAPTERS: Readonly<Record<string, AdapterEntry>> = {
  model: { create: () => modelAdapter },
  go: { flags: { race: RACE }, create: (f) => (f.race === true ? makeGoAdapter({ compiler: 'gc', race: true }) : goAdapter) },
  gccgo: { create: () => gccgoAdapter },
};

/** Every implementation-specific flag, with the implementations that take it, in declaration order. */
export function adapterFlags(entries: Readonly<Record<string, AdapterEntry>> = ADAPTERS): Map<string, { flag: AdapterFlag; impls: string[] }> {
  const flags = new Map<string, { flag: AdapterFlag; impls: string[] }>();
  for (const [impl, e] of Object.entries(entries)) {
    for (const [name, flag] of Object.entries(e.flags ?? {})) {
      const known = flags.get(name);
      if (known) known.impls.push(impl);
      else flags.set(name, { flag, impls: [impl] });
    }
  }
  return flags;
}
