import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoProduct } from '../../shared/demo';
import { count } from '../../sync-server/test-support/fixtures';
import { listConflicts, updateConflict } from '../services';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { startSyncHarness, type SyncHarness } from '../test-support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => {
  await h?.close();
});

function hamraTills(): [string, string] {
  const store = h.chain.stores.find((s) => s.name.includes('Hamra')) ?? h.chain.stores[0];
  const ids = h.chain.tills.filter((t) => t.storeId === store?.id).map((t) => t.id);
  if (ids.length < 2) throw new Error('the demo chain needs two tills at one store');
  return [ids[0] as string, ids[1] as string];
}

function eachProduct(): DemoProduct {
  const p = h.chain.products.find((x) => x.active && x.unit === 'each');
  if (p === undefined) throw new Error('no demo product sold by the piece');
  return p;
}

describe('two tills at one store sell the last unit while the server is down', () => {
  it('keeps the first to reconnect, reverses the other, and all three agree on the level afterwards', async () => {
    const [idA, idB] = hamraTills();
    const a = h.till(idA);
    const b = h.till(idB);
    const product = eachProduct();
    const storeId = a.temp.backend.db.config().storeId;

    // Both tills start in step with the server, then the manager counts the shelf down to its last unit.
    await a.agent.syncNow();
    await b.agent.syncNow();
    expect(a.agent.status()).toMatchObject({ online: true, lastError: null });
    a.count(product.id, 1000);
    await a.agent.syncNow();
    await b.agent.syncNow();
    expect(await h.serverOnHand(storeId, product.id)).toBe(1000);
    expect(a.onHand(product.id)).toBe(1000);
    expect(b.onHand(product.id)).toBe(1000);

    h.proxy.mode = 'refuse';
    a.sell(product.id, 1000);
    const saleB = b.sell(product.id, 1000, { customerPhone: '+961 3 123456' });
    await a.agent.syncNow();
    await b.agent.syncNow();
    expect(a.agent.status().online).toBe(false);
    expect(b.agent.details().queued).toBe(1);

    h.proxy.mode = 'forward';
    await a.agent.syncNow();
    expect(a.agent.details()).toMatchObject({ online: true, queued: 0 });
    await b.agent.syncNow();
    expect(b.agent.details()).toMatchObject({ online: true, queued: 0 });
    await a.agent.syncNow();

    // B's sale was reversed by the server: the local sale shows it, its line is flagged, and the conflict is queued.
    const dbB = b.temp.backend.db;
    const sale = dbB.db.prepare('SELECT status FROM sales WHERE id = ?').get(saleB.saleId) as { status: string };
    expect(sale.status).toBe('reversed');
    expect(dbB.db.prepare('SELECT reversed FROM sale_lines WHERE sale_id = ?').pluck().all(saleB.saleId)).toEqual([1]);
    const result = JSON.parse(dbB.db.prepare("SELECT result FROM ops WHERE type = 'sale'").pluck().get() as string) as { status: string };
    expect(result.status).toBe('reversed');
    const conflicts = listConflicts(dbB);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ state: 'open', saleId: saleB.saleId, productId: product.id, qty: 1000 });
    expect(conflicts[0]?.customerContact).toMatchObject({ phone: '+961 3 123456' });
    expect(listConflicts(a.temp.backend.db)).toHaveLength(1);

    // Till A's sale stands; the last unit is gone everywhere, and every ledger still sums to its levels.
    const aResult = JSON.parse(a.temp.backend.db.db.prepare("SELECT result FROM ops WHERE type = 'sale'").pluck().get() as string) as { status: string };
    expect(aResult.status).toBe('accepted');
    expect(await h.serverOnHand(storeId, product.id)).toBe(0);
    expect(a.onHand(product.id)).toBe(0);
    expect(b.onHand(product.id)).toBe(0);
    expect(ledgerViolations(a.temp.backend.db)).toEqual([]);
    expect(ledgerViolations(dbB)).toEqual([]);
    const kinds = dbB.db
      .prepare('SELECT kind, qty FROM movements WHERE product_id = ? AND location_id = ? ORDER BY id')
      .all(product.id, storeId) as Array<{ kind: string; qty: number }>;
    // B's own sale, the server's compensation of it, then the rebase onto A's sale (which B learns by pull).
    expect(kinds.slice(-3)).toEqual([
      { kind: 'SALE', qty: 1000 },
      { kind: 'REVERSAL', qty: 1000 },
      { kind: 'ADJUST', qty: -1000 },
    ]);

    // The manager at B calls the customer. The first answer is lost on the way back; the retry carries the same
    // action id, so the server records the call once.
    const conflictId = conflicts[0]?.id as string;
    const manager = { userId: b.manager.id, managerId: b.manager.id };
    updateConflict(dbB, { conflictId, action: 'contacted', note: 'called, will come back tomorrow' }, manager, new Date());
    let posts = 0;
    let shownWhenResolveWasSent: string | undefined;
    h.proxy.decide = ({ path }) => {
      if (!path.startsWith('/v1/conflicts/')) return 'forward';
      posts += 1;
      if (posts === 1) return 'drop_response';
      // The manager resolves while the retried "contacted" is on its way (what the e2e conflict test does):
      // the answer to "contacted" must not put the older state back on screen, and "resolved" goes in the same round.
      if (posts === 2) updateConflict(dbB, { conflictId, action: 'resolved', outcome: 'refund' }, manager, new Date());
      if (posts === 3) shownWhenResolveWasSent = listConflicts(dbB)[0]?.state;
      return 'forward';
    };
    await b.agent.syncNow();
    // The local click survives the failed round: the server's older view must not overwrite it.
    expect(listConflicts(dbB)[0]?.state).toBe('contacted');
    await b.agent.syncNow();
    h.proxy.decide = null;
    expect(posts).toBe(3);
    expect(shownWhenResolveWasSent).toBe('resolved');

    const serverHistory = await h.database.db.query<{ state: string }>(
      'SELECT state FROM conflict_history WHERE tenant_id = $1 AND conflict_id = $2 ORDER BY at',
      [h.tenantId, conflictId],
    );
    expect(serverHistory.rows.map((r) => r.state)).toEqual(['open', 'contacted', 'resolved']);
    expect(await count(h.database.db, "SELECT count(*) AS n FROM conflicts WHERE tenant_id = $1 AND id = $2 AND state = 'resolved'", [h.tenantId, conflictId])).toBe(1);
    expect(dbB.db.prepare('SELECT dirty FROM conflicts WHERE id = ?').pluck().get(conflictId)).toBe(0);
    expect(listConflicts(dbB)[0]).toMatchObject({ state: 'resolved', outcome: 'refund' });
    await a.agent.syncNow();
    expect(listConflicts(a.temp.backend.db)[0]).toMatchObject({ state: 'resolved', outcome: 'refund' });
    expect(listConflicts(a.temp.backend.db)[0]?.history.map((e) => e.state)).toEqual(['open', 'contacted', 'resolved']);
  });
});
