import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, OpenCartView, ProductView, ReceiptView, ScanView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { withCheckDigit } from '../../shared/domain/barcode';
import type { PackBarcode } from '../../shared/domain/schemas';
import type { PullResponse } from '../../shared/sync/protocol';
import { readLevel } from '../store';
import { applyPull } from '../sync/pull';
import { ledgerViolations, rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Pack barcodes at the till (issue 8): a case's barcode adds the whole case, priced by the case when it has a
 * price of its own; stock stays in units. The packs reach the till with pulled products, as from the server.
 */
let till: TempTill;
let storeId: string;
let canned: DemoProduct;
let other: DemoProduct;
/** a case of 6 at its own price, and a tray of 12 at 12 × the unit price */
let caseOf6: PackBarcode;
let trayOf12: PackBarcode;

/** The GTIN-14 of a case: packaging indicator 1, the unit's EAN-13 without its check digit, a new check digit. */
function caseGtin(ean13: string, indicator = '1'): string {
  return withCheckDigit(indicator + ean13.slice(0, 12));
}

const pull = (overrides: Partial<PullResponse>): PullResponse => till.pullResponse(overrides);

function withPacks(p: DemoProduct, packs: PackBarcode[]): DemoProduct {
  return { ...p, packs };
}

beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  storeId = till.backend.db.config().storeId;
  const stocked = till.chain.products.filter((p) => p.active && p.unit === 'each' && onHand(p.id) >= 12_000);
  [canned, other] = stocked as [DemoProduct, DemoProduct];
  caseOf6 = { barcode: caseGtin(canned.barcodes[0] as string), units: 6, price: 5 * canned.price };
  trayOf12 = { barcode: caseGtin(canned.barcodes[0] as string, '2'), units: 12, price: null };
  applyPull(till.backend.db, pull({ products: [withPacks(canned, [trayOf12, caseOf6])] }), new Date());
  await till.loginAs('cashier');
});
afterEach(() => till.cleanup());

function onHand(productId: string): number {
  return readLevel(till.backend.db, productId, storeId)?.onHand ?? 0;
}

async function call<T>(method: string, input: unknown): Promise<BranchResult<T>> {
  const before = rowCounts(till.backend.db);
  const result = (await till.backend.dispatch(method, input)) as BranchResult<T>;
  expect(ledgerViolations(till.backend.db)).toEqual([]);
  if (!result.ok) expect(rowCounts(till.backend.db), `${method} failed with ${result.error.code} and must write nothing`).toEqual(before);
  return result;
}

async function ok<T>(method: string, input: unknown): Promise<T> {
  const result = await call<T>(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function fails(method: string, input: unknown): Promise<{ code: string; message: string }> {
  const result = await call(method, input);
  if (result.ok) throw new Error(`${method} should have failed`);
  return result.error;
}

function sale(lines: Array<{ productId: string; qty: number; pack?: string }>): unknown {
  return { saleId: uuidv7(), lines, tenders: [{ method: 'cash', amount: 10_000_000 }] };
}

describe('catalog.lookup of a pack barcode', () => {
  it('answers the product with the pack the code stands for; its own barcode with no pack', async () => {
    const scanned = await ok<ScanView>('catalog.lookup', { code: caseOf6.barcode });
    expect(scanned.product.id).toBe(canned.id);
    expect(scanned.pack).toEqual(caseOf6);
    expect(scanned.available).toBe(onHand(canned.id));
    const single = await ok<ScanView>('catalog.lookup', { code: canned.barcodes[0] });
    expect(single.pack).toBeNull();
    // The product carries its packs wherever it is shown (smallest first), so a screen can offer the case.
    expect(single.product.packs).toEqual([caseOf6, trayOf12]);
    const found = await ok<ProductView[]>('catalog.search', { query: canned.sku });
    expect(found[0]?.product.packs).toEqual([caseOf6, trayOf12]);
    expect((await ok<ScanView>('catalog.lookup', { code: other.barcodes[0] })).product.packs).toBeUndefined();
  });
});

describe('sale.complete with pack lines', () => {
  it('sells whole packs at the pack price and takes their units off the shelf', async () => {
    const before = onHand(canned.id);
    const receipt = await ok<ReceiptView>('sale.complete', sale([{ productId: canned.id, qty: 12_000, pack: caseOf6.barcode }]));
    // Two cases of 6 at 5 × the unit price each: written out by hand, not with the till's own pricing.
    expect(receipt.total).toBe(2 * 5 * canned.price);
    expect(receipt.lines[0]).toMatchObject({ qty: 12_000, total: 10 * canned.price, unitPrice: Math.round((5 * canned.price) / 6) });
    expect(onHand(canned.id)).toBe(before - 12_000);
    const payload = JSON.parse(till.backend.db.db.prepare("SELECT payload FROM ops WHERE type = 'sale' ORDER BY seq DESC").pluck().get() as string) as {
      total: number;
      lines: Array<{ unitPrice: number; total: number; qty: number }>;
    };
    expect(payload.total).toBe(10 * canned.price);
    expect(payload.lines).toEqual([expect.objectContaining({ qty: 12_000, total: 10 * canned.price, unitPrice: Math.round((5 * canned.price) / 6) })]);
  });

  it('prices a pack without a price of its own as its units at the unit price', async () => {
    const receipt = await ok<ReceiptView>('sale.complete', sale([{ productId: canned.id, qty: 12_000, pack: trayOf12.barcode }]));
    expect(receipt.total).toBe(12 * canned.price);
    expect(receipt.lines[0]).toMatchObject({ unitPrice: canned.price, total: 12 * canned.price });
  });

  it('refuses a pack line that is not a whole number of packs, and a pack barcode of another product, writing nothing', async () => {
    const partial = await fails('sale.complete', sale([{ productId: canned.id, qty: 8000, pack: caseOf6.barcode }]));
    expect(partial.code).toBe('INVALID_QUANTITY');
    expect(partial.message).toMatch(/whole packs of 6/);
    const foreign = await fails('sale.complete', sale([{ productId: other.id, qty: 6000, pack: caseOf6.barcode }]));
    expect(foreign.code).toBe('UNKNOWN_BARCODE');
  });
});

describe('the open cart', () => {
  it('keeps the pack of a line, as the catalog has it now; a pack dropped since sells as units', async () => {
    const saleId = uuidv7();
    await ok('cart.save', { saleId, lines: [{ key: 'l1', productId: canned.id, qty: 6000, pack: caseOf6.barcode }, { key: 'l2', productId: other.id, qty: 1000 }], tenders: [], customerContact: null, nextKey: 3 });
    const loaded = await ok<OpenCartView>('cart.load', {});
    expect(loaded.lines.map((l) => [l.key, l.pack])).toEqual([
      ['l1', caseOf6],
      ['l2', undefined],
    ]);
    applyPull(till.backend.db, pull({ cursor: '11', products: [withPacks(canned, [trayOf12])] }), new Date());
    expect((await ok<OpenCartView>('cart.load', {})).lines[0]?.pack).toBeNull();
  });
});

describe('pack barcodes in the database', () => {
  it('moves a code to the product that claims it last in a pull, and refuses one code as both a unit and a pack barcode', async () => {
    // Head office reassigned the case code: it is now the other product's own barcode.
    applyPull(till.backend.db, pull({ cursor: '11', products: [{ ...other, barcodes: [...other.barcodes, caseOf6.barcode] }] }), new Date());
    const scanned = await ok<ScanView>('catalog.lookup', { code: caseOf6.barcode });
    expect(scanned.product.id).toBe(other.id);
    expect(scanned.pack).toBeNull();
    expect(() =>
      till.backend.db.db.prepare('INSERT INTO pack_barcodes (code, product_id, units, price) VALUES (?, ?, 6, NULL)').run(canned.barcodes[0], other.id),
    ).toThrow(/DUPLICATE_BARCODE/);
    expect(() => till.backend.db.db.prepare('INSERT INTO pack_barcodes (code, product_id, units, price) VALUES (?, ?, 1, NULL)').run('PACK-1', other.id)).toThrow(
      /CHECK/,
    );
  });
});
