import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import Database from 'better-sqlite3';
import type { BranchOutput } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { pendingOps, readLevel } from '../store';
import { rebaseLevels } from '../sync/rebase';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Issue 7 item 6 at the till: a count is of the shelf as its sheet showed it. Sales rung up and stock pulled
 * while the manager counted go on top of the counted quantity, and the op carries the sheet's position.
 */
type Sheet = BranchOutput<'stock.stocktakeSheet'>;
type Variances = BranchOutput<'stock.stocktake'>;

let till: TempTill;
let clock: Date;

beforeEach(async () => {
  clock = new Date('2026-03-01T09:00:00.000Z');
  till = createTempTill({ backend: { now: () => clock } });
  await till.loginAs('manager');
});
afterEach(() => till.cleanup());

const storeId = (): string => till.backend.db.config().storeId;
const onHand = (productId: string): number => readLevel(till.backend.db, productId, storeId())?.onHand ?? 0;

function product(): DemoProduct {
  const p = till.chain.products.find((x) => x.active && x.unit === 'each' && onHand(x.id) >= 10_000);
  if (p === undefined) throw new Error('no stocked demo product');
  return p;
}

async function sell(p: DemoProduct, qty: number): Promise<void> {
  await till.call('sale.complete', { saleId: uuidv4(), lines: [{ productId: p.id, qty }], tenders: [{ method: 'card', amount: Math.ceil((p.price * qty) / 1000) }] });
}

describe('a stocktake at the till is taken at its sheet', () => {
  it('reads the sheet while another connection holds the write lock (the sheet takes no write lock)', async () => {
    const p = product();
    const before = onHand(p.id);
    // Another connection to the same file in the middle of a write, as the sync agent applying a pull.
    const writer = new Database(till.dbPath);
    try {
      writer.pragma('busy_timeout = 0');
      writer.prepare('BEGIN IMMEDIATE').run();
      const sheet = await till.call<Sheet>('stock.stocktakeSheet', { query: p.sku });
      expect(sheet.rows.find((r) => r.productId === p.id)?.expected).toBe(before);
      writer.prepare('ROLLBACK').run();
    } finally {
      writer.close();
    }
  }, 20_000);

  it('puts a sale rung up while the manager counted on top of the count, and reports the variance against the sheet', async () => {
    const p = product();
    const sheet = await till.call<Sheet>('stock.stocktakeSheet', { query: p.sku });
    const expected = sheet.rows.find((r) => r.productId === p.id)?.expected ?? -1;
    expect(expected).toBe(onHand(p.id));

    clock = new Date('2026-03-01T09:10:00.000Z');
    await sell(p, 2000);
    clock = new Date('2026-03-01T09:20:00.000Z');
    const counted = expected - 3000; // three were missing when the shelf was counted against the sheet
    const out = await till.call<Variances>('stock.stocktake', { stocktakeId: uuidv4(), counts: [{ productId: p.id, counted }], snapshot: sheet.snapshot });

    expect(onHand(p.id)).toBe(counted - 2000);
    expect(out.variances).toEqual([{ productId: p.id, before: expected, counted, variance: -3000 }]);
    expect(ledgerViolations(till.backend.db)).toEqual([]);

    const op = pendingOps(till.backend.db).at(-1);
    expect(op?.type === 'stocktake' && op.payload).toEqual({
      stocktakeId: out.stocktakeId,
      counts: [{ productId: p.id, counted, before: expected }],
      snapshot: { tillSeq: sheet.snapshot.tillSeq, cursor: sheet.snapshot.cursor, at: '2026-03-01T09:00:00.000Z' },
    });
    expect(op?.seq).toBe(sheet.snapshot.tillSeq + 2);
  });

  it('puts stock pulled from the server while the manager counted on top of the count', async () => {
    const p = product();
    const sheet = await till.call<Sheet>('stock.stocktakeSheet', { query: p.sku });
    const expected = sheet.rows[0]?.expected ?? -1;
    // A pull: another till of the store sold one meanwhile, so the server's level is one lower.
    till.backend.db.transaction(() =>
      rebaseLevels(till.backend.db, storeId(), [{ productId: p.id, level: { onHand: expected - 1000, reserved: 0, inTransit: 0, quarantined: 0 } }], {
        cursor: '1',
        at: clock.toISOString(),
      }),
    );
    await till.call('stock.stocktake', { stocktakeId: uuidv4(), counts: [{ productId: p.id, counted: 4000 }], snapshot: sheet.snapshot });
    expect(onHand(p.id)).toBe(3000);
  });

  it('without a snapshot takes the count at its commit, as before', async () => {
    const p = product();
    await sell(p, 2000);
    await till.call('stock.stocktake', { stocktakeId: uuidv4(), counts: [{ productId: p.id, counted: 4000 }] });
    expect(onHand(p.id)).toBe(4000);
    const op = pendingOps(till.backend.db).at(-1);
    expect(op?.type === 'stocktake' && op.payload.snapshot).toBeUndefined();
  });

  it('names the approving manager on a count made in a cashier’s session, and no approver under a manager’s own login', async () => {
    const p = product();
    await till.call('stock.stocktake', { stocktakeId: uuidv4(), counts: [{ productId: p.id, counted: 4000 }] });
    const own = pendingOps(till.backend.db).at(-1);
    expect(own?.type === 'stocktake' && own.payload.approvedBy).toBeUndefined();
    await till.call('session.logout');
    await till.loginAs('cashier');
    const manager = till.chain.users.find((u) => u.role === 'manager');
    await till.call('session.elevate', { pin: manager?.pin });
    await till.call('stock.stocktake', { stocktakeId: uuidv4(), counts: [{ productId: p.id, counted: 3000 }] });
    const elevated = pendingOps(till.backend.db).at(-1);
    expect(elevated?.type === 'stocktake' && elevated.payload.approvedBy).toBe(manager?.id);
  });

  it('refuses a snapshot this till has not reached, and writes nothing', async () => {
    const p = product();
    const sheet = await till.call<Sheet>('stock.stocktakeSheet', { query: p.sku });
    const before = onHand(p.id);
    const ahead = { ...sheet.snapshot, movementId: sheet.snapshot.movementId + 1000 };
    const result = await till.backend.dispatch('stock.stocktake', { stocktakeId: uuidv4(), counts: [{ productId: p.id, counted: 1000 }], snapshot: ahead });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(onHand(p.id)).toBe(before);
  });
});
