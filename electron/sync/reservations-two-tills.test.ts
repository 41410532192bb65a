import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ReservationView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { EMPTY_LEVEL, type Level } from '../../shared/domain/movement';
import { createReservation, expireDueReservations, fulfilReservation, listReservations } from '../services';
import { readLevel } from '../store';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { startSyncHarness, type HarnessTill, type SyncHarness } from '../test-support/sync-harness';

/**
 * Reservations through the real sync server (S2's replay and pull on PostgreSQL): two tills of one store reserve
 * the last units while the server is down; the one that reconnects second is refused at replay, and each till
 * ends up with the server's levels and both reservations as the server holds them.
 */
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
  return [ids[0] as string, ids[1] as string];
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

function reserve(t: HarnessTill, productId: string, qty: number, contact: { name?: string; phone?: string }, holdHours = 24, at = new Date()): ReservationView {
  return createReservation(
    t.temp.backend.db,
    { reservationId: uuidv7(), lines: [{ productId, qty }], customerContact: contact, holdHours },
    { userId: t.cashier.id, managerId: null },
    at,
  );
}

function reservationsOf(t: HarnessTill, at = new Date()): ReservationView[] {
  return listReservations(t.temp.backend.db, { open: false, limit: 200 }, at);
}

describe('two tills of one store reserve the last units offline', () => {
  it('keeps the first to reconnect, refuses the other with its customer to call, and every level agrees with the server', async () => {
    const [idA, idB] = hamraTills();
    const a = h.till(idA);
    const b = h.till(idB);
    const product = h.chain.products.find((p) => p.active && p.unit === 'each') as DemoProduct;
    const storeId = a.temp.backend.db.config().storeId;

    await a.agent.syncNow();
    await b.agent.syncNow();
    a.count(product.id, 3000);
    await a.agent.syncNow();
    await b.agent.syncNow();
    expect(levelAt(b, product.id)).toMatchObject({ onHand: 3000, reserved: 0 });

    h.proxy.mode = 'refuse';
    const first = reserve(a, product.id, 2000, { name: 'First customer' });
    const second = reserve(b, product.id, 2000, { name: 'Second customer', phone: '+961 70 999888' });
    await a.agent.syncNow();
    await b.agent.syncNow();
    expect(b.agent.details().queued).toBe(1);

    h.proxy.mode = 'forward';
    await a.agent.syncNow();
    await b.agent.syncNow();
    await a.agent.syncNow();

    // B's reservation no longer fitted: refused, its hold given back, its customer to call; A's stands.
    expect(reservationsOf(b).find((r) => r.id === second.id)).toMatchObject({
      status: 'refused',
      pending: false,
      customerContact: { name: 'Second customer', phone: '+961 70 999888' },
      lines: [{ held: 0, refused: true }],
    });
    expect(reservationsOf(b).find((r) => r.id === first.id)).toMatchObject({ status: 'open', createdByName: a.cashier.name, lines: [{ held: 2000 }] });
    expect(reservationsOf(a).find((r) => r.id === first.id)).toMatchObject({ status: 'open', pending: false, lines: [{ held: 2000, refused: false }] });
    const server = await serverLevel(storeId, product.id);
    expect(server).toMatchObject({ onHand: 3000, reserved: 2000 });
    expect(levelAt(a, product.id)).toEqual(server);
    expect(levelAt(b, product.id)).toEqual(server);

    // A's customer collects 1 of the 2: on hand and reserved down by 1, the other unit released, at all three.
    fulfilReservation(a.temp.backend.db, { reservationId: first.id, lines: [{ lineId: first.lines[0]?.lineId as string, qty: 1000 }] }, { userId: a.cashier.id, managerId: null }, new Date());
    await a.agent.syncNow();
    await b.agent.syncNow();
    expect(await serverLevel(storeId, product.id)).toMatchObject({ onHand: 2000, reserved: 0 });
    expect(levelAt(a, product.id)).toEqual(await serverLevel(storeId, product.id));
    expect(levelAt(b, product.id)).toEqual(await serverLevel(storeId, product.id));
    expect(reservationsOf(b).find((r) => r.id === first.id)).toMatchObject({ status: 'fulfilled', lines: [{ held: 0, fulfilled: 1000 }] });

    // B's own reservation lapses on B's clock while it is offline: B releases it, and the server takes the release.
    h.proxy.mode = 'refuse';
    const lapsing = reserve(b, product.id, 1000, { phone: '+961 3 222333' }, 1);
    const later = new Date(Date.now() + 2 * 3_600_000);
    expect(expireDueReservations(b.temp.backend.db, later).expired).toEqual([lapsing.id]);
    h.proxy.mode = 'forward';
    await b.agent.syncNow();
    await a.agent.syncNow();
    const results = b.temp.backend.db.db.prepare("SELECT json_extract(result, '$.status') FROM ops WHERE type LIKE 'reservation_%' ORDER BY seq").pluck().all();
    expect(results).toEqual(['reversed', 'accepted', 'accepted']);
    expect(await serverLevel(storeId, product.id)).toMatchObject({ onHand: 2000, reserved: 0 });
    expect(levelAt(b, product.id)).toEqual(await serverLevel(storeId, product.id));
    expect(reservationsOf(a).find((r) => r.id === lapsing.id)).toMatchObject({ status: 'expired', lines: [{ held: 0 }] });

    expect(ledgerViolations(a.temp.backend.db)).toEqual([]);
    expect(ledgerViolations(b.temp.backend.db)).toEqual([]);
  });
});
