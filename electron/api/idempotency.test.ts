import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, ReceiptView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { readLevel } from '../store';
import { rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Issue 7 item 5: an id reused with different content was answered silently with the old result. The rule for
 * every idempotent till write: same id + same content -> the stored answer, nothing written; same id + other
 * content -> ID_REUSED, nothing written.
 */
let till: TempTill;
let a: DemoProduct;
let b: DemoProduct;
let storeId: string;

beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  storeId = till.backend.db.config().storeId;
  [a, b] = till.chain.products.filter((p) => p.active && p.unit === 'each' && onHand(p.id) >= 5000) as [DemoProduct, DemoProduct];
  await till.loginAs('manager');
});
afterEach(() => till.cleanup());

function onHand(productId: string): number {
  return readLevel(till.backend.db, productId, storeId)?.onHand ?? 0;
}

async function call(method: string, input: unknown): Promise<BranchResult<unknown>> {
  return till.backend.dispatch(method, input);
}

/** The same id sent again: with `same` it must answer exactly `first` and write nothing; with `other`, refuse. */
async function expectRepeatAndReuse(method: string, same: unknown, other: unknown): Promise<void> {
  const first = await call(method, same);
  expect(first.ok, JSON.stringify(first)).toBe(true);
  const after = rowCounts(till.backend.db);
  expect(await call(method, same)).toEqual(first);
  expect(rowCounts(till.backend.db)).toEqual(after);
  const reused = await call(method, other);
  expect(reused).toMatchObject({ ok: false, error: { code: 'ID_REUSED' } });
  expect(rowCounts(till.backend.db)).toEqual(after);
}

describe('same id, different content', () => {
  it('a sale retried after an item was added is refused, not answered with the first receipt', async () => {
    const saleId = uuidv7();
    const tenders = [{ method: 'cash', amount: 10_000_000 }];
    const firstLines = [{ productId: a.id, qty: 1000 }];
    const bStart = onHand(b.id);
    await expectRepeatAndReuse(
      'sale.complete',
      { saleId, lines: firstLines, tenders },
      { saleId, lines: [...firstLines, { productId: b.id, qty: 2000 }], tenders },
    );
    // The retry with the first content still answers the first receipt, and B never left the shelf unrecorded.
    const receipt = (await call('sale.complete', { saleId, lines: firstLines, tenders })) as { ok: true; value: ReceiptView };
    expect(receipt.value.lines.map((l) => [l.productId, l.qty])).toEqual([[a.id, 1000]]);
    expect(onHand(b.id)).toBe(bStart);
  });

  it('a sale with the same lines but another payment or contact is another request', async () => {
    const saleId = uuidv7();
    const lines = [{ productId: a.id, qty: 1000 }];
    await expectRepeatAndReuse('sale.complete', { saleId, lines, tenders: [{ method: 'cash', amount: 10_000_000 }] }, {
      saleId,
      lines,
      tenders: [{ method: 'cash', amount: 20_000_000 }],
    });
    expect(await call('sale.complete', { saleId, lines, tenders: [{ method: 'cash', amount: 10_000_000 }], customerContact: { phone: '+961 70 123456' } })).toMatchObject({
      ok: false,
      error: { code: 'ID_REUSED' },
    });
  });

  it('a receipt, a waste and a stocktake behave the same', async () => {
    const receiptId = uuidv7();
    await expectRepeatAndReuse(
      'stock.receive',
      { receiptId, lines: [{ productId: a.id, qty: 3000 }], supplier: 'Dairy Co' },
      { receiptId, lines: [{ productId: a.id, qty: 30_000 }], supplier: 'Dairy Co' },
    );
    const wasteId = uuidv7();
    await expectRepeatAndReuse(
      'stock.waste',
      { wasteId, lines: [{ productId: a.id, qty: 1000, reason: 'expired' }] },
      { wasteId, lines: [{ productId: a.id, qty: 1000, reason: 'damaged' }] },
    );
    const stocktakeId = uuidv7();
    await expectRepeatAndReuse(
      'stock.stocktake',
      { stocktakeId, counts: [{ productId: b.id, counted: 4000 }] },
      { stocktakeId, counts: [{ productId: b.id, counted: 4000 }, { productId: a.id, counted: 1000 }] },
    );
  });

  it('an id already used by another kind of document is refused', async () => {
    const id = uuidv7();
    expect((await call('stock.receive', { receiptId: id, lines: [{ productId: a.id, qty: 1000 }] })).ok).toBe(true);
    const before = rowCounts(till.backend.db);
    expect(await call('stock.waste', { wasteId: id, lines: [{ productId: a.id, qty: 1000, reason: 'expired' }] })).toMatchObject({
      ok: false,
      error: { code: 'ID_REUSED' },
    });
    expect(rowCounts(till.backend.db)).toEqual(before);
  });

  it('compares content, not how the JSON was written: keys in another order are the same request', async () => {
    const receiptId = uuidv7();
    const first = await call('stock.receive', { receiptId, supplier: 'Dairy Co', lines: [{ productId: a.id, qty: 2000 }] });
    const before = rowCounts(till.backend.db);
    expect(await call('stock.receive', { lines: [{ qty: 2000, productId: a.id }], supplier: ' Dairy Co ', receiptId })).toEqual(first);
    expect(rowCounts(till.backend.db)).toEqual(before);
  });
});
