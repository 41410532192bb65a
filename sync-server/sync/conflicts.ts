import { DomainError } from '../../shared/domain/errors';
import { nextConflictState } from '../../shared/policy/conflict-lifecycle';
import { mayWorkConflicts } from '../../shared/policy/conflict-policy';
import type { ConflictUpdateRequest, SyncConflict } from '../../shared/sync/protocol';
import type { Db } from '../db/db';
import { findUser, writeAudit } from '../db/catalog-repo';
import { actionAlreadyRecorded, lockConflict, moveConflict } from '../db/conflicts-repo';
import { enterTenantWrite } from '../db/locks';
import { conflictView } from '../db/pull-repo';
import { storesOfUser } from '../db/user-stores-repo';
import type { TillIdentity } from './push';

/**
 * A manager at the till marks a conflict of its store contacted or resolved. The lifecycle rule is
 * nextConflictState(); a retried click (same actionId) answers the conflict as it is.
 */
export async function updateConflict(db: Db, till: TillIdentity, conflictId: string, req: ConflictUpdateRequest): Promise<SyncConflict> {
  await db.transaction(async (tx) => {
    await enterTenantWrite(tx, till.tenantId);
    const conflict = await lockConflict(tx, till.tenantId, conflictId);
    if (conflict === null || conflict.storeId !== till.storeId) throw new DomainError('NOT_FOUND', 'no such conflict at this store');
    const seen = await actionAlreadyRecorded(tx, req.actionId);
    if (seen !== null) {
      if (seen.tenantId !== till.tenantId || seen.conflictId !== conflictId) throw new DomainError('DUPLICATE', 'this action id was used for another conflict');
      return;
    }
    // The body only names the manager; their rights come from this tenant's user records (another tenant's
    // manager is simply unknown here) and the stores they may log in at.
    const user = await findUser(tx, till.tenantId, req.userId);
    const assigned = user !== null && (await storesOfUser(tx, till.tenantId, user.id)).includes(till.storeId);
    if (!mayWorkConflicts(user, assigned)) {
      throw new DomainError('FORBIDDEN', 'only an active manager who may log in at this store can work on its conflicts', { userId: req.userId });
    }
    const next = nextConflictState(conflict.kind, conflict.state, req);
    const moved = await moveConflict(tx, till.tenantId, conflictId, conflict.state, next, {
      userId: user.id,
      note: req.note ?? null,
      actionId: req.actionId,
    });
    if (!moved) throw new DomainError('CONFLICT_TRANSITION', 'the conflict changed meanwhile; reload it');
    await writeAudit(tx, till.tenantId, `user:${user.id}`, 'conflict.update', { conflictId, from: conflict.state, to: next.state, outcome: next.outcome, tillId: till.terminalId });
  });
  const view = await conflictView(db, till.tenantId, conflictId);
  if (view === null) throw new DomainError('NOT_FOUND', 'no such conflict at this store');
  const { storeId: _storeId, ...conflict } = view;
  return conflict;
}
