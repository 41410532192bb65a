import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { DemoProduct } from '../../shared/demo';
import { EMPTY_LEVEL, type Level } from '../../shared/domain/movement';
import { readLevel } from '../store';
import { dispatchTransfer, getTransfer, receiveTransfer, resolveTransfer } from '../services/transfers';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { startSyncHarness, type HarnessTill, type SyncHarness } from '../test-support/sync-harness';

/**
 * A transfer through the real sync server (S1's replay and pull on PostgreSQL): Hamra sends, Achrafieh receives
 * short, and both tills end with the server's levels and its word on the transfer, each step pushed from where it
 * happened.
 */
let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => {
  await h?.close();
});

function tillAt(storeName: string): string {
  const store = h.chain.stores.find((s) => s.name === storeName);
  const till = h.chain.tills.find((t) => t.storeId === store?.id);
  if (till === undefined) throw new Error(`no demo till at ${storeName}`);
  return till.id;
}

function levelAt(t: HarnessTill, productId: string): Level {
  const db = t.temp.backend.db;
  return readLevel(db, productId, db.config().storeId) ?? EMPTY_LEVEL;
}

async function serverLevel(locationId: string, productId: string): Promise<Level> {
  const r = await h.database.db.query<{ on_hand: string; reserved: string; in_transit: string; quarantined: string }>(
    'SELECT on_hand, reserved, in_transit, quarantined FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3',
    [h.tenantId, locationId, productId],
  );
  const row = r.rows[0];
  return row === undefined
    ? EMPTY_LEVEL
    : { onHand: Number(row.on_hand), reserved: Number(row.reserved), inTransit: Number(row.in_transit), quarantined: Number(row.quarantined) };
}

describe('a transfer between two stores through the server', () => {
  it('is sent at one till, received short at the other, seen as a discrepancy at both, and written off', async () => {
    const hamra = h.till(tillAt('Hamra'));
    const achrafieh = h.till(tillAt('Achrafieh'));
    const hamraId = hamra.temp.backend.db.config().storeId;
    const achrafiehId = achrafieh.temp.backend.db.config().storeId;
    const product = h.chain.products.find((p: DemoProduct) => p.active && p.unit === 'each' && levelAt(hamra, p.id).onHand >= 10_000) as DemoProduct;
    await hamra.agent.syncNow();
    await achrafieh.agent.syncNow();
    const start = { hamra: levelAt(hamra, product.id), achrafieh: levelAt(achrafieh, product.id) };
    const hamraManager = { userId: hamra.manager.id, managerId: hamra.manager.id };
    const achrafiehManager = { userId: achrafieh.manager.id, managerId: achrafieh.manager.id };

    const transferId = uuidv7();
    dispatchTransfer(
      hamra.temp.backend.db,
      { dispatchId: uuidv7(), transferId, destinationId: achrafiehId, lines: [{ productId: product.id, qty: 6000 }] },
      hamraManager,
      new Date(),
    );
    await hamra.agent.syncNow();
    expect(hamra.agent.details().queued).toBe(0);
    expect(getTransfer(hamra.temp.backend.db, { transferId })).toMatchObject({ status: 'sent', pending: false });
    expect(await serverLevel(achrafiehId, product.id)).toEqual({ ...start.achrafieh, inTransit: start.achrafieh.inTransit + 6000 });

    // The destination learns of it from its pull, in transit included, and receives one short.
    await achrafieh.agent.syncNow();
    const incoming = getTransfer(achrafieh.temp.backend.db, { transferId });
    expect(incoming).toMatchObject({ status: 'sent', direction: 'incoming', source: { name: 'Hamra' } });
    expect(levelAt(achrafieh, product.id).inTransit).toBe(start.achrafieh.inTransit + 6000);
    const received = receiveTransfer(
      achrafieh.temp.backend.db,
      { receivingId: uuidv7(), transferId, sourceId: hamraId, lines: [{ productId: product.id, received: 5000, damaged: 0 }] },
      achrafiehManager,
      new Date(),
    );
    expect(received).toMatchObject({ status: 'discrepancy', pending: true });
    await achrafieh.agent.syncNow();
    await hamra.agent.syncNow();

    for (const t of [hamra, achrafieh]) {
      const seen = getTransfer(t.temp.backend.db, { transferId });
      expect(seen).toMatchObject({ status: 'discrepancy', pending: false });
      expect(seen.lines).toEqual([expect.objectContaining({ productId: product.id, sent: 6000, received: 5000, short: 1000, over: 0 })]);
      expect(ledgerViolations(t.temp.backend.db)).toEqual([]);
    }
    expect(levelAt(achrafieh, product.id)).toEqual(await serverLevel(achrafiehId, product.id));
    expect(levelAt(achrafieh, product.id)).toEqual({ ...start.achrafieh, onHand: start.achrafieh.onHand + 5000, inTransit: start.achrafieh.inTransit + 1000 });
    expect(levelAt(hamra, product.id)).toEqual(await serverLevel(hamraId, product.id));
    expect(levelAt(hamra, product.id)).toEqual({ ...start.hamra, onHand: start.hamra.onHand - 6000 });

    // The missing unit is written off at the destination: in transit back to where it was, for good.
    resolveTransfer(
      achrafieh.temp.backend.db,
      { resolutionId: uuidv7(), transferId, kind: 'write_off', productId: product.id, qty: 1000, reason: 'lost on the road' },
      achrafiehManager,
      new Date(),
    );
    await achrafieh.agent.syncNow();
    await hamra.agent.syncNow();
    expect(getTransfer(hamra.temp.backend.db, { transferId }).status).toBe('received');
    expect(getTransfer(achrafieh.temp.backend.db, { transferId })).toMatchObject({ status: 'received', pending: false });
    expect(levelAt(achrafieh, product.id)).toEqual(await serverLevel(achrafiehId, product.id));
    expect(levelAt(achrafieh, product.id).inTransit).toBe(start.achrafieh.inTransit);
    // Each step once: the server's history, this till's own steps no longer laid on top of it.
    expect(getTransfer(achrafieh.temp.backend.db, { transferId }).history.map((s) => [s.step, s.note])).toEqual([
      ['dispatch', null],
      ['receive', null],
      ['resolve', 'lost on the road'],
    ]);
  });
});
