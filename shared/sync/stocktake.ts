import type { Milli } from '../domain/quantity';
import { assertMilli } from '../domain/quantity';

/**
 * Stocktakes that reach the server out of order. A count is the absolute truth about a shelf at the moment it
 * was taken (by the counting till's clock): everything that happened before that moment is already in the
 * number, everything after it is not.
 *
 * - Applying a count: the level becomes `counted` plus the effect of the movements already recorded that
 *   happened after the count (a sale at 11:05 synced before an 11:00 count still lowers the shelf).
 * - A stock change that happened before the latest applied count but reaches the server after it is written to
 *   the ledger as usual, plus an offsetting correction, so it does not move the level a second time.
 * - A count older than the latest applied count of the same level is recorded but changes nothing.
 */

/** Whether a change that happened at `occurredAt` is already reflected in the level's latest count. */
export function precedesCount(occurredAt: Date, countedAt: Date | null): boolean {
  return countedAt !== null && occurredAt.getTime() < countedAt.getTime();
}

export interface CountInput {
  counted: Milli;
  /** the authoritative on-hand right now, before the count is applied */
  onHandNow: Milli;
  /** the net on-hand effect of recorded movements that happened after the count was taken */
  effectAfterCount: Milli;
  countedAt: Date;
  /** the moment of the latest count already applied to this level, if any */
  lastCountedAt: Date | null;
}

export interface CountEffect {
  /** false when a later count already superseded this one */
  applies: boolean;
  /** the STOCKTAKE movement's `before`, so that delta = counted − before as movementRule() says */
  before: Milli;
  delta: Milli;
  onHandAfter: Milli;
}

export function countEffect(input: CountInput): CountEffect {
  const counted = assertMilli(input.counted, 'count');
  if (input.lastCountedAt !== null && input.lastCountedAt.getTime() > input.countedAt.getTime()) {
    return { applies: false, before: counted, delta: 0, onHandAfter: input.onHandNow };
  }
  const target = assertMilli(counted + input.effectAfterCount, 'count after later movements');
  const delta = assertMilli(target - input.onHandNow, 'count delta');
  return { applies: true, before: assertMilli(counted - delta), delta, onHandAfter: target };
}
