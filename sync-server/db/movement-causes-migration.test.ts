import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from './db';
import { migrate } from './migrate';
import { createEmptyDatabase, migrationsBefore } from '../test-support/test-db';

let database: { url: string; drop(): Promise<void> } | undefined;
afterAll(() => database?.drop());

describe('migration 0007 (movement causes) on a server with a ledger', () => {
  it('keeps the old rows as written, names the count of each counted level, and holds every new row to a cause', async () => {
    database = await createEmptyDatabase('till_movement_causes_test');
    const db = openPostgres(database.url, { max: 2 });
    try {
      await migrate(db, migrationsBefore('0007_movement_causes.sql'));
      const t = '00000000-0000-7000-8000-000000000001';
      const store = '00000000-0000-7000-8000-0000000000a1';
      const [p1, p2] = ['00000000-0000-7000-8000-0000000000c1', '00000000-0000-7000-8000-0000000000c2'];
      const [applied, superseded] = ['00000000-0000-7000-8000-0000000000d1', '00000000-0000-7000-8000-0000000000d2'];
      await db.query("INSERT INTO tenants (id, name, currency) VALUES ($1, 'T', 'USD')", [t]);
      await db.query("INSERT INTO locations (tenant_id, id, name, kind) VALUES ($1, $2, 'S1', 'store')", [t, store]);
      await db.query("INSERT INTO products (tenant_id, id, sku, name, unit, price, currency) VALUES ($1, $2, 'A', 'P1', 'each', 100, 'USD'), ($1, $3, 'B', 'P2', 'each', 100, 'USD')", [t, p1, p2]);
      await db.query('INSERT INTO levels (tenant_id, location_id, product_id, on_hand, counted_at) VALUES ($1, $2, $3, 4000, now()), ($1, $2, $4, 9000, NULL)', [t, store, p1, p2]);
      const insert = "INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, before, d_on_hand, op_id, occurred_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9)";
      // What a server before 0007 wrote: opening stock without an op, an applied count, then an older count superseded.
      await db.query(insert, [t, store, p1, 'RECEIVE', 9000, null, 9000, null, 'opening stock']);
      await db.query(insert, [t, store, p1, 'STOCKTAKE', 4000, 9000, -5000, applied, "till expected 9000 at the count's snapshot"]);
      await db.query(insert, [t, store, p1, 'STOCKTAKE', 7000, 7000, 0, superseded, 'superseded by a later count']);
      await db.query(insert, [t, store, p2, 'RECEIVE', 9000, null, 9000, null, 'opening stock']);

      await migrate(db);
      const old = await db.query<{ kind: string; cause_kind: string; cause_ref: string | null }>('SELECT kind, cause_kind, cause_ref FROM movements ORDER BY id');
      expect(old.rows.map((r) => [r.kind, r.cause_kind, r.cause_ref])).toEqual([
        ['RECEIVE', 'op', null],
        ['STOCKTAKE', 'op', null],
        ['STOCKTAKE', 'op', null],
        ['RECEIVE', 'op', null],
      ]);
      const levels = await db.query<{ product_id: string; counted_by: string | null }>('SELECT product_id, counted_by FROM levels ORDER BY product_id');
      expect(levels.rows).toEqual([
        { product_id: p1, counted_by: applied },
        { product_id: p2, counted_by: null },
      ]);

      const write = (cause: string, ref: string | null, opId: string | null): Promise<unknown> =>
        db.query(
          "INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, d_on_hand, op_id, occurred_at, cause_kind, cause_ref) VALUES ($1, $2, $3, 'ADJUST', 1000, 1000, $4, now(), $5, $6)",
          [t, store, p2, opId, cause, ref],
        );
      await expect(write('op', null, null)).rejects.toMatchObject({ code: '23514', constraint: 'movements_cause_named' });
      await expect(write('count_offset', null, applied)).rejects.toMatchObject({ code: '23514', constraint: 'movements_cause_named' });
      await expect(write('guesswork', 'x', applied)).rejects.toMatchObject({ code: '23514', constraint: 'movements_cause_kind_known' });
      await write('op', null, superseded);
      await write('count_offset', applied, superseded);
      await write('opening_stock', 'import.csv', null);
    } finally {
      await db.close();
    }
  });
});
