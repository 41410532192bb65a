import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import type { Role } from '../../shared/domain/schemas';
import { role as roleSchema, shortText } from '../../shared/domain/schemas';
import { hashPin } from '../auth';
import type { Db } from '../db/db';
import { findUser, insertUser, listLocations, writeAudit } from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import { assignUserToStores, storesOfUser, unassignUserFromStore } from '../db/user-stores-repo';
import { ACTOR, parseOrThrow, requireTenant } from './common';

// Users (cashiers, managers, head office), their PINs, and the stores each may log in at.

const pinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

/**
 * A cashier or manager may log in only at the stores listed in `stores` (more can be added with assignUser);
 * a head-office user may log in at every store and takes no list. Tills receive a user's PIN verifier only where
 * that user may log in (sync-server/db/pull-repo.ts changedUsers).
 */
export async function createUser(
  db: Db,
  input: { tenantId: string; name: string; role: string; pin: string; id?: string; stores?: readonly string[] },
  opts: { pinHash?: string } = {},
): Promise<{ userId: string; stores: string[] }> {
  const v = parseOrThrow(
    z.object({ tenantId: z.uuid(), name: shortText, role: roleSchema, pin: pinSchema, id: z.uuid().optional(), stores: z.array(z.uuid()).default([]) }),
    input,
    'user',
  );
  await requireTenant(db, v.tenantId);
  const stores = [...new Set(v.stores)];
  if (v.role === 'head_office' && stores.length > 0) {
    throw new DomainError('INVALID_INPUT', 'a head-office user may log in at every store; do not assign stores', { stores });
  }
  await requireStores(db, v.tenantId, stores);
  const userId = v.id ?? uuidv7();
  const pinHash = opts.pinHash ?? (await hashPin(v.pin));
  await withTenantWrite(db, v.tenantId, async (tx) => {
    await insertUser(tx, v.tenantId, { id: userId, name: v.name, role: v.role as Role, pinHash, active: true });
    await assignUserToStores(tx, v.tenantId, userId, stores);
    await writeAudit(tx, v.tenantId, ACTOR, 'user.create', { userId, name: v.name, role: v.role, stores });
  });
  return { userId, stores };
}

async function requireStores(db: Db, tenantId: string, storeIds: readonly string[]): Promise<void> {
  const stores = new Set((await listLocations(db, tenantId)).filter((l) => l.kind === 'store').map((l) => l.id));
  const unknown = storeIds.filter((s) => !stores.has(s));
  if (unknown.length > 0) throw new DomainError('NOT_FOUND', `no store ${unknown.join(', ')} in tenant ${tenantId}`, { stores: unknown });
}

/** Lets a cashier or manager log in at one more store; the store's tills receive the user at their next pull. */
export async function assignUser(db: Db, input: { tenantId: string; userId: string; storeId: string }): Promise<{ stores: string[] }> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), userId: z.uuid(), storeId: z.uuid() }), input, 'assignment');
  const user = await findUser(db, v.tenantId, v.userId);
  if (user === null) throw new DomainError('NOT_FOUND', `no user ${v.userId} in tenant ${v.tenantId}`);
  if (user.role === 'head_office') throw new DomainError('INVALID_INPUT', 'a head-office user may already log in at every store');
  await requireStores(db, v.tenantId, [v.storeId]);
  await withTenantWrite(db, v.tenantId, async (tx) => {
    await assignUserToStores(tx, v.tenantId, v.userId, [v.storeId]);
    await writeAudit(tx, v.tenantId, ACTOR, 'user.assign', { userId: v.userId, storeId: v.storeId });
  });
  return { stores: await storesOfUser(db, v.tenantId, v.userId) };
}

/** The user may no longer log in at that store; its tills drop the user (and its PIN verifier) at their next pull. */
export async function unassignUser(db: Db, input: { tenantId: string; userId: string; storeId: string }): Promise<{ stores: string[] }> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), userId: z.uuid(), storeId: z.uuid() }), input, 'assignment');
  await withTenantWrite(db, v.tenantId, async (tx) => {
    if (!(await unassignUserFromStore(tx, v.tenantId, v.userId, v.storeId))) {
      throw new DomainError('NOT_FOUND', `user ${v.userId} is not assigned to store ${v.storeId}`);
    }
    await writeAudit(tx, v.tenantId, ACTOR, 'user.unassign', { userId: v.userId, storeId: v.storeId });
  });
  return { stores: await storesOfUser(db, v.tenantId, v.userId) };
}
