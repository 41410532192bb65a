import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db';
import { openPostgres } from '../db/db';
import { migrate } from '../db/migrate';

/** A throwaway database on the local PostgreSQL (127.0.0.1:5432, user postgres), migrated once. */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

function urlFor(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(prefix = 'till_sync_test', opts: { poolSize?: number } = {}): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  const db = openPostgres(url, { max: opts.poolSize ?? 10 });
  await migrate(db);
  return {
    name,
    url,
    db,
    async drop() {
      await db.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
