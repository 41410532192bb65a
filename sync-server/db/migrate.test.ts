import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from './db';
import { loadMigrations, migrate, splitStatements } from './migrate';
import { createEmptyDatabase } from '../test-support/test-db';

let database: { url: string; drop(): Promise<void> } | undefined;
afterAll(() => database?.drop());

describe('migration runner', () => {
  it('applies each file exactly once when two servers start at the same moment', async () => {
    database = await createEmptyDatabase('till_migrate_test');
    const url = database.url;
    const [a, b] = [openPostgres(url, { max: 2 }), openPostgres(url, { max: 2 })];
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const all = loadMigrations().map((m) => m.name);
      expect([...ra, ...rb].sort()).toEqual([...all].sort());
      expect(await migrate(a)).toEqual([]);
      const rows = await a.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.rows.map((r) => r.version)).toEqual(all.map((_, i) => i + 1));
      // The ledger refuses edits at the database level, not only in code.
      await a.query(
        "INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, d_on_hand, op_id, occurred_at) VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'RECEIVE', 1000, 1000, gen_random_uuid(), now())",
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
