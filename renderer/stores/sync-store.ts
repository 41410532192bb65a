import { create } from 'zustand';
import type { SyncStatusView } from '../../shared/api/branch-api';
import type { ErrorBody } from '../../shared/domain/errors';
import type { BranchClient } from '../api/client';

/** The till's sync state, as the header shows it. Polled, because the backend has no push channel to the page. */
export interface SyncStore {
  status: SyncStatusView | null;
  /** the till service itself did not answer (web mode server down): distinct from "offline from the server" */
  unreachable: ErrorBody | null;
  syncing: boolean;
  refresh(client: BranchClient): Promise<void>;
  syncNow(client: BranchClient): Promise<ErrorBody | null>;
}

export const useSyncStore = create<SyncStore>((set, get) => ({
  status: null,
  unreachable: null,
  syncing: false,
  async refresh(client) {
    const r = await client.call('sync.status', {});
    if (r.ok) set({ status: r.value, unreachable: null });
    else set({ unreachable: r.error });
  },
  async syncNow(client) {
    if (get().syncing) return null;
    set({ syncing: true });
    try {
      const r = await client.call('sync.now', {});
      if (r.ok) {
        set({ status: r.value, unreachable: null });
        return null;
      }
      return r.error;
    } finally {
      set({ syncing: false });
    }
  },
}));

export const SYNC_POLL_MS = 2000;

/** Polls sync.status every interval; never overlaps two polls. Returns the stop function. */
export function startSyncPolling(client: BranchClient, intervalMs = SYNC_POLL_MS): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    await useSyncStore.getState().refresh(client);
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
