import type { ConflictView } from '../../shared/api/branch-api';
import type { ConflictOutcome, ConflictState } from '../../shared/policy/conflict-lifecycle';
import type { TillStore } from './database';

/**
 * The manager's conflict queue at this till (migration 0001: conflicts, conflict_history). The server's copy of a
 * conflict is stored by conflict-actions.ts saveServerConflict; a manager's change here is queued there too.
 */

export interface ConflictRow {
  id: string;
  kind: ConflictView['kind'];
  state: ConflictState;
  outcome: ConflictOutcome | null;
  sale_id: string;
  line_id: string;
  product_id: string;
  product_name: string;
  qty: number;
  available_at_replay: number;
  customer_contact: string | null;
  till_name: string;
  cashier_name: string;
  occurred_at: string;
  elsewhere: string;
}

export interface ConflictHistoryRow {
  state: ConflictState;
  by_name: string;
  at: string;
  note: string | null;
}

/** Newest first; with no state, every conflict with the unresolved ones first. */
export function conflictRows(store: TillStore, state?: ConflictState): ConflictRow[] {
  return state === undefined
    ? store.stmt<[], ConflictRow>("SELECT * FROM conflicts ORDER BY state = 'resolved', occurred_at DESC").all()
    : store.stmt<[string], ConflictRow>('SELECT * FROM conflicts WHERE state = ? ORDER BY occurred_at DESC').all(state);
}

export function conflictRow(store: TillStore, conflictId: string): ConflictRow | undefined {
  return store.stmt<[string], ConflictRow>('SELECT * FROM conflicts WHERE id = ?').get(conflictId);
}

export function countOpenConflicts(store: TillStore): number {
  return store.stmt<[], { n: number }>("SELECT count(*) AS n FROM conflicts WHERE state <> 'resolved'").get()?.n ?? 0;
}

export function conflictHistoryRows(store: TillStore, conflictId: string): ConflictHistoryRow[] {
  return store
    .stmt<[string], ConflictHistoryRow>('SELECT state, by_name, at, note FROM conflict_history WHERE conflict_id = ? ORDER BY id')
    .all(conflictId);
}

/** A local change of state, with its line of history; runs in the caller's transaction with the queued action. */
export function recordConflictChange(
  store: TillStore,
  change: { conflictId: string; state: ConflictState; outcome: ConflictOutcome | null; byName: string; at: string; note: string | null },
): void {
  store.stmt('UPDATE conflicts SET state = ?, outcome = ?, updated_at = ? WHERE id = ?').run(change.state, change.outcome, change.at, change.conflictId);
  store
    .stmt('INSERT INTO conflict_history (conflict_id, state, by_name, at, note) VALUES (?, ?, ?, ?, ?)')
    .run(change.conflictId, change.state, change.byName, change.at, change.note);
}
