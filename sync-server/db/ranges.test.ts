import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { MAX_MONEY_MINOR } from '../../shared/domain/money';
import { MAX_QTY_MILLI } from '../../shared/domain/quantity';
import { milli, minor } from '../../shared/domain/schemas';
import { ledgerMismatches, onHand, seedTestChain } from '../test-support/fixtures';
import { TestTill } from '../test-support/client';
import { listenApp, tillsOf } from '../test-support/harness';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';

/**
 * Issue 7 item 1, server side: PostgreSQL holds levels, movements and money to the same one range as the till and
 * the zod schemas. A replay that would leave it is one rejected op (OUT_OF_RANGE), never a stored level that
 * every till of the store then fails to pull, and never a push that fails the same way on every retry.
 */
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  tdb = await createTestDatabase('till_ranges_test');
  ({ app, url } = await listenApp(tdb.db));
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

describe('range constraints of the server database', () => {
  it('are exactly the shared constants, as the zod schemas are', async () => {
    const r = await tdb.db.query<{ tbl: string; name: string; def: string }>(
      "SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname LIKE '%\\_in\\_range'",
    );
    const bounds = Object.fromEntries(
      r.rows.map((row) => {
        const low = /(\w+) >= '?\(?(-?\d+)/.exec(row.def);
        const high = /(\w+) <= '?\(?(-?\d+)/.exec(row.def);
        return [`${row.tbl}.${low?.[1] ?? '?'}`, [Number(low?.[2]), Number(high?.[2])]];
      }),
    );
    const qty = [-MAX_QTY_MILLI, MAX_QTY_MILLI];
    const money = [-MAX_MONEY_MINOR, MAX_MONEY_MINOR];
    expect(bounds).toEqual({
      'levels.on_hand': qty,
      'levels.reserved': qty,
      'levels.in_transit': qty,
      'levels.quarantined': qty,
      'movements.qty': qty,
      'movements.before': qty,
      'products.price': money,
      'products.low_stock_threshold': qty,
      'products.reorder_point': qty,
      'products.reorder_qty': qty,
      'conflicts.qty': qty,
      'conflicts.available_at_replay': qty,
      'reservation_lines.requested': qty,
      'reservation_lines.held': qty,
      'reservation_lines.fulfilled': qty,
      'transfer_event_lines.qty': qty,
      'transfer_event_lines.damaged': qty,
    });
    // Enforced, not only declared.
    await seedTestChain(tdb.db);
    await expect(tdb.db.query(`UPDATE levels SET on_hand = ${MAX_QTY_MILLI + 1}`)).rejects.toMatchObject({ code: '23514' });
    expect([milli.minValue, milli.maxValue]).toEqual(qty);
    expect([minor.minValue, minor.maxValue]).toEqual(money);
  });
});

describe('a pushed op that would leave the range', () => {
  it('is rejected alone with OUT_OF_RANGE; the ops around it apply, and every till of the store still pulls', async () => {
    const chain = await seedTestChain(tdb.db, { stock: 5000 });
    // Receipts need a manager (users are checked against their role): the store's two tills, worked by the manager.
    const [a, b] = tillsOf(chain, url).map((t) => new TestTill(url, t.tillId, t.token, chain.managerId));
    if (a === undefined || b === undefined) throw new Error('the test chain has two tills');
    const p = chain.products[0]!;

    // Up to the bound exactly is fine: 5 units on the shelf plus MAX - 5 units.
    const fill = a.receipt([{ productId: p.id, qty: MAX_QTY_MILLI - 5000 }]);
    const overflow = a.receipt([{ productId: p.id, qty: 1000 }]);
    const sale = a.sale([{ productId: p.id, qty: 2000 }]);
    const pushed = await a.push([fill, overflow, sale]);
    if (!pushed.ok) throw new Error(`push failed: ${JSON.stringify(pushed.body)}`);
    expect(pushed.body.results.map((r) => [r.seq, r.status, r.code])).toEqual([
      [fill.seq, 'accepted', null],
      [overflow.seq, 'rejected', 'OUT_OF_RANGE'],
      [sale.seq, 'accepted', null],
    ]);
    expect(pushed.body.ackSeq).toBe(sale.seq);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(MAX_QTY_MILLI - 2000);
    const written = await tdb.db.query('SELECT 1 FROM movements WHERE op_id = $1', [overflow.id]);
    expect(written.rows).toHaveLength(0);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);

    // The retry of the same push answers the stored results; nothing is applied twice.
    const again = await a.push([fill, overflow, sale]);
    expect(again.ok && again.body.results.map((r) => [r.status, r.duplicate])).toEqual([
      ['accepted', true],
      ['rejected', true],
      ['accepted', true],
    ]);

    // A single quantity beyond the range (the black-box receipt of 10^12 units) never passes validation.
    const huge = a.receipt([{ productId: p.id, qty: 1_000_000_000_000_000 }]);
    const refused = await a.push([huge]);
    expect(refused).toMatchObject({ status: 400, ok: false, body: { code: 'INVALID_INPUT' } });
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(MAX_QTY_MILLI - 2000);

    // Both tills of the store read the levels with the protocol's own schema (the client parses every pull).
    for (const till of [a, b]) {
      const pulled = await till.pull();
      expect(pulled.ok, JSON.stringify(pulled.body).slice(0, 300)).toBe(true);
      if (pulled.ok) expect(pulled.body.levels.find((l) => l.productId === p.id)?.level.onHand).toBe(MAX_QTY_MILLI - 2000);
    }
  });
});
