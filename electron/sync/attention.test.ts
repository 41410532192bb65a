import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoProduct } from '../../shared/demo';
import type { SyncStatusView } from '../../shared/api/branch-api';
import { syncStatus } from '../services';
import { startSyncHarness, type HarnessTill, type SyncHarness } from '../test-support/sync-harness';
import { attentionOf, SERVER_FAILING_AFTER } from './attention';
import { SyncError } from './errors';
import type { FetchLike } from './http';
import { configureSyncServer } from './server-config';

/**
 * "Needs attention" comes from the backend, for each way the queue can be blocked for good or every attempt can
 * fail while the server answers, and never for a plain network cut. Real tills against a real server; where a
 * cause cannot be produced honestly (a server answering garbage or 5xx), the answer is tampered with on its way.
 */
let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => {
  await h?.close();
});

const realFetch = globalThis.fetch as unknown as FetchLike;
/** Answers requests whose path contains `path` with `answer` while `on` is true; the rest reach the server. */
function tampering(path: string, answer: { status: number; body: string }) {
  const state = { on: true };
  const fetch: FetchLike = async (url, init) => {
    if (state.on && url.includes(path)) return { status: answer.status, text: async () => answer.body };
    return realFetch(url, init);
  };
  return { state, fetch };
}

function statusOf(till: HarnessTill): SyncStatusView {
  return syncStatus(till.temp.backend.db, till.agent);
}

function unitProduct(till: HarnessTill): DemoProduct {
  const p = h.chain.products.find((x) => x.active && x.unit === 'each' && till.onHand(x.id) >= 5000);
  if (p === undefined) throw new Error('no demo product with stock');
  return p;
}

describe('sync needs attention', () => {
  it('a server that lost ops this till delivered: server_lost_ops, the queue stays, and the reason reaches sync.status', async () => {
    const till = h.till(h.chain.tills[0]!.id);
    await till.agent.syncNow();
    expect(statusOf(till).attention ?? null).toBeNull();
    const p = unitProduct(till);
    till.sell(p.id, 1000);
    till.sell(p.id, 1000);
    // The till counts op 1 as delivered; the server (restored from an older backup, say) never had it.
    till.temp.backend.db.db.prepare("UPDATE ops SET state = 'acknowledged' WHERE seq = 1").run();
    await till.agent.syncNow();
    const status = statusOf(till);
    expect(status.attention?.reason).toBe('server_lost_ops');
    expect(status.attention?.detail).toMatch(/server expects op #1/);
    expect(status.queued).toBe(1);
    // It stays blocked, and stays said, on every later attempt.
    const since = status.attention?.since;
    await till.agent.syncNow();
    expect(statusOf(till).attention).toMatchObject({ reason: 'server_lost_ops', since });
  });

  it('a database older than the server copy of its history: history_mismatch', async () => {
    const tillId = h.chain.tills[1]!.id;
    const first = h.till(tillId);
    await first.agent.syncNow();
    const p = unitProduct(first);
    first.sell(p.id, 1000);
    first.sell(p.id, 1000);
    await first.agent.syncNow();
    expect(statusOf(first)).toMatchObject({ online: true, queued: 0 });
    // The same till from an older copy of its database: it wrote only one op, the server holds two.
    const old = h.till(tillId);
    old.sell(p.id, 1000);
    await old.agent.syncNow();
    expect(statusOf(old).attention?.reason).toBe('history_mismatch');
  });

  it('an answer the till cannot read: unreadable_answer; it clears once the server answers properly', async () => {
    const tamper = tampering('/v1/sync/pull', { status: 200, body: '{"hello":"there"}' });
    const till = h.till(h.chain.tills[2]!.id, { fetch: tamper.fetch });
    await till.agent.syncNow();
    expect(statusOf(till).attention?.reason).toBe('unreadable_answer');
    tamper.state.on = false;
    await till.agent.syncNow();
    expect(statusOf(till)).toMatchObject({ online: true });
    expect(statusOf(till).attention ?? null).toBeNull();
  });

  it('a refusal that sending again cannot fix: refused', async () => {
    const tamper = tampering('/v1/sync/pull', { status: 400, body: '{"code":"INVALID_INPUT","message":"bad cursor"}' });
    const till = h.till(h.chain.tills[2]!.id, { fetch: tamper.fetch });
    await till.agent.syncNow();
    expect(statusOf(till).attention).toMatchObject({ reason: 'refused' });
    expect(statusOf(till).attention?.detail).toMatch(/bad cursor/);
  });

  it("a token the server refuses: token_refused", async () => {
    const till = h.till(h.chain.tills[2]!.id);
    configureSyncServer(till.temp.backend.db, { serverUrl: h.proxy.url, token: 'not-the-right-token-at-all-0123456789' });
    await till.agent.syncNow();
    expect(statusOf(till)).toMatchObject({ online: false, attention: { reason: 'token_refused' } });
  });

  it(`every pull failing with a server error: offline at first, server_failing after ${SERVER_FAILING_AFTER} in a row`, async () => {
    const tamper = tampering('/v1/sync/pull', { status: 500, body: '{"code":"INTERNAL","message":"boom"}' });
    const till = h.till(h.chain.tills[2]!.id, { fetch: tamper.fetch });
    for (let i = 1; i < SERVER_FAILING_AFTER; i++) {
      await till.agent.syncNow();
      expect(statusOf(till), `after ${i} failed pulls`).toMatchObject({ online: false });
      expect(statusOf(till).attention ?? null, `after ${i} failed pulls`).toBeNull();
    }
    await till.agent.syncNow();
    expect(statusOf(till)).toMatchObject({ online: false, attention: { reason: 'server_failing' } });
    tamper.state.on = false;
    await till.agent.syncNow();
    expect(statusOf(till)).toMatchObject({ online: true });
    expect(statusOf(till).attention ?? null).toBeNull();
  });

  it('a network cut is only offline: no attention', async () => {
    const till = h.till(h.chain.tills[2]!.id);
    h.proxy.mode = 'refuse';
    try {
      for (let i = 0; i < SERVER_FAILING_AFTER + 1; i++) await till.agent.syncNow();
    } finally {
      h.proxy.mode = 'forward';
    }
    expect(statusOf(till)).toMatchObject({ online: false });
    expect(statusOf(till).attention ?? null).toBeNull();
  });
});

describe('attentionOf', () => {
  // Hand-worked: each kind and status, and what a person must be told.
  const table: Array<[SyncError, number, string | null]> = [
    [new SyncError('transient', 'the server could not be reached'), 5, null],
    [new SyncError('transient', 'busy', 503), 1, null],
    [new SyncError('transient', 'busy', 503), 3, 'server_failing'],
    [new SyncError('transient', 'rate limited', 429), 9, null],
    [new SyncError('lease_lost', 'another window'), 0, null],
    [new SyncError('auth', 'revoked', 401), 0, 'token_refused'],
    [new SyncError('fatal', 'garbage', 200), 0, 'unreadable_answer'],
    [new SyncError('fatal', 'refused', 422), 0, 'refused'],
    [new SyncError('fatal', 'sync failed: CHECK constraint failed'), 0, 'sync_failed'],
    [new SyncError('fatal', 'gap', 409, 'server_lost_ops'), 0, 'server_lost_ops'],
  ];
  for (const [error, serverErrors, expected] of table) {
    it(`${error.kind} ${String(error.status)} after ${serverErrors} server errors → ${String(expected)}`, () => {
      expect(attentionOf(error, serverErrors)).toBe(expected);
    });
  }
});
