import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, ReceiptView, TillInfo } from '../../shared/api/branch-api';
import type { ShiftView } from '../../shared/api/shift-api';
import type { DemoProduct, DemoUser } from '../../shared/demo';
import type { SalePayload } from '../../shared/ops/operations';
import { pendingOps } from '../store';
import { rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Discounts at the till (issue 11) through the branch API on a real till database, worked by hand: $10.00 and
 * $5.00 lines; 10% off the first ($1.00), then $2.00 off the cart's $14.00 spread in proportion (9/14 × 2.00 =
 * 1.2857 → $1.29; 5/14 × 2.00 → $0.71): the lines come to $7.71 and $4.29, $12.00 in all. The first line came down
 * 22.9%: past the shop's 10% limit, so a manager approves, and the sale and its op name them. A discount past
 * 100%, or more than the cart, is refused with nothing written.
 */
let till: TempTill;
let ten: DemoProduct;
let five: DemoProduct;
let manager: DemoUser;

beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  const db = till.backend.db;
  [ten, five] = till.stockedUnitProducts(2) as [DemoProduct, DemoProduct];
  db.db.prepare('UPDATE products SET price = ?, tax_class = NULL WHERE id = ?').run(10_00, ten.id);
  db.db.prepare('UPDATE products SET price = ?, tax_class = NULL WHERE id = ?').run(5_00, five.id);
  manager = till.chain.users.find((u) => u.role === 'manager') as DemoUser;
  await till.loginAs('cashier');
});
afterEach(() => till.cleanup());

const sale = (extra: Record<string, unknown> = {}, lineDiscount: unknown = { kind: 'percent', bp: 1_000 }) => ({
  saleId: uuidv7(),
  lines: [
    { productId: ten.id, qty: 1000, discount: lineDiscount },
    { productId: five.id, qty: 1000 },
  ],
  tenders: [{ method: 'cash', amount: 20_00 }],
  discount: { kind: 'amount', amount: 2_00 },
  ...extra,
});
const dispatch = (input: unknown): Promise<BranchResult<unknown>> => till.backend.dispatch('sale.complete', input);

describe('discounts on a sale', () => {
  it('takes the line’s own discount, spreads the cart’s, needs a manager past the limit, and records who approved', async () => {
    await till.call('shift.open', { shiftId: uuidv7(), float: { USD: 50_00 } });
    const counts = rowCounts(till.backend.db);
    expect(await dispatch(sale())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'discount_limit' } } });
    expect(rowCounts(till.backend.db)).toEqual(counts);

    await till.call('session.elevate', { pin: manager.pin });
    const receipt = await till.call<ReceiptView>('sale.complete', sale());
    expect(receipt.lines.map((l) => [l.total, l.discount])).toEqual([
      [7_71, 2_29],
      [4_29, 71],
    ]);
    expect(receipt.total).toBe(12_00);
    expect(receipt.change).toBe(8_00);
    const op = pendingOps(till.backend.db, 100).find((o) => o.type === 'sale')?.payload as SalePayload;
    expect(op.discountApprovedBy).toBe(manager.id);
    expect(op.lines.map((l) => [l.unitPrice, l.total, l.discount])).toEqual([
      [10_00, 7_71, 2_29],
      [5_00, 4_29, 71],
    ]);
    // a reprint shows what was taken off, and the shift's X report what discounts took off in all
    expect((await till.call<ReceiptView>('sale.get', { saleId: receipt.saleId })).lines.map((l) => l.discount)).toEqual([2_29, 71]);
    expect((await till.call<ShiftView>('shift.current')).discounts).toBe(3_00);
  });

  it('sells within the limit without a manager, and the limit is the shop’s to set', async () => {
    // 5% off one line, nothing off the cart: within 10%
    const within = await till.call<ReceiptView>('sale.complete', sale({ discount: undefined }, { kind: 'percent', bp: 500 }));
    expect(within.total).toBe(14_50);
    await till.call('session.elevate', { pin: manager.pin });
    expect((await till.call<TillInfo>('till.setDiscountLimit', { bp: 500 })).discountLimitBp).toBe(500);
    await till.call('session.logout');
    await till.loginAs('cashier');
    expect(await dispatch(sale({ discount: undefined }, { kind: 'percent', bp: 600 }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a discount past 100% or more than the cart, with nothing written', async () => {
    await till.call('session.elevate', { pin: manager.pin });
    const counts = rowCounts(till.backend.db);
    expect(await dispatch(sale({}, { kind: 'percent', bp: 10_001 }))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch(sale({ discount: { kind: 'amount', amount: 20_00 } }))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch(sale({}, { kind: 'amount', amount: -1 }))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(rowCounts(till.backend.db)).toEqual(counts);
  });

  it('sells at a price the cashier set: lowered past the limit needs a manager, raised does not, and the shelf price is kept', async () => {
    const at = (price: number) => ({ saleId: uuidv7(), lines: [{ productId: ten.id, qty: 2000, price }], tenders: [{ method: 'cash', amount: 50_00 }] });
    // $10.00 → $8.50 is 15% off the shelf, past 10%
    expect(await dispatch(at(8_50))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'discount_limit' } } });
    const raised = await till.call<ReceiptView>('sale.complete', at(11_00));
    expect(raised.lines[0]).toMatchObject({ unitPrice: 11_00, total: 22_00, shelfUnitPrice: 10_00 });
    await till.call('session.elevate', { pin: manager.pin });
    const lowered = await till.call<ReceiptView>('sale.complete', at(8_50));
    expect(lowered.lines[0]).toMatchObject({ unitPrice: 8_50, total: 17_00, shelfUnitPrice: 10_00 });
    expect(lowered.total).toBe(17_00);
    const op = pendingOps(till.backend.db, 100).filter((o) => o.type === 'sale').at(-1)?.payload as SalePayload;
    expect(op.lines[0]).toMatchObject({ unitPrice: 8_50, total: 17_00, shelfUnitPrice: 10_00 });
    expect(op.discountApprovedBy).toBe(manager.id);
    // a reprint says so too
    expect((await till.call<ReceiptView>('sale.get', { saleId: lowered.saleId })).lines[0]?.shelfUnitPrice).toBe(10_00);
  });
});
