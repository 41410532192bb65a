import { DomainError } from '../../shared/domain/errors';
import type { BranchParsedInput, ConflictView } from '../../shared/api/branch-api';
import type { CustomerContact } from '../../shared/ops/operations';
import { nextConflictState, type ConflictOutcome, type ConflictState } from '../../shared/policy/conflict-lifecycle';
import type { TillStore } from '../store';
import type { Actor } from './actor';
import { queueConflictAction } from '../store/conflict-actions';

interface ConflictRow {
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

/** The manager's queue, newest first; unresolved ones unless a state is asked for. */
export function listConflicts(store: TillStore, state?: ConflictState): ConflictView[] {
  const rows =
    state === undefined
      ? store.stmt<[], ConflictRow>("SELECT * FROM conflicts ORDER BY state = 'resolved', occurred_at DESC").all()
      : store.stmt<[string], ConflictRow>('SELECT * FROM conflicts WHERE state = ? ORDER BY occurred_at DESC').all(state);
  return rows.map((r) => conflictFromRow(store, r));
}

export function countOpenConflicts(store: TillStore): number {
  return store.stmt<[], { n: number }>("SELECT count(*) AS n FROM conflicts WHERE state <> 'resolved'").get()?.n ?? 0;
}

/**
 * A manager marks a conflict contacted or resolved. The lifecycle rule in shared/ decides what is allowed; the
 * change is recorded locally with who made it and queued, in the same transaction, for the sync client to carry
 * to the server with an action id it keeps on every retry.
 */
export function updateConflict(store: TillStore, input: BranchParsedInput<'conflicts.update'>, actor: Actor, now: Date): ConflictView {
  return store.transaction(() => {
    const row = store.stmt<[string], ConflictRow>('SELECT * FROM conflicts WHERE id = ?').get(input.conflictId);
    if (row === undefined) throw new DomainError('NOT_FOUND', `no conflict ${input.conflictId} at this store`, { conflictId: input.conflictId });
    const next = nextConflictState(row.kind, row.state, input);
    const at = now.toISOString();
    const managerId = actor.managerId ?? actor.userId;
    const byName = store.stmt<[string], { name: string }>('SELECT name FROM users WHERE id = ?').get(managerId)?.name ?? 'unknown';
    store
      .stmt('UPDATE conflicts SET state = ?, outcome = ?, updated_at = ? WHERE id = ?')
      .run(next.state, next.outcome, at, row.id);
    store
      .stmt('INSERT INTO conflict_history (conflict_id, state, by_name, at, note) VALUES (?, ?, ?, ?, ?)')
      .run(row.id, next.state, byName, at, input.note ?? null);
    const { conflictId: _conflictId, ...action } = input;
    queueConflictAction(store, { conflictId: row.id, userId: managerId, action, at: now });
    return conflictFromRow(store, { ...row, state: next.state, outcome: next.outcome });
  });
}

function conflictFromRow(store: TillStore, row: ConflictRow): ConflictView {
  const history = store
    .stmt<[string], { state: ConflictState; by_name: string; at: string; note: string | null }>(
      'SELECT state, by_name, at, note FROM conflict_history WHERE conflict_id = ? ORDER BY id',
    )
    .all(row.id);
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
