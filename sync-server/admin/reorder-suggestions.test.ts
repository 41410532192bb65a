import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, seedTestChain, type TestChain } from '../test-support/fixtures';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { runCommand } from './cli';
import { acceptReorderPoint, createSupplier, reorderSuggestions, setProductSupplier } from './purchasing';

/**
 * Suggested reorder points (issue 9) against PostgreSQL: from a store's sales over the last weeks (net of
 * returns), the supplier's lead time and a safety stock, worked by hand below; a manager accepts one, and the
 * product (with its change stamp, so tills pull it) keeps it.
 */
let tdb: TestDatabase;
let chain: TestChain;
const NOW = new Date('2026-12-04T12:00:00Z');
beforeAll(async () => {
  tdb = await createTestDatabase();
  chain = await seedTestChain(tdb.db, { products: 3 });
});
afterAll(async () => {
  await tdb?.drop();
});

/** A movement written straight into the ledger table, as a replayed sale or return leaves it. */
async function moved(productId: string, kind: 'SALE' | 'RETURN' | 'REVERSAL', qty: number, daysAgo: number, reverses: string | null = null): Promise<void> {
  const at = new Date(Date.UTC(2026, 11, 4) - daysAgo * 86_400_000 + 3_600_000);
  await tdb.db.query(
    `INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, reverses, d_on_hand, occurred_at, cause_kind, cause_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'head_office', 'test')`,
    [chain.tenantId, chain.storeA, productId, kind, qty, reverses, kind === 'SALE' ? -qty : qty, at],
  );
}

describe('suggested reorder points', () => {
  it('come from the last weeks of demand, the lead time and a safety stock, and a manager accepts one', async () => {
    const [milk, quiet] = chain.products;
    const { supplierId } = await createSupplier(tdb.db, { tenantId: chain.tenantId, name: 'Dairy', leadTimeDays: 4, currency: 'USD' });
    await setProductSupplier(tdb.db, { tenantId: chain.tenantId, sku: milk!.sku, supplierId });
    // 28 days: 2 units a day, and on 14 of them 4 (one returned on one of those): mean and spread worked below
    for (let d = 1; d <= 28; d++) await moved(milk!.id, 'SALE', d % 2 === 0 ? 4_000 : 2_000, d);
    await moved(milk!.id, 'RETURN', 1_000, 2);
    // today's sales are not a whole day yet: left out
    await moved(milk!.id, 'SALE', 50_000, 0);
    const rows = await reorderSuggestions(tdb.db, { tenantId: chain.tenantId, locationId: chain.storeA }, NOW);
    const row = rows.find((r) => r.sku === milk!.sku);
    // a product that sold nothing is suggested no point at all (it keeps its own)
    expect(rows.find((r) => r.sku === quiet!.sku)).toMatchObject({ suggested: 0, dailyAverage: 0 });
    // days: 14 x 2000, 13 x 4000, 1 x 3000 (the return): mean 83000 / 28 = 2964.29; squared deviations
    // 14 x 929846.9 + 13 x 1072704.1 + 1275.5 = 26964286, / 28 = 963010.2, sd 981.33;
    // point = mean x 4 + 1.65 x sd x sqrt(4) = 11857.1 + 3238.4 = 15095.5 -> rounded up to whole units: 16000
    expect(row).toMatchObject({ sku: milk!.sku, supplier: 'Dairy', leadTimeDays: 4, suggested: 16_000, dailyAverage: 2964 });

    const stampBefore = Number((await tdb.db.query<{ chg: string }>('SELECT chg FROM products WHERE tenant_id = $1 AND id = $2', [chain.tenantId, milk!.id])).rows[0]!.chg);
    await acceptReorderPoint(tdb.db, { tenantId: chain.tenantId, sku: milk!.sku, point: 16_000 });
    const after = (await tdb.db.query<{ reorder_point: string; chg: string }>('SELECT reorder_point, chg FROM products WHERE tenant_id = $1 AND id = $2', [chain.tenantId, milk!.id])).rows[0]!;
    expect(Number(after.reorder_point)).toBe(16_000);
    expect(Number(after.chg)).toBeGreaterThan(stampBefore);
    await expect(acceptReorderPoint(tdb.db, { tenantId: chain.tenantId, sku: 'NO-SUCH', point: 1_000 })).rejects.toMatchObject({ code: 'UNKNOWN_PRODUCT' });
    await expect(acceptReorderPoint(tdb.db, { tenantId: chain.tenantId, sku: milk!.sku, point: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // the admin CLI: the suggestion, then a point typed in units
    const viaCli = (await runCommand(tdb.db, ['reorder-suggestions', '--tenant', chain.tenantId, '--location', chain.storeA])) as { suggestions: Array<{ sku: string; reorderPoint: number }> };
    expect(viaCli.suggestions.find((r) => r.sku === milk!.sku)?.reorderPoint).toBe(16_000);
    expect(await runCommand(tdb.db, ['reorder-accept', '--tenant', chain.tenantId, '--sku', milk!.sku, '--point', '18'])).toMatchObject({ reorderPoint: 18_000 });
    expect(await count(tdb.db, "SELECT count(*) AS n FROM audit WHERE tenant_id = $1 AND action = 'product.reorder_point'", [chain.tenantId])).toBe(2);
  });

  it('take a return on a later day off the total, and count only the reversals of sales', async () => {
    const other = chain.products[2]!;
    for (const d of [5, 6, 7]) await moved(other.id, 'SALE', 2_000, d);
    // a return two days after the last sale, on a day with no sale; a cancelled transfer's reversal is not demand
    await moved(other.id, 'RETURN', 1_000, 3);
    await moved(other.id, 'REVERSAL', 5_000, 4, 'TRANSFER_OUT');
    const row = (await reorderSuggestions(tdb.db, { tenantId: chain.tenantId, locationId: chain.storeA }, NOW)).find((r) => r.sku === other.sku);
    // 6000 sold - 1000 back = 5000 over 28 days
    expect(row?.dailyAverage).toBe(Math.round(5_000 / 28));
    // its supplier-less lead time is the product's own (0 in the fixture): never a point of 0 for goods that sell
    expect(row?.suggested).toBeGreaterThan(0);
  });
});
