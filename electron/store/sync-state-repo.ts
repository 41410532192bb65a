import type { TillStore } from './database';

/** Where the till stands with its sync server (migration 0002: sync_state). Nothing here is a fact about stock. */

/** The pull cursor applied last; "0" for a till that never pulled (it then receives everything). */
export function readCursor(store: TillStore): string {
  return store.stmt<[], { pull_cursor: string }>('SELECT pull_cursor FROM sync_state WHERE singleton = 1').get()?.pull_cursor ?? '0';
}

/** Runs inside the transaction that applied the pull, so a cursor never claims changes the till does not have. */
export function writeCursor(store: TillStore, cursor: string): void {
  store.stmt('UPDATE sync_state SET pull_cursor = ? WHERE singleton = 1').run(cursor);
}

/** Pull from the beginning again: a cursor of one server means nothing to another. */
export function resetCursor(store: TillStore): void {
  store.stmt("UPDATE sync_state SET pull_cursor = '0' WHERE singleton = 1").run();
}

export function readLastSyncAt(store: TillStore): string | null {
  return store.stmt<[], { last_sync_at: string | null }>('SELECT last_sync_at FROM sync_state WHERE singleton = 1').get()?.last_sync_at ?? null;
}

export function writeLastSyncAt(store: TillStore, at: string): void {
  store.stmt('UPDATE sync_state SET last_sync_at = ? WHERE singleton = 1').run(at);
}

export interface RejectionSummary {
  count: number;
  latest: { seq: number; type: string; reason: string } | null;
}

/**
 * Ops the server refused for good since `sinceIso` (they no longer block the queue, but a manager should know a
 * sale or a receipt did not count at head office).
 */
export function recentRejections(store: TillStore, sinceIso: string): RejectionSummary {
  const rows = store
    .stmt<[string], { seq: number; type: string; reason: string | null; code: string | null }>(
      `SELECT seq, type, json_extract(result, '$.reason') AS reason, json_extract(result, '$.code') AS code FROM ops
       WHERE state = 'acknowledged' AND json_extract(result, '$.status') = 'rejected' AND acknowledged_at >= ?
       ORDER BY seq DESC`,
    )
    .all(sinceIso);
  const first = rows[0];
  return {
    count: rows.length,
    latest: first === undefined ? null : { seq: first.seq, type: first.type, reason: first.reason ?? first.code ?? 'no reason given' },
  };
}
