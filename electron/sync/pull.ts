import { setTenantTax } from '../store/tax-repo';
import { setStoreScaleFormats } from '../store/scale-formats-repo';
import { SYNC_PATHS, pullResponseSchema, type PullResponse } from '../../shared/sync/protocol';
import { revokeUsers, upsertLocations, upsertProducts, upsertUsers, type TillStore } from '../store';
import { saveServerConflict } from '../store/conflict-actions';
import { SyncError } from './errors';
import { refusal, type SyncHttp } from './http';
import { acknowledgeThrough, recordOpResult } from './apply-op-results';
import { rebaseLevels } from './rebase';
import { applyPulledTransfers } from './transfer-sync';
import { applyPulledReservations } from './reservation-sync';
import { applyPulledRates } from './rate-sync';
import { readCursor, readLastSyncAt, writeCursor } from '../store/sync-state-repo';
import { setServerIdentity } from '../store/till-config-repo';

export interface PullSummary {
  cursor: string;
  products: number;
  levelsCorrected: number;
  opResults: number;
  conflicts: number;
  /** pages fetched and applied (pullChanges; 1 for applyPull) */
  pages: number;
}

/** How far a pull of several pages has come: changes applied so far, of those known to be waiting. */
export interface PullProgress {
  done: number;
  total: number;
  /** this till has never finished a sync: it is loading its catalog and cannot sell everything yet */
  firstSync: boolean;
}

export interface PullOptions {
  now: () => Date;
  timeoutMs: number;
  /** false when another agent took the lease while the answer travelled: it must not be applied then */
  renewLease: () => boolean;
  /** page size to ask the server for (bytes of JSON); the server's default otherwise */
  maxBytes?: number;
  onProgress?: (progress: PullProgress) => void;
}

/**
 * Fetches what changed since the stored cursor, page by page, and applies each page in its own transaction with
 * its cursor (applyPull). A link lost between pages costs only the page in flight: the next cycle starts from the
 * last page applied.
 */
export async function pullChanges(store: TillStore, http: SyncHttp, options: PullOptions): Promise<PullSummary> {
  const firstSync = readLastSyncAt(store) === null;
  const total: PullSummary = { cursor: readCursor(store), products: 0, levelsCorrected: 0, opResults: 0, conflicts: 0, pages: 0 };
  let done = 0;
  for (;;) {
    const since = readCursor(store);
    const query = `since=${encodeURIComponent(since)}${options.maxBytes === undefined ? '' : `&maxBytes=${options.maxBytes}`}`;
    const answer = await http.get(`${SYNC_PATHS.pull}?${query}`, options.timeoutMs);
    if (answer.status === 403) throw new SyncError('auth', `the server refused this till (${answer.error?.message ?? 'forbidden'})`, 403);
    if (answer.status !== 200) throw refusal('pull', answer);
    const parsed = pullResponseSchema.safeParse(answer.json);
    if (!parsed.success) throw new SyncError('fatal', 'the server answered the pull with something this till does not understand', 200);
    if (!options.renewLease()) throw new SyncError('lease_lost', 'another window of this till took over syncing');
    const page = parsed.data;
    const summary = applyPull(store, page, options.now());
    total.cursor = summary.cursor;
    total.products += summary.products;
    total.levelsCorrected += summary.levelsCorrected;
    total.opResults += summary.opResults;
    total.conflicts += summary.conflicts;
    total.pages += 1;
    done += changesIn(page);
    const more = page.more === true;
    options.onProgress?.({ done, total: done + (more ? (page.remaining ?? 0) : 0), firstSync });
    if (!more) return total;
    // A server that says "more" without moving on would keep this loop busy for ever.
    if (BigInt(page.cursor) <= BigInt(since)) throw new SyncError('fatal', `the server's pull did not move past cursor ${since}`, 200);
  }
}

function changesIn(page: PullResponse): number {
  return page.products.length + page.users.length + page.levels.length + page.opResults.length + page.conflicts.length + (page.revokedUserIds?.length ?? 0) + (page.reservations?.length ?? 0) + (page.transfers?.length ?? 0) + (page.rates?.length ?? 0);
}

/**
 * Applies one pull in ONE transaction, then stores its cursor in the same transaction: either the till has all
 * of it or none, and a crash halfway simply pulls again. Order matters: the catalog first (levels and
 * conflicts refer to it), then the op results (they take ops out of the pending set and write the reversals),
 * then the rebase of levels on what is still pending.
 */
export function applyPull(store: TillStore, pull: PullResponse, now: Date): PullSummary {
  const config = store.config();
  if (pull.till.id !== config.tillId || pull.store.id !== config.storeId) {
    throw new SyncError(
      'fatal',
      `this till's token belongs to ${pull.till.name} at ${pull.store.name}, not to ${config.tillName} at ${config.storeName}`,
      null,
      'history_mismatch',
    );
  }
  const at = now.toISOString();
  const summary = store.transaction((): PullSummary => {
    upsertLocations(store, pull.locations);
    upsertProducts(store, pull.products);
    upsertUsers(store, pull.users);
    revokeUsers(store, pull.revokedUserIds ?? []);
    setServerIdentity(store, { tillName: pull.till.name, storeName: pull.store.name, tenantId: pull.tenant.id, currency: pull.tenant.currency });
    setTenantTax(store, pull.tenant.tax, pull.tenant.legal);
    setStoreScaleFormats(store, pull.store.scaleFormats);

    const results = [...pull.opResults].sort((a, b) => a.seq - b.seq);
    for (const result of results) recordOpResult(store, result, at);
    // A result for op n means the server applied everything up to n.
    const lastResult = results.at(-1);
    if (lastResult !== undefined) acknowledgeThrough(store, lastResult.seq, at);

    let conflicts = 0;
    for (const conflict of pull.conflicts) if (saveServerConflict(store, conflict)) conflicts += 1;
    applyPulledTransfers(store, pull.transfers ?? []);
    applyPulledReservations(store, pull.reservations ?? []);
    applyPulledRates(store, pull.rates ?? []);

    const { corrected } = rebaseLevels(store, config.storeId, pull.levels, { cursor: pull.cursor, at });
    writeCursor(store, pull.cursor);
    return { cursor: pull.cursor, products: pull.products.length, levelsCorrected: corrected, opResults: results.length, conflicts, pages: 1 };
  });
  store.invalidateConfig();
  return summary;
}
