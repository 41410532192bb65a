import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTransferCode, transferCode, transferLabel, TRANSFER_CODE_LENGTH } from './transfer-code';

describe('transfer codes on delivery notes', () => {
  it('write a UUID as 40 digits and read it back', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const code = transferCode(id);
        expect(code).toMatch(/^\d{40}$/);
        expect(parseTransferCode(code)).toBe(id.toLowerCase());
      }),
    );
  });

  it('pins the encoding: the all-ones UUID is 2^128 - 1 in decimal, then its check digit', () => {
    // 2^128 - 1 = 340282366920938463463374607431768211455 (39 digits); GS1 check of it worked by hand: 5.
    expect(transferCode('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe('3402823669209384634633746074317682114555');
    expect(transferCode('00000000-0000-0000-0000-000000000001')).toBe(`${'0'.repeat(38)}1` + '7');
  });

  it('refuses a misread digit, a wrong length, letters and product barcodes', () => {
    const code = transferCode('0191c6a2-7b3e-7c1d-9f00-1234567890ab');
    const flipped = code.slice(0, 10) + String((Number(code[10]) + 1) % 10) + code.slice(11);
    expect(parseTransferCode(flipped)).toBeNull();
    expect(parseTransferCode(code.slice(1))).toBeNull();
    expect(parseTransferCode(`${code.slice(0, -2)}a${code.slice(-1)}`)).toBeNull();
    expect(parseTransferCode('5901234123457')).toBeNull();
    expect(parseTransferCode('9'.repeat(TRANSFER_CODE_LENGTH))).toBeNull();
    expect(() => transferCode('not-a-uuid')).toThrow(/UUID/);
  });

  it('labels a transfer by the last 8 hex digits of its id', () => {
    expect(transferLabel('0191c6a2-7b3e-7c1d-9f00-1234567890ab')).toBe('T-5678-90AB');
  });
});
