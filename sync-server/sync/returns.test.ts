import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { Operation } from '../../shared/ops/operations';
import { CURRENT_SCHEMA_VERSION } from '../../shared/ops/operations';
import type { PushResponse } from '../../shared/sync/protocol';
import type { TestChain } from '../test-support/fixtures';
import { count, ledgerMismatches, onHand, seedTestChain } from '../test-support/fixtures';
import { listenApp, tillsOf } from '../test-support/harness';
import type { TestTill } from '../test-support/client';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import { listReturns } from '../db/returns-repo';

/**
 * Returns against a receipt at the server (issue 11), over HTTP against PostgreSQL. Two tills of one store (the
 * chain starts with 10 of each product on the shelf): till 1 sells 3 units of a product; it takes 2 back (one to
 * stock, one damaged to the bin); then till 2, offline all along, takes 2 more back of the same line, of which only
 * 1 was left: the server writes both RETURNs (the goods are in the shop) and opens a conflict for the one over, the
 * customer refunded twice. A return of a line the server reversed moves nothing. A return naming a sale the server
 * does not hold, or a line not on it, is refused with nothing written.
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

async function freshChain(): Promise<{ chain: TestChain; one: TestTill; two: TestTill }> {
  const chain = await seedTestChain(tdb.db, { tillsPerStore: 2 });
  await tdb.db.query("UPDATE terminals SET created_at = now() - interval '1 day' WHERE tenant_id = $1", [chain.tenantId]);
  const [one, two] = tillsOf(chain, url);
  if (one === undefined || two === undefined) throw new Error('two tills at Hamra');
  return { chain, one, two };
}

type SaleOp = Extract<Operation, { type: 'sale' | 'sale_return' }>;
function op<T extends SaleOp['type']>(till: TestTill, type: T, payload: Extract<SaleOp, { type: T }>['payload'], userId = till.userId): SaleOp {
  till.seq += 1;
  return { id: uuidv7(), tillId: till.tillId, seq: till.seq, userId, occurredAt: new Date().toISOString(), schemaVersion: CURRENT_SCHEMA_VERSION, type, payload } as SaleOp;
}

function sale(till: TestTill, productId: string, qty: number): { op: SaleOp; saleId: string; lineId: string } {
  const saleId = uuidv7();
  const lineId = uuidv7();
  const total = (qty / 1000) * 2_00;
  return { saleId, lineId, op: op(till, 'sale', { saleId, currency: 'USD', lines: [{ lineId, productId, qty, unitPrice: 2_00, total }], tenders: [{ method: 'cash', amount: total }], total, change: 0 }) };
}

function giveBack(
  till: TestTill,
  chain: TestChain,
  s: { saleId: string; lineId: string },
  productId: string,
  qty: number,
  disposition: 'restock' | 'waste' = 'restock',
  money: { refund?: number; tenderIndex?: number; method?: 'cash' | 'card' } = {},
): SaleOp {
  const refund = money.refund ?? (qty / 1000) * 2_00;
  return op(
    till,
    'sale_return',
    {
      returnId: uuidv7(),
      saleId: s.saleId,
      currency: 'USD',
      lines: [{ lineId: s.lineId, productId, qty, disposition, refund }],
      refund,
      refunds: [{ tenderIndex: money.tenderIndex ?? 0, method: money.method ?? 'cash', currency: 'USD', baseAmount: refund, amount: refund }],
      reason: 'wrong size',
      approvedBy: chain.managerId,
    },
  );
}

async function pushed(till: TestTill, ops: readonly unknown[]): Promise<PushResponse['results']> {
  const r = await till.push(ops);
  if (!r.ok) throw new Error(`push failed: ${JSON.stringify(r.body)}`);
  return r.body.results;
}

describe('returns replayed at the server', () => {
  it('puts goods back, bins the damaged, and flags a second return of the same goods at another till', async () => {
    const { chain, one, two } = await freshChain();
    const product = chain.products[0]?.id as string;
    const s = sale(one, product, 3000);
    // the sale and its first returns in one chunk: the server knows the sale from the chunk itself
    const results = await pushed(one, [s.op, giveBack(one, chain, s, product, 1000), giveBack(one, chain, s, product, 1000, 'waste')]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    // 10 − 3 sold + 1 back + (1 back − 1 binned)
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, product)).toBe(8000);

    // till 2 took 2 back while offline; only 1 was left of the line
    const late = await pushed(two, [giveBack(two, chain, s, product, 2000)]);
    expect(late[0]?.status).toBe('accepted');
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, product)).toBe(10_000);
    const conflicts = await tdb.db.query<{ kind: string; reason: string; qty: number; available_at_replay: number; sale_id: string }>(
      'SELECT kind, reason, qty, available_at_replay, sale_id FROM conflicts WHERE tenant_id = $1',
      [chain.tenantId],
    );
    expect(conflicts.rows).toEqual([{ kind: 'contact_customer', reason: 'returned_twice', qty: 1000, available_at_replay: 1000, sale_id: s.saleId }]);

    const listed = await listReturns(tdb.db, chain.tenantId, chain.storeA, 10);
    expect(listed.map((r) => r.lines[0]?.outcome)).toEqual(['restock_over', 'restock', 'restock']);
    expect(listed.map((r) => r.refund)).toEqual([4_00, 2_00, 2_00]);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });

  it('moves nothing back for a line the server reversed (its reversal did), and bins what came back damaged', async () => {
    const { chain, one, two } = await freshChain();
    const product = chain.products[1]?.id as string;
    // till 2 sells the whole shelf first; till 1's offline sale of 2 more is reversed at replay
    await pushed(two, [sale(two, product, 10_000).op]);
    const s = sale(one, product, 2000);
    const [sold, back] = await pushed(one, [s.op, giveBack(one, chain, s, product, 1000)]);
    expect(sold?.status).toBe('reversed');
    expect(back?.status).toBe('accepted');
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, product)).toBe(0);
    // the other unit came back damaged: it goes to the bin, from the units the reversal put back
    await pushed(one, [giveBack(one, chain, s, product, 1000, 'waste')]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, product)).toBe(-1000);
    const listed = await listReturns(tdb.db, chain.tenantId, chain.storeA, 10);
    expect(listed.map((r) => r.lines[0]?.outcome)).toEqual(['already_back', 'already_back']);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });

  it('refuses a return of a sale it does not hold, or of a line not on it, with nothing written', async () => {
    const { chain, one } = await freshChain();
    const product = chain.products[2]?.id as string;
    const s = sale(one, product, 1000);
    await pushed(one, [s.op]);
    const movements = () => count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId]);
    const before = await movements();
    const [unknownSale, unknownLine, wrongProduct] = await pushed(one, [
      giveBack(one, chain, { saleId: uuidv7(), lineId: s.lineId }, product, 1000),
      giveBack(one, chain, { saleId: s.saleId, lineId: uuidv7() }, product, 1000),
      giveBack(one, chain, s, chain.products[3]?.id as string, 1000),
    ]);
    expect(unknownSale).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
    expect(unknownLine).toMatchObject({ status: 'rejected', code: 'INVALID_INPUT' });
    expect(wrongProduct).toMatchObject({ status: 'rejected', code: 'INVALID_INPUT' });
    expect(await movements()).toBe(before);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM sale_returns WHERE tenant_id = $1', [chain.tenantId])).toBe(0);
  });

  it('refuses a refund no honest till makes, and flags money paid back beyond what the line cost', async () => {
    const { chain, one } = await freshChain();
    const product = chain.products[3]?.id as string;
    const s = sale(one, product, 2000); // $4.00, paid in cash
    await pushed(one, [s.op]);
    const [tooMuch, noSuchTender, otherMethod] = await pushed(one, [
      giveBack(one, chain, s, product, 1000, 'restock', { refund: 4_01 }),
      giveBack(one, chain, s, product, 1000, 'restock', { tenderIndex: 1 }),
      giveBack(one, chain, s, product, 1000, 'restock', { method: 'card' }),
    ]);
    expect(tooMuch).toMatchObject({ status: 'rejected', code: 'INVALID_INPUT', reason: expect.stringMatching(/more than it cost/) });
    expect(noSuchTender).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/no tender 1/) });
    expect(otherMethod).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/was cash/) });
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM sale_returns WHERE tenant_id = $1', [chain.tenantId])).toBe(0);

    // one unit back at $2.00, then the other at $2.50: the goods fit, the money ($4.50 of $4.00) does not
    const [first, second] = await pushed(one, [giveBack(one, chain, s, product, 1000), giveBack(one, chain, s, product, 1000, 'restock', { refund: 2_50 })]);
    expect([first?.status, second?.status]).toEqual(['accepted', 'accepted']);
    const flagged = await tdb.db.query<{ reason: string; qty: number }>('SELECT reason, qty FROM conflicts WHERE tenant_id = $1', [chain.tenantId]);
    expect(flagged.rows).toEqual([{ reason: 'returned_twice', qty: 1000 }]);
  });

  it('refuses a return recorded by a cashier without a manager, and the database refuses editing a return', async () => {
    const { chain, one } = await freshChain();
    const product = chain.products[4]?.id as string;
    const s = sale(one, product, 1000);
    const unapproved = giveBack(one, chain, s, product, 1000);
    if (unapproved.type === 'sale_return') delete unapproved.payload.approvedBy;
    const [, refused] = await pushed(one, [s.op, unapproved]);
    expect(refused).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    await pushed(one, [giveBack(one, chain, s, product, 1000)]);
    await expect(tdb.db.query('UPDATE sale_returns SET refund = 0 WHERE tenant_id = $1', [chain.tenantId])).rejects.toThrow(/written once/);
    await expect(tdb.db.query('DELETE FROM sale_return_lines WHERE tenant_id = $1', [chain.tenantId])).rejects.toThrow(/written once/);
  });
});
