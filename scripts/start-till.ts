import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bundleElectron } from '../build/bundle-electron';
import { DEMO_PINS } from '../shared/demo';
import { initDemoTillIfFresh } from '../electron/web/demo-till';
import { startWebServer } from '../electron/web/server';
import { openTillRuntime } from '../electron/web/till-runtime';
import { DEMO_TILL_NAME, REPO_ROOT, enrolmentSchema, startConfig, type StartConfig } from './start-config';

/**
 * `npm run start:till`: the demo till of `npm start` on its own, syncing with the sync server at
 * 127.0.0.1:<server port> (started by `npm run start:server`, which also enrolled this till). It opens in
 * Electron when the Electron binary is installed, else in web mode, printing the address to open. It starts and
 * sells whether or not the server is up: stop the server and the badge goes offline; start it and the till
 * catches up. Ctrl-C stops it.
 */

const rendererIndex = join(REPO_ROOT, 'renderer', 'dist', 'index.html');
const LOGIN_HINT = `cashier PIN ${DEMO_PINS.cashier1}, manager PIN ${DEMO_PINS.manager}`;

function ensureRendererBuilt(): void {
  if (existsSync(rendererIndex)) return;
  console.log('Building the till screens (first run)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build:renderer'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (built.status !== 0 || !existsSync(rendererIndex)) throw new Error('npm run build:renderer failed: see above');
}

function enrolledTill(config: StartConfig): { tillId: string; name: string; token: string } {
  if (!existsSync(config.enrolmentFile)) {
    throw new Error(`no demo till tokens in ${config.enrolmentFile}: start the sync server once first (npm run start:server, with the same --data-dir)`);
  }
  const enrolment = enrolmentSchema.parse(JSON.parse(readFileSync(config.enrolmentFile, 'utf8')));
  const till = enrolment.tills.find((t) => t.name === DEMO_TILL_NAME) ?? enrolment.tills[0];
  if (till === undefined) throw new Error(`${config.enrolmentFile} lists no tills: delete ${config.dataDir} to start over`);
  return till;
}

function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

async function runInElectron(electronPath: string, config: StartConfig, till: { name: string; token: string }): Promise<void> {
  await bundleElectron();
  console.log(`Opening ${till.name} in Electron — ${LOGIN_HINT}`);
  const child = spawn(electronPath, [REPO_ROOT, '--db', config.tillDbPath], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    // The token goes by environment, not argv: other users can read a process's command line.
    env: { ...process.env, TILL_SERVER_URL: config.serverUrl, TILL_TOKEN: till.token },
  });
  child.once('exit', (code) => process.exit(code ?? 0));
  const forward = (): void => {
    child.kill('SIGTERM');
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
}

async function runInWebMode(config: StartConfig, till: { name: string; token: string }): Promise<void> {
  const runtime = openTillRuntime({ dbPath: config.tillDbPath, sync: { serverUrl: config.serverUrl, token: till.token } });
  const openParts: Array<() => Promise<void>> = [() => runtime.close()];
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    for (const close of openParts.reverse()) {
      try {
        await close();
      } catch (err) {
        console.error('while stopping the till:', err instanceof Error ? err.message : err);
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    // The first pull brings the server's levels and catalog before anyone logs in.
    await runtime.agent?.syncNow();
    const sync = runtime.agent?.status();
    if (sync !== undefined && !sync.online) {
      console.log(`First sync did not complete (${sync.lastError ?? 'unknown'}); the till works offline and retries.`);
    }
    const web = await startWebServer({
      backend: runtime.backend,
      port: config.webPort,
      staticDir: dirname(rendererIndex),
    });
    openParts.push(() => web.close());
    console.log('Electron is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD), so the till runs in web mode.');
    console.log(`Till is running: open ${web.openUrl} — ${till.name}, ${LOGIN_HINT} (pid ${process.pid}).`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1);
  }
}

async function main(): Promise<void> {
  const config = startConfig();
  mkdirSync(dirname(config.tillDbPath), { recursive: true });
  ensureRendererBuilt();
  const till = enrolledTill(config);
  initDemoTillIfFresh(config.tillDbPath, till.tillId);
  const electronPath = electronBinary();
  if (electronPath !== null) await runInElectron(electronPath, config, till);
  else await runInWebMode(config, till);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
