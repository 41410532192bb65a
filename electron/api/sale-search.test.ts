import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import type { BranchResult, ReceiptView, SaleSearchPage } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * sale.search, the receipt history at the till: through the real dispatcher (access, zod) and a real database.
 * The oracle is the list of sales this test rang up itself, with the times it set and the totals the catalog
 * gives, never the search's own SQL.
 */

let till: TempTill;
let clock: Date;

beforeEach(() => {
  clock = new Date('2026-03-01T09:00:00.000Z');
  till = createTempTill({ backend: { now: () => clock } });
});
afterEach(() => till.cleanup());

async function search(input: Record<string, unknown>): Promise<SaleSearchPage> {
  return till.call<SaleSearchPage>('sale.search', input);
}

/** Rings up `count` units of `product` at `at`; returns the receipt. */
async function sell(product: DemoProduct, count: number, at: string): Promise<ReceiptView> {
  clock = new Date(at);
  return till.call<ReceiptView>('sale.complete', {
    saleId: uuidv4(),
    lines: [{ productId: product.id, qty: count * 1000 }],
    tenders: [{ method: 'card', amount: product.price * count }],
  });
}

function eachProducts(): [DemoProduct, DemoProduct] {
  const storeId = till.chain.tills[0]?.storeId;
  const stocked = till.chain.products.filter(
    (p) => p.active && p.unit === 'each' && (till.chain.stock.find((s) => s.productId === p.id && s.locationId === storeId)?.qty ?? 0) >= 20_000,
  );
  const a = stocked[0] as DemoProduct;
  // a second product whose one-, two- and three-unit totals never equal the first one's
  const b = stocked.find((p) => [1, 2, 3].every((n) => [1, 2, 3].every((m) => p.price * n !== a.price * m))) as DemoProduct;
  return [a, b];
}

describe('sale.search', () => {
  /** five sales over two days: H1-000001 .. H1-000005, two of them at the same millisecond */
  let sales: ReceiptView[];
  let a: DemoProduct;
  let b: DemoProduct;
  beforeEach(async () => {
    await till.loginAs('cashier');
    [a, b] = eachProducts();
    sales = [
      await sell(a, 1, '2026-03-01T09:00:00.000Z'),
      await sell(b, 1, '2026-03-01T12:30:00.000Z'),
      await sell(a, 1, '2026-03-02T08:15:00.000Z'),
      await sell(b, 2, '2026-03-02T08:15:00.000Z'),
      await sell(a, 2, '2026-03-02T17:45:00.000Z'),
    ];
    expect(sales.map((s) => s.number)).toEqual(['H1-000001', 'H1-000002', 'H1-000003', 'H1-000004', 'H1-000005']);
  });

  it('lists every sale newest first, the same millisecond by the order they were rung up', async () => {
    const page = await search({});
    expect(page.sales.map((s) => s.number)).toEqual(['H1-000005', 'H1-000004', 'H1-000003', 'H1-000002', 'H1-000001']);
    expect(page.nextCursor).toBeNull();
    // the whole receipt, as sale.get gives it: a reprint needs nothing else
    expect(page.sales[0]).toEqual(await till.call<ReceiptView>('sale.get', { saleId: sales[4]?.saleId }));
  });

  it('finds a sale by its whole number or by the beginning of it', async () => {
    expect((await search({ number: 'H1-000003' })).sales.map((s) => s.number)).toEqual(['H1-000003']);
    expect((await search({ number: ' H1-00000 ' })).sales).toHaveLength(5);
    expect((await search({ number: 'H1-0000030' })).sales).toEqual([]);
    expect((await search({ number: 'H2-' })).sales).toEqual([]);
    // "H1-00000" is a prefix, not a pattern: no character of it is a wildcard
    expect((await search({ number: 'H1-0000_3' }).catch((e: Error) => e.message))).toMatch(/INVALID_INPUT/);
  });

  it('finds sales by their exact total', async () => {
    const found = await search({ total: a.price });
    expect(found.sales.map((s) => s.number)).toEqual(['H1-000003', 'H1-000001']);
    expect((await search({ total: a.price * 2 })).sales.map((s) => s.number)).toEqual(['H1-000005']);
    expect((await search({ total: a.price + 1 })).sales).toEqual([]);
  });

  it('finds sales in a time range, from inclusive and to exclusive, whatever offset the bounds are given in', async () => {
    const day2 = await search({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' });
    expect(day2.sales.map((s) => s.number)).toEqual(['H1-000005', 'H1-000004', 'H1-000003']);
    const exact = await search({ from: '2026-03-02T08:15:00.000Z', to: '2026-03-02T17:45:00.000Z' });
    expect(exact.sales.map((s) => s.number)).toEqual(['H1-000004', 'H1-000003']);
    // the first of March in Beirut (UTC+2) ends at 22:00 UTC
    const beirut = await search({ from: '2026-03-01T00:00:00+02:00', to: '2026-03-02T00:00:00+02:00' });
    expect(beirut.sales.map((s) => s.number)).toEqual(['H1-000002', 'H1-000001']);
    // filters combine: the day and the amount
    expect((await search({ from: '2026-03-02T00:00:00.000Z', total: a.price })).sales.map((s) => s.number)).toEqual(['H1-000003']);
  });

  it('pages through the sales newest first, without repeating or skipping one, not even two of the same millisecond', async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page: SaleSearchPage = await search(cursor === undefined ? { limit: 2 } : { limit: 2, cursor });
      expect(page.sales.length).toBeLessThanOrEqual(2);
      seen.push(...page.sales.map((s) => s.number));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(seen).toEqual(['H1-000005', 'H1-000004', 'H1-000003', 'H1-000002', 'H1-000001']);
    expect(pages).toBe(3);
    // a sale rung up while the cashier pages does not shift the later pages
    const first = await search({ limit: 3 });
    await sell(a, 1, '2026-03-03T10:00:00.000Z');
    const next = await search({ limit: 3, cursor: first.nextCursor });
    expect(next.sales.map((s) => s.number)).toEqual(['H1-000002', 'H1-000001']);
    expect(next.nextCursor).toBeNull();
  });

  it('refuses a page larger than 100 and a cursor it did not make', async () => {
    const refused = async (input: Record<string, unknown>) => {
      const result = (await till.backend.dispatch('sale.search', input)) as BranchResult<unknown>;
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await refused({ limit: 101 })).toBe('INVALID_INPUT');
    expect(await refused({ limit: 100 })).toBe('ok');
    expect(await refused({ cursor: "x' OR 1=1 --" })).toBe('INVALID_INPUT');
    expect(await refused({ total: 1.5 })).toBe('INVALID_INPUT');
  });
});

describe('sale.search access', () => {
  it('serves a logged-in cashier and refuses an anonymous caller', async () => {
    const anonymous = (await till.backend.dispatch('sale.search', {})) as BranchResult<unknown>;
    expect(anonymous.ok ? 'ok' : anonymous.error.code).toBe('UNAUTHENTICATED');
    await till.loginAs('cashier');
    const page = await search({});
    expect(page).toEqual({ sales: [], nextCursor: null });
    await till.call('session.logout', {});
    const afterLogout = (await till.backend.dispatch('sale.search', { number: 'H1' })) as BranchResult<unknown>;
    expect(afterLogout.ok ? 'ok' : afterLogout.error.code).toBe('UNAUTHENTICATED');
  });
});
