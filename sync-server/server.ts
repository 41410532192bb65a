import type { FastifyInstance } from 'fastify';
import type { UpgradeConfig } from '../shared/sync/upgrade';
import { buildApp } from './app';
import type { Db } from './db/db';
import { openDb } from './db/db';
import { migrate } from './db/migrate';
import type { NightlyReconciliation, SchedulerClock } from './reconcile-scheduler';
import { parseTimeOfDay, startNightlyReconciliation } from './reconcile-scheduler';
import type { ReservationExpiryJob } from './reservation-expiry';
import { checkedExpiryEvery, startReservationExpiry } from './reservation-expiry';

export interface StartOptions {
  port?: number;
  host?: string;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  logger?: boolean | Record<string, unknown>;
  upgrade?: UpgradeConfig;
  poolSize?: number;
  /** see AppOptions.trustProxy */
  trustProxy?: boolean | string;
  /** the nightly reconciliation's time of day, HH:MM server local time (default 03:00); false: no nightly job */
  reconcileAt?: string | false;
  /** the scheduler's clock (tests move it) */
  reconcileClock?: SchedulerClock;
  /** milliseconds between passes of the reservation expiry job; false or absent: none (main.ts turns it on) */
  reservationExpiryEvery?: number | false;
  /** the expiry job's clock (tests move it) */
  reservationExpiryClock?: SchedulerClock;
}

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  /** null when started with reconcileAt: false */
  reconciliation: NightlyReconciliation | null;
  /** null unless started with reservationExpiryEvery */
  reservationExpiry: ReservationExpiryJob | null;
  close(): Promise<void>;
}

/** Opens the database (PostgreSQL or embedded PGlite), migrates it, and listens. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const db = await openDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, poolSize: opts.poolSize });
  try {
    // checked before anything starts: a mistyped schedule fails the start instead of never running
    const reconcileAt = opts.reconcileAt === false ? null : parseTimeOfDay(opts.reconcileAt ?? '03:00');
    const expiryEvery = opts.reservationExpiryEvery === undefined || opts.reservationExpiryEvery === false ? null : checkedExpiryEvery(opts.reservationExpiryEvery);
    await migrate(db);
    const app = await buildApp({
      db,
      logger: opts.logger ?? false,
      ...(opts.upgrade ? { upgrade: opts.upgrade } : {}),
      ...(opts.trustProxy === undefined ? {} : { trustProxy: opts.trustProxy }),
    });
    await app.listen({ port: opts.port ?? 8787, host: opts.host ?? '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : (opts.port ?? 8787);
    const reconciliation =
      reconcileAt === null ? null : startNightlyReconciliation(db, { at: reconcileAt, log: app.log, ...(opts.reconcileClock ? { clock: opts.reconcileClock } : {}) });
    const reservationExpiry =
      expiryEvery === null ? null : startReservationExpiry(db, { everyMs: expiryEvery, log: app.log, ...(opts.reservationExpiryClock ? { clock: opts.reservationExpiryClock } : {}) });
    return {
      app,
      db,
      url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
      reconciliation,
      reservationExpiry,
      async close() {
        // a run in flight finishes (and is recorded) before the pool closes under it
        await reconciliation?.stop();
        await reservationExpiry?.stop();
        await app.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
