import { DomainError } from './errors';
import { type Milli, assertMilli, assertPositiveMilli } from './quantity';

/**
 * The ledger's movement kinds. A movement changes exactly one level (one product at one location); the level is
 * the sum of its movements. Movements are never edited: a correction is a new movement (ADJUST, REVERSAL).
 */
export const MOVEMENT_KINDS = [
  'RECEIVE',
  'SALE',
  'RETURN',
  'WASTE',
  'ADJUST',
  'STOCKTAKE',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'RESERVE',
  'RELEASE',
  'FULFIL',
  'REVERSAL',
  'QUARANTINE',
  'RELEASE_QUARANTINE',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** The materialized state of one product at one location. available = onHand − reserved − quarantined. */
export interface Level {
  onHand: Milli;
  reserved: Milli;
  inTransit: Milli;
  quarantined: Milli;
}
export type LevelField = keyof Level;
export const LEVEL_FIELDS: readonly LevelField[] = ['onHand', 'reserved', 'inTransit', 'quarantined'];
export const EMPTY_LEVEL: Readonly<Level> = Object.freeze({ onHand: 0, reserved: 0, inTransit: 0, quarantined: 0 });

export function available(level: Level): Milli {
  return level.onHand - level.reserved - level.quarantined;
}

/**
 * What a movement says. `qty` is a positive magnitude for every kind but ADJUST (signed, non-zero) and STOCKTAKE
 * (the absolute count, ≥ 0, with `before`, the level the counter's system showed, so delta = qty − before).
 * A transfer dispatch writes TRANSFER_OUT twice: at the source (`leg: 'source'`, stock leaves the shelf) and at
 * the destination (`leg: 'destination'`, stock is on its way); the arrival writes TRANSFER_IN at the destination.
 * A REVERSAL names the kind (and leg) it undoes and has exactly the opposite effect.
 */
export type Movement =
  | { kind: Exclude<MovementKind, 'ADJUST' | 'STOCKTAKE' | 'TRANSFER_OUT' | 'REVERSAL'>; qty: Milli }
  | { kind: 'ADJUST'; qty: Milli }
  | { kind: 'STOCKTAKE'; qty: Milli; before: Milli }
  | { kind: 'TRANSFER_OUT'; qty: Milli; leg: TransferLeg }
  | { kind: 'REVERSAL'; qty: Milli; reverses: Exclude<MovementKind, 'REVERSAL' | 'STOCKTAKE'>; leg?: TransferLeg };
export type TransferLeg = 'source' | 'destination';

export type LevelDelta = Level;

/**
 * A guard is a lower bound that must hold *before* the delta is applied: `available >= 5` for a sale of 5.
 * The till and the server turn the same guard into one conditional UPDATE (`WHERE on_hand - reserved -
 * quarantined >= 5`), so the check and the write are one statement and cannot race.
 */
export interface Guard {
  /** available ≥ n */
  available?: Milli;
  reserved?: Milli;
  inTransit?: Milli;
  quarantined?: Milli;
  onHand?: Milli;
}

export interface MovementRule {
  delta: LevelDelta;
  guard: Guard;
}

function delta(partial: Partial<Level>): LevelDelta {
  return { onHand: 0, reserved: 0, inTransit: 0, quarantined: 0, ...partial };
}

function negate(d: LevelDelta): LevelDelta {
  return { onHand: -d.onHand || 0, reserved: -d.reserved || 0, inTransit: -d.inTransit || 0, quarantined: -d.quarantined || 0 };
}

/** Guard that keeps every field the delta lowers from going below zero, and available with it. */
function guardFor(d: LevelDelta): Guard {
  const g: Guard = {};
  const lowersAvailable = -(d.onHand - d.reserved - d.quarantined);
  if (lowersAvailable > 0) g.available = lowersAvailable;
  if (d.reserved < 0) g.reserved = -d.reserved;
  if (d.inTransit < 0) g.inTransit = -d.inTransit;
  if (d.quarantined < 0) g.quarantined = -d.quarantined;
  if (d.onHand < 0) g.onHand = -d.onHand;
  return g;
}

function baseDelta(kind: Exclude<MovementKind, 'REVERSAL' | 'STOCKTAKE' | 'ADJUST'>, q: Milli, leg?: TransferLeg): LevelDelta {
  switch (kind) {
    case 'RECEIVE':
    case 'RETURN':
      return delta({ onHand: q });
    case 'SALE':
    case 'WASTE':
      return delta({ onHand: -q });
    case 'TRANSFER_OUT':
      return leg === 'destination' ? delta({ inTransit: q }) : delta({ onHand: -q });
    case 'TRANSFER_IN':
      return delta({ onHand: q, inTransit: -q });
    case 'RESERVE':
      return delta({ reserved: q });
    case 'RELEASE':
      return delta({ reserved: -q });
    case 'FULFIL':
      return delta({ onHand: -q, reserved: -q });
    case 'QUARANTINE':
      return delta({ quarantined: q });
    case 'RELEASE_QUARANTINE':
      return delta({ quarantined: -q });
  }
}

/**
 * The one rule of the ledger: what a movement does to its level and what must hold first. Throws
 * INVALID_QUANTITY for a malformed movement (zero, negative, fractional milli-units).
 */
export function movementRule(m: Movement): MovementRule {
  switch (m.kind) {
    case 'ADJUST': {
      const q = assertMilli(m.qty, 'adjustment');
      if (q === 0) throw new DomainError('INVALID_QUANTITY', 'an adjustment must change the level');
      const d = delta({ onHand: q });
      return { delta: d, guard: guardFor(d) };
    }
    case 'STOCKTAKE': {
      const counted = assertMilli(m.qty, 'count');
      const before = assertMilli(m.before, 'count before');
      if (counted < 0) throw new DomainError('INVALID_QUANTITY', 'a count cannot be negative', { counted });
      // A count is the truth about the shelf: it is never refused for what it reveals, only for being negative.
      return { delta: delta({ onHand: counted - before }), guard: {} };
    }
    case 'REVERSAL': {
      const q = assertPositiveMilli(m.qty);
      if (m.reverses === 'ADJUST') {
        throw new DomainError('INVALID_INPUT', 'an adjustment is corrected by another adjustment, not a reversal');
      }
      const d = negate(baseDelta(m.reverses, q, m.leg));
      return { delta: d, guard: guardFor(d) };
    }
    default: {
      const q = assertPositiveMilli(m.qty);
      const d = baseDelta(m.kind, q, m.kind === 'TRANSFER_OUT' ? m.leg : undefined);
      return { delta: d, guard: guardFor(d) };
    }
  }
}

export function guardHolds(level: Level, guard: Guard): boolean {
  return (
    (guard.available === undefined || available(level) >= guard.available) &&
    (guard.reserved === undefined || level.reserved >= guard.reserved) &&
    (guard.inTransit === undefined || level.inTransit >= guard.inTransit) &&
    (guard.quarantined === undefined || level.quarantined >= guard.quarantined) &&
    (guard.onHand === undefined || level.onHand >= guard.onHand)
  );
}

export function addDelta(level: Level, d: LevelDelta): Level {
  return {
    onHand: assertMilli(level.onHand + d.onHand),
    reserved: assertMilli(level.reserved + d.reserved),
    inTransit: assertMilli(level.inTransit + d.inTransit),
    quarantined: assertMilli(level.quarantined + d.quarantined),
  };
}

export type ApplyResult = { ok: true; level: Level; delta: LevelDelta } | { ok: false; guard: Guard; level: Level };

/**
 * Applies a movement to a level in memory (tests, rebasing, the policy's look-ahead). `unguarded` is for
 * movements the ledger must record even though they break a guard: a replayed sale that the conflict policy
 * accepted into negative stock, or a count that the shelf contradicts.
 */
export function applyMovement(level: Level, m: Movement, opts: { unguarded?: boolean } = {}): ApplyResult {
  const rule = movementRule(m);
  if (!opts.unguarded && !guardHolds(level, rule.guard)) return { ok: false, guard: rule.guard, level };
  return { ok: true, level: addDelta(level, rule.delta), delta: rule.delta };
}

/** Sum of movement deltas: what a level must equal. */
export function foldMovements(movements: readonly Movement[], from: Level = EMPTY_LEVEL): Level {
  return movements.reduce<Level>((lvl, m) => addDelta(lvl, movementRule(m).delta), from);
}
