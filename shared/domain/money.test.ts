import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors';
import { MAX_MONEY_MINOR, lineTotal, parseMoney, sumMoney } from './money';
import { MAX_QTY_MILLI } from './quantity';

/**
 * Reference by a different method than lineTotal's: the exact product written out in decimal digits, the last
 * three of which are the fraction of a minor unit; round away from zero when the first of them is 5 or more.
 * (lineTotal adds half the divisor and divides: a wrong divisor, a wrong rounding direction or an off-by-one
 * in the half shows up as a disagreement here.)
 */
function reference(price: number, qty: number): bigint {
  const product = BigInt(price) * BigInt(qty);
  const negative = product < 0n;
  const digits = (negative ? -product : product).toString().padStart(4, '0');
  const whole = BigInt(digits.slice(0, -3));
  const firstFractionDigit = Number(digits.at(-3));
  const rounded = firstFractionDigit >= 5 ? whole + 1n : whole;
  return negative ? -rounded : rounded;
}

describe('money', () => {
  it('computes line totals exactly, matching a BigInt reference, even for large LBP prices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), fc.integer({ min: -MAX_QTY_MILLI / 100, max: MAX_QTY_MILLI / 100 }), (price, qty) => {
        const expected = reference(price, qty);
        if (expected > BigInt(MAX_MONEY_MINOR) || expected < -BigInt(MAX_MONEY_MINOR)) {
          expect(() => lineTotal(price, qty)).toThrow(DomainError);
        } else {
          expect(lineTotal(price, qty)).toBe(Number(expected));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds half away from zero', () => {
    expect(lineTotal(199, 1250)).toBe(249); // 248.75
    expect(lineTotal(1, 500)).toBe(1); // 0.5
    expect(lineTotal(1, -500)).toBe(-1);
    expect(lineTotal(1, 499)).toBe(0);
    expect(lineTotal(89_500, 3000)).toBe(268_500);
  });

  it('parses amounts with the currency\'s decimals and refuses more', () => {
    expect(parseMoney('12.50', 'USD')).toBe(1250);
    expect(parseMoney('89,500', 'LBP')).toBe(89_500);
    expect(parseMoney('1.234', 'JOD')).toBe(1234);
    // a decimal comma is a decimal comma, not a thousands separator dropped on the way (issue 7 item 3)
    expect(parseMoney('10,50', 'USD')).toBe(1050);
    expect(parseMoney('1,050.00', 'USD')).toBe(105_000);
    for (const [text, cur] of [['1.234', 'USD'], ['1.5', 'LBP'], ['abc', 'USD'], ['', 'USD']] as const) {
      expect(() => parseMoney(text, cur)).toThrow(DomainError);
    }
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
      const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      expect(parseMoney(text, 'USD')).toBe(cents);
    }));
  });

  it('sums exactly and refuses sums beyond the safe range', () => {
    // Oracle: the exact sum in BigInt, so the range check is tested too (amounts large enough to overflow it).
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: MAX_MONEY_MINOR / 4 })), { maxLength: 12 }), (xs) => {
      const exact = xs.reduce((a, b) => a + BigInt(b), 0n);
      if (exact > BigInt(MAX_MONEY_MINOR)) expect(() => sumMoney(xs)).toThrow(DomainError);
      else expect(BigInt(sumMoney(xs))).toBe(exact);
    }));
    expect(() => sumMoney([MAX_MONEY_MINOR, 1])).toThrow(DomainError);
    expect(() => lineTotal(1.5, 1000)).toThrow(DomainError);
  });
});
