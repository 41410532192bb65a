import { parseExpiryEvery } from './reservation-expiry';
import { startServer } from './server';

/**
 * `tsx sync-server/main.ts`: PORT (8787), HOST (127.0.0.1), DATABASE_URL (else PGlite in DATA_DIR, .data/server),
 * DB_POOL_SIZE (10), LOG_LEVEL (info), TRUST_PROXY (unset: the client's own address counts for the failed-
 * authentication limit; behind a reverse proxy set it to "true" or the proxy's addresses), RECONCILE_AT (the nightly
 * reconciliation's time of day, HH:MM server local time, default 03:00; "off" for none), RESERVATION_EXPIRY_EVERY
 * (seconds between passes of the job that expires reservations nobody collected, default 60; "off" for none).
 */
function trustProxyOf(value: string | undefined): boolean | string | undefined {
  if (value === undefined || value === '') return undefined;
  return value === 'true' || value === 'false' ? value === 'true' : value;
}
const trustProxy = trustProxyOf(process.env.TRUST_PROXY);
const reconcileAt = process.env.RECONCILE_AT === 'off' ? false : process.env.RECONCILE_AT || undefined;
const reservationExpiryEvery = parseExpiryEvery(process.env.RESERVATION_EXPIRY_EVERY);
const server = await startServer({
  port: Number(process.env.PORT ?? 8787),
  host: process.env.HOST ?? '127.0.0.1',
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR ?? '.data/server',
  poolSize: Number(process.env.DB_POOL_SIZE ?? 10),
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  ...(trustProxy === undefined ? {} : { trustProxy }),
  ...(reconcileAt === undefined ? {} : { reconcileAt }),
  reservationExpiryEvery,
});
server.app.log.info({ url: server.url, database: server.db.kind }, 'sync server listening');

const stop = async (): Promise<void> => {
  await server.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
