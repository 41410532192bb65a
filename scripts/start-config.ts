import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_WEB_PORT } from '../electron/web/server';

/**
 * Where `npm start`, `npm run start:server` and `npm run start:till` keep their data and which ports they use.
 * One definition for all three, so the till started alone finds the server started alone. A flag wins over the
 * environment variable, which wins over the default:
 *
 *   --data-dir <folder>   TILL_DATA_DIR      .data (in the repository)
 *   --server-port <n>     TILL_SERVER_PORT   8787
 *   --web-port <n>        TILL_WEB_PORT      5174 (the till in web mode, when Electron is not installed)
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SERVER_PORT = 8787;

export interface StartConfig {
  dataDir: string;
  serverPort: number;
  webPort: number;
  /** PGlite's files: the sync server's embedded database */
  serverDataDir: string;
  /** the demo till tokens the server enrolled on its first run (credentials: mode 0600) */
  enrolmentFile: string;
  tillDbPath: string;
  serverUrl: string;
}

export const START_USAGE = `options (flag, or environment variable):
  --data-dir <folder>    TILL_DATA_DIR     where the server's database, the till's database and the demo till
                                           tokens live (default: .data in the repository; delete it to start over)
  --server-port <port>   TILL_SERVER_PORT  the sync server's port (default ${DEFAULT_SERVER_PORT})
  --web-port <port>      TILL_WEB_PORT     the till's web-mode port (default ${DEFAULT_WEB_PORT})`;

function parsePort(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name}=${raw} is not a TCP port (1-65535)`);
  return n;
}

/** Reads the flags from `argv` and the variables from `env`; throws with the usage on an unknown flag. */
export function startConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): StartConfig {
  let values: { 'data-dir'?: string | undefined; 'server-port'?: string | undefined; 'web-port'?: string | undefined };
  try {
    values = parseArgs({
      args: [...argv],
      options: { 'data-dir': { type: 'string' }, 'server-port': { type: 'string' }, 'web-port': { type: 'string' } },
      strict: true,
    }).values;
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${START_USAGE}`);
  }
  const dataDir = resolve(values['data-dir'] ?? (env.TILL_DATA_DIR || join(REPO_ROOT, '.data')));
  const serverPort = parsePort(values['server-port'] === undefined ? 'TILL_SERVER_PORT' : '--server-port', values['server-port'] ?? env.TILL_SERVER_PORT, DEFAULT_SERVER_PORT);
  const webPort = parsePort(values['web-port'] === undefined ? 'TILL_WEB_PORT' : '--web-port', values['web-port'] ?? env.TILL_WEB_PORT, DEFAULT_WEB_PORT);
  return {
    dataDir,
    serverPort,
    webPort,
    serverDataDir: join(dataDir, 'server'),
    enrolmentFile: join(dataDir, 'enrolment.json'),
    tillDbPath: join(dataDir, 'till', 'till.sqlite'),
    serverUrl: `http://127.0.0.1:${serverPort}`,
  };
}

/** The same configuration as environment variables, for a child process started with it. */
export function configEnv(config: StartConfig): Record<string, string> {
  return { TILL_DATA_DIR: config.dataDir, TILL_SERVER_PORT: String(config.serverPort), TILL_WEB_PORT: String(config.webPort) };
}

export const enrolmentSchema = z.object({
  tenantId: z.string(),
  tills: z.array(z.object({ tillId: z.string(), name: z.string(), storeId: z.string(), token: z.string() })),
});
export type Enrolment = z.infer<typeof enrolmentSchema>;

export const DEMO_TILL_NAME = 'Hamra Till 1';
