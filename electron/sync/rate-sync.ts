import type { OpResult, SyncRate } from '../../shared/sync/protocol';
import type { TillStore } from '../store';
import { refuseOwnRate, savePulledRate } from '../store/exchange-repo';

/**
 * The tenant's exchange rates from a pull, in the server's order: saved with that order, which is what decides the
 * rate in force (store/exchange-repo.ts currentRateRow). This till's own post gets its order when it comes back,
 * and from then on it is one of the server's like any other. Runs in the pull's transaction.
 */
export function applyPulledRates(store: TillStore, rates: readonly SyncRate[]): void {
  for (const rate of rates) savePulledRate(store, rate);
}

/** A rate_post of this till the server rejected (its base is not the tenant's currency...): never in force. */
export function applyRatePostResult(store: TillStore, result: OpResult): void {
  if (result.type === 'rate_post' && result.status === 'rejected') refuseOwnRate(store, result.seq);
}
