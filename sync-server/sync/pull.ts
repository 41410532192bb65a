import { DomainError } from '../../shared/domain/errors';
import { tenantPolicySchema } from '../../shared/policy/conflict-policy';
import type { PullResponse } from '../../shared/sync/protocol';
import type { Db } from '../db/db';
import { findTenant, listLocations } from '../db/catalog-repo';
import { tenantHighWaterMark } from '../db/locks';
import { changedConflicts, changedLevels, changedOpResults, changedProducts, changedUsers } from '../db/pull-repo';
import type { TillIdentity } from './push';

/**
 * Everything the till needs that changed after its cursor. The high-water mark is read under the tenant's
 * exclusive pull barrier (db/locks.ts), so no change at or below it can still be in flight: the cursor never
 * skips a row that commits late.
 */
export async function pull(db: Db, till: TillIdentity, since: number): Promise<PullResponse> {
  const upTo = await db.transaction((tx) => tenantHighWaterMark(tx, till.tenantId));
  const w = { since, upTo };
  const tenant = await findTenant(db, till.tenantId);
  if (tenant === null) throw new DomainError('UNAUTHENTICATED', 'this till belongs to no tenant');
  const locations = await listLocations(db, till.tenantId);
  const store = locations.find((l) => l.id === till.storeId);
  if (store === undefined) throw new DomainError('NOT_FOUND', 'the till’s store no longer exists');
  const [products, users, levels, opResults, conflicts] = await Promise.all([
    changedProducts(db, till.tenantId, w),
    changedUsers(db, till.tenantId, w),
    changedLevels(db, till.tenantId, till.storeId, w),
    changedOpResults(db, till.tenantId, till.terminalId, w),
    changedConflicts(db, till.tenantId, till.storeId, w),
  ]);
  return {
    cursor: String(upTo),
    tenant: { id: tenant.id, name: tenant.name, currency: tenant.currency as PullResponse['tenant']['currency'], policy: tenantPolicySchema.parse(tenant.policy) },
    till: { id: till.terminalId, name: till.name },
    store: { id: store.id, name: store.name },
    locations,
    products,
    users,
    levels,
    opResults,
    conflicts,
  };
}
