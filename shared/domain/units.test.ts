import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors';
import { UNITS, convertQuantity, isFractionalUnit, type Unit } from './units';

describe('units of measure', () => {
  it('converts a case of 24 to 24 each and back', () => {
    expect(convertQuantity(2000, 'pack', 'each', 24)).toBe(48_000);
    expect(convertQuantity(48_000, 'each', 'pack', 24)).toBe(2000);
    expect(() => convertQuantity(5000, 'each', 'pack', 24)).toThrow(DomainError); // 5/24 of a case is not exact
    expect(() => convertQuantity(1000, 'pack', 'each')).toThrow(DomainError);
    expect(() => convertQuantity(1000, 'pack', 'each', 0)).toThrow(DomainError);
  });

  it('round-trips within a dimension when the result is exact', () => {
    const pairs: Array<[Unit, Unit]> = [['kg', 'g'], ['l', 'ml']];
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), ([big, small], q) => {
        const down = convertQuantity(q, big, small);
        expect(down).toBe(q * 1000);
        expect(convertQuantity(down, small, big)).toBe(q);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 }), fc.integer({ min: 0, max: 1_000_000 }), (packSize, packs) => {
        const each = convertQuantity(packs, 'pack', 'each', packSize);
        expect(convertQuantity(each, 'each', 'pack', packSize)).toBe(packs);
      }),
    );
  });

  it('refuses conversions across dimensions and ones that lose precision', () => {
    expect(() => convertQuantity(1000, 'kg', 'each')).toThrow(/cannot convert/);
    expect(() => convertQuantity(1000, 'l', 'g')).toThrow(DomainError);
    expect(() => convertQuantity(1, 'g', 'kg')).toThrow(DomainError); // 0.001 g is 0.000001 kg
    expect(convertQuantity(1000, 'g', 'kg')).toBe(1);
    for (const u of UNITS) expect(convertQuantity(1234, u, u, 6)).toBe(1234);
  });

  it('knows which units are weighed or poured', () => {
    expect(UNITS.filter(isFractionalUnit)).toEqual(['kg', 'g', 'l', 'ml']);
  });
});
