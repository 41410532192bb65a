import type { FastifyInstance } from 'fastify';
import type { UpgradeConfig } from '../shared/sync/upgrade';
import { buildApp } from './app';
import type { Db } from './db/db';
import { openDb } from './db/db';
import { migrate } from './db/migrate';

export interface StartOptions {
  port?: number;
  host?: string;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  logger?: boolean | Record<string, unknown>;
  upgrade?: UpgradeConfig;
  poolSize?: number;
  /** see AppOptions.trustProxy */
  trustProxy?: boolean | string;
}

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** Opens the database (PostgreSQL or embedded PGlite), migrates it, and listens. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const db = await openDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, poolSize: opts.poolSize });
  try {
    await migrate(db);
    const app = await buildApp({
      db,
      logger: opts.logger ?? false,
      ...(opts.upgrade ? { upgrade: opts.upgrade } : {}),
      ...(opts.trustProxy === undefined ? {} : { trustProxy: opts.trustProxy }),
    });
    await app.listen({ port: opts.port ?? 8787, host: opts.host ?? '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : (opts.port ?? 8787);
    return {
      app,
      db,
      url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
