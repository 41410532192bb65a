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
  guardHolds,
  movementRule,
  type Level,
  type Movement,
} from './movement';

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

  it('refuses exactly when the guard does not hold, and the guard is what keeps fields non-negative', () => {
    fc.assert(
      fc.property(
        fc.record({ onHand: fc.integer({ min: 0, max: 60_000 }), reserved: fc.integer({ min: 0, max: 20_000 }), inTransit: fc.integer({ min: 0, max: 20_000 }), quarantined: fc.integer({ min: 0, max: 20_000 }) }).filter((l) => available(l) >= 0),
        plainMovement,
        (level, m) => {
          const rule = movementRule(m);
          const r = applyMovement(level, m);
          expect(r.ok).toBe(guardHolds(level, rule.guard));
          if (r.ok) expect(nonNegative(r.level)).toBe(true);
        },
      ),
    );
  });

  it('folding equals applying step by step (unguarded)', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 60 }), (ms) => {
        let level: Level = EMPTY_LEVEL;
        for (const m of ms) {
          const r = applyMovement(level, m, { unguarded: true });
          if (!r.ok) throw new Error('unguarded movement refused');
          level = r.level;
        }
        expect(foldMovements(ms)).toEqual(level);
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
