import type { TillStore } from '../store';

/**
 * The right to push for this till, shared by every process that opens the same database file. One conditional
 * UPDATE takes it (free, expired, or already ours), so two agents can never both believe they hold it; the
 * holder renews it before every request, and a crashed holder's lease simply runs out.
 */
export class SyncLease {
  private readonly store: TillStore;
  readonly ownerId: string;
  private readonly ttlMs: number;
  private readonly nowMs: () => number;

  constructor(store: TillStore, ownerId: string, ttlMs: number, nowMs: () => number) {
    this.store = store;
    this.ownerId = ownerId;
    this.ttlMs = ttlMs;
    this.nowMs = nowMs;
  }

  tryAcquire(): boolean {
    const now = this.nowMs();
    const changed = this.store
      .stmt('UPDATE sync_lease SET owner = ?, expires_at = ? WHERE singleton = 1 AND (owner IS NULL OR owner = ? OR expires_at <= ?)')
      .run(this.ownerId, now + this.ttlMs, this.ownerId, now).changes;
    return changed === 1;
  }

  /** Extends our lease; false when someone else took it after it ran out (the caller must stop pushing). */
  renew(): boolean {
    const changed = this.store
      .stmt('UPDATE sync_lease SET expires_at = ? WHERE singleton = 1 AND owner = ?')
      .run(this.nowMs() + this.ttlMs, this.ownerId).changes;
    return changed === 1;
  }

  release(): void {
    this.store.stmt('UPDATE sync_lease SET owner = NULL, expires_at = 0 WHERE singleton = 1 AND owner = ?').run(this.ownerId);
  }

  /** Who holds it now (null when free or expired): for status and tests. */
  holder(): string | null {
    const row = this.store.stmt<[], { owner: string | null; expires_at: number }>('SELECT owner, expires_at FROM sync_lease WHERE singleton = 1').get();
    if (row === undefined || row.owner === null || row.expires_at <= this.nowMs()) return null;
    return row.owner;
  }
}
