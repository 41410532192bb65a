import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ReceiptView, ReturnableSaleView } from '../../shared/api/branch-api';
import type { ReturnView } from '../../shared/api/return-api';
import type { ShiftView } from '../../shared/api/shift-api';
import type { DemoProduct, DemoUser } from '../../shared/demo';
import { DEFAULT_TAX } from '../../shared/domain/tax';
import { pendingOps } from '../store';
import { setTenantTax } from '../store/tax-repo';
import { ledgerViolations, rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Returns at the till (issue 11) through the branch API on a real till database, worked by hand. A product at
 * $23.40; two sold for $46.80, paid $10.00 by card and a $50 note ($13.20 change): the card paid $10.00, the cash
 * $36.80.
 *   return 1 unit to stock:  $23.40 = $10.00 back to the card + $13.40 in cash
 *   return 1 unit to waste:  $23.40, all in cash (the card has nothing left to take back)
 * At 89,500 LBP per USD a unit paid 2,094,300 LBP comes back as 2,094,300 LBP even after the rate moves to 90,000.
 */
let till: TempTill;
let product: DemoProduct;
let manager: DemoUser;
const onHand = (): number =>
  till.backend.db.stmt<[string, string], { on_hand: number }>('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?').get(product.id, till.backend.db.config().storeId)
    ?.on_hand ?? 0;

beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  const db = till.backend.db;
  product = till.stockedUnitProducts(1)[0] as DemoProduct;
  db.db.prepare('UPDATE products SET price = 2340, tax_class = NULL WHERE id = ?').run(product.id);
  manager = till.chain.users.find((u) => u.role === 'manager') as DemoUser;
  await till.loginAs('cashier');
});
afterEach(() => till.cleanup());

const sell = (qty: number, tenders: unknown[], extra: Record<string, unknown> = {}) =>
  till.call<ReceiptView>('sale.complete', { saleId: uuidv7(), lines: [{ productId: product.id, qty }], tenders, ...extra });
const giveBack = (sale: ReceiptView, qty: number, disposition: 'restock' | 'waste', returnId = uuidv7()) =>
  till.call<ReturnView>('return.complete', { returnId, saleId: sale.saleId, reason: 'customer changed their mind', lines: [{ lineId: sale.lines[0]?.lineId, qty, disposition }] });
const approve = () => till.call('session.elevate', { pin: manager.pin });

describe('a return against a receipt', () => {
  it('refunds the card first, then cash, puts the goods back or in the bin, and the drawer pays the cash out', async () => {
    const shift = await till.call<ShiftView>('shift.open', { shiftId: uuidv7(), float: { USD: 100_00 } });
    const sale = await sell(2000, [{ method: 'card', amount: 10_00 }, { method: 'cash', amount: 50_00 }]);
    expect(sale.total).toBe(46_80);
    const before = onHand();

    const lookup = await till.call<ReturnableSaleView>('return.lookup', { saleId: sale.saleId });
    expect(lookup.lines[0]).toMatchObject({ sold: 2000, returned: 0, left: 2000, charged: 46_80, refundable: 46_80, reversed: false });

    await approve();
    const first = await giveBack(sale, 1000, 'restock');
    expect(first.refund).toBe(23_40);
    expect(first.refunds).toEqual([
      { tenderIndex: 0, method: 'card', currency: 'USD', baseAmount: 10_00, amount: 10_00 },
      { tenderIndex: 1, method: 'cash', currency: 'USD', baseAmount: 13_40, amount: 13_40 },
    ]);
    expect(first.approvedByName).toBe(manager.name);
    expect(onHand()).toBe(before + 1000);

    const second = await giveBack(sale, 1000, 'waste');
    expect(second.refunds).toEqual([{ tenderIndex: 1, method: 'cash', currency: 'USD', baseAmount: 23_40, amount: 23_40 }]);
    // back into the books and straight out to the bin: the shelf is where it was after the first return
    expect(onHand()).toBe(before + 1000);
    const kinds = till.backend.db.db.prepare("SELECT kind FROM movements WHERE product_id = ? AND kind IN ('RETURN', 'WASTE') ORDER BY id").pluck().all(product.id);
    expect(kinds).toEqual(['RETURN', 'RETURN', 'WASTE']);

    // the drawer: $100 float + $50 − $13.20 change − $13.40 − $23.40 refunded = $100.00
    const x = await till.call<ShiftView>('shift.current');
    expect(x.shiftId).toBe(shift.shiftId);
    expect(x.columns.find((c) => c.currency === 'USD')).toMatchObject({ cashSales: 50_00, changeGiven: 13_20, refunds: 36_80, expected: 100_00 });
    // what the returns refunded in all, card included, for the Z report
    expect(x.refunded).toBe(46_80);

    const after = await till.call<ReturnableSaleView>('return.lookup', { saleId: sale.saleId });
    expect(after.lines[0]).toMatchObject({ returned: 2000, left: 0, refundable: 0 });
    expect(after.returns.map((r) => r.refund)).toEqual([23_40, 23_40]);
    const ops = pendingOps(till.backend.db, 100).filter((o) => o.type === 'sale_return');
    expect(ops).toHaveLength(2);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('pays back pounds at the rate the sale locked, not today’s', async () => {
    await till.loginAs('manager');
    await till.call('exchange.postRate', { rateId: uuidv7(), rate: 89_500 });
    const sale = await sell(1000, [{ method: 'cash', amount: 2_094_300, currency: 'LBP' }]);
    await till.call('exchange.postRate', { rateId: uuidv7(), rate: 90_000 });
    const back = await giveBack(sale, 1000, 'restock');
    expect(back.refunds).toEqual([{ tenderIndex: 0, method: 'cash', currency: 'LBP', baseAmount: 23_40, amount: 2_094_300 }]);
    expect(back.approvedByName).toBeNull(); // a manager under their own login approves their own return
  });

  it('gives back the VAT of a tax-exclusive sale: the line’s share of its rate’s gross', async () => {
    setTenantTax(till.backend.db, { ...DEFAULT_TAX, pricesIncludeTax: false }, undefined);
    // $23.40 + 11% = $25.974 → $25.97 for one; two: $46.80 + $5.148 → $51.95
    const sale = await sell(2000, [{ method: 'card', amount: 51_95 }]);
    expect(sale.total).toBe(51_95);
    expect(sale.lines[0]?.rateBp).toBe(1100);
    await approve();
    // one of two: floor(51.95 / 2) = $25.97; the last takes what is left, $25.98
    expect((await giveBack(sale, 1000, 'restock')).refund).toBe(25_97);
    expect((await giveBack(sale, 1000, 'restock')).refund).toBe(25_98);
  });

  it('answers a repeat with the recorded return and refuses the same id with other lines', async () => {
    const sale = await sell(2000, [{ method: 'cash', amount: 46_80 }]);
    await approve();
    const id = uuidv7();
    const first = await giveBack(sale, 1000, 'restock', id);
    const counts = rowCounts(till.backend.db);
    expect(await giveBack(sale, 1000, 'restock', id)).toEqual(first);
    expect(rowCounts(till.backend.db)).toEqual(counts);
    const r = await till.backend.dispatch('return.complete', { returnId: id, saleId: sale.saleId, reason: 'x', lines: [{ lineId: sale.lines[0]?.lineId, qty: 2000, disposition: 'restock' }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'ID_REUSED' } });
    expect(rowCounts(till.backend.db)).toEqual(counts);
  });

  it('refuses, with nothing written: no manager, more than is left, a line not on the receipt, an unknown sale', async () => {
    const sale = await sell(2000, [{ method: 'cash', amount: 46_80 }]);
    const counts = rowCounts(till.backend.db);
    const attempt = (input: Record<string, unknown>) =>
      till.backend.dispatch('return.complete', { returnId: uuidv7(), saleId: sale.saleId, reason: 'x', lines: [{ lineId: sale.lines[0]?.lineId, qty: 1000, disposition: 'restock' }], ...input });
    expect(await attempt({})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await approve();
    expect(await attempt({ lines: [{ lineId: sale.lines[0]?.lineId, qty: 3000, disposition: 'restock' }] })).toMatchObject({ ok: false, error: { code: 'INVALID_QUANTITY' } });
    expect(await attempt({ lines: [{ lineId: uuidv7(), qty: 1000, disposition: 'restock' }] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await attempt({ saleId: uuidv7() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await attempt({ lines: [{ lineId: sale.lines[0]?.lineId, qty: -1000, disposition: 'restock' }] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(rowCounts(till.backend.db)).toEqual(counts);
  });

  it('refuses a line the server reversed: the customer is settled in its conflict', async () => {
    const sale = await sell(1000, [{ method: 'cash', amount: 23_40 }]);
    till.backend.db.db.prepare('UPDATE sale_lines SET reversed = 1 WHERE line_id = ?').run(sale.lines[0]?.lineId);
    const lookup = await till.call<ReturnableSaleView>('return.lookup', { saleId: sale.saleId });
    expect(lookup.lines[0]).toMatchObject({ reversed: true, left: 0, refundable: 0 });
    await approve();
    const r = await till.backend.dispatch('return.complete', { returnId: uuidv7(), saleId: sale.saleId, reason: 'x', lines: [{ lineId: sale.lines[0]?.lineId, qty: 1000, disposition: 'restock' }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/conflict/) } });
  });

  it('previews the refund as the return would make it, writing nothing', async () => {
    const sale = await sell(2000, [{ method: 'card', amount: 10_00 }, { method: 'cash', amount: 50_00 }]);
    const counts = rowCounts(till.backend.db);
    const preview = await till.call('return.preview', { saleId: sale.saleId, lines: [{ lineId: sale.lines[0]?.lineId, qty: 1000, disposition: 'restock' }] });
    expect(preview).toMatchObject({ refund: 23_40, refunds: [{ method: 'card', baseAmount: 10_00 }, { method: 'cash', baseAmount: 13_40 }] });
    expect(rowCounts(till.backend.db)).toEqual(counts);
  });
});
