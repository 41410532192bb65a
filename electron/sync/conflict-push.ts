import { SYNC_PATHS, conflictUpdateResponseSchema, type ConflictUpdateRequest } from '../../shared/sync/protocol';
import type { TillStore } from '../store';
import { answerConflictAction, markActionRefused, nextPendingConflictAction } from '../store/conflict-actions';
import { SyncError } from './errors';
import type { SyncHttp } from './http';

export interface ConflictPushSummary {
  sent: number;
  refused: number;
  /** the server's reasons for refused actions, for the status line */
  errors: string[];
}

/**
 * Sends the manager's queued conflict changes in the order they were made. Each carries the action id made at
 * the click, so a retry after a dropped answer is recognised and not applied twice. The server's answer becomes
 * the local conflict once nothing else is queued for it. The queue is read afresh after every answer, so a change
 * the manager makes while an earlier one is on its way goes in the same round.
 */
export async function pushConflictActions(store: TillStore, http: SyncHttp, renewLease: () => boolean): Promise<ConflictPushSummary> {
  const summary: ConflictPushSummary = { sent: 0, refused: 0, errors: [] };
  for (let queued = nextPendingConflictAction(store); queued !== undefined; queued = nextPendingConflictAction(store)) {
    if (!renewLease()) throw new SyncError('lease_lost', 'another window of this till took over syncing');
    const body: ConflictUpdateRequest = { actionId: queued.actionId, userId: queued.userId, ...queued.action };
    const answer = await http.post(SYNC_PATHS.conflict(queued.conflictId), JSON.stringify(body));
    if (answer.status === 200) {
      const parsed = conflictUpdateResponseSchema.safeParse(answer.json);
      if (!parsed.success) throw new SyncError('fatal', 'the server answered a conflict update with something this till does not understand', 200);
      const conflict = parsed.data.conflict;
      const sent = queued;
      store.transaction(() => answerConflictAction(store, sent, conflict));
      summary.sent += 1;
    } else if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
      // Refused for good (already resolved by another manager, not a manager there, unknown conflict): it
      // leaves the queue so it cannot block the rest, and the status tells the manager.
      const reason = answer.error === null ? `HTTP ${answer.status}` : `${answer.error.code}: ${answer.error.message}`;
      store.transaction(() => markActionRefused(store, queued, reason));
      summary.refused += 1;
      // "Contacted" refused as a transition means the server already knows of the call (another till, or an
      // earlier round whose answer was lost): nothing the manager needs to hear about.
      const alreadyContacted = queued.action.action === 'contacted' && answer.error?.code === 'CONFLICT_TRANSITION';
      if (!alreadyContacted) summary.errors.push(`a conflict update was refused by the server (${reason})`);
    } else {
      throw new SyncError('transient', `the server could not take a conflict update now (HTTP ${answer.status})`, answer.status);
    }
  }
  return summary;
}
