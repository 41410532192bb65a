import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ExchangeView, ReceiptView } from '../../shared/api/branch-api';
import { runCommand } from '../../sync-server/admin/cli';
import { completeSale, exchangeView, postRate } from '../services';
import { startSyncHarness, type HarnessTill, type SyncHarness } from '../test-support/sync-harness';

/**
 * The day's rate through the real sync server (issue 11): a manager at Hamra posts it while the link is down and
 * sells at it at once; once synced, the server holds it with its own time and order, Achrafieh pulls it and sells
 * at it, and Hamra's own post comes back as the server's. Head office's later post replaces it at both tills.
 * A post the server rejects stops being in force at the till that made it.
 */
let h: SyncHarness;
// one till per store for the whole story: a till is its database, made once
let hamra: HarnessTill;
let achrafieh: HarnessTill;
beforeAll(async () => {
  h = await startSyncHarness();
  hamra = h.tillAt('Hamra');
  achrafieh = h.tillAt('Achrafieh');
});
afterAll(async () => {
  await h?.close();
});

function post(t: HarnessTill, rate: number): ExchangeView {
  return postRate(t.temp.backend.db, { rateId: uuidv7(), rate }, { userId: t.manager.id, managerId: t.manager.id, userName: t.manager.name }, new Date());
}

/** A one-line sale paid in dollars, as old callers send it: the receipt still shows the rate it locked. */
function sell(t: HarnessTill): ReceiptView {
  const db = t.temp.backend.db;
  const storeId = db.config().storeId;
  const productId = h.chain.products.find(
    (p) => p.active && p.unit === 'each' && (db.stmt<[string, string], { on_hand: number }>('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?').get(p.id, storeId)?.on_hand ?? 0) >= 5_000,
  )?.id as string;
  return completeSale(db, { saleId: uuidv7(), lines: [{ productId, qty: 1000 }], tenders: [{ method: 'cash', amount: 1_000_00 }] }, { userId: t.cashier.id, managerId: null }, new Date());
}

const current = (t: HarnessTill) => exchangeView(t.temp.backend.db).current;

async function serverRates(): Promise<Array<{ id: string; rate: number; posted_at: Date }>> {
  const r = await h.database.db.query<{ id: string; rate: string; posted_at: Date }>('SELECT id, rate, posted_at FROM exchange_rates WHERE tenant_id = $1 ORDER BY chg', [h.tenantId]);
  return r.rows.map((row) => ({ ...row, rate: Number(row.rate) }));
}

describe('a rate posted at one till', () => {
  it('is sold at offline, recorded by the server, pulled by the other store, and followed in the server’s order', async () => {
    await hamra.agent.syncNow();
    await achrafieh.agent.syncNow();

    h.proxy.mode = 'refuse';
    const posted = post(hamra, 89_500);
    expect(posted.current).toMatchObject({ rate: 89_500, pending: true, postedByName: hamra.manager.name });
    const offlineSale = sell(hamra);
    expect(offlineSale.exchange?.rate).toEqual({ rateId: posted.current?.rateId, base: 'USD', quote: 'LBP', rate: 89_500 });
    expect(current(achrafieh)).toBeNull();

    h.proxy.mode = 'forward';
    await hamra.agent.syncNow();
    const atServer = await serverRates();
    expect(atServer.map((r) => [r.id, r.rate])).toEqual([[posted.current?.rateId, 89_500]]);
    // the server's time of the post, not the till's: no earlier than when the link came back
    expect(atServer[0]?.posted_at.getTime()).toBeGreaterThan(Date.parse(posted.current?.postedAt ?? '') - 1);

    await achrafieh.agent.syncNow();
    expect(current(achrafieh)).toMatchObject({ rateId: posted.current?.rateId, rate: 89_500, pending: false, postedByName: hamra.manager.name });
    expect(sell(achrafieh).exchange?.rate.rateId).toBe(posted.current?.rateId);
    // Hamra's own post came back as the server's, with the server's time
    expect(current(hamra)).toMatchObject({ rateId: posted.current?.rateId, pending: false, postedAt: atServer[0]?.posted_at.toISOString() });

    await runCommand(h.database.db, ['post-rate', '--tenant', h.tenantId, '--rate', '90000']);
    await hamra.agent.syncNow();
    await achrafieh.agent.syncNow();
    for (const t of [hamra, achrafieh]) expect(current(t)).toMatchObject({ rate: 90_000, postedByName: 'Head office', pending: false });
    expect(sell(hamra).exchange?.rate.rate).toBe(90_000);
  });

  it('a post the server rejects is no longer in force at the till that made it', async () => {
    await hamra.agent.syncNow();
    const before = current(hamra);
    expect(before?.rate).toBe(90_000);
    // The tenant moved to pricing in euros meanwhile (head office's setup): a USD→LBP post no longer fits it.
    await h.database.db.query("UPDATE tenants SET currency = 'EUR' WHERE id = $1", [h.tenantId]);
    try {
      const posted = post(hamra, 95_000);
      expect(current(hamra)?.rateId).toBe(posted.current?.rateId);
      await hamra.agent.syncNow();
    } finally {
      await h.database.db.query("UPDATE tenants SET currency = 'USD' WHERE id = $1", [h.tenantId]);
    }
    // the pull also brought the tenant's currency back as USD; the refused post is gone from force and from the list
    await hamra.agent.syncNow();
    expect(current(hamra)?.rateId).toBe(before?.rateId);
    expect(exchangeView(hamra.temp.backend.db).recent.map((r) => r.rate)).not.toContain(95_000);
    expect((await serverRates()).map((r) => r.rate)).not.toContain(95_000);
  });
});
