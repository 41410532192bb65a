import type { TillStore } from '../store';
import { extendLease, leaseRow, releaseLease, tryTakeLease } from '../store/sync-lease-repo';

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
    return tryTakeLease(this.store, this.ownerId, now, now + this.ttlMs);
  }

  /** Extends our lease; false when someone else took it after it ran out (the caller must stop pushing). */
  renew(): boolean {
    return extendLease(this.store, this.ownerId, this.nowMs() + this.ttlMs);
  }

  release(): void {
    releaseLease(this.store, this.ownerId);
  }

  /** Who holds it now (null when free or expired): for status and tests. */
  holder(): string | null {
    const row = leaseRow(this.store);
    if (row === undefined || row.owner === null || row.expiresAtMs <= this.nowMs()) return null;
    return row.owner;
  }
}
