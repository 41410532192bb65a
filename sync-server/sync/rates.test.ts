import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import type { Currency } from '../../shared/domain/money';
import { CURRENT_SCHEMA_VERSION } from '../../shared/ops/operations';
import type { PullResponse, PushResponse, SyncRate } from '../../shared/sync/protocol';
import { SYNC_PATHS, pullResponseSchema } from '../../shared/sync/protocol';
import { runCommand } from '../admin/cli';
import type { TestChain } from '../test-support/fixtures';
import { count, seedTestChain } from '../test-support/fixtures';
import { listenApp, tillsOf } from '../test-support/harness';
import type { OpOf, TestTill } from '../test-support/client';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';

/**
 * Exchange rates at the server (issue 11), over HTTP against PostgreSQL: a manager's rate_post is recorded with
 * who posted it and the server's trusted time (never the till's claim), every till of the tenant pulls the
 * tenant's rates in the server's order with head office's posts among them, across pages; a cashier's post, a
 * rate from another currency than the tenant's, a rate of zero and a rate id used twice write nothing. A sale
 * carrying the new two-currency fields is replayed like any sale and kept as sent.
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

function ratePost(till: TestTill, rate: number, opts: { userId?: string; at?: Date; base?: Currency; quote?: Currency; rateId?: string; note?: string } = {}): OpOf<'rate_post'> {
  till.seq += 1;
  return {
    id: uuidv7(),
    tillId: till.tillId,
    seq: till.seq,
    userId: opts.userId ?? till.managerId,
    occurredAt: (opts.at ?? new Date()).toISOString(),
    schemaVersion: CURRENT_SCHEMA_VERSION,
    type: 'rate_post',
    payload: { rateId: opts.rateId ?? uuidv7(), base: opts.base ?? 'USD', quote: opts.quote ?? 'LBP', rate, ...(opts.note === undefined ? {} : { note: opts.note }) },
  };
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

/** Every page from `since` to the end, as a till pulls: the rates in the order they came. */
async function allRates(till: TestTill, maxBytes?: number): Promise<{ rates: SyncRate[]; pages: number }> {
  const rates: SyncRate[] = [];
  let since = '0';
  for (let pages = 1; ; pages++) {
    const page = await pulled(till, maxBytes, since);
    rates.push(...(page.rates ?? []));
    if (page.more !== true) return { rates, pages };
    since = page.cursor;
  }
}

const storedRates = (chain: TestChain): Promise<number> => count(tdb.db, 'SELECT count(*) AS n FROM exchange_rates WHERE tenant_id = $1', [chain.tenantId]);

describe('a rate posted at a till', () => {
  it('is recorded with the manager and the server’s time, and reaches every till of the tenant', async () => {
    const { chain, hamra, achrafieh } = await freshChain();
    // The till's clock claims tomorrow: the post is ordered and timed by what the server trusts, not by that.
    const claimed = new Date(Date.now() + 24 * 3_600_000);
    const before = Date.now();
    const op = ratePost(hamra, 89_500, { at: claimed, note: 'Sayrafa, morning' });
    const [result] = await pushed(hamra, [op]);
    expect(result).toMatchObject({ status: 'accepted', code: null, duplicate: false });

    const { rates } = await allRates(achrafieh);
    expect(rates).toHaveLength(1);
    const [rate] = rates as [SyncRate];
    expect(rate).toMatchObject({ rateId: op.payload.rateId, base: 'USD', quote: 'LBP', rate: 89_500, note: 'Sayrafa, morning', postedByName: 'Karim' });
    const postedAt = Date.parse(rate.postedAt);
    expect(postedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(postedAt).toBeLessThanOrEqual(Date.now() + 1000);
    // the poster's own till gets it back too, with the same order
    expect((await allRates(hamra)).rates).toEqual(rates);
    expect(await storedRates(chain)).toBe(1);
  });

  it('names the manager who approved it in a cashier’s session', async () => {
    const { hamra, achrafieh, chain } = await freshChain();
    const op = ratePost(hamra, 90_000, { userId: chain.cashierId });
    op.payload.approvedBy = chain.managerId;
    expect((await pushed(hamra, [op]))[0]?.status).toBe('accepted');
    expect((await allRates(achrafieh)).rates.map((r) => r.postedByName)).toEqual(['Karim']);
  });

  it('orders the tenant’s posts as the server recorded them, head office’s among the tills’, across pages', async () => {
    const { chain, hamra, achrafieh } = await freshChain();
    // Posted in this order: Hamra 89,000; head office 89,500; Achrafieh 89,700; head office 90,000.
    expect((await pushed(hamra, [ratePost(hamra, 89_000)]))[0]?.status).toBe('accepted');
    const ho1 = (await runCommand(tdb.db, ['post-rate', '--tenant', chain.tenantId, '--rate', '89500', '--note', 'central bank'])) as { rate: SyncRate };
    expect(ho1.rate).toMatchObject({ base: 'USD', quote: 'LBP', rate: 89_500, postedByName: 'Head office', note: 'central bank' });
    expect((await pushed(achrafieh, [ratePost(achrafieh, 89_700)]))[0]?.status).toBe('accepted');
    await runCommand(tdb.db, ['post-rate', '--tenant', chain.tenantId, '--rate', '90000']);

    const whole = await allRates(hamra);
    expect(whole.rates.map((r) => r.rate)).toEqual([89_000, 89_500, 89_700, 90_000]);
    const orders = whole.rates.map((r) => BigInt(r.order));
    expect([...orders].sort((a, b) => (a < b ? -1 : 1))).toEqual(orders);
    expect(new Set(orders).size).toBe(4);
    // A page of 1 KB holds a product or two: the catalog and the rates take several pages, every rate once, in order.
    const paged = await allRates(hamra, 1024);
    expect(paged.pages).toBeGreaterThan(1);
    expect(paged.rates).toEqual(whole.rates);
    // head office's listing, newest first
    const listed = (await runCommand(tdb.db, ['rates', '--tenant', chain.tenantId])) as { rates: SyncRate[] };
    expect(listed.rates.map((r) => r.rate)).toEqual([90_000, 89_700, 89_500, 89_000]);
  });

  it('sends a till only the rates posted after its cursor', async () => {
    const { chain, hamra } = await freshChain();
    await runCommand(tdb.db, ['post-rate', '--tenant', chain.tenantId, '--rate', '89500']);
    const first = await pulled(hamra);
    expect(first.rates?.map((r) => r.rate)).toEqual([89_500]);
    await pushed(hamra, [ratePost(hamra, 89_600)]);
    const next = await pulled(hamra, undefined, first.cursor);
    expect(next.rates?.map((r) => r.rate)).toEqual([89_600]);
  });
});

describe('a rate post that must not count', () => {
  it('a cashier alone may not post one: rejected, nothing recorded', async () => {
    const { chain, hamra, achrafieh } = await freshChain();
    const [r] = await pushed(hamra, [ratePost(hamra, 89_500, { userId: chain.cashierId })]);
    expect(r).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    expect(await storedRates(chain)).toBe(0);
    expect((await allRates(achrafieh)).rates).toEqual([]);
  });

  it('a rate from another currency than the tenant’s prices: rejected, nothing recorded, and the till’s queue moves on', async () => {
    const { chain, hamra } = await freshChain();
    const wrong = ratePost(hamra, 89_500, { base: 'EUR', quote: 'LBP' });
    const fine = ratePost(hamra, 89_500);
    const results = await pushed(hamra, [wrong, fine]);
    expect(results.map((x) => [x.status, x.code])).toEqual([
      ['rejected', 'INVALID_INPUT'],
      ['accepted', null],
    ]);
    expect(results[0]?.reason).toMatch(/USD/);
    expect(await storedRates(chain)).toBe(1);
  });

  it('a rate of zero, below zero or absurdly large: the push is refused whole, nothing written', async () => {
    const { chain, hamra } = await freshChain();
    for (const rate of [0, -89_500, 100_000_001, 89_500.5]) {
      const seqBefore = hamra.seq;
      const r = await hamra.push([ratePost(hamra, rate)]);
      expect(r.status).toBe(400);
      expect(r.ok ? null : r.body.code).toBe('INVALID_INPUT');
      hamra.seq = seqBefore;
    }
    const applied = await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops a JOIN terminals t ON t.tenant_id = a.tenant_id AND t.id = a.terminal_id WHERE a.tenant_id = $1', [chain.tenantId]);
    expect(applied).toBe(0);
    expect(await storedRates(chain)).toBe(0);
  });

  it('the same rate id under another op is a duplicate (nothing twice), with another rate refused as reused', async () => {
    const { chain, hamra } = await freshChain();
    const rateId = uuidv7();
    const results = await pushed(hamra, [ratePost(hamra, 89_500, { rateId }), ratePost(hamra, 89_500, { rateId }), ratePost(hamra, 91_000, { rateId })]);
    expect(results.map((x) => [x.status, x.code])).toEqual([
      ['accepted', null],
      ['rejected', 'DUPLICATE'],
      ['rejected', 'ID_REUSED'],
    ]);
    expect(await storedRates(chain)).toBe(1);
  });

  it('head office’s bad rate is refused by the CLI with nothing written', async () => {
    const { chain } = await freshChain();
    await expect(runCommand(tdb.db, ['post-rate', '--tenant', chain.tenantId, '--rate', '0'])).rejects.toThrow(/above zero/);
    await expect(runCommand(tdb.db, ['post-rate', '--tenant', chain.tenantId, '--rate=-5'])).rejects.toThrow(/whole number/);
    await expect(runCommand(tdb.db, ['post-rate', '--tenant', chain.tenantId, '--rate', '89500', '--quote', 'USD'])).rejects.toThrow(/two different currencies/);
    expect(await storedRates(chain)).toBe(0);
  });
});

describe('a sale in two currencies at replay', () => {
  it('is kept as sent, its rate, tenders per currency, change and rounding in the stored op; an older sale still replays', async () => {
    const { chain, hamra } = await freshChain();
    const [p] = chain.products;
    if (p === undefined) throw new Error('a product');
    const rateId = uuidv7();
    await pushed(hamra, [ratePost(hamra, 89_500, { rateId })]);
    // $23.40 at 89,500 = 2,094,300 LBP; paid $20 + 500,000 LBP = 2,290,000: 195,700 back, 195,000 handed over, 700 kept
    const mixed = hamra.sale([{ productId: p.id, qty: 1000, unitPrice: 23_40 }]);
    mixed.payload.tenders = [
      { method: 'cash', amount: 20_00, currency: 'USD' },
      { method: 'cash', amount: 500_000, currency: 'LBP' },
    ];
    Object.assign(mixed.payload, { rate: { rateId, base: 'USD', quote: 'LBP', rate: 89_500 }, changeIn: 'quote', changeQuote: 195_000, rounding: 700, change: 0 });
    const older = hamra.sale([{ productId: p.id, qty: 1000 }]);
    const results = await pushed(hamra, [mixed, older]);
    expect(results.map((x) => x.status)).toEqual(['accepted', 'accepted']);
    const body = await tdb.db.query<{ payload: unknown }>("SELECT body -> 'payload' AS payload FROM applied_ops WHERE op_id = $1", [mixed.id]);
    expect(body.rows[0]?.payload).toEqual(mixed.payload);
  });
});
