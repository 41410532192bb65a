import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v4 as uuidv4 } from 'uuid';
import { BRANCH_METHODS, type BranchResult } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { ledgerViolations, rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Garbage through the one entry point: every call answers a typed error (never INTERNAL, never a throw), and
 * not one row changes.
 */
let till: TempTill;
let product: DemoProduct;
const internalErrors: unknown[] = [];

beforeAll(async () => {
  till = createTempTill({ backend: { logError: (_m, e) => internalErrors.push(e) } });
  await till.loginAs('manager');
  product = till.chain.products.find((p) => p.active && p.unit === 'each') as DemoProduct;
});
afterAll(() => till.cleanup());

async function expectRefused(method: string, input: unknown, codes: readonly string[]): Promise<void> {
  const before = rowCounts(till.backend.db);
  const result = (await till.backend.dispatch(method, input)) as BranchResult<unknown>;
  expect(result.ok, `${method} ${JSON.stringify(input)?.slice(0, 200)} should be refused`).toBe(false);
  if (!result.ok) {
    expect(codes, `${method}: got ${result.error.code} ${result.error.message}`).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
  }
  expect(rowCounts(till.backend.db)).toEqual(before);
}

const sale = (lines: unknown, tenders: unknown = [{ method: 'cash', amount: 1_000_000 }]): Record<string, unknown> => ({
  saleId: uuidv4(),
  lines,
  tenders,
});

describe('bad input through dispatch', () => {
  it('refuses unknown methods and non-object inputs', async () => {
    await expectRefused('sale.delete', {}, ['INVALID_INPUT']);
    await expectRefused('__proto__', {}, ['INVALID_INPUT']);
    await expectRefused('constructor', {}, ['INVALID_INPUT']);
    for (const input of [null, 42, 'sale', [], true]) await expectRefused('sale.complete', input, ['INVALID_INPUT']);
  });

  it('refuses zero, negative, NaN, infinite, too precise and out-of-range quantities', async () => {
    for (const qty of [0, -1000, Number.NaN, Number.POSITIVE_INFINITY, 1000.5, 0.001, 1e13, '1000', null]) {
      await expectRefused('sale.complete', sale([{ productId: product.id, qty }]), ['INVALID_INPUT']);
      await expectRefused('stock.receive', { receiptId: uuidv4(), lines: [{ productId: product.id, qty }] }, ['INVALID_INPUT']);
      await expectRefused('stock.waste', { wasteId: uuidv4(), lines: [{ productId: product.id, qty, reason: 'expired' }] }, ['INVALID_INPUT']);
    }
    for (const counted of [-1, Number.NaN, 1.5]) {
      await expectRefused('stock.stocktake', { stocktakeId: uuidv4(), counts: [{ productId: product.id, counted }] }, ['INVALID_INPUT']);
    }
  });

  it('refuses unknown products, bad ids, bad tenders and oversized documents', async () => {
    await expectRefused('sale.complete', sale([{ productId: uuidv4(), qty: 1000 }]), ['UNKNOWN_PRODUCT']);
    await expectRefused('stock.receive', { receiptId: uuidv4(), lines: [{ productId: uuidv4(), qty: 1000 }] }, ['UNKNOWN_PRODUCT']);
    await expectRefused('sale.complete', sale([{ productId: 'milk', qty: 1000 }]), ['INVALID_INPUT']);
    await expectRefused('sale.complete', sale([]), ['INVALID_INPUT']);
    await expectRefused('sale.complete', sale([{ productId: product.id, qty: 1000 }], []), ['INVALID_INPUT']);
    await expectRefused('sale.complete', sale([{ productId: product.id, qty: 1000 }], [{ method: 'bitcoin', amount: 100 }]), ['INVALID_INPUT']);
    await expectRefused('sale.complete', sale([{ productId: product.id, qty: 1000 }], [{ method: 'cash', amount: 10.5 }]), ['INVALID_INPUT']);
    await expectRefused('sale.complete', sale([{ productId: product.id, qty: 1000 }], [{ method: 'cash', amount: 1 }]), ['TENDER_SHORT']);
    await expectRefused('sale.complete', sale(Array.from({ length: 501 }, () => ({ productId: product.id, qty: 1000 }))), ['INVALID_INPUT']);
    await expectRefused('sale.complete', { ...sale([{ productId: product.id, qty: 1000 }]), customerContact: { note: 'no name' } }, ['INVALID_INPUT']);
    await expectRefused('sale.complete', sale([{ productId: product.id, qty: 1_000_000_000 }], [{ method: 'cash', amount: 1_000_000_000_000 }]), ['INSUFFICIENT_STOCK']);
    await expectRefused('catalog.lookup', { code: 'x'.repeat(65) }, ['INVALID_INPUT']);
    await expectRefused('catalog.lookup', { code: '\u0000\u0001' }, ['INVALID_BARCODE']);
  });

  it('answers random payloads for every method with a typed error or a valid result, never INTERNAL', async () => {
    const methods = BRANCH_METHODS.filter((m) => m !== 'session.logout' && m !== 'session.login' && m !== 'session.elevate');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), fc.anything({ maxDepth: 3 }), async (method, input) => {
        const before = rowCounts(till.backend.db);
        const result = (await till.backend.dispatch(method, input)) as BranchResult<unknown>;
        if (!result.ok) {
          expect(result.error.code).not.toBe('INTERNAL');
          expect(rowCounts(till.backend.db)).toEqual(before);
        }
      }),
      { numRuns: 300 },
    );
    expect(internalErrors).toEqual([]);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });
});
