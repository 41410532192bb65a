import { describe, expect, it } from 'vitest';
import { assertPacks, packBarcodeSchema, packsToMilli, scanLine } from './packs';

const CAN = '6221000000010';
const CASE = '6221000000027';
const chickpeas = { unit: 'each' as const, price: 89, barcodes: [CAN], packs: [{ barcode: CASE, units: 24, price: 1_999 }] };

describe('packs and units', () => {
  it('adds a whole case for its barcode, at the case price, and one can for the can', () => {
    expect(scanLine(chickpeas, CASE)).toEqual({ qty: 24_000, total: 1_999, pack: chickpeas.packs[0] });
    expect(scanLine(chickpeas, CAN)).toEqual({ qty: 1_000, total: 89, pack: null });
    expect(scanLine(chickpeas, '9622100000004')).toBeNull();
  });

  it('prices a case without its own price at units times the unit price', () => {
    const noCasePrice = { ...chickpeas, packs: [{ barcode: CASE, units: 24, price: null }] };
    expect(scanLine(noCasePrice, CASE)?.total).toBe(24 * 89);
  });

  it('receives cases as units and refuses a negative, zero, fractional or weighed pack', () => {
    expect(packsToMilli(3, 12, 'each')).toBe(36_000);
    expect(() => packsToMilli(1, -24, 'each')).toThrow(/whole number of units/);
    expect(() => packsToMilli(1, 0, 'each')).toThrow();
    expect(() => packsToMilli(1, 2.5, 'each')).toThrow();
    expect(() => packsToMilli(0, 24, 'each')).toThrow(/whole and positive/);
    expect(() => packsToMilli(1, 10, 'kg')).toThrow(/not packed/);
    expect(packBarcodeSchema.safeParse({ barcode: CASE, units: -24, price: null }).success).toBe(false);
    expect(packBarcodeSchema.safeParse({ barcode: '6221000000021', units: 24, price: null }).success).toBe(false); // bad check digit
  });

  it('refuses a pack barcode that repeats a unit barcode', () => {
    expect(() => assertPacks([CAN], [{ barcode: CAN, units: 24, price: null }])).toThrow(/listed twice/);
    expect(() => assertPacks([CAN], chickpeas.packs)).not.toThrow();
  });
});
