import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from './test-support/test-db';
import { createTestDatabase } from './test-support/test-db';
import type { TestChain } from './test-support/fixtures';
import { count, ledgerMismatches, onHand, seedTestChain } from './test-support/fixtures';
import { listenApp, tillsOf } from './test-support/harness';
import type { OpOf } from './test-support/client';
import { TestTill } from './test-support/client';
import { createUser, deleteProduct, enrollTill } from './admin/service';

/**
 * The replay's rules about what a till says (issue 7): a repeat must be the same op (item 5), a count is taken at
 * its sheet, told apart by positions (item 6), the till's clock is bounded by what the server saw (item 14), a
 * sale of a product deleted later still happened (item 15), and every user an op names is a user of the tenant
 * with the role its action needs (item 16). Each story runs over HTTP against PostgreSQL.
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

const MINUTE = 60_000;
const contact = { name: 'Maya', phone: '+961 3 123456' };

async function freshChain(opts: Parameters<typeof seedTestChain>[1] = {}): Promise<{ chain: TestChain; tills: TestTill[] }> {
  const chain = await seedTestChain(tdb.db, opts);
  // The tills were enrolled yesterday: the stories below tell times of the last hour.
  await tdb.db.query("UPDATE terminals SET created_at = now() - interval '1 day' WHERE tenant_id = $1", [chain.tenantId]);
  return { chain, tills: tillsOf(chain, url) };
}

function withSnapshot(op: OpOf<'stocktake'>, snapshot: { tillSeq: number; cursor: string; at: Date }): OpOf<'stocktake'> {
  return { ...op, payload: { ...op.payload, snapshot: { ...snapshot, at: snapshot.at.toISOString() } } };
}

async function cursorOf(till: TestTill): Promise<string> {
  const pulled = await till.pull();
  if (!pulled.ok) throw new Error(`pull failed: ${JSON.stringify(pulled.body)}`);
  return pulled.body.cursor;
}

/** The same JSON value with every object's keys written in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

const movementsOf = (tenantId: string): Promise<number> => count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [tenantId]);

describe('item 5: the same id must carry the same content', () => {
  it('answers a repeat written with its keys in another order as a duplicate, and refuses the same op id with other contents', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const [p, q] = chain.products as [TestChain['products'][0], TestChain['products'][0]];
    const sale = a.sale([{ productId: p.id, qty: 1000 }]);
    const first = await a.push([sale]);
    if (!first.ok) throw new Error(JSON.stringify(first.body));
    const movements = await movementsOf(chain.tenantId);

    const reordered = await a.rawPush(JSON.stringify({ ops: [reversedKeys(sale)] }));
    expect(reordered.ok && reordered.body.results[0]).toMatchObject({ opId: sale.id, status: 'accepted', duplicate: true });

    // The cart got one more item after an UNAVAILABLE and was retried under the same op: never the old receipt.
    const grown = { ...sale, payload: { ...sale.payload, lines: [...sale.payload.lines, { lineId: uuidv7(), productId: q.id, qty: 1000, unitPrice: 100, total: 100 }] } };
    expect(await a.push([grown])).toMatchObject({ status: 409, body: { code: 'ID_REUSED', details: { seq: 1, opId: sale.id } } });
    const retimed = { ...sale, occurredAt: new Date(Date.now() - 5 * MINUTE).toISOString() };
    expect(await a.push([retimed])).toMatchObject({ status: 409, body: { code: 'ID_REUSED' } });

    expect(await movementsOf(chain.tenantId)).toBe(movements);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(9000);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, q.id)).toBe(10_000);
  });

  it('compares an op recorded before fingerprints by its stored body', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const p = chain.products[0]!;
    const sale = a.sale([{ productId: p.id, qty: 1000 }]);
    await a.push([sale]);
    await tdb.db.query('UPDATE applied_ops SET content_hash = NULL WHERE op_id = $1', [sale.id]);
    const again = await a.push([sale]);
    expect(again.ok && again.body.results[0]?.duplicate).toBe(true);
    const other = { ...sale, payload: { ...sale.payload, lines: [{ ...sale.payload.lines[0]!, qty: 2000 }] } };
    expect(await a.push([other])).toMatchObject({ status: 409, body: { code: 'ID_REUSED' } });
  });

  it('answers a sale id sent again under a new op as a duplicate, and refuses the same sale id with other lines', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const p = chain.products[0]!;
    const sale = a.sale([{ productId: p.id, qty: 1000 }]);
    const copy = { ...a.sale([{ productId: p.id, qty: 1000 }]), payload: sale.payload };
    const changed = { ...a.sale([{ productId: p.id, qty: 1000 }]), payload: { ...sale.payload, lines: [{ ...sale.payload.lines[0]!, qty: 3000 }] } };
    const r = await a.push([sale, copy, changed]);
    if (!r.ok) throw new Error(JSON.stringify(r.body));
    expect(r.body.results.map((x) => [x.status, x.code])).toEqual([
      ['accepted', null],
      ['rejected', 'DUPLICATE'],
      ['rejected', 'ID_REUSED'],
    ]);
    expect(r.body.ackSeq).toBe(3);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(9000);

    // The same holds against documents applied by an earlier push.
    const later = { ...a.sale([{ productId: p.id, qty: 1000 }]), payload: { ...sale.payload, total: sale.payload.total + 1 } };
    const r2 = await a.push([later]);
    expect(r2.ok && r2.body.results.map((x) => x.code)).toEqual(['ID_REUSED']);
  });
});

describe('item 6: a count is taken at its sheet, not at its commit', () => {
  it('puts the counting till’s own sales rung up while the manager counted on top of the count, whatever its clock says', async () => {
    const { chain, tills } = await freshChain({ stock: 20_000 });
    const m = tills[0]!;
    const p = chain.products[0]!;
    const now = Date.now();
    // The manager reads the sheet (expects 20; 15 are on the shelf)...
    const sheet = { tillSeq: m.seq, cursor: await cursorOf(m), at: new Date(now - 10 * MINUTE) };
    // ...a cashier sells 2 at the same till while the counting goes on (its clock stepped back meanwhile)...
    const sale = m.sale([{ productId: p.id, qty: 2000 }], { at: new Date(now - 20 * MINUTE) });
    await m.push([sale]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(18_000);
    // ...and the manager commits the 15 counted against the sheet.
    const countOp = withSnapshot(m.stocktake([{ productId: p.id, counted: 15_000, before: 20_000 }], new Date(now - 5 * MINUTE)), sheet);
    const r = await m.push([countOp]);
    expect(r.ok && r.body.results[0]?.status).toBe('accepted');
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(13_000);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });

  it('does the same when the sale and the count arrive in one push', async () => {
    const { chain, tills } = await freshChain({ stock: 20_000 });
    const m = tills[0]!;
    const p = chain.products[0]!;
    const sheet = { tillSeq: m.seq, cursor: await cursorOf(m), at: new Date(Date.now() - 10 * MINUTE) };
    const sale = m.sale([{ productId: p.id, qty: 2000 }], { at: new Date(Date.now() - 8 * MINUTE) });
    const countOp = withSnapshot(m.stocktake([{ productId: p.id, counted: 15_000, before: 20_000 }], new Date(Date.now() - 5 * MINUTE)), sheet);
    await m.push([sale, countOp]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(13_000);
  });

  it('keeps another till’s sale that the counter had already pulled inside the count, even when the clocks say it came later', async () => {
    const { chain, tills } = await freshChain({ stock: 20_000 });
    const [m, b] = tills as [TestTill, TestTill];
    const p = chain.products[0]!;
    const now = Date.now();
    await b.push([b.sale([{ productId: p.id, qty: 1000 }], { at: new Date(now + 30 * MINUTE) })]);
    // The manager's till pulled that sale (19 expected), but its own clock is an hour behind.
    const sheet = { tillSeq: m.seq, cursor: await cursorOf(m), at: new Date(now - 60 * MINUTE) };
    const countOp = withSnapshot(m.stocktake([{ productId: p.id, counted: 18_000, before: 19_000 }], new Date(now - 55 * MINUTE)), sheet);
    await m.push([countOp]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(18_000);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });

  it('stamps a push’s movements above the levels they moved, so a cursor that reaches a movement also brought its level', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const sale = a.sale(chain.products.slice(0, 3).map((p) => ({ productId: p.id, qty: 1000 })));
    await a.push([sale]);
    const below = await count(
      tdb.db,
      `SELECT count(*) AS n FROM movements m JOIN levels l ON l.tenant_id = m.tenant_id AND l.location_id = m.location_id AND l.product_id = m.product_id
        WHERE m.op_id = $1 AND NOT (m.chg > l.chg)`,
      [sale.id],
    );
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE op_id = $1', [sale.id])).toBe(3);
    expect(below).toBe(0);
  });

  it('refuses a snapshot that claims ops the till had not made yet, and moves on', async () => {
    const { chain, tills } = await freshChain();
    const m = tills[0]!;
    const p = chain.products[0]!;
    const countOp = m.stocktake([{ productId: p.id, counted: 1000, before: 10_000 }]);
    const bad = withSnapshot(countOp, { tillSeq: countOp.seq, cursor: '0', at: new Date() });
    const r = await m.push([bad]);
    expect(r.ok && r.body.results[0]).toMatchObject({ status: 'rejected', code: 'INVALID_INPUT' });
    expect(r.ok && r.body.ackSeq).toBe(1);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(10_000);
  });
});

describe('item 14: stock is ordered by a time the server trusts', () => {
  it('a count from a till whose clock runs three years ahead does not freeze the shelf', async () => {
    const { chain, tills } = await freshChain({ stock: 20_000 });
    const [m, b] = tills as [TestTill, TestTill];
    const p = chain.products[0]!;
    const threeYears = 3 * 365 * 24 * 60 * MINUTE;
    const countOp = m.stocktake([{ productId: p.id, counted: 10_000, before: 20_000 }], new Date(Date.now() + threeYears));
    const r = await m.push([countOp]);
    expect(r.ok && r.body.results[0]).toMatchObject({ status: 'accepted', clockSkew: true });
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(10_000);

    // Every later sale and delivery still moves the shelf.
    await b.push([b.sale([{ productId: p.id, qty: 2000 }])]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(8000);
    await b.push([b.receipt([{ productId: p.id, qty: 5000 }])]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(13_000);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);

    // The till's own claim stays in the record for the audit.
    const stored = await tdb.db.query<{ occurred_at: Date; ordered_at: Date }>('SELECT occurred_at, ordered_at FROM applied_ops WHERE op_id = $1', [countOp.id]);
    expect(new Date(stored.rows[0]!.occurred_at).toISOString()).toBe(countOp.occurredAt);
    expect(new Date(stored.rows[0]!.ordered_at).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('a sale stamped 1970 by a dead clock battery still lowers the stock after a count', async () => {
    const { chain, tills } = await freshChain({ stock: 20_000 });
    const [m, b] = tills as [TestTill, TestTill];
    const p = chain.products[0]!;
    await m.push([m.stocktake([{ productId: p.id, counted: 10_000, before: 20_000 }])]);
    await b.push([b.sale([{ productId: p.id, qty: 1000 }])]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(9000);

    // B's battery dies after that sale: its next one says 1970, but it cannot precede B's own previous op.
    const dead = b.sale([{ productId: p.id, qty: 1000 }], { at: new Date(0) });
    const r = await b.push([dead]);
    expect(r.ok && r.body.results[0]).toMatchObject({ status: 'accepted', clockSkew: true });
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(8000);

    // A till enrolled after the count whose very first op says 1970: it cannot precede its enrolment.
    const fresh = await enrollTill(tdb.db, { tenantId: chain.tenantId, storeId: chain.storeA, name: 'Hamra Till 9' });
    const c = new TestTill(url, fresh.tillId, fresh.token, chain.cashierId);
    await c.push([c.sale([{ productId: p.id, qty: 1000 }], { at: new Date(0) })]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(7000);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });
});

describe('item 15: a sale of a product deleted after it was sold still happened', () => {
  it('applies every line, keeps the deleted product in the ledger as inactive, and opens a discrepancy for its line', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const [gone, kept] = chain.products as [TestChain['products'][0], TestChain['products'][0]];
    const sale = a.sale([{ productId: gone.id, qty: 1000 }, { productId: kept.id, qty: 1000 }]);
    await deleteProduct(tdb.db, { tenantId: chain.tenantId, productId: gone.id });
    const r = await a.push([sale, a.waste([{ productId: gone.id, qty: 2000 }])]);
    if (!r.ok) throw new Error(JSON.stringify(r.body));
    expect(r.body.results.map((x) => [x.status, x.code])).toEqual([
      ['accepted', null],
      ['accepted', null],
    ]);
    expect(r.body.results[0]?.lines.map((l) => [l.action, l.reason])).toEqual([
      ['accept_negative', 'deleted_product'],
      ['keep', null],
    ]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, gone.id)).toBe(7000);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, kept.id)).toBe(9000);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);

    const pulled = await a.pull();
    if (!pulled.ok) throw new Error('pull failed');
    expect(pulled.body.products.find((x) => x.id === gone.id)?.active).toBe(false);
    expect(pulled.body.levels.find((l) => l.productId === gone.id)?.level.onHand).toBe(7000);
    expect(pulled.body.conflicts.map((c) => [c.kind, c.productId, c.reason])).toEqual([['stock_discrepancy', gone.id, 'deleted_product']]);
  });
});

describe('item 16: every user an op names is a user of the tenant with the role its action needs', () => {
  it('rejects ops of another tenant’s user or of nobody known with UNKNOWN_USER, changes no stock, and moves on', async () => {
    const { chain, tills } = await freshChain();
    const other = await seedTestChain(tdb.db, { products: 1, tillsPerStore: 1 });
    const a = tills[0]!;
    const p = chain.products[0]!;
    const foreign = { ...a.sale([{ productId: p.id, qty: 1000 }]), userId: other.managerId };
    const nobody = { ...a.sale([{ productId: p.id, qty: 1000 }]), userId: uuidv7() };
    const good = a.sale([{ productId: p.id, qty: 1000 }]);
    const r = await a.push([foreign, nobody, good]);
    if (!r.ok) throw new Error(JSON.stringify(r.body));
    expect(r.body.results.map((x) => [x.status, x.code])).toEqual([
      ['rejected', 'UNKNOWN_USER'],
      ['rejected', 'UNKNOWN_USER'],
      ['accepted', null],
    ]);
    expect(r.body.ackSeq).toBe(3);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(9000);
    // Visible: the till pulls the rejections, and the raw ops are kept.
    const pulled = await a.pull();
    expect(pulled.ok && pulled.body.opResults.filter((x) => x.code === 'UNKNOWN_USER').map((x) => x.opId)).toEqual([foreign.id, nobody.id]);
    expect(await count(tdb.db, "SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1 AND status = 'rejected' AND body IS NOT NULL", [a.tillId])).toBe(2);
  });

  it('refuses a cashier’s receipt no manager approved and an override a cashier approved; accepts a deactivated cashier’s earlier sale', async () => {
    const { chain, tills } = await freshChain({ stock: 1000 });
    const other = await seedTestChain(tdb.db, { products: 1, tillsPerStore: 1 });
    const a = tills[0]!;
    const p = chain.products[0]!;
    const cashierReceipt = { ...a.receipt([{ productId: p.id, qty: 5000 }]), userId: chain.cashierId };
    const cashierOverride = a.sale([{ productId: p.id, qty: 3000 }], { override: { managerId: chain.cashierId, reason: 'on the shelf' } });
    const foreignOverride = a.sale([{ productId: p.id, qty: 3000 }], { override: { managerId: other.managerId, reason: 'on the shelf' } });
    const managerReceipt = a.receipt([{ productId: p.id, qty: 5000 }]);
    const approved = { ...a.receipt([{ productId: p.id, qty: 1000 }]), userId: chain.cashierId };
    const approvedReceipt = { ...approved, payload: { ...approved.payload, approvedBy: chain.managerId } };
    const wronglyApproved = { ...approved, seq: approved.seq + 1, id: uuidv7(), payload: { ...approved.payload, receiptId: uuidv7(), approvedBy: chain.cashierId } };
    a.seq += 1;
    await tdb.db.query('UPDATE users SET active = false WHERE tenant_id = $1 AND id = $2', [chain.tenantId, chain.cashierId]);
    const earlierSale = a.sale([{ productId: p.id, qty: 1000 }]);
    const r = await a.push([cashierReceipt, cashierOverride, foreignOverride, managerReceipt, approvedReceipt, wronglyApproved, earlierSale]);
    if (!r.ok) throw new Error(JSON.stringify(r.body));
    expect(r.body.results.map((x) => [x.status, x.code])).toEqual([
      ['rejected', 'FORBIDDEN'],
      ['rejected', 'FORBIDDEN'],
      ['rejected', 'UNKNOWN_USER'],
      ['accepted', null],
      ['accepted', null],
      ['rejected', 'FORBIDDEN'],
      ['accepted', null],
    ]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(6000);
  });

  it('lets only an active manager of this tenant who may log in at the store work its conflict, whatever user id the body names', async () => {
    const { chain, tills } = await freshChain({ stock: 1000 });
    const other = await seedTestChain(tdb.db, { products: 1, tillsPerStore: 1 });
    const [a, b] = tills as [TestTill, TestTill];
    const p = chain.products[0]!;
    await a.push([a.sale([{ productId: p.id, qty: 1000 }])]);
    const lost = await b.push([b.sale([{ productId: p.id, qty: 1000 }], { customerContact: contact })]);
    const conflictId = lost.ok ? lost.body.results[0]?.lines[0]?.conflictId : null;
    if (typeof conflictId !== 'string') throw new Error('no conflict opened');
    const act = (userId: string) => b.updateConflict(conflictId, { actionId: uuidv7(), userId, action: 'contacted' });
    expect(await act(other.managerId)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await act(uuidv7())).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await act(chain.cashierId)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const elsewhere = await createUser(tdb.db, { tenantId: chain.tenantId, name: 'Nadim', role: 'manager', pin: '4321', stores: [chain.storeB] });
    expect(await act(elsewhere.userId)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await tdb.db.query('UPDATE users SET active = false WHERE tenant_id = $1 AND id = $2', [chain.tenantId, chain.managerId]);
    expect(await act(chain.managerId)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await tdb.db.query('UPDATE users SET active = true WHERE tenant_id = $1 AND id = $2', [chain.tenantId, chain.managerId]);
    const ok = await act(chain.managerId);
    expect(ok.ok && ok.body.conflict.state).toBe('contacted');
  });
});
