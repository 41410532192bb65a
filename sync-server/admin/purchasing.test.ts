import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, seedTestChain, type TestChain } from '../test-support/fixtures';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { runCommand } from './cli';
import { createPurchaseOrder, createSupplier, listPurchaseOrders, movePurchaseOrder, parseOrderLine } from './purchasing';

/**
 * Purchasing at head office (issue 9) against PostgreSQL: suppliers, draft POs in the supplier's packs and
 * currency, expected after its lead time, numbered per tenant; the lifecycle of shared/domain/replenishment.ts;
 * bad orders refused with nothing written; the database's own checks behind them.
 */
let tdb: TestDatabase;
let chain: TestChain;
let other: TestChain;
beforeAll(async () => {
  tdb = await createTestDatabase();
  chain = await seedTestChain(tdb.db, { products: 3 });
  other = await seedTestChain(tdb.db, { products: 1 });
});
afterAll(async () => {
  await tdb?.drop();
});

const pos = (c: TestChain) => count(tdb.db, 'SELECT count(*) AS n FROM purchase_orders WHERE tenant_id = $1', [c.tenantId]);
const lines = (c: TestChain) => count(tdb.db, 'SELECT count(*) AS n FROM po_lines WHERE tenant_id = $1', [c.tenantId]);

describe('purchase orders at head office', () => {
  it('drafts a PO in the supplier’s packs, currency and lead time, numbered per tenant, and moves it on', async () => {
    const { supplierId } = await createSupplier(tdb.db, { tenantId: chain.tenantId, name: 'Mikhael Dairy', leadTimeDays: 3, currency: 'LBP' });
    const [milk, labneh] = chain.products;
    const po = await createPurchaseOrder(
      tdb.db,
      { tenantId: chain.tenantId, supplierId, locationId: chain.storeA, lines: [{ sku: milk!.sku, packs: 10, packUnits: 12, unitCost: 90_000 }, { sku: labneh!.sku, packs: 2, packUnits: 1, unitCost: 350_000 }] },
      '2026-12-30',
    );
    expect(po).toMatchObject({ number: 1, status: 'draft', currency: 'LBP', expectedOn: '2027-01-02', supplierName: 'Mikhael Dairy', locationId: chain.storeA });
    expect(po.lines.map((l) => [l.sku, l.packUnits, l.ordered, l.received, l.unitCost])).toEqual([
      [milk!.sku, 12, 120_000, 0, 90_000],
      [labneh!.sku, 1, 2_000, 0, 350_000],
    ]);
    const second = await createPurchaseOrder(tdb.db, { tenantId: chain.tenantId, supplierId, locationId: chain.warehouse, lines: [{ sku: milk!.sku, packs: 1, packUnits: 12, unitCost: 1 }] });
    expect(second.number).toBe(2);

    expect((await movePurchaseOrder(tdb.db, { tenantId: chain.tenantId, poId: po.id, to: 'sent' })).status).toBe('sent');
    expect((await movePurchaseOrder(tdb.db, { tenantId: chain.tenantId, poId: po.id, to: 'confirmed' })).status).toBe('confirmed');
    expect((await movePurchaseOrder(tdb.db, { tenantId: chain.tenantId, poId: second.id, to: 'cancelled' })).status).toBe('cancelled');
    await expect(movePurchaseOrder(tdb.db, { tenantId: chain.tenantId, poId: second.id, to: 'sent' })).rejects.toMatchObject({ code: 'CONFLICT_TRANSITION' });
    const draft = await createPurchaseOrder(tdb.db, { tenantId: chain.tenantId, supplierId, locationId: chain.storeB, lines: [{ sku: milk!.sku, packs: 1, packUnits: 1, unitCost: 1 }] });
    await expect(movePurchaseOrder(tdb.db, { tenantId: chain.tenantId, poId: draft.id, to: 'confirmed' })).rejects.toMatchObject({ code: 'CONFLICT_TRANSITION' });

    expect((await listPurchaseOrders(tdb.db, { tenantId: chain.tenantId, status: 'open' })).map((p) => p.number)).toEqual([3, 1]);
    expect((await listPurchaseOrders(tdb.db, { tenantId: chain.tenantId, locationId: chain.warehouse })).map((p) => p.status)).toEqual(['cancelled']);
    const audit = await tdb.db.query<{ action: string }>("SELECT action FROM audit WHERE tenant_id = $1 AND action LIKE 'po.%' ORDER BY id", [chain.tenantId]);
    expect(audit.rows.map((r) => r.action)).toEqual(['po.create', 'po.create', 'po.sent', 'po.confirmed', 'po.cancelled', 'po.create']);
  });

  it('refuses a bad order with nothing written: no packs, an unknown or repeated SKU, another tenant’s store or supplier', async () => {
    const { supplierId } = await createSupplier(tdb.db, { tenantId: chain.tenantId, name: 'Bad Orders Ltd', leadTimeDays: 0, currency: 'USD' });
    const { supplierId: theirs } = await createSupplier(tdb.db, { tenantId: other.tenantId, name: 'Theirs', leadTimeDays: 1, currency: 'USD' });
    const sku = chain.products[0]!.sku;
    const before = [await pos(chain), await lines(chain)];
    const bad = [
      { supplierId, locationId: chain.storeA, lines: [{ sku, packs: 0, packUnits: 1, unitCost: 1 }] },
      { supplierId, locationId: chain.storeA, lines: [{ sku, packs: -2, packUnits: 1, unitCost: 1 }] },
      { supplierId, locationId: chain.storeA, lines: [{ sku, packs: 1, packUnits: 1, unitCost: -5 }] },
      { supplierId, locationId: chain.storeA, lines: [{ sku: 'NO-SUCH', packs: 1, packUnits: 1, unitCost: 1 }] },
      { supplierId, locationId: chain.storeA, lines: [{ sku, packs: 1, packUnits: 1, unitCost: 1 }, { sku, packs: 2, packUnits: 1, unitCost: 1 }] },
      { supplierId, locationId: other.storeA, lines: [{ sku, packs: 1, packUnits: 1, unitCost: 1 }] },
      { supplierId: theirs, locationId: chain.storeA, lines: [{ sku, packs: 1, packUnits: 1, unitCost: 1 }] },
      { supplierId, locationId: chain.storeA, lines: [] },
      { supplierId, locationId: chain.storeA, lines: [{ sku, packs: 1_000_000, packUnits: 10_000, unitCost: 1 }] },
    ];
    for (const order of bad) await expect(createPurchaseOrder(tdb.db, { tenantId: chain.tenantId, ...order }), JSON.stringify(order)).rejects.toHaveProperty('code');
    expect([await pos(chain), await lines(chain)]).toEqual(before);
    await expect(createSupplier(tdb.db, { tenantId: chain.tenantId, name: 'bad orders ltd', leadTimeDays: 1, currency: 'USD' })).rejects.toMatchObject({ code: 'DUPLICATE' });
    await expect(createSupplier(tdb.db, { tenantId: chain.tenantId, name: 'X', leadTimeDays: -1, currency: 'USD' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(createSupplier(tdb.db, { tenantId: chain.tenantId, name: 'Y', leadTimeDays: 1, currency: 'XXX' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // the database refuses what the checks above let through by mistake
    const po = (await tdb.db.query<{ id: string }>('SELECT id FROM purchase_orders WHERE tenant_id = $1 LIMIT 1', [chain.tenantId])).rows[0]!;
    await expect(
      tdb.db.query('INSERT INTO po_lines (tenant_id, po_id, line_no, product_id, pack_units, ordered, unit_cost) VALUES ($1, $2, 99, $3, 1, 0, 1)', [chain.tenantId, po.id, chain.products[2]!.id]),
    ).rejects.toThrow(/check/i);
  });

  it('is driven from the admin CLI', async () => {
    const { supplierId } = (await runCommand(tdb.db, ['supplier-create', '--tenant', chain.tenantId, '--name', 'Cola Co', '--lead-days', '2', '--currency', 'USD'])) as { supplierId: string };
    const sku = chain.products[1]!.sku;
    const po = (await runCommand(tdb.db, ['po-create', '--tenant', chain.tenantId, '--supplier', supplierId, '--location', chain.storeB, '--line', `${sku}:5:24:45`])) as { id: string; lines: Array<{ ordered: number }> };
    expect(po.lines[0]?.ordered).toBe(120_000);
    expect(((await runCommand(tdb.db, ['po-send', '--tenant', chain.tenantId, '--po', po.id])) as { status: string }).status).toBe('sent');
    expect(((await runCommand(tdb.db, ['po', '--tenant', chain.tenantId, '--po', po.id])) as { status: string }).status).toBe('sent');
    expect(() => parseOrderLine('COLA:10')).toThrow(/SKU:packs/);
  });
});
