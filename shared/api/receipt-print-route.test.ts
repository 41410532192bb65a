import { describe, expect, it } from 'vitest';
import { parseReceiptPrintHash, receiptPrintHash } from './receipt-print-route';

describe('the receipt print route', () => {
  it('reads back what it writes', () => {
    const route = { saleId: '01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7e', copy: true, widthDots: 576 };
    expect(receiptPrintHash(route)).toBe('#print-receipt?sale=01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7e&copy=1&width=576');
    expect(parseReceiptPrintHash(receiptPrintHash(route))).toEqual(route);
  });
  it('is not a route for the till’s own page, a malformed id or an absurd width', () => {
    expect(parseReceiptPrintHash('')).toBeNull();
    expect(parseReceiptPrintHash('#checkout')).toBeNull();
    expect(parseReceiptPrintHash('#print-receipt?sale=x&width=576')).toBeNull();
    expect(parseReceiptPrintHash('#print-receipt?sale=01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7e&width=99999')).toBeNull();
    expect(parseReceiptPrintHash('#print-receipt?sale=01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7e&width=57.5')).toBeNull();
  });
});
