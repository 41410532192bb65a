import { networkInterfaces } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_WEB_HOST, DEFAULT_WEB_PORT, startWebServer } from './server';
import { initDemoTillIfFresh } from './demo-till';
import { openTillRuntime } from './till-runtime';

/**
 * A till in web mode: `npx tsx electron/web/main.ts --db till.sqlite [--port 5174] [--host 127.0.0.1]
 * [--pair <token>] [--server-url http://… --token <till token>] [--demo-till "Hamra Till 1"]`.
 * Prints "Till web mode ready: <url>" once it answers.
 */

const USAGE = `usage: electron/web/main.ts --db <file> [--port ${DEFAULT_WEB_PORT}] [--host ${DEFAULT_WEB_HOST}] [--pair <token>]
       [--server-url <url> --token <till token>] [--sync-interval-ms 5000] [--demo-till <name or id>] [--renderer <dir>]`;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function parsePort(text: string | undefined): number {
  const raw = text ?? process.env.TILL_WEB_PORT;
  if (raw === undefined || raw === '') return DEFAULT_WEB_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a TCP port: ${raw}`);
  return port;
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      pair: { type: 'string' },
      'server-url': { type: 'string' },
      token: { type: 'string' },
      'demo-till': { type: 'string' },
      renderer: { type: 'string' },
      'sync-interval-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  if (values.db === undefined) throw new Error(`--db is required\n${USAGE}`);
  if ((values['server-url'] === undefined) !== (values.token === undefined)) {
    throw new Error('--server-url and --token go together: the till needs both to sync');
  }

  const dbPath = resolve(values.db);
  if (values['demo-till'] !== undefined) initDemoTillIfFresh(dbPath, values['demo-till']);

  const serverUrl = values['server-url'];
  const token = values.token;
  const interval = values['sync-interval-ms'] === undefined ? undefined : Number(values['sync-interval-ms']);
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 50)) throw new Error('--sync-interval-ms must be an integer ≥ 50');
  const till = openTillRuntime({
    dbPath,
    ...(serverUrl !== undefined && token !== undefined ? { sync: { serverUrl, token } } : {}),
    ...(interval === undefined ? {} : { syncIntervalMs: interval }),
  });
  const server = await startWebServer({
    backend: till.backend,
    host: values.host ?? DEFAULT_WEB_HOST,
    port: parsePort(values.port),
    pairToken: values.pair ?? process.env.TILL_PAIR_TOKEN,
    staticDir: resolve(values.renderer ?? resolve(repoRoot, 'renderer', 'dist')),
    // Requests are not logged (they carry PINs and customer phone numbers); failures are.
    logger: { level: process.env.TILL_LOG_LEVEL ?? 'warn' },
  });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await till.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  if (server.pairTokenGenerated) {
    console.log(`Pairing token (share it only with devices you trust): ${server.pairToken ?? ''}`);
  }
  const port = new URL(server.url).port;
  if (server.pairToken !== null && /^(0\.0\.0\.0|\[::\])$/.test(new URL(server.url).hostname)) {
    // Bound to every interface: the link a tablet needs has this computer's network address, not 0.0.0.0.
    for (const address of lanAddresses()) {
      console.log(`Pairing link for a device on the network: http://${address}:${port}/?pair=${encodeURIComponent(server.pairToken)}`);
    }
  }
  console.log(`Till web mode ready: ${server.openUrl}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
