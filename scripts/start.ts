import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT, START_USAGE, configEnv, startConfig, type StartConfig } from './start-config';

/**
 * `npm start`: the whole system on one machine with nothing installed but Node, as two separate processes
 * so either can be stopped and started alone (stop the server and watch the till go offline and catch up):
 *
 *   the sync server  scripts/start-server.ts  (`npm run start:server`): embedded database, demo chain seeded
 *   the till         scripts/start-till.ts    (`npm run start:till`): Electron where installed, else web mode
 *
 * This process only starts them, prefixes their output with [server] / [till], and reads one-letter commands
 * from the terminal: s⏎ stops or starts the server, t⏎ the till, q⏎ (or Ctrl-C) stops both.
 */

type PartName = 'server' | 'till';

interface Part {
  name: PartName;
  script: string;
  /** printed by the part once it serves */
  ready: RegExp;
  child: ChildProcess | null;
}

const parts: Record<PartName, Part> = {
  server: { name: 'server', script: 'scripts/start-server.ts', ready: /Sync server is running: /, child: null },
  till: { name: 'till', script: 'scripts/start-till.ts', ready: /Till is running: |Opening .* in Electron/, child: null },
};

let config: StartConfig;
let stopping = false;

function say(line: string): void {
  console.log(`[start] ${line}`);
}

/** Starts one part as a child process; resolves once it printed its ready line, rejects if it exits first. */
function launch(part: Part): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, part.script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...configEnv(config) },
    // stdin stays with this process (its commands); Electron's window needs no terminal input.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  part.child = child;
  return new Promise((resolveReady, rejectReady) => {
    let ready = false;
    const relay = (stream: NodeJS.ReadableStream, write: (line: string) => void): void => {
      createInterface({ input: stream }).on('line', (line) => {
        write(`[${part.name}] ${line}`);
        if (!ready && part.ready.test(line)) {
          ready = true;
          resolveReady();
        }
      });
    };
    if (child.stdout !== null) relay(child.stdout, (l) => console.log(l));
    if (child.stderr !== null) relay(child.stderr, (l) => console.error(l));
    child.once('error', (err) => {
      if (!ready) rejectReady(err);
    });
    child.once('exit', (code, signal) => {
      if (part.child === child) part.child = null;
      const how = signal === null ? `exit code ${code ?? '?'}` : signal;
      if (!ready) {
        rejectReady(new Error(`the ${part.name} stopped while starting (${how}): see its output above`));
        return;
      }
      if (stopping) return;
      if (part.name === 'server') say(`the sync server stopped (${how}); the till keeps selling offline. s⏎ starts the server again.`);
      else say(`the till stopped (${how}). t⏎ starts it again.`);
    });
  });
}

/** SIGINT (its Ctrl-C handler closes the databases), then SIGKILL if it hangs. */
async function halt(part: Part, graceMs = 15_000): Promise<void> {
  const child = part.child;
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function toggle(part: Part): Promise<void> {
  if (part.child !== null) {
    say(`stopping the ${part.name === 'server' ? 'sync server' : 'till'}…`);
    await halt(part);
    return;
  }
  say(`starting the ${part.name === 'server' ? 'sync server' : 'till'}…`);
  try {
    await launch(part);
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
  }
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // The till first, so the server is still there for anything it sends while closing.
  await halt(parts.till);
  await halt(parts.server);
  process.exit(code);
}

function listenForCommands(): void {
  // A closed or absent stdin (a test, a service) just means no commands: it never stops the system.
  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = line.trim().toLowerCase();
    if (command === 's') void toggle(parts.server);
    else if (command === 't') void toggle(parts.till);
    else if (command === 'q') void stopAll(0);
    else if (command !== '') say('commands: s⏎ stop/start the sync server, t⏎ stop/start the till, q⏎ quit');
  });
}

async function main(): Promise<void> {
  config = startConfig();
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  say(`data folder ${config.dataDir}, sync server port ${config.serverPort}, till web port ${config.webPort} (npm start -- --help for options)`);
  await launch(parts.server);
  await launch(parts.till);
  say(`The sync server (pid ${parts.server.child?.pid ?? '?'}) and the till (pid ${parts.till.child?.pid ?? '?'}) run as separate processes.`);
  say('  s⏎  stop or start the sync server: the till goes offline, keeps selling, and catches up when it is back');
  say('  t⏎  stop or start the till');
  say('  q⏎ or Ctrl-C  stop both');
  say('To run them in two terminals instead: npm run start:server   and   npm run start:till   (same options).');
  listenForCommands();
}

if (process.argv.includes('--help')) {
  console.log(`npm start [-- options]: the sync server and one demo till, as two processes.\n${START_USAGE}`);
  process.exit(0);
}

main().catch((err: unknown) => {
  say(err instanceof Error ? err.message : String(err));
  void stopAll(1);
});
