import type { ReceiptView } from '../../shared/api/branch-api';

type ReceiptLineView = ReceiptView['lines'][number];

/**
 * A completed receipt for tests: three milk at $1.50 paid with $5.00 cash, at Hamra on 2 December 2026 at 17:04
 * local time. A test overrides what it is about (the number, its status, the line's reversal).
 */
export function testReceipt(over: Partial<ReceiptView> = {}, line: Partial<ReceiptLineView> = {}): ReceiptView {
  return {
    saleId: '0190a0b2-7c3d-7e4f-8a5b-000000000030',
    number: 'T1-000123',
    occurredAt: new Date(2026, 11, 2, 17, 4).toISOString(),
    tillName: 'Till 1',
    storeName: 'Hamra',
    cashierName: 'Rania Haddad',
    currency: 'USD',
    lines: [
      {
        lineId: '0190a0b2-7c3d-7e4f-8a5b-000000000031',
        productId: '0190a0b2-7c3d-7e4f-8a5b-000000000020',
        sku: 'MLK-1',
        name: 'Milk',
        unit: 'each',
        qty: 3000,
        unitPrice: 1_50,
        total: 4_50,
        reversed: false,
        ...line,
      },
    ],
    tenders: [{ method: 'cash', amount: 5_00 }],
    total: 4_50,
    change: 50,
    customerContact: null,
    overrideReason: null,
    status: 'completed',
    ...over,
  };
}
