import type { Queryable } from './db';
import type { Product } from '../../shared/domain/schemas';
import type { TenantPolicy } from '../../shared/policy/conflict-policy';
import type { Role } from '../../shared/domain/schemas';
import type { Milli } from '../../shared/domain/quantity';
import { decideLedgerWrite } from '../../shared/policy/conflict-policy';
import { LevelBook } from '../sync/plan';
import { levelKeysAt, lockLevels, writeLedger } from './push-repo';

/**
 * Head-office data: tenants, locations, users, products and barcodes, tills. Writers call these inside
 * withTenantWrite() so the pull barrier sees their change stamps.
 */
export interface TenantRow {
  id: string;
  name: string;
  currency: string;
  policy: TenantPolicy;
}

export async function insertTenant(tx: Queryable, t: TenantRow): Promise<void> {
  await tx.query('INSERT INTO tenants (id, name, currency, policy) VALUES ($1, $2, $3, $4)', [t.id, t.name, t.currency, JSON.stringify(t.policy)]);
}

export async function findTenant(tx: Queryable, tenantId: string): Promise<TenantRow | null> {
  const r = await tx.query<TenantRow>('SELECT id, name, currency, policy FROM tenants WHERE id = $1', [tenantId]);
  return r.rows[0] ?? null;
}

export async function updateTenantPolicy(tx: Queryable, tenantId: string, policy: TenantPolicy): Promise<boolean> {
  const r = await tx.query('UPDATE tenants SET policy = $2 WHERE id = $1', [tenantId, JSON.stringify(policy)]);
  return r.rowCount === 1;
}

export interface LocationRow {
  id: string;
  name: string;
  kind: 'warehouse' | 'store';
}

export async function insertLocation(tx: Queryable, tenantId: string, l: LocationRow): Promise<void> {
  await tx.query('INSERT INTO locations (tenant_id, id, name, kind) VALUES ($1, $2, $3, $4)', [tenantId, l.id, l.name, l.kind]);
}

export async function listLocations(tx: Queryable, tenantId: string): Promise<LocationRow[]> {
  const r = await tx.query<LocationRow>('SELECT id, name, kind FROM locations WHERE tenant_id = $1 ORDER BY name', [tenantId]);
  return r.rows;
}

export interface UserRow {
  id: string;
  name: string;
  role: Role;
  pinHash: string;
  active: boolean;
}

export async function insertUser(tx: Queryable, tenantId: string, u: UserRow): Promise<void> {
  await tx.query('INSERT INTO users (tenant_id, id, name, role, pin_hash, active) VALUES ($1, $2, $3, $4, $5, $6)', [
    tenantId,
    u.id,
    u.name,
    u.role,
    u.pinHash,
    u.active,
  ]);
}

export async function findUser(tx: Queryable, tenantId: string, userId: string): Promise<UserRow | null> {
  const r = await tx.query<UserRow>(
    'SELECT id, name, role, pin_hash AS "pinHash", active FROM users WHERE tenant_id = $1 AND id = $2',
    [tenantId, userId],
  );
  return r.rows[0] ?? null;
}

/** The tenant's users among these ids, with what decides their rights; ids of other tenants are simply absent. */
export async function usersById(tx: Queryable, tenantId: string, userIds: readonly string[]): Promise<Map<string, { role: Role; active: boolean }>> {
  if (userIds.length === 0) return new Map();
  const r = await tx.query<{ id: string; role: Role; active: boolean }>('SELECT id, role, active FROM users WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [
    tenantId,
    [...new Set(userIds)],
  ]);
  return new Map(r.rows.map((row) => [row.id, { role: row.role, active: row.active }]));
}

/**
 * Inserts or updates products and replaces their barcodes and pack barcodes, in a fixed number of statements
 * whatever the count. Both kinds of code are dropped before either is written, so a code may move from one kind
 * to the other within one write (migration 0011 refuses a code that is both).
 */
export async function upsertProducts(tx: Queryable, tenantId: string, products: readonly Product[]): Promise<void> {
  if (products.length === 0) return;
  const rows = products.map((p) => ({
    id: p.id,
    sku: p.sku,
    name: p.name,
    unit: p.unit,
    pack_size: p.packSize,
    price: p.price,
    currency: p.currency,
    low_stock_threshold: p.lowStockThreshold,
    reorder_point: p.reorderPoint,
    reorder_qty: p.reorderQty,
    lead_time_days: p.leadTimeDays,
    active: p.active,
    tax_class: p.taxClass ?? null,
    plu: p.plu ?? null,
  }));
  await tx.query(
    `INSERT INTO products (tenant_id, id, sku, name, unit, pack_size, price, currency, low_stock_threshold, reorder_point,
                           reorder_qty, lead_time_days, active, tax_class, plu)
     SELECT $1, r.id, r.sku, r.name, r.unit, r.pack_size, r.price, r.currency, r.low_stock_threshold, r.reorder_point,
            r.reorder_qty, r.lead_time_days, r.active, r.tax_class, r.plu
       FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, sku text, name text, unit text, pack_size integer, price bigint,
            currency text, low_stock_threshold bigint, reorder_point bigint, reorder_qty bigint, lead_time_days integer,
            active boolean, tax_class text, plu text)
     ON CONFLICT (tenant_id, id) DO UPDATE SET sku = EXCLUDED.sku, name = EXCLUDED.name, unit = EXCLUDED.unit,
       pack_size = EXCLUDED.pack_size, price = EXCLUDED.price, currency = EXCLUDED.currency,
       low_stock_threshold = EXCLUDED.low_stock_threshold, reorder_point = EXCLUDED.reorder_point,
       reorder_qty = EXCLUDED.reorder_qty, lead_time_days = EXCLUDED.lead_time_days, active = EXCLUDED.active,
       tax_class = EXCLUDED.tax_class, plu = EXCLUDED.plu, deleted_at = NULL, chg = nextval('change_seq')`,
    [tenantId, JSON.stringify(rows)],
  );
  const ids = products.map((p) => p.id);
  await tx.query('DELETE FROM barcodes WHERE tenant_id = $1 AND product_id = ANY($2::uuid[])', [tenantId, ids]);
  await tx.query('DELETE FROM pack_barcodes WHERE tenant_id = $1 AND product_id = ANY($2::uuid[])', [tenantId, ids]);
  const codes = products.flatMap((p) => p.barcodes.map((code) => ({ code, product_id: p.id })));
  if (codes.length > 0) {
    await tx.query(
      `INSERT INTO barcodes (tenant_id, code, product_id)
       SELECT $1, r.code, r.product_id FROM jsonb_to_recordset($2::jsonb) AS r(code text, product_id uuid)`,
      [tenantId, JSON.stringify(codes)],
    );
  }
  const packs = products.flatMap((p) => (p.packs ?? []).map((pack) => ({ code: pack.barcode, product_id: p.id, units: pack.units, price: pack.price })));
  if (packs.length > 0) {
    await tx.query(
      `INSERT INTO pack_barcodes (tenant_id, code, product_id, units, price)
       SELECT $1, r.code, r.product_id, r.units, r.price FROM jsonb_to_recordset($2::jsonb) AS r(code text, product_id uuid, units integer, price bigint)`,
      [tenantId, JSON.stringify(packs)],
    );
  }
}

/** Head office deleted a product: tills receive it inactive; ops already done with it are still applied (plan.ts). */
export async function markProductDeleted(tx: Queryable, tenantId: string, productId: string): Promise<boolean> {
  const r = await tx.query(
    "UPDATE products SET deleted_at = now(), active = false, chg = nextval('change_seq') WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
    [tenantId, productId],
  );
  return r.rowCount === 1;
}

export async function existingSkus(tx: Queryable, tenantId: string, skus: readonly string[]): Promise<Map<string, string>> {
  const r = await tx.query<{ sku: string; id: string }>('SELECT sku, id FROM products WHERE tenant_id = $1 AND sku = ANY($2::text[])', [
    tenantId,
    [...skus],
  ]);
  return new Map(r.rows.map((row) => [row.sku, row.id]));
}

/** The product each of these codes belongs to now, as a unit barcode or as a pack barcode. */
export async function barcodeOwners(tx: Queryable, tenantId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const r = await tx.query<{ code: string; product_id: string }>(
    `SELECT code, product_id FROM barcodes WHERE tenant_id = $1 AND code = ANY($2::text[])
     UNION ALL SELECT code, product_id FROM pack_barcodes WHERE tenant_id = $1 AND code = ANY($2::text[])`,
    [tenantId, [...codes]],
  );
  return new Map(r.rows.map((row) => [row.code, row.product_id]));
}

/** The product each of these scale item codes (PLUs) belongs to now. */
export async function pluOwners(tx: Queryable, tenantId: string, plus: readonly string[]): Promise<Map<string, string>> {
  if (plus.length === 0) return new Map();
  const r = await tx.query<{ plu: string; id: string }>('SELECT plu, id FROM products WHERE tenant_id = $1 AND plu = ANY($2::text[])', [tenantId, [...plus]]);
  return new Map(r.rows.map((row) => [row.plu, row.id]));
}

/** A store's scale label formats as stored (migration 0016), unchecked: the caller parses them. Null: none set, or no such store. */
export async function storeScaleFormatsJson(tx: Queryable, tenantId: string, storeId: string): Promise<unknown> {
  const r = await tx.query<{ scale_formats: unknown }>("SELECT scale_formats FROM locations WHERE tenant_id = $1 AND id = $2 AND kind = 'store'", [tenantId, storeId]);
  return r.rows[0]?.scale_formats ?? null;
}

/** Sets (null: clears) a store's scale label formats; false when the tenant has no such store. */
export async function setStoreScaleFormatsJson(tx: Queryable, tenantId: string, storeId: string, formats: unknown): Promise<boolean> {
  const r = await tx.query("UPDATE locations SET scale_formats = $3::jsonb WHERE tenant_id = $1 AND id = $2 AND kind = 'store'", [
    tenantId,
    storeId,
    formats === null ? null : JSON.stringify(formats),
  ]);
  return r.rowCount === 1;
}

export interface TerminalRow {
  tenantId: string;
  id: string;
  storeId: string;
  name: string;
  revoked: boolean;
  /** null until the till first calls with its token (migration 0022) */
  firstSeen?: boolean;
}

export async function insertTerminal(tx: Queryable, t: Omit<TerminalRow, 'revoked' | 'firstSeen'> & { tokenHash: string }): Promise<void> {
  await tx.query('INSERT INTO terminals (tenant_id, id, store_id, name, token_hash) VALUES ($1, $2, $3, $4, $5)', [
    t.tenantId,
    t.id,
    t.storeId,
    t.name,
    t.tokenHash,
  ]);
}

export async function revokeTerminal(tx: Queryable, tenantId: string, terminalId: string): Promise<boolean> {
  const r = await tx.query('UPDATE terminals SET revoked = true WHERE tenant_id = $1 AND id = $2', [tenantId, terminalId]);
  return r.rowCount === 1;
}

export async function findTerminalByTokenHash(tx: Queryable, tokenHash: string): Promise<TerminalRow | null> {
  const r = await tx.query<TerminalRow>(
    'SELECT tenant_id AS "tenantId", id, store_id AS "storeId", name, revoked, first_seen_at IS NOT NULL AS "firstSeen" FROM terminals WHERE token_hash = $1',
    [tokenHash],
  );
  return r.rows[0] ?? null;
}

/** The till has called with its token: its enrolment's answer reached it (once; later calls skip the write). */
export async function markTerminalSeen(q: Queryable, tenantId: string, terminalId: string): Promise<void> {
  await q.query('UPDATE terminals SET first_seen_at = now() WHERE tenant_id = $1 AND id = $2 AND first_seen_at IS NULL', [tenantId, terminalId]);
}

/**
 * Opening balances (seeding, a new store): RECEIVE movements and their levels in the same transaction, so the
 * ledger sums to the levels from the first row. Written by the replay's ledger engine (sync/plan/level-book.ts,
 * push-repo.ts writeLedger()), with the system cause opening_stock.
 */
export async function receiveOpeningStock(
  tx: Queryable,
  tenantId: string,
  locationId: string,
  lines: ReadonlyArray<{ productId: string; qty: Milli }>,
  /** what seeded it, the movements' cause reference (shared/domain/movement-cause.ts opening_stock) */
  source = 'admin receive-stock',
): Promise<void> {
  const positive = lines.filter((l) => l.qty > 0);
  if (positive.length === 0) return;
  const book = new LevelBook(await lockLevels(tx, tenantId, levelKeysAt(locationId, positive.map((l) => l.productId))));
  const meta = { cause: { kind: 'opening_stock', ref: source }, opId: null, seq: null, lineId: null, userId: null, occurredAt: new Date(), note: 'opening stock' } as const;
  for (const l of positive) book.write(locationId, l.productId, { kind: 'RECEIVE', qty: l.qty }, decideLedgerWrite({ kind: 'receipt' }), meta);
  await writeLedger(tx, tenantId, null, book);
}

export async function writeAudit(tx: Queryable, tenantId: string | null, actor: string, action: string, details: Record<string, unknown>): Promise<void> {
  await tx.query('INSERT INTO audit (tenant_id, actor, action, details) VALUES ($1, $2, $3, $4)', [tenantId, actor, action, JSON.stringify(details)]);
}
