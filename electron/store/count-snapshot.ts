import { DomainError } from '../../shared/domain/errors';
import { movementRule } from '../../shared/domain/movement';
import type { Milli } from '../../shared/domain/quantity';
import type { StocktakeSheetSnapshot } from '../../shared/api/branch-api';
import type { TillStore } from './database';
import { movementFromRow, movementsAtLocationSince } from './ledger';

/**
 * Where the till's ledger stands, for a count sheet (issue 7 item 6): a count is of the shelf as the sheet showed
 * it, so whatever the ledger moved after the sheet was read (a sale rung up while the manager counted, a pull
 * bringing another till's sales) goes on top of the counted quantity instead of vanishing into it.
 *
 * Movement ids only grow (INTEGER PRIMARY KEY, rows never deleted), so "after the sheet" is "id above the
 * sheet's highest id", independent of any clock.
 */
export function ledgerPosition(store: TillStore, now: Date): StocktakeSheetSnapshot {
  const row = store
    .stmt<[], { movement_id: number; till_seq: number; cursor: string }>(
      `SELECT (SELECT coalesce(max(id), 0) FROM movements) AS movement_id,
              (SELECT coalesce(max(seq), 0) FROM ops) AS till_seq,
              (SELECT pull_cursor FROM sync_state WHERE singleton = 1) AS cursor`,
    )
    .get();
  return { movementId: row?.movement_id ?? 0, tillSeq: row?.till_seq ?? 0, cursor: row?.cursor ?? '0', at: now.toISOString() };
}

/** A sheet's snapshot must be a position this till's ledger has already passed (not another till's, not made up). */
export function assertPassedPosition(store: TillStore, snapshot: StocktakeSheetSnapshot, now: Date): void {
  const here = ledgerPosition(store, now);
  if (snapshot.movementId > here.movementId || snapshot.tillSeq > here.tillSeq || BigInt(snapshot.cursor) > BigInt(here.cursor)) {
    throw new DomainError('INVALID_INPUT', 'the count sheet was not read from this till: load the sheet again', {
      reason: 'snapshot_ahead_of_ledger',
      snapshot,
    });
  }
}

/** Net on-hand change of each product at the location from the movements written after `movementId`. */
export function onHandMovedSince(store: TillStore, locationId: string, productIds: readonly string[], movementId: number): Map<string, Milli> {
  const wanted = new Set(productIds);
  const rows = movementsAtLocationSince(store, locationId, movementId);
  const moved = new Map<string, Milli>();
  for (const row of rows) {
    if (!wanted.has(row.product_id)) continue;
    moved.set(row.product_id, (moved.get(row.product_id) ?? 0) + movementRule(movementFromRow(row)).delta.onHand);
  }
  return moved;
}
