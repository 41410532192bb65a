import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './test-support/test-db';
import { createTestDatabase, PG_ADMIN_URL } from './test-support/test-db';
import { count, ledgerMismatches, onHand, seedTestChain } from './test-support/fixtures';
import { TestTill } from './test-support/client';
import { drainQueue } from './test-support/drain';
import type { ServerProcess } from './test-support/server-process';
import { startServerProcess } from './test-support/server-process';
import { healthResponseSchema, SYNC_PATHS } from '../shared/sync/protocol';

/**
 * Issue 7 item 12: PostgreSQL drops the server's connections (a failover, a restart, an admin's
 * pg_terminate_backend) while pushes are being applied. Every till in flight must get 503 UNAVAILABLE, the
 * process must keep serving, the pool must recover, and nothing may be half applied.
 */
const APP_NAME = 'till_sync_under_test';
let tdb: TestDatabase;
let server: ServerProcess | undefined;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await server?.stop();
  await tdb?.drop();
});

/** Terminates every backend the server process holds (tagged by application_name), never the test's own. */
async function terminateServerBackends(admin: pg.Client): Promise<number> {
  const r = await admin.query('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [tdb.name, APP_NAME]);
  return r.rowCount ?? 0;
}

type Outcome = { kind: 'ok'; ackSeq: number } | { kind: 'error'; status: number; code: string } | { kind: 'connection lost'; error: string };

describe('database connections lost in the middle of a large push', () => {
  it('answers 503 UNAVAILABLE to every till in flight, keeps serving, and applies every op exactly once on retry', async () => {
    const chain = await seedTestChain(tdb.db, { products: 10, stock: 10_000_000, tillsPerStore: 2 });
    const url = new URL(tdb.url);
    url.searchParams.set('application_name', APP_NAME);
    server = await startServerProcess({ DATABASE_URL: url.toString(), DB_POOL_SIZE: '4' });
    const s = server;
    const tills = chain.tills.map((t) => new TestTill(s.url, t.tillId, t.token, chain.cashierId));
    const queues = tills.map((till) =>
      Array.from({ length: 500 }, (_, i) => till.sale([0, 1, 2].map((k) => ({ productId: chain.products[(i + k) % 10]!.id, qty: 1000 })))),
    );

    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const outcomes: Outcome[] = [];
      const inFlight = tills.map((till, i) =>
        till.push(queues[i]!).then(
          (r): Outcome => (r.ok ? { kind: 'ok', ackSeq: r.body.ackSeq } : { kind: 'error', status: r.status, code: r.body.code }),
          (e: unknown): Outcome => ({ kind: 'connection lost', error: String(e) }),
        ),
      );
      // Wait until a chunk committed (the pushes are mid-way), then keep cutting the server's connections until
      // every push has answered: chunks after the first are applied on connections that die under them.
      for (let i = 0; i < 2000; i++) {
        if ((await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE tenant_id = $1', [chain.tenantId])) > 0) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      let settled = false;
      const all = Promise.all(inFlight).then((o) => {
        settled = true;
        outcomes.push(...o);
      });
      let terminated = 0;
      while (!settled) {
        terminated += await terminateServerBackends(admin);
        await new Promise((r) => setTimeout(r, 10));
      }
      await all;
      expect(terminated).toBeGreaterThan(0);

      // No till saw the connection drop or a 500: each push either finished before the cut or was told to retry.
      for (const o of outcomes) {
        if (o.kind === 'ok') continue;
        expect(o).toEqual({ kind: 'error', status: 503, code: 'UNAVAILABLE' });
      }
      expect(outcomes.some((o) => o.kind === 'error')).toBe(true);
      expect(s.child.exitCode).toBeNull();
      expect(s.child.signalCode).toBeNull();

      // The pool recovers: health answers and every queue drains through the same process.
      const health = await fetch(s.url + SYNC_PATHS.health);
      expect(health.status).toBe(200);
      expect(healthResponseSchema.parse(await health.json()).ok).toBe(true);
      for (const [i, till] of tills.entries()) expect(await drainQueue(till, queues[i]!)).toBe(500);
    } finally {
      await admin.end();
    }

    // Nothing half applied, nothing applied twice: 4 tills x 500 sales x 3 lines of 1 unit.
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE tenant_id = $1', [chain.tenantId])).toBe(2000);
    expect(await count(tdb.db, "SELECT count(*) AS n FROM movements WHERE tenant_id = $1 AND kind = 'SALE'", [chain.tenantId])).toBe(6000);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
    for (const storeId of [chain.storeA, chain.storeB]) {
      const levels = await Promise.all(chain.products.map((p) => onHand(tdb.db, chain.tenantId, storeId, p.id)));
      expect(levels.reduce((sum, v) => sum + (10_000_000 - v), 0)).toBe(3000 * 1000);
    }
    expect(s.child.exitCode).toBeNull();
  });
});
