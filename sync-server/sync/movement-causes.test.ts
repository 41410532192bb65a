import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import { ledgerMismatches, onHand, seedTestChain } from '../test-support/fixtures';
import { listenApp, tillsOf } from '../test-support/harness';
import type { TestTill } from '../test-support/client';

/** Every movement a replay writes says where it came from (shared/domain/movement-cause.ts, migration 0007). */

let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  tdb = await createTestDatabase('till_movement_causes_replay_test', { poolSize: 4 });
  ({ app, url } = await listenApp(tdb.db));
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

describe('where a replayed movement came from', () => {
  it('names the op of each change, and the count for the offset after a sale the count already saw', async () => {
    const chain = await seedTestChain(tdb.db, { stock: 20_000 });
    await tdb.db.query("UPDATE terminals SET created_at = now() - interval '1 day' WHERE tenant_id = $1", [chain.tenantId]);
    const [manager, b] = tillsOf(chain, url) as [TestTill, TestTill];
    const p = chain.products[0]!;
    const base = Date.now() - 3_600_000;
    const saleBefore = b.sale([{ productId: p.id, qty: 3000 }], { at: new Date(base) });
    const pulled = await manager.pull();
    if (!pulled.ok) throw new Error('pull failed');
    const count = manager.stocktake([{ productId: p.id, counted: 17_000, before: 20_000 }], new Date(base + 70_000));
    const counted = { ...count, payload: { ...count.payload, snapshot: { tillSeq: 0, cursor: pulled.body.cursor, at: new Date(base + 60_000).toISOString() } } };
    await manager.push([counted]);
    await b.push([saleBefore]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(17_000);

    const rows = await tdb.db.query<{ kind: string; op_id: string | null; cause_kind: string; cause_ref: string | null; d_on_hand: number }>(
      `SELECT kind, op_id, cause_kind, cause_ref, d_on_hand FROM movements
        WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 ORDER BY id`,
      [chain.tenantId, chain.storeA, p.id],
    );
    expect(rows.rows).toEqual([
      { kind: 'RECEIVE', op_id: null, cause_kind: 'opening_stock', cause_ref: 'admin receive-stock', d_on_hand: 20_000 },
      { kind: 'STOCKTAKE', op_id: counted.id, cause_kind: 'op', cause_ref: null, d_on_hand: -3000 },
      { kind: 'SALE', op_id: saleBefore.id, cause_kind: 'op', cause_ref: null, d_on_hand: -3000 },
      // The system's offset: it still names the sale it offsets (so later counts order it with the sale), and the count.
      { kind: 'ADJUST', op_id: saleBefore.id, cause_kind: 'count_offset', cause_ref: counted.id, d_on_hand: 3000 },
    ]);
    const level = await tdb.db.query<{ counted_by: string }>('SELECT counted_by FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3', [chain.tenantId, chain.storeA, p.id]);
    expect(level.rows[0]?.counted_by).toBe(counted.id);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });
});
