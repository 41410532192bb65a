import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import { operationSchema } from '../../shared/ops/operations';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { countPendingOps, pendingOps } from './outbox';

let till: TempTill;
beforeEach(() => {
  till = createTempTill();
});
afterEach(() => till.cleanup());

describe('the outbox', () => {
  it('hands the sync client pending ops in seq order, as full operations of this till', async () => {
    await till.loginAs('manager');
    const product = till.chain.products.find((p) => p.active && p.unit === 'each');
    if (product === undefined) throw new Error('no product');
    await till.call('stock.receive', { receiptId: uuidv4(), lines: [{ productId: product.id, qty: 10_000 }] });
    for (let i = 0; i < 3; i++) {
      await till.call('sale.complete', { saleId: uuidv4(), lines: [{ productId: product.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 100_000 }] });
    }
    const ops = pendingOps(till.backend.db);
    expect(ops.map((o) => [o.seq, o.type])).toEqual([
      [1, 'receipt'],
      [2, 'sale'],
      [3, 'sale'],
      [4, 'sale'],
    ]);
    for (const op of ops) {
      expect(operationSchema.parse(op)).toEqual(op);
      expect(op.tillId).toBe(till.backend.db.config().tillId);
    }
    expect(new Set(ops.map((o) => o.id)).size).toBe(4);
    expect(pendingOps(till.backend.db, 2).map((o) => o.seq)).toEqual([1, 2]);

    till.backend.db.db.prepare("UPDATE ops SET state = 'acknowledged' WHERE seq <= 2").run();
    expect(countPendingOps(till.backend.db)).toBe(2);
    expect(pendingOps(till.backend.db).map((o) => o.seq)).toEqual([3, 4]);
  });
});
