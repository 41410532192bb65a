import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult } from '../../shared/api/branch-api';
import type { ShiftView, ZReportView } from '../../shared/api/shift-api';
import type { DemoProduct, DemoUser } from '../../shared/demo';
import { pendingOps } from '../store';
import { rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Shifts at the till (issue 11) through the branch API on a real till database. The drawer is worked by hand at
 * 89,500 LBP per USD, pounds handed back in steps of 5,000, a product at $23.40 (2,094,300 LBP):
 *
 *   float                                 $100.00      1,000,000 LBP
 *   sale 1: $20 + 500,000 LBP, change LBP  +$20.00   +500,000 −195,000 (195,700 due, 700 on the rounding line)
 *   sale 2: $50 cash, change in dollars    +$50.00 −$26.60
 *   sale 3: card $23.40                    (card, not in the drawer)
 *   cash in 200,000 LBP                                +200,000
 *   paid out $5.00 (manager's PIN)         −$5.00
 *   expected                              $138.40      1,505,000 LBP
 *   counted                               $138.00      1,505,000 LBP   → −$0.40 and 0
 */
let till: TempTill;
let product: DemoProduct;
let manager: DemoUser;

beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  const db = till.backend.db;
  product = till.stockedUnitProducts(1)[0] as DemoProduct;
  db.db.prepare('UPDATE products SET price = 2340 WHERE id = ?').run(product.id);
  manager = till.chain.users.find((u) => u.role === 'manager') as DemoUser;
  await till.loginAs('manager');
  await till.call('exchange.postRate', { rateId: uuidv7(), rate: 89_500 });
  await till.call('session.logout');
  await till.loginAs('cashier');
});
afterEach(() => till.cleanup());

const dispatch = (method: string, input: unknown): Promise<BranchResult<unknown>> => till.backend.dispatch(method, input);
const written = (): Record<string, number> => {
  const n = (t: string) => till.backend.db.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return { ...rowCounts(till.backend.db), shifts: n('shifts'), cash_moves: n('cash_moves'), z_reports: n('z_reports') };
};
const USD = (amount: number) => ({ method: 'cash', amount, currency: 'USD' });
const LBP = (amount: number) => ({ method: 'cash', amount, currency: 'LBP' });

const sell = (tenders: unknown[], extra: Record<string, unknown> = {}) =>
  till.call('sale.complete', { saleId: uuidv7(), lines: [{ productId: product.id, qty: 1000 }], tenders, ...extra });
const open = (float: Record<string, number> = { USD: 100_00, LBP: 1_000_000 }) => till.call<ShiftView>('shift.open', { shiftId: uuidv7(), float });
const close = (shiftId: string, counted: Record<string, number>) => till.call<ZReportView>('shift.close', { shiftId, counted });

async function workedDay(): Promise<ShiftView> {
  await open();
  await sell([USD(20_00), LBP(500_000)], { changeIn: 'quote' });
  await sell([USD(50_00)]);
  await sell([{ method: 'card', amount: 23_40 }]);
  await till.call('shift.cashMove', { moveId: uuidv7(), direction: 'in', currency: 'LBP', amount: 200_000, reason: 'change for the day' });
  await till.call('session.elevate', { pin: manager.pin });
  return till.call<ShiftView>('shift.cashMove', { moveId: uuidv7(), direction: 'out', currency: 'USD', amount: 5_00, reason: 'window cleaner' });
}

describe('a shift in two currencies', () => {
  it('expects what the hand-worked drawer holds, per currency, with card apart, and prints Z 1 with the differences', async () => {
    // a sale before the shift opened is not the shift's
    await sell([USD(50_00)]);
    const x = await workedDay();
    expect(x.columns).toEqual([
      { currency: 'LBP', float: 1_000_000, cashSales: 500_000, changeGiven: 195_000, refunds: 0, cashIn: 200_000, paidOut: 0, expected: 1_505_000 },
      { currency: 'USD', float: 100_00, cashSales: 70_00, changeGiven: 26_60, refunds: 0, cashIn: 0, paidOut: 5_00, expected: 138_40 },
    ]);
    expect(x.card).toEqual({ USD: 23_40 });
    expect([x.sales, x.takings]).toEqual([3, 3 * 23_40]);
    expect(x.moves.map((m) => [m.direction, m.currency, m.amount, m.reason, m.approvedByName])).toEqual([
      ['in', 'LBP', 200_000, 'change for the day', null],
      ['out', 'USD', 5_00, 'window cleaner', manager.name],
    ]);

    // the X report reads only
    const before = written();
    expect(await till.call<ShiftView>('shift.current')).toEqual(x);
    expect(written()).toEqual(before);

    const z = await close(x.shiftId, { USD: 138_00, LBP: 1_505_000 });
    expect(z.number).toBe(1);
    expect(z.columns.map((c) => [c.currency, c.expected, c.counted, c.difference])).toEqual([
      ['LBP', 1_505_000, 1_505_000, 0],
      ['USD', 138_40, 138_00, -40],
    ]);
    expect(z.card).toEqual({ USD: 23_40 });
    expect(await till.call('shift.current')).toBeNull();
    // the op carries the figures as printed
    const op = pendingOps(till.backend.db).find((o) => o.type === 'shift_close');
    expect(op?.type === 'shift_close' && op.payload).toMatchObject({ shiftId: x.shiftId, number: 1, counted: { USD: 138_00, LBP: 1_505_000 }, figures: { columns: z.columns, card: z.card } });
    expect(pendingOps(till.backend.db).filter((o) => o.type === 'cash_move').map((o) => o.type === 'cash_move' && o.payload.approvedBy)).toEqual([undefined, manager.id]);
    // a sale after closing belongs to no shift: the stored Z is what was printed
    await sell([USD(50_00)]);
    expect((await till.call<ZReportView[]>('shift.zReports', {}))[0]).toEqual(z);
  });

  it('refuses an edited Z report (closing again with other counts) with nothing written; a retry answers the printed one', async () => {
    const x = await workedDay();
    const z = await close(x.shiftId, { USD: 138_00, LBP: 1_505_000 });
    const before = written();
    const edited = await dispatch('shift.close', { shiftId: x.shiftId, counted: { USD: 138_40, LBP: 1_505_000 } });
    expect(edited).toMatchObject({ ok: false, error: { code: 'CONFLICT_TRANSITION' } });
    expect(!edited.ok && edited.error.message).toMatch(/Z report 1 .*never change/);
    expect(written()).toEqual(before);
    expect(await close(x.shiftId, { USD: 138_00, LBP: 1_505_000 })).toEqual(z);
    expect(written()).toEqual(before);
    // and the database itself refuses to change or delete it, or reopen its shift
    const raw = till.backend.db.db;
    expect(() => raw.prepare("UPDATE z_reports SET report_json = '{}'").run()).toThrow(/IMMUTABLE/);
    expect(() => raw.prepare('DELETE FROM z_reports').run()).toThrow(/IMMUTABLE/);
    expect(() => raw.prepare('UPDATE shifts SET closed_at = NULL, close_op_seq = NULL').run()).toThrow(/IMMUTABLE/);
    expect(() => raw.prepare('UPDATE cash_moves SET amount = 1').run()).toThrow(/IMMUTABLE/);
    expect(written()).toEqual(before);
  });

  it('numbers Z reports 1, 2, 3 without gaps, and the database refuses a skipped number', async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await open({ USD: 0 });
      numbers.push((await close(s.shiftId, { USD: 0 })).number);
    }
    expect(numbers).toEqual([1, 2, 3]);
    expect((await till.call<ZReportView[]>('shift.zReports', {})).map((z) => z.number)).toEqual([3, 2, 1]);
    const db = till.backend.db;
    const s = await open({ USD: 0 });
    expect(() =>
      db.db
        .prepare("INSERT INTO z_reports (shift_id, till_id, number, closed_by, closed_at, report_json, op_seq) VALUES (?, ?, 5, ?, '2025-01-01T00:00:00Z', '{}', 1)")
        .run(s.shiftId, db.config().tillId, manager.id),
    ).toThrow(/Z_NUMBER_GAP/);
  });

  it('refuses, with nothing written: a second open shift, a paid-out without a manager, cash with no shift, a currency left uncounted', async () => {
    const none = written();
    expect(await dispatch('shift.cashMove', { moveId: uuidv7(), direction: 'in', currency: 'USD', amount: 1_00, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT_TRANSITION' },
    });
    expect(written()).toEqual(none);
    const shift = await open();
    const opened = written();
    expect(await dispatch('shift.open', { shiftId: uuidv7(), float: { USD: 0 } })).toMatchObject({ ok: false, error: { code: 'CONFLICT_TRANSITION' } });
    expect(await dispatch('shift.cashMove', { moveId: uuidv7(), direction: 'out', currency: 'USD', amount: 5_00, reason: 'lunch' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await dispatch('shift.cashMove', { moveId: uuidv7(), direction: 'in', currency: 'USD', amount: 0, reason: 'nothing' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await dispatch('shift.close', { shiftId: shift.shiftId, counted: { USD: 100_00 } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch('shift.open', { shiftId: uuidv7(), float: { USD: -1 } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(written()).toEqual(opened);
  });
});
