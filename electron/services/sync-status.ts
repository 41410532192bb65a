import type { SaleForReturn } from '../../shared/sync/sale-lookup';
import type { SyncAttention, SyncStatusView } from '../../shared/api/branch-api';
import { countPendingOps, type TillStore } from '../store';
import { countOpenConflicts } from './conflicts';
import { tillInfoStamp } from './till-info';

/** What the sync client knows that the database does not: connectivity, progress, and whether a person must look. */
export interface SyncAgentState {
  online: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  progress: { done: number; total: number } | null;
  /** while a pull of several pages runs (electron/sync/pull.ts PullProgress) */
  pullProgress?: { done: number; total: number; firstSync: boolean } | null;
  /** syncing needs a person: the queue is blocked for good, or every attempt fails although the server answers */
  attention?: SyncAttention | null;
}

/**
 * The till's sync client as the backend sees it (implemented in electron/sync/). Optional: without one the till
 * sells offline and reports its queue.
 */
export interface SyncAgent {
  status(): SyncAgentState;
  /** Push and pull now; resolves when this round is over (successfully or not: the state says which). */
  syncNow(): Promise<void>;
  /**
   * A sale of another till of the chain, read from the server for a return here (shared/sync/sale-lookup.ts).
   * NOT_FOUND when the server holds no such sale; UNAVAILABLE when it cannot be asked now.
   */
  lookupSale?(saleId: string, timeoutMs?: number): Promise<SaleForReturn>;
  /** Starts syncing in the background (a till that was just enrolled); nothing when it already does. */
  start?(): void;
}

const OFFLINE: SyncAgentState = { online: false, lastSyncAt: null, lastError: null, progress: null };

export function syncStatus(store: TillStore, agent: SyncAgent | undefined): SyncStatusView {
  const state = agent?.status() ?? OFFLINE;
  return {
    online: state.online,
    queued: countPendingOps(store),
    lastSyncAt: state.lastSyncAt,
    lastError: state.lastError,
    openConflicts: countOpenConflicts(store),
    progress: state.progress,
    ...(state.pullProgress ? { pullProgress: state.pullProgress } : {}),
    ...(state.attention ? { attention: state.attention } : {}),
    tillInfoStamp: tillInfoStamp(store),
  };
}
