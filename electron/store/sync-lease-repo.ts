import type { TillStore } from './database';

/**
 * The one row of sync_lease (migration 0002): who may push for this till right now. Each change is one conditional
 * UPDATE, so two processes sharing the file can never both believe they hold it. Times are epoch milliseconds.
 */

/** Takes the lease when it is free, expired, or already `owner`'s; true when `owner` holds it now. */
export function tryTakeLease(store: TillStore, owner: string, nowMs: number, expiresAtMs: number): boolean {
  return (
    store
      .stmt('UPDATE sync_lease SET owner = ?, expires_at = ? WHERE singleton = 1 AND (owner IS NULL OR owner = ? OR expires_at <= ?)')
      .run(owner, expiresAtMs, owner, nowMs).changes === 1
  );
}

/** Extends `owner`'s lease; false when someone else holds it. */
export function extendLease(store: TillStore, owner: string, expiresAtMs: number): boolean {
  return store.stmt('UPDATE sync_lease SET expires_at = ? WHERE singleton = 1 AND owner = ?').run(expiresAtMs, owner).changes === 1;
}

export function releaseLease(store: TillStore, owner: string): void {
  store.stmt('UPDATE sync_lease SET owner = NULL, expires_at = 0 WHERE singleton = 1 AND owner = ?').run(owner);
}

export function leaseRow(store: TillStore): { owner: string | null; expiresAtMs: number } | undefined {
  const row = store.stmt<[], { owner: string | null; expires_at: number }>('SELECT owner, expires_at FROM sync_lease WHERE singleton = 1').get();
  return row === undefined ? undefined : { owner: row.owner, expiresAtMs: row.expires_at };
}
