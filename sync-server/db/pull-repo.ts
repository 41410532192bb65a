import type { Queryable } from './db';
import type { Product } from '../../shared/domain/schemas';
import type { OpResult, SyncConflict, SyncLevel, SyncUser } from '../../shared/sync/protocol';

/**
 * Reads for a pull. Every query takes the window (since, upTo] of change stamps; upTo is the high-water mark
 * from tenantHighWaterMark(), so everything inside the window is committed. A pull runs all of one page's reads
 * in one read-only REPEATABLE READ transaction (beginPullSnapshot), so they see one state of the database.
 * Each read returns its rows with their change stamp, in stamp order, at most `limit` of them: the page is cut
 * in stamp order across all of them (sync-server/sync/pull.ts).
 */
export interface Window {
  since: number;
  upTo: number;
}

export interface Stamped<T> {
  chg: number;
  value: T;
}

/** Must be the first statement of the pull's transaction: the snapshot is taken at the first query after it. */
export async function beginPullSnapshot(tx: Queryable): Promise<void> {
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
}

const PRODUCT_COLUMNS = `p.id, p.sku, p.name, p.unit, p.pack_size AS "packSize", p.price, p.currency,
            p.low_stock_threshold AS "lowStockThreshold", p.reorder_point AS "reorderPoint", p.reorder_qty AS "reorderQty",
            p.lead_time_days AS "leadTimeDays", (p.active AND p.deleted_at IS NULL) AS active, p.tax_class AS "taxClass",
            p.plu, COALESCE((SELECT array_agg(b.code ORDER BY b.code) FROM barcodes b WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id), '{}') AS barcodes,
            (SELECT jsonb_agg(jsonb_build_object('barcode', pb.code, 'units', pb.units, 'price', pb.price) ORDER BY pb.units, pb.code)
               FROM pack_barcodes pb WHERE pb.tenant_id = p.tenant_id AND pb.product_id = p.id) AS packs,
            p.chg AS "_chg"`;

function stamped<T extends { _chg: number }>(rows: readonly T[]): Array<Stamped<Omit<T, '_chg'>>> {
  return rows.map(({ _chg, ...value }) => ({ chg: Number(_chg), value }));
}

type ProductRow = Omit<Product, 'packs' | 'taxClass' | 'plu'> & { packs: Product['packs'] | null; taxClass: string | null; plu: string | null; _chg: number };

/**
 * A product as the protocol sends it: `packs` only when it has some (older tills' schema knows no packs), `taxClass`
 * only when it names one (absent: the tenant's default class), `plu` only when it has a scale item code.
 */
function products(rows: readonly ProductRow[]): Array<Stamped<Product>> {
  return stamped(rows).map(({ chg, value: { packs, taxClass, plu, ...product } }) => ({
    chg,
    value: { ...product, ...(packs === null ? {} : { packs }), ...(taxClass === null ? {} : { taxClass }), ...(plu === null ? {} : { plu }) },
  }));
}

export async function changedProducts(q: Queryable, tenantId: string, w: Window, limit: number): Promise<Array<Stamped<Product>>> {
  const r = await q.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products p
      WHERE p.tenant_id = $1 AND p.chg > $2 AND p.chg <= $3
      ORDER BY p.chg LIMIT $4`,
    [tenantId, w.since, w.upTo, limit],
  );
  return products(r.rows);
}

/** Products by id, whatever their stamp: the ones a page's levels refer to (pull.ts sends them along). */
export async function productsById(q: Queryable, tenantId: string, ids: readonly string[]): Promise<Array<Stamped<Product>>> {
  if (ids.length === 0) return [];
  const r = await q.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.tenant_id = $1 AND p.id = ANY($2::uuid[]) ORDER BY p.chg`, [
    tenantId,
    [...ids],
  ]);
  return products(r.rows);
}

/** A user as a store's tills see it: either may log in there (with its PIN hash) or no longer may (id only). */
export type StoreUser = { kind: 'user'; user: SyncUser } | { kind: 'revoked'; userId: string };

/**
 * The users whose standing at this store changed in the window: the user row itself, or its assignment to the
 * store (migration 0005). Head-office users may log in at every store; cashiers and managers where assigned.
 * A user never assigned here never reaches this store's tills, not even by id; one unassigned since comes as
 * `revoked`, without its PIN hash.
 */
export async function changedUsers(q: Queryable, tenantId: string, storeId: string, w: Window, limit: number): Promise<Array<Stamped<StoreUser>>> {
  const r = await q.query<{ id: string; name: string; role: SyncUser['role']; pinHash: string | null; active: boolean; allowed: boolean; chg: number }>(
    `SELECT id, name, role, CASE WHEN allowed THEN pin_hash END AS "pinHash", active, allowed, chg
       FROM (SELECT u.id, u.name, u.role, u.pin_hash, u.active, (u.role = 'head_office' OR a.assigned IS TRUE) AS allowed,
                    GREATEST(u.chg, COALESCE(a.chg, 0)) AS chg
               FROM users u
               LEFT JOIN user_stores a ON a.tenant_id = u.tenant_id AND a.store_id = $2 AND a.user_id = u.id
              WHERE u.tenant_id = $1 AND (u.role = 'head_office' OR a.user_id IS NOT NULL)) s
      WHERE chg > $3 AND chg <= $4
      ORDER BY chg LIMIT $5`,
    [tenantId, storeId, w.since, w.upTo, limit],
  );
  return r.rows.map((row) => ({
    chg: Number(row.chg),
    value:
      row.allowed && row.pinHash !== null
        ? { kind: 'user', user: { id: row.id, name: row.name, role: row.role, pinHash: row.pinHash, active: row.active } }
        : { kind: 'revoked', userId: row.id },
  }));
}

/** A level with the stamp of its product: a product changed after its level must travel with it (pull.ts). */
export type StampedLevel = Stamped<SyncLevel> & { productChg: number };

export async function changedLevels(q: Queryable, tenantId: string, storeId: string, w: Window, limit: number): Promise<StampedLevel[]> {
  const r = await q.query<{ product_id: string; on_hand: number; reserved: number; in_transit: number; quarantined: number; chg: number; product_chg: number }>(
    // the page's rows first, then their products: the join touches only the rows that are sent
    `SELECT l.product_id, l.on_hand, l.reserved, l.in_transit, l.quarantined, l.chg, p.chg AS product_chg
       FROM (SELECT * FROM levels WHERE tenant_id = $1 AND location_id = $2 AND chg > $3 AND chg <= $4 ORDER BY chg LIMIT $5) l
       JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id
      ORDER BY l.chg`,
    [tenantId, storeId, w.since, w.upTo, limit],
  );
  return r.rows.map((row) => ({
    chg: Number(row.chg),
    productChg: Number(row.product_chg),
    value: { productId: row.product_id, level: { onHand: row.on_hand, reserved: row.reserved, inTransit: row.in_transit, quarantined: row.quarantined } },
  }));
}

export async function changedOpResults(q: Queryable, tenantId: string, terminalId: string, w: Window, limit: number): Promise<Array<Stamped<OpResult>>> {
  const r = await q.query<{ result: OpResult; chg: number }>(
    'SELECT result, chg FROM applied_ops WHERE tenant_id = $1 AND terminal_id = $2 AND chg > $3 AND chg <= $4 ORDER BY chg LIMIT $5',
    [tenantId, terminalId, w.since, w.upTo, limit],
  );
  return r.rows.map((row) => ({ chg: Number(row.chg), value: row.result }));
}

/** How many changes of every kind a pull of this till would still find in the window (for its progress bar). */
export async function countChanges(q: Queryable, till: { tenantId: string; storeId: string; terminalId: string }, w: Window): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM products WHERE tenant_id = $1 AND chg > $4 AND chg <= $5)
          + (SELECT count(*) FROM users u LEFT JOIN user_stores a ON a.tenant_id = u.tenant_id AND a.store_id = $2 AND a.user_id = u.id
              WHERE u.tenant_id = $1 AND (u.role = 'head_office' OR a.user_id IS NOT NULL)
                AND GREATEST(u.chg, COALESCE(a.chg, 0)) > $4 AND GREATEST(u.chg, COALESCE(a.chg, 0)) <= $5)
          + (SELECT count(*) FROM levels WHERE tenant_id = $1 AND location_id = $2 AND chg > $4 AND chg <= $5)
          + (SELECT count(*) FROM applied_ops WHERE tenant_id = $1 AND terminal_id = $3 AND chg > $4 AND chg <= $5)
          + (SELECT count(*) FROM conflicts WHERE tenant_id = $1 AND store_id = $2 AND chg > $4 AND chg <= $5) AS n`,
    [till.tenantId, till.storeId, till.terminalId, w.since, w.upTo],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** The conflict as a till's queue shows it; `extra` adds columns for the caller (the pull's change stamp). */
const conflictViewSql = (extra = ''): string => `
  SELECT ${extra} c.id, c.kind, c.state, c.outcome, c.op_id AS "opId", c.sale_id AS "saleId", c.line_id AS "lineId",
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

export async function changedConflicts(q: Queryable, tenantId: string, storeId: string, w: Window, limit: number): Promise<Array<Stamped<SyncConflict>>> {
  const r = await q.query<SyncConflict & { _chg: number }>(
    `${conflictViewSql('c.chg AS "_chg",')} WHERE c.tenant_id = $1 AND c.store_id = $2 AND c.chg > $3 AND c.chg <= $4 ORDER BY c.chg LIMIT $5`,
    [tenantId, storeId, w.since, w.upTo, limit],
  );
  return stamped(r.rows);
}

export async function conflictView(q: Queryable, tenantId: string, conflictId: string): Promise<(SyncConflict & { storeId: string }) | null> {
  const r = await q.query<SyncConflict & { storeId: string }>(
    `SELECT v.*, c2.store_id AS "storeId" FROM (${conflictViewSql()} WHERE c.tenant_id = $1 AND c.id = $2) v
       JOIN conflicts c2 ON c2.tenant_id = $1 AND c2.id = v.id`,
    [tenantId, conflictId],
  );
  return r.rows[0] ?? null;
}
