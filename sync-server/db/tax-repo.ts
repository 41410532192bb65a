import type { Queryable } from './db';
import type { LegalIdentity, TaxSettings } from '../../shared/domain/tax';

/**
 * A tenant's tax classes, whether its prices include tax, and its legal identity (migration 0013). Writers call
 * these inside withTenantWrite(); the pull reads them whole on every page (they are a handful of rows).
 */
export async function tenantTax(q: Queryable, tenantId: string): Promise<TaxSettings | null> {
  const r = await q.query<{ prices_include_tax: boolean; default_tax_class: string; classes: Array<{ code: string; rateBp: number }> | null }>(
    `SELECT t.prices_include_tax, t.default_tax_class,
            (SELECT jsonb_agg(jsonb_build_object('code', c.code, 'rateBp', c.rate_bp) ORDER BY c.code)
               FROM tax_classes c WHERE c.tenant_id = t.id) AS classes
       FROM tenants t WHERE t.id = $1`,
    [tenantId],
  );
  const row = r.rows[0];
  if (row === undefined) return null;
  return { pricesIncludeTax: row.prices_include_tax, defaultClass: row.default_tax_class, classes: row.classes ?? [] };
}

/** Adds a class or changes its rate. */
export async function putTaxClass(tx: Queryable, tenantId: string, code: string, rateBp: number): Promise<void> {
  await tx.query(
    'INSERT INTO tax_classes (tenant_id, code, rate_bp) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, code) DO UPDATE SET rate_bp = EXCLUDED.rate_bp',
    [tenantId, code, rateBp],
  );
}

/** false when the tenant does not exist. The default class must exist (checked by the caller and by 0013's key). */
export async function updateTenantTaxMode(tx: Queryable, tenantId: string, mode: { pricesIncludeTax?: boolean; defaultClass?: string }): Promise<boolean> {
  const r = await tx.query(
    'UPDATE tenants SET prices_include_tax = COALESCE($2, prices_include_tax), default_tax_class = COALESCE($3, default_tax_class) WHERE id = $1',
    [tenantId, mode.pricesIncludeTax ?? null, mode.defaultClass ?? null],
  );
  return r.rowCount === 1;
}

export async function tenantLegal(q: Queryable, tenantId: string): Promise<LegalIdentity | null> {
  const r = await q.query<LegalIdentity>('SELECT legal_name AS name, legal_address AS address, tax_number AS "taxNumber" FROM tenants WHERE id = $1', [tenantId]);
  return r.rows[0] ?? null;
}

export async function updateTenantLegal(tx: Queryable, tenantId: string, legal: LegalIdentity): Promise<boolean> {
  const r = await tx.query('UPDATE tenants SET legal_name = $2, legal_address = $3, tax_number = $4 WHERE id = $1', [
    tenantId,
    legal.name,
    legal.address,
    legal.taxNumber,
  ]);
  return r.rowCount === 1;
}
