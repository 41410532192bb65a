import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { currency as currencySchema, shortText, LOCATION_KINDS } from '../../shared/domain/schemas';
import { DEFAULT_POLICY, tenantPolicySchema } from '../../shared/policy/conflict-policy';
import type { TenantPolicy } from '../../shared/policy/conflict-policy';
import type { Db } from '../db/db';
import { insertLocation, insertTenant, updateTenantPolicy, writeAudit } from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import { ACTOR, parseOrThrow, requireTenant } from './common';

// Tenants, their conflict policy, and their locations (stores and warehouses).

export async function createTenant(db: Db, input: { name: string; currency: string; policy?: TenantPolicy; id?: string }): Promise<{ tenantId: string }> {
  const v = parseOrThrow(
    z.object({ name: shortText, currency: currencySchema, policy: tenantPolicySchema.default(DEFAULT_POLICY), id: z.uuid().optional() }),
    input,
    'tenant',
  );
  const tenantId = v.id ?? uuidv7();
  await withTenantWrite(db, tenantId, async (tx) => {
    await insertTenant(tx, { id: tenantId, name: v.name, currency: v.currency, policy: v.policy });
    await writeAudit(tx, tenantId, ACTOR, 'tenant.create', { name: v.name });
  });
  return { tenantId };
}

export async function setTenantPolicy(db: Db, tenantId: string, policy: TenantPolicy): Promise<void> {
  const p = parseOrThrow(tenantPolicySchema, policy, 'policy');
  await withTenantWrite(db, tenantId, async (tx) => {
    if (!(await updateTenantPolicy(tx, tenantId, p))) throw new DomainError('NOT_FOUND', `no tenant ${tenantId}`);
    await writeAudit(tx, tenantId, ACTOR, 'tenant.policy', p);
  });
}

export async function createLocation(db: Db, input: { tenantId: string; name: string; kind: string; id?: string }): Promise<{ locationId: string }> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), name: shortText, kind: z.enum(LOCATION_KINDS), id: z.uuid().optional() }), input, 'location');
  await requireTenant(db, v.tenantId);
  const locationId = v.id ?? uuidv7();
  await withTenantWrite(db, v.tenantId, async (tx) => {
    await insertLocation(tx, v.tenantId, { id: locationId, name: v.name, kind: v.kind });
    await writeAudit(tx, v.tenantId, ACTOR, 'location.create', { locationId, name: v.name, kind: v.kind });
  });
  return { locationId };
}
