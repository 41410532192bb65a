import { ReceiptPrinting } from '../services/printing';
import { RemoteSales } from '../services/remote-sales';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import type { BranchResult, ProductView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { MAX_MONEY_MINOR } from '../../shared/domain/money';
import { MAX_QTY_MILLI } from '../../shared/domain/quantity';
import { milli, minor, nonNegativeMilli, nonNegativeMinor, positiveMilli } from '../../shared/domain/schemas';
import { createDispatch, handlers } from '../api';
import { DESKTOP_SESSION, receiveGoods, SessionRegistry } from '../services';
import { ledgerViolations, rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { pendingOps, readLevel } from '.';

/**
 * Issue 7 item 1: quantities, levels and money each have ONE range (shared/domain), and the till's database refuses
 * any write beyond it in the transaction that makes it. A receipt of 1,000,000,000 units used to pass the input
 * check, commit a level beyond the range, and then break every later read of that product.
 */
let till: TempTill;
let product: DemoProduct;
let storeId: string;

beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  storeId = till.backend.db.config().storeId;
  product = till.chain.products.find((p) => p.active && p.unit === 'each' && onHand(p.id) > 0) as DemoProduct;
  await till.loginAs('manager');
});
afterEach(() => till.cleanup());

function onHand(productId: string): number {
  return readLevel(till.backend.db, productId, storeId)?.onHand ?? 0;
}

async function dispatch(method: string, input: unknown): Promise<BranchResult<unknown>> {
  return till.backend.dispatch(method, input);
}

/** Every range trigger of the SQLite schema, as table.column -> [low, high], read from the stored trigger SQL. */
function sqliteBounds(): Map<string, [number, number]> {
  const triggers = till.backend.db.db
    .prepare("SELECT tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_in_range_%'")
    .all() as Array<{ tbl: string; sql: string }>;
  const bounds = new Map<string, [number, number]>();
  for (const t of triggers) {
    for (const m of t.sql.matchAll(/NEW\.(\w+) NOT BETWEEN (-?\d+) AND (-?\d+)/g)) {
      const key = `${t.tbl}.${m[1]}`;
      const found: [number, number] = [Number(m[2]), Number(m[3])];
      const seen = bounds.get(key);
      if (seen !== undefined) expect(seen, `${key}: insert and update triggers agree`).toEqual(found);
      bounds.set(key, found);
    }
  }
  return bounds;
}

describe('one range per kind of value', () => {
  it('the zod schemas and the SQLite range triggers use exactly the shared constants', () => {
    // Hand-written expectation: 1e12 milli-units (a billion units) and 1e15 minor units.
    expect(MAX_QTY_MILLI).toBe(1_000_000_000_000);
    expect(MAX_MONEY_MINOR).toBe(1_000_000_000_000_000);
    expect([milli.minValue, milli.maxValue]).toEqual([-MAX_QTY_MILLI, MAX_QTY_MILLI]);
    expect([positiveMilli.minValue, positiveMilli.maxValue]).toEqual([1, MAX_QTY_MILLI]);
    expect([nonNegativeMilli.minValue, nonNegativeMilli.maxValue]).toEqual([0, MAX_QTY_MILLI]);
    expect([minor.minValue, minor.maxValue]).toEqual([-MAX_MONEY_MINOR, MAX_MONEY_MINOR]);
    expect([nonNegativeMinor.minValue, nonNegativeMinor.maxValue]).toEqual([0, MAX_MONEY_MINOR]);
    // The bounds really are the parse behaviour, not only metadata.
    expect(milli.safeParse(MAX_QTY_MILLI).success && !milli.safeParse(MAX_QTY_MILLI + 1).success).toBe(true);
    expect(minor.safeParse(-MAX_MONEY_MINOR).success && !minor.safeParse(-MAX_MONEY_MINOR - 1).success).toBe(true);

    const qty: [number, number] = [-MAX_QTY_MILLI, MAX_QTY_MILLI];
    const money: [number, number] = [-MAX_MONEY_MINOR, MAX_MONEY_MINOR];
    expect(Object.fromEntries(sqliteBounds())).toEqual({
      'levels.on_hand': qty,
      'levels.reserved': qty,
      'levels.in_transit': qty,
      'levels.quarantined': qty,
      'movements.qty': qty,
      'movements.before': qty,
      'products.price': money,
      'products.low_stock_threshold': qty,
      'products.reorder_point': qty,
      'products.reorder_qty': qty,
      'sales.total': money,
      'sales.change': money,
      'sale_lines.qty': qty,
      'sale_lines.unit_price': money,
      'sale_lines.total': money,
      'tenders.amount': money,
      'conflicts.qty': qty,
      'conflicts.available_at_replay': qty,
    });
  });
});

describe('a change that would leave the range', () => {
  it('refuses a receipt of a billion units on a stocked shelf whole, and the product stays readable', async () => {
    const start = onHand(product.id);
    const before = rowCounts(till.backend.db);
    const result = await dispatch('stock.receive', { receiptId: uuidv4(), lines: [{ productId: product.id, qty: MAX_QTY_MILLI }] });
    expect(result).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE', details: { table: 'levels', productId: product.id } } });
    expect(rowCounts(till.backend.db)).toEqual(before);
    expect(onHand(product.id)).toBe(start);

    // What broke for good before: the lookup, the count sheet and the outbox the sync client reads.
    const view = (await till.call<ProductView>('catalog.lookup', { code: product.barcodes[0] })).available;
    expect(view).toBe(start);
    await till.call('stock.stocktakeSheet', {});
    expect(() => pendingOps(till.backend.db)).not.toThrow();
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('accepts a level exactly at the bound and refuses one unit more, with no half-written document', async () => {
    const start = onHand(product.id);
    const other = till.chain.products.find((p) => p.active && p.unit === 'each' && p.id !== product.id) as DemoProduct;
    await till.call('stock.receive', { receiptId: uuidv4(), lines: [{ productId: product.id, qty: MAX_QTY_MILLI - start }] });
    expect(onHand(product.id)).toBe(MAX_QTY_MILLI);

    // The first line fits and is applied inside the transaction; the second would overflow: nothing stays.
    const otherStart = onHand(other.id);
    const before = rowCounts(till.backend.db);
    const result = await dispatch('stock.receive', {
      receiptId: uuidv4(),
      lines: [
        { productId: other.id, qty: 1000 },
        { productId: product.id, qty: 1000 },
      ],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE' } });
    expect(rowCounts(till.backend.db)).toEqual(before);
    expect(onHand(other.id)).toBe(otherStart);
    expect(await till.call<ProductView>('catalog.lookup', { code: product.barcodes[0] })).toMatchObject({ available: MAX_QTY_MILLI });
    expect(ledgerViolations(till.backend.db)).toEqual([]);
  });

  it('refuses at the database itself a level below the negative bound, a price beyond the money range and a fraction', () => {
    const store = till.backend.db;
    const before = rowCounts(store);
    expect(() =>
      store.transaction(() => store.db.prepare('UPDATE levels SET on_hand = ? WHERE product_id = ?').run(-MAX_QTY_MILLI - 1, product.id)),
    ).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
    expect(() => store.transaction(() => store.db.prepare('UPDATE products SET price = ? WHERE id = ?').run(MAX_MONEY_MINOR + 1, product.id))).toThrow(
      expect.objectContaining({ code: 'OUT_OF_RANGE', details: expect.objectContaining({ table: 'products' }) }),
    );
    // A fraction is not a whole number of milli-units, whatever its size.
    expect(() => store.transaction(() => store.db.prepare('UPDATE levels SET reserved = 0.5 WHERE product_id = ?').run(product.id))).toThrow(
      expect.objectContaining({ code: 'OUT_OF_RANGE' }),
    );
    expect(rowCounts(store)).toEqual(before);
  });
});

describe('the dispatcher never commits and then reports a failure', () => {
  it('rolls back a write whose answer breaks its schema', async () => {
    const sessions = new SessionRegistry(till.backend.db, () => new Date());
    const manager = till.chain.users.find((u) => u.role === 'manager');
    await sessions.forKey(DESKTOP_SESSION).login(manager?.id as string, manager?.pin as string);
    const dispatchWithBrokenAnswer = createDispatch(
      { store: till.backend.db, sessions, now: () => new Date(), syncAgent: undefined, remoteSales: new RemoteSales(() => new Date()), printing: new ReceiptPrinting(till.backend.db, undefined) },
      {
        logError: () => undefined,
        handlers: {
          ...handlers,
          // The real receipt, answered with a level the contract cannot carry (what an overflow used to produce).
          'stock.receive': (input, ctx) => ({ ...receiveGoods(ctx.store, input, { userId: manager?.id as string, managerId: manager?.id as string }, ctx.now()), levels: [{ productId: 'x', level: { onHand: 0.5, reserved: 0, inTransit: 0, quarantined: 0 } }] }),
        },
      },
    );
    const before = rowCounts(till.backend.db);
    const start = onHand(product.id);
    const result = await dispatchWithBrokenAnswer('stock.receive', { receiptId: uuidv4(), lines: [{ productId: product.id, qty: 1000 }] });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(rowCounts(till.backend.db)).toEqual(before);
    expect(onHand(product.id)).toBe(start);
  });
});
