import { afterAll, describe, expect, it } from 'vitest';
import { MAX_QTY_MILLI } from '../../shared/domain/quantity';
import { openPostgres } from './db';
import { migrate } from './migrate';
import { createEmptyDatabase, migrationsBefore } from '../test-support/test-db';
import { seedTestChain } from '../test-support/fixtures';
import { TestTill } from '../test-support/client';
import { listenApp, tillsOf } from '../test-support/harness';

let database: { url: string; drop(): Promise<void> } | undefined;
afterAll(() => database?.drop());

describe('migration 0003 (value ranges) on a server that already stored an out-of-range level', () => {
  it('migrates over the old rows, the server starts, and every new write is held to the range', async () => {
    database = await createEmptyDatabase('till_ranges_migration_test');
    const url = database.url;
    const db = openPostgres(url, { max: 4 });
    try {
      await migrate(db, migrationsBefore('0003_value_ranges.sql'));
      // What a server before 0003 accepted: a receipt of twice the bound, its level and its movement.
      const t = '00000000-0000-7000-8000-000000000001';
      const store = '00000000-0000-7000-8000-0000000000a1';
      const product = '00000000-0000-7000-8000-0000000000c1';
      const huge = 2 * MAX_QTY_MILLI;
      await db.query("INSERT INTO tenants (id, name, currency) VALUES ($1, 'T', 'USD')", [t]);
      await db.query("INSERT INTO locations (tenant_id, id, name, kind) VALUES ($1, $2, 'S1', 'store')", [t, store]);
      await db.query("INSERT INTO products (tenant_id, id, sku, name, unit, price, currency) VALUES ($1, $2, 'SKU', 'P', 'each', 100, 'USD')", [t, product]);
      await db.query('INSERT INTO levels (tenant_id, location_id, product_id, on_hand) VALUES ($1, $2, $3, $4)', [t, store, product, huge]);
      await db.query("INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, d_on_hand, occurred_at) VALUES ($1, $2, $3, 'receipt', $4, $4, now())", [
        t,
        store,
        product,
        huge,
      ]);

      await migrate(db);
      const old = await db.query<{ on_hand: string }>('SELECT on_hand FROM levels WHERE tenant_id = $1', [t]);
      expect(old.rows.map((r) => Number(r.on_hand))).toEqual([huge]);

      const { app, url } = await listenApp(db);
      try {
        const health = await fetch(`${url}/v1/health`);
        expect(health.status).toBe(200);

        // A new row beyond the range is refused by the constraint itself.
        await expect(
          db.query("INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, d_on_hand, op_id, occurred_at) VALUES ($1, $2, $3, 'receipt', $4, $4, gen_random_uuid(), now())", [
            t,
            store,
            product,
            huge,
          ]),
        ).rejects.toMatchObject({ code: '23514' });
        // And a push that would take a level beyond it is one OUT_OF_RANGE rejection, as on a fresh server.
        const chain = await seedTestChain(db, { stock: 5000 });
        const [first] = tillsOf(chain, url);
        if (first === undefined) throw new Error('the test chain has tills');
        const till = new TestTill(url, first.tillId, first.token, chain.managerId);
        const p = chain.products[0]!;
        const fill = till.receipt([{ productId: p.id, qty: MAX_QTY_MILLI - 5000 }]);
        const overflow = till.receipt([{ productId: p.id, qty: 1000 }]);
        const pushed = await till.push([fill, overflow]);
        expect(pushed.ok && pushed.body.results.map((r) => [r.status, r.code])).toEqual([
          ['accepted', null],
          ['rejected', 'OUT_OF_RANGE'],
        ]);
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }
  });
});
