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
import { revokeTill, setTenantPolicy } from './admin/service';
import { MAX_OPS_PER_PUSH } from '../shared/sync/protocol';

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

const contact = { name: 'Maya', phone: '+961 3 123456' };

async function freshChain(opts: Parameters<typeof seedTestChain>[1] = {}): Promise<{ chain: TestChain; tills: TestTill[] }> {
  const chain = await seedTestChain(tdb.db, opts);
  return { chain, tills: tillsOf(chain, url) };
}

/** The story's tills were enrolled yesterday, so the times it tells (an hour ago) are inside what the server trusts. */
async function enrolledLongAgo(tenantId: string): Promise<void> {
  await tdb.db.query("UPDATE terminals SET created_at = now() - interval '1 day' WHERE tenant_id = $1", [tenantId]);
}

function withSnapshot(op: OpOf<'stocktake'>, snapshot: { tillSeq: number; cursor: string; at: Date }): OpOf<'stocktake'> {
  return { ...op, payload: { ...op.payload, snapshot: { ...snapshot, at: snapshot.at.toISOString() } } };
}

/** A count as a till makes it: pull, read the sheet at `sheetAt` (no own ops pending), commit at `committedAt`. */
async function countWithSheet(
  till: TestTill,
  counts: ReadonlyArray<{ productId: string; counted: number; before: number }>,
  sheetAt: Date,
  committedAt: Date,
): Promise<OpOf<'stocktake'>> {
  const pulled = await till.pull();
  if (!pulled.ok) throw new Error('pull failed');
  const tillSeq = till.seq;
  return withSnapshot(till.stocktake(counts, committedAt), { tillSeq, cursor: pulled.body.cursor, at: sheetAt });
}

async function movementKinds(opId: string): Promise<string[]> {
  const r = await tdb.db.query<{ kind: string }>('SELECT kind FROM movements WHERE op_id = $1 ORDER BY id', [opId]);
  return r.rows.map((row) => row.kind);
}

describe('two tills sell the last unit while the server is down', () => {
  it('keeps the first to arrive, reverses the second with a conflict, and both tills converge on the level', async () => {
    const { chain, tills } = await freshChain({ stock: 1000 });
    const [a, b] = tills as [TestTill, TestTill];
    const product = chain.products[0]!;
    const saleA = a.sale([{ productId: product.id, qty: 1000 }], { customerContact: contact });
    const saleB = b.sale([{ productId: product.id, qty: 1000 }], { customerContact: { phone: '+961 70 555555' } });

    const pushA = await a.push([saleA]);
    expect(pushA.ok && pushA.body.results[0]?.status).toBe('accepted');
    const pushB = await b.push([saleB]);
    if (!pushB.ok) throw new Error(JSON.stringify(pushB.body));
    const resB = pushB.body.results[0]!;
    expect(resB.status).toBe('reversed');
    expect(resB.lines[0]).toMatchObject({ action: 'reverse', reason: 'insufficient_stock', available: 0 });
    expect(resB.lines[0]?.conflictId).toBeTruthy();

    expect(await movementKinds(saleA.id)).toEqual(['SALE']);
    expect(await movementKinds(saleB.id)).toEqual(['SALE', 'REVERSAL']);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, product.id)).toBe(0);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);

    const pulledA = await a.pull();
    const pulledB = await b.pull();
    if (!pulledA.ok || !pulledB.ok) throw new Error('pull failed');
    const levelA = pulledA.body.levels.find((l) => l.productId === product.id)?.level.onHand;
    const levelB = pulledB.body.levels.find((l) => l.productId === product.id)?.level.onHand;
    expect(levelA).toBe(0);
    expect(levelB).toBe(0);
    expect(pulledB.body.opResults.find((r) => r.opId === saleB.id)?.status).toBe('reversed');
    const conflict = pulledB.body.conflicts.find((c) => c.id === resB.lines[0]?.conflictId);
    expect(conflict).toMatchObject({ kind: 'contact_customer', state: 'open', saleId: saleB.payload.saleId, tillId: b.tillId, cashierName: 'Rana' });
    expect(conflict?.customerContact).toEqual({ phone: '+961 70 555555' });
    expect(conflict?.elsewhere.map((e) => e.locationName).sort()).toEqual(['Achrafieh', 'Central Warehouse']);
    expect(conflict?.history).toHaveLength(1);

    // Results are final: a receipt arriving later does not flip B's reversal.
    await a.push([a.receipt([{ productId: product.id, qty: 5000 }])]);
    const again = await b.push([saleB]);
    expect(again.ok && again.body.results[0]).toMatchObject({ status: 'reversed', duplicate: true });

    // The manager works the conflict through its lifecycle; the change reaches the till on its next pull.
    const cid = conflict!.id;
    const cashierTry = await b.updateConflict(cid, { actionId: uuidv7(), userId: chain.cashierId, action: 'contacted' });
    expect(cashierTry).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const tooEarly = await b.updateConflict(cid, { actionId: uuidv7(), userId: chain.managerId, action: 'resolved', outcome: 'refund' });
    expect(tooEarly).toMatchObject({ status: 409, body: { code: 'CONFLICT_TRANSITION' } });
    const contactedAction = { actionId: uuidv7(), userId: chain.managerId, action: 'contacted' as const, note: 'called, will come back' };
    const contacted = await b.updateConflict(cid, contactedAction);
    expect(contacted.ok && contacted.body.conflict.state).toBe('contacted');
    const repeated = await b.updateConflict(cid, contactedAction);
    expect(repeated.ok && repeated.body.conflict.history).toHaveLength(2);
    const resolved = await b.updateConflict(cid, { actionId: uuidv7(), userId: chain.managerId, action: 'resolved', outcome: 'back_order' });
    expect(resolved.ok && resolved.body.conflict).toMatchObject({ state: 'resolved', outcome: 'back_order' });
    const next = await b.pull(pulledB.body.cursor);
    if (!next.ok) throw new Error('pull failed');
    expect(next.body.conflicts.map((c) => [c.id, c.state])).toEqual([[cid, 'resolved']]);
    expect(next.body.conflicts[0]?.history.map((h) => [h.state, h.byName])).toEqual([
      ['open', 'server'],
      ['contacted', 'Karim'],
      ['resolved', 'Karim'],
    ]);
  });

  it('decides line by line: a sale of 3 + 2 of the last 4 keeps the first line and reverses the second', async () => {
    const { chain, tills } = await freshChain({ stock: 4000 });
    const a = tills[0]!;
    const p = chain.products[1]!;
    const sale = a.sale([{ productId: p.id, qty: 3000 }, { productId: p.id, qty: 2000 }], { customerContact: contact });
    const r = await a.push([sale]);
    expect(r.ok && r.body.results[0]?.status).toBe('partially_reversed');
    expect(r.ok && r.body.results[0]?.lines.map((l) => l.action)).toEqual(['keep', 'reverse']);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(1000);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });
});

describe('exactly once', () => {
  it('answers a repeated push with the stored results and changes nothing', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const p = chain.products[0]!;
    const ops = [a.sale([{ productId: p.id, qty: 1000 }]), a.sale([{ productId: p.id, qty: 2000 }])];
    const first = await a.push(ops);
    const movementsAfterFirst = await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId]);
    const second = await a.push(ops);
    if (!first.ok || !second.ok) throw new Error('push failed');
    expect(second.body.results.map((r) => r.duplicate)).toEqual([true, true]);
    expect(second.body.results.map(({ duplicate: _d, ...r }) => r)).toEqual(first.body.results.map(({ duplicate: _d, ...r }) => r));
    expect(second.body.ackSeq).toBe(2);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId])).toBe(movementsAfterFirst);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(7000);
  });

  it('resumes after a dropped response: the retry re-sends acknowledged ops and only the new ones apply', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const p = chain.products[0]!;
    const ops = Array.from({ length: 5 }, () => a.sale([{ productId: p.id, qty: 1000 }]));
    await a.push(ops.slice(0, 3)); // the response is "lost": the till does not know these were applied
    const retry = await a.push(ops);
    if (!retry.ok) throw new Error(JSON.stringify(retry.body));
    expect(retry.body.results.map((r) => r.duplicate)).toEqual([true, true, true, false, false]);
    expect(retry.body.ackSeq).toBe(5);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(5000);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [a.tillId])).toBe(5);
  });

  it('refuses a gap with the sequence it expects and applies nothing', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const p = chain.products[0]!;
    const first = a.sale([{ productId: p.id, qty: 1000 }]);
    await a.push([first]);
    a.sale([{ productId: p.id, qty: 1000 }]); // seq 2 never sent
    const third = a.sale([{ productId: p.id, qty: 1000 }]);
    const gap = await a.push([third]);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ code: 'SEQUENCE_GAP', details: { expectedSeq: 2, gotSeq: 3 } });
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [a.tillId])).toBe(1);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(9000);
  });

  it('refuses a seq reused by a different op', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const p = chain.products[0]!;
    await a.push([a.sale([{ productId: p.id, qty: 1000 }])]);
    a.seq = 0;
    const imposter = await a.push([a.sale([{ productId: p.id, qty: 1000 }])]);
    expect(imposter).toMatchObject({ status: 409, body: { code: 'DUPLICATE' } });
  });

  it('rejects an op naming a product this tenant never had and still advances the cursor', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const kept = chain.products[0]!;
    const r = await a.push([a.sale([{ productId: uuidv7(), qty: 1000 }]), a.sale([{ productId: kept.id, qty: 1000 }])]);
    if (!r.ok) throw new Error(JSON.stringify(r.body));
    expect(r.body.results.map((x) => [x.status, x.code])).toEqual([
      ['rejected', 'UNKNOWN_PRODUCT'],
      ['accepted', null],
    ]);
    expect(r.body.ackSeq).toBe(2);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, kept.id)).toBe(9000);
  });

  it('rejects a second op carrying an already applied sale id', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const p = chain.products[0]!;
    const sale = a.sale([{ productId: p.id, qty: 1000 }]);
    const copy = { ...a.sale([{ productId: p.id, qty: 1000 }]), payload: sale.payload };
    const r = await a.push([sale, copy]);
    expect(r.ok && r.body.results.map((x) => x.code)).toEqual([null, 'DUPLICATE']);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(9000);
  });
});

describe('credentials', () => {
  it('refuses missing, unknown and revoked tokens with 401 and writes nothing', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const p = chain.products[0]!;
    const noToken = await fetch(`${url}/v1/sync/pull`);
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    const stranger = new TestTill(url, a.tillId, 'till_not-a-real-token-at-all-0000', chain.cashierId);
    expect((await stranger.push([stranger.sale([{ productId: p.id, qty: 1000 }])])).status).toBe(401);
    await revokeTill(tdb.db, { tenantId: chain.tenantId, tillId: a.tillId });
    const revoked = await a.push([a.sale([{ productId: p.id, qty: 1000 }])]);
    expect(revoked).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect((await a.pull()).status).toBe(401);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [a.tillId])).toBe(0);
  });

  it('keeps tenants apart: another tenant’s till can neither write nor read this tenant’s data', async () => {
    const { chain } = await freshChain();
    const { chain: other, tills: otherTills } = await freshChain();
    const intruder = otherTills[0]!;
    const victimProduct = chain.products[0]!;
    const before = await onHand(tdb.db, chain.tenantId, chain.storeA, victimProduct.id);
    const push = await intruder.push([intruder.sale([{ productId: victimProduct.id, qty: 1000 }])]);
    expect(push.ok && push.body.results[0]).toMatchObject({ status: 'rejected', code: 'UNKNOWN_PRODUCT' });
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, victimProduct.id)).toBe(before);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM levels WHERE tenant_id = $1 AND product_id = $2', [other.tenantId, victimProduct.id])).toBe(0);

    // An op naming the victim's till is refused outright.
    const victimTill = chain.tills[0]!;
    const forged = { ...intruder.sale([{ productId: other.products[0]!.id, qty: 1000 }]), tillId: victimTill.tillId };
    expect(await intruder.push([forged])).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    const pulled = await intruder.pull();
    if (!pulled.ok) throw new Error('pull failed');
    expect(pulled.body.tenant.id).toBe(other.tenantId);
    expect(pulled.body.products.some((p) => p.id === victimProduct.id)).toBe(false);
    expect(pulled.body.locations.every((l) => ![chain.storeA, chain.storeB, chain.warehouse].includes(l.id))).toBe(true);

    // A conflict of the victim tenant is invisible to the intruder.
    const [va, vb] = tillsOf(chain, url) as [TestTill, TestTill];
    const p = chain.products[2]!;
    await va.push([va.sale([{ productId: p.id, qty: 10_000 }])]);
    const rev = await vb.push([vb.sale([{ productId: p.id, qty: 1000 }], { customerContact: contact })]);
    const conflictId = rev.ok ? rev.body.results[0]?.lines[0]?.conflictId : null;
    expect(conflictId).toBeTruthy();
    const poke = await intruder.updateConflict(conflictId!, { actionId: uuidv7(), userId: other.managerId, action: 'contacted' });
    expect(poke).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});

describe('malformed pushes', () => {
  async function nothingApplied(till: TestTill): Promise<void> {
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [till.tillId])).toBe(0);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE terminal_id = $1', [till.tillId])).toBe(0);
  }

  it('answers bad JSON, unknown op types, wrong schema and oversize with machine-readable 4xx and applies nothing', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const p = chain.products[0]!;

    expect(await a.rawPush('{"ops": [')).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(await a.rawPush('{"nope": 1}')).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });

    const good = a.sale([{ productId: p.id, qty: 1000 }]);
    const unknownType = { ...a.sale([{ productId: p.id, qty: 1000 }]), type: 'teleport' };
    const r1 = await a.push([good, unknownType]);
    expect(r1).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', details: { index: 1 } } });

    a.seq = 0;
    const good2 = a.sale([{ productId: p.id, qty: 1000 }]);
    const fractional = a.sale([{ productId: p.id, qty: 1.5 }]);
    const r2 = await a.push([good2, fractional]);
    expect(r2.status).toBe(400);
    expect(r2.body).toMatchObject({ code: 'INVALID_INPUT' });
    expect(JSON.stringify(r2.body)).toContain('qty');

    a.seq = 0;
    const tooMany = Array.from({ length: MAX_OPS_PER_PUSH + 1 }, () => a.sale([{ productId: p.id, qty: 1000 }]));
    expect(await a.push(tooMany)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });

    a.seq = 0;
    const huge = a.sale([{ productId: p.id, qty: 1000 }]);
    const padded = JSON.stringify({ ops: [huge], padding: 'x'.repeat(6 * 1024 * 1024) });
    expect(await a.rawPush(padded)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });

    await nothingApplied(a);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(10_000);
  });
});

describe('stocktakes arriving out of order', () => {
  it('till B sells at 10:00, the manager counts at 11:00 and syncs, B syncs at 12:00: the level equals the count', async () => {
    const { chain, tills } = await freshChain({ stock: 20_000, tillsPerStore: 3 });
    await enrolledLongAgo(chain.tenantId);
    const [managerTill, b, late] = tills as [TestTill, TestTill, TestTill];
    const p = chain.products[0]!;
    // Minutes stand in for the hours of the story, which ends before now: the server never trusts a future time.
    const base = Date.now() - 3_600_000;
    const at = (minutes: number): Date => new Date(base + minutes * 60_000);
    const saleAt10 = b.sale([{ productId: p.id, qty: 3000 }], { at: at(0) });
    // The shelf holds 17 (B's sale of 3 already left it); the manager's till, synced with the opening stock, expected 20.
    const countAt11 = await countWithSheet(managerTill, [{ productId: p.id, counted: 17_000, before: 20_000 }], at(1), at(1.2));
    const r1 = await managerTill.push([countAt11]);
    expect(r1.ok && r1.body.results[0]?.status).toBe('accepted');
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(17_000);

    const r2 = await b.push([saleAt10]);
    expect(r2.ok && r2.body.results[0]?.status).toBe('accepted');
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(17_000);
    expect(await movementKinds(saleAt10.id)).toEqual(['SALE', 'ADJUST']);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);

    // A sale after the count still lowers the shelf, whenever it arrives.
    const saleAt1130 = b.sale([{ productId: p.id, qty: 2000 }], { at: at(1.5) });
    await b.push([saleAt1130]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(15_000);

    // An older count (from a till that did nothing since) arriving late is recorded and changes nothing.
    const staleCount = await countWithSheet(late, [{ productId: p.id, counted: 1000, before: 20_000 }], at(-1), at(-1));
    await late.push([staleCount]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(15_000);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });

  it('a count that reaches the server after a later sale keeps that sale on top of the count', async () => {
    const { chain, tills } = await freshChain({ stock: 20_000 });
    await enrolledLongAgo(chain.tenantId);
    const [managerTill, b] = tills as [TestTill, TestTill];
    const p = chain.products[0]!;
    const base = Date.now() - 3_600_000;
    const sheet = await managerTill.pull();
    if (!sheet.ok) throw new Error('pull failed');
    await b.push([b.sale([{ productId: p.id, qty: 1000 }], { at: new Date(base + 65_000) })]);
    const count = managerTill.stocktake([{ productId: p.id, counted: 12_000, before: 20_000 }], new Date(base + 60_000));
    await managerTill.push([withSnapshot(count, { tillSeq: 0, cursor: sheet.body.cursor, at: new Date(base + 60_000) })]);
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(11_000);
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
  });
});

describe('walk-in policy variant', () => {
  it('accepts an anonymous oversell into negative stock with a stock-discrepancy flag, but reverses a sale with a contact', async () => {
    const { chain, tills } = await freshChain({ stock: 1000, policy: { oversell: 'accept_negative_for_walk_in' } });
    const [a, b] = tills as [TestTill, TestTill];
    const p = chain.products[0]!;
    await a.push([a.sale([{ productId: p.id, qty: 1000 }])]);
    const walkIn = await b.push([b.sale([{ productId: p.id, qty: 2000 }])]);
    expect(walkIn.ok && walkIn.body.results[0]).toMatchObject({ status: 'accepted', lines: [{ action: 'accept_negative', reason: 'walk_in_oversell' }] });
    expect(await onHand(tdb.db, chain.tenantId, chain.storeA, p.id)).toBe(-2000);
    const withContact = await b.push([b.sale([{ productId: p.id, qty: 1000 }], { customerContact: contact })]);
    expect(withContact.ok && withContact.body.results[0]?.status).toBe('reversed');
    const pulled = await b.pull();
    expect(pulled.ok && pulled.body.conflicts.map((c) => c.kind).sort()).toEqual(['contact_customer', 'stock_discrepancy']);
    expect(pulled.ok && pulled.body.tenant.policy.oversell).toBe('accept_negative_for_walk_in');
    expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);

    await setTenantPolicy(tdb.db, chain.tenantId, { oversell: 'reverse_later_sale' });
    const after = await b.push([b.sale([{ productId: p.id, qty: 1000 }])]);
    expect(after.ok && after.body.results[0]?.status).toBe('reversed');
  });
});

describe('pull', () => {
  it('returns the catalog, users with PIN hashes and store levels first, then only what changed after the cursor', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const first = await a.pull();
    if (!first.ok) throw new Error('pull failed');
    expect(first.body.products).toHaveLength(chain.products.length);
    expect(first.body.users.map((u) => u.role).sort()).toEqual(['cashier', 'manager']);
    expect(first.body.users[0]?.pinHash).toMatch(/^scrypt\$/);
    expect(first.body.levels).toHaveLength(chain.products.length);
    expect(first.body.store.id).toBe(chain.storeA);
    const p = chain.products[3]!;
    await a.push([a.sale([{ productId: p.id, qty: 1000 }])]);
    const second = await a.pull(first.body.cursor);
    if (!second.ok) throw new Error('pull failed');
    expect(BigInt(second.body.cursor) > BigInt(first.body.cursor)).toBe(true);
    expect(second.body.products).toEqual([]);
    expect(second.body.levels).toEqual([{ productId: p.id, level: { onHand: 9000, reserved: 0, inTransit: 0, quarantined: 0 } }]);
    expect(second.body.opResults.map((r) => r.seq)).toEqual([1]);
    expect((await a.pull('not-a-cursor')).status).toBe(400);
  });

  it('flags clock skew beyond five minutes without refusing the sale', async () => {
    const { chain, tills } = await freshChain();
    const a = tills[0]!;
    const r = await a.push([a.sale([{ productId: chain.products[0]!.id, qty: 1000 }], { at: new Date(Date.now() - 3600_000) })]);
    expect(r.ok && r.body.results[0]).toMatchObject({ status: 'accepted', clockSkew: true });
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1 AND clock_skew', [a.tillId])).toBe(1);
  });

  it('answers health', async () => {
    const res = await fetch(`${url}/v1/health`);
    expect(await res.json()).toEqual({ ok: true, protocolVersion: 1, database: 'postgres' });
  });
});

describe('database unreachable', () => {
  it('answers 503 UNAVAILABLE so the till retries later', async () => {
    const { buildApp } = await import('./app');
    const { openPostgres } = await import('./db/db');
    const deadDb = openPostgres('postgres://postgres@127.0.0.1:1/nowhere', { max: 1 });
    const deadApp = await buildApp({ db: deadDb });
    try {
      const res = await deadApp.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: 'Bearer till_abcdefghijklmnopqrstuvwxyz' }, payload: { ops: [] } });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      await deadApp.close();
      await deadDb.close();
    }
  });
});
