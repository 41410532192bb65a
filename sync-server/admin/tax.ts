import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { legalIdentitySchema, rateBp, taxClassCode, type LegalIdentity, type TaxSettings } from '../../shared/domain/tax';
import type { Db } from '../db/db';
import { writeAudit } from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import { putTaxClass, tenantLegal, tenantTax, updateTenantLegal, updateTenantTaxMode } from '../db/tax-repo';
import { ACTOR, parseOrThrow, requireTenant } from './common';

// Head office's VAT settings (issue 11): tax classes and their rates, whether prices include tax, the tenant's
// legal identity. Every till receives them in its next pull.

export async function setTaxClass(db: Db, input: { tenantId: string; code: string; rateBp: number }): Promise<void> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), code: taxClassCode, rateBp }), input, 'tax class');
  await requireTenant(db, v.tenantId);
  await withTenantWrite(db, v.tenantId, async (tx) => {
    await putTaxClass(tx, v.tenantId, v.code, v.rateBp);
    await writeAudit(tx, v.tenantId, ACTOR, 'tax.class', { code: v.code, rateBp: v.rateBp });
  });
}

export async function setTaxMode(db: Db, input: { tenantId: string; pricesIncludeTax?: boolean; defaultClass?: string }): Promise<void> {
  const v = parseOrThrow(
    z.object({ tenantId: z.uuid(), pricesIncludeTax: z.boolean().optional(), defaultClass: taxClassCode.optional() }),
    input,
    'tax settings',
  );
  await withTenantWrite(db, v.tenantId, async (tx) => {
    const tax = await tenantTax(tx, v.tenantId);
    if (tax === null) throw new DomainError('NOT_FOUND', `no tenant ${v.tenantId}`);
    if (v.defaultClass !== undefined && !tax.classes.some((c) => c.code === v.defaultClass)) {
      throw new DomainError('INVALID_INPUT', `unknown tax class "${v.defaultClass}": the tenant's classes are ${tax.classes.map((c) => c.code).join(', ')}`, {
        taxClass: v.defaultClass,
      });
    }
    await updateTenantTaxMode(tx, v.tenantId, v);
    await writeAudit(tx, v.tenantId, ACTOR, 'tax.mode', { pricesIncludeTax: v.pricesIncludeTax ?? null, defaultClass: v.defaultClass ?? null });
  });
}

export async function getTax(db: Db, tenantId: string): Promise<TaxSettings & { legal: LegalIdentity }> {
  const tax = await tenantTax(db, tenantId);
  const legal = await tenantLegal(db, tenantId);
  if (tax === null || legal === null) throw new DomainError('NOT_FOUND', `no tenant ${tenantId}`);
  return { ...tax, legal };
}

/** Sets the tenant's legal identity; a part left out is cleared (an empty text too), so the receipt stops showing it. */
export async function setLegalIdentity(db: Db, input: { tenantId: string; name?: string | null; address?: string | null; taxNumber?: string | null }): Promise<void> {
  const blankToNull = (s: string | null | undefined): string | null => (s === undefined || s === null || s.trim() === '' ? null : s);
  const legal = parseOrThrow(
    legalIdentitySchema,
    { name: blankToNull(input.name), address: blankToNull(input.address), taxNumber: blankToNull(input.taxNumber) },
    'legal identity',
  );
  const tenantId = parseOrThrow(z.uuid(), input.tenantId, 'tenant id');
  await withTenantWrite(db, tenantId, async (tx) => {
    if (!(await updateTenantLegal(tx, tenantId, legal))) throw new DomainError('NOT_FOUND', `no tenant ${tenantId}`);
    await writeAudit(tx, tenantId, ACTOR, 'tenant.legal', legal);
  });
}
