import { z } from 'zod';
import { salePayload } from '../../shared/ops/operations';
import { saleRecordOf, type PlannedReturn, type SaleRecord } from '../sync/plan/returns';
import type { Queryable } from './db';

/**
 * The SQL of returns against a receipt (migration 0015): the sales a push chunk's returns name, locked, with what
 * earlier returns took back of each line; and the returns the chunk recorded. A sale's lines are read from its
 * applied op (the body as the till sent it, the result as the replay decided it), so a return at any till of the
 * tenant checks against the same record. Locking the sale's op row serializes two tills returning the same sale.
 */

const soldLines = z.array(z.object({ lineId: z.string(), productId: z.string(), qty: z.number() }));
const lineResults = z.array(z.object({ lineId: z.string(), action: z.string() })).nullable();

export async function lockReturnedSales(tx: Queryable, tenantId: string, saleIds: readonly string[]): Promise<Map<string, SaleRecord>> {
  const out = new Map<string, SaleRecord>();
  if (saleIds.length === 0) return out;
  // Sales in id order, as every chunk locks them (no two chunks wait on each other's sales in turn).
  const sales = await tx.query<{ sale_id: string; payload: unknown; results: unknown }>(
    `SELECT document_id AS sale_id, body->'payload' AS payload, result->'lines' AS results
       FROM applied_ops WHERE tenant_id = $1 AND document_kind = 'sale' AND document_id = ANY($2::uuid[])
      ORDER BY document_id FOR UPDATE`,
    [tenantId, saleIds],
  );
  const returned = await tx.query<{ sale_id: string; line_id: string; qty: number; refund: number }>(
    `SELECT sale_id, line_id, sum(qty)::bigint AS qty, sum(refund)::bigint AS refund FROM sale_return_lines
      WHERE tenant_id = $1 AND sale_id = ANY($2::uuid[]) AND outcome <> 'already_back' GROUP BY sale_id, line_id`,
    [tenantId, saleIds],
  );
  const perTender = await tx.query<{ sale_id: string; tender_index: number; base_amount: number }>(
    `SELECT r.sale_id, (p->>'tenderIndex')::int AS tender_index, sum((p->>'baseAmount')::bigint)::bigint AS base_amount
       FROM sale_returns r CROSS JOIN LATERAL jsonb_array_elements(r.refunds) p
      WHERE r.tenant_id = $1 AND r.sale_id = ANY($2::uuid[]) GROUP BY 1, 2`,
    [tenantId, saleIds],
  );
  for (const s of sales.rows) {
    const reversed = new Set((lineResults.parse(s.results) ?? []).filter((l) => l.action === 'reverse').map((l) => l.lineId));
    const mine = returned.rows.filter((r) => r.sale_id === s.sale_id);
    out.set(s.sale_id, {
      // the op as applied: its payload passed the sale schema then (checked again, never trusted blindly)
      ...saleRecordOf(salePayload.parse(s.payload), reversed),
      returned: new Map(mine.map((r) => [r.line_id, Number(r.qty)])),
      refunded: new Map(mine.map((r) => [r.line_id, Number(r.refund)])),
      refundedPerTender: new Map(perTender.rows.filter((r) => r.sale_id === s.sale_id).map((r) => [r.tender_index, Number(r.base_amount)])),
    });
  }
  return out;
}

/** In the chunk's transaction after its ops (applied_ops), in seq order. */
export async function writeReturns(tx: Queryable, tenantId: string, storeId: string, terminalId: string, returns: readonly PlannedReturn[]): Promise<void> {
  for (const r of returns) {
    await tx.query(
      `INSERT INTO sale_returns (tenant_id, id, sale_id, store_id, terminal_id, user_id, approved_by, occurred_at, currency, refund, refunds, reason, op_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [tenantId, r.returnId, r.saleId, storeId, terminalId, r.userId, r.approvedBy, r.occurredAt, r.currency, r.refund, JSON.stringify(r.refunds), r.reason, r.opId],
    );
    for (const l of r.lines) {
      await tx.query(
        `INSERT INTO sale_return_lines (tenant_id, return_id, sale_id, line_id, product_id, qty, disposition, refund, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [tenantId, r.returnId, r.saleId, l.lineId, l.productId, l.qty, l.disposition, l.refund, l.outcome],
      );
    }
  }
}

export interface ReturnListing {
  returnId: string;
  saleId: string;
  till: string;
  byName: string;
  occurredAt: Date;
  currency: string;
  refund: number;
  reason: string;
  lines: Array<{ lineId: string; productId: string; qty: number; disposition: string; refund: number; outcome: string }>;
}

/** A store's returns, newest first, with their lines: for head office. */
export async function listReturns(q: Queryable, tenantId: string, storeId: string, limit: number): Promise<ReturnListing[]> {
  const r = await q.query<{ id: string; sale_id: string; till: string; by_name: string; occurred_at: Date; currency: string; refund: number; reason: string; lines: ReturnListing['lines'] }>(
    `SELECT r.id, r.sale_id, t.name AS till, u.name AS by_name, r.occurred_at, r.currency, r.refund, r.reason,
            (SELECT json_agg(json_build_object('lineId', l.line_id, 'productId', l.product_id, 'qty', l.qty, 'disposition', l.disposition,
                                               'refund', l.refund, 'outcome', l.outcome) ORDER BY l.line_id)
               FROM sale_return_lines l WHERE l.tenant_id = r.tenant_id AND l.return_id = r.id) AS lines
       FROM sale_returns r
       JOIN terminals t ON t.tenant_id = r.tenant_id AND t.id = r.terminal_id
       JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id
      WHERE r.tenant_id = $1 AND r.store_id = $2 ORDER BY r.occurred_at DESC LIMIT $3`,
    [tenantId, storeId, limit],
  );
  return r.rows.map((x) => ({
    returnId: x.id,
    saleId: x.sale_id,
    till: x.till,
    byName: x.by_name,
    occurredAt: x.occurred_at,
    currency: x.currency,
    refund: Number(x.refund),
    reason: x.reason,
    lines: x.lines.map((l) => ({ ...l, qty: Number(l.qty), refund: Number(l.refund) })),
  }));
}

export interface StoredSale {
  body: unknown;
  results: unknown;
  tillName: string;
  storeName: string;
  cashierName: string | null;
  products: ReadonlyMap<string, { sku: string; name: string; unit: string }>;
  returns: Array<{ returnId: string; lines: Array<{ lineId: string; qty: number; refund: number }>; refunds: Array<{ tenderIndex: number; baseAmount: number }> }>;
}

/** A sale of the tenant as its applied op holds it, with its till, store, cashier and products, and its returns so far. */
export async function findStoredSale(q: Queryable, tenantId: string, saleId: string): Promise<StoredSale | null> {
  const sale = await q.query<{ body: unknown; results: unknown; till_name: string; store_name: string; cashier_name: string | null }>(
    `SELECT o.body, o.result->'lines' AS results, t.name AS till_name, l.name AS store_name, u.name AS cashier_name
       FROM applied_ops o
       JOIN terminals t ON t.tenant_id = o.tenant_id AND t.id = o.terminal_id
       JOIN locations l ON l.tenant_id = t.tenant_id AND l.id = t.store_id
       LEFT JOIN users u ON u.tenant_id = o.tenant_id AND u.id = o.user_id
      WHERE o.tenant_id = $1 AND o.document_kind = 'sale' AND o.document_id = $2`,
    [tenantId, saleId],
  );
  const row = sale.rows[0];
  if (row === undefined) return null;
  const productIds = soldLines.parse((row.body as { payload?: { lines?: unknown } }).payload?.lines ?? []).map((l) => l.productId);
  const products = await q.query<{ id: string; sku: string; name: string; unit: string }>('SELECT id, sku, name, unit FROM products WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [
    tenantId,
    productIds,
  ]);
  const returns = await q.query<{ id: string; refunds: Array<{ tenderIndex: number; baseAmount: number }>; lines: Array<{ lineId: string; qty: number; refund: number }> }>(
    `SELECT r.id, r.refunds,
            (SELECT json_agg(json_build_object('lineId', l.line_id, 'qty', l.qty, 'refund', l.refund) ORDER BY l.line_id)
               FROM sale_return_lines l WHERE l.tenant_id = r.tenant_id AND l.return_id = r.id AND l.outcome <> 'already_back') AS lines
       FROM sale_returns r WHERE r.tenant_id = $1 AND r.sale_id = $2 ORDER BY r.occurred_at, r.id`,
    [tenantId, saleId],
  );
  return {
    body: row.body,
    results: row.results,
    tillName: row.till_name,
    storeName: row.store_name,
    cashierName: row.cashier_name,
    products: new Map(products.rows.map((p) => [p.id, { sku: p.sku, name: p.name, unit: p.unit }])),
    returns: returns.rows.map((r) => ({
      returnId: r.id,
      lines: (r.lines ?? []).map((l) => ({ lineId: l.lineId, qty: Number(l.qty), refund: Number(l.refund) })),
      refunds: r.refunds.map((p) => ({ tenderIndex: p.tenderIndex, baseAmount: Number(p.baseAmount) })),
    })),
  };
}
