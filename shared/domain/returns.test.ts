import { describe, expect, it } from 'vitest';
import { refundParts, returnLines, type PriorReturns } from './returns';

// Three bottles at $0.33 rang up as $0.99 (line total), paid $0.50 by card and the rest in pounds at 89,500.
const sold = [{ lineId: 'l1', productId: 'water', qty: 3_000, unitPrice: 33, total: 99 }];
const none: PriorReturns = { qty: new Map(), amount: new Map(), perTender: new Map() };
const rate = { base: 'USD' as const, quote: 'LBP' as const, rate: 89_500 };

describe('a return against a receipt', () => {
  it('refunds at the line price, the last unit exactly what is left of the line', () => {
    const [first] = returnLines(sold, none, [{ lineId: 'l1', qty: 2_000, disposition: 'restock' }]);
    expect(first).toMatchObject({ qty: 2_000, refund: 66, movements: [{ kind: 'RETURN', qty: 2_000 }] });
    const after: PriorReturns = { qty: new Map([['l1', 2_000]]), amount: new Map([['l1', 66]]), perTender: new Map() };
    expect(returnLines(sold, after, [{ lineId: 'l1', qty: 1_000, disposition: 'restock' }])[0]?.refund).toBe(33);
    // a line total that rounded up: 3 × 0.333 = 0.999 → 1.00; the last unit gives back 0.34, not 0.33
    const rounded = [{ ...sold[0]!, unitPrice: 33, total: 1_00 }];
    expect(returnLines(rounded, after, [{ lineId: 'l1', qty: 1_000, disposition: 'restock' }])[0]?.refund).toBe(34);
  });

  it('sends damaged goods back into the books and out to waste, so the audit shows both', () => {
    expect(returnLines(sold, none, [{ lineId: 'l1', qty: 1_000, disposition: 'waste' }])[0]?.movements).toEqual([
      { kind: 'RETURN', qty: 1_000 },
      { kind: 'WASTE', qty: 1_000 },
    ]);
  });

  it('never takes back more than was sold minus what already came back', () => {
    const after: PriorReturns = { qty: new Map([['l1', 2_000]]), amount: new Map([['l1', 66]]), perTender: new Map() };
    expect(() => returnLines(sold, after, [{ lineId: 'l1', qty: 2_000, disposition: 'restock' }])).toThrow(/only 1 of this line/);
    expect(() => returnLines(sold, none, [{ lineId: 'l9', qty: 1_000, disposition: 'restock' }])).toThrow(/not on this receipt/);
    expect(() => returnLines(sold, none, [{ lineId: 'l1', qty: 0, disposition: 'restock' }])).toThrow();
    expect(() => returnLines(sold, none, [])).toThrow(/at least one line/);
  });

  it('pays back card first, then cash in its own currency at the sale rate', () => {
    const tenders = [
      { method: 'cash' as const, currency: 'LBP' as const, baseValue: 49 },
      { method: 'card' as const, currency: 'USD' as const, baseValue: 50 },
    ];
    expect(refundParts(66, tenders, none, rate)).toEqual([
      { tenderIndex: 1, method: 'card', currency: 'USD', baseAmount: 50, amount: 50 },
      // 16 cents at 89,500 LBP per dollar = 14,320 LBP
      { tenderIndex: 0, method: 'cash', currency: 'LBP', baseAmount: 16, amount: 14_320 },
    ]);
    const cardTaken: PriorReturns = { ...none, perTender: new Map([[1, 50]]) };
    expect(refundParts(33, tenders, cardTaken, rate)).toEqual([{ tenderIndex: 0, method: 'cash', currency: 'LBP', baseAmount: 33, amount: 29_535 }]);
    expect(() => refundParts(100, tenders, none, rate)).toThrow(/more than the sale was paid/);
  });
});
