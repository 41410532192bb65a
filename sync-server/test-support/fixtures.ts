import { v7 as uuidv7 } from 'uuid';
import type { Product } from '../../shared/domain/schemas';
import { withCheckDigit } from '../../shared/domain/barcode';
import type { TenantPolicy } from '../../shared/policy/conflict-policy';
import type { Db } from '../db/db';
import { createLocation, createTenant, createUser, enrollTill, putProducts, receiveStock } from '../admin/service';
import { hashPin } from '../auth';

/**
 * A small chain for tests, built through the admin service (the same code the CLI runs): one tenant, two stores
 * and a warehouse, a cashier and a manager, products with opening stock, and tills with tokens.
 */
export interface TestChain {
  tenantId: string;
  storeA: string;
  storeB: string;
  warehouse: string;
  cashierId: string;
  managerId: string;
  products: Product[];
  tills: Array<{ tillId: string; token: string; storeId: string }>;
}

let cachedPinHash: string | null = null;

export function testProduct(i: number, overrides: Partial<Product> = {}): Product {
  return {
    id: uuidv7(),
    sku: `SKU-${i}-${Math.random().toString(36).slice(2, 8)}`,
    name: `Product ${i}`,
    barcodes: [withCheckDigit(`528${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`)],
    unit: 'each',
    packSize: null,
    price: 150 + i,
    currency: 'USD',
    lowStockThreshold: 2000,
    reorderPoint: 3000,
    reorderQty: 12000,
    leadTimeDays: 3,
    active: true,
    ...overrides,
  };
}

export async function seedTestChain(
  db: Db,
  opts: { policy?: TenantPolicy; products?: number; stock?: number; warehouseStock?: number; tillsPerStore?: number; name?: string } = {},
): Promise<TestChain> {
  const { tenantId } = await createTenant(db, { name: opts.name ?? `Test Chain ${uuidv7().slice(-6)}`, currency: 'USD', ...(opts.policy ? { policy: opts.policy } : {}) });
  const { locationId: storeA } = await createLocation(db, { tenantId, name: 'Hamra', kind: 'store' });
  const { locationId: storeB } = await createLocation(db, { tenantId, name: 'Achrafieh', kind: 'store' });
  const { locationId: warehouse } = await createLocation(db, { tenantId, name: 'Central Warehouse', kind: 'warehouse' });
  cachedPinHash ??= await hashPin('1111');
  // Both work at both stores (a test of per-store users adds its own).
  const stores = [storeA, storeB];
  const { userId: cashierId } = await createUser(db, { tenantId, name: 'Rana', role: 'cashier', pin: '1111', stores }, { pinHash: cachedPinHash });
  const { userId: managerId } = await createUser(db, { tenantId, name: 'Karim', role: 'manager', pin: '1111', stores }, { pinHash: cachedPinHash });
  const products = Array.from({ length: opts.products ?? 5 }, (_, i) => testProduct(i));
  await putProducts(db, tenantId, products);
  const stock = opts.stock ?? 10_000;
  await receiveStock(db, tenantId, storeA, products.map((p) => ({ productId: p.id, qty: stock })));
  await receiveStock(db, tenantId, storeB, products.map((p) => ({ productId: p.id, qty: stock })));
  await receiveStock(db, tenantId, warehouse, products.map((p) => ({ productId: p.id, qty: opts.warehouseStock ?? 50_000 })));
  const tills: TestChain['tills'] = [];
  for (const storeId of [storeA, storeB]) {
    for (let i = 0; i < (opts.tillsPerStore ?? 2); i++) {
      const t = await enrollTill(db, { tenantId, storeId, name: `${storeId === storeA ? 'Hamra' : 'Achrafieh'} Till ${i + 1}` });
      tills.push({ ...t, storeId });
    }
  }
  return { tenantId, storeA, storeB, warehouse, cashierId, managerId, products, tills };
}

/** Ledger invariant: every level equals the sum of its movements. Returns the rows that disagree. */
export async function ledgerMismatches(db: Db, tenantId: string): Promise<Array<{ location_id: string; product_id: string; on_hand: number; sum: number }>> {
  const r = await db.query<{ location_id: string; product_id: string; on_hand: number; sum: number }>(
    `SELECT l.location_id, l.product_id, l.on_hand, COALESCE(SUM(m.d_on_hand), 0)::bigint AS sum
       FROM levels l LEFT JOIN movements m ON m.tenant_id = l.tenant_id AND m.location_id = l.location_id AND m.product_id = l.product_id
      WHERE l.tenant_id = $1
      GROUP BY l.location_id, l.product_id, l.on_hand
     HAVING l.on_hand <> COALESCE(SUM(m.d_on_hand), 0)`,
    [tenantId],
  );
  return r.rows;
}

export async function onHand(db: Db, tenantId: string, locationId: string, productId: string): Promise<number> {
  const r = await db.query<{ on_hand: number }>('SELECT on_hand FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3', [
    tenantId,
    locationId,
    productId,
  ]);
  return r.rows[0]?.on_hand ?? 0;
}

export async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const r = await db.query<{ n: number }>(sql, params);
  return Number(r.rows[0]?.n ?? 0);
}
