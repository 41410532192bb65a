import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { appendOp } from '../store';
import { ledgerViolations } from './ledger-invariants';
import { createTempTill, type TempTill } from './temp-till';

/** The invariant check itself: it must see an op whose rows are missing, or it proves nothing where it is used. */
let till: TempTill;
beforeEach(() => {
  till = createTempTill({ demo: { products: 4 } });
});
afterEach(() => till.cleanup());

describe('ledgerViolations', () => {
  it('finds a reservation op without its reservation, and none once the service wrote both', async () => {
    const user = await till.loginAs('cashier');
    const productId = till.chain.products.find((p) => p.active && p.unit === 'each')?.id as string;
    await till.call('reservation.create', { reservationId: uuidv7(), lines: [{ productId, qty: 1000 }], customerContact: { name: 'Maya K.' }, holdHours: 2 });
    expect(ledgerViolations(till.backend.db)).toEqual([]);

    // Ops written as if by a service that forgot its rows (raw, in one transaction as a service would).
    const store = till.backend.db;
    const occurredAt = new Date().toISOString();
    const [made, released] = store.transaction(() => [
      appendOp(store, {
        type: 'reservation_create',
        userId: user.id,
        occurredAt,
        payload: { reservationId: uuidv7(), lines: [{ lineId: uuidv7(), productId, qty: 1000 }], customerContact: { name: 'Ali' }, expiresAt: occurredAt },
      }),
      appendOp(store, { type: 'reservation_release', userId: user.id, occurredAt, payload: { reservationId: uuidv7(), end: 'released' } }),
    ]);
    expect(ledgerViolations(store)).toEqual([`op ${made.seq} (reservation_create) has no reservation_create row`, `op ${released.seq} (reservation_release) has no reservation_release row`]);
  });
});
