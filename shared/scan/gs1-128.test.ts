import { describe, expect, it } from 'vitest';
import { looksLikeGs1_128, readGs1_128 } from './gs1-128';

describe('GS1-128 case labels', () => {
  it('reads the GTIN, the expiry and the lot, in any order, the lot ended by a group separator', () => {
    expect(readGs1_128('010622100000001017270331' + '10LOT42A')).toEqual({ gtin: '6221000000010', lot: 'LOT42A', expiry: '2027-03-31', other: {} });
    expect(readGs1_128('01062210000000101' + '0LOT42A\u001d17270300')).toMatchObject({ lot: 'LOT42A', expiry: '2027-03-31' }); // day 00: end of month
    expect(readGs1_128(']C1010622100000001010LOT7<GS>17280229')).toMatchObject({ lot: 'LOT7', expiry: '2028-02-29' });
  });

  it('keeps other identifiers it does not use', () => {
    expect(readGs1_128('01062210000000103712\u001d10L1').other).toEqual({ '37': '12' });
  });

  it('refuses a wrong GTIN check digit, an impossible date, an unknown identifier and a truncated field', () => {
    expect(() => readGs1_128('010622100000001117270331')).toThrow(/check digit/);
    expect(() => readGs1_128('010622100000001017271331')).toThrow(/no month 13/);
    expect(() => readGs1_128('010622100000001017270230')).toThrow(/no day 30/);
    expect(() => readGs1_128('0106221000000010991234')).toThrow(/unknown application identifier/);
    expect(() => readGs1_128('01062210000000')).toThrow(/14 digits/);
  });

  it('tells a case label from an ordinary barcode', () => {
    expect(looksLikeGs1_128('010622100000001010LOT')).toBe(true);
    expect(looksLikeGs1_128('6221000000010')).toBe(false);
  });
});
