import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { test } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoChain } from '../../shared/demo';
import type { DemoChain } from '../../shared/demo';
import { seedDemo } from '../../sync-server/admin/service';
import { openDb } from '../../sync-server/db/db';
import { migrate } from '../../sync-server/db/migrate';
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
  dbPath: string;
  storeId: string;
  /** on-hand quantity (milli-units) at the till's store, read from its database file */
  onHand(productId: string): number;
  /** calls the till's branch API directly, as the renderer would */
  call<T = unknown>(method: string, input?: unknown): Promise<CallResult<T>>;
  /** stops the till process (its database stays) */
  stop(): Promise<void>;
  /** starts it again on the same port and database, as after a reboot */
  start(): Promise<void>;
}

export interface E2ESystem {
  database: TestDatabase;
  server: SyncServerHandle;
  /** till tokens by demo till id, as enrolment printed them */
  tokens: Map<string, string>;
  /**
   * `fresh`: a till as a new install is, with an empty database, no identity and no server (it asks for its
   * enrolment code); `tillName` then names the handle only
   */
  startTill(tillName: string, options?: { sync?: boolean; pairToken?: string; fresh?: boolean }): Promise<TillHandle>;
  /** the server's authoritative level, read straight from PostgreSQL */
  serverLevel(productId: string, locationId: string): Promise<{ onHand: number }>;
  /** a conflict's state on the server, or null when the server has no such conflict */
  serverConflictState(conflictId: string): Promise<string | null>;
  /** what every process of this system printed, for diagnosing a failure */
  logs(): string;
  stop(): Promise<void>;
}

export async function startSystem(): Promise<E2ESystem> {
  const database = await createTestDatabase();
  const workDir = mkdtempSync(join(tmpdir(), 'till-e2e-'));
  const tills: TillHandle[] = [];
  let serverProc: RunningProcess | null = null;
  // Every process started, restarts included, for the logs attached to a failed test.
  const started: RunningProcess[] = [];
  try {
    const tokens = await seedDemoChain(database.url);

    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}`;
    const startServer = async (): Promise<void> => {
      serverProc = runTs(`sync server #${started.length + 1}`, 'sync-server/main.ts', [], {
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      });
      started.push(serverProc);
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

    const startTill = async (tillName: string, options: { sync?: boolean; pairToken?: string; fresh?: boolean } = {}): Promise<TillHandle> => {
      const till = demoChain.tills.find((t) => t.name === tillName);
      if (till === undefined) throw new Error(`no demo till named ${tillName}`);
      const dataDir = mkdtempSync(join(workDir, 'till-'));
      // A short pause between sync cycles keeps the tests quick; the backoff while offline is the real one.
      const dbPath = join(dataDir, 'till.sqlite');
      const tillPort = await freePort();
      const args = ['--db', dbPath, '--port', String(tillPort), ...(options.fresh === true ? [] : ['--demo-till', till.id]), '--sync-interval-ms', '500'];
      if (options.sync !== false && options.fresh !== true) {
        const token = tokens.get(till.id);
        if (token === undefined) throw new Error(`seeding enrolled no till named ${tillName}`);
        args.push('--server-url', serverUrl, '--token', token);
      }
      if (options.pairToken !== undefined) args.push('--pair', options.pairToken);
      let proc: RunningProcess | null = null;
      let deviceCookie: string | null = null;
      const launch = async (): Promise<void> => {
        const launched = runTs(`till ${tillName}`, 'electron/web/main.ts', args);
        started.push(launched);
        proc = launched;
        await launched.waitFor(/Till web mode ready: http:\/\/\S+/, 30_000);
      };
      await launch();
      const url = `http://127.0.0.1:${tillPort}`;
      const handle: TillHandle = {
        name: tillName,
        tillId: till.id,
        url,
        dataDir,
        dbPath,
        storeId: till.storeId,
        onHand: (productId) => readOnHand(dbPath, productId, till.storeId),
        call: async <T,>(method: string, input: unknown = {}): Promise<CallResult<T>> => {
          const res = await fetch(`${url}/api/${method}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(options.pairToken === undefined ? {} : { authorization: `Bearer ${options.pairToken}` }),
              // One device across calls, as a browser is: the till keeps a session per device cookie.
              ...(deviceCookie === null ? {} : { cookie: deviceCookie }),
            },
            body: JSON.stringify(input),
          });
          deviceCookie = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('till_device=')) ?? deviceCookie;
          return (await res.json()) as CallResult<T>;
        },
        stop: async () => {
          const p = proc as RunningProcess | null;
          proc = null;
          await p?.stop();
        },
        start: async () => {
          if (proc === null) await launch();
        },
      };
      tills.push(handle);
      return handle;
    };

    return {
      database,
      server,
      tokens,
      startTill,
      logs: () => started.map((p) => `===== ${p.name} =====\n${p.output()}`).join('\n'),
      serverLevel: async (productId, locationId) => {
        const rows = await serverQuery<{ on_hand: string }>(database.url, 'SELECT on_hand FROM levels WHERE product_id = $1 AND location_id = $2', [productId, locationId]);
        return { onHand: Number(rows[0]?.on_hand ?? 0) };
      },
      serverConflictState: async (conflictId) => {
        const rows = await serverQuery<{ state: string }>(database.url, 'SELECT state FROM conflicts WHERE id = $1', [conflictId]);
        return rows[0]?.state ?? null;
      },
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

/** The demo chain into a fresh database, through the server's own migrations and seeding (what `admin seed-demo` runs). */
async function seedDemoChain(databaseUrl: string): Promise<Map<string, string>> {
  const db = await openDb({ databaseUrl, poolSize: 2 });
  try {
    await migrate(db);
    const seeded = await seedDemo(db);
    return new Map(seeded.tills.map((t) => [t.tillId, t.token]));
  } finally {
    await db.close();
  }
}

/** A second, read-only connection: the till keeps running and writing in WAL mode meanwhile. */
function readOnHand(dbPath: string, productId: string, locationId: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?').get(productId, locationId) as { on_hand: number } | undefined;
    return row?.on_hand ?? 0;
  } finally {
    db.close();
  }
}

async function serverQuery<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Attaches the processes' output to the current test when it failed (call from test.afterEach). */
export async function attachLogsOnFailure(system: E2ESystem | undefined): Promise<void> {
  const info = test.info();
  if (system === undefined || info.status === info.expectedStatus) return;
  await info.attach('system-logs.txt', { body: system.logs(), contentType: 'text/plain' });
}

/**
 * One system (a sync server on a fresh database) and one till in web mode for a whole spec file, stopped after
 * it, with the processes' logs attached to any failing test. Read `system` and `till` inside tests only: they
 * exist once beforeAll has run.
 */
export function useSystemWithTill(tillName: string): { readonly system: E2ESystem; readonly till: TillHandle } {
  let system: E2ESystem | undefined;
  let till: TillHandle | undefined;
  test.beforeAll(async () => {
    system = await startSystem();
    till = await system.startTill(tillName);
  });
  test.afterEach(() => attachLogsOnFailure(system));
  test.afterAll(async () => {
    await system?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the e2e system is read before beforeAll started it');
    return value;
  };
  return {
    get system() {
      return started(system);
    },
    get till() {
      return started(till);
    },
  };
}
