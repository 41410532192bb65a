import { describe, expect, it } from 'vitest';
import { parsePrintHash, printHash } from './print-route';

describe('the print routes', () => {
  it('read back what they write, for a receipt and a Z report', () => {
    const receipt = { paper: 'receipt', saleId: '01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7e', copy: true, widthDots: 576 } as const;
    expect(printHash(receipt)).toBe('#print-receipt?sale=01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7e&copy=1&width=576');
    expect(parsePrintHash(printHash(receipt))).toEqual(receipt);
    const z = { paper: 'z', shiftId: '01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7f', widthDots: 384 } as const;
    expect(printHash(z)).toBe('#print-z?shift=01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7f&width=384');
    expect(parsePrintHash(printHash(z))).toEqual(z);
  });
  it('are not a route for the till’s own page, a malformed id or an absurd width', () => {
    expect(parsePrintHash('')).toBeNull();
    expect(parsePrintHash('#checkout')).toBeNull();
    expect(parsePrintHash('#print-receipt?sale=x&width=576')).toBeNull();
    expect(parsePrintHash('#print-z?shift=x&width=576')).toBeNull();
    expect(parsePrintHash('#print-receipt?sale=01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7e&width=99999')).toBeNull();
    expect(parsePrintHash('#print-z?shift=01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7e&width=57.5')).toBeNull();
  });
});
