import type { SyncTransfer } from '../../shared/sync/protocol';
import type { TillStore } from '../store';
import { upsertPulledTransfer } from '../store/transfers-repo';

/**
 * The transfers of a pull: each one of this store's (source or destination) replaces what the till held of it,
 * and this till's steps the server has acknowledged stop being laid on top (electron/store/transfers-repo.ts).
 * A transfer between two other locations is not this till's business and is left out. Runs in the pull's
 * transaction, after its op results have acknowledged what the server applied.
 */
export function applyPulledTransfers(store: TillStore, transfers: readonly SyncTransfer[]): number {
  const { storeId } = store.config();
  let applied = 0;
  for (const t of transfers) {
    if (t.sourceId !== storeId && t.destinationId !== storeId) continue;
    upsertPulledTransfer(store, t);
    applied += 1;
  }
  return applied;
}
