import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from './db';
import { migrate } from './migrate';
import { createEmptyDatabase, migrationsBefore } from '../test-support/test-db';

let database: { url: string; drop(): Promise<void> } | undefined;
afterAll(() => database?.drop());

describe('migration 0005 (user-store assignments) on a running chain', () => {
  it('lets every cashier and manager created before it keep logging in at every store, and assigns head office nothing', async () => {
    database = await createEmptyDatabase('till_user_stores_test');
    const url = database.url;
    const db = openPostgres(url, { max: 2 });
    try {
      await migrate(db, migrationsBefore('0005_user_stores.sql'));
      const t = '00000000-0000-7000-8000-000000000001';
      const [s1, s2, wh] = ['00000000-0000-7000-8000-0000000000a1', '00000000-0000-7000-8000-0000000000a2', '00000000-0000-7000-8000-0000000000a3'];
      const [cashier, manager, ho] = ['00000000-0000-7000-8000-0000000000b1', '00000000-0000-7000-8000-0000000000b2', '00000000-0000-7000-8000-0000000000b3'];
      await db.query("INSERT INTO tenants (id, name, currency) VALUES ($1, 'T', 'USD')", [t]);
      await db.query("INSERT INTO locations (tenant_id, id, name, kind) VALUES ($1, $2, 'S1', 'store'), ($1, $3, 'S2', 'store'), ($1, $4, 'W', 'warehouse')", [t, s1, s2, wh]);
      await db.query(
        "INSERT INTO users (tenant_id, id, name, role, pin_hash) VALUES ($1, $2, 'C', 'cashier', 'x'), ($1, $3, 'M', 'manager', 'x'), ($1, $4, 'H', 'head_office', 'x')",
        [t, cashier, manager, ho],
      );
      await migrate(db);
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
