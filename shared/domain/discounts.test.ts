import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discountAmount, needsApproval, spreadDiscount } from './discounts';

describe('discounts', () => {
  it('takes a percentage or an amount off, rounding half away from zero', () => {
    expect(discountAmount(12_34, { kind: 'percent', bp: 1_000 })).toBe(1_23); // 1.234 → 1.23
    expect(discountAmount(12_35, { kind: 'percent', bp: 1_000 })).toBe(1_24); // 1.235 → 1.24
    expect(discountAmount(12_34, { kind: 'amount', amount: 2_00 })).toBe(2_00);
    expect(discountAmount(12_34, { kind: 'percent', bp: 10_000 })).toBe(12_34);
  });

  it('refuses a discount past 100%, a negative one, or one larger than the line', () => {
    expect(() => discountAmount(10_00, { kind: 'percent', bp: 10_001 })).toThrow(/0% and 100%/);
    expect(() => discountAmount(10_00, { kind: 'percent', bp: -1 })).toThrow();
    expect(() => discountAmount(10_00, { kind: 'amount', amount: 10_01 })).toThrow(/more than/);
    expect(() => discountAmount(10_00, { kind: 'amount', amount: -1 })).toThrow(/negative/);
  });

  it('spreads a cart discount in proportion, the parts adding up exactly', () => {
    // $1.00 off $3.00 of three $1.00 lines: 34 + 33 + 33
    expect(spreadDiscount([1_00, 1_00, 1_00], 1_00)).toEqual([34, 33, 33]);
    expect(spreadDiscount([2_00, 1_00], 30)).toEqual([20, 10]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (totals, share) => {
        const sum = totals.reduce((a, b) => a + b, 0);
        const discount = Math.floor(sum * share);
        const parts = spreadDiscount(totals, discount);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(discount);
        parts.forEach((p, i) => {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(totals[i] as number);
          // within one minor unit of its exact share
          expect(Math.abs(p - ((totals[i] as number) * discount) / Math.max(sum, 1))).toBeLessThan(1);
        });
      }),
    );
  });

  it('asks for a manager past the shop limit, never for a raise', () => {
    expect(needsApproval(10_00, 1_00, 1_000)).toBe(false); // exactly 10%
    expect(needsApproval(10_00, 1_01, 1_000)).toBe(true);
    expect(needsApproval(10_00, -5_00, 1_000)).toBe(false);
    expect(needsApproval(0, 1, 1_000)).toBe(true);
  });
});
