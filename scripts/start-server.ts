import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { seedDemo } from '../sync-server/admin/service';
import { startServer } from '../sync-server/server';
import type { RunningServer } from '../sync-server/server';
import { enrolmentSchema, startConfig, type Enrolment, type StartConfig } from './start-config';

/**
 * `npm run start:server`: the sync server of `npm start` on its own, on the embedded database (PGlite) in
 * <data>/server, seeded with the demo chain on its first run (the demo till tokens go to <data>/enrolment.json,
 * where `npm run start:till` finds them). Ctrl-C stops it; the till keeps selling offline meanwhile.
 */

async function ensureSeeded(server: RunningServer, config: StartConfig): Promise<Enrolment> {
  if (existsSync(config.enrolmentFile)) return enrolmentSchema.parse(JSON.parse(readFileSync(config.enrolmentFile, 'utf8')));
  console.log('Seeding the demo chain (first run)…');
  let seeded: Enrolment;
  try {
    seeded = await seedDemo(server.db);
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : null;
    if (code === 'DUPLICATE') {
      throw new Error(`the demo chain is in ${config.serverDataDir} but its till tokens (${config.enrolmentFile}) are gone: delete ${config.dataDir} to start over`);
    }
    throw err;
  }
  // Till tokens are credentials: readable by this user only.
  writeFileSync(config.enrolmentFile, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
  return seeded;
}

async function main(): Promise<void> {
  const config = startConfig();
  mkdirSync(config.dataDir, { recursive: true });
  // Always the embedded database here, even if the shell has a DATABASE_URL for something else.
  const server = await startServer({ port: config.serverPort, host: '127.0.0.1', databaseUrl: undefined, dataDir: config.serverDataDir, logger: { level: 'warn' } });
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    // PGlite writes its files on close: never exit without closing it.
    try {
      await server.close();
    } catch (err) {
      console.error('while stopping the sync server:', err instanceof Error ? err.message : err);
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    await ensureSeeded(server, config);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1);
    return;
  }
  console.log(`Sync server is running: ${server.url} (embedded database in ${config.serverDataDir}, pid ${process.pid})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
