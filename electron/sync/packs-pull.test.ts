import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoProduct } from '../../shared/demo';
import { lookupBarcode } from '../services';
import { startSyncHarness, type SyncHarness } from '../test-support/sync-harness';

/**
 * Pack barcodes reach the till with their product from the real server: a pull that carried products without
 * their packs would silently replace the till's packs with none.
 */
let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a pull of the demo catalog', () => {
  it('keeps each product’s pack barcodes, so a case still scans as the case after a sync', async () => {
    const till = h.till(h.chain.tills[0]?.id as string);
    const packed = h.chain.products.filter((p: DemoProduct) => p.packs !== undefined);
    expect(packed.length).toBeGreaterThan(0);
    // The server says the products changed after the till was seeded: the pull replaces every one of them.
    await h.database.db.query("UPDATE products SET chg = nextval('change_seq') WHERE tenant_id = $1", [h.tenantId]);
    await till.agent.syncNow();
    expect(till.agent.status().lastError).toBeNull();
    for (const p of packed) {
      const pack = p.packs?.[0];
      const scanned = lookupBarcode(till.temp.backend.db, pack?.barcode as string);
      expect(scanned.product.id).toBe(p.id);
      expect(scanned.pack).toEqual(pack);
    }
  });
});
