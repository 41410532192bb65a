import type { Queryable } from './db';
import type { ConflictOutcome, ConflictState } from '../../shared/policy/conflict-lifecycle';

/** Conflict state changes: the row moves only from the state it was read in, and history keeps who and when. */
export interface ConflictRow {
  id: string;
  storeId: string;
  kind: 'contact_customer' | 'stock_discrepancy';
  state: ConflictState;
}

export async function lockConflict(tx: Queryable, tenantId: string, conflictId: string): Promise<ConflictRow | null> {
  const r = await tx.query<ConflictRow>(
    'SELECT id, store_id AS "storeId", kind, state FROM conflicts WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
    [tenantId, conflictId],
  );
  return r.rows[0] ?? null;
}

export async function actionAlreadyRecorded(tx: Queryable, actionId: string): Promise<{ tenantId: string; conflictId: string } | null> {
  const r = await tx.query<{ tenant_id: string; conflict_id: string }>('SELECT tenant_id, conflict_id FROM conflict_history WHERE action_id = $1', [actionId]);
  const row = r.rows[0];
  return row === undefined ? null : { tenantId: row.tenant_id, conflictId: row.conflict_id };
}

export async function moveConflict(
  tx: Queryable,
  tenantId: string,
  conflictId: string,
  from: ConflictState,
  to: { state: ConflictState; outcome: ConflictOutcome | null },
  by: { userId: string; note: string | null; actionId: string },
): Promise<boolean> {
  const r = await tx.query(
    "UPDATE conflicts SET state = $4, outcome = $5, chg = nextval('change_seq') WHERE tenant_id = $1 AND id = $2 AND state = $3",
    [tenantId, conflictId, from, to.state, to.outcome],
  );
  if (r.rowCount !== 1) return false;
  await tx.query(
    'INSERT INTO conflict_history (tenant_id, conflict_id, state, outcome, by_user_id, note, action_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [tenantId, conflictId, to.state, to.outcome, by.userId, by.note, by.actionId],
  );
  return true;
}
