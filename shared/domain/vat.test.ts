import { describe, expect, it } from 'vitest';
import { vatSummary } from './vat';

describe('VAT on a receipt', () => {
  it('takes 11% out of tax-inclusive prices, per rate, with exempt goods apart', () => {
    // $11.10 of standard-rated goods: net 10.00, VAT 1.10; $3.00 of bread, exempt
    expect(vatSummary([{ total: 5_55, rateBp: 1100 }, { total: 5_55, rateBp: 1100 }, { total: 3_00, rateBp: 0 }], true)).toEqual({
      rows: [
        { rateBp: 1100, net: 10_00, vat: 1_10, gross: 11_10 },
        { rateBp: 0, net: 3_00, vat: 0, gross: 3_00 },
      ],
      net: 13_00,
      vat: 1_10,
      gross: 14_10,
    });
  });

  it('adds 11% on top of tax-exclusive prices', () => {
    expect(vatSummary([{ total: 10_00, rateBp: 1100 }], false).rows).toEqual([{ rateBp: 1100, net: 10_00, vat: 1_10, gross: 11_10 }]);
  });

  it('rounds VAT once per rate, not per line (three 0.33 lines: 0.11, not 3 × 0.03 = 0.09)', () => {
    // 3 × 0.33 = 0.99 net at 11% = 0.1089 → 0.11; per line 0.0363 → 0.04 each would give 0.12, and 0.03 each 0.09
    expect(vatSummary([{ total: 33, rateBp: 1100 }, { total: 33, rateBp: 1100 }, { total: 33, rateBp: 1100 }], false).vat).toBe(11);
  });

  it('refuses a rate below 0% or above 100%, or not whole', () => {
    expect(() => vatSummary([{ total: 100, rateBp: -1 }], true)).toThrow(/basis points/);
    expect(() => vatSummary([{ total: 100, rateBp: 10_001 }], true)).toThrow();
    expect(() => vatSummary([{ total: 100, rateBp: 11.5 }], true)).toThrow();
  });
});
