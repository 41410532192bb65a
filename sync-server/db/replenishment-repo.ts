import type { Queryable } from './db';

/** The SQL the server's replenishment reads and writes (migrations 0020, 0021). */

/** Of these products, those replenishment may order (active, with a supplier, a reorder point and a quantity), with their point. */
export async function reorderableProducts(q: Queryable, tenantId: string, productIds: readonly string[]): Promise<Map<string, number>> {
  if (productIds.length === 0) return new Map();
  const r = await q.query<{ id: string; reorder_point: string }>(
    `SELECT id, reorder_point FROM products
      WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND supplier_id IS NOT NULL AND reorder_point > 0 AND reorder_qty > 0 AND active AND deleted_at IS NULL`,
    [tenantId, [...new Set(productIds)]],
  );
  return new Map(r.rows.map((x) => [x.id, Number(x.reorder_point)]));
}

export interface ReorderFacts {
  productId: string;
  reorderPoint: number;
  reorderQty: number;
  supplierId: string | null;
  supplierPack: number;
  leadTimeDays: number;
  currency: string | null;
  cost: number;
  /** ordered and not yet received on open POs for this product at this location */
  onOrder: number;
  openPoExists: boolean;
}

/** What the reorder rule needs of one product at one location, read after the lock. */
export async function reorderFacts(tx: Queryable, tenantId: string, locationId: string, productId: string): Promise<ReorderFacts | null> {
  const r = await tx.query<{
    reorder_point: string;
    reorder_qty: string;
    supplier_id: string | null;
    supplier_pack: number;
    lead_time_days: number | null;
    currency: string | null;
    on_order: string | null;
    open_lines: string;
    last_cost: string | null;
  }>(
    `SELECT p.reorder_point, p.reorder_qty, p.supplier_id, p.supplier_pack, s.lead_time_days, s.currency,
            (SELECT sum(pl.ordered - pl.received) FROM po_lines pl JOIN purchase_orders po ON po.tenant_id = pl.tenant_id AND po.id = pl.po_id
              WHERE pl.tenant_id = p.tenant_id AND pl.product_id = p.id AND po.location_id = $3
                AND po.status NOT IN ('received', 'cancelled')) AS on_order,
            (SELECT count(*) FROM po_lines pl JOIN purchase_orders po ON po.tenant_id = pl.tenant_id AND po.id = pl.po_id
              WHERE pl.tenant_id = p.tenant_id AND pl.product_id = p.id AND po.location_id = $3
                AND po.status NOT IN ('received', 'cancelled')) AS open_lines,
            (SELECT pl.unit_cost FROM po_lines pl JOIN purchase_orders po ON po.tenant_id = pl.tenant_id AND po.id = pl.po_id
              WHERE pl.tenant_id = p.tenant_id AND pl.product_id = p.id AND po.supplier_id = p.supplier_id AND po.status <> 'cancelled'
                AND po.origin = 'head_office'
              ORDER BY po.number DESC LIMIT 1) AS last_cost
       FROM products p LEFT JOIN suppliers s ON s.tenant_id = p.tenant_id AND s.id = p.supplier_id
      WHERE p.tenant_id = $1 AND p.id = $2 AND p.active AND p.deleted_at IS NULL`,
    [tenantId, productId, locationId],
  );
  const row = r.rows[0];
  if (row === undefined) return null;
  return {
    productId,
    reorderPoint: Number(row.reorder_point),
    reorderQty: Number(row.reorder_qty),
    supplierId: row.supplier_id,
    supplierPack: Number(row.supplier_pack),
    leadTimeDays: Number(row.lead_time_days ?? 0),
    currency: row.currency,
    cost: Number(row.last_cost ?? 0),
    onOrder: Number(row.on_order ?? 0),
    openPoExists: Number(row.open_lines) > 0,
  };
}

/** The supplier's draft PO for this location that replenishment adds to, if one is open (under replenish.ts's lock). */
export async function replenishmentDraft(tx: Queryable, tenantId: string, supplierId: string, locationId: string): Promise<{ id: string; lines: number } | null> {
  const r = await tx.query<{ id: string; lines: string }>(
    `SELECT po.id, (SELECT count(*) FROM po_lines pl WHERE pl.tenant_id = po.tenant_id AND pl.po_id = po.id) AS lines
       FROM purchase_orders po
      WHERE po.tenant_id = $1 AND po.supplier_id = $2 AND po.location_id = $3 AND po.status = 'draft' AND po.origin = 'replenishment'
      ORDER BY po.number LIMIT 1`,
    [tenantId, supplierId, locationId],
  );
  const row = r.rows[0];
  return row === undefined ? null : { id: row.id, lines: Number(row.lines) };
}

export async function markReplenishmentOrigin(tx: Queryable, tenantId: string, poId: string): Promise<void> {
  await tx.query("UPDATE purchase_orders SET origin = 'replenishment' WHERE tenant_id = $1 AND id = $2", [tenantId, poId]);
}

export async function appendPoLine(tx: Queryable, tenantId: string, poId: string, lineNo: number, l: { productId: string; packUnits: number; ordered: number; unitCost: number }): Promise<void> {
  await tx.query('INSERT INTO po_lines (tenant_id, po_id, line_no, product_id, pack_units, ordered, unit_cost) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    tenantId,
    poId,
    lineNo,
    l.productId,
    l.packUnits,
    l.ordered,
    l.unitCost,
  ]);
}

export async function setProductSupplier(tx: Queryable, tenantId: string, productId: string, supplierId: string, pack: number): Promise<boolean> {
  const r = await tx.query('UPDATE products SET supplier_id = $3, supplier_pack = $4 WHERE tenant_id = $1 AND id = $2', [tenantId, productId, supplierId, pack]);
  return (r.rowCount ?? 0) > 0;
}

/**
 * What each product sold at a location on each of the last `days` days up to `until` (exclusive), net of the
 * sales the replay reversed and of customer returns, in milli-units, oldest first, zero-filled. A day of returns
 * without sales is negative, so a return on a later day than its sale still takes it off the total.
 */
export async function dailyDemand(q: Queryable, tenantId: string, locationId: string, until: Date, days: number): Promise<Map<string, number[]>> {
  const since = new Date(until.getTime() - days * 86_400_000);
  const r = await q.query<{ product_id: string; day: number; sold: string }>(
    `SELECT product_id, floor(extract(epoch FROM occurred_at - $3::timestamptz) / 86400)::int AS day,
            sum(CASE WHEN kind = 'SALE' THEN qty ELSE -qty END) AS sold
       FROM movements
      WHERE tenant_id = $1 AND location_id = $2 AND occurred_at >= $3 AND occurred_at < $4
        AND (kind IN ('SALE', 'RETURN') OR (kind = 'REVERSAL' AND reverses = 'SALE'))
      GROUP BY product_id, day`,
    [tenantId, locationId, since, until],
  );
  const out = new Map<string, number[]>();
  for (const row of r.rows) {
    const series = out.get(row.product_id) ?? new Array<number>(days).fill(0);
    if (row.day >= 0 && row.day < days) series[row.day] = Number(row.sold);
    out.set(row.product_id, series);
  }
  return out;
}

export interface ReorderSettingRow {
  productId: string;
  sku: string;
  name: string;
  reorderPoint: number;
  reorderQty: number;
  supplierName: string | null;
  leadTimeDays: number;
}

/** The tenant's active products with what replenishment needs of them: the supplier's lead time, or the product's own. */
export async function reorderSettings(q: Queryable, tenantId: string): Promise<ReorderSettingRow[]> {
  const r = await q.query<{ id: string; sku: string; name: string; reorder_point: string; reorder_qty: string; supplier_name: string | null; lead: number }>(
    `SELECT p.id, p.sku, p.name, p.reorder_point, p.reorder_qty, s.name AS supplier_name, coalesce(s.lead_time_days, p.lead_time_days) AS lead
       FROM products p LEFT JOIN suppliers s ON s.tenant_id = p.tenant_id AND s.id = p.supplier_id
      WHERE p.tenant_id = $1 AND p.active AND p.deleted_at IS NULL ORDER BY p.sku`,
    [tenantId],
  );
  return r.rows.map((x) => ({
    productId: x.id,
    sku: x.sku,
    name: x.name,
    reorderPoint: Number(x.reorder_point),
    reorderQty: Number(x.reorder_qty),
    supplierName: x.supplier_name,
    leadTimeDays: Number(x.lead),
  }));
}

/** A manager accepted a reorder point: kept on the product and sent to the tills with it (its change stamp). */
export async function setReorderPoint(tx: Queryable, tenantId: string, productId: string, point: number): Promise<boolean> {
  const r = await tx.query("UPDATE products SET reorder_point = $3, chg = nextval('change_seq') WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL", [
    tenantId,
    productId,
    point,
  ]);
  return (r.rowCount ?? 0) > 0;
}
