import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discountAmount, discountLines, needsApproval, spreadDiscount } from './discounts';

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

describe("a cart's discounts, line by line", () => {
  it("takes each line's own discount first, then spreads the cart's over what is left", () => {
    // $10.00 with 10% off ($1.00) and $5.00; then $2.00 off the cart's $14.00: 9.00/14 × 2 = 1.2857 → 1.29, 0.71
    const r = discountLines([10_00, 5_00], [{ kind: 'percent', bp: 1_000 }, undefined], { kind: 'amount', amount: 2_00 }, 5_000);
    expect(r.totals).toEqual([7_71, 4_29]);
    expect(r.discounts).toEqual([2_29, 71]);
    expect(r.totals.reduce((a, b) => a + b, 0)).toBe(12_00);
  });

  it('needs a manager when a line comes down by more than the limit, its own and the cart’s together', () => {
    // limit 10%: 5% off the line and 6% off the cart is 10.7% of the $10.00 line
    expect(discountLines([10_00], [{ kind: 'percent', bp: 500 }], undefined, 1_000).needsManager).toBe(false);
    expect(discountLines([10_00], [{ kind: 'percent', bp: 500 }], { kind: 'percent', bp: 600 }, 1_000).needsManager).toBe(true);
    expect(discountLines([10_00], [undefined], undefined, 0).needsManager).toBe(false);
    // exactly the limit off the cart: the cent the spreading rounds onto one line is not past it
    const atLimit = discountLines([1_99, 2_49], [undefined, undefined], { kind: 'percent', bp: 1_000 }, 1_000);
    expect(atLimit.discounts).toEqual([20, 25]);
    expect(atLimit.needsManager).toBe(false);
    expect(discountLines([1_99, 2_49], [undefined, undefined], { kind: 'percent', bp: 1_100 }, 1_000).needsManager).toBe(true);
  });

  it('refuses a discount past 100% of a line or the cart, or more than the cart', () => {
    expect(() => discountLines([10_00], [{ kind: 'percent', bp: 10_001 }], undefined, 1_000)).toThrow(/100%/);
    expect(() => discountLines([10_00], [undefined], { kind: 'amount', amount: 10_01 }, 1_000)).toThrow(/more than/);
  });

  it('never takes a line below zero, and the parts always add up to the shelf totals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ total: fc.integer({ min: 0, max: 1_000_000 }), bp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }) }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 10_000 }),
        (lines, cartBp) => {
          const r = discountLines(
            lines.map((l) => l.total),
            lines.map((l) => (l.bp === undefined ? undefined : l.bp % 2 === 0 ? { kind: 'percent' as const, bp: l.bp } : { kind: 'amount' as const, amount: Math.floor((l.total * l.bp) / 10_000) })),
            { kind: 'percent', bp: cartBp },
            1_000,
          );
          // an independent oracle: what each line comes to is never below zero nor above its shelf total, and the
          // cart's percentage of what the lines came to after their own discounts is what the spreading took in all
          const afterOwn = lines.map((l) => (l.bp === undefined ? l.total : l.bp % 2 === 0 ? l.total - Math.round((l.total * l.bp) / 10_000) : l.total - Math.floor((l.total * l.bp) / 10_000)));
          const cartOff = Math.round((afterOwn.reduce((a, b) => a + b, 0) * cartBp) / 10_000);
          r.totals.forEach((t, i) => {
            expect(t).toBeGreaterThanOrEqual(0);
            expect(t).toBeLessThanOrEqual(lines[i]?.total ?? 0);
          });
          expect(afterOwn.reduce((a, b) => a + b, 0) - r.totals.reduce((a, b) => a + b, 0)).toBe(cartOff);
        },
      ),
    );
  });
});
