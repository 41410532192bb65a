import { DomainError } from '../../../shared/domain/errors';
import type { ApplyResult, Movement } from '../../../shared/domain/movement';
import { applyMovement, movementRule } from '../../../shared/domain/movement';
import { batchGuardAfter } from '../../../shared/domain/level-sql';
import type { LedgerWrite } from '../../../shared/policy/conflict-policy';
import type { LevelMap, LockedLevel, LockedLevels, PlannedLevel, PlannedMovement } from './types';

/**
 * The server's ledger engine for one chunk: the locked levels in memory, keyed by (location, product), moved by
 * the one rule of shared/domain/movement.ts (applyMovement()) movement by movement over all four quantities, with
 * the movements to append. Most of a chunk moves stock at the pushing till's store; a transfer also moves it at
 * the other end, so every level is addressed by its location too. A guarded movement whose guard does not hold
 * is refused and recorded nowhere; each level keeps the combined bound that its one set-based UPDATE re-checks
 * (PlannedLevel.guard). Nothing here decides what is guarded: the caller passes the policy's decision
 * (decideLedgerWrite()).
 */

/** A level would pass ±MAX_QTY_MILLI at some movement of the chunk (the range CHECKs only see where it ends). */
export class LevelOutOfRange extends Error {
  constructor(
    readonly productId: string,
    readonly locationId: string,
  ) {
    super(`a movement would take the level of ${productId} at ${locationId} beyond its range`);
  }
}

/** Everything a movement records besides what the rule derives. */
export type MovementMeta = Omit<PlannedMovement, 'locationId' | 'productId' | 'movement' | 'delta' | 'guarded'>;

const EMPTY_LOCKED: Readonly<LockedLevel> = Object.freeze({ onHand: 0, reserved: 0, inTransit: 0, quarantined: 0, countedAt: null, countedBy: null });
const NO_LOCKED: ReadonlyMap<string, LockedLevel> = new Map();
const NO_MOVEMENTS: readonly PlannedMovement[] = Object.freeze([]);

export class LevelBook {
  readonly movements: PlannedMovement[] = [];
  /** by location, then product (nested: the hot path looks up the same location's map over and over) */
  readonly levels: LevelMap = new Map();
  private readonly byLevel = new Map<string, Map<string, PlannedMovement[]>>();

  constructor(private readonly locked: LockedLevels) {}

  /** The level of a product at a location as planned so far (its locked row, or an empty one the locking created). */
  level(locationId: string, productId: string): PlannedLevel {
    let at = this.levels.get(locationId);
    if (at === undefined) {
      at = new Map();
      this.levels.set(locationId, at);
    }
    let l = at.get(productId);
    if (l === undefined) {
      const before = (this.locked.get(locationId) ?? NO_LOCKED).get(productId) ?? EMPTY_LOCKED;
      l = { before, after: { ...before }, guard: {} };
      at.set(productId, l);
    }
    return l;
  }

  /** The movements planned at a level so far, in order. */
  movementsAt(locationId: string, productId: string): readonly PlannedMovement[] {
    return this.byLevel.get(locationId)?.get(productId) ?? NO_MOVEMENTS;
  }

  /** Applies one movement through the rule; a refused one (its guard does not hold) changes and records nothing. */
  apply(locationId: string, productId: string, movement: Movement, write: LedgerWrite, meta: MovementMeta): ApplyResult {
    // A malformed movement is a bug of the caller and stays loud; after the rule accepted it, only the sum can fail.
    const rule = movementRule(movement);
    const l = this.level(locationId, productId);
    let result: ApplyResult;
    try {
      result = applyMovement(l.after, movement, { unguarded: !write.guarded });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'INVALID_QUANTITY') throw new LevelOutOfRange(productId, locationId);
      throw e;
    }
    if (!result.ok) return result;
    const { before, after } = l;
    if (write.guarded) {
      l.guard = batchGuardAfter(l.guard, rule.guard, {
        onHand: after.onHand - before.onHand,
        reserved: after.reserved - before.reserved,
        inTransit: after.inTransit - before.inTransit,
        quarantined: after.quarantined - before.quarantined,
      });
    }
    after.onHand = result.level.onHand;
    after.reserved = result.level.reserved;
    after.inTransit = result.level.inTransit;
    after.quarantined = result.level.quarantined;
    // Built field by field: this runs for every line of every replayed op, and spreading here was a hot spot.
    const planned: PlannedMovement = {
      locationId,
      productId,
      movement,
      delta: result.delta,
      guarded: write.guarded,
      cause: meta.cause,
      opId: meta.opId,
      seq: meta.seq,
      lineId: meta.lineId,
      userId: meta.userId,
      occurredAt: meta.occurredAt,
      note: meta.note,
    };
    this.movements.push(planned);
    let at = this.byLevel.get(locationId);
    if (at === undefined) {
      at = new Map();
      this.byLevel.set(locationId, at);
    }
    const atLevel = at.get(productId);
    if (atLevel === undefined) at.set(productId, [planned]);
    else atLevel.push(planned);
    return result;
  }

  /**
   * apply() for the planner, whose guarded movements the policy has already judged to fit: a refusal means the
   * policy and the rule disagree about this level, a bug that must abort the chunk rather than write a half plan.
   */
  write(locationId: string, productId: string, movement: Movement, write: LedgerWrite, meta: MovementMeta): PlannedMovement {
    const r = this.apply(locationId, productId, movement, write, meta);
    if (!r.ok) throw new Error(`the ${movement.kind} of op ${meta.opId} at ${locationId}/${productId} was judged to fit but its guard ${JSON.stringify(r.guard)} does not hold on ${JSON.stringify(r.level)}`);
    return this.movements[this.movements.length - 1] as PlannedMovement;
  }
}

/** Every (location, product) of a nested level map, as an iterable of triples. */
export function* eachLevel<T>(levels: ReadonlyMap<string, ReadonlyMap<string, T>>): Generator<[locationId: string, productId: string, level: T]> {
  for (const [locationId, at] of levels) for (const [productId, l] of at) yield [locationId, productId, l];
}
