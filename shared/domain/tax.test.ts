import { describe, expect, it } from 'vitest';
import { DEFAULT_TAX, lockedVatSchema, rateOfClass, taxSettingsSchema } from './tax';
import { salePayload } from '../ops/operations';

/** The tax settings and the locked VAT at the boundaries (issue 11): what is accepted, and bad input refused. */
describe('tax settings', () => {
  it('a product takes its own class, or the default when it names none; an unknown class is refused', () => {
    expect(rateOfClass(DEFAULT_TAX, 'exempt')).toBe(0);
    expect(rateOfClass(DEFAULT_TAX, undefined)).toBe(1100);
    expect(rateOfClass(DEFAULT_TAX, null)).toBe(1100);
    expect(() => rateOfClass(DEFAULT_TAX, 'luxury')).toThrow(/unknown tax class "luxury"/);
  });

  it('refuses a rate below 0% or above 100%, a class named twice, a default that is not a class', () => {
    const classes = (rateBp: number) => ({ pricesIncludeTax: true, defaultClass: 'standard', classes: [{ code: 'standard', rateBp }] });
    expect(taxSettingsSchema.safeParse(classes(10_000)).success).toBe(true);
    expect(taxSettingsSchema.safeParse(classes(0)).success).toBe(true);
    expect(taxSettingsSchema.safeParse(classes(-1)).success).toBe(false);
    expect(taxSettingsSchema.safeParse(classes(10_001)).success).toBe(false);
    expect(taxSettingsSchema.safeParse(classes(11.5)).success).toBe(false);
    expect(taxSettingsSchema.safeParse({ ...DEFAULT_TAX, classes: [...DEFAULT_TAX.classes, { code: 'exempt', rateBp: 5 }] }).success).toBe(false);
    expect(taxSettingsSchema.safeParse({ ...DEFAULT_TAX, defaultClass: 'reduced' }).success).toBe(false);
  });
});

describe('the VAT a sale locks', () => {
  const vat = { pricesIncludeTax: false, rows: [{ rateBp: 1100, net: 10_00, vat: 1_10, gross: 11_10 }], net: 10_00, vat: 1_10, gross: 11_10 };
  const sale = {
    saleId: '0190a0b2-7c3d-7e4f-8a5b-000000000030',
    currency: 'USD',
    lines: [{ lineId: '0190a0b2-7c3d-7e4f-8a5b-000000000031', productId: '0190a0b2-7c3d-7e4f-8a5b-000000000032', qty: 1000, unitPrice: 10_00, total: 10_00 }],
    tenders: [{ method: 'cash', amount: 20_00 }],
    total: 11_10,
    change: 8_90,
  };

  it('must add up, per rate and in total', () => {
    expect(lockedVatSchema.safeParse(vat).success).toBe(true);
    expect(lockedVatSchema.safeParse({ ...vat, rows: [{ ...vat.rows[0], gross: 11_11 }] }).success).toBe(false);
    expect(lockedVatSchema.safeParse({ ...vat, vat: 1_11, gross: 11_11 }).success).toBe(false);
  });

  it('on a sale op, its gross is the total; an op without VAT is valid as before', () => {
    expect(salePayload.safeParse({ ...sale, vat }).success).toBe(true);
    expect(salePayload.safeParse(sale).success).toBe(true);
    // the lines' sum charged while the VAT says net + VAT: refused
    expect(salePayload.safeParse({ ...sale, total: 10_00, change: 10_00, vat }).success).toBe(false);
  });
});
