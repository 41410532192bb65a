import type { Queryable } from './db';

/**
 * Reconciliation (issue 10 item 8): every level of a tenant against the sum of its movements, over all four
 * quantities, and the record of each check. A drift is only ever reported here; a correction would be a new
 * movement with cause kind 'reconciliation' naming the run (shared/domain/movement-cause.ts), never an edit.
 */

export interface Quantities {
  onHand: number;
  reserved: number;
  inTransit: number;
  quarantined: number;
}

export interface LevelDrift {
  locationId: string;
  productId: string;
  /** the level row's four quantities; null when movements exist for a location and product with no level row */
  level: Quantities | null;
  /** the sums of its movements' four deltas (all 0 for a level without movements) */
  ledger: Quantities;
}

export interface LedgerCheck {
  /** level rows compared with their movements */
  levelsChecked: number;
  drifts: LevelDrift[];
}

type DriftTuple = [string, string, number | null, number | null, number | null, number | null, string, string, string, string];

/**
 * One statement, so one snapshot: a level and its movements are always written in the same transaction, so within
 * a snapshot they agree unless something wrote one behind the other's back, which is what this finds.
 *
 * The movements' sums are one ordered pass over movements_level_sums (migration 0008: the level key with the four
 * deltas included), an index-only scan feeding a streaming GroupAggregate: its memory does not grow with the number
 * of levels, where a hash aggregate over the heap needs ~135 MB for 250,000 levels or spills to disk (3.3-3.9 s
 * against 1.9 s on 5,000,000 movements, EXPLAIN ANALYZE, this 2-core machine). The FULL JOIN keeps both kinds of
 * drift: a level that differs from its sums, and movements with no level row at all (level side NULL).
 *
 * The sums are numeric (sum of bigint) and come back as text: a broken ledger may sum beyond 2^53.
 */
export async function checkLedger(q: Queryable, tenantId: string): Promise<LedgerCheck> {
  const r = await q.query<{ levels_checked: number | string; drifts: DriftTuple[] | null }>(
    `SELECT count(l.product_id) AS levels_checked,
            json_agg(json_build_array(COALESCE(l.location_id, s.location_id), COALESCE(l.product_id, s.product_id),
                                      l.on_hand, l.reserved, l.in_transit, l.quarantined,
                                      COALESCE(s.on_hand, 0)::text, COALESCE(s.reserved, 0)::text,
                                      COALESCE(s.in_transit, 0)::text, COALESCE(s.quarantined, 0)::text)
                     ORDER BY COALESCE(l.location_id, s.location_id), COALESCE(l.product_id, s.product_id))
              FILTER (WHERE l.product_id IS NULL
                         OR l.on_hand <> COALESCE(s.on_hand, 0) OR l.reserved <> COALESCE(s.reserved, 0)
                         OR l.in_transit <> COALESCE(s.in_transit, 0) OR l.quarantined <> COALESCE(s.quarantined, 0)) AS drifts
       FROM (SELECT location_id, product_id, on_hand, reserved, in_transit, quarantined
               FROM levels WHERE tenant_id = $1) l
       FULL JOIN (SELECT location_id, product_id, sum(d_on_hand) AS on_hand, sum(d_reserved) AS reserved,
                         sum(d_in_transit) AS in_transit, sum(d_quarantined) AS quarantined
                    FROM movements WHERE tenant_id = $1
                   GROUP BY location_id, product_id) s
         ON s.location_id = l.location_id AND s.product_id = l.product_id`,
    [tenantId],
  );
  const row = r.rows[0];
  return {
    levelsChecked: Number(row?.levels_checked ?? 0),
    drifts: (row?.drifts ?? []).map(([locationId, productId, onHand, reserved, inTransit, quarantined, sOnHand, sReserved, sInTransit, sQuarantined]) => ({
      locationId,
      productId,
      level: onHand === null ? null : { onHand, reserved: Number(reserved), inTransit: Number(inTransit), quarantined: Number(quarantined) },
      ledger: { onHand: Number(sOnHand), reserved: Number(sReserved), inTransit: Number(sInTransit), quarantined: Number(sQuarantined) },
    })),
  };
}

export interface RunRecord {
  id: string;
  tenantId: string;
  trigger: 'nightly' | 'manual';
  /** the nightly slot the run was for; null for a manual run */
  scheduledFor: Date | null;
  levelsChecked: number;
  drifts: readonly LevelDrift[];
}

/**
 * Records a finished run and its drifts, in the caller's transaction (the one that checked). started_at is the
 * transaction's start, finished_at the clock now. Returns both.
 */
export async function insertRun(tx: Queryable, run: RunRecord): Promise<{ startedAt: string; finishedAt: string }> {
  const r = await tx.query<{ started_at: Date | string; finished_at: Date | string }>(
    `INSERT INTO reconciliation_runs (id, tenant_id, started_at, finished_at, levels_checked, drifts, trigger, scheduled_for)
     VALUES ($1, $2, now(), clock_timestamp(), $3, $4, $5, $6)
     RETURNING started_at, finished_at`,
    [run.id, run.tenantId, run.levelsChecked, run.drifts.length, run.trigger, run.scheduledFor],
  );
  if (run.drifts.length > 0) {
    const d = run.drifts;
    await tx.query(
      `INSERT INTO reconciliation_drifts (run_id, location_id, product_id, level_on_hand, level_reserved, level_in_transit, level_quarantined,
                                          ledger_on_hand, ledger_reserved, ledger_in_transit, ledger_quarantined)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
                                $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])`,
      [
        run.id,
        d.map((x) => x.locationId),
        d.map((x) => x.productId),
        d.map((x) => x.level?.onHand ?? null),
        d.map((x) => x.level?.reserved ?? null),
        d.map((x) => x.level?.inTransit ?? null),
        d.map((x) => x.level?.quarantined ?? null),
        d.map((x) => x.ledger.onHand),
        d.map((x) => x.ledger.reserved),
        d.map((x) => x.ledger.inTransit),
        d.map((x) => x.ledger.quarantined),
      ],
    );
  }
  const row = r.rows[0];
  if (row === undefined) throw new Error('reconciliation run was not recorded');
  return { startedAt: new Date(row.started_at).toISOString(), finishedAt: new Date(row.finished_at).toISOString() };
}

/** Whether a nightly run for this slot is already recorded (by this process or another). */
export async function nightlyRunRecorded(q: Queryable, tenantId: string, slot: Date): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM reconciliation_runs WHERE tenant_id = $1 AND trigger = 'nightly' AND scheduled_for = $2`, [tenantId, slot]);
  return r.rowCount > 0;
}

/** Every tenant, for the nightly job. */
export async function listTenantIds(q: Queryable): Promise<string[]> {
  const r = await q.query<{ id: string }>('SELECT id FROM tenants ORDER BY id');
  return r.rows.map((row) => row.id);
}
