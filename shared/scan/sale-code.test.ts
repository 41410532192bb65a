import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSaleCode, saleCode, SALE_CODE_LENGTH } from './sale-code';
import { parseTransferCode, transferCode } from './transfer-code';

describe('the sale code on a receipt', () => {
  it('is "80", the id as 39 digits and a GS1 check digit', () => {
    // by hand: data "80" + 38 zeros + "1"; weights from the right 3,1,3...: 1×3 + 8×3 (the 41st digit) = 27, check 3
    const id = '00000000-0000-0000-0000-000000000001';
    expect(saleCode(id)).toBe(`80${'0'.repeat(38)}1` + '3');
    expect(saleCode(id)).toHaveLength(SALE_CODE_LENGTH);
  });

  it('reads back to its sale id, for any id', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(parseSaleCode(saleCode(id))).toBe(id.toLowerCase());
      }),
    );
  });

  it('is never read as a transfer code, nor a transfer code as a sale code', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(parseTransferCode(saleCode(id))).toBeNull();
        expect(parseSaleCode(transferCode(id))).toBeNull();
      }),
    );
  });

  it('refuses a misread digit, a product barcode and an id that is not a UUID', () => {
    const code = saleCode('0190f3a2-7c1e-7d2a-9b3c-4d5e6f708192');
    const last = Number(code.slice(-1));
    expect(parseSaleCode(code.slice(0, -1) + String((last + 1) % 10))).toBeNull();
    expect(parseSaleCode('5901234123457')).toBeNull();
    expect(() => saleCode('not-a-uuid')).toThrow(/UUID/);
  });
});
