import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fefoOrder, lotsToQuarantine, takeFefo, type LotLevel } from './lots';

const lot = (name: string, expiry: string | null, qty: number, onHold = false): LotLevel => ({ lot: name, expiry, qty, onHold });
const today = '2026-12-02';

describe('lots, first expired first out', () => {
  it('takes the earliest expiry first, across lots, never an expired lot or one on hold', () => {
    const lots = [lot('C', '2027-02-01', 5_000), lot('A', '2026-12-10', 2_000), lot('OLD', '2026-12-01', 9_000), lot('R', '2026-12-05', 9_000, true), lot('N', null, 9_000)];
    expect(takeFefo(lots, 4_000, today)).toEqual([
      { lot: 'A', qty: 2_000 },
      { lot: 'C', qty: 2_000 },
    ]);
    // a lot expiring today is still sold today
    expect(takeFefo([lot('T', today, 1_000)], 1_000, today)).toEqual([{ lot: 'T', qty: 1_000 }]);
    expect(takeFefo(lots, 16_000, today).at(-1)).toEqual({ lot: 'N', qty: 9_000 });
  });

  it('refuses a sale the sellable lots cannot cover, saying how much can be sold', () => {
    expect(() => takeFefo([lot('OLD', '2026-11-30', 5_000), lot('A', '2027-01-01', 1_000)], 2_000, today)).toThrow(/only 1 can be sold/);
  });

  it('sends expired lots with stock to quarantine', () => {
    expect(lotsToQuarantine([lot('OLD', '2026-12-01', 3_000), lot('EMPTY', '2026-11-01', 0), lot('A', '2027-01-01', 1_000)], today).map((l) => l.lot)).toEqual(['OLD']);
  });

  it('takes exactly the sale, never from a later lot while an earlier sellable one has stock (property)', () => {
    const arbLot = fc.record({
      lot: fc.string({ minLength: 1, maxLength: 4 }),
      expiry: fc.option(fc.date({ min: new Date('2026-11-01'), max: new Date('2027-06-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null }),
      qty: fc.integer({ min: 0, max: 20 }).map((n) => n * 1000),
      onHold: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbLot, { selector: (l) => l.lot, maxLength: 8 }), fc.integer({ min: 1, max: 60 }).map((n) => n * 1000), (lots, qty) => {
        const sellable = fefoOrder(lots).filter((l) => !l.onHold && l.qty > 0 && (l.expiry === null || l.expiry >= today));
        const total = sellable.reduce((a, l) => a + l.qty, 0);
        if (total < qty) {
          expect(() => takeFefo(lots, qty, today)).toThrow();
          return;
        }
        const takes = takeFefo(lots, qty, today);
        expect(takes.reduce((a, t) => a + t.qty, 0)).toBe(qty);
        // every lot but the last taken is emptied, and the taken lots are a prefix of the sellable ones in expiry order
        takes.forEach((t, i) => {
          expect(t.lot).toBe(sellable[i]?.lot);
          if (i < takes.length - 1) expect(t.qty).toBe(sellable[i]?.qty);
        });
      }),
    );
  });
});
