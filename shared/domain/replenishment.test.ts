import { describe, expect, it } from 'vitest';
import { addDays, assertPoTransition, draftLine, needsReorder, overReceiptNeedsManager, statusAfterReceipt, suggestedReorderPoint } from './replenishment';

const base = { available: 10_000, onOrder: 0, reorderPoint: 12_000, reorderQty: 50_000, packUnits: 24, leadTimeDays: 5, openPoExists: false };

describe('replenishment', () => {
  it('reorders when available plus on order is at or below the point, in whole supplier packs, expected after the lead time', () => {
    expect(draftLine(base, '2026-12-02')).toEqual({ qty: 72_000, packs: 3, expected: '2026-12-07' }); // 50 units → 3 cases of 24
    expect(needsReorder({ available: 12_000, onOrder: 0, reorderPoint: 12_000 })).toBe(true);
    expect(needsReorder({ available: 10_000, onOrder: 3_000, reorderPoint: 12_000 })).toBe(false); // on order counts
    expect(needsReorder({ available: -5_000, onOrder: 0, reorderPoint: 0 })).toBe(false); // point 0: never
  });

  it('never drafts a second line while an open PO for the product and location exists', () => {
    expect(draftLine({ ...base, openPoExists: true }, '2026-12-02')).toBeNull();
  });

  it('suggests a point from demand, lead time and safety stock', () => {
    // 7 days of 2, 4, 2, 4, 2, 4, 3 units: mean 3, σ ≈ 0.9258; 5 days lead: 15 + 1.65 × 0.9258 × √5 = 18.42 → 19 units
    const demand = [2, 4, 2, 4, 2, 4, 3].map((u) => u * 1000);
    expect(suggestedReorderPoint(demand, 5)).toBe(19_000);
    expect(suggestedReorderPoint([], 5)).toBe(0);
    expect(suggestedReorderPoint([3_000, 3_000], 4)).toBe(12_000); // steady demand: no safety stock needed
  });

  it('follows the PO lifecycle and the over-receipt tolerance', () => {
    expect(() => assertPoTransition('draft', 'sent')).not.toThrow();
    expect(() => assertPoTransition('received', 'partial')).toThrow(/cannot become partial/);
    expect(() => assertPoTransition('cancelled', 'sent')).toThrow();
    expect(statusAfterReceipt([{ ordered: 24_000, received: 24_000 }, { ordered: 12_000, received: 6_000 }])).toBe('partial');
    expect(statusAfterReceipt([{ ordered: 24_000, received: 25_000 }])).toBe('received');
    // 5% tolerance on 100 units: 105 is fine, 106 needs a manager
    expect(overReceiptNeedsManager(100_000, 60_000, 45_000, 500)).toBe(false);
    expect(overReceiptNeedsManager(100_000, 60_000, 46_000, 500)).toBe(true);
    expect(addDays('2026-12-30', 5)).toBe('2027-01-04');
    expect(() => addDays('2026-12-30', -1)).toThrow();
  });
});
