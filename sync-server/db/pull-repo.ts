import type { Queryable } from './db';
import type { Product } from '../../shared/domain/schemas';
import type { OpResult, SyncConflict, SyncLevel, SyncUser } from '../../shared/sync/protocol';

/**
 * Reads for a pull. Every query takes the window (since, upTo] of change stamps; upTo is the high-water mark
 * from tenantHighWaterMark(), so everything inside the window is committed.
 */
export interface Window {
  since: number;
  upTo: number;
}

export async function changedProducts(q: Queryable, tenantId: string, w: Window): Promise<Product[]> {
  const r = await q.query<Product>(
    `SELECT p.id, p.sku, p.name, p.unit, p.pack_size AS "packSize", p.price, p.currency,
            p.low_stock_threshold AS "lowStockThreshold", p.reorder_point AS "reorderPoint", p.reorder_qty AS "reorderQty",
            p.lead_time_days AS "leadTimeDays", (p.active AND p.deleted_at IS NULL) AS active,
            COALESCE((SELECT array_agg(b.code ORDER BY b.code) FROM barcodes b WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id), '{}') AS barcodes
       FROM products p
      WHERE p.tenant_id = $1 AND p.chg > $2 AND p.chg <= $3
      ORDER BY p.chg`,
    [tenantId, w.since, w.upTo],
  );
  return r.rows;
}

export async function changedUsers(q: Queryable, tenantId: string, w: Window): Promise<SyncUser[]> {
  const r = await q.query<SyncUser>(
    `SELECT id, name, role, pin_hash AS "pinHash", active FROM users WHERE tenant_id = $1 AND chg > $2 AND chg <= $3 ORDER BY chg`,
    [tenantId, w.since, w.upTo],
  );
  return r.rows;
}

export async function changedLevels(q: Queryable, tenantId: string, storeId: string, w: Window): Promise<SyncLevel[]> {
  const r = await q.query<{ product_id: string; on_hand: number; reserved: number; in_transit: number; quarantined: number }>(
    `SELECT product_id, on_hand, reserved, in_transit, quarantined FROM levels
      WHERE tenant_id = $1 AND location_id = $2 AND chg > $3 AND chg <= $4 ORDER BY chg`,
    [tenantId, storeId, w.since, w.upTo],
  );
  return r.rows.map((row) => ({
    productId: row.product_id,
    level: { onHand: row.on_hand, reserved: row.reserved, inTransit: row.in_transit, quarantined: row.quarantined },
  }));
}

export async function changedOpResults(q: Queryable, tenantId: string, terminalId: string, w: Window): Promise<OpResult[]> {
  const r = await q.query<{ result: OpResult }>(
    'SELECT result FROM applied_ops WHERE tenant_id = $1 AND terminal_id = $2 AND chg > $3 AND chg <= $4 ORDER BY seq',
    [tenantId, terminalId, w.since, w.upTo],
  );
  return r.rows.map((row) => row.result);
}

const CONFLICT_VIEW = `
  SELECT c.id, c.kind, c.state, c.outcome, c.op_id AS "opId", c.sale_id AS "saleId", c.line_id AS "lineId",
         c.product_id AS "productId", p.name AS "productName", c.qty, c.available_at_replay AS "availableAtReplay",
         c.reason, c.customer_contact AS "customerContact", c.terminal_id AS "tillId", t.name AS "tillName",
         c.cashier_id AS "cashierId", COALESCE(u.name, 'unknown user') AS "cashierName",
         to_jsonb(c.occurred_at) #>> '{}' AS "occurredAt", to_jsonb(c.opened_at) #>> '{}' AS "openedAt",
         (SELECT COALESCE(jsonb_agg(jsonb_build_object('locationId', l.location_id, 'locationName', loc.name,
                                    'available', l.on_hand - l.reserved - l.quarantined)
                                    ORDER BY l.on_hand - l.reserved - l.quarantined DESC, loc.name), '[]'::jsonb)
            FROM levels l JOIN locations loc ON loc.tenant_id = l.tenant_id AND loc.id = l.location_id
           WHERE l.tenant_id = c.tenant_id AND l.product_id = c.product_id AND l.location_id <> c.store_id
             AND l.on_hand - l.reserved - l.quarantined > 0) AS elsewhere,
         (SELECT COALESCE(jsonb_agg(jsonb_build_object('state', h.state, 'outcome', h.outcome, 'byUserId', h.by_user_id,
                                    'byName', COALESCE(hu.name, 'server'), 'at', h.at, 'note', h.note)
                                    ORDER BY h.at, h.state), '[]'::jsonb)
            FROM conflict_history h LEFT JOIN users hu ON hu.tenant_id = h.tenant_id AND hu.id = h.by_user_id
           WHERE h.tenant_id = c.tenant_id AND h.conflict_id = c.id) AS history
    FROM conflicts c
    JOIN products p ON p.tenant_id = c.tenant_id AND p.id = c.product_id
    JOIN terminals t ON t.tenant_id = c.tenant_id AND t.id = c.terminal_id
    LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.cashier_id`;

export async function changedConflicts(q: Queryable, tenantId: string, storeId: string, w: Window): Promise<SyncConflict[]> {
  const r = await q.query<SyncConflict>(
    `${CONFLICT_VIEW} WHERE c.tenant_id = $1 AND c.store_id = $2 AND c.chg > $3 AND c.chg <= $4 ORDER BY c.chg`,
    [tenantId, storeId, w.since, w.upTo],
  );
  return r.rows;
}

export async function conflictView(q: Queryable, tenantId: string, conflictId: string): Promise<(SyncConflict & { storeId: string }) | null> {
  const r = await q.query<SyncConflict & { storeId: string }>(
    `SELECT v.*, c2.store_id AS "storeId" FROM (${CONFLICT_VIEW} WHERE c.tenant_id = $1 AND c.id = $2) v
       JOIN conflicts c2 ON c2.tenant_id = $1 AND c2.id = v.id`,
    [tenantId, conflictId],
  );
  return r.rows[0] ?? null;
}
