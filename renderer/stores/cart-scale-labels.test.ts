import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../shared/domain/barcode';
import { DomainError } from '../../shared/domain/errors';
import { testProduct } from '../../shared/domain/test-support/product';
import { addProduct, cartTotals, emptyCart, remainderAfter, saleRequest, setLinePrice, setLineQty, stepLineQty, type Cart } from './cart';
import { cartFromSaved, savedFromCart } from './open-cart';

/** A scale label's line in the cart (issue 11): it sells what the till read on the label, as sale.complete will. */
const cheese = testProduct({ name: 'Halloumi', unit: 'kg', price: 2_999 });
const PRICE_LABEL = withCheckDigit('220042701000');
const WEIGHT_LABEL = withCheckDigit('210004201250');

function reason(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.details?.['reason'];
    throw e;
  }
  throw new Error('not refused');
}

function withLabels(): Cart {
  const view = { product: cheese, available: 10_000 };
  const one = addProduct(emptyCart('0190a6f0-0000-7000-8000-000000000001', 'USD'), view, { label: { code: PRICE_LABEL, kind: 'price', qty: 333, total: 1_000 } });
  return addProduct(one, view, { label: { code: WEIGHT_LABEL, kind: 'weight', qty: 1_250, total: 3_749 } });
}

describe('a scale label’s line in the cart', () => {
  it('costs the printed price (a price label) or its weight at the unit price, and names its label to the till', () => {
    const cart = withLabels();
    // not 0.333 x $29.99 = $9.99; 1.250 x $29.99 = $37.4875
    expect(Object.values(cartTotals(cart).lineTotals)).toEqual([1_000, 3_749]);
    expect(saleRequest(cart).lines).toEqual([
      { productId: cheese.id, qty: 333, label: PRICE_LABEL },
      { productId: cheese.id, qty: 1_250, label: WEIGHT_LABEL },
    ]);
  });

  it('keeps the label’s quantity and a price label’s price', () => {
    const cart = withLabels();
    const [price, weight] = cart.lines as [Cart['lines'][0], Cart['lines'][0]];
    expect(reason(() => setLineQty(cart, price.key, 500))).toBe('scale_label');
    expect(reason(() => stepLineQty(cart, weight.key, 1))).toBe('scale_label');
    expect(reason(() => setLinePrice(cart, price.key, 1_000))).toBe('label_price');
    // a weight label's unit price may be set as any weighed line's
    expect(cartTotals(setLinePrice(cart, weight.key, 2_000)).total).toBe(1_000 + 2_500);
  });

  it('left over after part of it was recorded, sells what is left at the unit price, without the label', () => {
    const left = remainderAfter(withLabels(), { saleId: '0190a6f0-0000-7000-8000-000000000001', lines: [{ productId: cheese.id, qty: 1_000 }] });
    expect(left.lines.map((l) => [l.qty, l.label?.code])).toEqual([[583, undefined]]);
    expect(cartTotals(left).total).toBe(Math.round((583 * 2_999) / 1_000));
  });
});

describe('a scale label’s line saved and restored (open-cart.ts)', () => {
  it('is saved with its label’s code and comes back with the label the till read again, at the printed price', () => {
    const cart = withLabels();
    const saved = savedFromCart(cart);
    expect(saved.lines.map((l) => l.label)).toEqual([PRICE_LABEL, WEIGHT_LABEL]);
    // the till answers each line with its label read again (services/open-cart.ts)
    const restored = cartFromSaved({
      saleId: saved.saleId,
      currency: 'USD',
      lines: cart.lines.map((l) => ({ key: l.key, qty: l.qty, view: { product: cheese, available: 10_000 }, pack: null, ...(l.label !== undefined ? { label: l.label } : {}) })),
      tenders: [],
      customerContact: null,
      nextKey: saved.nextKey,
      dropped: 0,
    });
    expect(Object.values(cartTotals(restored).lineTotals)).toEqual([1_000, 3_749]);
    expect(reason(() => setLineQty(restored, restored.lines[0]!.key, 500))).toBe('scale_label');
  });
});
