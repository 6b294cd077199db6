// The happens-before rules of Go's memory model (doc/go_mem.html, the 2022
// revision shipped with Go 1.19), one id each. Every place in the model that
// creates a happens-before edge names its rule, and a mutant may drop any
// one of them (Semantics.memory.hbRule) to show which corpus case or property
// notices (properties/mutants/).

import type { Level } from '../ir.ts';

export const HB_RULES = {
  /** A `go` statement is synchronized before the start of the goroutine it starts. */
  go: 'the go statement → the start of the new goroutine',
  /** A send is synchronized before the completion of the corresponding receive. */
  send: 'a send → the completion of the matching receive',
  /** close(c) is synchronized before a receive that returns because c is closed. */
  close: 'close(c) → a receive that returns because c is closed',
  /** Unbuffered: a receive is synchronized before the completion of the matching send. */
  unbuf: 'unbuffered channel: a receive → the completion of the matching send',
  /** Capacity C: the k-th receive is synchronized before the completion of the (k+C)-th send. */
  kC: 'capacity C: the k-th receive → the completion of the (k+C)-th send',
  /** sync.Mutex / RWMutex: the n-th Unlock is synchronized before the return of the m-th Lock, n < m. */
  mutex: 'the n-th Unlock → the return of the m-th Lock (n < m)',
  /** RWMutex: Unlock → the return of a later RLock; RUnlock → the return of the next Lock. */
  rlock: 'RWMutex: Unlock → a later RLock returns; RUnlock → the next Lock returns',
  /** The completion of once.Do's single f() is synchronized before the return of every once.Do(f). */
  once: 'the completion of f in once.Do(f) → the return of every once.Do',
  /** Each wg.Done (an Add taking the counter to zero) is synchronized before the Wait it unblocks. */
  wg: 'wg.Done → the return of the wg.Wait it unblocks',
  /** Signal / Broadcast are synchronized before the Wait they unblock. */
  cond: 'cond.Signal / Broadcast → the Wait it unblocks',
  /** An atomic operation whose effect another atomic operation observes is synchronized before it. */
  atomic: 'an atomic write → the atomic read that observes it',
  /** The litmus harness's main waits for every thread before reading final values (a WaitGroup join). */
  join: 'every litmus thread → the final reads after the join',
} as const;

export type HbRule = keyof typeof HB_RULES;

export const HB_RULE_IDS = Object.keys(HB_RULES) as HbRule[];

/** The decisions of Go's memory model that a mutant may change (model/semantics.ts), at one level. */
export interface MemorySemantics {
  /**
   * Whether a happens-before rule of Go's memory model (above)
   * creates its edges. Go's memory model has every one; a mutant drops one
   * to show which case or property notices.
   */
  readonly hbRule: (rule: HbRule) => boolean;
  /**
   * What a plain read may see (model/memory/words.ts), the three parts of
   * Go's rule for racy reads: a write shadowed through happens-before is
   * hidden (`hideShadowed`); a read may take a value a later write supplies
   * (`promises`, load buffering); such a write may not depend on the read
   * itself (`noThinAir`, acyclic dep ∪ rf). Go's memory model has all three.
   */
  readonly hideShadowed: boolean;
  readonly promises: boolean;
  readonly noThinAir: boolean;
  /**
   * Whether a promise may take any value a run may store (memory/values.ts's
   * fixpoint: computed values too, as Go allows); a mutant offers only the
   * program's literals, as gospec once did.
   */
  readonly computedPromises: boolean;
  /**
   * Whether the control dependency of an `if` on a promised value ends where
   * its arms join (model/local.ts: it does; a write after the `if` happens
   * either way). A mutant keeps it for everything after, as a loop's.
   */
  readonly ifDepsEndAtJoin: boolean;
  /** Whether a read and a write may race (they may: Go's definition counts read–write and write–write pairs). */
  readonly readWriteRaces: boolean;
}

/** Go's memory model (the same at both levels: it is the spec's). */
export function goMemory(_level: Level): MemorySemantics {
  return { hbRule: () => true, hideShadowed: true, promises: true, noThinAir: true, computedPromises: true, ifDepsEndAtJoin: true, readWriteRaces: true };
}
