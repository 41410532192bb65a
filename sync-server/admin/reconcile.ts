import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Db } from '../db/db';
import { writeAudit } from '../db/catalog-repo';
import { tryLockReconciliation } from '../db/locks';
import type { LevelDrift } from '../db/reconcile-repo';
import { checkLedger, insertRun, listTenantIds, nightlyRunRecorded } from '../db/reconcile-repo';
import { ACTOR, parseOrThrow, requireTenant } from './common';

// Reconciliation: every level of a tenant checked against the sum of its movements (all four quantities), each
// check recorded as a run with the levels that disagreed. Nothing is corrected here: a drift is named in the report
// and stays on record; a correction is a later, deliberate movement with cause kind 'reconciliation' and the run id.

export type ReconcileTrigger = 'nightly' | 'manual';

export interface ReconciliationReport {
  runId: string;
  tenantId: string;
  trigger: ReconcileTrigger;
  startedAt: string;
  finishedAt: string;
  levelsChecked: number;
  drifts: LevelDrift[];
}

export type ReconcileOutcome =
  | { status: 'done'; report: ReconciliationReport }
  /** another run of this tenant (another server process, the CLI) holds the lock: this one did nothing */
  | { status: 'busy'; tenantId: string }
  /** the nightly slot was already run and recorded by another server process */
  | { status: 'already_recorded'; tenantId: string };

export interface ReconcileOptions {
  trigger?: ReconcileTrigger;
  /** the nightly slot (required for a nightly run: one run per tenant and slot) */
  scheduledFor?: Date;
  /** who is recorded in the audit row */
  actor?: string;
}

/**
 * Checks one tenant, in one transaction under the tenant's reconciliation lock (pg_try_advisory_xact_lock: a
 * second run at the same time returns 'busy' at once instead of queuing a duplicate behind the first). The check
 * is one statement (sync-server/db/reconcile-repo.ts), and the run is recorded in the same transaction.
 */
export async function reconcileTenant(db: Db, tenantId: string, opts: ReconcileOptions = {}): Promise<ReconcileOutcome> {
  const id = parseOrThrow(z.uuid(), tenantId, 'tenant id');
  await requireTenant(db, id);
  const trigger = opts.trigger ?? 'manual';
  if (trigger === 'nightly' && opts.scheduledFor === undefined) throw new Error('a nightly reconciliation names its slot');
  const scheduledFor = trigger === 'nightly' ? (opts.scheduledFor ?? null) : null;
  return db.transaction(async (tx): Promise<ReconcileOutcome> => {
    if (!(await tryLockReconciliation(tx, id))) return { status: 'busy', tenantId: id };
    // Under the lock, a new statement sees every run committed before it: a process that woke for the same
    // slot after another finished it skips instead of running the night twice.
    if (scheduledFor !== null && (await nightlyRunRecorded(tx, id, scheduledFor))) return { status: 'already_recorded', tenantId: id };
    const check = await checkLedger(tx, id);
    const runId = uuidv7();
    const times = await insertRun(tx, { id: runId, tenantId: id, trigger, scheduledFor, levelsChecked: check.levelsChecked, drifts: check.drifts });
    await writeAudit(tx, id, opts.actor ?? ACTOR, 'reconcile.run', { runId, trigger, levelsChecked: check.levelsChecked, drifts: check.drifts.length });
    return { status: 'done', report: { runId, tenantId: id, trigger, ...times, levelsChecked: check.levelsChecked, drifts: check.drifts } };
  });
}

/** Every tenant in turn (the nightly job, the CLI without --tenant). */
export async function reconcileAllTenants(db: Db, opts: ReconcileOptions = {}): Promise<ReconcileOutcome[]> {
  const out: ReconcileOutcome[] = [];
  for (const tenantId of await listTenantIds(db)) out.push(await reconcileTenant(db, tenantId, opts));
  return out;
}

/** One line for people: how many levels were checked and what disagreed, so a clean run proves itself. */
export function summarizeReconciliation(outcome: ReconcileOutcome): string {
  if (outcome.status === 'busy') return `tenant ${outcome.tenantId}: another reconciliation is running; nothing checked`;
  if (outcome.status === 'already_recorded') return `tenant ${outcome.tenantId}: this night's reconciliation is already recorded`;
  const r = outcome.report;
  if (r.drifts.length === 0) return `tenant ${r.tenantId}: ${r.levelsChecked} levels checked against their movements, no drift (run ${r.runId})`;
  const missing = r.drifts.filter((d) => d.level === null).length;
  return (
    `tenant ${r.tenantId}: ${r.levelsChecked} levels checked, ${r.drifts.length} drift(s)` +
    (missing > 0 ? `, of which ${missing} with movements but no level row` : '') +
    ` (run ${r.runId}); nothing was corrected`
  );
}
