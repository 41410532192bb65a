import { v7 as uuidv7 } from 'uuid';
import type { Figure } from './figures';
import { round } from './figures';
import type { Operation } from '../shared/ops/operations';
import { createTestDatabase } from '../sync-server/test-support/test-db';
import { startServerProcess } from '../sync-server/test-support/server-process';
import { TestTill } from '../sync-server/test-support/client';
import { drainQueue } from '../sync-server/test-support/drain';
import { count, ledgerMismatches, testProduct } from '../sync-server/test-support/fixtures';
import { createLocation, createTenant, createUser, enrollTill, putProducts, receiveStock } from '../sync-server/admin/service';
import type { Db, Queryable } from '../sync-server/db/db';

/**
 * Server replay against the real PostgreSQL (127.0.0.1:5432), in a database made and dropped for the run.
 *
 * replay.*: 8 tills push 1,000 queued 3-line sales each, concurrently, through HTTP to a server process (pool of
 * 10 connections); compared in the same run
 * with a bare SQL loop at the same concurrency doing, per op, what a replay must do at minimum: one transaction
 * with the three conditional level UPDATEs, three movement INSERTs, the op record and the till's cursor.
 * storm.*: the reconnect storm: 50 tills each pushing 2,000 queued 3-line sales at once; then every op is
 * checked to be applied exactly once (op records, movements, levels = ledger sums).
 */
const STOCK = 1_000_000_000; // a million units: no line is short, so both sides do the same writes

interface Chain {
  tenantId: string;
  userId: string;
  products: string[];
  tills: Array<{ tillId: string; token: string; storeId: string }>;
}

async function seed(db: Db, stores: number, tillsPerStore: number, products: number): Promise<Chain> {
  const { tenantId } = await createTenant(db, { name: `Bench ${uuidv7().slice(-6)}`, currency: 'USD' });
  const { userId } = await createUser(db, { tenantId, name: 'Bench Cashier', role: 'cashier', pin: '1111' });
  const catalog = Array.from({ length: products }, (_, i) => testProduct(i));
  await putProducts(db, tenantId, catalog);
  const tills: Chain['tills'] = [];
  for (let s = 0; s < stores; s++) {
    const { locationId } = await createLocation(db, { tenantId, name: `Store ${s + 1}`, kind: 'store' });
    await receiveStock(db, tenantId, locationId, catalog.map((p) => ({ productId: p.id, qty: STOCK })));
    for (let t = 0; t < tillsPerStore; t++) tills.push({ ...(await enrollTill(db, { tenantId, storeId: locationId, name: `S${s + 1} Till ${t + 1}` })), storeId: locationId });
  }
  return { tenantId, userId, products: catalog.map((p) => p.id), tills };
}

function queue(till: TestTill, products: readonly string[], n: number, salt: number): Operation[] {
  return Array.from({ length: n }, (_, i) =>
    till.sale([0, 1, 2].map((k) => ({ productId: products[(i * 7 + k * 13 + salt * 31) % products.length]!, qty: 1000 }))),
  );
}

/** The bare reference: the same rows written per op with plain statements, no protocol, no policy. */
async function bareLoop(db: Db, chain: Chain, ops: Map<string, Operation[]>): Promise<void> {
  await Promise.all(
    chain.tills.map(async (t) => {
      for (const op of ops.get(t.tillId) ?? []) {
        if (op.type !== 'sale') continue;
        await db.transaction(async (tx: Queryable) => {
          const lines = [...op.payload.lines].sort((a, b) => (a.productId < b.productId ? -1 : 1));
          for (const l of lines) {
            const r = await tx.query(
              `UPDATE levels SET on_hand = on_hand - $4, chg = nextval('change_seq')
                WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 AND on_hand - reserved - quarantined >= $4`,
              [chain.tenantId, t.storeId, l.productId, l.qty],
            );
            if (r.rowCount !== 1) throw new Error('bare loop: guard refused');
            await tx.query(
              `INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, d_on_hand, op_id, line_id, terminal_id, user_id, occurred_at)
               VALUES ($1, $2, $3, 'SALE', $4, -$4::bigint, $5, $6, $7, $8, $9)`,
              [chain.tenantId, t.storeId, l.productId, l.qty, op.id, l.lineId, t.tillId, op.userId, op.occurredAt],
            );
          }
          await tx.query(
            `INSERT INTO applied_ops (tenant_id, terminal_id, seq, op_id, type, schema_version, user_id, occurred_at, clock_skew, status, body, result)
             VALUES ($1, $2, $3, $4, 'sale', 1, $5, $6, false, 'accepted', $7, '{}')`,
            [chain.tenantId, t.tillId, op.seq, op.id, op.userId, op.occurredAt, JSON.stringify(op)],
          );
          await tx.query('UPDATE terminals SET last_seq = $3 WHERE tenant_id = $1 AND id = $2', [chain.tenantId, t.tillId, op.seq]);
        });
      }
    }),
  );
}

async function exactlyOnce(db: Db, chain: Chain, perTill: number): Promise<boolean> {
  const expected = chain.tills.length * perTill;
  const ops = await count(db, 'SELECT count(*) AS n FROM applied_ops WHERE tenant_id = $1', [chain.tenantId]);
  const distinct = await count(db, 'SELECT count(DISTINCT op_id) AS n FROM movements WHERE tenant_id = $1 AND op_id IS NOT NULL', [chain.tenantId]);
  const sales = await count(db, "SELECT count(*) AS n FROM movements WHERE tenant_id = $1 AND kind = 'SALE'", [chain.tenantId]);
  const cursors = await count(db, 'SELECT count(*) AS n FROM terminals WHERE tenant_id = $1 AND last_seq = $2', [chain.tenantId, perTill]);
  const mismatches = await ledgerMismatches(db, chain.tenantId);
  return ops === expected && distinct === expected && sales === expected * 3 && cursors === chain.tills.length && mismatches.length === 0;
}

export async function run(): Promise<Figure[]> {
  const tdb = await createTestDatabase('till_bench_replay', { poolSize: 12 });
  // The server runs as its own process (sync-server/main.ts), as in production: the 50 simulated tills' JSON
  // work stays in this process instead of stealing the server's event loop.
  const server = await startServerProcess({ DATABASE_URL: tdb.url, LOG_LEVEL: 'info' });
  const url = server.url;
  try {
    // replay vs bare, same concurrency (8 tills at 2 stores), separate tenants so neither warms the other's rows
    const perTill = 1000;
    const replayChain = await seed(tdb.db, 2, 4, 300);
    const replayTills = replayChain.tills.map((t) => new TestTill(url, t.tillId, t.token, replayChain.userId, false));
    const replayOps = replayTills.map((t, i) => queue(t, replayChain.products, perTill, i));
    let t0 = performance.now();
    await Promise.all(replayTills.map((t, i) => drainQueue(t, replayOps[i]!)));
    const replaySeconds = (performance.now() - t0) / 1000;
    const replayRate = (replayTills.length * perTill) / replaySeconds;

    const bareChain = await seed(tdb.db, 2, 4, 300);
    const bareOps = new Map(
      bareChain.tills.map((t, i) => [t.tillId, queue(new TestTill(url, t.tillId, t.token, bareChain.userId), bareChain.products, perTill, i)]),
    );
    t0 = performance.now();
    await bareLoop(tdb.db, bareChain, bareOps);
    const bareRate = (bareChain.tills.length * perTill) / ((performance.now() - t0) / 1000);

    // reconnect storm: 50 tills × 2,000 sales, all at once
    const stormPerTill = 2000;
    const stormChain = await seed(tdb.db, 10, 5, 500);
    const stormTills = stormChain.tills.map((t) => new TestTill(url, t.tillId, t.token, stormChain.userId, false));
    const stormOps = stormTills.map((t, i) => queue(t, stormChain.products, stormPerTill, i));
    t0 = performance.now();
    await Promise.all(stormTills.map((t, i) => drainQueue(t, stormOps[i]!)));
    const stormSeconds = (performance.now() - t0) / 1000;
    const once = await exactlyOnce(tdb.db, stormChain, stormPerTill);
    const replayOnce = await exactlyOnce(tdb.db, replayChain, perTill);

    return [
      { name: 'replay.ops_per_s', value: round(replayRate, 0), unit: 'ops/s', target: '>= 50% of bare', met: replayRate >= 0.5 * bareRate && replayOnce },
      { name: 'replay.bare_ops_per_s', value: round(bareRate, 0), unit: 'ops/s' },
      { name: 'storm.seconds', value: round(stormSeconds, 2), unit: 's', target: '< 20 s', met: stormSeconds < 20 },
      { name: 'storm.ops_per_s', value: round((stormTills.length * stormPerTill) / stormSeconds, 0), unit: 'ops/s' },
      { name: 'storm.exactly_once', value: once ? 1 : 0, unit: 'bool', target: '1', met: once },
    ];
  } finally {
    await server.stop();
    await tdb.drop();
  }
}
