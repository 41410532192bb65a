import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openPostgres } from './db';
import { loadMigrations, migrate, splitStatements } from './migrate';
import { PG_ADMIN_URL } from '../test-support/test-db';

const name = `till_migrate_test_${randomBytes(6).toString('hex')}`;
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

describe('migration runner', () => {
  it('applies each file exactly once when two servers start at the same moment', async () => {
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    const [a, b] = [openPostgres(u.toString(), { max: 2 }), openPostgres(u.toString(), { max: 2 })];
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const all = loadMigrations().map((m) => m.name);
      expect([...ra, ...rb].sort()).toEqual([...all].sort());
      expect(await migrate(a)).toEqual([]);
      const rows = await a.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.rows.map((r) => r.version)).toEqual(all.map((_, i) => i + 1));
      // The ledger refuses edits at the database level, not only in code.
      await a.query(
        "INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, d_on_hand, occurred_at) VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'RECEIVE', 1000, 1000, now())",
      );
      await expect(a.query('DELETE FROM movements')).rejects.toThrow(/append-only/);
      await expect(a.query('UPDATE movements SET qty = 0')).rejects.toThrow(/append-only/);
      await expect(a.query('TRUNCATE movements')).rejects.toThrow(/append-only/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('splits scripts on statement ends but not inside $$ bodies', () => {
    const parts = splitStatements('CREATE TABLE a (x int);\n-- note;\nCREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE EXCEPTION \'x\';\nEND;\n$$ LANGUAGE plpgsql;\nSELECT 1;');
    expect(parts).toHaveLength(3);
    expect(parts[1]).toContain('RAISE EXCEPTION');
  });
});
