import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ReceiptView, TillInfo } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { DEFAULT_POLICY } from '../../shared/policy/conflict-policy';
import type { PullResponse } from '../../shared/sync/protocol';
import { openTillStore, readLevel, type TillStore } from '../store';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { applyPull } from './pull';

/**
 * The sync agent applies pulls on a connection of its own (electron/web/till-runtime.ts), while the branch API
 * sells on the backend's connection. Names and the currency the server sends must reach the very next sale and
 * till.info, without a restart: the backend's cached till identity may not outlive another connection's write.
 */
let till: TempTill;
let agentStore: TillStore;
let product: DemoProduct;

beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  agentStore = openTillStore(till.dbPath);
  const storeId = till.backend.db.config().storeId;
  product = till.chain.products.find((p) => p.active && p.unit === 'each' && (readLevel(till.backend.db, p.id, storeId)?.onHand ?? 0) >= 5000) as DemoProduct;
  await till.loginAs('cashier');
});
afterEach(() => {
  agentStore.close();
  till.cleanup();
});

function pullRenaming(names: { till: string; store: string; currency: 'USD' | 'LBP' }): PullResponse {
  const config = agentStore.config();
  return {
    cursor: '7',
    tenant: { id: till.chain.tenant.id, name: till.chain.tenant.name, currency: names.currency, policy: DEFAULT_POLICY },
    till: { id: config.tillId, name: names.till },
    store: { id: config.storeId, name: names.store },
    locations: [],
    products: [],
    users: [],
    levels: [],
    opResults: [],
    conflicts: [],
  };
}

const sell = (): Promise<ReceiptView> =>
  till.call<ReceiptView>('sale.complete', { saleId: uuidv7(), lines: [{ productId: product.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 10_000_000 }] });

describe('till identity pulled on the sync connection', () => {
  it('reaches the next sale and till.info on the backend connection without a restart', async () => {
    const first = await sell();
    const before = await till.call<TillInfo>('till.info');
    expect(first.storeName).toBe(before.storeName);
    expect(before.currency).toBe('USD');

    applyPull(agentStore, pullRenaming({ till: 'Counter 9', store: 'Hamra Renamed', currency: 'LBP' }), new Date('2026-03-02T10:00:00.000Z'));

    const info = await till.call<TillInfo>('till.info');
    expect(info).toMatchObject({ tillName: 'Counter 9', storeName: 'Hamra Renamed', currency: 'LBP' });
    const next = await sell();
    expect(next).toMatchObject({ tillName: 'Counter 9', storeName: 'Hamra Renamed', currency: 'LBP' });
    const payload = till.backend.db.db.prepare("SELECT payload FROM ops WHERE type = 'sale' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    expect((JSON.parse(payload) as { currency: string }).currency).toBe('LBP');
  });

  it('keeps serving the cached identity while nobody else wrote (no re-read per call)', async () => {
    const config = till.backend.db.config();
    await sell();
    // Same object back: the sale's own writes on this connection (receipt number) do not throw the cache away.
    expect(till.backend.db.config()).toBe(config);
  });
});
