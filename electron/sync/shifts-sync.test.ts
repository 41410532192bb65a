import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { runCommand } from '../../sync-server/admin/cli';
import { completeSale } from '../services';
import { closeShift, moveCash, openShift } from '../services/shifts';
import { startSyncHarness, type HarnessTill, type SyncHarness } from '../test-support/sync-harness';

/**
 * A shift through the real sync server (issue 11): Hamra's cashier opens a shift while the link is down, sells,
 * takes a paid-out with the manager and closes with Z 1; once synced the server holds the shift, the cash move and
 * the Z report with the figures the till printed, head office lists them for the store, and the next Z is 2.
 */
let h: SyncHarness;
let hamra: HarnessTill;
beforeAll(async () => {
  h = await startSyncHarness();
  const store = h.chain.stores.find((s) => s.name === 'Hamra');
  const tillId = h.chain.tills.find((t) => t.storeId === store?.id)?.id;
  if (tillId === undefined) throw new Error('no till at Hamra');
  hamra = h.till(tillId);
});
afterAll(async () => {
  await h?.close();
});

describe('a shift synced to head office', () => {
  it('reaches the server with its Z report as printed, listed per store, numbered per till', async () => {
    const db = hamra.temp.backend.db;
    const cashier = { userId: hamra.cashier.id, managerId: null, userName: hamra.cashier.name };
    const approved = { ...cashier, managerId: hamra.manager.id };
    h.proxy.mode = 'refuse';
    const shift = openShift(db, { shiftId: uuidv7(), float: { USD: 50_00 } }, cashier, new Date());
    const productId = h.chain.products.find((p) => p.active && p.unit === 'each' && hamra.onHand(p.id) >= 5_000)?.id as string;
    const receipt = completeSale(db, { saleId: uuidv7(), lines: [{ productId, qty: 1000 }], tenders: [{ method: 'cash', amount: 1_000_00 }] }, cashier, new Date());
    moveCash(db, { moveId: uuidv7(), direction: 'out', currency: 'USD', amount: 2_00, reason: 'milk for the staff' }, approved, new Date());
    // hand-worked: 50.00 + 100.00 − change − 2.00
    const expected = 50_00 + 1_000_00 - receipt.change - 2_00;
    const z = closeShift(db, { shiftId: shift.shiftId, counted: { USD: expected } }, cashier, new Date());
    expect(z).toMatchObject({ number: 1, pending: true, columns: [{ currency: 'USD', expected, counted: expected, difference: 0 }] });

    h.proxy.mode = 'forward';
    await hamra.agent.syncNow();
    const store = db.config().storeId;
    const { zReports } = (await runCommand(h.database.db, ['z-reports', '--tenant', h.tenantId, '--store', store])) as { zReports: Array<Record<string, unknown>> };
    expect(zReports).toHaveLength(1);
    expect(zReports[0]).toMatchObject({ number: 1, shiftId: shift.shiftId, closedBy: hamra.cashier.name, figures: { columns: z.columns, card: {}, sales: 1, takings: receipt.total } });
    const { shifts } = (await runCommand(h.database.db, ['shifts', '--tenant', h.tenantId, '--store', store])) as { shifts: Array<Record<string, unknown>> };
    expect(shifts[0]).toMatchObject({ shiftId: shift.shiftId, float: { USD: 50_00 }, paidOut: { USD: 2_00 }, zNumber: 1, openedBy: hamra.cashier.name });
    // the till's copy is acknowledged now
    const next = openShift(db, { shiftId: uuidv7(), float: { USD: 0 } }, cashier, new Date());
    expect(closeShift(db, { shiftId: next.shiftId, counted: { USD: 0 } }, cashier, new Date()).number).toBe(2);
    await hamra.agent.syncNow();
    const numbers = await h.database.db.query<{ number: number }>('SELECT number FROM z_reports WHERE tenant_id = $1 ORDER BY number', [h.tenantId]);
    expect(numbers.rows.map((r) => r.number)).toEqual([1, 2]);
    const stillPending = db.db.prepare("SELECT count(*) FROM ops WHERE state = 'pending'").pluck().get();
    expect(stillPending).toBe(0);
  });
});
