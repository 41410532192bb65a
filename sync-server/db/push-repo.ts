import type { Queryable } from './db';
import { LEVEL_FIELDS } from '../../shared/domain/movement';
import { LEVEL_BATCH_COLUMNS, LEVEL_COLUMN, levelBatchClauses, levelBatchRow } from '../../shared/domain/level-sql';
import type { Milli } from '../../shared/domain/quantity';
import type { OpResult } from '../../shared/sync/protocol';
import type { CountPosition } from '../../shared/sync/stocktake';
import type { LevelKey, LockedLevel, PlannedConflict, PlannedLevel, PlannedMovement, PlannedOp } from '../sync/plan';
import { eachLevel } from '../sync/plan';

/** The SQL of replaying a push chunk: reads under lock, then set-based writes of the plan. */

export interface TerminalSeq {
  lastSeq: number;
  revoked: boolean;
  /** trusted time of the till's latest op, null before its first */
  lastOrderedAt: Date | null;
  enrolledAt: Date;
}

export async function readTerminalSeq(tx: Queryable, tenantId: string, terminalId: string): Promise<TerminalSeq | null> {
  const r = await tx.query<{ last_seq: number; revoked: boolean; last_ordered_at: Date | null; created_at: Date }>(
    'SELECT last_seq, revoked, last_ordered_at, created_at FROM terminals WHERE tenant_id = $1 AND id = $2',
    [tenantId, terminalId],
  );
  const row = r.rows[0];
  return row === undefined
    ? null
    : { lastSeq: Number(row.last_seq), revoked: row.revoked, lastOrderedAt: toDate(row.last_ordered_at), enrolledAt: toDate(row.created_at) ?? new Date(0) };
}

function toDate(v: Date | string | null): Date | null {
  return v === null ? null : v instanceof Date ? v : new Date(v);
}

export interface StoredOp {
  seq: number;
  opId: string;
  result: OpResult;
  /** null for ops recorded before fingerprints: `legacyBody` is then the op as sent */
  contentHash: string | null;
  legacyBody: unknown;
}

export async function storedOps(tx: Queryable, tenantId: string, terminalId: string, fromSeq: number, toSeq: number): Promise<StoredOp[]> {
  const r = await tx.query<{ seq: number; op_id: string; result: OpResult; content_hash: string | null; legacy_body: unknown }>(
    `SELECT seq, op_id, result, content_hash, CASE WHEN content_hash IS NULL THEN body END AS legacy_body
       FROM applied_ops WHERE tenant_id = $1 AND terminal_id = $2 AND seq BETWEEN $3 AND $4 ORDER BY seq`,
    [tenantId, terminalId, fromSeq, toSeq],
  );
  return r.rows.map((row) => ({ seq: Number(row.seq), opId: row.op_id, result: row.result, contentHash: row.content_hash, legacyBody: row.legacy_body }));
}

/** Trusted times of some of a till's stored ops (those recorded before trusted times: the till's claim). */
export async function orderedTimesOf(tx: Queryable, tenantId: string, terminalId: string, seqs: readonly number[]): Promise<Map<number, Date>> {
  if (seqs.length === 0) return new Map();
  const r = await tx.query<{ seq: number; at: Date }>(
    'SELECT seq, COALESCE(ordered_at, occurred_at) AS at FROM applied_ops WHERE tenant_id = $1 AND terminal_id = $2 AND seq = ANY($3::bigint[])',
    [tenantId, terminalId, [...new Set(seqs)]],
  );
  return new Map(r.rows.map((row) => [Number(row.seq), toDate(row.at) ?? new Date(0)]));
}

/** Where an op id was already recorded (possibly by another till: a copied outbox). */
export async function findOpIds(tx: Queryable, opIds: readonly string[]): Promise<Map<string, { tenantId: string; terminalId: string; seq: number }>> {
  if (opIds.length === 0) return new Map();
  const r = await tx.query<{ op_id: string; tenant_id: string; terminal_id: string; seq: number }>(
    'SELECT op_id, tenant_id, terminal_id, seq FROM applied_ops WHERE op_id = ANY($1::uuid[])',
    [[...opIds]],
  );
  return new Map(r.rows.map((row) => [row.op_id, { tenantId: row.tenant_id, terminalId: row.terminal_id, seq: Number(row.seq) }]));
}

/** The tenant's products among these ids, deleted ones included (a sale of a deleted product still happened). */
export async function tenantProducts(tx: Queryable, tenantId: string, productIds: readonly string[]): Promise<{ known: Set<string>; deleted: Set<string> }> {
  if (productIds.length === 0) return { known: new Set(), deleted: new Set() };
  const r = await tx.query<{ id: string; deleted: boolean }>('SELECT id, deleted_at IS NOT NULL AS deleted FROM products WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [
    tenantId,
    [...productIds],
  ]);
  return { known: new Set(r.rows.map((row) => row.id)), deleted: new Set(r.rows.filter((row) => row.deleted).map((row) => row.id)) };
}

/** Documents already applied, by `${kind}/${id}`, with the payload of the op that applied them. */
export async function existingDocuments(tx: Queryable, tenantId: string, docs: ReadonlyArray<{ kind: string; id: string }>): Promise<Map<string, unknown>> {
  if (docs.length === 0) return new Map();
  const r = await tx.query<{ kind: string; document_id: string; payload: unknown }>(
    `SELECT a.document_kind AS kind, a.document_id, a.body -> 'payload' AS payload FROM applied_ops a
       JOIN jsonb_to_recordset($2::jsonb) AS q(kind text, id uuid) ON a.document_kind = q.kind AND a.document_id = q.id
      WHERE a.tenant_id = $1`,
    [tenantId, JSON.stringify(docs)],
  );
  return new Map(r.rows.map((row) => [`${row.kind}/${row.document_id}`, row.payload]));
}

/** The level keys of some products at one location (lockLevels() input). */
export function levelKeysAt(locationId: string, productIds: Iterable<string>): LevelKey[] {
  return [...productIds].map((productId) => ({ locationId, productId }));
}

function compareKeys(a: LevelKey, b: LevelKey): number {
  // uuid text in lower case sorts as PostgreSQL sorts uuids (byte order), so the locks follow this order.
  return a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}

/**
 * Creates missing level rows and locks all of them, always in (location, product) order, whichever locations a
 * chunk touches (its till's store, the other end of a transfer), so that concurrent chunks touching overlapping
 * levels queue instead of deadlocking.
 */
export async function lockLevels(tx: Queryable, tenantId: string, keys: readonly LevelKey[]): Promise<Map<string, Map<string, LockedLevel>>> {
  const sorted = [...keys].sort(compareKeys).filter((k, i, all) => i === 0 || compareKeys(all[i - 1] as LevelKey, k) !== 0);
  if (sorted.length === 0) return new Map();
  const locked = await selectForUpdate(tx, tenantId, sorted);
  let found = 0;
  for (const at of locked.values()) found += at.size;
  if (found === sorted.length) return locked;
  // First movement of a product at a location: create its level rows (sorted, like the locks), then lock them too.
  const missing = sorted.filter((k) => locked.get(k.locationId)?.has(k.productId) !== true);
  await tx.query(
    `INSERT INTO levels (tenant_id, location_id, product_id)
     SELECT $1, k.location_id, k.product_id FROM unnest($2::uuid[], $3::uuid[]) AS k(location_id, product_id) ORDER BY 2, 3
     ON CONFLICT (tenant_id, location_id, product_id) DO NOTHING`,
    [tenantId, missing.map((k) => k.locationId), missing.map((k) => k.productId)],
  );
  for (const [locationId, at] of await selectForUpdate(tx, tenantId, missing)) {
    const into = locked.get(locationId);
    if (into === undefined) locked.set(locationId, at);
    else for (const [p, l] of at) into.set(p, l);
  }
  return locked;
}

async function selectForUpdate(tx: Queryable, tenantId: string, sorted: readonly LevelKey[]): Promise<Map<string, Map<string, LockedLevel>>> {
  type Row = { location_id: string; product_id: string; on_hand: number; reserved: number; in_transit: number; quarantined: number; counted_at: Date | null; counted_by: string | null };
  const first = sorted[0];
  // A chunk of one location (every chunk without a transfer) reads its rows by the key prefix as before.
  const oneLocation = first !== undefined && sorted.every((k) => k.locationId === first.locationId);
  const r = oneLocation
    ? await tx.query<Row>(
        `SELECT location_id, product_id, on_hand, reserved, in_transit, quarantined, counted_at, counted_by FROM levels
          WHERE tenant_id = $1 AND location_id = $2 AND product_id = ANY($3::uuid[])
          ORDER BY product_id FOR UPDATE`,
        [tenantId, first.locationId, sorted.map((k) => k.productId)],
      )
    : await tx.query<Row>(
        `SELECT l.location_id, l.product_id, l.on_hand, l.reserved, l.in_transit, l.quarantined, l.counted_at, l.counted_by
           FROM unnest($2::uuid[], $3::uuid[]) AS k(location_id, product_id)
           JOIN levels l ON l.tenant_id = $1 AND l.location_id = k.location_id AND l.product_id = k.product_id
          ORDER BY l.location_id, l.product_id FOR UPDATE OF l`,
        [tenantId, sorted.map((k) => k.locationId), sorted.map((k) => k.productId)],
      );
  const out = new Map<string, Map<string, LockedLevel>>();
  for (const row of r.rows) {
    let at = out.get(row.location_id);
    if (at === undefined) {
      at = new Map();
      out.set(row.location_id, at);
    }
    at.set(row.product_id, { onHand: row.on_hand, reserved: row.reserved, inTransit: row.in_transit, quarantined: row.quarantined, countedAt: row.counted_at, countedBy: row.counted_by });
  }
  return out;
}

/**
 * Net on-hand effect, per (product, count) asked about, of the stored movements at the till's store that moved
 * after the count's snapshot: the SQL form of movedAfterCount() (shared/sync/stocktake.ts). The counting till's
 * own movements are decided by the seq of the op that wrote them, the others by whether the till had pulled them
 * (change stamp at or below its cursor) and else by trusted time.
 */
export async function storedEffectsAfter(
  tx: Queryable,
  tenantId: string,
  storeId: string,
  asks: ReadonlyArray<{ productId: string; count: CountPosition }>,
): Promise<Map<string, Milli>> {
  if (asks.length === 0) return new Map();
  const r = await tx.query<{ key: string; effect: number }>(
    `SELECT q.key, COALESCE(e.effect, 0)::bigint AS effect
       FROM jsonb_to_recordset($3::jsonb) AS q(key text, product_id uuid, terminal_id uuid, till_seq bigint, cursor bigint, at_text text)
       LEFT JOIN LATERAL (
         SELECT SUM(m.d_on_hand) AS effect
           FROM movements m LEFT JOIN applied_ops a ON a.op_id = m.op_id AND a.terminal_id = m.terminal_id
          WHERE m.tenant_id = $1 AND m.location_id = $2 AND m.product_id = q.product_id
            AND CASE WHEN m.terminal_id = q.terminal_id AND a.seq IS NOT NULL THEN a.seq > q.till_seq
                     ELSE NOT (q.cursor IS NOT NULL AND m.chg IS NOT NULL AND m.chg <= q.cursor) AND m.occurred_at > q.at_text::timestamptz END
       ) e ON true`,
    [
      tenantId,
      storeId,
      JSON.stringify(
        asks.map((a) => ({
          key: countKey(a.productId, a.count),
          product_id: a.productId,
          terminal_id: a.count.terminalId,
          till_seq: a.count.tillSeq,
          cursor: a.count.cursor,
          at_text: a.count.countedAt.toISOString(),
        })),
      ),
    ],
  );
  return new Map(r.rows.map((row) => [row.key, Number(row.effect)]));
}

export function countKey(productId: string, count: CountPosition): string {
  return `${productId}@${count.terminalId}/${count.tillSeq}/${count.cursor ?? '-'}/${count.countedAt.toISOString()}`;
}

export async function insertAppliedOps(tx: Queryable, tenantId: string, terminalId: string, ops: readonly PlannedOp[]): Promise<void> {
  if (ops.length === 0) return;
  const rows = ops.map((o) => ({
    seq: o.raw.seq,
    op_id: o.raw.id,
    type: o.raw.type,
    schema_version: o.raw.schemaVersion,
    user_id: o.raw.userId,
    occurred_at: o.raw.occurredAt,
    ordered_at: o.orderedAt.toISOString(),
    content_hash: o.contentHash,
    received_at: o.result.receivedAt,
    clock_skew: o.result.clockSkew,
    status: o.result.status,
    body: o.raw,
    result: o.result,
    document_kind: o.document?.kind ?? null,
    document_id: o.document?.id ?? null,
  }));
  await tx.query(
    `INSERT INTO applied_ops (tenant_id, terminal_id, seq, op_id, type, schema_version, user_id, occurred_at, ordered_at,
                              content_hash, received_at, clock_skew, status, body, result, document_kind, document_id, chg)
     SELECT $1, $2, r.seq, r.op_id, r.type, r.schema_version, r.user_id, r.occurred_at, r.ordered_at, r.content_hash,
            r.received_at, r.clock_skew, r.status, r.body, r.result, r.document_kind, r.document_id, nextval('change_seq')
       FROM json_to_recordset($3::json) AS r(seq bigint, op_id uuid, type text, schema_version integer, user_id uuid,
            occurred_at timestamptz, ordered_at timestamptz, content_hash text, received_at timestamptz, clock_skew boolean,
            status text, body json, result json, document_kind text, document_id uuid)
      ORDER BY r.seq`,
    [tenantId, terminalId, JSON.stringify(rows)],
  );
}

/**
 * Writes a plan's ledger (a LevelBook's levels and movements) in two set-based statements, levels first: the
 * movements' change stamp is then above their levels' stamps, so a till whose (page) cursor reaches a movement's
 * stamp has also received the level it moved (a count's snapshot relies on it). Each movement and level names its
 * own location (the till's store, or the other end of a transfer); the statements are the same whatever the mix.
 * The one path by which the server writes stock: replay, opening stock (catalog-repo.ts) and head office's
 * transfer actions (admin/transfers.ts). `terminalId` is the till whose ops wrote them, if any.
 */
export async function writeLedger(
  tx: Queryable,
  tenantId: string,
  terminalId: string | null,
  ledger: { levels: ReadonlyMap<string, ReadonlyMap<string, PlannedLevel>>; movements: readonly PlannedMovement[] },
): Promise<void> {
  await applyLevelChanges(tx, tenantId, ledger.levels);
  await insertMovements(tx, tenantId, terminalId, ledger.movements);
}

/** The deltas beyond on hand, by column; a zero one is left out of the row and read back as 0. */
const OTHER_DELTAS = LEVEL_FIELDS.filter((f) => f !== 'onHand').map((f) => [f, `d_${LEVEL_COLUMN[f]}`] as const);

export async function insertMovements(tx: Queryable, tenantId: string, terminalId: string | null, movements: readonly PlannedMovement[]): Promise<void> {
  if (movements.length === 0) return;
  // Most of a chunk's movements are at the till's store: that location is bound once, and a row names its own
  // only when it is elsewhere (the other end of a transfer), so the common row is no longer than before.
  const usual = movements[0]?.locationId as string;
  const rows = movements.map((m) => {
    const mv = m.movement;
    const row: Record<string, unknown> = {
      product_id: m.productId,
      kind: mv.kind,
      qty: mv.qty,
      before: mv.kind === 'STOCKTAKE' ? mv.before : null,
      reverses: mv.kind === 'REVERSAL' ? mv.reverses : null,
      d_on_hand: m.delta.onHand,
      op_id: m.opId,
      line_id: m.lineId,
      user_id: m.userId,
      occurred_at: m.occurredAt.toISOString(),
      note: m.note,
    };
    // Most replayed movements move on hand only and are the op's own: the rest is written only where it is not so.
    for (const [f, column] of OTHER_DELTAS) if (m.delta[f] !== 0) row[column] = m.delta[f];
    if (m.locationId !== usual) row.location_id = m.locationId;
    if (m.cause.kind !== 'op') {
      row.cause_kind = m.cause.kind;
      row.cause_ref = m.cause.ref;
    }
    return row;
  });
  // One change stamp for the chunk's movements (drawn once, inside the pull barrier like every stamp): a till
  // whose cursor reaches it had them in its levels.
  await tx.query(
    `WITH stamp AS (SELECT nextval('change_seq') AS chg)
     INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, before, reverses, d_on_hand, d_reserved, d_in_transit,
                            d_quarantined, op_id, line_id, terminal_id, user_id, occurred_at, note, cause_kind, cause_ref, chg)
     SELECT $1, COALESCE(r.location_id, $4), r.product_id, r.kind, r.qty, r.before, r.reverses, r.d_on_hand, COALESCE(r.d_reserved, 0), COALESCE(r.d_in_transit, 0),
            COALESCE(r.d_quarantined, 0), r.op_id, r.line_id, $2, r.user_id, r.occurred_at, r.note, COALESCE(r.cause_kind, 'op'), r.cause_ref,
            stamp.chg
       FROM stamp, json_to_recordset($3::json) AS r(location_id uuid, product_id uuid, kind text, qty bigint, before bigint, reverses text,
            d_on_hand bigint, d_reserved bigint, d_in_transit bigint, d_quarantined bigint, op_id uuid, line_id uuid, user_id uuid,
            occurred_at timestamptz, note text, cause_kind text, cause_ref text)`,
    [tenantId, terminalId, JSON.stringify(rows), usual],
  );
}

/**
 * The level UPDATE of a chunk, from the ledger rule's SQL (shared/domain/level-sql.ts): every level moves by its
 * net delta over all four quantities, and the row must meet the bound of its guarded movements (NULL = none).
 *
 * Two forms of the same statement. A chunk whose levels are all at one location (every chunk without a transfer)
 * joins its rows to that location's levels: PostgreSQL reads the store's levels by the key prefix and hash-joins
 * them, which is what a chunk touching most of a store's products wants (the replay benchmark measured this form
 * faster than primary-key lookups there). A chunk across locations passes one array per column (unnest): the
 * planner then knows how many rows there are and reads each level by its primary key at its own location, where a
 * recordset joined on the location would make it hash-join a guess of 100 rows against the tenant's levels.
 */
const LEVEL_BATCH = levelBatchClauses('l', 'r');
const APPLY_LEVELS_AT_ONE_SQL = `UPDATE levels AS l
    SET ${LEVEL_BATCH.set}, counted_at = r.counted_at, counted_by = r.counted_by, chg = nextval('change_seq')
   FROM json_to_recordset($3::json) AS r(product_id uuid, ${LEVEL_BATCH_COLUMNS.map((c) => `${c} bigint`).join(', ')}, counted_at timestamptz, counted_by uuid)
  WHERE l.tenant_id = $1 AND l.location_id = $2 AND l.product_id = r.product_id${LEVEL_BATCH.guard}`;
const APPLY_LEVEL_COLUMNS = ['location_id', 'product_id', ...LEVEL_BATCH_COLUMNS, 'counted_at', 'counted_by'] as const;
const APPLY_LEVEL_TYPES = ['uuid', 'uuid', ...LEVEL_BATCH_COLUMNS.map(() => 'bigint'), 'timestamptz', 'uuid'];
const APPLY_LEVELS_SQL = `UPDATE levels AS l
    SET ${LEVEL_BATCH.set}, counted_at = r.counted_at, counted_by = r.counted_by, chg = nextval('change_seq')
   FROM unnest(${APPLY_LEVEL_TYPES.map((t, i) => `$${i + 2}::${t}[]`).join(', ')}) AS r(${APPLY_LEVEL_COLUMNS.join(', ')})
  WHERE l.tenant_id = $1 AND l.location_id = r.location_id AND l.product_id = r.product_id${LEVEL_BATCH.guard}`;

/**
 * Applies the planned level changes in one statement. Each level that moved, was counted, or carries a bound
 * (PlannedLevel.guard: what its guarded movements need of the row) is written, and the statement re-checks the
 * bound on the row as it stands. The plan was made from rows locked FOR UPDATE, so a bound failing here means a
 * bug, and the caller aborts the whole transaction. Returns how many rows were updated.
 */
export async function applyLevelChanges(tx: Queryable, tenantId: string, levels: ReadonlyMap<string, ReadonlyMap<string, PlannedLevel>>): Promise<number> {
  const rows: Array<Record<string, unknown>> = [];
  for (const [locationId, productId, l] of eachLevel(levels)) {
    const { before, after } = l;
    const delta = {
      onHand: after.onHand - before.onHand,
      reserved: after.reserved - before.reserved,
      inTransit: after.inTransit - before.inTransit,
      quarantined: after.quarantined - before.quarantined,
    };
    const moved = delta.onHand !== 0 || delta.reserved !== 0 || delta.inTransit !== 0 || delta.quarantined !== 0;
    const bounded = l.guard.available !== undefined || l.guard.onHand !== undefined || l.guard.reserved !== undefined || l.guard.inTransit !== undefined || l.guard.quarantined !== undefined;
    if (!moved && !bounded && after.countedAt === before.countedAt) continue;
    rows.push({ location_id: locationId, product_id: productId, ...levelBatchRow(delta, l.guard), counted_at: after.countedAt?.toISOString() ?? null, counted_by: after.countedBy });
  }
  if (rows.length === 0) return 0;
  rows.sort((a, b) => compareKeys({ locationId: a.location_id as string, productId: a.product_id as string }, { locationId: b.location_id as string, productId: b.product_id as string }));
  const first = rows[0]?.location_id as string;
  let r;
  if (rows.every((row) => row.location_id === first)) {
    for (const row of rows) delete row.location_id;
    r = await tx.query(APPLY_LEVELS_AT_ONE_SQL, [tenantId, first, JSON.stringify(rows)]);
  } else {
    r = await tx.query(APPLY_LEVELS_SQL, [tenantId, ...APPLY_LEVEL_COLUMNS.map((c) => rows.map((row) => row[c] ?? null))]);
  }
  if (r.rowCount !== rows.length) {
    throw new LevelGuardRefused(rows.length - r.rowCount);
  }
  return r.rowCount;
}

/** The level UPDATE found rows that do not meet their bound: the plan and the locked rows disagree (a bug). */
export class LevelGuardRefused extends Error {
  constructor(readonly refused: number) {
    super(`level guard refused ${refused} planned change(s): the plan and the locked rows disagree`);
  }
}

export async function insertConflicts(tx: Queryable, tenantId: string, storeId: string, terminalId: string, conflicts: readonly PlannedConflict[]): Promise<void> {
  if (conflicts.length === 0) return;
  const rows = conflicts.map((c) => ({
    id: c.id,
    kind: c.kind,
    op_id: c.opId,
    sale_id: c.saleId,
    line_id: c.lineId,
    product_id: c.productId,
    qty: c.qty,
    available_at_replay: c.availableAtReplay,
    reason: c.reason,
    customer_contact: c.customerContact,
    cashier_id: c.cashierId,
    occurred_at: c.occurredAt.toISOString(),
  }));
  const payload = JSON.stringify(rows);
  await tx.query(
    `INSERT INTO conflicts (tenant_id, id, store_id, kind, state, op_id, sale_id, line_id, product_id, qty, available_at_replay,
                            reason, customer_contact, terminal_id, cashier_id, occurred_at, chg)
     SELECT $1, r.id, $2, r.kind, 'open', r.op_id, r.sale_id, r.line_id, r.product_id, r.qty, r.available_at_replay, r.reason,
            r.customer_contact, $3, r.cashier_id, r.occurred_at, nextval('change_seq')
       FROM jsonb_to_recordset($4::jsonb) AS r(id uuid, kind text, op_id uuid, sale_id uuid, line_id uuid, product_id uuid,
            qty bigint, available_at_replay bigint, reason text, customer_contact jsonb, cashier_id uuid, occurred_at timestamptz)`,
    [tenantId, storeId, terminalId, payload],
  );
  await tx.query(
    `INSERT INTO conflict_history (tenant_id, conflict_id, state, note)
     SELECT $1, r.id, 'open', r.reason FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, reason text)`,
    [tenantId, payload],
  );
}

export async function advanceTerminal(tx: Queryable, tenantId: string, terminalId: string, lastSeq: number, lastOrderedAt: Date | null): Promise<void> {
  await tx.query(
    'UPDATE terminals SET last_seq = $3, last_ordered_at = COALESCE($4, last_ordered_at), last_push_at = now() WHERE tenant_id = $1 AND id = $2 AND last_seq < $3',
    [tenantId, terminalId, lastSeq, lastOrderedAt?.toISOString() ?? null],
  );
}
