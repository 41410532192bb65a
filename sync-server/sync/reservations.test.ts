import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { PullResponse, PushResponse } from '../../shared/sync/protocol';
import { SYNC_PATHS, pullResponseSchema } from '../../shared/sync/protocol';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import type { TestChain } from '../test-support/fixtures';
import { count, seedTestChain } from '../test-support/fixtures';
import { listenApp, tillsOf } from '../test-support/harness';
import type { TestTill } from '../test-support/client';
import { fulfil, release, reserve } from '../test-support/reservation-ops';
import { checkLedger } from '../db/reconcile-repo';
import { expireReservations } from '../reservation-expiry';

/**
 * Reservations replayed at the server (issue 8), over HTTP against PostgreSQL: what a till reserved offline is
 * held when it still fits and refused with its customer to call when it does not; a fulfilment takes what left
 * and gives the rest back; a release gives the hold back once; a fulfilment after the server's expiry took the
 * hold is recorded as decideFulfilment() says; an unknown reservation is refused with nothing written. After
 * every story each level equals the sum of its movements over all four quantities.
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

const HOUR = 3_600_000;

async function freshChain(stock: number): Promise<{ chain: TestChain; tills: TestTill[] }> {
  const chain = await seedTestChain(tdb.db, { stock });
  // Enrolled yesterday: a story may tell times of the last hours.
  await tdb.db.query("UPDATE terminals SET created_at = now() - interval '1 day' WHERE tenant_id = $1", [chain.tenantId]);
  return { chain, tills: tillsOf(chain, url) };
}

async function pushed(till: TestTill, ops: readonly unknown[]): Promise<PushResponse['results']> {
  const r = await till.push(ops);
  if (!r.ok) throw new Error(`push failed: ${JSON.stringify(r.body)}`);
  return r.body.results;
}

async function pulled(till: TestTill, maxBytes?: number, since = '0'): Promise<PullResponse> {
  const query = `since=${since}${maxBytes === undefined ? '' : `&maxBytes=${maxBytes}`}`;
  const res = await fetch(`${url}${SYNC_PATHS.pull}?${query}`, { headers: { authorization: `Bearer ${till.token}` } });
  if (!res.ok) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
  return pullResponseSchema.parse(await res.json());
}

async function level(chain: TestChain, locationId: string, productId: string): Promise<{ onHand: number; reserved: number }> {
  const r = await tdb.db.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3', [
    chain.tenantId,
    locationId,
    productId,
  ]);
  return { onHand: r.rows[0]?.on_hand ?? 0, reserved: r.rows[0]?.reserved ?? 0 };
}

async function movementsOfOp(opId: string): Promise<Array<[string, string, number]>> {
  const r = await tdb.db.query<{ kind: string; product_id: string; qty: number }>('SELECT kind, product_id, qty FROM movements WHERE op_id = $1 ORDER BY id', [opId]);
  return r.rows.map((m) => [m.kind, m.product_id, m.qty]);
}

const movementCount = (chain: TestChain): Promise<number> => count(tdb.db, 'SELECT count(*) AS n FROM movements WHERE tenant_id = $1', [chain.tenantId]);

async function expectLedgerBalanced(chain: TestChain): Promise<void> {
  expect((await checkLedger(tdb.db, chain.tenantId)).drifts).toEqual([]);
}

function products(chain: TestChain): [string, string, string] {
  const [p, q, r] = chain.products;
  if (p === undefined || q === undefined || r === undefined) throw new Error('the test chain has products');
  return [p.id, q.id, r.id];
}

describe('two tills reserving the last units offline', () => {
  it('holds the first to reach the server and refuses the later line that no longer fits, with its customer to call', async () => {
    const { chain, tills } = await freshChain(3000);
    const [a, b, , elsewhere] = tills as [TestTill, TestTill, TestTill, TestTill];
    const [p, q] = products(chain);
    // Both tills offline: each promises 2 of the 3 units of p.
    const first = reserve(a, [{ productId: p, qty: 2000 }, { productId: q, qty: 1000 }]);
    const later = reserve(b, [{ productId: p, qty: 2000 }, { productId: q, qty: 1000 }], { contact: { name: 'Omar', phone: '+961 70 555111' } });

    expect(await pushed(a, [first])).toMatchObject([{ status: 'accepted', lines: [{ action: 'keep' }, { action: 'keep' }] }]);
    const [result] = await pushed(b, [later]);
    expect(result).toMatchObject({
      status: 'partially_reversed',
      code: null,
      lines: [
        { lineId: later.payload.lines[0]?.lineId, action: 'reverse', reason: 'insufficient_stock', available: 1000, conflictId: null },
        { lineId: later.payload.lines[1]?.lineId, action: 'keep', reason: null, available: null },
      ],
    });
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: 3000, reserved: 2000 });
    expect(await level(chain, chain.storeA, q)).toEqual({ onHand: 3000, reserved: 2000 });
    // The refused line wrote nothing; the kept ones a RESERVE each.
    expect(await movementsOfOp(later.id)).toEqual([['RESERVE', q, 1000]]);

    // The till that took the later order pulls it with its contact and which line the server could not hold.
    const page = await pulled(b);
    const mine = page.reservations?.find((x) => x.id === later.payload.reservationId);
    expect(mine).toMatchObject({
      status: 'open',
      locationId: chain.storeA,
      customerContact: { name: 'Omar', phone: '+961 70 555111' },
      createdByName: 'Rana',
      endedAt: null,
      lines: [
        { lineId: later.payload.lines[0]?.lineId, productId: p, requested: 2000, held: 0, fulfilled: 0, refused: true },
        { lineId: later.payload.lines[1]?.lineId, productId: q, requested: 1000, held: 1000, fulfilled: 0, refused: false },
      ],
    });
    expect(page.reservations?.map((x) => x.id).sort()).toEqual([first.payload.reservationId, later.payload.reservationId].sort());
    // Another store's till never sees them.
    expect((await pulled(elsewhere)).reservations).toEqual([]);
    await expectLedgerBalanced(chain);
  });

  it('refuses a reservation none of whose lines fit (status refused), and lets lines of one product draw in turn', async () => {
    const { chain, tills } = await freshChain(3000);
    const a = tills[0] as TestTill;
    const [p, , r] = products(chain);
    const greedy = reserve(a, [{ productId: p, qty: 4000 }]);
    const twice = reserve(a, [{ productId: r, qty: 2000 }, { productId: r, qty: 2000 }]);
    const results = await pushed(a, [greedy, twice]);
    expect(results.map((x) => [x.status, x.lines.map((l) => [l.action, l.available])])).toEqual([
      ['reversed', [['reverse', 3000]]],
      ['partially_reversed', [['keep', null], ['reverse', 1000]]],
    ]);
    const page = await pulled(a);
    const refused = page.reservations?.find((x) => x.id === greedy.payload.reservationId);
    expect(refused).toMatchObject({ status: 'refused', lines: [{ held: 0, refused: true }] });
    expect(refused?.endedAt).not.toBeNull();
    expect(await movementsOfOp(greedy.id)).toEqual([]);
    expect(await level(chain, chain.storeA, r)).toEqual({ onHand: 3000, reserved: 2000 });
    await expectLedgerBalanced(chain);
  });
});

describe('a reservation that cannot be taken as written', () => {
  it('is rejected with nothing written: a hold beyond MAX_HOLD_HOURS or ending before it began, a line twice', async () => {
    const { chain, tills } = await freshChain(10_000);
    const a = tills[0] as TestTill;
    const [p] = products(chain);
    const forever = reserve(a, [{ productId: p, qty: 1000 }], { holdHours: 24 * 31 });
    const backwards = reserve(a, [{ productId: p, qty: 1000 }], { holdHours: -1 });
    const twice = reserve(a, [{ productId: p, qty: 1000 }]);
    twice.payload = { ...twice.payload, lines: [...twice.payload.lines, { ...(twice.payload.lines[0] as (typeof twice.payload.lines)[0]) }] };
    const movements = await movementCount(chain);
    // A rejected create does not use its id up: the same order written right, later in the same push, is taken.
    const right = { ...reserve(a, [{ productId: p, qty: 1000 }]), payload: { ...forever.payload, expiresAt: new Date(Date.now() + HOUR).toISOString() } };
    const results = await pushed(a, [forever, backwards, twice, right]);
    expect(results.map((x) => [x.status, x.code])).toEqual([
      ['rejected', 'INVALID_INPUT'],
      ['rejected', 'INVALID_INPUT'],
      ['rejected', 'INVALID_INPUT'],
      ['accepted', null],
    ]);
    expect(await movementsOfOp(right.id)).toEqual([['RESERVE', p, 1000]]);
    expect(await movementCount(chain)).toBe(movements + 1);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM reservations WHERE tenant_id = $1', [chain.tenantId])).toBe(1);
    await expectLedgerBalanced(chain);
  });
});

describe('fulfilment', () => {
  it('takes what left off on hand and reserved, gives the rest of each hold back, and ends the reservation fulfilled', async () => {
    const { chain, tills } = await freshChain(10_000);
    const [a, b] = tills as [TestTill, TestTill];
    const [p, q] = products(chain);
    const order = reserve(a, [{ productId: p, qty: 3000 }, { productId: q, qty: 1500 }]);
    await pushed(a, [order]);
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: 10_000, reserved: 3000 });
    // Collected at the other till of the store: 2 of the 3 of p, all of q.
    const collected = fulfil(b, order, [2000, 1500]);
    expect(await pushed(b, [collected])).toMatchObject([{ status: 'accepted', lines: [] }]);
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: 8000, reserved: 0 });
    expect(await level(chain, chain.storeA, q)).toEqual({ onHand: 8500, reserved: 0 });
    expect(await movementsOfOp(collected.id)).toEqual([
      ['FULFIL', p, 2000],
      ['RELEASE', p, 1000],
      ['FULFIL', q, 1500],
    ]);
    const view = (await pulled(a)).reservations?.find((x) => x.id === order.payload.reservationId);
    expect(view).toMatchObject({ status: 'fulfilled', lines: [{ held: 0, fulfilled: 2000 }, { held: 0, fulfilled: 1500 }] });
    expect(view?.endedAt).not.toBeNull();

    // Made and collected while offline, both in one push; a line the fulfilment leaves out took nothing.
    const quick = reserve(a, [{ productId: p, qty: 1000 }, { productId: q, qty: 1000 }]);
    await pushed(a, [quick, fulfil(a, quick, [1000])]);
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: 7000, reserved: 0 });
    expect(await level(chain, chain.storeA, q)).toEqual({ onHand: 8500, reserved: 0 });
    await expectLedgerBalanced(chain);
  });

  it('refuses, writing nothing, a fulfilment of a reservation the server never heard of, of another store, of a line it does not have, of more than was asked, or a second one', async () => {
    const { chain, tills } = await freshChain(10_000);
    const [a, , other] = tills as [TestTill, TestTill, TestTill];
    const [p] = products(chain);
    const mine = reserve(a, [{ productId: p, qty: 2000 }]);
    const theirs = reserve(other, [{ productId: p, qty: 2000 }]);
    await pushed(a, [mine]);
    await pushed(other, [theirs]);
    const before = { movements: await movementCount(chain), a: await level(chain, chain.storeA, p), b: await level(chain, chain.storeB, p) };

    const ghost = fulfil(a, { ...mine, payload: { ...mine.payload, reservationId: uuidv7() } }, [2000]);
    const foreign = fulfil(a, theirs, [2000]);
    const strayLine = { ...fulfil(a, mine, [1000]) };
    strayLine.payload = { ...strayLine.payload, lines: [{ lineId: uuidv7(), qty: 1000 }] };
    const tooMuch = fulfil(a, mine, [2001]);
    const results = await pushed(a, [ghost, foreign, strayLine, tooMuch]);
    expect(results.map((x) => [x.status, x.code])).toEqual([
      ['rejected', 'NOT_FOUND'],
      ['rejected', 'FORBIDDEN'],
      ['rejected', 'INVALID_INPUT'],
      ['rejected', 'INVALID_QUANTITY'],
    ]);
    expect(results[0]?.reason).toMatch(/no reservation/);
    expect(await movementCount(chain)).toBe(before.movements);
    expect({ a: await level(chain, chain.storeA, p), b: await level(chain, chain.storeB, p) }).toEqual({ a: before.a, b: before.b });
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM reservations WHERE tenant_id = $1', [chain.tenantId])).toBe(2);

    // The rejected ones did not use the reservation up: it is still open and can be collected, once.
    await pushed(a, [fulfil(a, mine, [2000])]);
    const again = await pushed(a, [fulfil(a, mine, [2000])]);
    expect(again.map((x) => [x.status, x.code])).toEqual([['rejected', 'CONFLICT_TRANSITION']]);
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: 8000, reserved: 0 });
    await expectLedgerBalanced(chain);
  });
});

describe('release', () => {
  it('gives the hold back once: ending a reservation the server already ended changes nothing and is accepted', async () => {
    const { chain, tills } = await freshChain(10_000);
    const [a, b] = tills as [TestTill, TestTill];
    const [p, q] = products(chain);
    const order = reserve(a, [{ productId: p, qty: 2000 }, { productId: q, qty: 500 }]);
    await pushed(a, [order]);
    const cancelled = release(a, order.payload.reservationId);
    expect(await pushed(a, [cancelled])).toMatchObject([{ status: 'accepted' }]);
    expect(await movementsOfOp(cancelled.id)).toEqual([
      ['RELEASE', p, 2000],
      ['RELEASE', q, 500],
    ]);
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: 10_000, reserved: 0 });
    const movements = await movementCount(chain);
    // The other till had the reservation too and let its own timer expire it meanwhile.
    const lapsed = release(b, order.payload.reservationId, 'expired');
    expect(await pushed(b, [lapsed])).toMatchObject([{ status: 'accepted', code: null }]);
    expect(await movementCount(chain)).toBe(movements);
    expect((await pulled(a)).reservations?.find((x) => x.id === order.payload.reservationId)).toMatchObject({ status: 'released', lines: [{ held: 0 }, { held: 0 }] });

    // A release of a reservation the server does not know is refused.
    expect((await pushed(a, [release(a, uuidv7())])).map((x) => x.code)).toEqual(['NOT_FOUND']);
    // The till's own expiry of an open one ends it expired.
    const forgotten = reserve(a, [{ productId: p, qty: 1000 }]);
    await pushed(a, [forgotten, release(a, forgotten.payload.reservationId, 'expired')]);
    expect((await pulled(a)).reservations?.find((x) => x.id === forgotten.payload.reservationId)).toMatchObject({ status: 'expired' });
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: 10_000, reserved: 0 });
    await expectLedgerBalanced(chain);
  });
});

describe('a fulfilment that reaches the server after its hold ended', () => {
  it('takes the goods off the shelf as a sale when the expiry job got there first, and flags the shelf when that takes it below zero', async () => {
    const { chain, tills } = await freshChain(3000);
    const [a, b] = tills as [TestTill, TestTill];
    const [p, q] = products(chain);
    const now = Date.now();
    // Taken 3 hours ago for an hour; collected 2.5 hours ago at a till that was offline since.
    const order = reserve(a, [{ productId: p, qty: 3000 }, { productId: q, qty: 1000 }], { at: new Date(now - 3 * HOUR), holdHours: 1 });
    await pushed(a, [order]);
    const [expired] = await expireReservations(tdb.db, { now: new Date(now) }).then((rs) => rs.filter((x) => x.tenantId === chain.tenantId));
    expect(expired).toMatchObject({ expired: 1, released: 2 });
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: 3000, reserved: 0 });
    // Meanwhile another till sold 2 of the 3 units of p the job had given back.
    await pushed(b, [b.sale([{ productId: p, qty: 2000 }])]);

    const collected = fulfil(a, order, [3000, 1000], new Date(now - 2.5 * HOUR));
    expect(await pushed(a, [collected])).toMatchObject([{ status: 'accepted', lines: [] }]);
    expect(await movementsOfOp(collected.id)).toEqual([
      ['SALE', p, 3000],
      ['SALE', q, 1000],
    ]);
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: -2000, reserved: 0 });
    expect(await level(chain, chain.storeA, q)).toEqual({ onHand: 2000, reserved: 0 });
    // p went below zero: a recount is asked for; q fitted and asks nothing.
    const page = await pulled(a);
    const flagged = page.conflicts.filter((c) => c.opId === collected.id);
    expect(flagged).toMatchObject([
      { kind: 'stock_discrepancy', saleId: order.payload.reservationId, lineId: order.payload.lines[0]?.lineId, productId: p, qty: 3000, availableAtReplay: 1000, reason: 'fulfilled_after_expired' },
    ]);
    expect(page.reservations?.find((x) => x.id === order.payload.reservationId)).toMatchObject({ status: 'fulfilled', lines: [{ held: 0, fulfilled: 3000 }, { held: 0, fulfilled: 1000 }] });
    await expectLedgerBalanced(chain);
  });

  it('takes a line refused at replay off the shelf too: the customer was served from what was there', async () => {
    const { chain, tills } = await freshChain(3000);
    const [a, b] = tills as [TestTill, TestTill];
    const [p] = products(chain);
    await pushed(a, [reserve(a, [{ productId: p, qty: 2000 }])]);
    const later = reserve(b, [{ productId: p, qty: 2000 }]);
    expect((await pushed(b, [later]))[0]?.status).toBe('reversed');
    // The customer came anyway and took the one unit that was free.
    const collected = fulfil(b, later, [1000]);
    await pushed(b, [collected]);
    expect(await movementsOfOp(collected.id)).toEqual([['SALE', p, 1000]]);
    expect(await level(chain, chain.storeA, p)).toEqual({ onHand: 2000, reserved: 2000 });
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM conflicts WHERE op_id = $1', [collected.id])).toBe(0);
    await expectLedgerBalanced(chain);
  });
});

describe('pull', () => {
  it('pages reservations with the rest of the changes: each arrives once, in its latest state, at its own store only', async () => {
    const { chain, tills } = await freshChain(50_000);
    const [a, , other] = tills as [TestTill, TestTill, TestTill];
    const [p, q] = products(chain);
    const orders = Array.from({ length: 12 }, (_, i) => reserve(a, [{ productId: i % 2 === 0 ? p : q, qty: 1000 }], { note: `order ${i}` }));
    await pushed(a, orders);
    await pushed(a, [release(a, orders[3]?.payload.reservationId as string)]);
    await pushed(other, [reserve(other, [{ productId: p, qty: 1000 }])]);

    const seen: string[] = [];
    const states = new Map<string, string>();
    let cursor = '0';
    let pages = 0;
    for (;;) {
      const page = await pulled(a, 1024, cursor);
      pages += 1;
      for (const r of page.reservations ?? []) {
        seen.push(r.id);
        states.set(r.id, r.status);
      }
      cursor = page.cursor;
      if (page.more !== true) break;
    }
    expect(pages).toBeGreaterThan(2);
    expect([...seen].sort()).toEqual(orders.map((o) => o.payload.reservationId).sort());
    expect(states.get(orders[3]?.payload.reservationId as string)).toBe('released');
    expect([...states.values()].filter((s) => s === 'open')).toHaveLength(11);
  });
});
