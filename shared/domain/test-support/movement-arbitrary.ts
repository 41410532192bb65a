import fc from 'fast-check';
import type { Movement, TransferLeg } from '../movement';

/** Whole units in milli-units, for property tests. */
export const units = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max }).map((n) => n * 1000);

const leg = fc.constantFrom<TransferLeg>('source', 'destination');
const SIMPLE = ['RECEIVE', 'SALE', 'RETURN', 'WASTE', 'TRANSFER_IN', 'RESERVE', 'RELEASE', 'FULFIL', 'QUARANTINE', 'RELEASE_QUARANTINE'] as const;
const REVERSIBLE = [...SIMPLE, 'TRANSFER_OUT'] as const;

/**
 * A movement of any kind, for the ledger's property tests on both databases: mostly plain ones, some signed
 * adjustments, counts, transfer legs and reversals. Quantities stay small so guards are often tight.
 */
export const anyMovement = (maxUnits = 5): fc.Arbitrary<Movement> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom(...SIMPLE), qty: units(1, maxUnits) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('ADJUST' as const), qty: units(-maxUnits, maxUnits).filter((q) => q !== 0) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('STOCKTAKE' as const), qty: units(0, 2 * maxUnits + 2), before: units(0, 2 * maxUnits + 2) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('TRANSFER_OUT' as const), qty: units(1, maxUnits), leg }) },
    {
      weight: 2,
      arbitrary: fc
        .record({ reverses: fc.constantFrom(...REVERSIBLE), qty: units(1, maxUnits), leg })
        .map(({ reverses, qty, leg: l }): Movement => (reverses === 'TRANSFER_OUT' ? { kind: 'REVERSAL', qty, reverses, leg: l } : { kind: 'REVERSAL', qty, reverses })),
    },
  );
