// Temp directories the adapters build and run in (the Go adapter's modules), removed when the adapter is
// disposed — and also when the process exits or is interrupted before that,
// so an interrupted `gospec check --impl go` leaves nothing behind.
//
// While at least one directory is live, handlers for 'exit', SIGINT, SIGTERM
// and SIGHUP are installed; a signal handler removes the directories, kills
// the child processes still running (process.ts), takes itself off and
// raises the signal again, so the process still dies of it as it would have.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll } from './process.ts';

const live = new Set<string>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function removeAllNow(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function onExit(): void {
  killAll();
  removeAllNow();
}

function onSignal(signal: NodeJS.Signals): void {
  onExit();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off('exit', onExit);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** A fresh directory under the OS temp dir, removed at exit if not before. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (live.size === 0) install();
  live.add(dir);
  return dir;
}

/** Removes a directory made by makeTempDir (a no-op for others). */
export function removeTempDir(dir: string): void {
  if (!live.delete(dir)) return;
  rmSync(dir, { recursive: true, force: true });
  if (live.size === 0) uninstall();
}
