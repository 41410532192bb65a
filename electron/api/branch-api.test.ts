import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import type { BranchResult, ConflictView, ProductView, ReceiptView, SessionView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { available } from '../../shared/domain/movement';
import { saveServerConflict } from '../store/conflict-actions';
import type { SyncConflict } from '../../shared/sync/protocol';
import { readLevel } from '../store';
import { ledgerViolations, rowCounts } from '../test-support/ledger-invariants';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/** Methods that change the ledger: each successful call must add exactly one op. */
const STATE_CHANGING = new Set(['sale.complete', 'stock.receive', 'stock.waste', 'stock.stocktake']);

let till: TempTill;
let clock: Date;
let seenDocuments: Set<string>;

function documentId(input: unknown): string | undefined {
  const record = input as Record<string, unknown>;
  const id = record['saleId'] ?? record['receiptId'] ?? record['wasteId'] ?? record['stocktakeId'];
  return typeof id === 'string' ? id : undefined;
}

beforeEach(() => {
  clock = new Date('2026-03-01T09:00:00.000Z');
  seenDocuments = new Set();
  till = createTempTill({ backend: { now: () => clock } });
});
afterEach(() => till.cleanup());

/** Calls the API and checks the ledger invariants and the one-op-per-change rule after the call. */
async function step<T>(method: string, input: unknown): Promise<BranchResult<T>> {
  const before = rowCounts(till.backend.db);
  const result = (await till.backend.dispatch(method, input)) as BranchResult<T>;
  const after = rowCounts(till.backend.db);
  expect(ledgerViolations(till.backend.db)).toEqual([]);
  const wroteOp = (after['ops'] ?? 0) - (before['ops'] ?? 0);
  if (!result.ok) {
    expect(after, `${method} failed with ${result.error.code} and must write nothing`).toEqual(before);
  } else if (STATE_CHANGING.has(method)) {
    // Exactly one op per change; a repeat of a document id already written is idempotent and writes none.
    const docId = documentId(input);
    expect(wroteOp, `${method} ops written`).toBe(docId !== undefined && seenDocuments.has(docId) ? 0 : 1);
    if (docId !== undefined) seenDocuments.add(docId);
  } else if (method === 'conflicts.update') {
    // A local record for the manager's queue, not a ledger change: no op, no stock moved.
    expect({ ...after, conflict_history: 0 }).toEqual({ ...before, conflict_history: 0 });
  } else {
    expect(after).toEqual(before);
  }
  return result;
}

async function ok<T>(method: string, input: unknown): Promise<T> {
  const result = await step<T>(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function fails(method: string, input: unknown): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const result = await step(method, input);
  if (result.ok) throw new Error(`${method} should have failed`);
  return result.error;
}

function stocked(minAvailableUnits: number, unit: DemoProduct['unit'] = 'each'): DemoProduct[] {
  const storeId = till.chain.tills[0]?.storeId;
  return till.chain.products.filter(
    (p) => p.active && p.unit === unit && (till.chain.stock.find((s) => s.productId === p.id && s.locationId === storeId)?.qty ?? 0) >= minAvailableUnits * 1000,
  );
}

function availableOf(productId: string): number {
  const level = readLevel(till.backend.db, productId, till.backend.db.config().storeId);
  return level === undefined ? 0 : available(level);
}

describe('sessions and access', () => {
  it('refuses cashier and manager methods until the right person is there', async () => {
    const product = stocked(1)[0] as DemoProduct;
    expect((await fails('catalog.lookup', { code: product.barcodes[0] })).code).toBe('UNAUTHENTICATED');
    const cashier = till.chain.users.find((u) => u.role === 'cashier');
    expect((await fails('session.login', { userId: cashier?.id, pin: '0000' })).code).toBe('WRONG_PIN');
    await till.loginAs('cashier');
    expect((await fails('stock.lowStock', {})).code).toBe('FORBIDDEN');
    expect((await fails('session.elevate', { pin: '1111' })).code).toBe('WRONG_PIN');
    const elevated = await ok<SessionView>('session.elevate', { pin: '9999' });
    expect(elevated.manager?.role).toBe('manager');
    expect(elevated.managerUntil).toBe('2026-03-01T09:05:00.000Z');
    await ok('stock.lowStock', {});
    clock = new Date('2026-03-01T09:05:00.000Z');
    expect((await fails('stock.lowStock', {})).code).toBe('FORBIDDEN');
    const out = await ok<SessionView>('session.logout', {});
    expect(out.user).toBeNull();
    expect((await fails('sale.recent', {})).code).toBe('UNAUTHENTICATED');
  });

  it('locks PIN entry for 30 s after 5 wrong PINs in a row', async () => {
    const cashier = till.chain.users.find((u) => u.role === 'cashier');
    for (let i = 0; i < 5; i++) expect((await fails('session.login', { userId: cashier?.id, pin: '0000' })).code).toBe('WRONG_PIN');
    const locked = await fails('session.login', { userId: cashier?.id, pin: cashier?.pin });
    expect(locked).toMatchObject({ code: 'FORBIDDEN', details: { retryAfterMs: 30_000 } });
    clock = new Date(clock.getTime() + 30_000);
    expect((await ok<SessionView>('session.login', { userId: cashier?.id, pin: cashier?.pin })).user?.id).toBe(cashier?.id);
  });

  it('gives a manager who logs in manager access for the session', async () => {
    await till.loginAs('manager');
    clock = new Date('2026-03-01T18:00:00.000Z');
    const session = await ok<SessionView>('session.current', {});
    expect(session.manager?.id).toBe(session.user?.id);
    expect(session.managerUntil).toBeNull();
    await ok('stock.lowStock', {});
  });
});

describe('catalog', () => {
  beforeEach(async () => {
    await till.loginAs('cashier');
  });

  it('looks up a barcode with the available quantity at this store', async () => {
    const product = stocked(1)[0] as DemoProduct;
    const view = await ok<ProductView>('catalog.lookup', { code: ` ${product.barcodes[0]} ` });
    const { category: _category, ...catalogFields } = product;
    expect(view.product).toEqual(catalogFields);
    expect(view.available).toBe(availableOf(product.id));
  });

  it('tells a misread from a code the shop does not sell', async () => {
    const code = (stocked(1)[0] as DemoProduct).barcodes[0] as string;
    const wrongCheck = code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
    expect((await fails('catalog.lookup', { code: wrongCheck })).code).toBe('INVALID_BARCODE');
    expect((await fails('catalog.lookup', { code: '4006381333931' })).code).toBe('UNKNOWN_BARCODE');
    expect((await fails('catalog.lookup', { code: '' })).code).toBe('INVALID_BARCODE');
    expect((await fails('catalog.lookup', { code: '12345' })).code).toBe('INVALID_BARCODE');
  });

  it('finds products by words of the name or by SKU', async () => {
    const milk = await ok<ProductView[]>('catalog.search', { query: 'MILK' });
    expect(milk.length).toBeGreaterThan(0);
    for (const v of milk) expect(v.product.name.toLowerCase()).toContain('milk');
    const target = till.chain.products[5] as DemoProduct;
    const bySku = await ok<ProductView[]>('catalog.search', { query: target.sku.toLowerCase() });
    expect(bySku.map((v) => v.product.id)).toContain(target.id);
    expect(await ok<ProductView[]>('catalog.search', { query: '100%_' })).toEqual([]);
  });
});

describe('completing a sale', () => {
  beforeEach(async () => {
    await till.loginAs('cashier');
  });

  it('writes the sale, its lines, tenders, movements and one op; prices come from the catalog', async () => {
    const [a, b] = stocked(5) as [DemoProduct, DemoProduct];
    const kg = stocked(3, 'kg')[0] as DemoProduct;
    const before = [a, b, kg].map((p) => availableOf(p.id));
    const saleId = uuidv4();
    const receipt = await ok<ReceiptView>('sale.complete', {
      saleId,
      lines: [
        { productId: a.id, qty: 2000 },
        { productId: b.id, qty: 1000 },
        { productId: kg.id, qty: 1250 },
      ],
      tenders: [{ method: 'cash', amount: 100_000 }],
      customerContact: { name: 'Nadine', phone: '+961 70 123456' },
    });
    const expectedKg = Math.round((kg.price * 1250) / 1000);
    expect(receipt.total).toBe(a.price * 2 + b.price + expectedKg);
    expect(receipt.change).toBe(100_000 - receipt.total);
    expect(receipt.number).toBe('H1-000001');
    expect(receipt.cashierName).toBe('Rania Haddad');
    expect([a, b, kg].map((p) => availableOf(p.id))).toEqual([before[0]! - 2000, before[1]! - 1000, before[2]! - 1250]);
    expect(await ok<ReceiptView>('sale.get', { saleId })).toEqual(receipt);
    const op = till.backend.db.db.prepare('SELECT * FROM ops').get() as { seq: number; type: string; payload: string; state: string };
    expect(op).toMatchObject({ seq: 1, type: 'sale', state: 'pending' });
    expect(JSON.parse(op.payload)).toMatchObject({ saleId, total: receipt.total, change: receipt.change, customerContact: { name: 'Nadine' } });

    const second = await ok<ReceiptView>('sale.complete', { saleId: uuidv4(), lines: [{ productId: a.id, qty: 1000 }], tenders: [{ method: 'card', amount: a.price }] });
    expect(second.number).toBe('H1-000002');
    expect(second.change).toBe(0);
    const recent = await ok<ReceiptView[]>('sale.recent', { limit: 5 });
    expect(recent.map((r) => r.number)).toEqual(['H1-000002', 'H1-000001']);
  });

  it('is idempotent by saleId: a retry returns the same receipt and writes nothing', async () => {
    const p = stocked(3)[0] as DemoProduct;
    const input = { saleId: uuidv4(), lines: [{ productId: p.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 10_000 }] };
    const first = await ok<ReceiptView>('sale.complete', input);
    const counts = rowCounts(till.backend.db);
    const again = await ok<ReceiptView>('sale.complete', input);
    expect(again).toEqual(first);
    expect(rowCounts(till.backend.db)).toEqual(counts);
  });

  it('refuses the whole sale when one line is short, naming the product and what is left', async () => {
    const [plenty, scarce] = stocked(5) as [DemoProduct, DemoProduct];
    const left = availableOf(scarce.id);
    const error = await fails('sale.complete', {
      saleId: uuidv4(),
      lines: [
        { productId: plenty.id, qty: 1000 },
        { productId: scarce.id, qty: left + 1000 },
      ],
      tenders: [{ method: 'cash', amount: 1_000_000 }],
    });
    expect(error.code).toBe('INSUFFICIENT_STOCK');
    expect(error.details).toEqual({ productId: scarce.id, name: scarce.name, available: left, requested: left + 1000 });
    expect(error.message).toContain(scarce.name);
  });

  it('counts two lines of the same product against the same shelf', async () => {
    const p = stocked(2)[0] as DemoProduct;
    const left = availableOf(p.id);
    const error = await fails('sale.complete', {
      saleId: uuidv4(),
      lines: [
        { productId: p.id, qty: left },
        { productId: p.id, qty: 1000 },
      ],
      tenders: [{ method: 'cash', amount: 10_000_000 }],
    });
    expect(error.details).toMatchObject({ available: 0, requested: 1000 });
  });

  it('sells past recorded stock only with a manager approval, recorded on the sale and the op', async () => {
    const p = stocked(1)[0] as DemoProduct;
    const left = availableOf(p.id);
    const input = {
      saleId: uuidv4(),
      lines: [{ productId: p.id, qty: left + 2000 }],
      tenders: [{ method: 'cash', amount: 10_000_000 }],
      override: { reason: 'goods were on the shelf' },
    };
    expect((await fails('sale.complete', input)).code).toBe('FORBIDDEN');
    await ok('session.elevate', { pin: '9999' });
    const receipt = await ok<ReceiptView>('sale.complete', input);
    expect(receipt.overrideReason).toBe('goods were on the shelf');
    expect(availableOf(p.id)).toBe(-2000);
    const payload = JSON.parse(till.backend.db.db.prepare('SELECT payload FROM ops').pluck().get() as string) as { override: unknown };
    const manager = till.chain.users.find((u) => u.role === 'manager');
    expect(payload.override).toEqual({ managerId: manager?.id, reason: 'goods were on the shelf' });
  });

  it('refuses short tenders, card over the total, inactive products and fractional counted goods', async () => {
    const p = stocked(3)[0] as DemoProduct;
    const inactive = till.chain.products.find((x) => !x.active) as DemoProduct;
    const base = { lines: [{ productId: p.id, qty: 1000 }] };
    const short = await fails('sale.complete', { ...base, saleId: uuidv4(), tenders: [{ method: 'cash', amount: p.price - 1 }] });
    expect(short).toMatchObject({ code: 'TENDER_SHORT', details: { total: p.price, tendered: p.price - 1, short: 1 } });
    expect((await fails('sale.complete', { ...base, saleId: uuidv4(), tenders: [{ method: 'card', amount: p.price + 1 }] })).code).toBe('INVALID_INPUT');
    const mixed = await ok<ReceiptView>('sale.complete', {
      ...base,
      saleId: uuidv4(),
      tenders: [
        { method: 'card', amount: 1 },
        { method: 'cash', amount: p.price + 500 },
      ],
    });
    expect(mixed.change).toBe(501);
    expect((await fails('sale.complete', { saleId: uuidv4(), lines: [{ productId: inactive.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 100_000 }] })).code).toBe(
      'INACTIVE_PRODUCT',
    );
    expect((await fails('sale.complete', { saleId: uuidv4(), lines: [{ productId: p.id, qty: 1500 }], tenders: [{ method: 'cash', amount: 100_000 }] })).code).toBe(
      'INVALID_QUANTITY',
    );
    expect((await fails('sale.complete', { saleId: uuidv4(), lines: [{ productId: uuidv4(), qty: 1000 }], tenders: [{ method: 'cash', amount: 100_000 }] })).code).toBe(
      'UNKNOWN_PRODUCT',
    );
  });
});

describe('stock work', () => {
  beforeEach(async () => {
    await till.loginAs('manager');
  });

  it('receives goods, including a product never stocked here, idempotently', async () => {
    const p = stocked(1)[0] as DemoProduct;
    const before = availableOf(p.id);
    till.backend.db.db.prepare('DELETE FROM levels WHERE product_id = ? AND location_id = ? AND on_hand = 0').run(p.id, till.backend.db.config().storeId);
    const input = { receiptId: uuidv4(), lines: [{ productId: p.id, qty: 24_000 }], supplier: 'Gandour', reference: 'INV-1' };
    const out = await ok<{ levels: Array<{ level: { onHand: number } }> }>('stock.receive', input);
    expect(out.levels[0]?.level.onHand).toBe(before + 24_000);
    const counts = rowCounts(till.backend.db);
    expect(await ok('stock.receive', input)).toEqual(out);
    expect(rowCounts(till.backend.db)).toEqual(counts);

    // A product the store never had gets its level row on first receipt.
    const storeId = till.backend.db.config().storeId;
    const fresh = till.chain.products.find((x) => x.active && availableOf(x.id) === 0 && (readLevel(till.backend.db, x.id, storeId)?.onHand ?? 0) === 0);
    if (fresh !== undefined) {
      till.backend.db.db.prepare('DELETE FROM levels WHERE product_id = ? AND location_id = ?').run(fresh.id, storeId);
      await ok('stock.receive', { receiptId: uuidv4(), lines: [{ productId: fresh.id, qty: 5000 }] });
      expect(availableOf(fresh.id)).toBe(5000);
    }
  });

  it('records waste with a reason and refuses wasting more than the shelf holds', async () => {
    const p = stocked(3)[0] as DemoProduct;
    const before = availableOf(p.id);
    await ok('stock.waste', { wasteId: uuidv4(), lines: [{ productId: p.id, qty: 1000, reason: 'damaged' }], note: 'dropped' });
    expect(availableOf(p.id)).toBe(before - 1000);
    const error = await fails('stock.waste', { wasteId: uuidv4(), lines: [{ productId: p.id, qty: before, reason: 'expired' }] });
    expect(error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { productId: p.id, available: before - 1000 } });
  });

  it('takes a stocktake as an absolute count and reports variances', async () => {
    const [a, b] = stocked(5) as [DemoProduct, DemoProduct];
    const [beforeA, beforeB] = [availableOf(a.id), availableOf(b.id)];
    const sheet = await ok<{ rows: Array<{ productId: string; expected: number }> }>('stock.stocktakeSheet', { query: a.sku });
    expect(sheet.rows).toEqual([expect.objectContaining({ productId: a.id, expected: beforeA })]);
    const out = await ok<{ variances: unknown[] }>('stock.stocktake', {
      stocktakeId: uuidv4(),
      counts: [
        { productId: a.id, counted: beforeA - 2000 },
        { productId: b.id, counted: beforeB },
      ],
    });
    expect(out.variances).toEqual([
      { productId: a.id, before: beforeA, counted: beforeA - 2000, variance: -2000 },
      { productId: b.id, before: beforeB, counted: beforeB, variance: 0 },
    ]);
    expect(availableOf(a.id)).toBe(beforeA - 2000);
    expect(
      (await fails('stock.stocktake', { stocktakeId: uuidv4(), counts: [{ productId: a.id, counted: 1000 }, { productId: a.id, counted: 2000 }] })).code,
    ).toBe('INVALID_INPUT');
  });

  it('lists low stock with a suggested order that gets back above the reorder point', async () => {
    const rows = await ok<Array<{ product: DemoProduct; available: number; suggestedOrder: number }>>('stock.lowStock', {});
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.available <= r.product.lowStockThreshold || r.available <= r.product.reorderPoint).toBe(true);
      expect(r.available + r.suggestedOrder).toBeGreaterThan(r.product.reorderPoint);
      expect(r.suggestedOrder).toBeGreaterThanOrEqual(r.product.reorderQty);
      expect(r.product.active).toBe(true);
    }
  });
});

describe('sync status and conflicts', () => {
  it('reports the local queue without a sync client, and refuses sync.now', async () => {
    await till.loginAs('cashier');
    const p = stocked(2)[0] as DemoProduct;
    await ok('sale.complete', { saleId: uuidv4(), lines: [{ productId: p.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 100_000 }] });
    expect(await ok('sync.status', {})).toEqual({ online: false, queued: 1, lastSyncAt: null, lastError: null, openConflicts: 0, progress: null, tillInfoStamp: expect.any(String) });
    expect((await fails('sync.now', {})).code).toBe('UNAVAILABLE');
  });

  it('walks a conflict through contacted and resolved, recording who', async () => {
    const conflict: SyncConflict = {
      id: uuidv4(),
      kind: 'contact_customer',
      state: 'open',
      outcome: null,
      opId: uuidv4(),
      saleId: uuidv4(),
      lineId: uuidv4(),
      productId: (till.chain.products[0] as DemoProduct).id,
      productName: (till.chain.products[0] as DemoProduct).name,
      qty: 1000,
      availableAtReplay: 0,
      reason: 'insufficient_stock',
      customerContact: { phone: '+961 3 123456' },
      tillId: uuidv4(),
      tillName: 'Hamra Till 2',
      cashierId: uuidv4(),
      cashierName: 'Karim Nassar',
      occurredAt: '2026-03-01T08:00:00.000Z',
      openedAt: '2026-03-01T08:30:00.000Z',
      elsewhere: [{ locationId: uuidv4(), locationName: 'Central Warehouse', available: 40_000 }],
      history: [{ state: 'open', outcome: null, byUserId: null, byName: 'server', at: '2026-03-01T08:30:00.000Z', note: null }],
    };
    const store = till.backend.db;
    store.transaction(() => saveServerConflict(store, conflict));
    await till.loginAs('manager');
    expect((await ok<ConflictView[]>('conflicts.list', { state: 'open' })).map((c) => c.id)).toEqual([conflict.id]);
    expect((await fails('conflicts.update', { conflictId: conflict.id, action: 'resolved', outcome: 'refund' })).code).toBe('CONFLICT_TRANSITION');
    const contacted = await ok<ConflictView>('conflicts.update', { conflictId: conflict.id, action: 'contacted', note: 'called' });
    expect(contacted.state).toBe('contacted');
    const resolved = await ok<ConflictView>('conflicts.update', { conflictId: conflict.id, action: 'resolved', outcome: 'back_order' });
    expect(resolved).toMatchObject({ state: 'resolved', outcome: 'back_order' });
    expect(resolved.history.map((h) => [h.state, h.byName])).toEqual([
      ['open', 'server'],
      ['contacted', 'Maya Khoury'],
      ['resolved', 'Maya Khoury'],
    ]);
    expect((await fails('conflicts.update', { conflictId: uuidv4(), action: 'contacted' })).code).toBe('NOT_FOUND');
    expect(((await ok('sync.status', {})) as { openConflicts: number }).openConflicts).toBe(0);
  });
});
