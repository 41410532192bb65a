import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors';
import { MAX_MONEY_MINOR, lineTotal, parseMoney, sumMoney } from './money';
import { MAX_QTY_MILLI } from './quantity';

/** Reference: exact rational price × qty / 1000, rounded half away from zero, in BigInt. */
function reference(price: number, qty: number): bigint {
  const p = BigInt(price) * BigInt(qty);
  const abs = p < 0n ? -p : p;
  const q = abs / 1000n;
  const r = abs % 1000n;
  const rounded = r * 2n >= 1000n ? q + 1n : q;
  return p < 0n ? -rounded : rounded;
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
    for (const [text, cur] of [['1.234', 'USD'], ['1.5', 'LBP'], ['abc', 'USD'], ['', 'USD']] as const) {
      expect(() => parseMoney(text, cur)).toThrow(DomainError);
    }
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
      const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      expect(parseMoney(text, 'USD')).toBe(cents);
    }));
  });

  it('sums exactly and refuses sums beyond the safe range', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { maxLength: 50 }), (xs) => {
      expect(sumMoney(xs)).toBe(xs.reduce((a, b) => a + b, 0));
    }));
    expect(() => sumMoney([MAX_MONEY_MINOR, 1])).toThrow(DomainError);
    expect(() => lineTotal(1.5, 1000)).toThrow(DomainError);
  });
});
