import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { ProductView } from '../../shared/api/branch-api';
import type { Product } from '../../shared/domain/schemas';
import { DEFAULT_TAX } from '../../shared/domain/tax';
import { testProduct } from '../../shared/domain/test-support/product';
import { addProduct, addTender, canComplete, cartTotals, emptyCart, setTax, type Cart } from './cart';
import { twoCurrencyTotals } from './cart-exchange';

/**
 * The cart's total follows the till's VAT (issue 11): with tax-exclusive prices the customer pays the lines plus
 * their VAT, so the screen asks for what the till will charge. Hand-worked: two $10.00 (default class, standard
 * 11%) and one $5.55 (standard) = $25.55, VAT 2.8105 → $2.81; $3.00 exempt; total $31.36. Inclusive: $28.55.
 */
function product(over: Partial<Product>): ProductView {
  return { product: testProduct({ sku: `SKU-${over.name ?? ''}`, ...over }), available: 10_000 };
}
const oil = product({ name: 'Oil', price: 10_00 });
const soap = product({ name: 'Soap', price: 5_55, taxClass: 'standard' });
const bread = product({ name: 'Bread', price: 3_00, taxClass: 'exempt' });

function filled(): Cart {
  let c = emptyCart(uuidv7(), 'USD');
  c = addProduct(c, oil, { qty: 2000 });
  c = addProduct(c, soap);
  return addProduct(c, bread);
}

describe('the cart with VAT', () => {
  it('exclusive prices: the total is the lines plus their VAT, and paying the lines alone is short', () => {
    const c = setTax(filled(), { ...DEFAULT_TAX, pricesIncludeTax: false });
    const t = cartTotals(c);
    expect(t.total).toBe(31_36);
    expect(t.vat).toBe(2_81);
    expect(canComplete(cartTotals(addTender(c, { method: 'cash', amount: 28_55 })))).toBe(false);
    expect(cartTotals(addTender(c, { method: 'cash', amount: 28_55 })).due).toBe(2_81);
    expect(canComplete(cartTotals(addTender(c, { method: 'cash', amount: 31_36 })))).toBe(true);
    // in two currencies the total in pounds is of the same amount: $31.36 at 89,500 = LBP 2,806,720
    const two = twoCurrencyTotals(c, {
      base: 'USD',
      quote: 'LBP',
      rateId: uuidv7(),
      rate: { base: 'USD', quote: 'LBP', rate: 89_500 },
      accepts: ['USD', 'LBP'],
      quoteStep: 5_000,
      rounding: 'nearest',
    });
    expect(two.total).toBe(31_36);
    expect(two.totalQuote).toBe(2_806_720);
  });

  it('inclusive prices or no tax settings: the lines as priced', () => {
    const inclusive = cartTotals(setTax(filled(), DEFAULT_TAX));
    expect(inclusive.total).toBe(28_55);
    expect(inclusive.vat).toBe(2_53);
    const none = cartTotals(filled());
    expect(none.total).toBe(28_55);
    expect(none.vat).toBeNull();
  });
});
