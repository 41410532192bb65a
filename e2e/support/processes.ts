import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A TypeScript entry point of this repo running as a real child process (the sync server, a till in web mode),
 * so a test can stop and restart it exactly like a power cut or a network cut would.
 */
export interface RunningProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** everything it printed so far, for failure messages */
  output(): string;
  /** resolves with the first match of `pattern` in its output */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period */
  stop(graceMs?: number): Promise<void>;
  /** Ctrl-C: SIGINT, and the exit code once it has exited (null when it had to be killed) */
  interrupt(graceMs?: number): Promise<number | null>;
  kill(): Promise<void>;
}

export function runTs(
  name: string,
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    out += chunk.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const l of listeners) l();
  });

  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> =>
    new Promise((resolveMatch, reject) => {
      const check = (): void => {
        const m = pattern.exec(out);
        if (m !== null) {
          finish();
          resolveMatch(m);
        } else if (hasExited) {
          finish();
          reject(new Error(`${name} exited (code ${child.exitCode}) before printing ${pattern}:\n${out}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms:\n${out}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const signalAndWait = async (signal: NodeJS.Signals, graceMs: number): Promise<boolean> => {
    if (hasExited) return true;
    child.kill(signal);
    const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs))]);
    return !timedOut;
  };

  return {
    name,
    child,
    output: () => out,
    waitFor,
    stop: async (graceMs = 5_000) => {
      if (!(await signalAndWait('SIGTERM', graceMs))) await signalAndWait('SIGKILL', 5_000);
    },
    kill: async () => {
      await signalAndWait('SIGKILL', 5_000);
    },
    interrupt: async (graceMs = 15_000) => {
      if (await signalAndWait('SIGINT', graceMs)) return child.exitCode;
      await signalAndWait('SIGKILL', 5_000);
      return null;
    },
  };
}
