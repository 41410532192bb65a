import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_LEVEL, guardHolds, movementRule, type Level } from './movement';
import { assertOpen, expiryFor, fulfilMovements, isExpired, releaseMovements, reserveMovement, type Reservation } from './reservation';
import { naiveApply } from './test-support/naive-level';

const now = new Date('2026-12-02T10:00:00Z');
const open = (qty: number, expiresAt = '2026-12-02T12:00:00Z'): Reservation => ({ id: 'r1', locationId: 's', productId: 'p', qty, status: 'open', expiresAt });

describe('a reservation', () => {
  it('ends by fulfilment (on hand and reserved down), with what was not taken released', () => {
    let level: Level = { ...EMPTY_LEVEL, onHand: 10_000 };
    level = naiveApply(level, reserveMovement(4_000));
    expect(level).toEqual({ ...EMPTY_LEVEL, onHand: 10_000, reserved: 4_000 });
    for (const m of fulfilMovements(open(4_000), 3_000)) level = naiveApply(level, m);
    expect(level).toEqual({ ...EMPTY_LEVEL, onHand: 7_000, reserved: 0 });
  });

  it('is refused when available cannot cover it, counting what is already reserved and quarantined', () => {
    const level: Level = { onHand: 10_000, reserved: 6_000, inTransit: 5_000, quarantined: 1_000 };
    // available = 10 - 6 - 1 = 3; in transit does not count
    expect(guardHolds(level, movementRule(reserveMovement(3_000)).guard)).toBe(true);
    expect(guardHolds(level, movementRule(reserveMovement(3_001)).guard)).toBe(false);
  });

  it('lapses at its expiry, and an expired or unknown one cannot be fulfilled', () => {
    expect(isExpired(open(1_000, '2026-12-02T10:00:00Z'), now)).toBe(true);
    expect(isExpired(open(1_000, '2026-12-02T10:00:01Z'), now)).toBe(false);
    expect(() => assertOpen(open(1_000, '2026-12-02T09:00:00Z'), 'r1', now)).toThrow(/expired/);
    expect(() => assertOpen(undefined, 'r9', now)).toThrow(/no reservation r9/);
    expect(() => assertOpen({ ...open(1_000), status: 'fulfilled' }, 'r1', now)).toThrow(/fulfilled/);
    expect(() => fulfilMovements(open(1_000), 2_000)).toThrow(/holds 1000/);
    expect(expiryFor(now, 2)).toBe('2026-12-02T12:00:00.000Z');
    expect(() => expiryFor(now, 0)).toThrow();
    expect(() => expiryFor(now, 24 * 365)).toThrow();
  });

  it('never promises the same unit twice, whatever the order of reserves, fulfilments and releases (property)', () => {
    type Step = { kind: 'reserve'; qty: number } | { kind: 'fulfil' | 'release'; index: number; part: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('reserve' as const), qty: fc.integer({ min: 1, max: 8 }).map((n) => n * 1_000) }),
      fc.record({ kind: fc.constantFrom('fulfil' as const, 'release' as const), index: fc.nat(20), part: fc.integer({ min: 1, max: 8 }).map((n) => n * 1_000) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }).map((n) => n * 1_000), fc.array(step, { maxLength: 40 }), (stock, steps) => {
        let level: Level = { ...EMPTY_LEVEL, onHand: stock };
        const held: Reservation[] = [];
        let sold = 0;
        for (const s of steps) {
          if (s.kind === 'reserve') {
            const m = reserveMovement(s.qty);
            if (!guardHolds(level, movementRule(m).guard)) continue; // refused: nothing written
            level = naiveApply(level, m);
            held.push(open(s.qty));
            continue;
          }
          const r = held[s.index % Math.max(held.length, 1)];
          if (r === undefined || r.status !== 'open') continue;
          const moves = s.kind === 'fulfil' ? fulfilMovements(r, Math.min(s.part, r.qty)) : releaseMovements(r);
          for (const m of moves) level = naiveApply(level, m);
          if (s.kind === 'fulfil') sold += Math.min(s.part, r.qty);
          r.status = s.kind === 'fulfil' ? 'fulfilled' : 'released';
        }
        const stillHeld = held.filter((r) => r.status === 'open').reduce((a, r) => a + r.qty, 0);
        expect(level.reserved).toBe(stillHeld);
        expect(level.onHand).toBe(stock - sold);
        expect(level.onHand - level.reserved).toBeGreaterThanOrEqual(0); // never more promised than on the shelf
      }),
      { numRuns: 300 },
    );
  });
});
