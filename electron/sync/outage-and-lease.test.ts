import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoProduct } from '../../shared/demo';
import { revokeTill } from '../../sync-server/admin/service';
import { count } from '../../sync-server/test-support/fixtures';
import { countPendingOps } from '../store';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { FAST_AGENT, startSyncHarness, type SyncHarness } from '../test-support/sync-harness';
import { createSyncAgent, type TillSyncAgent } from './agent';
import { REVOKED_TOKEN_MESSAGE } from './errors';
import type { Timers } from './agent';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => {
  await h?.close();
});

function stocked(onHand: (id: string) => number, minUnits: number): DemoProduct {
  const p = h.chain.products.find((x) => x.active && x.unit === 'each' && onHand(x.id) >= minUnits * 1000);
  if (p === undefined) throw new Error(`no demo product with ${minUnits} units`);
  return p;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function appliedOps(tillId: string): Promise<number> {
  return count(h.database.db, 'SELECT count(*) AS n FROM applied_ops WHERE tenant_id = $1 AND terminal_id = $2', [h.tenantId, tillId]);
}

describe('a till through an outage', () => {
  it('backs off with growing waits while the server is unreachable, keeps selling, and drains its queue when it returns', async () => {
    // Waits are recorded as asked for but run compressed, so the test sees the backoff without sitting through it.
    const asked: number[] = [];
    const timers: Timers = {
      setTimeout: (fn, ms) => {
        asked.push(ms);
        return setTimeout(fn, Math.min(ms, 5));
      },
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const tillId = h.chain.tills[0]?.id as string;
    const till = h.till(tillId, { timers, random: () => 0.9, intervalMs: 40, backoff: { baseMs: 100, capMs: 1_600 } });
    await till.agent.syncNow();
    const product = stocked(till.onHand, 10);

    h.proxy.mode = 'refuse';
    till.sell(product.id, 1000);
    till.sell(product.id, 1000);
    till.agent.start();
    await waitFor('six failed rounds', () => till.agent.details().consecutiveFailures >= 6);
    till.sell(product.id, 1000);
    expect(till.agent.details()).toMatchObject({ online: false, queued: 3, failureKind: 'transient' });
    expect(till.agent.status().lastError).toMatch(/could not be reached/);
    // Full jitter at 0.9 of a ceiling that doubles from 100 ms up to the 1.6 s cap.
    expect(asked.slice(1, 7)).toEqual([90, 180, 360, 720, 1440, 1440]);

    h.proxy.mode = 'forward';
    await waitFor('the queue to drain', () => till.agent.details().queued === 0 && till.agent.status().online);
    await till.agent.stop();
    expect(till.agent.status().lastError).toBeNull();
    expect(till.agent.status().lastSyncAt).not.toBeNull();
    expect(asked.at(-1)).toBe(40); // back to the normal interval once the server answers
    expect(await appliedOps(tillId)).toBe(3);
    expect(till.onHand(product.id)).toBe(await h.serverOnHand(till.temp.backend.db.config().storeId, product.id));
  });

  it('uploads a large backlog in bounded batches and reports its progress', async () => {
    const tillId = h.chain.tills[1]?.id as string;
    const till = h.till(tillId, { maxOpsPerPush: 5 });
    await till.agent.syncNow();
    const product = stocked(till.onHand, 30);
    for (let i = 0; i < 23; i++) till.sell(product.id, 1000);
    const progress: Array<{ done: number; total: number } | null> = [];
    h.proxy.requests.length = 0;
    h.proxy.decide = ({ path }) => {
      if (path === '/v1/sync/push') progress.push(till.agent.status().progress);
      return 'forward';
    };
    await till.agent.syncNow();
    h.proxy.decide = null;
    expect(h.proxy.pushes().map((r) => r.seqs.length)).toEqual([5, 5, 5, 5, 3]);
    expect(progress).toEqual([0, 5, 10, 15, 20].map((done) => ({ done, total: 23 })));
    expect(till.agent.status().progress).toBeNull();
    expect(countPendingOps(till.temp.backend.db)).toBe(0);
    expect(await appliedOps(tillId)).toBe(23);
    expect(ledgerViolations(till.temp.backend.db)).toEqual([]);
  });
});

describe('one sync loop per till', () => {
  it("takes over the lease of a crashed process once it runs out, and not before", async () => {
    const tillId = h.chain.tills[2]?.id as string;
    // Pushes nothing, so the test after it can reuse this till's identity with a fresh file.
    const till = h.till(tillId);
    const db = till.temp.backend.db;
    let clock = Date.now();
    const agent = createSyncAgent({ store: db, ...FAST_AGENT, now: () => new Date(clock), leaseTtlMs: 30_000 });
    db.db.prepare("UPDATE sync_lease SET owner = 'crashed-window', expires_at = ? WHERE singleton = 1").run(clock + 30_000);
    expect((await agent.requestCycle()).outcome).toBe('busy');
    clock += 29_000;
    expect((await agent.requestCycle()).outcome).toBe('busy');
    clock += 2_000;
    const report = await agent.requestCycle();
    expect(report.outcome).toBe('synced');
    // Released at the end of the round: the next window does not wait for it to run out.
    expect(db.db.prepare('SELECT owner FROM sync_lease').pluck().get()).toBeNull();
    await agent.close();
  });

  it('lets only one of two agents on the same database file push at a time, and never pushes an op twice', async () => {
    const tillId = h.chain.tills[2]?.id as string;
    const till = h.till(tillId);
    await till.agent.syncNow();
    // Spread over the best-stocked products so every sale fits the shelf.
    const sellOne = (): void => {
      const [best] = h.chain.products.filter((x) => x.active && x.unit === 'each').sort((x, y) => till.onHand(y.id) - till.onHand(x.id));
      till.sell((best as DemoProduct).id, 1000);
    };
    // Two "windows": separate connections to the same file, each with its own loop.
    const agents: TillSyncAgent[] = [1, 2].map(() => createSyncAgent({ dbPath: till.temp.dbPath, ...FAST_AGENT, intervalMs: 5, maxOpsPerPush: 4 }));
    try {
      h.proxy.requests.length = 0;
      h.proxy.maxConcurrentPushes = 0;
      for (let i = 0; i < 30; i++) sellOne();
      const first = await Promise.all(agents.flatMap((a) => [a.requestCycle(), a.requestCycle()]));
      expect(first.map((r) => r.outcome)).toContain('busy');
      for (const a of agents) a.start();
      for (let i = 0; i < 20; i++) {
        sellOne();
        await new Promise((r) => setTimeout(r, 15));
      }
      await waitFor('both loops to drain the queue', () => countPendingOps(till.temp.backend.db) === 0);
      await Promise.all(agents.map((a) => a.stop()));
    } finally {
      await Promise.all(agents.map((a) => a.close()));
    }
    const pushed = h.proxy.pushes().flatMap((r) => r.seqs);
    expect(h.proxy.maxConcurrentPushes).toBe(1);
    expect(pushed).toHaveLength(50);
    expect([...pushed].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await appliedOps(tillId)).toBe(50);
  });
});

describe('a revoked till', () => {
  it('stops pushing, says why, and retries only rarely', async () => {
    const tillId = h.chain.tills[2]?.id as string;
    const till = h.till(tillId);
    await revokeTill(h.database.db, { tenantId: h.tenantId, tillId });
    const product = stocked(till.onHand, 1);
    till.sell(product.id, 1000);
    h.proxy.requests.length = 0;
    await till.agent.syncNow();
    expect(till.agent.details()).toMatchObject({ online: false, failureKind: 'auth', queued: 1, lastError: REVOKED_TOKEN_MESSAGE });
    expect(h.proxy.requests).toHaveLength(1);
    expect(till.agent.nextDelayMs()).toBe(FAST_AGENT.backoff?.capMs);
  });
});
