// Every property has teeth (docs/design.md, "Properties and mutants"): each row pairs a seeded bug
// (properties/mutants/) with a property that must catch it. The property runs
// exactly as in its *.prop.test.ts — same seed, same number of runs — but
// under the mutant's semantics, and this test fails if it passes. A property
// that stops killing its mutant has stopped checking what it claims to.
//
// Each kill prints the counterexample's seed and shrink path, so it can be
// looked at with GOSPEC_SEED=<seed> GOSPEC_PATH=<path>.

import { describe, expect, it } from 'vitest';
import type { Semantics } from '../model/semantics.ts';
import type { PropertyCheck } from './check.ts';
import * as chanChecks from './checks/chan.ts';
import * as selectChecks from './checks/select.ts';
import * as deadlockChecks from './checks/deadlock.ts';
import * as refinementChecks from './checks/refinement.ts';
import * as replayChecks from './checks/replay.ts';
import * as memoryChecks from './checks/memory.ts';
import * as corpusChecks from './checks/corpus.ts';
import * as syncChecks from './checks/sync.ts';
import * as leakChecks from './checks/leak.ts';
import * as hbChecks from './checks/hb.ts';
import * as condChecks from './checks/cond.ts';
import { lifoNotifyList } from './mutants/lifoNotifyList.ts';
import { gcSignalLost } from './mutants/gcSignalLost.ts';
import { funcTimersIgnoredByDeadlock } from './mutants/funcTimersIgnoredByDeadlock.ts';
import { leakIsParkedAtExit } from './mutants/leakIsParkedAtExit.ts';
import { literalPromises } from './mutants/literalPromises.ts';
import { stickyIfDeps } from './mutants/stickyIfDeps.ts';
import { broadcastWakesOne } from './mutants/broadcastWakesOne.ts';
import { onceSkipsRunningF } from './mutants/onceSkipsRunningF.ts';
import { pendingWriterAdmitsReaders } from './mutants/pendingWriterAdmitsReaders.ts';
import { tryLockNeverFails } from './mutants/tryLockNeverFails.ts';
import { unlockStrandsWaiter } from './mutants/unlockStrandsWaiter.ts';
import { wgStrandsWaiters } from './mutants/wgStrandsWaiters.ts';
import { HB_RULE_IDS } from '../model/memory/rules.ts';
import { dropHbRule } from './mutants/dropHbRule.ts';
import { noPromises, readWriteRacesIgnored, showShadowedWrites, thinAir } from './mutants/memoryReads.ts';
import { SEED } from './seed.ts';
import { bufferAsStack } from './mutants/bufferAsStack.ts';
import { closeNotWakingReceivers } from './mutants/closeNotWakingReceivers.ts';
import { gcOnlyStack } from './mutants/gcOnlyStack.ts';
import { handoffDropsSenderValue } from './mutants/handoffDropsSenderValue.ts';
import { handoffDuplicatesSenderValue } from './mutants/handoffDuplicatesSenderValue.ts';
import { hiddenStateSelect } from './mutants/hiddenStateSelect.ts';
import { lifoRecvq } from './mutants/lifoRecvq.ts';
import { lifoSendq } from './mutants/lifoSendq.ts';
import { parkedReceiversInvisible } from './mutants/parkedReceiversInvisible.ts';
import { parkedSendersInvisible } from './mutants/parkedSendersInvisible.ts';
import { selectAlwaysFirst } from './mutants/selectAlwaysFirst.ts';
import { selectBiasedToFirst } from './mutants/selectBiasedToFirst.ts';
import { selectIgnoresReadyCases } from './mutants/selectIgnoresReadyCases.ts';
import { selectKeepsSiblings } from './mutants/selectKeepsSiblings.ts';
import { timersFireEarly } from './mutants/timersFireEarly.ts';
import { deadlockIgnoresTimers } from './mutants/deadlockIgnoresTimers.ts';
import { drainsUnderOldTimers } from './mutants/drainsUnderOldTimers.ts';
import { staleValueAfterStop } from './mutants/staleValueAfterStop.ts';
import { timerChanShowsBuffer } from './mutants/timerChanShowsBuffer.ts';
import { stopLeavesTimerArmed } from './mutants/stopLeavesTimerArmed.ts';
import { timersAlwaysInHeap } from './mutants/timersAlwaysInHeap.ts';
import { timersFireOutOfOrder } from './mutants/timersFireOutOfOrder.ts';
import * as timeChecks from './checks/time.ts';
import * as mutexChecks from './checks/mutex.ts';
import { lifoSemaphore } from './mutants/lifoSemaphore.ts';
import { mutexAlwaysHandsOff } from './mutants/mutexAlwaysHandsOff.ts';
import { newcomersBargeWhileStarving } from './mutants/newcomersBargeWhileStarving.ts';
import { noStarvationMode } from './mutants/noStarvationMode.ts';
import { starvationNeverEnds } from './mutants/starvationNeverEnds.ts';
import { starvationThreshold1s } from './mutants/starvationThreshold1s.ts';

const { chanInvariantChecks: inv } = chanChecks;

interface Kill {
  readonly mutant: string;
  /** A factory, so a mutant with hidden state starts fresh for each row. */
  readonly semantics: () => Semantics;
  readonly check: PropertyCheck;
}

const kill = (mutant: string, semantics: Semantics, check: PropertyCheck): Kill => ({ mutant, semantics: () => semantics, check });

/** A row whose mutant keeps hidden state: each run gets a fresh one. */
const killFresh = (mutant: string, fresh: () => Semantics, check: PropertyCheck): Kill => ({ mutant, semantics: fresh, check });

const KILLS: readonly Kill[] = [
  // chan invariants, each after every step
  kill('handoffDuplicatesSenderValue', handoffDuplicatesSenderValue, inv.bufWithinCap),
  kill('parkedSendersInvisible', parkedSendersInvisible, inv.waitQueuesExclusive),
  kill('parkedReceiversInvisible', parkedReceiversInvisible, inv.noReceiverWhileBuffered),
  kill('parkedSendersInvisible', parkedSendersInvisible, inv.noSenderWhileRoom),
  kill('closeNotWakingReceivers', closeNotWakingReceivers, inv.closedQueuesEmpty),
  kill('selectKeepsSiblings', selectKeepsSiblings, inv.sudogsOfParked),
  // values
  kill('handoffDropsSenderValue', handoffDropsSenderValue, chanChecks.noValueLostOrDuplicated),
  kill('handoffDuplicatesSenderValue', handoffDuplicatesSenderValue, chanChecks.noValueLostOrDuplicated),
  kill('lifoRecvq', lifoRecvq, chanChecks.fifoPerChannel),
  kill('lifoSendq', lifoSendq, chanChecks.fifoPerChannel),
  kill('bufferAsStack', bufferAsStack, chanChecks.fifoPerChannel),
  kill('bufferAsStack', bufferAsStack, chanChecks.closeSemantics),
  kill('closeNotWakingReceivers', closeNotWakingReceivers, chanChecks.closeSemantics),
  // select
  kill('selectAlwaysFirst', selectAlwaysFirst, selectChecks.everyReadyCaseCanWin),
  kill('selectIgnoresReadyCases', selectIgnoresReadyCases, selectChecks.defaultOnlyWhenNothingReady),
  kill('selectAlwaysFirst', selectAlwaysFirst, selectChecks.selectUniform),
  kill('selectBiasedToFirst', selectBiasedToFirst, selectChecks.selectUniform),
  // deadlock
  kill('parkedSendersInvisible', parkedSendersInvisible, deadlockChecks.deadlockIffStuck),
  kill('closeNotWakingReceivers', closeNotWakingReceivers, deadlockChecks.deadlockIffStuck),
  kill('parkedSendersInvisible', parkedSendersInvisible, deadlockChecks.parkedReallyBlocked),
  // leaks: what never finishes, not what was parked at exit
  kill('leakIsParkedAtExit', leakIsParkedAtExit, leakChecks.leaksAreForever),
  kill('leakIsParkedAtExit', leakIsParkedAtExit, leakChecks.leakCorpusAgrees),
  // levels
  kill('gcOnlyStack', gcOnlyStack, refinementChecks.gcRefinesSpec),
  kill('gcOnlyStack', gcOnlyStack, refinementChecks.timedGcRefinesSpec),
  kill('stopLeavesTimerArmed', stopLeavesTimerArmed, refinementChecks.timerGcRefinesSpec),
  // replay
  killFresh('hiddenStateSelect', hiddenStateSelect, replayChecks.sameSeedSameWalk),
  killFresh('hiddenStateSelect', hiddenStateSelect, replayChecks.replayRoundTrip),
  killFresh('hiddenStateSelect', hiddenStateSelect, replayChecks.witnessesReplay),
  killFresh('hiddenStateSelect', hiddenStateSelect, replayChecks.walkOutcomeExplored),
  kill('selectBiasedToFirst', selectBiasedToFirst, replayChecks.choiceLabelsUnique),
  // memory model: the race-free disciplines rest on these rules
  ...(['go', 'send', 'close', 'unbuf', 'kC', 'atomic', 'mutex', 'wg', 'once'] as const).map((r) => kill(`drop rule ${r}`, dropHbRule(r), memoryChecks.drfSc)),
  // happens-before records against the clocks: every rule the records draw (join, the litmus harness's, has none)
  ...(['go', 'send', 'close', 'unbuf', 'kC'] as const).map((r) => kill(`drop rule ${r}`, dropHbRule(r), hbChecks.hbEdgesInClocks)),
  ...(['mutex', 'rlock', 'once', 'wg', 'cond', 'atomic'] as const).map((r) => kill(`drop rule ${r}`, dropHbRule(r), hbChecks.hbEdgesInClocksOnCorpus)),
  kill('readWriteRacesIgnored', readWriteRacesIgnored, memoryChecks.racyIsReported),
  // memory model: the axiomatic engine is the operational one's independent check
  kill('noPromises', noPromises, memoryChecks.enginesAgree),
  kill('showShadowedWrites', showShadowedWrites, memoryChecks.enginesAgree),
  kill('thinAir', thinAir, memoryChecks.enginesAgree),
  kill('drop rule atomic', dropHbRule('atomic'), memoryChecks.enginesAgree),
  // memory model: where a control dependency ends, and which values a promise may take
  kill('stickyIfDeps', stickyIfDeps, memoryChecks.enginesAgreeOnBranches),
  kill('literalPromises', literalPromises, memoryChecks.enginesAgreeOnBranches),
  kill('stickyIfDeps', stickyIfDeps, corpusChecks.corpusAgrees),
  kill('literalPromises', literalPromises, corpusChecks.corpusAgrees),
  // memory model: every happens-before rule and every part of the racy-read rule has a corpus case that needs it
  ...HB_RULE_IDS.map((r) => kill(`drop rule ${r}`, dropHbRule(r), corpusChecks.corpusAgrees)),
  kill('showShadowedWrites', showShadowedWrites, corpusChecks.corpusAgrees),
  kill('noPromises', noPromises, corpusChecks.corpusAgrees),
  kill('thinAir', thinAir, corpusChecks.corpusAgrees),
  // sync objects: a decision point per primitive, caught by its invariants or its corpus case
  kill('unlockStrandsWaiter', unlockStrandsWaiter, syncChecks.syncInvariants),
  kill('wgStrandsWaiters', wgStrandsWaiters, syncChecks.syncInvariants),
  kill('unlockStrandsWaiter', unlockStrandsWaiter, syncChecks.syncCorpusAgrees),
  kill('tryLockNeverFails', tryLockNeverFails, syncChecks.syncCorpusAgrees),
  kill('pendingWriterAdmitsReaders', pendingWriterAdmitsReaders, syncChecks.syncCorpusAgrees),
  kill('wgStrandsWaiters', wgStrandsWaiters, syncChecks.syncCorpusAgrees),
  kill('onceSkipsRunningF', onceSkipsRunningF, syncChecks.syncCorpusAgrees),
  kill('broadcastWakesOne', broadcastWakesOne, syncChecks.syncCorpusAgrees),
  // the clock (model/time.ts)
  kill('timersFireEarly', timersFireEarly, timeChecks.timersFireOnTime),
  kill('deadlockIgnoresTimers', deadlockIgnoresTimers, timeChecks.sleepIsNoDeadlock),
  kill('timersFireOutOfOrder', timersFireOutOfOrder, timeChecks.timersFireOnTime),
  kill('timersFireOutOfOrder', timersFireOutOfOrder, timeChecks.timerFiresOnTime),
  kill('timersFireEarly', timersFireEarly, timeChecks.timerFiresOnTime),
  kill('stopLeavesTimerArmed', stopLeavesTimerArmed, timeChecks.timerFiresOnTime),
  kill('staleValueAfterStop', staleValueAfterStop, timeChecks.stopLeavesNoStaleValue),
  kill('drainsUnderOldTimers', drainsUnderOldTimers, timeChecks.stopLeavesNoStaleValue),
  kill('staleValueAfterStop', staleValueAfterStop, timeChecks.timeCorpusAgrees),
  kill('drainsUnderOldTimers', drainsUnderOldTimers, timeChecks.timeCorpusAgrees),
  kill('timersAlwaysInHeap', timersAlwaysInHeap, timeChecks.timeCorpusAgrees),
  kill('timerChanShowsBuffer', timerChanShowsBuffer, timeChecks.timeCorpusAgrees),
  kill('deadlockIgnoresTimers', deadlockIgnoresTimers, timeChecks.timeCorpusAgrees),
  kill('funcTimersIgnoredByDeadlock', funcTimersIgnoredByDeadlock, timeChecks.timeCorpusAgrees),
  kill('stopLeavesTimerArmed', stopLeavesTimerArmed, timeChecks.timeCorpusAgrees),
  // sync.Mutex at the gc level
  kill('newcomersBargeWhileStarving', newcomersBargeWhileStarving, mutexChecks.mutualExclusion),
  kill('newcomersBargeWhileStarving', newcomersBargeWhileStarving, mutexChecks.starvationHandsOffInOrder),
  kill('lifoSemaphore', lifoSemaphore, mutexChecks.wakesQueueHead),
  kill('noStarvationMode', noStarvationMode, mutexChecks.longWaitStarves),
  kill('starvationThreshold1s', starvationThreshold1s, mutexChecks.longWaitStarves),
  kill('starvationNeverEnds', starvationNeverEnds, mutexChecks.starvationEnds),
  kill('starvationNeverEnds', starvationNeverEnds, refinementChecks.mutexGcRefinesSpec),
  kill('mutexAlwaysHandsOff', mutexAlwaysHandsOff, mutexChecks.bargingHappens),
  kill('noStarvationMode', noStarvationMode, syncChecks.syncCorpusAgrees),
  kill('mutexAlwaysHandsOff', mutexAlwaysHandsOff, syncChecks.syncCorpusAgrees),
  kill('lifoNotifyList', lifoNotifyList, condChecks.signalReadiesOldest),
  kill('lifoNotifyList', lifoNotifyList, syncChecks.syncCorpusAgrees),
  kill('broadcastWakesOne', broadcastWakesOne, condChecks.broadcastReadiesAll),
  kill('gcSignalLost', gcSignalLost, refinementChecks.condGcRefinesSpec),
];

/** Every PropertyCheck the checks modules export. */
function allChecks(): PropertyCheck[] {
  const isCheck = (x: unknown): x is PropertyCheck => typeof x === 'object' && x !== null && 'run' in x && 'name' in x && 'claim' in x;
  return [
    ...Object.values(inv),
    ...[chanChecks, selectChecks, deadlockChecks, refinementChecks, replayChecks, memoryChecks, corpusChecks, syncChecks, leakChecks, timeChecks, mutexChecks].flatMap((mod) => Object.values(mod).filter(isCheck)),
  ];
}

/** seed, path and the first line of what broke, from fast-check's report. */
function summary(message: string): string {
  const seed = /seed: (-?\d+)/.exec(message)?.[1];
  const path = /path: "([^"]*)"/.exec(message)?.[1];
  const why = message.split('\n').find((l) => l.startsWith('Got error:') || l.startsWith('Got '))?.replace(/^Got (error: )?/, '') ?? message.split('\n')[0];
  return `seed ${seed} path "${path}": ${why}`;
}

describe(`mutants: every property kills its seeded bug (seed ${SEED})`, () => {
  it('every property appears in the table', () => {
    // Arrange
    const killed = new Set(KILLS.map((k) => k.check));
    // Act
    const missing = allChecks().filter((c) => !killed.has(c)).map((c) => c.name);
    // Assert
    expect(missing).toEqual([]);
  });

  for (const k of KILLS) {
    it(`${k.check.name} kills ${k.mutant}`, () => {
      // Arrange
      const sem = k.semantics();
      // Act
      let failure: string | null = null;
      try {
        k.check.run(sem);
      } catch (e) {
        failure = e instanceof Error ? e.message : String(e);
      }
      // Assert
      expect(failure, `${k.check.name} passed under ${k.mutant}: it no longer checks what it claims`).not.toBeNull();
      console.log(`${k.check.name} kills ${k.mutant}: ${summary(failure!)}`);
    });
  }
});
