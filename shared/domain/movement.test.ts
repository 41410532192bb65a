import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors';
import {
  EMPTY_LEVEL,
  LEVEL_FIELDS,
  MOVEMENT_KINDS,
  applyMovement,
  available,
  foldMovements,
  movementRule,
  type Level,
  type Movement,
} from './movement';
import { naiveAllowed, naiveApply, naiveFold, naiveSound } from './test-support/naive-level';

type Plain = Exclude<Movement['kind'], 'ADJUST' | 'STOCKTAKE' | 'REVERSAL'>;
const PLAIN: Plain[] = ['RECEIVE', 'SALE', 'RETURN', 'WASTE', 'TRANSFER_OUT', 'TRANSFER_IN', 'RESERVE', 'RELEASE', 'FULFIL', 'QUARANTINE', 'RELEASE_QUARANTINE'];
const qty = fc.integer({ min: 1, max: 50_000 });
const leg = fc.constantFrom('source', 'destination') as fc.Arbitrary<'source' | 'destination'>;

const plainMovement: fc.Arbitrary<Movement> = fc
  .record({ kind: fc.constantFrom(...PLAIN), qty, leg })
  .map((m) => (m.kind === 'TRANSFER_OUT' ? { kind: 'TRANSFER_OUT', qty: m.qty, leg: m.leg } : { kind: m.kind, qty: m.qty }) as Movement);
const movement: fc.Arbitrary<Movement> = fc.oneof(
  plainMovement,
  fc.integer({ min: -50_000, max: 50_000 }).filter((q) => q !== 0).map((q): Movement => ({ kind: 'ADJUST', qty: q })),
  fc.record({ qty: fc.integer({ min: 0, max: 50_000 }), before: fc.integer({ min: -50_000, max: 50_000 }) }).map((m): Movement => ({ kind: 'STOCKTAKE', ...m })),
  fc.record({ reverses: fc.constantFrom(...PLAIN), qty, leg }).map((m): Movement => ({ kind: 'REVERSAL', qty: m.qty, reverses: m.reverses, leg: m.leg })),
);

/** Fields some guard protects: a guarded movement never takes them below zero. */
const nonNegative = (l: Level): boolean => l.onHand >= 0 && l.reserved >= 0 && l.inTransit >= 0 && l.quarantined >= 0 && available(l) >= 0;

describe('movement rules', () => {
  it('covers every kind', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(movement, (m) => void seen.add(m.kind)), { numRuns: 2000 });
    expect([...seen].sort()).toEqual([...MOVEMENT_KINDS].sort());
  });

  it('never lets a guarded sequence (without counts or adjustments) drive a guarded field negative', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(plainMovement, movement.filter((m) => m.kind === 'REVERSAL')), { maxLength: 60 }), (ms) => {
        let level: Level = EMPTY_LEVEL;
        for (const m of ms) {
          const r = applyMovement(level, m);
          if (r.ok) level = r.level;
          else expect(r.level).toEqual(level);
          expect(nonNegative(level)).toBe(true);
        }
      }),
    );
  });

  it('accepts and refuses exactly as a hand-written model of each kind, and lands where the model does', () => {
    // The oracle is naive-level.ts (one plain statement per kind), not movement.ts's own guard: a wrong delta or
    // a wrong guard for any kind fails here.
    fc.assert(
      fc.property(
        fc.record({ onHand: fc.integer({ min: -20_000, max: 60_000 }), reserved: fc.integer({ min: -5_000, max: 20_000 }), inTransit: fc.integer({ min: -5_000, max: 20_000 }), quarantined: fc.integer({ min: -5_000, max: 20_000 }) }),
        movement,
        (level, m) => {
          const r = applyMovement(level, m);
          expect(r.ok).toBe(naiveAllowed(level, m));
          if (r.ok) expect(r.level).toEqual(naiveApply(level, m));
          else expect(r.level).toEqual(level);
          // From a sound level, "allowed" means exactly "the result is sound".
          if (naiveSound(level) && m.kind !== 'STOCKTAKE' && m.kind !== 'ADJUST') expect(r.ok).toBe(naiveSound(naiveApply(level, m)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('matches a hand-worked table: shelf 5, 2 reserved, 1 quarantined, 3 on the way', () => {
    const level: Level = { onHand: 5000, reserved: 2000, inTransit: 3000, quarantined: 1000 }; // available 2
    const table: Array<[Movement, Level | 'refused']> = [
      [{ kind: 'SALE', qty: 2000 }, { onHand: 3000, reserved: 2000, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'SALE', qty: 2001 }, 'refused'], // only 2 available: the reserved and quarantined ones are not for sale
      [{ kind: 'WASTE', qty: 3000 }, 'refused'],
      [{ kind: 'RECEIVE', qty: 1000 }, { onHand: 6000, reserved: 2000, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'RETURN', qty: 500 }, { onHand: 5500, reserved: 2000, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'RESERVE', qty: 2000 }, { onHand: 5000, reserved: 4000, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'RESERVE', qty: 2001 }, 'refused'],
      [{ kind: 'RELEASE', qty: 2000 }, { onHand: 5000, reserved: 0, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'RELEASE', qty: 2001 }, 'refused'],
      [{ kind: 'FULFIL', qty: 2000 }, { onHand: 3000, reserved: 0, inTransit: 3000, quarantined: 1000 }], // available stays 2
      [{ kind: 'FULFIL', qty: 2001 }, 'refused'],
      [{ kind: 'QUARANTINE', qty: 2000 }, { onHand: 5000, reserved: 2000, inTransit: 3000, quarantined: 3000 }],
      [{ kind: 'QUARANTINE', qty: 2001 }, 'refused'],
      [{ kind: 'RELEASE_QUARANTINE', qty: 1000 }, { onHand: 5000, reserved: 2000, inTransit: 3000, quarantined: 0 }],
      [{ kind: 'RELEASE_QUARANTINE', qty: 1001 }, 'refused'],
      [{ kind: 'TRANSFER_OUT', qty: 2000, leg: 'source' }, { onHand: 3000, reserved: 2000, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'TRANSFER_OUT', qty: 2001, leg: 'source' }, 'refused'],
      [{ kind: 'TRANSFER_OUT', qty: 9000, leg: 'destination' }, { onHand: 5000, reserved: 2000, inTransit: 12_000, quarantined: 1000 }],
      [{ kind: 'TRANSFER_IN', qty: 3000 }, { onHand: 8000, reserved: 2000, inTransit: 0, quarantined: 1000 }],
      [{ kind: 'TRANSFER_IN', qty: 3001 }, 'refused'],
      [{ kind: 'ADJUST', qty: -2000 }, { onHand: 3000, reserved: 2000, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'ADJUST', qty: -2001 }, 'refused'],
      [{ kind: 'STOCKTAKE', qty: 1000, before: 5000 }, { onHand: 1000, reserved: 2000, inTransit: 3000, quarantined: 1000 }], // a count is never refused
      [{ kind: 'REVERSAL', qty: 1000, reverses: 'SALE' }, { onHand: 6000, reserved: 2000, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'REVERSAL', qty: 2000, reverses: 'RECEIVE' }, { onHand: 3000, reserved: 2000, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'REVERSAL', qty: 2001, reverses: 'RECEIVE' }, 'refused'],
      [{ kind: 'REVERSAL', qty: 2000, reverses: 'FULFIL' }, { onHand: 7000, reserved: 4000, inTransit: 3000, quarantined: 1000 }],
      [{ kind: 'REVERSAL', qty: 3000, reverses: 'TRANSFER_OUT', leg: 'destination' }, { onHand: 5000, reserved: 2000, inTransit: 0, quarantined: 1000 }],
    ];
    for (const [m, expected] of table) {
      const r = applyMovement(level, m);
      expect(r.ok ? r.level : 'refused', JSON.stringify(m)).toEqual(expected);
    }
  });

  it('folding equals the hand-written model, movement by movement (unguarded)', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 60 }), (ms) => {
        expect(foldMovements(ms)).toEqual(naiveFold(ms));
      }),
    );
  });

  it('a movement followed by its reversal nets to zero on every field', () => {
    fc.assert(
      fc.property(plainMovement, (m) => {
        const reversal: Movement = { kind: 'REVERSAL', qty: m.qty, reverses: m.kind as Plain, ...(m.kind === 'TRANSFER_OUT' ? { leg: m.leg } : {}) };
        const net = foldMovements([m, reversal]);
        for (const f of LEVEL_FIELDS) expect(net[f]).toBe(0);
      }),
    );
  });

  it('a stocktake sets on hand to the count, from the level it was counted against', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), (before, counted) => {
        const level = foldMovements([{ kind: 'STOCKTAKE', qty: counted, before }], { ...EMPTY_LEVEL, onHand: before });
        expect(level.onHand).toBe(counted);
      }),
    );
  });

  it('refuses malformed movements with INVALID_QUANTITY', () => {
    for (const m of [
      { kind: 'SALE', qty: 0 },
      { kind: 'SALE', qty: -1000 },
      { kind: 'RECEIVE', qty: 1.5 },
      { kind: 'RECEIVE', qty: Number.NaN },
      { kind: 'ADJUST', qty: 0 },
      { kind: 'STOCKTAKE', qty: -1, before: 0 },
    ] as Movement[]) {
      expect(() => movementRule(m)).toThrow(DomainError);
    }
    expect(() => movementRule({ kind: 'REVERSAL', qty: 1000, reverses: 'ADJUST' as Plain })).toThrow(/adjustment/);
  });
});
