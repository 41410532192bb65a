import type { Db, Queryable } from './db/db';
import { enterTenantWrite } from './db/locks';
import { lockLevels, writeLedger } from './db/push-repo';
import { retryTransaction } from './db/retry';
import { lockLapsedReservations, tenantsWithLapsedReservations, writeReservations } from './db/reservations-repo';
import { decideLedgerWrite } from '../shared/policy/conflict-policy';
import { LevelBook } from './sync/plan';
import type { ReservationState } from './sync/plan/reservations';
import type { SchedulerClock, SchedulerLog } from './reconcile-scheduler';
import { systemClock } from './reconcile-scheduler';

/**
 * The server's expiry of reservations nobody collected (shared/domain/reservation.ts): every open reservation
 * whose expires_at has passed by the SERVER's clock gives its hold back, RELEASE movements with the system cause
 * reservation_expiry (ref = the reservation id), and becomes expired with a fresh change stamp, so its store's
 * tills pull it. A till expires its own reservations too (its op is replayed like any release); whichever comes
 * second finds the reservation ended and changes nothing.
 *
 * Each pass runs per tenant in transactions of at most `batch` reservations, inside the pull barrier, and locks
 * as a push chunk does: reservation rows first (skipping the ones a push holds: that push may be ending them, and
 * the next pass finds any still open), then their level rows in (location, product) order.
 */
export interface ExpiryOptions {
  /** the server's clock (a test passes its own) */
  now?: Date;
  /** reservations per transaction */
  batch?: number;
}

export interface ExpiryReport {
  tenantId: string;
  /** reservations expired by this pass */
  expired: number;
  /** RELEASE movements written */
  released: number;
}

const DEFAULT_BATCH = 200;

export async function expireReservations(db: Db, opts: ExpiryOptions = {}): Promise<ExpiryReport[]> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? DEFAULT_BATCH;
  const reports: ExpiryReport[] = [];
  for (const tenantId of await tenantsWithLapsedReservations(db, now)) {
    const report: ExpiryReport = { tenantId, expired: 0, released: 0 };
    for (;;) {
      // A deadlock PostgreSQL broke with a push chunk: the batch is run again (db/retry.ts), as a chunk is.
      const pass = await retryTransaction(() => db.transaction((tx) => expireBatch(tx, tenantId, now, batch)));
      report.expired += pass.expired;
      report.released += pass.released;
      if (pass.expired < batch) break;
    }
    if (report.expired > 0) reports.push(report);
  }
  return reports;
}

async function expireBatch(tx: Queryable, tenantId: string, now: Date, batch: number): Promise<Omit<ExpiryReport, 'tenantId'>> {
  await enterTenantWrite(tx, tenantId);
  const lapsed = await lockLapsedReservations(tx, tenantId, now, batch);
  if (lapsed.length === 0) return { expired: 0, released: 0 };
  const held = lapsed.flatMap((r) => r.lines.filter((l) => l.held > 0).map((l) => ({ locationId: r.locationId, productId: l.productId })));
  const book = new LevelBook(await lockLevels(tx, tenantId, held));
  const write = decideLedgerWrite({ kind: 'reservation_end' });
  const updated: ReservationState[] = [];
  for (const r of lapsed) {
    const meta = {
      cause: { kind: 'reservation_expiry', ref: r.id },
      opId: null,
      seq: null,
      userId: null,
      occurredAt: now,
      note: `expired at ${r.expiresAt.toISOString()}, not collected`,
    } as const;
    for (const l of r.lines) if (l.held > 0) book.write(r.locationId, l.productId, { kind: 'RELEASE', qty: l.held }, write, { ...meta, lineId: l.lineId });
    updated.push({ ...r, status: 'expired', lines: r.lines.map((l) => ({ ...l, held: 0 })), endedAt: now, endOpId: null });
  }
  await writeLedger(tx, tenantId, null, book);
  await writeReservations(tx, tenantId, { created: [], updated });
  return { expired: lapsed.length, released: book.movements.length };
}

/** How often the server looks for lapsed reservations unless told otherwise (main.ts RESERVATION_EXPIRY_EVERY). */
export const DEFAULT_EXPIRY_EVERY_MS = 60_000;

export interface ReservationExpiryJob {
  /** resolves when no pass is in flight */
  idle(): Promise<void>;
  /** cancels the timer and waits for a pass in flight to finish (before the database closes) */
  stop(): Promise<void>;
}

/**
 * Runs expireReservations() every `everyMs` by the scheduler's clock (the next pass is armed after the previous
 * one finished, so passes never overlap in one process). Every server process may run one: the row locks let
 * exactly one of them expire each reservation. A failed pass is logged; the next one tries again.
 */
export function startReservationExpiry(db: Db, opts: { everyMs: number; clock?: SchedulerClock; log: SchedulerLog; batch?: number }): ReservationExpiryJob {
  checkedExpiryEvery(opts.everyMs);
  const clock = opts.clock ?? systemClock;
  let cancel: (() => void) | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const pass = async (): Promise<void> => {
    try {
      const reports = await expireReservations(db, { now: clock.now(), ...(opts.batch === undefined ? {} : { batch: opts.batch }) });
      for (const r of reports) opts.log.info({ ...r }, `tenant ${r.tenantId}: ${r.expired} reservation(s) expired, ${r.released} hold(s) released`);
    } catch (e) {
      opts.log.error({ err: e }, 'reservation expiry failed');
    }
  };
  const arm = (): void => {
    if (stopped) return;
    cancel = clock.setTimer(wake, opts.everyMs);
  };
  function wake(): void {
    cancel = null;
    if (stopped) return;
    running = pass().then(arm);
  }

  arm();
  return {
    idle: () => running,
    async stop() {
      stopped = true;
      cancel?.();
      cancel = null;
      await running;
    },
  };
}

/** The interval between passes, checked: at least a second (a mistyped one fails the server's start). */
export function checkedExpiryEvery(ms: number): number {
  if (!Number.isInteger(ms) || ms < 1000) throw new Error(`reservations are expired at most once a second, not every ${ms} ms`);
  return ms;
}

/** RESERVATION_EXPIRY_EVERY: seconds between passes ("off": none). */
export function parseExpiryEvery(text: string | undefined): number | false {
  if (text === undefined || text === '') return DEFAULT_EXPIRY_EVERY_MS;
  if (text === 'off') return false;
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1) throw new Error(`RESERVATION_EXPIRY_EVERY is a number of seconds (at least 1) or "off", not "${text}"`);
  return Number(text) * 1000;
}
