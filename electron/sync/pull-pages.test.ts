import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unassignUser } from '../../sync-server/admin/service';
import { startSyncHarness, type SyncHarness } from '../test-support/sync-harness';
import type { PullProgress } from './pull';
import { readCursor } from '../store/sync-state-repo';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => {
  await h?.close();
});

const hamra = (): string[] => {
  const store = h.chain.stores.find((s) => s.name.includes('Hamra')) ?? h.chain.stores[0];
  return h.chain.tills.filter((t) => t.storeId === store?.id).map((t) => t.id);
};
const pulls = (from: number) => h.proxy.requests.slice(from).filter((r) => r.path === '/v1/sync/pull');
const sinceOf = (query: string): string => new URLSearchParams(query).get('since') ?? '';

describe('the first sync over a link that drops', () => {
  it('pulls in pages, shows its progress, and after the link drops resumes at the last page it applied', async () => {
    const tillId = hamra()[0]!;
    const t = h.till(tillId, { pullPageBytes: 2048 });
    const store = t.temp.backend.db;
    const seen: PullProgress[] = [];
    const from = h.proxy.requests.length;
    let pullsSoFar = 0;
    // The third pull request of the first sync is lost on the way back; every request samples what the till shows.
    h.proxy.decide = ({ path }) => {
      const progress = t.agent.status().pullProgress;
      if (progress) seen.push(progress);
      if (path !== '/v1/sync/pull') return 'forward';
      pullsSoFar += 1;
      return pullsSoFar === 3 ? 'drop_response' : 'forward';
    };
    await t.agent.syncNow();
    expect(t.agent.status().online).toBe(false);
    const firstRun = pulls(from);
    expect(firstRun.map((r) => r.dropped)).toEqual([false, false, true]);
    // Two pages applied: the cursor is the second page's, neither zero nor the end.
    const resumeAt = readCursor(store);
    expect(resumeAt).not.toBe('0');
    expect(sinceOf(firstRun[2]!.query)).toBe(resumeAt);
    // What the till showed while it loaded: a first sync, done rising, never past its total.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((p) => p.firstSync && p.done > 0 && p.done < p.total)).toBe(true);
    expect(seen[1]!.done).toBeGreaterThan(seen[0]!.done);

    h.proxy.decide = null;
    const resumedFrom = h.proxy.requests.length;
    await t.agent.syncNow();
    expect(t.agent.status()).toMatchObject({ online: true, lastError: null });
    const resumed = pulls(resumedFrom);
    // It starts where it stopped, not from zero, and goes on to the end.
    expect(sinceOf(resumed[0]!.query)).toBe(resumeAt);
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    expect(t.agent.status().pullProgress ?? null).toBeNull();
    const products = store.stmt<[], { n: number }>('SELECT count(*) AS n FROM products').get()?.n;
    expect(products).toBe(h.chain.products.length);
    // Answers crossed the wire compressed: less than their JSON.
    expect(resumed.every((r) => r.responseBytes > 0 && r.responseBytes < 2048)).toBe(true);
  });

  it('sends a large push gzipped, and the server applies it', async () => {
    const tillId = hamra()[1]!;
    const t = h.till(tillId);
    await t.agent.syncNow();
    const product = h.chain.products.find((p) => p.active && p.unit === 'each')!;
    for (let i = 0; i < 20; i++) t.sell(product.id, 1000);
    const from = h.proxy.requests.length;
    await t.agent.syncNow();
    const pushes = h.proxy.requests.slice(from).filter((r) => r.path === '/v1/sync/push');
    expect(pushes.map((r) => [r.contentEncoding, r.status, r.seqs.length])).toEqual([['gzip', 200, 20]]);
    expect(t.agent.details().queued).toBe(0);
  });

  it('drops a user and its PIN hash from a till when head office unassigns it from the store', async () => {
    const tillId = hamra()[0]!;
    const t = h.till(tillId);
    await t.agent.syncNow();
    const manager = h.chain.users.find((u) => u.role === 'manager')!;
    const row = () => t.temp.backend.db.stmt<[string], { active: number; pin_hash: string }>('SELECT active, pin_hash FROM users WHERE id = ?').get(manager.id);
    expect(row()).toMatchObject({ active: 1 });
    await unassignUser(h.database.db, { tenantId: h.tenantId, userId: manager.id, storeId: t.temp.backend.db.config().storeId });
    await t.agent.syncNow();
    expect(row()).toEqual({ active: 0, pin_hash: '' });
  });
});
