import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ReceiptView } from '../../shared/api/branch-api';
import { runCommand } from '../../sync-server/admin/cli';
import { completeSale, getReceipt, syncStatus } from '../services';
import { tenantLegal, tenantTax } from '../store/tax-repo';
import { startSyncHarness, type HarnessTill, type SyncHarness } from '../test-support/sync-harness';

/**
 * VAT through the real sync server (issue 11): head office makes prices tax-exclusive, sets the legal identity and
 * puts a product in the exempt class; the till pulls all of it, sells at net + VAT, and the server stores the sale
 * op with its locked VAT as sent. A rate changed later reaches the till at its next pull, and the earlier
 * receipt still shows what was charged.
 */
let h: SyncHarness;
let till: HarnessTill;
beforeAll(async () => {
  h = await startSyncHarness();
  const tillId = h.chain.tills[0]?.id;
  if (tillId === undefined) throw new Error('a till');
  till = h.till(tillId);
});
afterAll(async () => {
  await h?.close();
});

function sell(productIds: string[], cash: number): ReceiptView {
  return completeSale(
    till.temp.backend.db,
    { saleId: uuidv7(), lines: productIds.map((productId) => ({ productId, qty: 1000 })), tenders: [{ method: 'cash', amount: cash }] },
    { userId: till.cashier.id, managerId: null },
    new Date(),
  );
}

describe('VAT from head office to a sale', () => {
  it('is pulled, charged on top of exclusive prices, pushed with the sale and kept when rates change', async () => {
    const db = till.temp.backend.db;
    const storeId = db.config().storeId;
    const stocked = h.chain.products.filter(
      (p) => p.active && p.unit === 'each' && (db.stmt<[string, string], { on_hand: number }>('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?').get(p.id, storeId)?.on_hand ?? 0) >= 5_000,
    );
    const [standard, exempt] = stocked;
    if (standard === undefined || exempt === undefined) throw new Error('two stocked products');
    const serverProducts = await h.database.db.query<{ id: string }>('SELECT id FROM products WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [h.tenantId, [standard.id, exempt.id]]);
    expect(serverProducts.rows).toHaveLength(2);
    // head office: $10.00 standard, $3.00 exempt, prices before tax
    await h.database.db.query("UPDATE products SET price = 1000, chg = nextval('change_seq') WHERE tenant_id = $1 AND id = $2", [h.tenantId, standard.id]);
    await h.database.db.query("UPDATE products SET price = 300, tax_class = 'exempt', chg = nextval('change_seq') WHERE tenant_id = $1 AND id = $2", [h.tenantId, exempt.id]);
    const stampBefore = syncStatus(db, undefined).tillInfoStamp;
    await runCommand(h.database.db, ['tax-mode', '--tenant', h.tenantId, '--prices', 'exclusive']);
    await runCommand(h.database.db, ['legal', '--tenant', h.tenantId, '--name', 'Hamra Trading SAL', '--tax-number', '123456-601']);
    await till.agent.syncNow();

    expect(tenantTax(db)?.pricesIncludeTax).toBe(false);
    // the header's poll tells the screens that till.info (the VAT mode the cart charges by) changed
    expect(syncStatus(db, undefined).tillInfoStamp).not.toBe(stampBefore);
    expect(tenantLegal(db)).toEqual({ name: 'Hamra Trading SAL', address: null, taxNumber: '123456-601' });
    // $10.00 at 11% = $1.10 VAT; $3.00 exempt: $14.10 to pay
    const receipt = sell([standard.id, exempt.id], 20_00);
    expect(receipt.total).toBe(14_10);
    expect(receipt.change).toBe(5_90);
    expect(receipt.vat?.rows).toEqual([
      { rateBp: 1100, net: 10_00, vat: 1_10, gross: 11_10 },
      { rateBp: 0, net: 3_00, vat: 0, gross: 3_00 },
    ]);
    await till.agent.syncNow();
    const stored = await h.database.db.query<{ payload: { total: number; vat?: { vat: number } } }>(
      "SELECT body->'payload' AS payload FROM applied_ops WHERE tenant_id = $1 AND type = 'sale' AND status = 'accepted' AND body->'payload'->>'saleId' = $2",
      [h.tenantId, receipt.saleId],
    );
    expect(stored.rows[0]?.payload.total).toBe(14_10);
    expect(stored.rows[0]?.payload.vat?.vat).toBe(1_10);

    // the standard rate changes: the next sale is at 12%, the first receipt still shows 11%
    await runCommand(h.database.db, ['tax-class', '--tenant', h.tenantId, '--code', 'standard', '--rate', '12']);
    await till.agent.syncNow();
    expect(sell([standard.id], 20_00).total).toBe(11_20);
    expect(getReceipt(db, receipt.saleId)?.vat?.rows[0]).toEqual({ rateBp: 1100, net: 10_00, vat: 1_10, gross: 11_10 });
  });
});
