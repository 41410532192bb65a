import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openPostgres } from './db';
import { loadMigrations, migrate } from './migrate';
import { PG_ADMIN_URL } from '../test-support/test-db';

const name = `till_user_stores_test_${randomBytes(6).toString('hex')}`;
const admin = async (sql: string): Promise<void> => {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};
afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

describe('migration 0005 (user-store assignments) on a running chain', () => {
  it('lets every cashier and manager created before it keep logging in at every store, and assigns head office nothing', async () => {
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    const db = openPostgres(u.toString(), { max: 2 });
    try {
      const all = loadMigrations();
      const at = all.findIndex((m) => m.name === '0005_user_stores.sql');
      await migrate(db, all.slice(0, at));
      const t = '00000000-0000-7000-8000-000000000001';
      const [s1, s2, wh] = ['00000000-0000-7000-8000-0000000000a1', '00000000-0000-7000-8000-0000000000a2', '00000000-0000-7000-8000-0000000000a3'];
      const [cashier, manager, ho] = ['00000000-0000-7000-8000-0000000000b1', '00000000-0000-7000-8000-0000000000b2', '00000000-0000-7000-8000-0000000000b3'];
      await db.query("INSERT INTO tenants (id, name, currency) VALUES ($1, 'T', 'USD')", [t]);
      await db.query("INSERT INTO locations (tenant_id, id, name, kind) VALUES ($1, $2, 'S1', 'store'), ($1, $3, 'S2', 'store'), ($1, $4, 'W', 'warehouse')", [t, s1, s2, wh]);
      await db.query(
        "INSERT INTO users (tenant_id, id, name, role, pin_hash) VALUES ($1, $2, 'C', 'cashier', 'x'), ($1, $3, 'M', 'manager', 'x'), ($1, $4, 'H', 'head_office', 'x')",
        [t, cashier, manager, ho],
      );
      await migrate(db, all);
      const rows = await db.query<{ user_id: string; store_id: string }>('SELECT user_id, store_id FROM user_stores WHERE assigned ORDER BY user_id, store_id');
      expect(rows.rows.map((r) => [r.user_id, r.store_id])).toEqual([
        [cashier, s1],
        [cashier, s2],
        [manager, s1],
        [manager, s2],
      ]);
    } finally {
      await db.close();
    }
  });
});
