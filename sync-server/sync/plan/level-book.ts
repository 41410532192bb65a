import { DomainError } from '../../../shared/domain/errors';
import type { ApplyResult, Movement } from '../../../shared/domain/movement';
import { applyMovement, movementRule } from '../../../shared/domain/movement';
import { batchGuardAfter } from '../../../shared/domain/level-sql';
import type { LedgerWrite } from '../../../shared/policy/conflict-policy';
import type { LockedLevel, PlannedLevel, PlannedMovement } from './types';

/**
 * The server's ledger engine for one chunk: the locked levels in memory, moved by the one rule of
 * shared/domain/movement.ts (applyMovement()) movement by movement over all four quantities, with the movements
 * to append. A guarded movement whose guard does not hold is refused and recorded nowhere; each level keeps the
 * combined bound that its one set-based UPDATE re-checks (PlannedLevel.guard). Nothing here decides what is
 * guarded: the caller passes the policy's decision (decideLedgerWrite()).
 */

/** A level would pass ±MAX_QTY_MILLI at some movement of the chunk (the range CHECKs only see where it ends). */
export class LevelOutOfRange extends Error {
  constructor(readonly productId: string) {
    super(`a movement would take the level of ${productId} beyond its range`);
  }
}

/** Everything a movement records besides what the rule derives. */
export type MovementMeta = Omit<PlannedMovement, 'productId' | 'movement' | 'delta' | 'guarded'>;

const EMPTY_LOCKED: Readonly<LockedLevel> = Object.freeze({ onHand: 0, reserved: 0, inTransit: 0, quarantined: 0, countedAt: null, countedBy: null });

export class LevelBook {
  readonly movements: PlannedMovement[] = [];
  readonly levels = new Map<string, PlannedLevel>();
  private readonly byProduct = new Map<string, PlannedMovement[]>();

  constructor(private readonly locked: ReadonlyMap<string, LockedLevel>) {}

  /** The level of a product as planned so far (its locked row, or an empty one the locking created). */
  level(productId: string): PlannedLevel {
    let l = this.levels.get(productId);
    if (l === undefined) {
      const before = this.locked.get(productId) ?? EMPTY_LOCKED;
      l = { before, after: { ...before }, guard: {} };
      this.levels.set(productId, l);
    }
    return l;
  }

  /** The movements planned at a product so far, in order. */
  movementsAt(productId: string): readonly PlannedMovement[] {
    return this.byProduct.get(productId) ?? [];
  }

  /** Applies one movement through the rule; a refused one (its guard does not hold) changes and records nothing. */
  apply(productId: string, movement: Movement, write: LedgerWrite, meta: MovementMeta): ApplyResult {
    // A malformed movement is a bug of the caller and stays loud; after the rule accepted it, only the sum can fail.
    const rule = movementRule(movement);
    const l = this.level(productId);
    let result: ApplyResult;
    try {
      result = applyMovement(l.after, movement, { unguarded: !write.guarded });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'INVALID_QUANTITY') throw new LevelOutOfRange(productId);
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
    const atProduct = this.byProduct.get(productId);
    if (atProduct === undefined) this.byProduct.set(productId, [planned]);
    else atProduct.push(planned);
    return result;
  }

  /**
   * apply() for the planner, whose guarded movements the policy has already judged to fit: a refusal means the
   * policy and the rule disagree about this level, a bug that must abort the chunk rather than write a half plan.
   */
  write(productId: string, movement: Movement, write: LedgerWrite, meta: MovementMeta): PlannedMovement {
    const r = this.apply(productId, movement, write, meta);
    if (!r.ok) throw new Error(`the ${movement.kind} of op ${meta.opId} at ${productId} was judged to fit but its guard ${JSON.stringify(r.guard)} does not hold on ${JSON.stringify(r.level)}`);
    return this.movements[this.movements.length - 1] as PlannedMovement;
  }
}
