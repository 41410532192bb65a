import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { Operation } from '../../shared/ops/operations';
import { CURRENT_SCHEMA_VERSION } from '../../shared/ops/operations';
import type { PushResponse } from '../../shared/sync/protocol';
import { runCommand } from '../admin/cli';
import type { TestChain } from '../test-support/fixtures';
import { count, seedTestChain } from '../test-support/fixtures';
import { listenApp, tillsOf } from '../test-support/harness';
import type { TestTill } from '../test-support/client';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';

/**
 * Shifts and Z reports at the server (issue 11), over HTTP against PostgreSQL: a till's shift_open, cash_move and
 * shift_close are stored and listed per store for head office; one open shift per till, Z numbers per till
 * without gaps, a paid-out only with a manager, a second closing of a shift (an edited Z) refused with nothing
 * written, and the stored Z report refused UPDATE and DELETE by the database.
 */
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ app, url } = await listenApp(tdb.db));
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

async function freshChain(): Promise<{ chain: TestChain; hamra: TestTill; achrafieh: TestTill }> {
  const chain = await seedTestChain(tdb.db, { tillsPerStore: 1 });
  await tdb.db.query("UPDATE terminals SET created_at = now() - interval '1 day' WHERE tenant_id = $1", [chain.tenantId]);
  const [hamra, achrafieh] = tillsOf(chain, url);
  if (hamra === undefined || achrafieh === undefined) throw new Error('a till per store');
  return { chain, hamra, achrafieh };
}

type ShiftOp = Extract<Operation, { type: 'shift_open' | 'cash_move' | 'shift_close' | 'drawer_open' }>;
function op<T extends ShiftOp['type']>(till: TestTill, type: T, payload: Extract<ShiftOp, { type: T }>['payload'], userId = till.userId): ShiftOp {
  till.seq += 1;
  return { id: uuidv7(), tillId: till.tillId, seq: till.seq, userId, occurredAt: new Date().toISOString(), schemaVersion: CURRENT_SCHEMA_VERSION, type, payload } as ShiftOp;
}

// A worked closing: $100 float, $40 cash sales, $5 change, $10 paid out: $125 expected, $120 counted, $5 short.
const FIGURES = {
  columns: [{ currency: 'USD' as const, float: 10_000, cashSales: 4_000, changeGiven: 500, refunds: 0, cashIn: 0, paidOut: 1_000, expected: 12_500, counted: 12_000, difference: -500 }],
  card: { USD: 2_340 },
  sales: 3,
  takings: 5_840,
};
const open = (till: TestTill, shiftId: string): ShiftOp => op(till, 'shift_open', { shiftId, float: { USD: 10_000, LBP: 1_000_000 } });
const close = (till: TestTill, shiftId: string, number: number): ShiftOp => op(till, 'shift_close', { shiftId, number, counted: { USD: 12_000, LBP: 1_000_000 }, figures: FIGURES });

async function pushed(till: TestTill, ops: readonly unknown[]): Promise<PushResponse['results']> {
  const r = await till.push(ops);
  if (!r.ok) throw new Error(`push failed: ${JSON.stringify(r.body)}`);
  return r.body.results;
}

const rows = (chain: TestChain, table: 'shifts' | 'cash_moves' | 'z_reports' | 'drawer_opens'): Promise<number> =>
  count(tdb.db, `SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [chain.tenantId]);

describe('shifts replayed at the server', () => {
  it('stores a day (open, cash in, a paid-out approved by a manager, close with Z 1) and lists it for head office', async () => {
    const { chain, hamra } = await freshChain();
    const shiftId = uuidv7();
    const opened = open(hamra, shiftId);
    const cashIn = op(hamra, 'cash_move', { moveId: uuidv7(), shiftId, direction: 'in', currency: 'LBP', amount: 500_000, reason: 'more change' });
    const paidOut = op(hamra, 'cash_move', { moveId: uuidv7(), shiftId, direction: 'out', currency: 'USD', amount: 1_000, reason: 'window cleaner', approvedBy: chain.managerId });
    const results = await pushed(hamra, [opened, cashIn, paidOut, close(hamra, shiftId, 1)]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);

    const { shifts } = (await runCommand(tdb.db, ['shifts', '--tenant', chain.tenantId, '--store', chain.storeA])) as { shifts: Array<Record<string, unknown>> };
    expect(shifts).toHaveLength(1);
    expect(shifts[0]).toMatchObject({ shiftId, float: { USD: 10_000, LBP: 1_000_000 }, cashIn: { LBP: 500_000 }, paidOut: { USD: 1_000 }, zNumber: 1 });
    const { zReports } = (await runCommand(tdb.db, ['z-reports', '--tenant', chain.tenantId, '--store', chain.storeA])) as { zReports: Array<Record<string, unknown>> };
    expect(zReports).toHaveLength(1);
    expect(zReports[0]).toMatchObject({ number: 1, shiftId, figures: { columns: [{ currency: 'USD', expected: 12_500, counted: 12_000, difference: -500 }], card: { USD: 2_340 }, sales: 3 } });
    // the other store sees none of it
    const other = (await runCommand(tdb.db, ['z-reports', '--tenant', chain.tenantId, '--store', chain.storeB])) as { zReports: unknown[] };
    expect(other.zReports).toEqual([]);
  });

  it('refuses a second closing of a closed shift (an edited Z report) with nothing written', async () => {
    const { chain, hamra } = await freshChain();
    const shiftId = uuidv7();
    await pushed(hamra, [open(hamra, shiftId), close(hamra, shiftId, 1)]);
    const edited = op(hamra, 'shift_close', { shiftId, number: 1, counted: { USD: 12_500, LBP: 1_000_000 }, figures: { ...FIGURES, columns: [{ ...FIGURES.columns[0]!, counted: 12_500, difference: 0 }] } });
    const [r] = await pushed(hamra, [edited]);
    expect(r).toMatchObject({ status: 'rejected' });
    // the same shift closed again with other figures: the replay refuses it as a changed document
    expect(r?.reason).toMatch(/different contents/);
    expect(await rows(chain, 'z_reports')).toBe(1);
    const stored = await tdb.db.query<{ figures: typeof FIGURES }>('SELECT figures FROM z_reports WHERE tenant_id = $1', [chain.tenantId]);
    expect(stored.rows[0]?.figures.columns[0]?.counted).toBe(12_000);
  });

  it('keeps Z numbers per till without gaps and one open shift per till', async () => {
    const { chain, hamra, achrafieh } = await freshChain();
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    // a second open while the first is open: refused
    const results = await pushed(hamra, [open(hamra, a), open(hamra, b), close(hamra, a, 1), open(hamra, c), close(hamra, c, 3)]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted', 'accepted', 'rejected']);
    expect(results[1]?.code).toBe('CONFLICT_TRANSITION');
    expect(results[4]?.code).toBe('SEQUENCE_GAP');
    expect((await pushed(hamra, [close(hamra, c, 2)]))[0]?.status).toBe('accepted');
    // another till starts at 1 on its own
    const d = uuidv7();
    expect((await pushed(achrafieh, [open(achrafieh, d), close(achrafieh, d, 1)])).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const numbers = await tdb.db.query<{ till: string; number: number }>(
      'SELECT terminal_id AS till, number FROM z_reports WHERE tenant_id = $1 ORDER BY terminal_id, number',
      [chain.tenantId],
    );
    expect(numbers.rows.filter((r) => r.till === hamra.tillId).map((r) => r.number)).toEqual([1, 2]);
    expect(numbers.rows.filter((r) => r.till === achrafieh.tillId).map((r) => r.number)).toEqual([1]);
    expect(await rows(chain, 'shifts')).toBe(3);
  });

  it('refuses a paid-out without a manager, and cash moved in a shift not open at the till', async () => {
    const { chain, hamra } = await freshChain();
    const shiftId = uuidv7();
    await pushed(hamra, [open(hamra, shiftId)]);
    const unapproved = op(hamra, 'cash_move', { moveId: uuidv7(), shiftId, direction: 'out', currency: 'USD', amount: 1_000, reason: 'lunch' });
    const elsewhere = op(hamra, 'cash_move', { moveId: uuidv7(), shiftId: uuidv7(), direction: 'in', currency: 'USD', amount: 1_000, reason: 'float top-up' });
    const results = await pushed(hamra, [unapproved, elsewhere]);
    expect(results.map((r) => r.code)).toEqual(['FORBIDDEN', 'CONFLICT_TRANSITION']);
    expect(await rows(chain, 'cash_moves')).toBe(0);
  });

  it('stores a no-sale drawer opening approved by a manager, in its shift or in none, and refuses one without a manager', async () => {
    const { chain, hamra } = await freshChain();
    const shiftId = uuidv7();
    const opening = open(hamra, shiftId);
    const inShift = op(hamra, 'drawer_open', { openId: uuidv7(), shiftId, reason: 'change for a customer', approvedBy: chain.managerId });
    const unapproved = op(hamra, 'drawer_open', { openId: uuidv7(), shiftId, reason: 'just looking' });
    const otherShift = op(hamra, 'drawer_open', { openId: uuidv7(), shiftId: uuidv7(), reason: 'wrong shift', approvedBy: chain.managerId });
    const results = await pushed(hamra, [opening, inShift, unapproved, otherShift, close(hamra, shiftId, 1)]);
    expect(results.map((r) => r.code)).toEqual([null, null, 'FORBIDDEN', 'CONFLICT_TRANSITION', null]);
    // after closing, no shift is open: a manager's own no-sale names none
    const noShift = op(hamra, 'drawer_open', { openId: uuidv7(), shiftId: null, reason: 'note checked' }, chain.managerId);
    expect((await pushed(hamra, [noShift])).map((r) => r.code)).toEqual([null]);
    const stored = await tdb.db.query<{ shift_id: string | null; reason: string; user_id: string; approved_by: string | null }>(
      'SELECT shift_id, reason, user_id, approved_by FROM drawer_opens WHERE tenant_id = $1 ORDER BY occurred_at',
      [chain.tenantId],
    );
    expect(stored.rows).toEqual([
      { shift_id: shiftId, reason: 'change for a customer', user_id: hamra.userId, approved_by: chain.managerId },
      { shift_id: null, reason: 'note checked', user_id: chain.managerId, approved_by: null },
    ]);
    await expect(tdb.db.query('DELETE FROM drawer_opens WHERE tenant_id = $1', [chain.tenantId])).rejects.toThrow(/written once/);
    expect(await rows(chain, 'drawer_opens')).toBe(2);
  });

  it('has the database refuse an UPDATE or DELETE of a stored Z report', async () => {
    const { chain, hamra } = await freshChain();
    const shiftId = uuidv7();
    await pushed(hamra, [open(hamra, shiftId), close(hamra, shiftId, 1)]);
    await expect(tdb.db.query("UPDATE z_reports SET figures = '{}' WHERE tenant_id = $1", [chain.tenantId])).rejects.toThrow(/written once/);
    await expect(tdb.db.query('DELETE FROM z_reports WHERE tenant_id = $1', [chain.tenantId])).rejects.toThrow(/written once/);
    await expect(tdb.db.query('DELETE FROM shifts WHERE tenant_id = $1', [chain.tenantId])).rejects.toThrow(/written once/);
    expect(await rows(chain, 'z_reports')).toBe(1);
  });
});
