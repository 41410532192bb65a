import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { DemoProduct } from '../../shared/demo';
import { completeReturn, returnableSale } from '../services/returns';
import { RemoteSales } from '../services/remote-sales';
import { startSyncHarness, type HarnessTill, type SyncHarness } from '../test-support/sync-harness';

/**
 * A return at another till of the chain (issue 11), through the real sync server. Hamra sells 2 and syncs. At
 * Achrafieh the cashier scans the receipt: the till reads the sale from the server, takes 1 back with a manager's
 * approval, and the goods go back on Achrafieh's shelf (where they now are), at the server too. Returns are counted
 * by id, so the answer read before the return, stale after the sync, still counts it once, and a second return of
 * both is refused. Hamra online sees Achrafieh's return; Hamra offline, not knowing, takes both back: the server
 * writes the RETURNs and flags the one unit refunded twice as a customer to contact. A receipt the server does not hold is NOT_FOUND; with the
 * server unreachable another till's sale cannot be read (UNAVAILABLE), while Hamra's own still can.
 */
let h: SyncHarness;
let hamra: HarnessTill;
let achrafieh: HarnessTill;
let product: DemoProduct;
beforeAll(async () => {
  h = await startSyncHarness();
  hamra = h.tillAt('Hamra');
  achrafieh = h.tillAt('Achrafieh');
  product = h.chain.products.find((p) => p.active && p.unit === 'each' && p.price > 0 && hamra.onHand(p.id) >= 5_000) as DemoProduct;
});
afterAll(async () => {
  await h?.close();
});

const approved = (t: HarnessTill) => ({ userId: t.cashier.id, managerId: t.manager.id });

describe('a return at another till of the chain', () => {
  it('reads the sale from the server, puts the goods on this shelf, and the server flags a second refund of the same goods', async () => {
    const remoteSales = new RemoteSales(() => new Date());
    const sale = hamra.sell(product.id, 2000);
    const lineId = sale.lines[0]?.lineId as string;
    await hamra.agent.syncNow();
    await achrafieh.agent.syncNow();
    const achrafiehStore = achrafieh.temp.backend.db.config().storeId;
    const hamraStore = hamra.temp.backend.db.config().storeId;
    const [shelfHere, shelfThere] = [achrafieh.onHand(product.id), await h.serverOnHand(hamraStore, product.id)];

    const remote = await remoteSales.forReturn(achrafieh.temp.backend.db, achrafieh.agent, sale.saleId, true);
    expect(remote?.number).toBe(sale.number);
    const view = returnableSale(achrafieh.temp.backend.db, sale.saleId, remote);
    expect(view.receipt).toMatchObject({ number: sale.number, storeName: 'Hamra', total: sale.total });
    expect(view.lines[0]).toMatchObject({ sold: 2000, returned: 0, left: 2000, charged: sale.total });

    const back = completeReturn(
      achrafieh.temp.backend.db,
      { returnId: uuidv7(), saleId: sale.saleId, reason: 'bought as a gift', lines: [{ lineId, qty: 1000, disposition: 'restock' }] },
      approved(achrafieh),
      new Date(),
      remoteSales.get(sale.saleId),
    );
    expect(back.refund).toBe(Math.floor(sale.total / 2));
    expect(back.saleNumber).toBe(sale.number);
    expect(achrafieh.onHand(product.id)).toBe(shelfHere + 1000);
    // not yet acknowledged: the till adds its own return to the server's answer
    expect(returnableSale(achrafieh.temp.backend.db, sale.saleId, remote).lines[0]).toMatchObject({ returned: 1000, left: 1000 });

    await achrafieh.agent.syncNow();
    expect(await h.serverOnHand(achrafiehStore, product.id)).toBe(shelfHere + 1000);
    expect(await h.serverOnHand(hamraStore, product.id)).toBe(shelfThere);
    // the answer read before the return, now stale, still counts it once: by id, whatever has synced since
    expect(returnableSale(achrafieh.temp.backend.db, sale.saleId, remote).lines[0]).toMatchObject({ returned: 1000, left: 1000 });
    const again = await remoteSales.forReturn(achrafieh.temp.backend.db, achrafieh.agent, sale.saleId, true);
    expect(again?.returns).toEqual([{ returnId: back.returnId, lines: [{ lineId, qty: 1000, refund: back.refund }], refunds: back.refunds.map((p) => ({ tenderIndex: p.tenderIndex, baseAmount: p.baseAmount })) }]);
    expect(returnableSale(achrafieh.temp.backend.db, sale.saleId, again).lines[0]).toMatchObject({ returned: 1000, left: 1000 });
    expect(() =>
      completeReturn(achrafieh.temp.backend.db, { returnId: uuidv7(), saleId: sale.saleId, reason: 'x', lines: [{ lineId, qty: 2000, disposition: 'restock' }] }, approved(achrafieh), new Date(), remote),
    ).toThrow(/only 1/);

    // Hamra online asks the server too: Achrafieh's return counts, so only 1 can come back there
    const own = await remoteSales.forReturn(hamra.temp.backend.db, hamra.agent, sale.saleId, true);
    expect(returnableSale(hamra.temp.backend.db, sale.saleId, own).lines[0]).toMatchObject({ returned: 1000, left: 1000 });
    // Hamra offline takes both back (it cannot hear of Achrafieh's return): the server flags the unit refunded twice
    completeReturn(hamra.temp.backend.db, { returnId: uuidv7(), saleId: sale.saleId, reason: 'faulty', lines: [{ lineId, qty: 2000, disposition: 'restock' }] }, approved(hamra), new Date());
    await hamra.agent.syncNow();
    const conflicts = await h.database.db.query<{ reason: string; qty: number; sale_id: string; store_id: string }>(
      'SELECT reason, qty, sale_id, store_id FROM conflicts WHERE tenant_id = $1 AND reason = $2',
      [h.tenantId, 'returned_twice'],
    );
    expect(conflicts.rows).toEqual([{ reason: 'returned_twice', qty: 1000, sale_id: sale.saleId, store_id: hamraStore }]);
  });

  it('says NOT_FOUND for a receipt the server does not hold, and UNAVAILABLE when the server cannot be reached', async () => {
    const remoteSales = new RemoteSales(() => new Date());
    await expect(remoteSales.forReturn(achrafieh.temp.backend.db, achrafieh.agent, uuidv7(), true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const sale = hamra.sell(product.id, 1000);
    await hamra.agent.syncNow();
    h.proxy.mode = 'refuse';
    try {
      await expect(remoteSales.forReturn(achrafieh.temp.backend.db, achrafieh.agent, sale.saleId, true)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      // the selling till returns its own sale offline: nothing is fetched
      expect(await remoteSales.forReturn(hamra.temp.backend.db, hamra.agent, sale.saleId, true)).toBeUndefined();
    } finally {
      h.proxy.mode = 'forward';
    }
  });
});
