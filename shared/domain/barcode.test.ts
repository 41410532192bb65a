import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkBarcode, gs1CheckDigit, gs1Kind, isValidGs1, withCheckDigit } from './barcode';

const digits = (n: number): fc.Arbitrary<string> => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

describe('GS1 barcodes', () => {
  it('knows real codes', () => {
    expect(isValidGs1('4006381333931')).toBe(true); // EAN-13
    expect(isValidGs1('73513537')).toBe(true); // EAN-8
    expect(isValidGs1('036000291452')).toBe(true); // UPC-A
    expect(gs1Kind('5281234567890')).toBe('EAN-13');
    // Check digits worked out by hand: 5,2,8,0,0,0,0,0,0,0,0,1 weighted 1,3,1,3… from the left of a 12-digit
    // body (3,1,3,1… from the right) sum to 5+6+8+0+…+0+3 = 22, so the check digit is 8.
    expect(gs1CheckDigit('528000000001')).toBe(8);
    expect(gs1CheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gs1CheckDigit('7351353')).toBe(7); // EAN-8 73513537
    expect(gs1CheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gs1CheckDigit('1234567890123')).toBe(1); // GTIN-14 12345678901231
    expect(isValidGs1('12345678901231')).toBe(true);
  });

  it('computes the GS1 mod-10 check digit as the standard defines it', () => {
    // Independent of barcode.ts: weights 3 and 1 alternating from the rightmost body digit; the check digit
    // brings the weighted sum up to a multiple of ten.
    const standard = (body: string): number => {
      let sum = 0;
      [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
      return (10 - (sum % 10)) % 10;
    };
    fc.assert(fc.property(fc.constantFrom(7, 11, 12, 13).chain(digits), (body) => {
      expect(gs1CheckDigit(body)).toBe(standard(body));
      for (let d = 0; d <= 9; d++) expect(isValidGs1(`${body}${d}`)).toBe(d === standard(body));
    }));
  });

  it('accepts every body with its check digit, for every GS1 length', () => {
    fc.assert(fc.property(fc.constantFrom(7, 11, 12, 13).chain(digits), (body) => {
      expect(checkBarcode(withCheckDigit(body))).toMatchObject({ ok: true });
    }));
  });

  it('catches every single-digit misread and every adjacent transposition of different digits (except the 5-apart blind spot of weights 3,1)', () => {
    fc.assert(
      fc.property(digits(12), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (body, pos, shift) => {
        const code = withCheckDigit(body);
        const wrong = code.slice(0, pos) + String((Number(code[pos]) + shift) % 10) + code.slice(pos + 1);
        expect(isValidGs1(wrong)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(digits(12), fc.integer({ min: 0, max: 11 }), (body, pos) => {
        const code = withCheckDigit(body);
        const a = Number(code[pos]);
        const b = Number(code[pos + 1]);
        fc.pre(a !== b && Math.abs(a - b) !== 5);
        const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
        expect(isValidGs1(swapped)).toBe(false);
      }),
    );
  });

  it('lets printable in-store codes through and refuses junk', () => {
    expect(checkBarcode('PLU-PRO-000001')).toEqual({ ok: true, code: 'PLU-PRO-000001', kind: 'CODE-128' });
    expect(checkBarcode('  4006381333931 ')).toMatchObject({ ok: true, code: '4006381333931' });
    for (const bad of ['', '   ', '12345', '4006381333932', 'with space', 'é', 'x'.repeat(49)]) expect(checkBarcode(bad).ok, bad).toBe(false);
  });
});
