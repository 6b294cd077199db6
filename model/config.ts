// Config: every parameter of the model in one typed record, kept apart from
// the semantics (docs/style.md habit 15). Each field documents its default and the
// Go source it comes from.

import type { Level } from './ir.ts';

export interface Bounds {
  /** Stop exploring after this many distinct states (reported, never silent). */
  readonly maxStates: number;
  /** Stop following a path after this many transitions (reported, never silent). */
  readonly maxDepth: number;
}

export interface Config {
  /** 'spec': what the Go spec and memory model allow; 'gc': what gc also guarantees. */
  readonly level: Level;
  /** GOMAXPROCS; used by the scheduler model at the gc level (default 2, the CI machine's cores). */
  readonly gomaxprocs: number;
  /** sync.Mutex switches to starvation mode after a waiter waited this long (mutex.go: 1 ms). */
  readonly starvationThresholdNs: number;
  /** sysmon preempts a goroutine running longer than this (proc.go forcePreemptNS: 10 ms). */
  readonly preemptNs: number;
  /** Every this many schedule ticks the global run queue is polled first (proc.go findRunnable: 61). */
  readonly globalRunqCheckEvery: number;
  readonly bounds: Bounds;
  /**
   * Whether a plain read may take its value from a write still to come (a
   * promise, model/memory/words.ts): Go's memory model allows it (load
   * buffering). Exhaustive exploration keeps it on; random walks turn it
   * off, since a walk that promised may end without fulfilling.
   */
  readonly speculativeReads: boolean;
  /**
   * 'go': plain reads see what Go's memory model allows (model/memory/words.ts);
   * 'sc': every read takes the latest write, sequential consistency — the
   * reference the DRF-SC property compares with, and a teaching aid.
   */
  readonly memory: 'go' | 'sc';
  /**
   * What a goroutine's step costs in time at the gc level (model/time.ts,
   * "The cost model"): 'unbounded', Go's guarantee (the clock may tick
   * between any two steps), the default; 'zero', an ideal machine where
   * time passes only while no goroutine can run, which bounds the time a
   * `measure` body takes (model/explore/measure.ts).
   */
  readonly stepCost: 'unbounded' | 'zero';
}

export const DEFAULT_BOUNDS: Bounds = { maxStates: 2_000_000, maxDepth: 100_000 };

export const DEFAULT_CONFIG: Config = {
  level: 'spec',
  gomaxprocs: 2,
  starvationThresholdNs: 1_000_000,
  preemptNs: 10_000_000,
  globalRunqCheckEvery: 61,
  bounds: DEFAULT_BOUNDS,
  speculativeReads: true,
  memory: 'go',
  stepCost: 'unbounded',
};

/** The config with the given fields overridden (bounds merged field by field). */
export function makeConfig(over: Partial<Omit<Config, 'bounds'>> & { bounds?: Partial<Bounds> } = {}): Config {
  return { ...DEFAULT_CONFIG, ...over, bounds: { ...DEFAULT_BOUNDS, ...(over.bounds ?? {}) } };
}
