import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import type { ProductView } from '../../shared/api/branch-api';
import type { Product } from '../../shared/domain/schemas';
import { parseQuantity } from '../../shared/domain/quantity';
import { DomainError } from '../../shared/domain/errors';
import {
  addProduct,
  addTender,
  canComplete,
  cartTotals,
  emptyCart,
  markSentAttempted,
  remainderAfter,
  quickCashAmounts,
  removeTender,
  saleRequest,
  setCustomerContact,
  setLineQty,
  stepLineQty,
  voidLine,
} from './cart';
import { useCartStore } from './cart-store';
import { testProduct } from '../../shared/domain/test-support/product';

function product(over: Partial<Product>): ProductView {
  return {
    product: testProduct({ sku: 'SKU', ...over }),
    available: 10_000,
  };
}

const milk = product({ name: 'Milk', price: 150 });
const cheese = product({ name: 'Halloumi', unit: 'kg', price: 1299 });
const bread = product({ name: 'Bread', price: 75 });

describe('cart math', () => {
  it('scanning a counted product twice makes one line of two', () => {
    let c = emptyCart(uuidv7(), 'USD');
    c = addProduct(c, milk, { scannedCode: '5901234123457' });
    c = addProduct(c, milk, { scannedCode: '5901234123457' });
    expect(c.lines).toHaveLength(1);
    expect(c.lines[0]!.qty).toBe(2000);
    expect(cartTotals(c).total).toBe(300);
    expect(c.lastScan).toEqual({ code: '5901234123457', key: c.lines[0]!.key, n: 2 });
  });

  it('a weighed product takes three decimals and rounds its line total half away from zero', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), cheese);
    const key = c.lines[0]!.key;
    c = setLineQty(c, key, parseQuantity('0.347'));
    // 12.99 × 0.347 = 4.50753 → 4.51
    expect(cartTotals(c).lineTotals[key]).toBe(451);
  });

  it('each weighing of a weighed product is its own line', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), cheese, { qty: 500 });
    c = addProduct(c, cheese, { qty: 250 });
    expect(c.lines.map((l) => l.qty)).toEqual([500, 250]);
  });

  it('refuses a fractional quantity of a counted product and leaves the cart unchanged', () => {
    const c = addProduct(emptyCart(uuidv7(), 'USD'), milk);
    expect(() => setLineQty(c, c.lines[0]!.key, 1500)).toThrow(DomainError);
    expect(c.lines[0]!.qty).toBe(1000);
  });

  it('refuses zero and negative quantities', () => {
    const c = addProduct(emptyCart(uuidv7(), 'USD'), cheese);
    expect(() => setLineQty(c, c.lines[0]!.key, 0)).toThrow(/greater than zero/);
    expect(() => setLineQty(c, c.lines[0]!.key, -1000)).toThrow(DomainError);
  });

  it('minus stops at one unit; voiding is separate', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), milk);
    const key = c.lines[0]!.key;
    c = stepLineQty(c, key, 1);
    c = stepLineQty(c, key, -1);
    expect(c.lines[0]!.qty).toBe(1000);
    expect(() => stepLineQty(c, key, -1)).toThrow(DomainError);
    c = voidLine(c, key);
    expect(c.lines).toEqual([]);
    expect(() => voidLine(c, key)).toThrow(DomainError);
  });

  it('cash gives change, a card never does', () => {
    let c = addProduct(addProduct(emptyCart(uuidv7(), 'USD'), milk), bread); // 2.25
    c = addTender(c, { method: 'cash', amount: 500 });
    let t = cartTotals(c);
    expect(t.total).toBe(225);
    expect(t.change).toBe(275);
    expect(t.due).toBe(0);
    expect(canComplete(t)).toBe(true);

    c = removeTender(c, 0);
    c = addTender(c, { method: 'card', amount: 100 });
    c = addTender(c, { method: 'cash', amount: 200 });
    t = cartTotals(c);
    expect(t.change).toBe(75);
    expect(t.cardOverpays).toBe(false);
  });

  it('a short payment leaves an amount due and cannot complete', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), milk);
    c = addTender(c, { method: 'cash', amount: 100 });
    const t = cartTotals(c);
    expect(t.due).toBe(50);
    expect(t.change).toBe(0);
    expect(canComplete(t)).toBe(false);
  });

  it('a card paying more than the total is flagged', () => {
    const c = addTender(addProduct(emptyCart(uuidv7(), 'USD'), milk), { method: 'card', amount: 200 });
    expect(cartTotals(c).cardOverpays).toBe(true);
    expect(canComplete(cartTotals(c))).toBe(false);
  });

  it('refuses a zero or fractional payment', () => {
    const c = emptyCart(uuidv7(), 'USD');
    expect(() => addTender(c, { method: 'cash', amount: 0 })).toThrow(DomainError);
    expect(() => addTender(c, { method: 'cash', amount: 1.5 })).toThrow(DomainError);
  });

  it('refuses a product priced in another currency', () => {
    expect(() => addProduct(emptyCart(uuidv7(), 'LBP'), milk)).toThrow(/priced in USD/);
  });

  it('flags lines asking for more than the ledger showed', () => {
    const c = addProduct(emptyCart(uuidv7(), 'USD'), { ...milk, available: 500 });
    expect(cartTotals(c).short).toEqual([c.lines[0]!.key]);
  });

  it('quick cash offers the next round notes above the amount due', () => {
    expect(quickCashAmounts(1234, 'USD')).toEqual([1300, 1500, 2000]);
    // LBP notes: 1,000 ... 1,000,000. The 1,000 note gives 88,000 (the old list started at 5,000).
    expect(quickCashAmounts(87_500, 'LBP')).toEqual([88_000, 90_000, 100_000]);
    // Nothing rounds to a 5,000,000 "note": there is none, the largest is 1,000,000.
    expect(quickCashAmounts(3_200_000, 'LBP')).toEqual([3_500_000, 4_000_000]);
    expect(quickCashAmounts(0, 'USD')).toEqual([]);
  });

  it('the sale request carries the cart saleId, lines and tenders but no prices', () => {
    let c = addProduct(emptyCart('0190a0b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b', 'USD'), milk);
    c = addTender(c, { method: 'cash', amount: 200 });
    expect(saleRequest(c, { reason: 'on the shelf' })).toEqual({
      saleId: '0190a0b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
      lines: [{ productId: milk.product.id, qty: 1000 }],
      tenders: [{ method: 'cash', amount: 200 }],
      override: { reason: 'on the shelf' },
    });
  });

  it('totals are exact integers whatever the quantities and prices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 100_000_000 })), { minLength: 1, maxLength: 30 }),
        (rows) => {
          let c = emptyCart(uuidv7(), 'USD');
          for (const [price, qty] of rows) c = addProduct(c, product({ unit: 'kg', price }), { qty });
          const t = cartTotals(c);
          expect(Number.isSafeInteger(t.total)).toBe(true);
          const expected = rows.reduce((sum, [price, qty]) => sum + Number((BigInt(price) * BigInt(qty) + 500n) / 1000n), 0);
          expect(t.total).toBe(expected);
        },
      ),
    );
  });
});

describe('sale id after an unconfirmed attempt (issue 7 item 5)', () => {
  // A cart that was sent once and came back UNAVAILABLE: the backend may hold its saleId with this content.
  function attempted() {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), milk);
    c = addTender(c, { method: 'cash', amount: 1000 });
    return markSentAttempted(c, c);
  }

  it('keeps the id for a plain retry, so the stored receipt comes back and nothing sells twice', () => {
    const c = attempted();
    expect(saleRequest(c).saleId).toBe(c.saleId);
    expect(c.unconfirmedSaleIds).toBeUndefined();
  });

  it('moves to a new id on any change of lines, payments or contact, and remembers the one given up', () => {
    const changes: Array<[string, (c: ReturnType<typeof attempted>) => ReturnType<typeof attempted>]> = [
      ['add a product', (c) => addProduct(c, bread)],
      ['one more of a line', (c) => stepLineQty(c, c.lines[0]!.key, 1)],
      ['set a quantity', (c) => setLineQty(c, c.lines[0]!.key, 3000)],
      ['void a line', (c) => voidLine(c, c.lines[0]!.key)],
      ['add a payment', (c) => addTender(c, { method: 'card', amount: 50 })],
      ['remove a payment', (c) => removeTender(c, 0)],
      ['add a contact', (c) => setCustomerContact(c, { phone: '+961 70 123456' })],
    ];
    for (const [what, change] of changes) {
      const before = attempted();
      const after = change(before);
      expect(after.saleId, what).not.toBe(before.saleId);
      expect(after.unconfirmedSaleIds, what).toEqual([before.saleId]);
      // Edits after the renewal keep the new id: it was never sent.
      expect(addProduct(after, cheese, { qty: 250 }).saleId, what).toBe(after.saleId);
    }
  });

  it('an edit of a cart that was never sent keeps its id', () => {
    const c = addProduct(emptyCart(uuidv7(), 'USD'), milk);
    expect(addProduct(c, bread).saleId).toBe(c.saleId);
  });

  it('a change that leaves the content as it was sent keeps the id', () => {
    const c = attempted();
    // Setting the quantity it already has is no change of content.
    expect(setLineQty(c, c.lines[0]!.key, c.lines[0]!.qty).saleId).toBe(c.saleId);
  });
});

describe('what is left to sell after an earlier attempt was recorded (issue 7 item 5)', () => {
  const A = product({ name: 'A', price: 200 });
  const B = product({ name: 'B', price: 500 });
  const W = product({ name: 'W', unit: 'kg', price: 1000 });
  const recordedId = uuidv7();
  const receipt = (lines: Array<[ProductView, number]>) => ({ saleId: recordedId, lines: lines.map(([p, qty]) => ({ productId: p.product.id, qty })) });

  // 3 x A + 1 x B, paid in cash, after an unconfirmed attempt under recordedId (now in unconfirmedSaleIds).
  function cart3A1B() {
    let c = emptyCart(recordedId, 'USD');
    c = addProduct(c, A);
    c = addProduct(c, A);
    c = addTender(c, { method: 'cash', amount: 400 });
    c = markSentAttempted(c, c);
    c = addProduct(c, A);
    c = addProduct(c, B);
    return addTender(c, { method: 'cash', amount: 1000 });
  }

  it('3 A + 1 B, receipt of 2 A: 1 A + 1 B left, no payments, a new id, the recorded id settled', () => {
    const c = cart3A1B();
    expect(c.unconfirmedSaleIds).toEqual([recordedId]);
    const left = remainderAfter(c, receipt([[A, 2000]]));
    expect(left.lines.map((l) => [l.product.name, l.qty])).toEqual([
      ['A', 1000],
      ['B', 1000],
    ]);
    expect(left.tenders).toEqual([]);
    expect(left.saleId).not.toBe(c.saleId);
    expect(left.saleId).not.toBe(recordedId);
    expect(left.unconfirmedSaleIds).toBeUndefined();
    expect(left.attempted).toBeUndefined();
    // 1 x 2.00 + 1 x 5.00 is what is left to pay
    expect(cartTotals(left).total).toBe(700);
  });

  it('a receipt equal to the cart leaves nothing', () => {
    const left = remainderAfter(cart3A1B(), receipt([[A, 3000], [B, 1000]]));
    expect(left.lines).toEqual([]);
    expect(left.tenders).toEqual([]);
    expect(cartTotals(left).total).toBe(0);
  });

  it('a receipt with more of a product than the cart takes it to nothing, never below; other ids stay unconfirmed', () => {
    const older = uuidv7();
    const c = { ...cart3A1B(), unconfirmedSaleIds: [older, recordedId] };
    const left = remainderAfter(c, receipt([[B, 2000]]));
    expect(left.lines.map((l) => [l.product.name, l.qty])).toEqual([['A', 3000]]);
    expect(left.unconfirmedSaleIds).toEqual([older]);
  });

  it('weighed goods: the recorded weight comes off the first weighings first', () => {
    let c = emptyCart(recordedId, 'USD');
    c = addProduct(c, W, { qty: 500 });
    c = addProduct(c, W, { qty: 300 });
    c = addProduct(c, W, { qty: 200 });
    // 0.6 kg recorded: the 0.5 kg weighing goes, 0.1 kg comes off the 0.3 kg one, the 0.2 kg one stays
    const left = remainderAfter(c, receipt([[W, 600]]));
    expect(left.lines.map((l) => l.qty)).toEqual([200, 200]);
    expect(left.lines.map((l) => l.key)).toEqual([c.lines[1]!.key, c.lines[2]!.key]);
  });

  it('a scan during the send: the attempt is recorded for what was sent, and the cart moves on to a new id', () => {
    const sent = addTender(addProduct(emptyCart(recordedId, 'USD'), A), { method: 'cash', amount: 200 });
    const scannedMeanwhile = addProduct(sent, B);
    const marked = markSentAttempted(scannedMeanwhile, sent);
    expect(marked.saleId).not.toBe(recordedId);
    expect(marked.unconfirmedSaleIds).toEqual([recordedId]);
    // Nothing scanned meanwhile: the id stays, and a plain retry is the same request.
    expect(markSentAttempted(sent, sent).saleId).toBe(recordedId);
  });
});

describe('packs (issue 8): a case barcode adds the whole case, priced by the case', () => {
  // 24 cans at $0.75 each, or $15.00 the case; a 6-pack without a price of its own sells at 6 × $0.75
  const cola = product({ name: 'Cola', price: 75, packs: [{ barcode: '05449000000996', units: 24, price: 1500 }, { barcode: '05449000214911', units: 6, price: null }] });
  const [caseOf24, sixPack] = cola.product.packs!;

  it('one scan of the case is 24 cans for $15.00; a second scan is 48 for $30.00, on the same line', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), cola, { pack: caseOf24!, scannedCode: caseOf24!.barcode });
    expect(c.lines.map((l) => [l.qty, l.pack?.barcode])).toEqual([[24_000, '05449000000996']]);
    expect(cartTotals(c).total).toBe(1500);
    c = addProduct(c, cola, { pack: caseOf24! });
    expect(c.lines.map((l) => l.qty)).toEqual([48_000]);
    expect(cartTotals(c).total).toBe(3000);
  });

  it('a pack without its own price sells at its units × the unit price', () => {
    const c = addProduct(emptyCart(uuidv7(), 'USD'), cola, { pack: sixPack! });
    expect(cartTotals(c).total).toBe(6 * 75);
  });

  it('a case, a 6-pack and a loose can of the same drink are three lines, each priced its own way', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), cola, { pack: caseOf24! });
    c = addProduct(c, cola, { pack: sixPack! });
    c = addProduct(c, cola);
    expect(c.lines.map((l) => [l.qty, l.pack?.units ?? null])).toEqual([
      [24_000, 24],
      [6_000, 6],
      [1_000, null],
    ]);
    expect(cartTotals(c).total).toBe(1500 + 450 + 75);
  });

  it('plus and minus step by one whole case; below one case is refused (voiding is its own action)', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), cola, { pack: caseOf24! });
    const key = c.lines[0]!.key;
    c = stepLineQty(c, key, 1);
    expect(c.lines[0]!.qty).toBe(48_000);
    c = stepLineQty(c, key, -1);
    expect(c.lines[0]!.qty).toBe(24_000);
    expect(() => stepLineQty(c, key, -1)).toThrow(DomainError);
  });

  it('a pack line takes whole cases only: 30 cans on a case line is refused', () => {
    const c = addProduct(emptyCart(uuidv7(), 'USD'), cola, { pack: caseOf24! });
    expect(() => setLineQty(c, c.lines[0]!.key, 30_000)).toThrow(DomainError);
    expect(setLineQty(c, c.lines[0]!.key, 72_000).lines[0]!.qty).toBe(72_000);
  });

  it('the sale request names the pack barcode of a pack line, and none for loose units', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), cola, { pack: caseOf24! });
    c = addProduct(c, cola);
    expect(saleRequest(c).lines).toEqual([
      { productId: cola.product.id, qty: 24_000, pack: '05449000000996' },
      { productId: cola.product.id, qty: 1000 },
    ]);
  });

  it('after an earlier attempt sold 12 cans, a case line left with 12 sells them loose; a whole case left stays a case', () => {
    let c = addProduct(emptyCart(uuidv7(), 'USD'), cola, { pack: caseOf24! });
    const half = remainderAfter(c, { saleId: uuidv7(), lines: [{ productId: cola.product.id, qty: 12_000 }] });
    expect(half.lines.map((l) => [l.qty, l.pack])).toEqual([[12_000, null]]);
    expect(cartTotals(half).total).toBe(12 * 75);
    c = setLineQty(c, c.lines[0]!.key, 48_000);
    const one = remainderAfter(c, { saleId: uuidv7(), lines: [{ productId: cola.product.id, qty: 24_000 }] });
    expect(one.lines.map((l) => [l.qty, l.pack?.units])).toEqual([[24_000, 24]]);
  });
});

describe('cart store', () => {
  it('keeps the saleId across edits and makes a new one on reset', () => {
    const store = useCartStore.getState();
    store.reset('USD');
    const first = useCartStore.getState().cart.saleId;
    useCartStore.getState().add(milk);
    useCartStore.getState().addTender({ method: 'cash', amount: 1000 });
    expect(useCartStore.getState().cart.saleId).toBe(first);
    useCartStore.getState().reset();
    expect(useCartStore.getState().cart.saleId).not.toBe(first);
    expect(useCartStore.getState().cart.lines).toEqual([]);
  });

  it('a refused edit throws and leaves the store untouched', () => {
    useCartStore.getState().reset('USD');
    useCartStore.getState().add(milk);
    const before = useCartStore.getState().cart;
    expect(() => useCartStore.getState().setQty(before.lines[0]!.key, 1500)).toThrow(DomainError);
    expect(useCartStore.getState().cart).toBe(before);
  });
});
