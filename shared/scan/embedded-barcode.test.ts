import { describe, expect, it } from 'vitest';
import { assertEmbeddedFormat, readEmbedded, type EmbeddedFormat } from './embedded-barcode';

const weight: EmbeddedFormat = { prefix: '21', pattern: 'PPIIIIIVVVVVC', value: 'weight' };
const price: EmbeddedFormat = { prefix: '22', pattern: 'PPIIIIXVVVVVC', value: 'price' };

describe('scale labels (GS1 prefixes 20-29)', () => {
  it('reads the item code and the weight in grams', () => {
    // 21 | 00423 | 01250 | 0 : item 00423, 1.250 kg
    expect(readEmbedded('2100423012500', [weight, price])).toEqual({ itemCode: '00423', value: 1_250, kind: 'weight' });
  });

  it('reads a price label, skipping the price check digit', () => {
    // 22 | 0042 | 3 | 00450 | 2 : item 0042, $4.50
    expect(readEmbedded('2200423004502', [weight, price])).toEqual({ itemCode: '0042', value: 450, kind: 'price' });
  });

  it('does not read a code outside the formats, or one with a wrong check digit', () => {
    expect(readEmbedded('6221000000010', [weight, price])).toBeNull(); // an ordinary EAN-13
    expect(readEmbedded('2100423012501', [weight])).toBeNull(); // check digit off by one
    expect(readEmbedded('2300423012509', [weight, price])).toBeNull(); // prefix 23 not set up
  });

  it('refuses a format that cannot be read', () => {
    expect(() => assertEmbeddedFormat({ prefix: '31', pattern: 'PPIIIIIVVVVVC', value: 'weight' })).toThrow(/20 to 29/);
    expect(() => assertEmbeddedFormat({ prefix: '21', pattern: 'PPIIIIIVVVVV', value: 'weight' })).toThrow(/13 letters/);
    expect(() => assertEmbeddedFormat({ prefix: '21', pattern: 'PPIIIIIVVVVCV', value: 'weight' })).toThrow(/ends with/);
    expect(() => assertEmbeddedFormat({ prefix: '21', pattern: 'PPIIIIIIIIIIC', value: 'weight' })).toThrow(/value digits/);
    expect(() => assertEmbeddedFormat(weight)).not.toThrow();
  });
});
