import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import type { BranchResult } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { countPendingOps } from '../store';
import { rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Issue 7 item 13, till side: text PostgreSQL cannot store (NUL, a lone UTF-16 surrogate) is refused where the
 * cashier or manager types it, so no op carrying it is ever queued (the server would refuse that push forever).
 */
let till: TempTill;
let product: DemoProduct;

beforeAll(async () => {
  till = createTempTill();
  await till.loginAs('manager');
  product = till.chain.products.find((p) => p.active && p.unit === 'each') as DemoProduct;
});
afterAll(() => till.cleanup());

const UNSTORABLE = ['Abou\u0000Nader', '\uD800', 'tail \uDBFF', '\uDC00 lead', 'pair reversed \uDE00\uD83D'];
const STORABLE = ['Abou Nader', 'مخزن الحمرا', 'café 😀', 'x'];

const sale = (extra: Record<string, unknown>): Record<string, unknown> => ({
  saleId: uuidv4(),
  lines: [{ productId: product.id, qty: 1000 }],
  tenders: [{ method: 'cash', amount: 1_000_000 }],
  ...extra,
});

/** Every free-text field a till writes into a queued op, as a branch API call carrying `text`. */
const FIELDS: Record<string, (text: string) => [string, Record<string, unknown>]> = {
  'sale customer name': (t) => ['sale.complete', sale({ customerContact: { name: t } })],
  'sale customer note': (t) => ['sale.complete', sale({ customerContact: { phone: '+961 1 234567', note: t } })],
  'sale override reason': (t) => ['sale.complete', sale({ override: { reason: t } })],
  'receipt supplier': (t) => ['stock.receive', { receiptId: uuidv4(), lines: [{ productId: product.id, qty: 1000 }], supplier: t }],
  'receipt reference': (t) => ['stock.receive', { receiptId: uuidv4(), lines: [{ productId: product.id, qty: 1000 }], reference: t }],
  'waste note': (t) => ['stock.waste', { wasteId: uuidv4(), lines: [{ productId: product.id, qty: 1000, reason: 'damaged' }], note: t }],
};

describe('text the server could not store never enters the queue', () => {
  it.each(Object.keys(FIELDS))('refuses NUL and lone surrogates in the %s with INVALID_INPUT, queueing nothing', async (field) => {
    for (const text of UNSTORABLE) {
      const [method, input] = FIELDS[field]!(text);
      const before = rowCounts(till.backend.db);
      const pending = countPendingOps(till.backend.db);
      const result = (await till.backend.dispatch(method, input)) as BranchResult<unknown>;
      expect(result.ok, `${field} ${JSON.stringify(text)} should be refused`).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('INVALID_INPUT');
        expect(JSON.stringify(result.error.details)).toContain('NUL character or a broken Unicode character');
      }
      expect(countPendingOps(till.backend.db)).toBe(pending);
      expect(rowCounts(till.backend.db)).toEqual(before);
    }
  });

  it.each(Object.keys(FIELDS))('still accepts well-formed text in any script in the %s and queues it', async (field) => {
    for (const text of STORABLE) {
      const [method, input] = FIELDS[field]!(text);
      const pending = countPendingOps(till.backend.db);
      const result = (await till.backend.dispatch(method, input)) as BranchResult<unknown>;
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(countPendingOps(till.backend.db)).toBe(pending + 1);
    }
  });
});
