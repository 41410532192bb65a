import type { TillStore } from '../store';
import { expireDueReservations, type ExpirySummary } from './reservations';

/** How often a running till releases its own lapsed reservations; the list does it too, before it answers. */
export const RESERVATION_EXPIRY_INTERVAL_MS = 60_000;

export interface ExpiryTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const REAL_TIMERS: ExpiryTimers = {
  setInterval: (fn, ms) => {
    const handle = setInterval(fn, ms);
    // Never keep a closing app (or a finished test) alive on its own.
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface ReservationExpiryOptions {
  now?: () => Date;
  intervalMs?: number;
  timers?: ExpiryTimers;
  /** where a run's failures go (a reservation whose level no longer holds it, a busy database); tried again next run */
  logError?: (message: string, error: unknown) => void;
}

/**
 * The till's periodic expiry of its own reservations (services/reservations.ts expireDueReservations). It runs
 * whether or not the till reaches a server: a hold made offline must lapse offline too, or the stock stays
 * promised to nobody. Started by the till runtime (electron/web/till-runtime.ts) beside the sync loop.
 */
export class ReservationExpiry {
  private handle: unknown = null;
  private readonly now: () => Date;
  private readonly timers: ExpiryTimers;
  private readonly logError: (message: string, error: unknown) => void;

  constructor(
    private readonly store: TillStore,
    private readonly options: ReservationExpiryOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.timers = options.timers ?? REAL_TIMERS;
    this.logError = options.logError ?? ((message, error) => console.error(message, error));
  }

  start(): void {
    if (this.handle !== null) return;
    this.handle = this.timers.setInterval(() => void this.runOnce(), this.options.intervalMs ?? RESERVATION_EXPIRY_INTERVAL_MS);
  }

  stop(): void {
    if (this.handle !== null) this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  /** One run; never throws, so the timer cannot be broken by a failure. */
  runOnce(): ExpirySummary {
    try {
      const summary = expireDueReservations(this.store, this.now());
      for (const f of summary.failed) this.logError(`reservation ${f.reservationId} could not be expired yet`, f.error);
      return summary;
    } catch (error) {
      this.logError('the reservation expiry run failed', error);
      return { expired: [], failed: [] };
    }
  }
}
