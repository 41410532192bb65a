import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from './test-support/test-db';
import { createTestDatabase } from './test-support/test-db';
import { count, ledgerMismatches, onHand, seedTestChain } from './test-support/fixtures';
import { TestTill } from './test-support/client';
import { drainQueue } from './test-support/drain';
import type { ServerProcess } from './test-support/server-process';
import { startServerProcess } from './test-support/server-process';

let tdb: TestDatabase;
const running: ServerProcess[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await tdb?.drop();
});

async function server(): Promise<ServerProcess> {
  const s = await startServerProcess({ DATABASE_URL: tdb.url });
  running.push(s);
  return s;
}

describe('server killed mid push', () => {
  it('applies every op exactly once after SIGKILL, restart and retry', async () => {
    const chain = await seedTestChain(tdb.db, { products: 10, stock: 1_000_000 });
    const first = await server();
    const t = chain.tills[0]!;
    const till = new TestTill(first.url, t.tillId, t.token, chain.cashierId);
    const products = chain.products;
    const ops = Array.from({ length: 1500 }, (_, i) =>
      till.sale([0, 1, 2].map((k) => ({ productId: products[(i + k) % products.length]!.id, qty: 1000 }))),
    );

    const inFlight = till.push(ops.slice(0, 500)).catch((e: unknown) => e);
    // Kill as soon as the first chunk committed, while later chunks of the same push are still being applied.
    for (let i = 0; i < 400; i++) {
      if ((await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [t.tillId])) > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    await inFlight;
    const appliedAtCrash = await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [t.tillId]);
    expect(appliedAtCrash).toBeGreaterThan(0);
    expect(appliedAtCrash).toBeLessThan(1500);

    const second = await server();
    const retrying = new TestTill(second.url, t.tillId, t.token, chain.cashierId);
    expect(await drainQueue(retrying, ops)).toBe(1500);

    expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [t.tillId])).toBe(1500);
    expect(await count(tdb.db, 'SELECT count(DISTINCT op_id) AS n FROM movements WHERE terminal_id = $1', [t.tillId])).toBe(1500);
    expect(await count(tdb.db, "SELECT count(*) AS n FROM movements WHERE terminal_id = $1 AND kind = 'SALE'", [t.tillId])).toBe(4500);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
    const sold = await Promise.all(products.map((p) => onHand(tdb.db, chain.tenantId, chain.storeA, p.id)));
    expect(sold.reduce((s, v) => s + (1_000_000 - v), 0)).toBe(4500 * 1000);
    await second.stop();
  });
});

describe('two server processes on one database', () => {
  it('never oversells beyond the policy and loses no op when tills of one store push to both at once', async () => {
    const chain = await seedTestChain(tdb.db, { products: 4, stock: 150_000, tillsPerStore: 4 });
    const [s1, s2] = await Promise.all([server(), server()]);
    const storeTills = chain.tills.filter((t) => t.storeId === chain.storeA);
    const perTill = 120;
    const queues = storeTills.map((t, i) => {
      const till = new TestTill(i % 2 === 0 ? s1.url : s2.url, t.tillId, t.token, chain.cashierId);
      const ops = Array.from({ length: perTill }, (_, k) =>
        till.sale(
          [chain.products[k % 4]!, chain.products[(k + i) % 4]!].map((p) => ({ productId: p.id, qty: 1000 })),
          { customerContact: { phone: '+961 1 234567' } },
        ),
      );
      return { till, ops, other: new TestTill(i % 2 === 0 ? s2.url : s1.url, t.tillId, t.token, chain.cashierId) };
    });
    // Every till pushes its queue in small batches; the first till also races a duplicate of its first batch
    // through the other server, as a retry after a timeout would.
    await Promise.all([
      ...queues.map(async ({ till, ops }) => {
        for (let i = 0; i < ops.length; i += 40) {
          const r = await till.push(ops.slice(0, i + 40));
          if (!r.ok) throw new Error(JSON.stringify(r.body));
        }
      }),
      queues[0]!.other.push(queues[0]!.ops.slice(0, 40)),
    ]);

    const total = storeTills.length * perTill;
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE tenant_id = $1', [chain.tenantId])).toBe(total);
    for (const { till } of queues) {
      expect(await count(tdb.db, 'SELECT max(seq) AS n FROM applied_ops WHERE terminal_id = $1', [till.tillId])).toBe(perTill);
    }
    // 4 tills × 120 sales × 2 units of 4 products = 960 units wanted, 600 on the shelf: the rest is reversed.
    for (const p of chain.products) expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBeGreaterThanOrEqual(0);
    const kept = await count(
      tdb.db,
      `SELECT COALESCE(sum(qty), 0) AS n FROM movements m WHERE m.tenant_id = $1 AND kind = 'SALE' AND location_id = $2
          AND NOT EXISTS (SELECT 1 FROM movements r WHERE r.op_id = m.op_id AND r.line_id = m.line_id AND r.kind = 'REVERSAL')`,
      [chain.tenantId, chain.storeA],
    );
    expect(kept).toBe(600_000);
    const reversedLines = await count(tdb.db, "SELECT count(*) AS n FROM movements WHERE tenant_id = $1 AND kind = 'REVERSAL'", [chain.tenantId]);
    expect(await count(tdb.db, "SELECT count(*) AS n FROM conflicts WHERE tenant_id = $1 AND kind = 'contact_customer'", [chain.tenantId])).toBe(reversedLines);
    expect(reversedLines).toBe(960 - 600);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
    await Promise.all([s1.stop(), s2.stop()]);
  });
});
