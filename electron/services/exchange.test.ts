import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, ExchangeView, ReceiptView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import type { SalePayload } from '../../shared/ops/operations';
import { pendingOps } from '../store';
import { applyPull } from '../sync/pull';
import { rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Two currencies in one sale at the till (issue 11), through the branch API on a real till database. The amounts
 * are worked by hand at 89,500 LBP per USD with change in steps of 5,000 LBP; a product priced $23.40 costs
 * 2,094,300 LBP. Bad input (a rate of zero, below zero or absurd; a tender in a currency the till does not take)
 * is refused with nothing written: no op, no sale, no rate.
 */
let till: TempTill;
let product: DemoProduct;

beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  const db = till.backend.db;
  const storeId = db.config().storeId;
  product = till.chain.products.find(
    (p) => p.active && p.unit === 'each' && (db.stmt<[string, string], { on_hand: number }>('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?').get(p.id, storeId)?.on_hand ?? 0) >= 10_000,
  ) as DemoProduct;
  // the hand-worked price
  db.db.prepare('UPDATE products SET price = 2340 WHERE id = ?').run(product.id);
  await till.loginAs('manager');
});
afterEach(() => till.cleanup());

/** The rows a sale or a rate post writes: "nothing written" means none of these changed. */
const written = (): Record<string, number> => ({
  ...rowCounts(till.backend.db),
  exchange_rates: till.backend.db.db.prepare('SELECT count(*) FROM exchange_rates').pluck().get() as number,
});

const dispatch = (method: string, input: unknown): Promise<BranchResult<unknown>> => till.backend.dispatch(method, input);

async function post(rate: number): Promise<ExchangeView> {
  return till.call<ExchangeView>('exchange.postRate', { rateId: uuidv7(), rate });
}

function sell(tenders: unknown[], extra: Record<string, unknown> = {}): Promise<BranchResult<unknown>> {
  return dispatch('sale.complete', { saleId: uuidv7(), lines: [{ productId: product.id, qty: 1000 }], tenders, ...extra });
}

async function sold(tenders: unknown[], extra: Record<string, unknown> = {}): Promise<ReceiptView> {
  const r = await sell(tenders, extra);
  if (!r.ok) throw new Error(`sale refused: ${r.error.code} ${r.error.message}`);
  return r.value as ReceiptView;
}

function lastSaleOp(): SalePayload {
  const op = pendingOps(till.backend.db).filter((o) => o.type === 'sale').at(-1);
  if (op?.type !== 'sale') throw new Error('no sale op');
  return op.payload;
}

const USD = (amount: number) => ({ method: 'cash', amount, currency: 'USD' });
const LBP = (amount: number) => ({ method: 'cash', amount, currency: 'LBP' });

describe('a sale paid in dollars and pounds', () => {
  it('$23.40 paid $20 + 500,000 LBP, change in pounds: 195,700 due back, 195,000 handed over, 700 kept on the rounding line', async () => {
    const { current } = await post(89_500);
    const receipt = await sold([USD(20_00), LBP(500_000)], { changeIn: 'quote' });
    expect(receipt.total).toBe(23_40);
    expect(receipt.change).toBe(0);
    expect(receipt.exchange).toEqual({
      rate: { rateId: current?.rateId, base: 'USD', quote: 'LBP', rate: 89_500 },
      totalQuote: 2_094_300,
      changeIn: 'quote',
      changeQuote: 195_000,
      rounding: 700,
    });
    expect(receipt.tenders).toEqual([USD(20_00), LBP(500_000)]);
    // the op locks the same: rate id and value, tenders per currency, change per currency, the rounding line
    expect(lastSaleOp()).toMatchObject({
      total: 23_40,
      change: 0,
      rate: { rateId: current?.rateId, base: 'USD', quote: 'LBP', rate: 89_500 },
      changeIn: 'quote',
      changeQuote: 195_000,
      rounding: 700,
      tenders: [USD(20_00), LBP(500_000)],
    });
    // read back from the till's rows (a reprint) it is the same receipt
    expect(await till.call('sale.get', { saleId: receipt.saleId })).toEqual(receipt);
  });

  it('splits change into whole dollars and the rest in pounds: $50 for $23.40 is $26 and 53,700 → 55,000 LBP (the shop gives 1,300)', async () => {
    await post(89_500);
    const r = await sold([USD(50_00)], { changeIn: 'split' });
    expect([r.change, r.exchange?.changeQuote, r.exchange?.rounding]).toEqual([26_00, 55_000, -1_300]);
  });

  it('gives change in dollars to the cent for pounds: 2,100,000 LBP is 5,700 over = $0.06, 330 LBP kept', async () => {
    await post(89_500);
    const r = await sold([LBP(2_100_000)], { changeIn: 'base' });
    expect([r.change, r.exchange?.changeQuote, r.exchange?.rounding]).toEqual([6, 0, 330]);
  });

  it('card for part in dollars, the rest in pounds: $10 card + 1,200,000 LBP leaves 700 LBP, which rounds to nothing to hand back', async () => {
    await post(89_500);
    // cash due $13.40 = 1,199,300 LBP
    const r = await sold([{ method: 'card', amount: 10_00 }, LBP(1_200_000)], { changeIn: 'quote' });
    expect([r.change, r.exchange?.changeQuote, r.exchange?.rounding]).toEqual([0, 0, 700]);
  });

  it('a dollar-only sale as before (old callers: no currency, no change choice) still locks the rate, so the receipt shows pounds', async () => {
    await post(89_500);
    const r = await sold([{ method: 'cash', amount: 25_00 }]);
    expect(r.change).toBe(1_60);
    expect(r.exchange).toMatchObject({ totalQuote: 2_094_300, changeIn: 'base', changeQuote: 0, rounding: 0 });
    expect(r.tenders).toEqual([{ method: 'cash', amount: 25_00 }]);
  });

  it('without a posted rate a sale is the one-currency sale it always was: nothing of a rate on it or its op', async () => {
    const r = await sold([{ method: 'cash', amount: 25_00 }]);
    expect([r.change, r.exchange]).toEqual([1_60, null]);
    const op = lastSaleOp();
    expect(['rate', 'changeIn', 'changeQuote', 'rounding'].filter((k) => k in op)).toEqual([]);
  });

  it('short in both currencies: TENDER_SHORT saying what is still due in each, nothing written', async () => {
    await post(89_500);
    const before = written();
    // 2,094,300 − 1,790,000 ($20) − 200,000 = 104,300 short: 105,000 LBP (nearest step) or $1.17
    const r = await sell([USD(20_00), LBP(200_000)], { changeIn: 'quote' });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'TENDER_SHORT', details: { short: 1_17, shortQuote: 105_000 } });
    expect(written()).toEqual(before);
  });
});

describe('refused with nothing written', () => {
  it('a rate of zero, below zero, fractional or absurd: no op, no rate', async () => {
    const before = written();
    for (const rate of [0, -89_500, 89_500.5, 100_000_001]) {
      const r = await dispatch('exchange.postRate', { rateId: uuidv7(), rate });
      expect(r.ok ? null : r.error.code).toBe('INVALID_INPUT');
    }
    expect(written()).toEqual(before);
    expect((await till.call<ExchangeView>('exchange.current')).current).toBeNull();
  });

  it('a tender in a currency the till does not take: no op, no sale row', async () => {
    await post(89_500);
    const before = written();
    const refusals = [
      await sell([{ method: 'cash', amount: 25_00, currency: 'EUR' }]),
      await sell([{ method: 'card', amount: 23_40, currency: 'LBP' }]),
      await sell([{ method: 'cash', amount: 25_00, currency: 'XYZ' }]),
    ];
    expect(refusals.map((r) => (r.ok ? null : r.error.code))).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT']);
    expect(written()).toEqual(before);
  });

  it('pounds before any rate was posted, and pounds at a till set to take dollars only', async () => {
    const before = written();
    const noRate = await sell([LBP(2_100_000)]);
    expect(noRate.ok ? null : noRate.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/no rate/) });
    await post(89_500);
    await till.call('exchange.setSettings', { quote: 'LBP', accepts: ['USD'], quoteStep: 5_000, rounding: 'nearest' });
    const counts = written();
    const notTaken = await sell([LBP(2_100_000)]);
    expect(notTaken.ok ? null : notTaken.error.code).toBe('INVALID_INPUT');
    expect(written()).toEqual(counts);
    expect(counts['sales']).toBe(before['sales']);
  });

  it('a sale whose screen showed another rate than the one in force: refused, so the cashier sees the new amounts', async () => {
    const first = await post(89_500);
    await post(90_000);
    const before = written();
    const r = await sell([USD(25_00)], { rateId: first.current?.rateId });
    expect(r.ok ? null : r.error.code).toBe('INVALID_INPUT');
    expect(written()).toEqual(before);
  });

  it('settings naming the till’s own currency as the second, or a third currency to take', async () => {
    for (const bad of [
      { quote: 'USD', accepts: ['USD'], quoteStep: 1, rounding: 'nearest' },
      { quote: 'LBP', accepts: ['USD', 'EUR'], quoteStep: 5_000, rounding: 'nearest' },
      { quote: 'LBP', accepts: ['USD', 'LBP'], quoteStep: 0, rounding: 'nearest' },
      { quote: 'LBP', accepts: ['USD', 'LBP'], quoteStep: 5_000, rounding: 'sideways' },
    ]) {
      const r = await dispatch('exchange.setSettings', bad);
      expect(r.ok ? null : r.error.code).toBe('INVALID_INPUT');
    }
    expect((await till.call<ExchangeView>('exchange.current')).settings).toEqual({ quote: 'LBP', accepts: ['USD', 'LBP'], quoteStep: 5_000, rounding: 'nearest' });
  });
});

describe('the posted rate', () => {
  it('is recorded with who and when, in an op, and a repeat of the same post writes nothing', async () => {
    const rateId = uuidv7();
    const at = Date.now();
    const view = await till.call<ExchangeView>('exchange.postRate', { rateId, rate: 89_500, note: 'morning' });
    const manager = till.chain.users.find((u) => u.role === 'manager');
    expect(view.current).toMatchObject({ rateId, base: 'USD', quote: 'LBP', rate: 89_500, note: 'morning', postedByName: manager?.name, pending: true });
    expect(Date.parse(view.current?.postedAt ?? '')).toBeGreaterThanOrEqual(at);
    const ops = pendingOps(till.backend.db).filter((o) => o.type === 'rate_post');
    expect(ops.map((o) => o.payload)).toEqual([{ rateId, base: 'USD', quote: 'LBP', rate: 89_500, note: 'morning' }]);
    const before = written();
    expect(await till.call('exchange.postRate', { rateId, rate: 89_500, note: 'morning' })).toEqual(view);
    expect(written()).toEqual(before);
    const reused = await dispatch('exchange.postRate', { rateId, rate: 90_000 });
    expect(reused.ok ? null : reused.error.code).toBe('ID_REUSED');
  });

  it('this till’s own post stays in force until the server has it; then the server’s order decides', async () => {
    const own = await post(90_000);
    const db = till.backend.db;
    const config = db.config();
    const page = (rates: Array<{ rateId: string; rate: number; order: string }>, cursor: string) => ({
      cursor,
      tenant: { id: till.chain.tenant.id, name: 'Demo Chain', currency: 'USD' as const, policy: { oversell: 'reverse_later_sale' as const } },
      till: { id: config.tillId, name: config.tillName },
      store: { id: config.storeId, name: config.storeName },
      locations: [],
      products: [],
      users: [],
      levels: [],
      opResults: [],
      conflicts: [],
      rates: rates.map((r) => ({ ...r, base: 'USD' as const, quote: 'LBP' as const, note: null, postedByName: 'Head office', postedAt: new Date().toISOString() })),
    });
    // head office's rate arrives while the own post waits: the own post is still the one in force
    const ho = uuidv7();
    applyPull(db, page([{ rateId: ho, rate: 89_000, order: '100' }], '100'), new Date());
    expect((await till.call<ExchangeView>('exchange.current')).current?.rateId).toBe(own.current?.rateId);
    // the server sends the own post back after head office's: it is the latest by the server's order
    applyPull(db, page([{ rateId: own.current?.rateId as string, rate: 90_000, order: '120' }], '120'), new Date());
    const after = await till.call<ExchangeView>('exchange.current');
    expect(after.current).toMatchObject({ rateId: own.current?.rateId, rate: 90_000, pending: false, postedByName: 'Head office' });
    // a later post of head office replaces it, and the next sale locks that one
    const later = uuidv7();
    applyPull(db, page([{ rateId: later, rate: 89_700, order: '130' }], '130'), new Date());
    const r = await sold([USD(25_00)]);
    expect(r.exchange?.rate).toEqual({ rateId: later, base: 'USD', quote: 'LBP', rate: 89_700 });
    expect((await till.call<ExchangeView>('exchange.current')).recent.map((x) => x.rate)).toEqual([89_700, 90_000, 89_000]);
  });
});
