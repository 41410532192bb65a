import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, ReceiptView, ScanView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { withCheckDigit } from '../../shared/domain/barcode';
import type { PullResponse } from '../../shared/sync/protocol';
import type { SalePayload } from '../../shared/ops/operations';
import { readLevel } from '../store';
import { pendingOps } from '../store/outbox';
import { applyPull } from '../sync/pull';
import { rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Scale labels at the till (issue 11): the demo stores' formats are 21 + 5-digit PLU + grams and 22 + 4-digit PLU
 * + a price check digit + cents (shared/demo DEMO_SCALE_FORMATS); a demo kg product's PLU is its catalog position.
 */
let till: TempTill;
let storeId: string;
let loose: DemoProduct;
let counted: DemoProduct;

const weightLabel = (plu: string, grams: number): string => withCheckDigit(`21${plu.padStart(5, '0')}${String(grams).padStart(5, '0')}`);
const priceLabel = (plu: string, cents: number): string => withCheckDigit(`22${plu.padStart(4, '0')}7${String(cents).padStart(5, '0')}`);

async function refused(method: string, input: unknown): Promise<{ code: string; reason: unknown }> {
  const r = (await till.backend.dispatch(method, input)) as BranchResult<unknown>;
  if (r.ok) throw new Error(`${method} was not refused`);
  return { code: r.error.code, reason: r.error.details?.['reason'] };
}

function sell(lines: unknown[], amount = 100_000) {
  return { saleId: uuidv7(), lines, tenders: [{ method: 'cash', amount }] };
}

const pull = (overrides: Partial<PullResponse>): PullResponse => till.pullResponse(overrides);

beforeEach(async () => {
  till = createTempTill({ demo: { products: 40 } });
  storeId = till.backend.db.config().storeId;
  const found = till.chain.products.find((p) => p.active && p.unit === 'kg' && p.plu !== undefined);
  if (found === undefined) throw new Error('the demo has no kg product with a PLU');
  loose = found;
  [counted] = till.stockedUnitProducts(1) as [DemoProduct];
  await till.loginAs('cashier');
});

afterEach(() => till.cleanup());

describe('a weight label', () => {
  it('is looked up as its product with the weight, and sells that weight at the unit price', async () => {
    const code = weightLabel(loose.plu as string, 1_250);
    const scan = await till.call<ScanView>('catalog.lookup', { code });
    // 1.250 kg at the product's price per kg, rounded to the cent
    const expected = Math.round((loose.price * 1_250) / 1_000);
    expect(scan.product.id).toBe(loose.id);
    expect(scan.label).toEqual({ code, kind: 'weight', qty: 1_250, total: expected });

    const before = readLevel(till.backend.db, loose.id, storeId)?.onHand;
    const receipt = await till.call<ReceiptView>('sale.complete', sell([{ productId: loose.id, qty: 1_250, label: code }]));
    expect(receipt.lines[0]).toMatchObject({ productId: loose.id, qty: 1_250, unitPrice: loose.price, total: expected });
    expect(receipt.total).toBe(expected);
    expect(readLevel(till.backend.db, loose.id, storeId)?.onHand).toBe((before ?? 0) - 1_250);
    // the op is an ordinary sale line of milli-kg: what the server replays
    const op = pendingOps(till.backend.db).find((o) => o.type === 'sale');
    expect((op?.payload as SalePayload).lines[0]).toMatchObject({ productId: loose.id, qty: 1_250, unitPrice: loose.price, total: expected });
  });
});

describe('a price label', () => {
  it('charges exactly the printed price and records the weight it buys, rounded half up to the gram', async () => {
    // at $29.99 a kg a gram is 3 cents: the printed price and the rounded weight's price differ
    applyPull(till.backend.db, pull({ products: [{ ...loose, price: 2_999 }] }), new Date());
    const code = priceLabel(loose.plu as string, 1_000);
    // $10.00 / $29.99 per kg = 0.33344 kg: 333 g
    const scan = await till.call<ScanView>('catalog.lookup', { code });
    expect(scan.label).toEqual({ code, kind: 'price', qty: 333, total: 1_000 });

    const receipt = await till.call<ReceiptView>('sale.complete', sell([{ productId: loose.id, qty: 333, label: code }]));
    // not 333 g x $29.99 = $9.99
    expect(receipt.lines[0]).toMatchObject({ qty: 333, unitPrice: 2_999, total: 1_000 });
    expect(receipt.total).toBe(1_000);
    const op = pendingOps(till.backend.db).find((o) => o.type === 'sale');
    expect((op?.payload as SalePayload).lines[0]).toMatchObject({ qty: 333, unitPrice: 2_999, total: 1_000 });
  });

  it('sells at its printed price: the cashier cannot set another unit price on it', async () => {
    const code = priceLabel(loose.plu as string, 450);
    const { qty } = (await till.call<ScanView>('catalog.lookup', { code })).label ?? { qty: 0 };
    const counts = rowCounts(till.backend.db);
    expect(await refused('sale.complete', sell([{ productId: loose.id, qty, label: code, price: 1 }]))).toEqual({ code: 'INVALID_INPUT', reason: 'label_price' });
    expect(rowCounts(till.backend.db)).toEqual(counts);
  });
});

describe('a label that cannot be sold', () => {
  it('names an item code no product has', async () => {
    expect(await refused('catalog.lookup', { code: weightLabel('99999', 500) })).toEqual({ code: 'UNKNOWN_BARCODE', reason: 'unknown_item' });
  });

  it('names a product not sold by weight', async () => {
    applyPull(till.backend.db, pull({ products: [{ ...counted, plu: '77' }] }), new Date());
    expect(await refused('catalog.lookup', { code: weightLabel('77', 500) })).toEqual({ code: 'INVALID_INPUT', reason: 'not_weighed' });
    expect(await refused('catalog.lookup', { code: priceLabel('77', 500) })).toEqual({ code: 'INVALID_INPUT', reason: 'not_weighed' });
  });

  it('weighs or costs nothing', async () => {
    expect(await refused('catalog.lookup', { code: weightLabel(loose.plu as string, 0) })).toEqual({ code: 'INVALID_QUANTITY', reason: 'zero_value' });
    expect(await refused('catalog.lookup', { code: priceLabel(loose.plu as string, 0) })).toEqual({ code: 'INVALID_QUANTITY', reason: 'zero_value' });
  });

  it('is refused at the sale, nothing written, when the screen sends another quantity or another product', async () => {
    const code = weightLabel(loose.plu as string, 1_250);
    const counts = rowCounts(till.backend.db);
    expect((await refused('sale.complete', sell([{ productId: loose.id, qty: 2_000, label: code }]))).code).toBe('INVALID_QUANTITY');
    expect(await refused('sale.complete', sell([{ productId: counted.id, qty: 1_000, label: code }]))).toEqual({ code: 'INVALID_INPUT', reason: 'unknown_item' });
    // a zero-weight label cannot be sold by sending a made-up quantity with it
    expect(await refused('sale.complete', sell([{ productId: loose.id, qty: 500, label: weightLabel(loose.plu as string, 0) }]))).toEqual({
      code: 'INVALID_QUANTITY',
      reason: 'zero_value',
    });
    expect(rowCounts(till.backend.db)).toEqual(counts);
  });
});

describe('the store’s formats and PLUs as pulled', () => {
  it('reads no label once head office removed the formats, and follows a PLU moved to another product', async () => {
    const code = weightLabel(loose.plu as string, 800);
    const other = till.chain.products.find((p) => p.active && p.unit === 'kg' && p.id !== loose.id) as DemoProduct;
    const { plu: _plu, ...withoutPlu } = loose;
    // the PLU moves: the product written later claims it, the former owner keeps none
    applyPull(till.backend.db, pull({ products: [withoutPlu, { ...other, plu: loose.plu as string }] }), new Date());
    expect((await till.call<ScanView>('catalog.lookup', { code })).product.id).toBe(other.id);
    expect((await till.call<ScanView>('catalog.lookup', { code: loose.barcodes[0] })).product.plu).toBeUndefined();

    // an older server says nothing of formats: the till keeps its own
    applyPull(till.backend.db, pull({}), new Date());
    expect((await till.call<ScanView>('catalog.lookup', { code })).label?.qty).toBe(800);
    applyPull(till.backend.db, pull({ store: { ...pull({}).store, scaleFormats: [] } }), new Date());
    // no longer a label: an ordinary code no product has
    expect(await refused('catalog.lookup', { code })).toEqual({ code: 'UNKNOWN_BARCODE', reason: undefined });
  });
});

describe('a label’s line in a saved or held basket', () => {
  it('comes back as the label read again: a price label at its printed price, after a reload and after a hold', async () => {
    const code = priceLabel(loose.plu as string, 1_000);
    const scan = await till.call<ScanView>('catalog.lookup', { code });
    const line = { key: 'l1', productId: loose.id, qty: scan.label!.qty, label: code };
    const basket = { saleId: uuidv7(), lines: [line], tenders: [], customerContact: null, nextKey: 2 };
    await till.call('cart.save', basket);
    const loaded = await till.call<{ lines: Array<{ qty: number; label?: { code: string; kind: string; total: number } }> }>('cart.load');
    expect(loaded.lines[0]).toMatchObject({ qty: scan.label!.qty, label: { code, kind: 'price', total: 1_000 } });

    await till.call('cart.hold', { holdId: uuidv7(), cart: basket });
    const held = await till.call<Array<{ holdId: string }>>('cart.held');
    await till.call('cart.save', { ...basket, saleId: uuidv7(), lines: [] });
    const resumed = await till.call<{ lines: Array<{ label?: { total: number } }> }>('cart.resume', { holdId: held[0]!.holdId });
    expect(resumed.lines[0]?.label?.total).toBe(1_000);
  });

  it('comes back as an ordinary line of its weight when the label no longer names that product', async () => {
    const code = weightLabel(loose.plu as string, 500);
    await till.call('cart.save', { saleId: uuidv7(), lines: [{ key: 'l1', productId: counted.id, qty: 500, label: code }], tenders: [], customerContact: null, nextKey: 2 });
    const loaded = await till.call<{ lines: Array<{ qty: number; label?: unknown }> }>('cart.load');
    expect(loaded.lines[0]).toEqual(expect.objectContaining({ qty: 500 }));
    expect(loaded.lines[0]?.label).toBeUndefined();
  });
});
