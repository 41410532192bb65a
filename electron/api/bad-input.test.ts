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

  it('answers near-valid inputs (a valid call with one field changed) with a typed error or one whole change', async () => {
    // Random payloads almost never pass the schemas; these do, or fail only on the one field changed, so the
    // handlers' own checks run: unknown and inactive products, fractional counted goods, short tenders, huge
    // amounts, reused ids. Every answer is a typed error that wrote nothing, or a success that wrote one op.
    const inactive = till.chain.products.find((p) => !p.active) as DemoProduct;
    const weighed = till.chain.products.find((p) => p.active && p.unit === 'kg') ?? product;
    const templates: Record<string, () => Record<string, unknown>> = {
      'sale.complete': () => ({ saleId: uuidv4(), lines: [{ productId: product.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 1_000_000 }] }),
      'stock.receive': () => ({ receiptId: uuidv4(), lines: [{ productId: product.id, qty: 1000 }], supplier: 'Gandour' }),
      'stock.waste': () => ({ wasteId: uuidv4(), lines: [{ productId: product.id, qty: 1000, reason: 'damaged' }] }),
      'stock.stocktake': () => ({ stocktakeId: uuidv4(), counts: [{ productId: product.id, counted: 5000 }] }),
      'catalog.lookup': () => ({ code: product.barcodes[0] ?? 'x' }),
      'catalog.search': () => ({ query: product.name.slice(0, 4), limit: 5 }),
    };
    const tricky = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom<unknown>(uuidv4(), inactive.id, weighed.id) },
      { weight: 2, arbitrary: fc.constantFrom<unknown>(0, -1, 1, 500, 1500, 999_999_999_999, 1e12, 2 ** 53) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('', ' ', 'x'.repeat(300), null, [], {}, true) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
    );
    type Path = Array<string | number>;
    const pathsOf = (value: unknown, prefix: Path = []): Path[] =>
      value !== null && typeof value === 'object'
        ? Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [[...prefix, Array.isArray(value) ? Number(k) : k], ...pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k])])
        : [];
    const withChange = (input: Record<string, unknown>, path: Path, replacement: unknown, remove: boolean): unknown => {
      const copy = structuredClone(input);
      let parent: Record<string | number, unknown> = copy;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      if (remove) delete parent[last];
      else parent[last] = replacement;
      return copy;
    };
    const stateChanging = new Set(['sale.complete', 'stock.receive', 'stock.waste', 'stock.stocktake']);
    const seenCodes = new Set<string>();
    const written = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(templates)), fc.nat(), tricky, fc.boolean(), async (method, pick, replacement, remove) => {
        const template = (templates[method] as () => Record<string, unknown>)();
        // Mostly a leaf (an id, a quantity, an amount), sometimes a whole list or record.
        const all = pathsOf(template);
        const leaves = all.filter((path) => {
          let v: unknown = template;
          for (const key of path) v = (v as Record<string | number, unknown>)[key];
          return v === null || typeof v !== 'object';
        });
        const paths = pick % 5 === 0 ? all : leaves;
        const input = withChange(template, paths[Math.floor(pick / 5) % paths.length] as Path, replacement, remove && pick % 3 === 0);
        const before = rowCounts(till.backend.db);
        const result = (await till.backend.dispatch(method, input)) as BranchResult<unknown>;
        const after = rowCounts(till.backend.db);
        if (!result.ok) {
          seenCodes.add(result.error.code);
          expect(result.error.code, `${method} ${JSON.stringify(input)}: ${result.error.message}`).not.toBe('INTERNAL');
          expect(after, `${method} failed with ${result.error.code} and must write nothing`).toEqual(before);
        } else if (stateChanging.has(method)) {
          // One op, or none for a repeat of a document already written (the same id and content).
          const record = input as Record<string, unknown>;
          const docId = `${method} ${String(record['saleId'] ?? record['receiptId'] ?? record['wasteId'] ?? record['stocktakeId'])}`;
          expect((after['ops'] ?? 0) - (before['ops'] ?? 0), `${method} ${JSON.stringify(input)} ops written`).toBe(written.has(docId) ? 0 : 1);
          written.add(docId);
        } else {
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 800 },
    );
    expect(internalErrors).toEqual([]);
    expect(ledgerViolations(till.backend.db)).toEqual([]);
    // The handlers' own refusals were reached, not only the schemas'.
    const handlerCodes = ['UNKNOWN_PRODUCT', 'INACTIVE_PRODUCT', 'INVALID_QUANTITY', 'TENDER_SHORT', 'INSUFFICIENT_STOCK', 'ID_REUSED', 'OUT_OF_RANGE'];
    expect([...seenCodes]).toContain('UNKNOWN_PRODUCT');
    expect(handlerCodes.filter((c) => seenCodes.has(c)).length, JSON.stringify([...seenCodes])).toBeGreaterThanOrEqual(2);
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
