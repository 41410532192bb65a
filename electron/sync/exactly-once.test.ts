import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoProduct } from '../../shared/demo';
import { count, ledgerMismatches } from '../../sync-server/test-support/fixtures';
import { countPendingOps, verifyPin } from '../store';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { startSyncHarness, type HarnessTill, type SyncHarness } from '../test-support/sync-harness';
import { readCursor } from '../store/sync-state-repo';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => {
  await h?.close();
});

function products(n: number): DemoProduct[] {
  const list = h.chain.products.filter((p) => p.active && p.unit === 'each');
  if (list.length < n) throw new Error('not enough demo products sold by the piece');
  return list.slice(0, n);
}

async function appliedOps(tillId: string): Promise<number> {
  return count(h.database.db, 'SELECT count(*) AS n FROM applied_ops WHERE tenant_id = $1 AND terminal_id = $2', [h.tenantId, tillId]);
}

async function serverSaleMovements(tillId: string): Promise<number> {
  return count(h.database.db, "SELECT count(*) AS n FROM movements WHERE tenant_id = $1 AND terminal_id = $2 AND kind = 'SALE'", [h.tenantId, tillId]);
}

async function expectInStep(till: HarnessTill, productIds: readonly string[]): Promise<void> {
  const storeId = till.temp.backend.db.config().storeId;
  for (const id of productIds) expect(till.onHand(id), `level of ${id}`).toBe(await h.serverOnHand(storeId, id));
  expect(ledgerViolations(till.temp.backend.db)).toEqual([]);
  expect(await ledgerMismatches(h.database.db, h.tenantId)).toEqual([]);
}

describe('exactly-once delivery from a real till', () => {
  it('retries after a dropped push answer without applying anything twice, and never re-sends acknowledged ops', async () => {
    const tillId = h.chain.tills[0]?.id as string;
    const till = h.till(tillId);
    await till.agent.syncNow();
    // The pull replaced the seeded PIN hashes with the server's; cashiers still log in offline with them.
    const stored = till.temp.backend.db.db.prepare('SELECT pin_hash FROM users WHERE id = ?').pluck().get(till.cashier.id) as string;
    expect(await verifyPin(till.cashier.pin, stored)).toBe(true);
    expect(await verifyPin('0000', stored)).toBe(false);
    const [p1, p2, p3] = products(3) as [DemoProduct, DemoProduct, DemoProduct];
    till.sell(p1.id, 1000);
    till.sell(p2.id, 2000);
    till.sell(p3.id, 1000);

    h.proxy.requests.length = 0;
    let pushes = 0;
    h.proxy.decide = ({ path }) => (path === '/v1/sync/push' && ++pushes === 1 ? 'drop_response' : 'forward');
    await till.agent.syncNow();
    expect(till.agent.status().online).toBe(false);
    expect(till.agent.status().lastError).toMatch(/could not be reached/);
    expect(countPendingOps(till.temp.backend.db)).toBe(3);
    expect(await appliedOps(tillId)).toBe(3); // the server did the work; the till did not hear about it

    await till.agent.syncNow();
    h.proxy.decide = null;
    expect(till.agent.details()).toMatchObject({ online: true, queued: 0, lastError: null });
    expect(await appliedOps(tillId)).toBe(3);
    expect(await serverSaleMovements(tillId)).toBe(3);
    expect(h.proxy.pushes().map((r) => r.seqs)).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    const results = till.temp.backend.db.db.prepare("SELECT json_extract(result, '$.status') FROM ops ORDER BY seq").pluck().all();
    expect(results).toEqual(['accepted', 'accepted', 'accepted']);
    await expectInStep(till, [p1.id, p2.id, p3.id]);

    // Next round: only the new op travels.
    till.sell(p1.id, 1000);
    h.proxy.requests.length = 0;
    await till.agent.syncNow();
    expect(h.proxy.pushes().map((r) => r.seqs)).toEqual([[4]]);
    expect(await appliedOps(tillId)).toBe(4);
    await expectInStep(till, [p1.id]);
  });

  it('takes the same push twice (a till restored from a copy taken before the answer) as a no-op', async () => {
    const tillId = h.chain.tills[1]?.id as string;
    const till = h.till(tillId);
    await till.agent.syncNow();
    const [p1, p2] = products(2) as [DemoProduct, DemoProduct];
    till.sell(p1.id, 1000);
    till.sell(p2.id, 1000);
    await till.agent.syncNow();
    const serverBefore = { ops: await appliedOps(tillId), p1: await h.serverOnHand(till.temp.backend.db.config().storeId, p1.id) };
    const db = till.temp.backend.db.db;
    const movementsBefore = db.prepare('SELECT count(*) FROM movements').pluck().get();
    const resultsBefore = db.prepare('SELECT result FROM ops ORDER BY seq').pluck().all();

    db.prepare("UPDATE ops SET state = 'pending', result = NULL, acknowledged_at = NULL").run();
    h.proxy.requests.length = 0;
    await till.agent.syncNow();
    expect(h.proxy.pushes().map((r) => r.seqs)).toEqual([[1, 2]]);
    expect(countPendingOps(till.temp.backend.db)).toBe(0);
    expect(await appliedOps(tillId)).toBe(serverBefore.ops);
    expect(await h.serverOnHand(till.temp.backend.db.config().storeId, p1.id)).toBe(serverBefore.p1);
    expect(db.prepare('SELECT result FROM ops ORDER BY seq').pluck().all()).toEqual(resultsBefore);
    expect(db.prepare('SELECT count(*) FROM movements').pluck().get()).toBe(movementsBefore);
    await expectInStep(till, [p1.id, p2.id]);
  });

  it('keeps the cursor where it was when a pull answer is dropped, and applies the pull once on retry', async () => {
    // A till that has pushed nothing yet: the gap test below reuses this till's identity with a fresh file.
    const tillId = h.chain.tills[2]?.id as string;
    const till = h.till(tillId);
    const [p1] = products(1) as [DemoProduct];
    h.proxy.decide = ({ path }) => (path === '/v1/sync/pull' ? 'drop_response' : 'forward');
    await till.agent.syncNow();
    h.proxy.decide = null;
    expect(readCursor(till.temp.backend.db)).toBe('0');
    expect(till.agent.status().online).toBe(false);
    await till.agent.syncNow();
    expect(readCursor(till.temp.backend.db)).not.toBe('0');
    await expectInStep(till, [p1.id]);
  });

  it('refuses to skip over a sequence gap: a server that lost acknowledged ops gets nothing out of order', async () => {
    const tillId = h.chain.tills[2]?.id as string;
    const till = h.till(tillId);
    await till.agent.syncNow();
    const p1 = h.chain.products.find((p) => p.active && p.unit === 'each' && till.onHand(p.id) >= 3000) as DemoProduct;
    till.sell(p1.id, 1000);
    till.sell(p1.id, 1000);
    // The till believes op 1 reached the server (say the server was restored from an older backup).
    till.temp.backend.db.db.prepare("UPDATE ops SET state = 'acknowledged' WHERE seq = 1").run();
    h.proxy.requests.length = 0;
    await till.agent.syncNow();
    expect(h.proxy.pushes().map((r) => r.seqs)).toEqual([[2]]);
    expect(till.agent.details()).toMatchObject({ failureKind: 'fatal', queued: 1 });
    expect(till.agent.status().lastError).toMatch(/server expects op #1/);
    expect(await appliedOps(tillId)).toBe(0);
    expect(countPendingOps(till.temp.backend.db)).toBe(1);
  });
});
