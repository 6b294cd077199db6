// Running a child process the way the adapters need (the Go adapter, and any
// implementation under test started as a program): an argument array and
// never a shell, a time limit after which the process is killed, and a cap on what it may print.
//
// Why each guard:
//   - no shell: case ids and paths reach the program as argv entries, so no
//     scenario text is ever parsed by a shell (docs/design.md, "Principles": bad input);
//   - the time limit: an implementation under test may hang (a deadlock Go
//     does not detect, a livelock); the harness kills it and goes on;
//   - the output cap: a babbling process (a loop printing forever) would
//     otherwise fill memory; past the cap it is killed and the output cut.
//
// Every process started here is remembered until it exits, so `killAll` can
// end them when the harness is interrupted.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export interface ProcessLimits {
  /** Kill the process after this many milliseconds. */
  readonly timeoutMs: number;
  /** Kill the process once stdout or stderr exceeds this many bytes (each). */
  readonly maxOutputBytes: number;
  readonly cwd?: string;
  /** The whole environment of the child (not merged with ours). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface ProcessResult {
  /** The exit status, or null when the process was ended by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when we killed it because the time limit passed. */
  readonly timedOut: boolean;
  /** True when we killed it because it printed more than the cap. */
  readonly truncated: boolean;
  /** The process could not be started at all (ENOENT, EACCES…). */
  readonly spawnError?: string;
  readonly ms: number;
}

const live = new Set<ChildProcess>();

/** Kills every process this module started that is still running. */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Runs `file` with `args` (no shell) under the limits; never rejects. */
export function runProcess(file: string, args: readonly string[], limits: ProcessLimits): Promise<ProcessResult> {
  const t0 = performance.now();
  return new Promise((resolvePromise) => {
    let child: ChildProcess;
    try {
      child = spawn(file, [...args], {
        cwd: limits.cwd,
        env: limits.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
    } catch (e) {
      resolvePromise({ code: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, spawnError: e instanceof Error ? e.message : String(e), ms: 0 });
      return;
    }
    live.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    let truncated = false;
    let spawnError: string | undefined;
    let settled = false;

    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limits.timeoutMs);

    const take = (chunks: Buffer[], bytes: number, data: Buffer): number => {
      const room = limits.maxOutputBytes - bytes;
      if (room > 0) chunks.push(data.length <= room ? data : data.subarray(0, room));
      if (data.length > room && !truncated) {
        truncated = true;
        child.kill('SIGKILL');
      }
      return bytes + data.length;
    };
    child.stdout?.on('data', (d: Buffer) => { outBytes = take(out, outBytes, d); });
    child.stderr?.on('data', (d: Buffer) => { errBytes = take(err, errBytes, d); });

    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      live.delete(child);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        truncated,
        ...(spawnError !== undefined ? { spawnError } : {}),
        ms: performance.now() - t0,
      });
    };
    child.on('error', (e) => {
      spawnError = e.message;
      finish(null, null);
    });
    // 'close' (not 'exit'): the streams are drained by then.
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** The first `n` non-empty lines of a text, for an error message. */
export function firstLines(text: string, n: number): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  const head = lines.slice(0, n).join('\n');
  return lines.length > n ? `${head}\n… (${lines.length - n} more lines)` : head;
}
