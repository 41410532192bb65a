import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, ReceiptView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import type { SalePayload } from '../../shared/ops/operations';
import { DEFAULT_TAX, type TaxSettings } from '../../shared/domain/tax';
import { pendingOps } from '../store';
import { setTenantTax } from '../store/tax-repo';
import { rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * VAT on a sale at the till (issue 11), through the branch API on a real till database. Hand-worked: two $10.00
 * and one $5.55 at 11% (lines $25.55) and one exempt $3.00.
 *   inclusive: VAT = 25.55 × 11/111 = 2.53198… → $2.53, net $23.02; the customer pays $28.55.
 *   exclusive: VAT = 25.55 × 11% = 2.8105 → $2.81, gross $28.36; with the exempt $3.00 the customer pays $31.36.
 * The sale, its op and a reprint carry the same locked summary; with exclusive prices the tenders must cover
 * net + VAT. A product of a class the till does not know is refused with nothing written.
 */
let till: TempTill;
let ten: DemoProduct;
let fiveFiftyFive: DemoProduct;
let exemptThree: DemoProduct;

beforeEach(async () => {
  till = createTempTill({ demo: { products: 20 } });
  const db = till.backend.db;
  const storeId = db.config().storeId;
  const stocked = till.chain.products.filter(
    (p) => p.active && p.unit === 'each' && (db.stmt<[string, string], { on_hand: number }>('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?').get(p.id, storeId)?.on_hand ?? 0) >= 10_000,
  );
  [ten, fiveFiftyFive, exemptThree] = stocked as [DemoProduct, DemoProduct, DemoProduct];
  const set = db.db.prepare('UPDATE products SET price = ?, tax_class = ? WHERE id = ?');
  set.run(10_00, null, ten.id); // the default class: standard
  set.run(5_55, 'standard', fiveFiftyFive.id);
  set.run(3_00, 'exempt', exemptThree.id);
  await till.loginAs('manager');
});
afterEach(() => till.cleanup());

const taxed = (pricesIncludeTax: boolean): TaxSettings => ({ ...DEFAULT_TAX, pricesIncludeTax });
const cash = (amount: number) => ({ method: 'cash', amount });

function sell(tenders: unknown[]): Promise<BranchResult<unknown>> {
  return till.backend.dispatch('sale.complete', {
    saleId: uuidv7(),
    lines: [
      { productId: ten.id, qty: 2000 },
      { productId: fiveFiftyFive.id, qty: 1000 },
      { productId: exemptThree.id, qty: 1000 },
    ],
    tenders,
  });
}

async function sold(tenders: unknown[]): Promise<ReceiptView> {
  const r = await sell(tenders);
  if (!r.ok) throw new Error(`sale refused: ${r.error.code} ${r.error.message}`);
  return r.value as ReceiptView;
}

function lastSaleOp(): SalePayload {
  const op = pendingOps(till.backend.db).filter((o) => o.type === 'sale').at(-1);
  if (op?.type !== 'sale') throw new Error('no sale op');
  return op.payload;
}

describe('VAT on a sale', () => {
  it('inclusive prices: the VAT is inside the total, per rate, on the receipt, the op and the reprint', async () => {
    setTenantTax(till.backend.db, taxed(true), { name: 'Hamra Trading SAL', address: 'Hamra St, Beirut', taxNumber: '123456-601' });
    const receipt = await sold([cash(30_00)]);
    const vat = {
      pricesIncludeTax: true,
      rows: [
        { rateBp: 1100, net: 23_02, vat: 2_53, gross: 25_55 },
        { rateBp: 0, net: 3_00, vat: 0, gross: 3_00 },
      ],
      net: 26_02,
      vat: 2_53,
      gross: 28_55,
    };
    expect(receipt.total).toBe(28_55);
    expect(receipt.change).toBe(1_45);
    expect(receipt.vat).toEqual(vat);
    expect(receipt.legal).toEqual({ name: 'Hamra Trading SAL', address: 'Hamra St, Beirut', taxNumber: '123456-601' });
    expect(lastSaleOp()).toMatchObject({ total: 28_55, change: 1_45, vat });
    const reprint = await till.call<ReceiptView>('sale.get', { saleId: receipt.saleId });
    expect(reprint.vat).toEqual(vat);
    expect(reprint.total).toBe(28_55);
  });

  it('exclusive prices: the customer pays net + VAT, and the tenders must cover it', async () => {
    setTenantTax(till.backend.db, taxed(false), undefined);
    const before = rowCounts(till.backend.db);
    // the lines' sum alone ($28.55) is short of what is owed
    const short = await sell([cash(28_55)]);
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.error.code).toBe('TENDER_SHORT');
    expect(rowCounts(till.backend.db)).toEqual(before);

    const receipt = await sold([cash(31_36)]);
    expect(receipt.total).toBe(31_36);
    expect(receipt.change).toBe(0);
    expect(receipt.vat).toEqual({
      pricesIncludeTax: false,
      rows: [
        { rateBp: 1100, net: 25_55, vat: 2_81, gross: 28_36 },
        { rateBp: 0, net: 3_00, vat: 0, gross: 3_00 },
      ],
      net: 28_55,
      vat: 2_81,
      gross: 31_36,
    });
    // the lines stay at their shelf (net) prices
    expect(receipt.lines.map((l) => l.total)).toEqual([20_00, 5_55, 3_00]);
    expect(lastSaleOp().total).toBe(31_36);
  });

  it('a till that never received tax settings sells as before: no VAT, the lines sum', async () => {
    const receipt = await sold([cash(28_55)]);
    expect(receipt.total).toBe(28_55);
    expect(receipt.vat ?? null).toBeNull();
    expect(lastSaleOp().vat).toBeUndefined();
  });

  it('a product of a class the till does not know is refused with nothing written', async () => {
    setTenantTax(till.backend.db, taxed(true), undefined);
    till.backend.db.db.prepare("UPDATE products SET tax_class = 'luxury' WHERE id = ?").run(exemptThree.id);
    const before = rowCounts(till.backend.db);
    const r = await sell([cash(30_00)]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toMatch(/unknown tax class "luxury"/);
    }
    expect(rowCounts(till.backend.db)).toEqual(before);
  });
});
