import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chargedLineTotals, refundParts, returnLines, tenderShares, type PriorReturns } from './returns';

// Three bottles at $0.33 rang up as $0.99 (line total), paid $0.50 by card and the rest in pounds at 89,500.
const sold = [{ lineId: 'l1', productId: 'water', qty: 3_000, unitPrice: 33, total: 99 }];
const none: PriorReturns = { qty: new Map(), amount: new Map(), perTender: new Map() };
const rate = { base: 'USD' as const, quote: 'LBP' as const, rate: 89_500 };

describe('a return against a receipt', () => {
  it('refunds its share of the line, the last unit exactly what is left of the line', () => {
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

describe('what each tender paid toward the sale', () => {
  it('a card what it was charged, the cash the rest after the change', () => {
    // $10.00: $4.00 by card, a $20 note, $14.00 change
    expect(tenderShares(10_00, [{ method: 'card', currency: 'USD', amount: 4_00 }, { method: 'cash', currency: 'USD', amount: 20_00 }], 'USD', null)).toEqual([
      { method: 'card', currency: 'USD', baseValue: 4_00 },
      { method: 'cash', currency: 'USD', baseValue: 6_00 },
    ]);
  });

  it('two currencies of cash share the rest in proportion at the sale rate, adding up exactly', () => {
    // $10.00 paid $5 and 500,000 LBP at 89,500 (= $5.5866): worth 44,750,000 and 50,000,000 in 1/100 LBP, so the
    // $10.00 splits 472.29 / 527.71, rounded by largest remainder to $4.72 and $5.28
    const shares = tenderShares(10_00, [{ method: 'cash', currency: 'USD', amount: 5_00 }, { method: 'cash', currency: 'LBP', amount: 500_000 }], 'USD', rate);
    expect(shares.map((s) => s.baseValue)).toEqual([4_72, 5_28]);
    // and a refund of the whole sale pays back 472 cents in dollars and 528 cents at 89,500 in pounds
    expect(refundParts(10_00, shares, none, rate)).toEqual([
      { tenderIndex: 0, method: 'cash', currency: 'USD', baseAmount: 4_72, amount: 4_72 },
      { tenderIndex: 1, method: 'cash', currency: 'LBP', baseAmount: 5_28, amount: 472_560 },
    ]);
  });

  it('refuses a tender the sale rate does not convert, and cash that does not cover the sale', () => {
    expect(() => tenderShares(1_00, [{ method: 'cash', currency: 'EUR', amount: 1_00 }], 'USD', rate)).toThrow(/does not convert EUR/);
    expect(() => tenderShares(1_00, [{ method: 'card', currency: 'USD', amount: 50 }], 'USD', null)).toThrow(/do not cover/);
  });

  it('for any payment, the shares add up to the total, none is negative, and a card never pays more than charged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.record({ method: fc.constantFrom('cash' as const, 'card' as const), currency: fc.constantFrom('USD' as const, 'LBP' as const), amount: fc.integer({ min: 1, max: 10_000_000 }) }), { minLength: 1, maxLength: 5 }),
        (total, raw) => {
          const tenders = raw.map((t) => (t.method === 'card' ? { ...t, currency: 'USD' as const } : t));
          // enough cash to cover whatever the cards leave
          const all = [...tenders, { method: 'cash' as const, currency: 'USD' as const, amount: total + 1 }];
          const shares = tenderShares(total, all, 'USD', rate);
          expect(shares.reduce((a, s) => a + s.baseValue, 0)).toBe(total);
          shares.forEach((s, i) => {
            expect(s.baseValue).toBeGreaterThanOrEqual(0);
            if (s.method === 'card') expect(s.baseValue).toBeLessThanOrEqual((all[i] as { amount: number }).amount);
          });
        },
      ),
    );
  });
});

describe('what each line cost the customer', () => {
  const exclusive = (rows: { rateBp: number; net: number; vat: number }[]) => ({
    pricesIncludeTax: false,
    rows: rows.map((r) => ({ ...r, gross: r.net + r.vat })),
    net: rows.reduce((s, r) => s + r.net, 0),
    vat: rows.reduce((s, r) => s + r.vat, 0),
    gross: rows.reduce((s, r) => s + r.net + r.vat, 0),
  });

  it('is the line total with no VAT or with prices that include it', () => {
    expect(chargedLineTotals([{ total: 5_00 }, { total: 3_00 }], null, 8_00)).toEqual([5_00, 3_00]);
    const inclusive = { ...exclusive([{ rateBp: 1100, net: 7_21, vat: 79 }]), pricesIncludeTax: true, gross: 8_00 };
    expect(chargedLineTotals([{ total: 5_00, rateBp: 1100 }, { total: 3_00, rateBp: 1100 }], inclusive, 8_00)).toEqual([5_00, 3_00]);
  });

  it("with exclusive prices, each rate's gross over its own lines: the exempt line gets no VAT", () => {
    // $10.00 at 11% = $11.10; $3.00 exempt; total $14.10 (the sync test's figures)
    const vat = exclusive([
      { rateBp: 1100, net: 10_00, vat: 1_10 },
      { rateBp: 0, net: 3_00, vat: 0 },
    ]);
    expect(chargedLineTotals([{ total: 10_00, rateBp: 1100 }, { total: 3_00, rateBp: 0 }], vat, 14_10)).toEqual([11_10, 3_00]);
    // two lines at 11%: $1.00 and $2.00 → $3.33 VAT incl.; 1.11 and 2.22 by largest remainder
    const two = exclusive([{ rateBp: 1100, net: 3_00, vat: 33 }]);
    expect(chargedLineTotals([{ total: 1_00, rateBp: 1100 }, { total: 2_00, rateBp: 1100 }], two, 3_33)).toEqual([1_11, 2_22]);
  });

  it('shares the whole total when the lines carry no rate (a sale made before rates were locked per line)', () => {
    const vat = exclusive([{ rateBp: 1100, net: 3_00, vat: 33 }]);
    expect(chargedLineTotals([{ total: 1_00 }, { total: 2_00 }], vat, 3_33)).toEqual([1_11, 2_22]);
  });

  it('adds up to what the sale charged, for any lines and rates', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ total: fc.integer({ min: 0, max: 1_000_000 }), rateBp: fc.constantFrom(0, 1100, 500) }), { minLength: 1, maxLength: 12 }), (lines) => {
        const byRate = new Map<number, number>();
        for (const l of lines) byRate.set(l.rateBp, (byRate.get(l.rateBp) ?? 0) + l.total);
        const vat = exclusive([...byRate].map(([rateBp, net]) => ({ rateBp, net, vat: Math.round((net * rateBp) / 10_000) })));
        const charged = chargedLineTotals(lines, vat, vat.gross);
        expect(charged.reduce((s, c) => s + c, 0)).toBe(vat.gross);
        charged.forEach((c, i) => expect(c).toBeGreaterThanOrEqual(lines[i]?.total ?? 0));
      }),
    );
  });

  it('refuses a VAT summary whose rates the lines do not match', () => {
    const vat = exclusive([{ rateBp: 1100, net: 1_00, vat: 11 }]);
    expect(() => chargedLineTotals([{ total: 1_00, rateBp: 500 }], vat, 1_11)).toThrow(/rate/);
  });
});
