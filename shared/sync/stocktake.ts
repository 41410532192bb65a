import type { Milli } from '../domain/quantity';
import { assertMilli } from '../domain/quantity';

/**
 * Stocktakes that reach the server out of order. A count is the absolute truth about a shelf at the moment its
 * sheet was read (the snapshot whose expected quantities the manager counted against), not the moment it was
 * committed: everything that happened before that moment is already in the number, everything after it is not.
 *
 * Which movements came before the snapshot is decided by positions where they exist, by trusted time where not:
 * - the counting till had a movement in its ledger when the sheet was read (its own op at or below the sheet's
 *   till seq, or a server change at or below the pull cursor it had applied): before, whatever any clock says;
 * - the counting till's own ops after the sheet's till seq: after (sales rung up while the manager counted);
 * - anything else (another till's op the counter had not pulled): ordered by the server's trusted time
 *   (shared/sync/trusted-time.ts) against the count's moment, since only a clock can say whether an offline
 *   till's sale left the shelf before the manager counted it.
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

/** Where the counting till stood when its sheet was read. */
export interface CountPosition {
  terminalId: string;
  /** the till's highest op seq when the sheet was read: its ops up to here were in the expected quantities */
  tillSeq: number;
  /** the pull cursor the till had applied then; null when unknown (a count from a till that sent no snapshot) */
  cursor: number | null;
  /** the server's trusted moment of the snapshot (countMoment()) */
  countedAt: Date;
}

/** A movement as the server knows it, for deciding whether a count saw it. */
export interface MovementPosition {
  /** the till whose op wrote it; null for head-office movements */
  terminalId: string | null;
  /** that op's seq; null for head-office movements */
  seq: number | null;
  /** the change stamp of the transaction that wrote it; null for movements older than change stamps */
  chg: number | null;
  /** trusted time */
  orderedAt: Date;
}

/** The counting till had this movement in its ledger when it read the sheet. */
export function seenByCount(m: MovementPosition, count: CountPosition): boolean {
  if (m.terminalId === count.terminalId && m.seq !== null) return m.seq <= count.tillSeq;
  return count.cursor !== null && m.chg !== null && m.chg <= count.cursor;
}

/** The movement happened after the count's snapshot, so it goes on top of the counted quantity. */
export function movedAfterCount(m: MovementPosition, count: CountPosition): boolean {
  if (seenByCount(m, count)) return false;
  if (m.terminalId === count.terminalId && m.seq !== null) return true;
  return m.orderedAt.getTime() > count.countedAt.getTime();
}

/**
 * The trusted moment of a count's snapshot: the till's claim, but not before the trusted time of the last op
 * it had when it read the sheet, and not after the count's own commit (the op's trusted time).
 */
export function countMoment(snapshotAt: Date, floor: Date | null, committedAt: Date): Date {
  const lower = floor === null ? snapshotAt.getTime() : Math.max(snapshotAt.getTime(), floor.getTime());
  return new Date(Math.min(lower, committedAt.getTime()));
}
