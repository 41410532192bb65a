import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ProductView } from '../../shared/api/branch-api';
import { testProduct } from '../../shared/domain/test-support/product';
import { addProduct, cartTotals, emptyCart, remainderAfter, saleRequest, setCartDiscount, setLineDiscount, setLinePrice, setLineQty, voidLine, type Cart } from './cart';
import { cartFromSaved, savedFromCart } from './open-cart';

/**
 * Discounts in the cart on screen (issue 11), by the one rule the till records the sale with
 * (shared/domain/discounts.ts): the figures of electron/services/sale-discounts.test.ts, worked by hand — $10.00
 * less 10% and $5.00, then $2.00 off the cart: $7.71 + $4.29 = $12.00.
 */
const view = (price: number): ProductView => ({ product: testProduct({ price, currency: 'USD' }), available: 100_000 });
const ten = view(10_00);
const five = view(5_00);

function discounted(): Cart {
  let c = addProduct(addProduct(emptyCart(uuidv7(), 'USD'), ten), five);
  c = setLineDiscount(c, c.lines[0]?.key as string, { kind: 'percent', bp: 1_000 });
  return setCartDiscount(c, { kind: 'amount', amount: 2_00 });
}

describe('discounts in the cart', () => {
  it('totals what the till will charge, and sends the discounts, not the amounts', () => {
    const c = discounted();
    const t = cartTotals(c);
    expect(c.lines.map((l) => t.lineTotals[l.key])).toEqual([7_71, 4_29]);
    expect(t.discount).toBe(3_00);
    expect(t.total).toBe(12_00);
    const req = saleRequest(c);
    expect(req.lines.map((l) => l.discount)).toEqual([{ kind: 'percent', bp: 1_000 }, undefined]);
    expect(req.discount).toEqual({ kind: 'amount', amount: 2_00 });
  });

  it('refuses a change that leaves a discount bigger than what it is taken off, and keeps the cart', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), ten);
    const key = c.lines[0]?.key as string;
    c = setLineQty(c, key, 3000);
    c = setLineDiscount(c, key, { kind: 'amount', amount: 25_00 });
    expect(() => setLineQty(c, key, 2000)).toThrow(/more than/);
    expect(() => setLineDiscount(c, key, { kind: 'percent', bp: 10_001 })).toThrow(/100%/);
    expect(() => setCartDiscount(emptyCart(uuidv7(), 'USD'), { kind: 'percent', bp: 500 })).toThrow(/empty/);
  });

  it('drops the cart discount when the last line goes, and a reload keeps every discount', () => {
    const c = discounted();
    const emptied = c.lines.reduce((acc, l) => voidLine(acc, l.key), c);
    expect(emptied.discount).toBeUndefined();
    const saved = savedFromCart(c);
    const back = cartFromSaved({
      ...saved,
      currency: 'USD',
      dropped: 0,
      lines: saved.lines.map((l, i) => ({ key: l.key, qty: l.qty, view: i === 0 ? ten : five, ...(l.discount !== undefined ? { discount: l.discount } : {}) })),
    });
    expect(cartTotals(back).total).toBe(12_00);
  });
});

describe('discounts that no longer fit', () => {
  it('are not given again on what is left after an earlier attempt turned out recorded', () => {
    // $3.00 off a cart of two $10.00 units was recorded for one unit; the unit left sells at $10.00, not $7.00
    let c = addProduct(emptyCart(uuidv7(), 'USD'), ten);
    c = setLineQty(c, c.lines[0]?.key as string, 2000);
    c = setCartDiscount(c, { kind: 'amount', amount: 3_00 });
    const left = remainderAfter(c, { saleId: c.saleId, lines: [{ productId: ten.product.id, qty: 1000 }] });
    expect(left.discount).toBeUndefined();
    expect(cartTotals(left).total).toBe(10_00);
    // all of it recorded: an empty cart with nothing to take a discount off, and a screen that still draws
    const none = remainderAfter(c, { saleId: c.saleId, lines: [{ productId: ten.product.id, qty: 2000 }] });
    expect(cartTotals(none).total).toBe(0);
  });

  it('are dropped when a restored basket comes back at a lower price, never left to break the screen', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), ten);
    c = setLineDiscount(c, c.lines[0]?.key as string, { kind: 'amount', amount: 8_00 });
    const saved = savedFromCart(c);
    const cheaper: ProductView = { product: { ...ten.product, price: 5_00 }, available: 100_000 };
    const back = cartFromSaved({ ...saved, currency: 'USD', dropped: 0, lines: saved.lines.map((l) => ({ key: l.key, qty: l.qty, view: cheaper, ...(l.discount !== undefined ? { discount: l.discount } : {}) })) });
    expect(back.lines[0]?.discount).toBeUndefined();
    expect(cartTotals(back).total).toBe(5_00);
  });
});

describe('a price the cashier sets', () => {
  it('prices the line, takes a discount off it, and is sent as the price, not a total', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), ten);
    const key = c.lines[0]?.key as string;
    c = setLineQty(c, key, 2000);
    c = setLinePrice(c, key, 8_50);
    expect(cartTotals(c).total).toBe(17_00);
    c = setLineDiscount(c, key, { kind: 'percent', bp: 1_000 }); // 10% of $17.00
    expect(cartTotals(c).total).toBe(15_30);
    expect(saleRequest(c).lines[0]).toMatchObject({ price: 8_50, discount: { kind: 'percent', bp: 1_000 } });
    expect(cartTotals(setLinePrice(c, key, undefined)).total).toBe(18_00);
    expect(() => setLinePrice(c, key, -1)).toThrow(/negative/);
  });
});
