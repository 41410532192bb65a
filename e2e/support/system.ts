import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoChain } from '../../shared/demo';
import type { DemoChain } from '../../shared/demo';
import { createTestDatabase } from './postgres';
import type { TestDatabase } from './postgres';
import { runTs } from './processes';
import type { RunningProcess } from './processes';

/**
 * The whole system for one spec file, as real processes: a sync server on a fresh PostgreSQL database seeded with
 * the demo chain, and tills in web mode, each with its own data folder. Everything is torn down by `stop()`.
 */

export const demoChain: DemoChain = generateDemoChain();

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, proc: RunningProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited before answering ${url}:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export interface SyncServerHandle {
  url: string;
  port: number;
  /** stops the server process (a network cut, from the tills' point of view) */
  stop(): Promise<void>;
  /** starts it again on the same port and database */
  start(): Promise<void>;
  running(): boolean;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export interface TillHandle {
  name: string;
  tillId: string;
  /** base URL of its web-mode server, e.g. http://127.0.0.1:41234 */
  url: string;
  dataDir: string;
  /** calls the till's branch API directly, as the renderer would */
  call<T = unknown>(method: string, input?: unknown): Promise<CallResult<T>>;
  stop(): Promise<void>;
}

export interface E2ESystem {
  database: TestDatabase;
  server: SyncServerHandle;
  /** till tokens by demo till id, as enrolment printed them */
  tokens: Map<string, string>;
  startTill(tillName: string, options?: { sync?: boolean }): Promise<TillHandle>;
  stop(): Promise<void>;
}

export async function startSystem(): Promise<E2ESystem> {
  const database = await createTestDatabase();
  const workDir = mkdtempSync(join(tmpdir(), 'till-e2e-'));
  const tills: TillHandle[] = [];
  let serverProc: RunningProcess | null = null;
  try {
    const tokensFile = join(workDir, 'tokens.json');
    const seed = runTs('admin seed-demo', 'sync-server/admin/cli.ts', ['seed-demo', '--tokens-out', tokensFile], {
      DATABASE_URL: database.url,
    });
    const seedExit = await new Promise<number | null>((r) => seed.child.once('exit', (code) => r(code)));
    if (seedExit !== 0) throw new Error(`seed-demo failed (exit ${seedExit}):\n${seed.output()}`);
    const tokens = readTokens(tokensFile);

    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}`;
    const startServer = async (): Promise<void> => {
      serverProc = runTs('sync server', 'sync-server/main.ts', [], {
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      });
      await waitForHttp(`${serverUrl}/v1/health`, 30_000, serverProc);
    };
    await startServer();

    const server: SyncServerHandle = {
      url: serverUrl,
      port,
      running: () => serverProc !== null,
      start: startServer,
      stop: async () => {
        const p = serverProc;
        serverProc = null;
        await p?.stop();
      },
    };

    const startTill = async (tillName: string, options: { sync?: boolean } = {}): Promise<TillHandle> => {
      const till = demoChain.tills.find((t) => t.name === tillName);
      if (till === undefined) throw new Error(`no demo till named ${tillName}`);
      const dataDir = mkdtempSync(join(workDir, 'till-'));
      const args = ['--db', join(dataDir, 'till.sqlite'), '--port', '0', '--demo-till', till.id];
      if (options.sync !== false) {
        const token = tokens.get(till.id);
        if (token === undefined) throw new Error(`seed-demo printed no token for ${tillName}`);
        args.push('--server-url', serverUrl, '--token', token);
      }
      const proc = runTs(`till ${tillName}`, 'electron/web/main.ts', args);
      const ready = await proc.waitFor(/Till web mode ready: (http:\/\/\S+?)\/?\s/, 30_000);
      const url = ready[1] ?? '';
      const handle: TillHandle = {
        name: tillName,
        tillId: till.id,
        url,
        dataDir,
        call: async <T,>(method: string, input: unknown = {}): Promise<CallResult<T>> => {
          const res = await fetch(`${url}/api/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(input),
          });
          return (await res.json()) as CallResult<T>;
        },
        stop: () => proc.stop(),
      };
      tills.push(handle);
      return handle;
    };

    return {
      database,
      server,
      tokens,
      startTill,
      stop: async () => {
        await Promise.all(tills.map((t) => t.stop()));
        await server.stop();
        await database.drop();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(tills.map((t) => t.stop()));
    await (serverProc as RunningProcess | null)?.stop();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * seed-demo writes the enrolment tokens it issued; accept either {tillId: token} or a list of {tillId|id, token}.
 */
function readTokens(file: string): Map<string, string> {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const out = new Map<string, string>();
  const add = (entry: unknown): void => {
    if (typeof entry !== 'object' || entry === null) return;
    const e = entry as Record<string, unknown>;
    const tillId = e.tillId ?? e.id ?? e.terminalId;
    if (typeof tillId === 'string' && typeof e.token === 'string') out.set(tillId, e.token);
  };
  if (Array.isArray(raw)) raw.forEach(add);
  else if (typeof raw === 'object' && raw !== null) {
    const r = raw as Record<string, unknown>;
    if (Array.isArray(r.tills)) r.tills.forEach(add);
    else for (const [k, v] of Object.entries(r)) if (typeof v === 'string') out.set(k, v);
  }
  if (out.size === 0) throw new Error(`no till tokens found in ${file}`);
  return out;
}
