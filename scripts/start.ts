import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { bundleElectron } from '../build/bundle-electron';
import { DEMO_PINS } from '../shared/demo';
import { initDemoTillIfFresh } from '../electron/web/demo-till';
import { DEFAULT_WEB_PORT, startWebServer } from '../electron/web/server';
import { openTillRuntime } from '../electron/web/till-runtime';
import { seedDemo } from '../sync-server/admin/service';
import { startServer } from '../sync-server/server';
import type { RunningServer } from '../sync-server/server';

/**
 * `npm start`: the whole system on one machine with nothing installed but Node. The sync server runs on its
 * embedded database (PGlite) in .data/server, seeded with the demo chain on the first run; one demo till is
 * enrolled to it and opened in Electron when its binary is installed, else in web mode in the browser. A second
 * run reuses .data (delete it to start over). Ctrl-C stops everything.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// TILL_DATA_DIR lets a test (or a second demo) run without touching the usual .data folder.
const dataDir = resolve(process.env.TILL_DATA_DIR ?? join(repoRoot, '.data'));
const serverDataDir = join(dataDir, 'server');
const enrolmentFile = join(dataDir, 'enrolment.json');
const tillDbPath = join(dataDir, 'till', 'till.sqlite');
const rendererIndex = join(repoRoot, 'renderer', 'dist', 'index.html');
const DEMO_TILL_NAME = 'Hamra Till 1';

const enrolmentSchema = z.object({
  tenantId: z.string(),
  tills: z.array(z.object({ tillId: z.string(), name: z.string(), storeId: z.string(), token: z.string() })),
});
type Enrolment = z.infer<typeof enrolmentSchema>;

function port(envName: string, fallback: number): number {
  const raw = process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${envName}=${raw} is not a TCP port`);
  return n;
}

function ensureRendererBuilt(): void {
  if (existsSync(rendererIndex)) return;
  console.log('Building the till screens (first run)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build:renderer'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0 || !existsSync(rendererIndex)) throw new Error('npm run build:renderer failed: see above');
}

async function ensureSeeded(server: RunningServer): Promise<Enrolment> {
  if (existsSync(enrolmentFile)) return enrolmentSchema.parse(JSON.parse(readFileSync(enrolmentFile, 'utf8')));
  console.log('Seeding the demo chain (first run)…');
  let seeded: Enrolment;
  try {
    seeded = await seedDemo(server.db);
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : null;
    if (code === 'DUPLICATE') {
      throw new Error(`the demo chain is in ${serverDataDir} but its till tokens (${enrolmentFile}) are gone: delete ${dataDir} to start over`);
    }
    throw err;
  }
  // Till tokens are credentials: readable by this user only.
  writeFileSync(enrolmentFile, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
  return seeded;
}

function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const LOGIN_HINT = `cashier PIN ${DEMO_PINS.cashier1}, manager PIN ${DEMO_PINS.manager}`;

/** What is open, closed in reverse order on Ctrl-C or on a failure half-way through starting. */
const openParts: Array<() => Promise<void>> = [];
let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const close of openParts.reverse()) {
    try {
      await close();
    } catch (err) {
      console.error('while stopping:', err instanceof Error ? err.message : err);
    }
  }
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(dirname(tillDbPath), { recursive: true });
  ensureRendererBuilt();

  const serverPort = port('TILL_SERVER_PORT', 8787);
  // Always the embedded database here, even if the shell has a DATABASE_URL for something else.
  const server = await startServer({ port: serverPort, host: '127.0.0.1', databaseUrl: undefined, dataDir: serverDataDir, logger: { level: 'warn' } });
  // PGlite writes its files on close: never leave it without closing, even when a later step fails.
  openParts.push(() => server.close());
  const enrolment = await ensureSeeded(server);
  const till = enrolment.tills.find((t) => t.name === DEMO_TILL_NAME) ?? enrolment.tills[0];
  if (till === undefined) throw new Error(`${enrolmentFile} lists no tills: delete ${dataDir} to start over`);
  initDemoTillIfFresh(tillDbPath, till.tillId);
  console.log(`Sync server: ${server.url} (embedded database in ${serverDataDir})`);

  const electronPath = electronBinary();

  if (electronPath !== null) {
    await bundleElectron();
    console.log(`Opening ${till.name} in Electron — ${LOGIN_HINT}`);
    const child = spawn(electronPath, [repoRoot, '--db', tillDbPath], {
      cwd: repoRoot,
      stdio: 'inherit',
      // The token goes by environment, not argv: other users can read a process's command line.
      env: { ...process.env, TILL_SERVER_URL: server.url, TILL_TOKEN: till.token },
    });
    child.once('exit', (code) => void stop(code ?? 0));
    const forward = (): void => {
      child.kill('SIGTERM');
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    return;
  }

  const runtime = openTillRuntime({ dbPath: tillDbPath, sync: { serverUrl: server.url, token: till.token } });
  openParts.push(() => runtime.close());
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // The first pull brings the server's levels and catalog before anyone logs in.
  await runtime.agent?.syncNow();
  const sync = runtime.agent?.status();
  if (sync !== undefined && !sync.online) console.log(`First sync did not complete (${sync.lastError ?? 'unknown'}); the till works offline and retries.`);

  const web = await startWebServer({
    dispatch: (method, input) => runtime.backend.dispatch(method, input),
    port: port('TILL_WEB_PORT', DEFAULT_WEB_PORT),
    staticDir: dirname(rendererIndex),
  });
  openParts.push(() => web.close());
  console.log('Electron is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD), so the till runs in web mode.');
  console.log(`Till is running: open ${web.openUrl} — ${till.name}, ${LOGIN_HINT}. Ctrl-C stops everything.`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  void stop(1);
});
