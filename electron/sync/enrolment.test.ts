import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, ReceiptView, TillInfo } from '../../shared/api/branch-api';
import type { DemoUser } from '../../shared/demo';
import { createEnrolmentCode } from '../../sync-server/admin/tills';
import { createTillBackend, type TillBackend } from '../backend';
import { createSyncAgent, type TillSyncAgent } from './index';
import { FAST_AGENT, startSyncHarness, type SyncHarness } from '../test-support/sync-harness';
import { enrolThisTill } from '../services/enrolment';

/**
 * First run of a till (issue 11) against the real sync server on PostgreSQL: a fresh till database has no
 * identity and says so; given the server's address and head office's one-time code it becomes a till of the
 * code's store, its first sync brings the store's users and stock, and it sells and syncs like any other. A wrong
 * code, a server that is not there and a second enrolment are refused with nothing written.
 */
let harness: SyncHarness;
const fresh: Array<{ backend: TillBackend; agent: TillSyncAgent; dir: string }> = [];

beforeAll(async () => {
  harness = await startSyncHarness();
});
afterAll(async () => {
  for (const f of fresh) {
    await f.agent.close();
    f.backend.close();
    rmSync(f.dir, { recursive: true, force: true });
  }
  await harness?.close();
});

function freshTill(): { backend: TillBackend; agent: TillSyncAgent; call: <T>(method: string, input?: unknown) => Promise<BranchResult<T>> } {
  const dir = mkdtempSync(join(tmpdir(), 'till-enrol-'));
  const dbPath = join(dir, 'till.db');
  const agent = createSyncAgent({ dbPath, ...FAST_AGENT });
  const backend = createTillBackend({ dbPath, syncAgent: agent, validateOutputs: true });
  fresh.push({ backend, agent, dir });
  return { backend, agent, call: <T,>(method: string, input: unknown = {}) => backend.dispatch(method, input) as Promise<BranchResult<T>> };
}
const hamra = () => harness.chain.stores.find((s) => s.name === 'Hamra')!;
const code = async () => (await createEnrolmentCode(harness.database.db, { tenantId: harness.tenantId, storeId: hamra().id, name: 'Hamra Till 9' })).code;

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('enrolling a fresh till', () => {
  it('says it is not set up, becomes a till of the code’s store, and its first sync brings users and stock to sell', async () => {
    const till = freshTill();
    expect(await till.call('till.info')).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { reason: 'not_enrolled' } } });
    const enrolled = await till.call<TillInfo>('till.enrol', { serverUrl: `${harness.server.url}/`, code: (await code()).toLowerCase() });
    expect(enrolled).toMatchObject({ ok: true, value: { storeId: hamra().id, storeName: 'Hamra', tillName: 'Hamra Till 9', currency: 'USD' } });
    // the loop started by the enrolment: its first round ends with the store's users and levels
    await until(() => till.agent.status().lastSyncAt !== null);
    const users = await till.call<Array<{ id: string }>>('session.users');
    const cashier = harness.chain.users.find((u) => u.role === 'cashier') as DemoUser;
    expect(users.ok && users.value.map((u) => u.id)).toContain(cashier.id);
    const stocked = harness.chain.stock.find((s) => s.locationId === hamra().id && s.qty >= 5_000);
    if (stocked === undefined) throw new Error('no stocked demo product at Hamra');
    const onHand = () => till.backend.db.db.prepare('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?').pluck().get(stocked.productId, hamra().id) as number;
    expect(onHand()).toBe(await harness.serverOnHand(hamra().id, stocked.productId));

    expect((await till.call('session.login', { userId: cashier.id, pin: cashier.pin })).ok).toBe(true);
    const sale = await till.call<ReceiptView>('sale.complete', { saleId: uuidv7(), lines: [{ productId: stocked.productId, qty: 1000 }], tenders: [{ method: 'cash', amount: 10_000_00 }] });
    if (!sale.ok) throw new Error(sale.error.message);
    // Hamra has two tills: this third one numbers its receipts H3-
    expect(sale.value.number).toMatch(/^H3-0*1$/);
    await till.agent.syncNow();
    const applied = await harness.database.db.query('SELECT 1 FROM applied_ops WHERE tenant_id = $1 AND terminal_id = $2', [harness.tenantId, enrolled.ok ? enrolled.value.tillId : '']);
    expect(applied.rowCount).toBe(1);

    // enrolled once: a second code is refused, and the till keeps its identity
    expect(await till.call('till.enrol', { serverUrl: harness.server.url, code: await code() })).toMatchObject({ ok: false, error: { code: 'DUPLICATE' } });
  });

  it('refuses a wrong code, an absent server and a malformed address or code, writing nothing', async () => {
    const till = freshTill();
    expect(await till.call('till.enrol', { serverUrl: harness.server.url, code: 'ZZZZ-ZZZZ-ZZZZ' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', details: { reason: 'code_refused' } } });
    expect(await till.call('till.enrol', { serverUrl: 'http://127.0.0.1:9', code: await code() })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { reason: 'server_unreachable' } } });
    expect(await till.call('till.enrol', { serverUrl: 'ftp://example.com', code: await code() })).toMatchObject({ ok: false, error: { details: { reason: 'bad_server_url' } } });
    expect(await till.call('till.enrol', { serverUrl: harness.server.url, code: 'ABC' })).toMatchObject({ ok: false, error: { details: { reason: 'bad_code' } } });
    expect(till.backend.db.configOrNull()).toBeNull();
    expect(await till.call('till.info')).toMatchObject({ ok: false, error: { details: { reason: 'not_enrolled' } } });
  });

  it('enrols on a line that lost the first answer: the second press gets the same till', async () => {
    const till = freshTill();
    const theCode = await code();
    let lost = 0;
    // the request reaches the server, which spends the code, but its answer never arrives
    const losingFetch: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if (lost++ === 0) throw new TypeError('fetch failed: the connection was reset');
      return answer;
    };
    await expect(enrolThisTill(till.backend.db, till.agent, { serverUrl: harness.server.url, code: theCode }, losingFetch)).rejects.toMatchObject({ details: { reason: 'server_unreachable' } });
    expect(till.backend.db.configOrNull()).toBeNull();
    const info = await enrolThisTill(till.backend.db, till.agent, { serverUrl: harness.server.url, code: theCode }, losingFetch);
    const terminals = await harness.database.db.query<{ id: string }>('SELECT id FROM terminals WHERE tenant_id = $1 AND name = $2', [harness.tenantId, 'Hamra Till 9']);
    expect(terminals.rows.map((r) => r.id)).toContain(info.tillId);
    await till.agent.syncNow();
    expect(till.agent.status().lastError).toBeNull();
  });
});
