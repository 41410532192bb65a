import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moveSerial, type SerialEvent, type SerialPlace } from './serials';

const nowhere: SerialPlace = { at: 'nowhere' };

describe('serial numbers', () => {
  it('follows one unit from receipt through a transfer to a sale and a return', () => {
    let p = moveSerial('SN1', nowhere, { kind: 'receive', locationId: 'wh' });
    p = moveSerial('SN1', p, { kind: 'dispatch', from: 'wh', to: 'hamra' });
    p = moveSerial('SN1', p, { kind: 'arrive', locationId: 'hamra' });
    p = moveSerial('SN1', p, { kind: 'sell', locationId: 'hamra', saleId: 's1' });
    expect(p).toEqual({ at: 'customer', saleId: 's1' });
    expect(moveSerial('SN1', p, { kind: 'return', locationId: 'hamra', saleId: 's1' })).toEqual({ at: 'shelf', locationId: 'hamra' });
  });

  it('refuses selling it twice, selling it where it is not, and receiving it while it is somewhere', () => {
    const sold: SerialPlace = { at: 'customer', saleId: 's1' };
    expect(() => moveSerial('SN1', sold, { kind: 'sell', locationId: 'hamra', saleId: 's2' })).toThrow(/is sold \(sale s1\): it cannot be sold/);
    expect(() => moveSerial('SN1', { at: 'shelf', locationId: 'wh' }, { kind: 'sell', locationId: 'hamra', saleId: 's2' })).toThrow(/on the shelf at wh/);
    expect(() => moveSerial('SN1', { at: 'shelf', locationId: 'wh' }, { kind: 'receive', locationId: 'hamra' })).toThrow(/received again/);
    expect(() => moveSerial('SN1', sold, { kind: 'return', locationId: 'hamra', saleId: 's9' })).toThrow(/returned against sale s9/);
    expect(() => moveSerial('SN1', { at: 'shelf', locationId: 'wh' }, { kind: 'dispatch', from: 'wh', to: 'wh' })).toThrow(/another location/);
  });

  it('is in exactly one place after any sequence of events, whatever is refused (property)', () => {
    const loc = fc.constantFrom('wh', 'hamra', 'jounieh');
    const sale = fc.constantFrom('s1', 's2');
    const event: fc.Arbitrary<SerialEvent> = fc.oneof(
      fc.record({ kind: fc.constant('receive' as const), locationId: loc }),
      fc.record({ kind: fc.constant('sell' as const), locationId: loc, saleId: sale }),
      fc.record({ kind: fc.constant('return' as const), locationId: loc, saleId: sale }),
      fc.record({ kind: fc.constant('dispatch' as const), from: loc, to: loc }),
      fc.record({ kind: fc.constant('arrive' as const), locationId: loc }),
      fc.record({ kind: fc.constant('write_off' as const), locationId: loc }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        // An independent count of where the unit is: shelves, transit and customers, one counter each.
        let place: SerialPlace = nowhere;
        let sales = 0;
        for (const e of events) {
          try {
            place = moveSerial('SN', place, e);
            if (e.kind === 'sell') sales++;
            if (e.kind === 'return') sales--;
          } catch {
            // refused: nothing moved
          }
          expect(sales === 0 || sales === 1).toBe(true); // never sold twice without a return between
          expect(sales === 1).toBe(place.at === 'customer');
        }
      }),
    );
  });
});
