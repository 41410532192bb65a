import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Level } from '../shared/domain/movement';
import { EMPTY_LEVEL, applyMovement as applyPure } from '../shared/domain/movement';
import { naiveApply } from '../shared/domain/test-support/naive-level';
import { anyMovement } from '../shared/domain/test-support/movement-arbitrary';
import { openTillStore, type TillStore } from '../electron/store/database';
import { applyMovement as applyOnTill, movementFromRow, readLevel, systemCause, type MovementRow } from '../electron/store/ledger';
import { levelKeysAt, lockLevels, writeLedger } from './db/push-repo';
import { LevelBook } from './sync/plan';
import { seedTestChain } from './test-support/fixtures';
import { createTestDatabase, type TestDatabase } from './test-support/test-db';

/**
 * One ledger engine (issue 8): the same random sequences of movements, each guarded or not, applied on the till's
 * SQLite (electron/store/ledger.ts, one conditional UPDATE per movement), on the server's PostgreSQL (the replay
 * path: LevelBook, then push-repo.ts writeLedger()), and by the pure fold (shared/domain/movement.ts) must refuse
 * the same steps and land on the same four quantities per level; and on both databases every level must equal
 * the sum of its movements, summed by the hand-written model (till) and by SQL over the stored deltas (server).
 * The sequences accumulate over the runs, so the three are compared on ever more varied levels.
 */
let tdb: TestDatabase;
let dir: string;
let till: TillStore;
let tenantId: string;
let storeId: string;
let terminalId: string;
let products: string[];
const pure = new Map<string, Level>();

beforeAll(async () => {
  tdb = await createTestDatabase('till_ledger_parity_test', { poolSize: 2 });
  const chain = await seedTestChain(tdb.db, { products: 2, stock: 8_000, tillsPerStore: 1 });
  tenantId = chain.tenantId;
  storeId = chain.storeA;
  terminalId = chain.tills[0]?.tillId ?? uuidv7();
  products = chain.products.map((p) => p.id);

  dir = mkdtempSync(join(tmpdir(), 'till-parity-'));
  till = openTillStore(join(dir, 'till.db'));
  till.db.prepare("INSERT INTO locations (id, name, kind) VALUES (?, 'Shop', 'store')").run(storeId);
  const start = await serverLevels();
  for (const p of products) {
    till.db
      .prepare(
        `INSERT INTO products (id, sku, name, search_text, unit, price, currency, low_stock_threshold, reorder_point, reorder_qty, lead_time_days, active)
         VALUES (?, ?, 'Thing', 'thing', 'each', 100, 'USD', 0, 0, 0, 0, 1)`,
      )
      .run(p, p);
    // The till starts where the server's seeded stock is, as after its first pull.
    const level = start.get(p) ?? EMPTY_LEVEL;
    till.transaction(() =>
      applyOnTill(till, { productId: p, locationId: storeId, movement: { kind: 'RECEIVE', qty: level.onHand }, cause: systemCause('opening_stock', 'parity'), occurredAt: new Date().toISOString() }),
    );
    pure.set(p, level);
  }
});
afterAll(async () => {
  till?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  await tdb?.drop();
});

async function serverLevels(): Promise<Map<string, Level>> {
  const r = await tdb.db.query<{ product_id: string; on_hand: number; reserved: number; in_transit: number; quarantined: number }>(
    'SELECT product_id, on_hand, reserved, in_transit, quarantined FROM levels WHERE tenant_id = $1 AND location_id = $2',
    [tenantId, storeId],
  );
  return new Map(r.rows.map((row) => [row.product_id, { onHand: Number(row.on_hand), reserved: Number(row.reserved), inTransit: Number(row.in_transit), quarantined: Number(row.quarantined) }]));
}

const movement = anyMovement(4);
const step = fc.record({ product: fc.integer({ min: 0, max: 1 }), movement, guarded: fc.boolean() });

describe('one ledger engine on both databases', () => {
  it('refuses the same steps and reaches the same four quantities on SQLite, PostgreSQL and the pure fold; each level is the sum of its movements', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
        const at = new Date().toISOString();
        // The pure fold, step by step.
        const pureOk = steps.map((s) => {
          const p = products[s.product] as string;
          const r = applyPure(pure.get(p) ?? EMPTY_LEVEL, s.movement, { unguarded: !s.guarded });
          if (r.ok) pure.set(p, r.level);
          return r.ok;
        });
        // The till: each step is its own conditional UPDATE, as the till writes them.
        const tillOk = steps.map((s) =>
          till.transaction(
            () =>
              applyOnTill(till, {
                productId: products[s.product] as string,
                locationId: storeId,
                movement: s.movement,
                cause: systemCause('reconciliation', 'parity'),
                occurredAt: at,
                unguarded: !s.guarded,
              }).ok,
          ),
        );
        // The server: the chunk planned over locked rows and written in one transaction, as replay writes.
        const serverOk = await tdb.db.transaction(async (tx) => {
          const book = new LevelBook(await lockLevels(tx, tenantId, levelKeysAt(storeId, products)));
          const ok = steps.map(
            (s) =>
              book.apply(storeId, products[s.product] as string, s.movement, s.guarded ? { guarded: true } : { guarded: false, because: 'stated_by_manager' }, {
                cause: { kind: 'reconciliation', ref: 'parity' },
                opId: null,
                seq: null,
                lineId: uuidv7(),
                userId: null,
                occurredAt: new Date(at),
                note: null,
              }).ok,
          );
          await writeLedger(tx, tenantId, terminalId, book);
          return ok;
        });

        expect(tillOk, JSON.stringify(steps)).toEqual(pureOk);
        expect(serverOk, JSON.stringify(steps)).toEqual(pureOk);
        const server = await serverLevels();
        for (const p of products) {
          expect(readLevel(till, p, storeId), `till ${p}`).toEqual(pure.get(p));
          expect(server.get(p), `server ${p}`).toEqual(pure.get(p));
        }
      }),
      { numRuns: 40 },
    );

    // Every level is the sum of its movements: on the till by the hand-written model over the stored rows…
    for (const p of products) {
      const rows = till.db.prepare('SELECT product_id, location_id, kind, qty, before, leg, reverses, op_seq FROM movements WHERE product_id = ? ORDER BY id').all(p) as MovementRow[];
      const summed = rows.reduce<Level>((level, row) => naiveApply(level, movementFromRow(row)), EMPTY_LEVEL);
      expect(summed).toEqual(readLevel(till, p, storeId));
    }
    // …and on the server by SQL over the stored deltas.
    const drift = await tdb.db.query(
      `SELECT l.product_id FROM levels l
         LEFT JOIN movements m ON m.tenant_id = l.tenant_id AND m.location_id = l.location_id AND m.product_id = l.product_id
        WHERE l.tenant_id = $1 AND l.location_id = $2
        GROUP BY l.product_id, l.on_hand, l.reserved, l.in_transit, l.quarantined
       HAVING l.on_hand <> COALESCE(SUM(m.d_on_hand), 0) OR l.reserved <> COALESCE(SUM(m.d_reserved), 0)
           OR l.in_transit <> COALESCE(SUM(m.d_in_transit), 0) OR l.quarantined <> COALESCE(SUM(m.d_quarantined), 0)`,
      [tenantId, storeId],
    );
    expect(drift.rows).toEqual([]);
  });
});
