import { DomainError } from '../../shared/domain/errors';
import type { BranchParsedInput, ConflictView } from '../../shared/api/branch-api';
import type { CustomerContact } from '../../shared/ops/operations';
import { nextConflictState, type ConflictState } from '../../shared/policy/conflict-lifecycle';
import type { TillStore } from '../store';
import type { Actor } from './actor';
import { queueConflictAction } from '../store/conflict-actions';
import { conflictHistoryRows, conflictRow, conflictRows, countOpenConflicts, recordConflictChange, type ConflictRow } from '../store/conflicts-repo';
import { userName } from '../store/users-repo';

/** The manager's queue, newest first; unresolved ones unless a state is asked for. */
export function listConflicts(store: TillStore, state?: ConflictState): ConflictView[] {
  return conflictRows(store, state).map((r) => conflictFromRow(store, r));
}

export { countOpenConflicts };

/**
 * A manager marks a conflict contacted or resolved. The lifecycle rule in shared/ decides what is allowed; the
 * change is recorded locally with who made it and queued, in the same transaction, for the sync client to carry
 * to the server with an action id it keeps on every retry.
 */
export function updateConflict(store: TillStore, input: BranchParsedInput<'conflicts.update'>, actor: Actor, now: Date): ConflictView {
  return store.transaction(() => {
    const row = conflictRow(store, input.conflictId);
    if (row === undefined) throw new DomainError('NOT_FOUND', `no conflict ${input.conflictId} at this store`, { conflictId: input.conflictId });
    const next = nextConflictState(row.kind, row.state, input);
    const at = now.toISOString();
    const managerId = actor.managerId ?? actor.userId;
    const byName = userName(store, managerId);
    recordConflictChange(store, { conflictId: row.id, state: next.state, outcome: next.outcome, byName, at, note: input.note ?? null });
    const { conflictId: _conflictId, ...action } = input;
    queueConflictAction(store, { conflictId: row.id, userId: managerId, action, at: now });
    return conflictFromRow(store, { ...row, state: next.state, outcome: next.outcome });
  });
}

function conflictFromRow(store: TillStore, row: ConflictRow): ConflictView {
  const history = conflictHistoryRows(store, row.id);
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    outcome: row.outcome,
    saleId: row.sale_id,
    lineId: row.line_id,
    productId: row.product_id,
    productName: row.product_name,
    qty: row.qty,
    availableAtReplay: row.available_at_replay,
    customerContact: row.customer_contact === null ? null : (JSON.parse(row.customer_contact) as CustomerContact),
    tillName: row.till_name,
    cashierName: row.cashier_name,
    occurredAt: row.occurred_at,
    elsewhere: JSON.parse(row.elsewhere) as ConflictView['elsewhere'],
    history: history.map((h) => ({ state: h.state, byName: h.by_name, at: h.at, note: h.note })),
  };
}
