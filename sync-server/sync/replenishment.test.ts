import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createSupplier, movePurchaseOrder, setDraftLineCost, setProductSupplier } from '../admin/purchasing';
import { seedTestChain, type TestChain } from '../test-support/fixtures';
import { listenApp, tillsOf } from '../test-support/harness';
import type { TestTill } from '../test-support/client';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';

/**
 * Replenishment at the server (issue 9) over HTTP against PostgreSQL: a sale that takes a store's shelf to its
 * reorder point drafts its reorder quantity, in whole supplier packs, on the supplier's replenishment draft for that
 * store, expected after the lead time; while that line is open no sale drafts another; two tills selling the last
 * units above the point at once, through two server instances, draft one line, never two.
 */
let tdb: TestDatabase;
let app: FastifyInstance;
let app2: FastifyInstance;
let url: string;
let url2: string;
let chain: TestChain;
let supplierId: string;
/** Hamra's two tills (through the first server), kept for their sequence numbers */
let hamra1: TestTill;
let hamra2: TestTill;
beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ app, url } = await listenApp(tdb.db));
  ({ app: app2, url: url2 } = await listenApp(tdb.db));
  // 12 units of everything at each store
  chain = await seedTestChain(tdb.db, { products: 4, stock: 12_000, tillsPerStore: 2 });
  [hamra1, hamra2] = tillsOf(chain, url) as [TestTill, TestTill];
  ({ supplierId } = await createSupplier(tdb.db, { tenantId: chain.tenantId, name: 'Mikhael Dairy', leadTimeDays: 3, currency: 'USD' }));
});
afterAll(async () => {
  await app?.close();
  await app2?.close();
  await tdb?.drop();
});

/** A product bought from the supplier in cases of 12, reordered when 10 units or fewer are left, 20 at a time. */
async function reorderable(i: number): Promise<string> {
  const p = chain.products[i]!;
  await tdb.db.query('UPDATE products SET reorder_point = 10000, reorder_qty = 20000 WHERE tenant_id = $1 AND id = $2', [chain.tenantId, p.id]);
  await setProductSupplier(tdb.db, { tenantId: chain.tenantId, sku: p.sku, supplierId, pack: 12 });
  return p.id;
}
async function sell(till: TestTill, productId: string, qty: number): Promise<void> {
  const r = await till.push([till.sale([{ productId, qty }])]);
  if (!r.ok) throw new Error(JSON.stringify(r.body));
}
const draftLines = async (productId: string, locationId: string) =>
  (
    await tdb.db.query<{ number: number; origin: string; status: string; ordered: number; pack_units: number; expected_on: string }>(
      `SELECT po.number, po.origin, po.status, pl.ordered, pl.pack_units, to_char(po.expected_on, 'YYYY-MM-DD') AS expected_on
         FROM po_lines pl JOIN purchase_orders po ON po.tenant_id = pl.tenant_id AND po.id = pl.po_id
        WHERE pl.tenant_id = $1 AND pl.product_id = $2 AND po.location_id = $3`,
      [chain.tenantId, productId, locationId],
    )
  ).rows;

describe('replenishment', () => {
  it('drafts the reorder quantity in whole packs once a sale takes the shelf to the point, and only once', async () => {
    const milk = await reorderable(0);
    const labneh = await reorderable(1);
    const hamra = hamra1;
    // 12 -> 11: above the point, nothing
    await sell(hamra, milk, 1_000);
    expect(await draftLines(milk, chain.storeA)).toEqual([]);
    // 11 -> 9: at or below 10, with nothing on order: 20 units is two cases of 12 (24)
    await sell(hamra, milk, 2_000);
    const expected = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect(await draftLines(milk, chain.storeA)).toEqual([{ number: 1, origin: 'replenishment', status: 'draft', ordered: 24000, pack_units: 12, expected_on: expected }]);
    // the next sale finds the open line: no second one
    await sell(hamra, milk, 1_000);
    expect(await draftLines(milk, chain.storeA)).toHaveLength(1);
    // another product of the supplier joins the same draft for this store
    await sell(hamra, labneh, 3_000);
    expect((await draftLines(labneh, chain.storeA)).map((l) => l.number)).toEqual([1]);
    // the other store is its own: untouched until it sells down
    expect(await draftLines(milk, chain.storeB)).toEqual([]);
  });

  it('drafts one line when two tills, through two server processes, take the shelf under the point at once', async () => {
    const cheese = await reorderable(2);
    // Hamra's first till through the second server (its sequence carried on), its second through the first
    const viaSecond = tillsOf(chain, url2)[0]!;
    viaSecond.seq = hamra1.seq;
    await Promise.all([sell(viaSecond, cheese, 2_000), sell(hamra2, cheese, 2_000)]);
    expect(await draftLines(cheese, chain.storeA)).toHaveLength(1);
  });

  it('leaves a product without a supplier or a reorder point alone', async () => {
    const plain = chain.products[3]!.id;
    await sell(hamra2, plain, 11_000);
    expect(await draftLines(plain, chain.storeA)).toEqual([]);
  });

  it('drafts at the last cost head office paid, refuses to send a line without a cost, and never refuses a sale for a setting it cannot use', async () => {
    // the milk draft of the first test has no cost: nobody ever bought it before
    const draft = (await tdb.db.query<{ id: string }>("SELECT id FROM purchase_orders WHERE tenant_id = $1 AND origin = 'replenishment' AND location_id = $2", [chain.tenantId, chain.storeA])).rows[0]!;
    await expect(movePurchaseOrder(tdb.db, { tenantId: chain.tenantId, poId: draft.id, to: 'sent' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    for (const p of chain.products.slice(0, 3)) await setDraftLineCost(tdb.db, { tenantId: chain.tenantId, poId: draft.id, sku: p.sku, unitCost: 90 }).catch(() => undefined);
    expect((await movePurchaseOrder(tdb.db, { tenantId: chain.tenantId, poId: draft.id, to: 'sent' })).status).toBe('sent');
    // a reorder quantity beyond any quantity kept, in packs of 7: skipped and said, and the sale goes through
    const odd = chain.products[3]!;
    await tdb.db.query('UPDATE products SET reorder_point = 1000000, reorder_qty = 1000000000000 WHERE tenant_id = $1 AND id = $2', [chain.tenantId, odd.id]);
    await setProductSupplier(tdb.db, { tenantId: chain.tenantId, sku: odd.sku, supplierId, pack: 7 });
    const r = await hamra2.push([hamra2.sale([{ productId: odd.id, qty: 1_000 }])]);
    expect(r.ok && r.body.results[0]?.status).toBe('accepted');
    expect(await draftLines(odd.id, chain.storeA)).toEqual([]);
    const skipped = await tdb.db.query("SELECT 1 FROM audit WHERE tenant_id = $1 AND action = 'po.draft_skipped'", [chain.tenantId]);
    expect(skipped.rowCount).toBe(1);
  });
});
