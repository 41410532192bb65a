import { v7 as uuidv7 } from 'uuid';
import { conflictActionSchema, type ConflictAction } from '../../shared/policy/conflict-lifecycle';
import type { SyncConflict } from '../../shared/sync/protocol';
import type { TillStore } from './database';

/**
 * Stores a conflict as the server reports it: the server's state and history replace the local ones, except
 * while a change the manager made at this till has not reached the server yet (dirty): overwriting it would undo
 * the click. That holds for the server's answer to one queued change too: while a later change is still queued
 * (the manager resolved while "contacted" was on its way), the answer is older than what the manager sees, so
 * it is not shown (answerConflictAction). Runs inside the caller's transaction.
 */
export function saveServerConflict(store: TillStore, conflict: SyncConflict): boolean {
  const dirty = store.stmt<[string], { dirty: number }>('SELECT dirty FROM conflicts WHERE id = ?').get(conflict.id)?.dirty === 1;
  if (dirty) return false;
  store
    .stmt(
      `INSERT INTO conflicts (id, kind, state, outcome, sale_id, line_id, product_id, product_name, qty, available_at_replay,
         customer_contact, till_name, cashier_name, occurred_at, elsewhere, dirty, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, state = excluded.state, outcome = excluded.outcome,
         product_name = excluded.product_name, available_at_replay = excluded.available_at_replay,
         customer_contact = excluded.customer_contact, till_name = excluded.till_name, cashier_name = excluded.cashier_name,
         elsewhere = excluded.elsewhere, dirty = excluded.dirty, updated_at = excluded.updated_at`,
    )
    .run(
      conflict.id,
      conflict.kind,
      conflict.state,
      conflict.outcome,
      conflict.saleId,
      conflict.lineId,
      conflict.productId,
      conflict.productName,
      conflict.qty,
      conflict.availableAtReplay,
      conflict.customerContact === null ? null : JSON.stringify(conflict.customerContact),
      conflict.tillName,
      conflict.cashierName,
      conflict.occurredAt,
      JSON.stringify(conflict.elsewhere.map((e) => ({ locationName: e.locationName, available: e.available }))),
      0,
      conflict.history.at(-1)?.at ?? conflict.openedAt,
    );
  store.stmt('DELETE FROM conflict_history WHERE conflict_id = ?').run(conflict.id);
  const addHistory = store.stmt('INSERT INTO conflict_history (conflict_id, state, by_name, at, note) VALUES (?, ?, ?, ?, ?)');
  for (const h of conflict.history) addHistory.run(conflict.id, h.state, h.byName, h.at, h.note);
  return true;
}

export interface QueuedConflictAction {
  seq: number;
  actionId: string;
  conflictId: string;
  userId: string;
  action: ConflictAction;
}

/**
 * Queues a manager's conflict change for the server, with the action id it keeps on every retry. The service
 * that records the change (electron/services/conflicts.ts updateConflict) calls it in the same transaction, so
 * a change is never shown without being queued.
 */
export function queueConflictAction(store: TillStore, input: { conflictId: string; userId: string; action: ConflictAction; at: Date }): string {
  const actionId = uuidv7();
  const action = conflictActionSchema.parse(input.action);
  store
    .stmt('INSERT INTO conflict_actions (action_id, conflict_id, user_id, action, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(actionId, input.conflictId, input.userId, JSON.stringify(action), input.at.toISOString());
  store.stmt('UPDATE conflicts SET dirty = 1 WHERE id = ?').run(input.conflictId);
  return actionId;
}

export function pendingConflictActions(store: TillStore): QueuedConflictAction[] {
  return store
    .stmt<[], { seq: number; action_id: string; conflict_id: string; user_id: string; action: string }>(
      "SELECT seq, action_id, conflict_id, user_id, action FROM conflict_actions WHERE state = 'pending' ORDER BY seq",
    )
    .all()
    .map((r) => ({
      seq: r.seq,
      actionId: r.action_id,
      conflictId: r.conflict_id,
      userId: r.user_id,
      action: conflictActionSchema.parse(JSON.parse(r.action)),
    }));
}

function hasPendingActions(store: TillStore, conflictId: string): boolean {
  return (
    store.stmt<[string], { one: number }>("SELECT 1 AS one FROM conflict_actions WHERE conflict_id = ? AND state = 'pending' LIMIT 1").get(conflictId) !==
    undefined
  );
}

/** A conflict shows the server's copy again once none of the manager's changes to it is left to send. */
function clearDirtyUnlessQueued(store: TillStore, conflictId: string): void {
  if (!hasPendingActions(store, conflictId)) store.stmt('UPDATE conflicts SET dirty = 0 WHERE id = ?').run(conflictId);
}

/** The first change still to send, in the order the manager made them. */
export function nextPendingConflictAction(store: TillStore): QueuedConflictAction | undefined {
  return pendingConflictActions(store)[0];
}

/**
 * The server took this change and answered with its copy of the conflict: the change leaves the queue, and the
 * answer becomes the local conflict unless the manager made another change here meanwhile (still queued: that
 * newer one stays on screen until its own answer comes). Returns whether the answer was stored.
 */
export function answerConflictAction(store: TillStore, action: QueuedConflictAction, conflict: SyncConflict): boolean {
  store.stmt("UPDATE conflict_actions SET state = 'sent', error = NULL WHERE seq = ?").run(action.seq);
  clearDirtyUnlessQueued(store, action.conflictId);
  return saveServerConflict(store, conflict);
}

/**
 * The server will never accept this action (another manager resolved the conflict first, the user is not a
 * manager there...). It leaves the queue; the conflict stops being dirty once nothing else is queued for it, so
 * the next change the server reports about it is shown.
 */
export function markActionRefused(store: TillStore, action: QueuedConflictAction, error: string): void {
  store.stmt("UPDATE conflict_actions SET state = 'refused', error = ? WHERE seq = ?").run(error, action.seq);
  clearDirtyUnlessQueued(store, action.conflictId);
}
