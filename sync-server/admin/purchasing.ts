import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { MAX_QTY_MILLI } from '../../shared/domain/quantity';
import { addDays, assertPoTransition, PO_STATUSES, suggestedReorderPoint, type PoStatus } from '../../shared/domain/replenishment';
import { currency, freeText, id, nonNegativeMilli, shortText } from '../../shared/domain/schemas';
import type { Db } from '../db/db';
import { existingSkus, listLocations, writeAudit } from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import {
  findPurchaseOrder,
  findSupplier,
  insertPurchaseOrder,
  insertSupplier,
  listPurchaseOrders as listStoredPurchaseOrders,
  nextPoNumber,
  poLines,
  setPoLineCost,
  setPoStatus,
  supplierNameTaken,
  type PoLineRow,
  type PoRow,
} from '../db/purchasing-repo';
import { dailyDemand, reorderSettings, setProductSupplier as storeProductSupplier, setReorderPoint } from '../db/replenishment-repo';
import { ACTOR, parseOrThrow, requireTenant } from './common';

// Head office's side of purchasing (issue 9): suppliers, and purchase orders from draft to sent, confirmed or
// cancelled, each change one transaction with an audit row, through the one PO lifecycle in
// shared/domain/replenishment.ts. Receiving against a PO's lines at a store or the warehouse comes next.

export async function createSupplier(
  db: Db,
  input: { tenantId: string; name: string; contact?: string; leadTimeDays: number; currency: string },
): Promise<{ supplierId: string }> {
  const v = parseOrThrow(
    z.object({ tenantId: id, name: shortText, contact: freeText(200).optional(), leadTimeDays: z.int().min(0).max(365), currency }),
    input,
    'supplier',
  );
  await requireTenant(db, v.tenantId);
  const supplierId = uuidv7();
  await withTenantWrite(db, v.tenantId, async (tx) => {
    if (await supplierNameTaken(tx, v.tenantId, v.name)) throw new DomainError('DUPLICATE', `a supplier named ${v.name} exists already`, { name: v.name });
    await insertSupplier(tx, v.tenantId, { id: supplierId, name: v.name, contact: v.contact ?? null, leadTimeDays: v.leadTimeDays, currency: v.currency });
    await writeAudit(tx, v.tenantId, ACTOR, 'supplier.create', { supplierId, name: v.name });
  });
  return { supplierId };
}

/** A line as head office orders it: so many of the supplier's packs of so many units, at a cost per unit. */
const orderLine = z.object({
  sku: z.string().min(1).max(100),
  packs: z.int().min(1, 'order at least one pack').max(1_000_000),
  packUnits: z.int().min(1).max(10_000),
  unitCost: z.int().min(0).max(1_000_000_000_000),
});
export type OrderLine = z.infer<typeof orderLine>;

export interface PurchaseOrderView extends PoRow {
  lines: PoLineRow[];
}

async function view(db: Db, tenantId: string, poId: string): Promise<PurchaseOrderView> {
  const po = await findPurchaseOrder(db, tenantId, poId);
  if (po === null) throw new DomainError('NOT_FOUND', `no purchase order ${poId} in tenant ${tenantId}`, { poId });
  return { ...po, lines: await poLines(db, tenantId, poId) };
}

/**
 * A draft PO to a supplier for a store or the warehouse, expected the supplier's lead time from `today` (the
 * tenant's date). Every SKU must be the tenant's and appear once; nothing is written when any line is wrong.
 */
export async function createPurchaseOrder(
  db: Db,
  input: { tenantId: string; supplierId: string; locationId: string; lines: OrderLine[]; note?: string },
  today: string = new Date().toISOString().slice(0, 10),
): Promise<PurchaseOrderView> {
  const v = parseOrThrow(
    z.object({ tenantId: id, supplierId: id, locationId: id, lines: z.array(orderLine).min(1).max(500), note: freeText(500).optional() }),
    input,
    'purchase order',
  );
  await requireTenant(db, v.tenantId);
  const poId = uuidv7();
  await withTenantWrite(db, v.tenantId, async (tx) => {
    const supplier = await findSupplier(tx, v.tenantId, v.supplierId);
    if (supplier === null) throw new DomainError('NOT_FOUND', `no supplier ${v.supplierId} in tenant ${v.tenantId}`, { supplierId: v.supplierId });
    if (!(await listLocations(tx, v.tenantId)).some((l) => l.id === v.locationId)) throw new DomainError('NOT_FOUND', `no location ${v.locationId} in tenant ${v.tenantId}`);
    const skus = v.lines.map((l) => l.sku);
    const twice = skus.filter((s, i) => skus.indexOf(s) !== i);
    if (twice.length > 0) throw new DomainError('INVALID_INPUT', `${twice[0]} is on the order twice: one line a product`, { sku: twice[0] });
    const ids = await existingSkus(tx, v.tenantId, skus);
    const unknown = skus.filter((s) => !ids.has(s));
    if (unknown.length > 0) throw new DomainError('UNKNOWN_PRODUCT', `no product with SKU ${unknown.join(', ')}`, { skus: unknown });
    const lines = v.lines.map((l) => {
      const ordered = l.packs * l.packUnits * 1000;
      if (ordered > MAX_QTY_MILLI) throw new DomainError('OUT_OF_RANGE', `${l.sku}: ${l.packs} packs of ${l.packUnits} is beyond any quantity this system keeps`, { sku: l.sku });
      return { productId: ids.get(l.sku) as string, packUnits: l.packUnits, ordered, unitCost: l.unitCost };
    });
    const number = await nextPoNumber(tx, v.tenantId);
    await insertPurchaseOrder(
      tx,
      v.tenantId,
      { id: poId, number, supplierId: v.supplierId, locationId: v.locationId, currency: supplier.currency, expectedOn: addDays(today, supplier.leadTimeDays), note: v.note ?? null },
      lines,
    );
    await writeAudit(tx, v.tenantId, ACTOR, 'po.create', { poId, number, supplierId: v.supplierId, locationId: v.locationId, lines: lines.length });
  });
  return view(db, v.tenantId, poId);
}

/** Head office moves a PO on: sent to the supplier, confirmed by it, or cancelled before anything arrived. */
export async function movePurchaseOrder(db: Db, input: { tenantId: string; poId: string; to: 'sent' | 'confirmed' | 'cancelled' }): Promise<PurchaseOrderView> {
  const v = parseOrThrow(z.object({ tenantId: id, poId: id, to: z.enum(['sent', 'confirmed', 'cancelled']) }), input, 'purchase order change');
  await requireTenant(db, v.tenantId);
  await withTenantWrite(db, v.tenantId, async (tx) => {
    const po = await findPurchaseOrder(tx, v.tenantId, v.poId, true);
    if (po === null) throw new DomainError('NOT_FOUND', `no purchase order ${v.poId} in tenant ${v.tenantId}`, { poId: v.poId });
    assertPoTransition(po.status, v.to);
    if (v.to === 'sent') {
      // a replenishment draft is made at the last cost paid, or none known: it is not sent to a supplier at zero
      const lines = await poLines(tx, v.tenantId, v.poId);
      const unpriced = lines.filter((l) => l.unitCost === 0).map((l) => l.sku);
      if (unpriced.length > 0) throw new DomainError('INVALID_INPUT', `set the unit cost of ${unpriced.join(', ')} before the order is sent (po-line-cost)`, { skus: unpriced });
      if (lines.length === 0) throw new DomainError('INVALID_INPUT', 'an order without lines is not sent');
    }
    await setPoStatus(tx, v.tenantId, v.poId, v.to);
    await writeAudit(tx, v.tenantId, ACTOR, `po.${v.to}`, { poId: v.poId, number: po.number, from: po.status });
  });
  return view(db, v.tenantId, v.poId);
}

/** The unit cost of a line of a draft PO (a replenishment draft names the last cost paid, or none). */
export async function setDraftLineCost(db: Db, input: { tenantId: string; poId: string; sku: string; unitCost: number }): Promise<PurchaseOrderView> {
  const v = parseOrThrow(z.object({ tenantId: id, poId: id, sku: z.string().min(1).max(100), unitCost: z.int().min(0).max(1_000_000_000_000) }), input, 'line cost');
  await requireTenant(db, v.tenantId);
  await withTenantWrite(db, v.tenantId, async (tx) => {
    const po = await findPurchaseOrder(tx, v.tenantId, v.poId, true);
    if (po === null) throw new DomainError('NOT_FOUND', `no purchase order ${v.poId} in tenant ${v.tenantId}`, { poId: v.poId });
    if (po.status !== 'draft') throw new DomainError('CONFLICT_TRANSITION', `purchase order ${po.number} is ${po.status}: only a draft's costs change`, { status: po.status });
    const productId = (await existingSkus(tx, v.tenantId, [v.sku])).get(v.sku);
    if (productId === undefined || !(await setPoLineCost(tx, v.tenantId, v.poId, productId, v.unitCost))) {
      throw new DomainError('NOT_FOUND', `${v.sku} is not on purchase order ${po.number}`, { sku: v.sku });
    }
    await writeAudit(tx, v.tenantId, ACTOR, 'po.line_cost', { poId: v.poId, productId, unitCost: v.unitCost });
  });
  return view(db, v.tenantId, v.poId);
}

export async function purchaseOrder(db: Db, input: { tenantId: string; poId: string }): Promise<PurchaseOrderView> {
  const v = parseOrThrow(z.object({ tenantId: id, poId: id }), input, 'purchase order');
  return view(db, v.tenantId, v.poId);
}

export async function listPurchaseOrders(db: Db, input: { tenantId: string; status?: string; locationId?: string; limit?: number }): Promise<PoRow[]> {
  const v = parseOrThrow(
    z.object({ tenantId: id, status: z.enum([...PO_STATUSES, 'open']).optional(), locationId: id.optional(), limit: z.int().min(1).max(1_000).optional() }),
    input,
    'listing',
  );
  await requireTenant(db, v.tenantId);
  return listStoredPurchaseOrders(db, v.tenantId, {
    ...(v.status === undefined ? {} : { status: v.status as PoStatus | 'open' }),
    ...(v.locationId === undefined ? {} : { locationId: v.locationId }),
    limit: v.limit ?? 100,
  });
}

/**
 * Who a product is bought from, and in what pack (a case of 24): what replenishment orders it in
 * (sync/replenish.ts) once the product has a reorder point and quantity (the CSV import's columns).
 */
export async function setProductSupplier(db: Db, input: { tenantId: string; sku: string; supplierId: string; pack?: number }): Promise<{ productId: string }> {
  const v = parseOrThrow(z.object({ tenantId: id, sku: z.string().min(1).max(100), supplierId: id, pack: z.int().min(1).max(10_000).optional() }), input, 'product supplier');
  await requireTenant(db, v.tenantId);
  return withTenantWrite(db, v.tenantId, async (tx) => {
    if ((await findSupplier(tx, v.tenantId, v.supplierId)) === null) throw new DomainError('NOT_FOUND', `no supplier ${v.supplierId} in tenant ${v.tenantId}`);
    const productId = (await existingSkus(tx, v.tenantId, [v.sku])).get(v.sku);
    if (productId === undefined) throw new DomainError('UNKNOWN_PRODUCT', `no product with SKU ${v.sku}`, { sku: v.sku });
    await storeProductSupplier(tx, v.tenantId, productId, v.supplierId, v.pack ?? 1);
    await writeAudit(tx, v.tenantId, ACTOR, 'product.supplier', { productId, supplierId: v.supplierId, pack: v.pack ?? 1 });
    return { productId };
  });
}

/** "COLA-330:10:24:45": 10 packs of 24 at 45 minor units a unit (the CLI's --line). */
export function parseOrderLine(text: string): OrderLine {
  const m = /^(.+):(\d+):(\d+):(\d+)$/.exec(text.trim());
  if (m === null) throw new DomainError('INVALID_INPUT', `a PO line is SKU:packs:units per pack:unit cost in minor units, not "${text}"`, { line: text });
  return { sku: m[1] as string, packs: Number(m[2]), packUnits: Number(m[3]), unitCost: Number(m[4]) };
}

export interface ReorderSuggestion {
  sku: string;
  name: string;
  supplier: string | null;
  leadTimeDays: number;
  /** the product's reorder point now */
  reorderPoint: number;
  /** from its average daily demand at the location over the weeks looked at, the lead time and a safety stock */
  suggested: number;
  /** sold a day on average, net of returns, milli-units */
  dailyAverage: number;
}

/**
 * Beside each product's reorder point, the one its recent demand at a location suggests
 * (shared/domain/replenishment.ts suggestedReorderPoint: demand over the lead time plus a safety stock for 95% of
 * days), for a manager to accept. Products that sold nothing and have no point are left out.
 */
export async function reorderSuggestions(db: Db, input: { tenantId: string; locationId: string; weeks?: number }, now: Date = new Date()): Promise<ReorderSuggestion[]> {
  const v = parseOrThrow(z.object({ tenantId: id, locationId: id, weeks: z.int().min(1).max(26).optional() }), input, 'reorder suggestions');
  await requireTenant(db, v.tenantId);
  if (!(await listLocations(db, v.tenantId)).some((l) => l.id === v.locationId)) throw new DomainError('NOT_FOUND', `no location ${v.locationId} in tenant ${v.tenantId}`);
  const days = (v.weeks ?? 4) * 7;
  // whole days up to today's midnight (UTC): a half day of sales would read as a slow day
  const until = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const demand = await dailyDemand(db, v.tenantId, v.locationId, until, days);
  const out: ReorderSuggestion[] = [];
  for (const p of await reorderSettings(db, v.tenantId)) {
    const series = demand.get(p.productId) ?? new Array<number>(days).fill(0);
    const total = series.reduce((a, b) => a + b, 0);
    if (total === 0 && p.reorderPoint === 0) continue;
    out.push({
      sku: p.sku,
      name: p.name,
      supplier: p.supplierName,
      leadTimeDays: p.leadTimeDays,
      reorderPoint: p.reorderPoint,
      // never 0 for a product that sells: a point of 0 turns reordering off (a lead time of 0 suggests nothing)
      suggested: Math.max(suggestedReorderPoint(series, p.leadTimeDays), total > 0 ? Math.ceil(total / days / 1000) * 1000 : 0),
      dailyAverage: Math.round(total / days),
    });
  }
  return out;
}

/** A manager takes a reorder point (a suggested one, or their own): kept on the product, sent to its tills. */
export async function acceptReorderPoint(db: Db, input: { tenantId: string; sku: string; point: number }): Promise<{ productId: string; reorderPoint: number }> {
  const v = parseOrThrow(z.object({ tenantId: id, sku: z.string().min(1).max(100), point: nonNegativeMilli }), input, 'reorder point');
  await requireTenant(db, v.tenantId);
  return withTenantWrite(db, v.tenantId, async (tx) => {
    const productId = (await existingSkus(tx, v.tenantId, [v.sku])).get(v.sku);
    if (productId === undefined || !(await setReorderPoint(tx, v.tenantId, productId, v.point))) throw new DomainError('UNKNOWN_PRODUCT', `no product with SKU ${v.sku}`, { sku: v.sku });
    await writeAudit(tx, v.tenantId, ACTOR, 'product.reorder_point', { productId, reorderPoint: v.point });
    return { productId, reorderPoint: v.point };
  });
}
