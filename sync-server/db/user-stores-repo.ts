import type { Queryable } from './db';

/**
 * Which users may log in at which store (migration 0005). Head-office users may log in anywhere and have no rows
 * here; cashiers and managers only where a row says `assigned`. Rows are never deleted: unassigning flips the flag
 * and stamps a new change, which is how the store's tills learn to drop the user (pull-repo changedUsers).
 * Callers run these inside withTenantWrite() so the pull barrier sees the stamps.
 */
export async function assignUserToStores(tx: Queryable, tenantId: string, userId: string, storeIds: readonly string[]): Promise<number> {
  if (storeIds.length === 0) return 0;
  const r = await tx.query(
    `INSERT INTO user_stores (tenant_id, user_id, store_id)
     SELECT $1, $2, s FROM unnest($3::uuid[]) AS s
     ON CONFLICT (tenant_id, store_id, user_id) DO UPDATE SET assigned = true, chg = nextval('change_seq')
      WHERE NOT user_stores.assigned`,
    [tenantId, userId, [...storeIds]],
  );
  return r.rowCount;
}

/** Returns false when the user was not assigned to that store. */
export async function unassignUserFromStore(tx: Queryable, tenantId: string, userId: string, storeId: string): Promise<boolean> {
  const r = await tx.query(
    "UPDATE user_stores SET assigned = false, chg = nextval('change_seq') WHERE tenant_id = $1 AND store_id = $2 AND user_id = $3 AND assigned",
    [tenantId, storeId, userId],
  );
  return r.rowCount === 1;
}

export async function storesOfUser(q: Queryable, tenantId: string, userId: string): Promise<string[]> {
  const r = await q.query<{ store_id: string }>(
    'SELECT store_id FROM user_stores WHERE tenant_id = $1 AND user_id = $2 AND assigned ORDER BY store_id',
    [tenantId, userId],
  );
  return r.rows.map((row) => row.store_id);
}
