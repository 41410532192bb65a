import type { Db, Queryable } from './db';

/**
 * Advisory lock namespaces (the first key of the two-key form). hashtext() collisions only cost extra waiting.
 *
 * TENANT_CHANGES is the pull barrier: every transaction that stamps rows from change_seq holds it SHARED for
 * its whole life (writers do not block each other), and a pull takes it EXCLUSIVE for an instant to read a
 * high-water mark. While the pull holds it no writer of the tenant is in flight, so every stamp at or below
 * the mark is committed, and writers that start afterwards draw larger stamps.
 */
const TENANT_CHANGES = 7420;
const TILL_PUSH = 7421;
const TENANT_RECONCILE = 7422;
const PO_NUMBERS = 7423;
const REORDER_DECISION = 7424;
const REPLENISHMENT_DRAFT = 7425;

/** Serializes the pushes of one till (another server process or a retry racing the first attempt). */
export async function lockTill(tx: Queryable, tenantId: string, terminalId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [TILL_PUSH, `${tenantId}/${terminalId}`]);
}

/**
 * One reconciliation of a tenant at a time, across server processes and the CLI: taken for the run's
 * transaction, without waiting. false = another run of this tenant holds it.
 */
export async function tryLockReconciliation(tx: Queryable, tenantId: string): Promise<boolean> {
  const r = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [TENANT_RECONCILE, tenantId]);
  return r.rows[0]?.locked === true;
}

/** The tenant's next PO number is taken by one transaction at a time (writers otherwise run side by side). */
export async function lockPoNumbers(tx: Queryable, tenantId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PO_NUMBERS, tenantId]);
}

/**
 * Serializes the reorder decision for one product at one location across transactions and server processes: two
 * pushes that both take the shelf under its reorder point decide one after the other, and the second sees the
 * first's draft (sync/replenish.ts).
 */
export async function lockReorderDecision(tx: Queryable, tenantId: string, locationId: string, productId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REORDER_DECISION, `${tenantId}/${locationId}/${productId}`]);
}

/** One supplier's replenishment draft for one location is found or made by one transaction at a time. */
export async function lockReplenishmentDraft(tx: Queryable, tenantId: string, locationId: string, supplierId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REPLENISHMENT_DRAFT, `${tenantId}/${locationId}/${supplierId}`]);
}

/** Must be taken before the first change_seq stamp of a transaction that writes tenant data. */
export async function enterTenantWrite(tx: Queryable, tenantId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock_shared($1, hashtext($2))', [TENANT_CHANGES, tenantId]);
}

/** The pull's high-water mark: every change of the tenant stamped at or below it is committed. */
export async function tenantHighWaterMark(tx: Queryable, tenantId: string): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [TENANT_CHANGES, tenantId]);
  const r = await tx.query<{ hwm: number }>("SELECT nextval('change_seq') AS hwm");
  return Number(r.rows[0]?.hwm ?? 0);
}

/** One transaction that writes tenant data, inside the pull barrier. */
export function withTenantWrite<T>(db: Db, tenantId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await enterTenantWrite(tx, tenantId);
    return fn(tx);
  });
}
