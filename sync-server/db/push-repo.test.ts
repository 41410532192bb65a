import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Movement } from '../../shared/domain/movement';
import { foldMovements } from '../../shared/domain/movement';
import { decideLedgerWrite } from '../../shared/policy/conflict-policy';
import { LevelBook } from '../sync/plan';
import type { LevelKey } from '../sync/plan';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import type { TestChain } from '../test-support/fixtures';
import { seedTestChain, testProduct } from '../test-support/fixtures';
import { putProducts } from '../admin/service';
import { checkLedger } from './reconcile-repo';
import { lockLevels, writeLedger } from './push-repo';

/**
 * The multi-location engine's SQL: levels locked at several locations at once in one (location, product) order,
 * and a plan whose movements land at different locations written by the same set-based statements.
 */

let tdb: TestDatabase;
let chain: TestChain;

beforeAll(async () => {
  tdb = await createTestDatabase('till_push_repo_test', { poolSize: 4 });
  chain = await seedTestChain(tdb.db, { products: 3, stock: 10_000, warehouseStock: 20_000, tillsPerStore: 1 });
});
afterAll(() => tdb?.drop());

async function levelOf(locationId: string, productId: string) {
  const r = await tdb.db.query<{ on_hand: number; reserved: number; in_transit: number; quarantined: number }>(
    'SELECT on_hand, reserved, in_transit, quarantined FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3',
    [chain.tenantId, locationId, productId],
  );
  const row = r.rows[0];
  return row === undefined ? null : { onHand: row.on_hand, reserved: row.reserved, inTransit: row.in_transit, quarantined: row.quarantined };
}

describe('the ledger engine across locations', () => {
  it('writes each movement and level at its own location in one plan, and every level stays the sum of its movements', async () => {
    const p = chain.products[0]?.id as string;
    // A product no location has held yet: its level row is created by the locking.
    const product = testProduct(99);
    await putProducts(tdb.db, chain.tenantId, [product]);
    const fresh = product.id;
    expect(await levelOf(chain.storeA, fresh)).toBeNull();
    const before = { wh: await levelOf(chain.warehouse, p), b: await levelOf(chain.storeB, p) };
    const moves: Array<{ at: string; product: string; movement: Movement }> = [
      { at: chain.warehouse, product: p, movement: { kind: 'TRANSFER_OUT', qty: 3000, leg: 'source' } },
      { at: chain.storeB, product: p, movement: { kind: 'TRANSFER_OUT', qty: 3000, leg: 'destination' } },
      { at: chain.storeB, product: p, movement: { kind: 'TRANSFER_IN', qty: 2000 } },
      { at: chain.storeB, product: p, movement: { kind: 'QUARANTINE', qty: 500 } },
      { at: chain.storeA, product: fresh, movement: { kind: 'RECEIVE', qty: 700 } },
    ];
    const lineIds = await tdb.db.transaction(async (tx) => {
      const book = new LevelBook(await lockLevels(tx, chain.tenantId, moves.map((m) => ({ locationId: m.at, productId: m.product }))));
      const ids = moves.map((m) => {
        const lineId = uuidv7();
        book.write(m.at, m.product, m.movement, decideLedgerWrite({ kind: 'transfer_leg' }), {
          cause: { kind: 'reconciliation', ref: 'test' },
          opId: null,
          seq: null,
          lineId,
          userId: null,
          occurredAt: new Date(),
          note: null,
        });
        return lineId;
      });
      await writeLedger(tx, chain.tenantId, null, book);
      return ids;
    });
    // The oracle: the domain's fold of the movements at each location, from where each level started.
    expect(await levelOf(chain.warehouse, p)).toEqual(foldMovements([moves[0]?.movement as Movement], before.wh ?? undefined));
    expect(await levelOf(chain.storeB, p)).toEqual(foldMovements(moves.slice(1, 4).map((m) => m.movement), before.b ?? undefined));
    expect(await levelOf(chain.storeA, fresh)).toEqual({ onHand: 700, reserved: 0, inTransit: 0, quarantined: 0 });
    const rows = await tdb.db.query<{ line_id: string; location_id: string }>('SELECT line_id, location_id FROM movements WHERE line_id = ANY($1::uuid[])', [lineIds]);
    expect(new Map(rows.rows.map((r) => [r.line_id, r.location_id]))).toEqual(new Map(moves.map((m, i) => [lineIds[i], m.at])));
    expect((await checkLedger(tdb.db, chain.tenantId)).drifts).toEqual([]);
  });

  it('locks the levels of every location in one (location, product) order, whatever order they are asked in', async () => {
    const [p0, p1] = [chain.products[0]?.id as string, chain.products[1]?.id as string];
    const keys: LevelKey[] = [
      { locationId: chain.storeA, productId: p0 },
      { locationId: chain.storeB, productId: p1 },
      { locationId: chain.warehouse, productId: p0 },
    ];
    const sorted = [...keys].sort((a, b) => (a.locationId + a.productId < b.locationId + b.productId ? -1 : 1));
    const [first, last] = [sorted[0] as LevelKey, sorted[sorted.length - 1] as LevelKey];
    const holder = new pg.Client({ connectionString: tdb.url });
    const waiter = new pg.Client({ connectionString: tdb.url });
    const probe = new pg.Client({ connectionString: tdb.url });
    await Promise.all([holder.connect(), waiter.connect(), probe.connect()]);
    try {
      // The holder has the last level of the order; the waiter asks for all three, listed backwards.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 FOR UPDATE', [chain.tenantId, last.locationId, last.productId]);
      await waiter.query('BEGIN');
      const waiting = lockLevels(waiter, chain.tenantId, [...sorted].reverse());
      // Locking in order, the waiter holds the first level of the order while it waits for the last: a chunk that
      // took them in its own order could hold the last and wait for the first, and two such chunks deadlock.
      const firstIsHeld = async (): Promise<boolean> => {
        await probe.query('BEGIN');
        try {
          await probe.query('SELECT 1 FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 FOR UPDATE NOWAIT', [chain.tenantId, first.locationId, first.productId]);
          return false;
        } catch (e) {
          if ((e as { code?: string }).code === '55P03') return true;
          throw e;
        } finally {
          await probe.query('ROLLBACK');
        }
      };
      let held = false;
      for (let i = 0; i < 50 && !held; i++) {
        held = await firstIsHeld();
        if (!held) await new Promise((r) => setTimeout(r, 20));
      }
      expect(held).toBe(true);
      await holder.query('COMMIT');
      const locked = await waiting;
      await waiter.query('COMMIT');
      expect([...locked.keys()].sort()).toEqual([...new Set(keys.map((k) => k.locationId))].sort());
      for (const k of keys) expect(locked.get(k.locationId)?.has(k.productId), `${k.locationId}/${k.productId}`).toBe(true);
    } finally {
      await Promise.all([holder.end(), waiter.end(), probe.end()]);
    }
  });
});

