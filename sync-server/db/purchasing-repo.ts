import type { PoStatus } from '../../shared/domain/replenishment';
import type { Queryable } from './db';
import { lockPoNumbers } from './locks';

/** The SQL of suppliers and purchase orders (migration 0020). */

export interface SupplierRow {
  id: string;
  name: string;
  contact: string | null;
  leadTimeDays: number;
  currency: string;
}

export async function insertSupplier(tx: Queryable, tenantId: string, s: SupplierRow): Promise<void> {
  await tx.query('INSERT INTO suppliers (tenant_id, id, name, contact, lead_time_days, currency) VALUES ($1, $2, $3, $4, $5, $6)', [
    tenantId,
    s.id,
    s.name,
    s.contact,
    s.leadTimeDays,
    s.currency,
  ]);
}

export async function findSupplier(q: Queryable, tenantId: string, supplierId: string): Promise<SupplierRow | null> {
  const r = await q.query<{ id: string; name: string; contact: string | null; lead_time_days: number; currency: string }>(
    'SELECT id, name, contact, lead_time_days, currency FROM suppliers WHERE tenant_id = $1 AND id = $2',
    [tenantId, supplierId],
  );
  const row = r.rows[0];
  return row === undefined ? null : { id: row.id, name: row.name, contact: row.contact, leadTimeDays: row.lead_time_days, currency: row.currency };
}

export async function supplierNameTaken(q: Queryable, tenantId: string, name: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM suppliers WHERE tenant_id = $1 AND lower(name) = lower($2)', [tenantId, name]);
  return (r.rowCount ?? 0) > 0;
}

export interface PoLineRow {
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  packUnits: number;
  ordered: number;
  received: number;
  unitCost: number;
}

export interface PoRow {
  id: string;
  number: number;
  supplierId: string;
  supplierName: string;
  locationId: string;
  locationName: string;
  status: PoStatus;
  currency: string;
  expectedOn: string;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The tenant's next PO number, held for the rest of the transaction so two POs never share one. */
export async function nextPoNumber(tx: Queryable, tenantId: string): Promise<number> {
  await lockPoNumbers(tx, tenantId);
  const r = await tx.query<{ n: number | null }>('SELECT max(number) AS n FROM purchase_orders WHERE tenant_id = $1', [tenantId]);
  return Number(r.rows[0]?.n ?? 0) + 1;
}

export async function insertPurchaseOrder(
  tx: Queryable,
  tenantId: string,
  po: { id: string; number: number; supplierId: string; locationId: string; currency: string; expectedOn: string; note: string | null },
  lines: ReadonlyArray<{ productId: string; packUnits: number; ordered: number; unitCost: number }>,
): Promise<void> {
  await tx.query(
    `INSERT INTO purchase_orders (tenant_id, id, number, supplier_id, location_id, status, currency, expected_on, note)
     VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8)`,
    [tenantId, po.id, po.number, po.supplierId, po.locationId, po.currency, po.expectedOn, po.note],
  );
  for (const [i, l] of lines.entries()) {
    await tx.query('INSERT INTO po_lines (tenant_id, po_id, line_no, product_id, pack_units, ordered, unit_cost) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      tenantId,
      po.id,
      i + 1,
      l.productId,
      l.packUnits,
      l.ordered,
      l.unitCost,
    ]);
  }
}

const PO_SELECT = `SELECT po.id, po.number, po.supplier_id, s.name AS supplier_name, po.location_id, l.name AS location_name, po.status,
                          po.currency, to_char(po.expected_on, 'YYYY-MM-DD') AS expected_on, po.note, po.created_at, po.updated_at
                     FROM purchase_orders po
                     JOIN suppliers s ON s.tenant_id = po.tenant_id AND s.id = po.supplier_id
                     JOIN locations l ON l.tenant_id = po.tenant_id AND l.id = po.location_id`;

type PoDbRow = {
  id: string;
  number: number;
  supplier_id: string;
  supplier_name: string;
  location_id: string;
  location_name: string;
  status: PoStatus;
  currency: string;
  expected_on: string;
  note: string | null;
  created_at: Date;
  updated_at: Date;
};
const poOf = (r: PoDbRow): PoRow => ({
  id: r.id,
  number: Number(r.number),
  supplierId: r.supplier_id,
  supplierName: r.supplier_name,
  locationId: r.location_id,
  locationName: r.location_name,
  status: r.status,
  currency: r.currency,
  expectedOn: r.expected_on,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** One PO, locked for the rest of the transaction when `lock` (a status change reads, decides, then writes). */
export async function findPurchaseOrder(q: Queryable, tenantId: string, poId: string, lock = false): Promise<PoRow | null> {
  const r = await q.query<PoDbRow>(`${PO_SELECT} WHERE po.tenant_id = $1 AND po.id = $2${lock ? ' FOR UPDATE OF po' : ''}`, [tenantId, poId]);
  return r.rows[0] === undefined ? null : poOf(r.rows[0]);
}

export async function poLines(q: Queryable, tenantId: string, poId: string): Promise<PoLineRow[]> {
  const r = await q.query<{ line_no: number; product_id: string; sku: string; name: string; pack_units: number; ordered: string; received: string; unit_cost: string }>(
    `SELECT pl.line_no, pl.product_id, p.sku, p.name, pl.pack_units, pl.ordered, pl.received, pl.unit_cost
       FROM po_lines pl JOIN products p ON p.tenant_id = pl.tenant_id AND p.id = pl.product_id
      WHERE pl.tenant_id = $1 AND pl.po_id = $2 ORDER BY pl.line_no`,
    [tenantId, poId],
  );
  return r.rows.map((x) => ({
    lineNo: Number(x.line_no),
    productId: x.product_id,
    sku: x.sku,
    name: x.name,
    packUnits: Number(x.pack_units),
    ordered: Number(x.ordered),
    received: Number(x.received),
    unitCost: Number(x.unit_cost),
  }));
}

/** Sets a draft line's unit cost (a replenishment draft is made at the last cost known, or none). */
export async function setPoLineCost(tx: Queryable, tenantId: string, poId: string, productId: string, unitCost: number): Promise<boolean> {
  const r = await tx.query('UPDATE po_lines SET unit_cost = $4 WHERE tenant_id = $1 AND po_id = $2 AND product_id = $3', [tenantId, poId, productId, unitCost]);
  return (r.rowCount ?? 0) > 0;
}

export async function setPoStatus(tx: Queryable, tenantId: string, poId: string, status: PoStatus): Promise<void> {
  await tx.query('UPDATE purchase_orders SET status = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2', [tenantId, poId, status]);
}

/** A tenant's POs, newest first: all, or those of one status ('open': neither received nor cancelled), at one location. */
export async function listPurchaseOrders(q: Queryable, tenantId: string, filter: { status?: PoStatus | 'open'; locationId?: string; limit: number }): Promise<PoRow[]> {
  const where = ['po.tenant_id = $1'];
  const args: unknown[] = [tenantId];
  if (filter.status === 'open') where.push(`po.status NOT IN ('received', 'cancelled')`);
  else if (filter.status !== undefined) {
    args.push(filter.status);
    where.push(`po.status = $${args.length}`);
  }
  if (filter.locationId !== undefined) {
    args.push(filter.locationId);
    where.push(`po.location_id = $${args.length}`);
  }
  args.push(filter.limit);
  const r = await q.query<PoDbRow>(`${PO_SELECT} WHERE ${where.join(' AND ')} ORDER BY po.number DESC LIMIT $${args.length}`, args);
  return r.rows.map(poOf);
}
