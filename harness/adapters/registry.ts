// The implementations `gospec check --impl NAME` can name, and the flags each
// takes beyond the common ones (docs/cli.md).
//
// The command line knows no implementation: it parses every flag an entry
// declares, refuses one the chosen entry does not declare (a usage error,
// exit 2, saying which implementations take it and why), and asks the entry
// for an adapter configured by the flags given. A new implementation, or a
// new tool of one (a sanitizer, a checker), is an entry here.
//
// The Go entries: `go` is the machine's go (the first on the PATH), each
// `go@1.N` one Go release (go/resolve.ts says where each is looked for), and
// `--go PATH` names the binary itself (with `go@1.N`, one that must be of
// that release). All of them build with the gc compiler; `gccgo` is the
// other compiler.

import { realpathSync } from 'node:fs';
import type { Adapter } from './adapter.ts';
import { gccgoAdapter, makeGoAdapter } from './go.ts';
import { GO_RELEASES, resolveGo } from './go/resolve.ts';
import { modelAdapter } from './model.ts';

interface FlagText {
  /** Its --help text, as lines under "with --impl NAME only:". */
  readonly help: readonly string[];
  /** Why only these implementations take it, for the usage error. */
  readonly why: string;
}

/** A flag of `gospec check` that only some implementations take: a switch, or one taking a value. */
export type AdapterFlag =
  | (FlagText & { readonly type: 'boolean' })
  | (FlagText & {
      readonly type: 'string';
      /** The value's name in --help (`--go PATH`). */
      readonly value: string;
    });

/** The entry's own flags as given: true for a switch, the text for a flag with a value (a flag not given is absent). */
export type AdapterFlagValues = Readonly<Record<string, boolean | string>>;

/** What creating an adapter may depend on beyond its flags. */
export interface AdapterContext {
  /** The directory the command runs in: a path in a flag is relative to it. */
  readonly cwd: string;
}

export interface AdapterEntry {
  /** The flags this implementation takes beyond the common ones, by name (`race` is --race). */
  readonly flags?: Readonly<Record<string, AdapterFlag>>;
  /** The adapter, configured by the entry's own flags as given. */
  create(flags: AdapterFlagValues, ctx: AdapterContext): Adapter;
  /**
   * What the implementation is on this machine, for `--all-impls`: two names
   * with one identity (`go` and `go@1.26` when the machine's go is 1.26.8)
   * are one implementation, run once. Null: not known (it is missing).
   */
  identity?(flags: AdapterFlagValues, ctx: AdapterContext): string | null;
}

/** --race: Go's race detector, which comes with the gc toolchain (harness/race.ts). */
const RACE: AdapterFlag = {
  type: 'boolean',
  help: [
    "build with Go's race detector (go build -race; needs cgo",
    'and gcc), print the data races it reports under each case',
    "and compare them with the model's race verdict (also in",
    '--json); a race the model rules out that no known detector',
    'divergence of that Go release explains fails the case (RACE)',
  ],
  why: "Go's race detector comes with the gc toolchain",
};

/** --go PATH: the go binary to build with. */
const GO_BINARY: AdapterFlag = {
  type: 'string',
  value: 'PATH',
  help: [
    'build with this go binary, any gc go command (with go@1.N',
    'it must be that release); the report records its go version',
  ],
  why: 'it names the gc toolchain that builds the program',
};

const GO_FLAGS = { race: RACE, go: GO_BINARY } as const;

/** A gc entry: the machine's go (no release), or the Go release `release`. */
function gcEntry(release?: string): AdapterEntry {
  const name = release === undefined ? 'go' : `go@${release}`;
  const resolution = (f: AdapterFlagValues, ctx: AdapterContext) =>
    resolveGo({ ...(release !== undefined ? { release } : {}), ...(typeof f.go === 'string' ? { path: f.go, cwd: ctx.cwd } : {}) });
  return {
    flags: GO_FLAGS,
    create: (f, ctx) => makeGoAdapter({ compiler: 'gc', name, race: f.race === true, go: () => resolution(f, ctx) }),
    identity(f, ctx) {
      // One binary under two names (Debian's /usr/bin/go is a link into /usr/lib/go-1.N) is one toolchain.
      const r = resolution(f, ctx);
      if (!r.ok) return null;
      try {
        return realpathSync(r.go.path);
      } catch {
        return r.go.path;
      }
    },
  };
}

/** Implementations `--impl` can name. */
export const ADAPTERS: Readonly<Record<string, AdapterEntry>> = {
  model: { create: () => modelAdapter },
  go: gcEntry(),
  ...Object.fromEntries(Object.keys(GO_RELEASES).map((release) => [`go@${release}`, gcEntry(release)])),
  gccgo: { create: () => gccgoAdapter, identity: () => 'gccgo' },
};

/** The usage error for an --impl name no entry has, with what to use instead. */
export function unknownImplementation(name: string, entries: Readonly<Record<string, AdapterEntry>> = ADAPTERS): string {
  const known = `known: ${Object.keys(entries).join(', ')}`;
  const release = /^go@(.*)$/.exec(name)?.[1];
  if (release === undefined) return `--impl: unknown implementation "${name}"; ${known}`;
  return `--impl: unknown implementation "${name}": gospec names the Go releases ${Object.keys(GO_RELEASES).join(', ')} (the ones its machines can have); for another go binary use --impl go --go PATH; ${known}`;
}

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

/** `go, go@1.19 or go@1.26`: implementation names as a sentence lists them. */
export function listImpls(impls: readonly string[]): string {
  return impls.length <= 1 ? (impls[0] ?? '') : `${impls.slice(0, -1).join(', ')} or ${impls[impls.length - 1]}`;
}
