import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db';
import { openPostgres } from '../db/db';
import type { Migration } from '../db/migrate';
import { loadMigrations, migrate } from '../db/migrate';

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

/** An empty database on the local PostgreSQL, for tests that migrate it themselves (upgrades, the runner). */
export async function createEmptyDatabase(prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return { name, url: urlFor(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** The migrations that come before `fileName`: the schema of the release a migration test upgrades from. */
export function migrationsBefore(fileName: string): Migration[] {
  const all = loadMigrations();
  const at = all.findIndex((m) => m.name === fileName);
  if (at < 0) throw new Error(`no migration ${fileName}`);
  return all.slice(0, at);
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function createTestDatabase(prefix = 'till_sync_test', opts: { poolSize?: number } = {}): Promise<TestDatabase> {
  const empty = await createEmptyDatabase(prefix);
  const db = openPostgres(empty.url, { max: opts.poolSize ?? 10 });
  await migrate(db);
  return {
    name: empty.name,
    url: empty.url,
    db,
    async drop() {
      await db.close().catch(() => undefined);
      await empty.drop();
    },
  };
}
