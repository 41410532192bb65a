import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors';
import { MAX_QTY_MILLI, addQty, assertMilli, formatQuantity, fromUnits, parseQuantity, sumQty } from './quantity';

const milli = fc.integer({ min: -MAX_QTY_MILLI, max: MAX_QTY_MILLI });
const code = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'not a DomainError';
  }
};

describe('quantities in milli-units', () => {
  it('formats and parses back to the same integer', () => {
    fc.assert(fc.property(milli, (q) => {
      expect(parseQuantity(formatQuantity(q))).toBe(q);
    }));
  });

  it('formats as the digits say: whole units, then up to three decimals without trailing zeros', () => {
    // Built from the decimal digits of the integer, not by the formatter's arithmetic: a wrong scale that
    // parse and format share would pass the round trip above but not this.
    fc.assert(fc.property(milli, (q) => {
      const digits = String(Math.abs(q)).padStart(4, '0');
      const whole = String(Number(digits.slice(0, -3)));
      const fraction = digits.slice(-3).replace(/0+$/, '');
      expect(formatQuantity(q)).toBe(`${q < 0 ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`);
    }));
  });

  it('parses any decimal of at most 3 places exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 3 }), (whole, frac, places) => {
        const fracText = String(frac).padStart(3, '0').slice(0, places);
        const text = places === 0 ? String(whole) : `${whole}.${fracText}`;
        expect(parseQuantity(text)).toBe(whole * 1000 + Number(fracText.padEnd(3, '0')));
      }),
    );
  });

  it('refuses NaN, infinities, more than 3 decimals, garbage and out-of-range values', () => {
    for (const text of ['NaN', 'Infinity', '-Infinity', '1.2345', '0.0001', '', 'abc', '1e3', '1,5', '10000000000000', '1..2']) {
      expect(code(() => parseQuantity(text)), text).toBe('INVALID_QUANTITY');
    }
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, 1.2345, 0.0005]) expect(code(() => fromUnits(n)), String(n)).toBe('INVALID_QUANTITY');
    for (const v of [Number.NaN, 1.5, MAX_QTY_MILLI + 1, -MAX_QTY_MILLI - 1, '5', null]) expect(code(() => assertMilli(v))).toBe('INVALID_QUANTITY');
    fc.assert(
      fc.property(fc.double({ noNaN: false }).filter((d) => !Number.isSafeInteger(d) || Math.abs(d) > MAX_QTY_MILLI), (d) => {
        expect(code(() => assertMilli(d))).toBe('INVALID_QUANTITY');
      }),
    );
  });

  it('converts whole units of up to 3 decimals without float drift', () => {
    fc.assert(fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (q) => {
      expect(fromUnits(q / 1000)).toBe(q);
    }));
  });

  it('adds exactly: a thousand sales of 0.1 kg are 100 kg', () => {
    expect(sumQty(Array.from({ length: 1000 }, () => 100))).toBe(100_000);
    fc.assert(
      fc.property(milli, milli, (a, b) => {
        const exact = a + b;
        if (Math.abs(exact) > MAX_QTY_MILLI) expect(code(() => addQty(a, b))).toBe('INVALID_QUANTITY');
        else expect(addQty(a, b)).toBe(exact);
      }),
    );
  });

  it('never formats -0 or trailing zeros', () => {
    expect(formatQuantity(0)).toBe('0');
    expect(formatQuantity(1250)).toBe('1.25');
    expect(formatQuantity(-500)).toBe('-0.5');
    expect(formatQuantity(3000, 2)).toBe('3.00');
    expect(Object.is(parseQuantity('-0'), -0)).toBe(false);
  });
});
