import type { Queryable } from './db';
import type { TransferEvent, TransferEventKind, TransferHeader, TransferState, TransferWrites } from '../sync/plan/transfers';
import { stateFromEvents } from '../sync/plan/transfers';
import type { Window } from './pull-repo';

/**
 * The SQL of transfers (migration 0009): locking the ones a push chunk or a head-office action acts on, writing
 * what the TransferDesk planned, and reading them back with their events for a pull or head office's list. The
 * stock a transfer moves is in levels and movements, written by push-repo.ts writeLedger() in the same
 * transaction.
 *
 * Locks: a transaction that acts on transfers locks their rows (FOR UPDATE, in id order) before it locks any
 * level row (push-repo.ts lockLevels(), in (location, product) order); a push chunk locks its reservations, then
 * its transfers, then its levels. A transfer the transaction creates is inserted at the end: if another
 * transaction created the same one meanwhile (both halves of a new transfer pushed at once), the insert finds it
 * and the transaction is run again (TransferCreatedMeanwhile), this time acting on the stored transfer.
 */

/** An event as read back, with the name of who recorded it. */
export interface NamedTransferEvent extends TransferEvent {
  byName: string;
}

/** A transfer with its events and the names a view needs. */
export interface StoredTransfer {
  state: TransferState;
  events: NamedTransferEvent[];
  createdByName: string;
  chg: number;
}

/** How head office's actions are named to the tills and in lists. */
export const HEAD_OFFICE_NAME = 'Head office';

type HeaderRow = {
  id: string;
  source_id: string;
  destination_id: string;
  created_by_user_id: string | null;
  created_by_actor: string | null;
  created_by_name: string | null;
  note: string | null;
  created_at: Date | string;
  chg: number | string;
};
type EventRow = {
  transfer_id: string;
  id: string;
  kind: TransferEventKind;
  resolution: TransferEvent['resolution'];
  op_id: string | null;
  by_user_id: string | null;
  approved_by: string | null;
  actor: string | null;
  by_name: string | null;
  at: Date | string;
  note: string | null;
  lines: TransferEvent['lines'];
};

const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

const HEADER_COLUMNS = `t.id, t.source_id, t.destination_id, t.created_by_user_id, t.created_by_actor, t.note, t.created_at, t.chg,
  (SELECT u.name FROM users u WHERE u.tenant_id = t.tenant_id AND u.id = t.created_by_user_id) AS created_by_name`;

async function withEvents(q: Queryable, tenantId: string, headers: readonly HeaderRow[]): Promise<StoredTransfer[]> {
  if (headers.length === 0) return [];
  const r = await q.query<EventRow>(
    `SELECT e.transfer_id, e.id, e.kind, e.resolution, e.op_id, e.by_user_id, e.approved_by, e.actor, e.at, e.note,
            (SELECT u.name FROM users u WHERE u.tenant_id = e.tenant_id AND u.id = e.by_user_id) AS by_name,
            COALESCE((SELECT json_agg(json_build_object('productId', l.product_id, 'qty', l.qty, 'damaged', l.damaged,
                                                        'overReason', l.over_reason, 'note', l.note) ORDER BY l.product_id)
                        FROM transfer_event_lines l
                       WHERE l.tenant_id = e.tenant_id AND l.event_kind = e.kind AND l.event_id = e.id), '[]') AS lines
       FROM transfer_events e
      WHERE e.tenant_id = $1 AND e.transfer_id = ANY($2::uuid[])
      ORDER BY e.transfer_id, e.seq`,
    [tenantId, headers.map((h) => h.id)],
  );
  const byTransfer = new Map<string, NamedTransferEvent[]>();
  for (const row of r.rows) {
    const list = byTransfer.get(row.transfer_id) ?? [];
    list.push({
      transferId: row.transfer_id,
      id: row.id,
      kind: row.kind,
      resolution: row.resolution,
      opId: row.op_id,
      userId: row.by_user_id,
      approvedBy: row.approved_by,
      actor: row.actor,
      at: toDate(row.at),
      note: row.note,
      lines: row.lines.map((l) => ({ productId: l.productId, qty: Number(l.qty), damaged: Number(l.damaged), overReason: l.overReason, note: l.note })),
      byName: row.actor !== null ? HEAD_OFFICE_NAME : (row.by_name ?? 'unknown user'),
    });
    byTransfer.set(row.transfer_id, list);
  }
  return headers.map((h) => {
    const header: TransferHeader = {
      id: h.id,
      sourceId: h.source_id,
      destinationId: h.destination_id,
      createdByUserId: h.created_by_user_id,
      createdByActor: h.created_by_actor,
      note: h.note,
      createdAt: toDate(h.created_at),
    };
    const events = byTransfer.get(h.id) ?? [];
    return {
      state: stateFromEvents(header, events),
      events,
      createdByName: h.created_by_actor !== null ? HEAD_OFFICE_NAME : (h.created_by_name ?? 'unknown user'),
      chg: Number(h.chg),
    };
  });
}

/** The transfers a transaction acts on, locked in id order; ids the server does not know are simply absent. */
export async function lockTransfers(tx: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, TransferState>> {
  if (ids.length === 0) return new Map();
  const r = await tx.query<HeaderRow>(`SELECT ${HEADER_COLUMNS} FROM transfers t WHERE t.tenant_id = $1 AND t.id = ANY($2::uuid[]) ORDER BY t.id FOR UPDATE`, [
    tenantId,
    [...new Set(ids)].sort(),
  ]);
  return new Map((await withEvents(tx, tenantId, r.rows)).map((t) => [t.state.id, t.state]));
}

/** Another transaction created a transfer this one planned to create: run this one again (SQLSTATE 40001 is retried). */
export class TransferCreatedMeanwhile extends Error {
  readonly code = '40001';
  constructor(readonly transferIds: readonly string[]) {
    super(`transfer(s) ${transferIds.join(', ')} were created by another transaction meanwhile`);
  }
}

function rowOf(t: TransferState): Record<string, unknown> {
  const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
  return {
    id: t.id,
    source_id: t.sourceId,
    destination_id: t.destinationId,
    created_by_user_id: t.createdByUserId,
    created_by_actor: t.createdByActor,
    note: t.note,
    approved_at: iso(t.approvedAt),
    cancelled_at: iso(t.cancelledAt),
    closed_at: iso(t.closedAt),
    status: t.status,
    created_at: t.createdAt.toISOString(),
    sent_at: iso(t.sentAt),
    received_at: iso(t.receivedAt),
  };
}

const ROW_COLUMNS = `id uuid, source_id uuid, destination_id uuid, created_by_user_id uuid, created_by_actor text, note text,
  approved_at timestamptz, cancelled_at timestamptz, closed_at timestamptz, status text, created_at timestamptz,
  sent_at timestamptz, received_at timestamptz`;

/**
 * Writes a desk's transfers: new ones inserted, changed ones updated (status and flags as recomputed from their
 * events, and the source once a dispatch named it for a transfer only a receipt had made; with a fresh change stamp
 * so both ends pull them), then the events and their lines. `terminalId` is the
 * till whose ops recorded them (null for head office).
 */
export async function writeTransfers(tx: Queryable, tenantId: string, terminalId: string | null, writes: TransferWrites): Promise<void> {
  if (writes.events.length === 0) return;
  if (writes.created.length > 0) {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO transfers (tenant_id, id, source_id, destination_id, created_by_user_id, created_by_actor, note, approved, approved_at,
                              cancelled, cancelled_at, closed, closed_at, status, created_at, sent_at, received_at, chg)
       SELECT $1, r.id, r.source_id, r.destination_id, r.created_by_user_id, r.created_by_actor, r.note, r.approved_at IS NOT NULL, r.approved_at,
              r.cancelled_at IS NOT NULL, r.cancelled_at, r.closed_at IS NOT NULL, r.closed_at, r.status, r.created_at, r.sent_at, r.received_at,
              nextval('change_seq')
         FROM json_to_recordset($2::json) AS r(${ROW_COLUMNS})
        ORDER BY r.id
       ON CONFLICT (tenant_id, id) DO NOTHING
       RETURNING id`,
      [tenantId, JSON.stringify(writes.created.map(rowOf))],
    );
    if (inserted.rowCount !== writes.created.length) {
      const got = new Set(inserted.rows.map((x) => x.id));
      throw new TransferCreatedMeanwhile(writes.created.filter((t) => !got.has(t.id)).map((t) => t.id));
    }
  }
  if (writes.updated.length > 0) {
    await tx.query(
      `UPDATE transfers AS t
          SET source_id = r.source_id, approved = r.approved_at IS NOT NULL, approved_at = r.approved_at, cancelled = r.cancelled_at IS NOT NULL,
              cancelled_at = r.cancelled_at, closed = r.closed_at IS NOT NULL, closed_at = r.closed_at, status = r.status,
              sent_at = r.sent_at, received_at = r.received_at, chg = nextval('change_seq')
         FROM json_to_recordset($2::json) AS r(${ROW_COLUMNS})
        WHERE t.tenant_id = $1 AND t.id = r.id`,
      [tenantId, JSON.stringify(writes.updated.map(rowOf))],
    );
  }
  const events = writes.events.map((e, pos) => ({
    pos,
    transfer_id: e.transferId,
    id: e.id,
    kind: e.kind,
    resolution: e.resolution,
    op_id: e.opId,
    by_user_id: e.userId,
    approved_by: e.approvedBy,
    actor: e.actor,
    at: e.at.toISOString(),
    note: e.note,
  }));
  // Ordered by position: seq (the order the server recorded them in) is drawn as the rows are inserted.
  await tx.query(
    `INSERT INTO transfer_events (tenant_id, transfer_id, id, kind, resolution, op_id, terminal_id, by_user_id, approved_by, actor, at, note)
     SELECT $1, r.transfer_id, r.id, r.kind, r.resolution, r.op_id, CASE WHEN r.op_id IS NULL THEN NULL ELSE $2::uuid END, r.by_user_id,
            r.approved_by, r.actor, r.at, r.note
       FROM json_to_recordset($3::json) AS r(pos integer, transfer_id uuid, id uuid, kind text, resolution text, op_id uuid, by_user_id uuid,
            approved_by uuid, actor text, at timestamptz, note text)
      ORDER BY r.pos`,
    [tenantId, terminalId, JSON.stringify(events)],
  );
  const lines = writes.events.flatMap((e) =>
    e.lines.map((l) => ({ event_kind: e.kind, event_id: e.id, product_id: l.productId, qty: l.qty, damaged: l.damaged, over_reason: l.overReason, note: l.note })),
  );
  if (lines.length > 0) {
    await tx.query(
      `INSERT INTO transfer_event_lines (tenant_id, event_kind, event_id, product_id, qty, damaged, over_reason, note)
       SELECT $1, r.event_kind, r.event_id, r.product_id, r.qty, r.damaged, r.over_reason, r.note
         FROM json_to_recordset($2::json) AS r(event_kind text, event_id uuid, product_id uuid, qty bigint, damaged bigint, over_reason text, note text)`,
      [tenantId, JSON.stringify(lines)],
    );
  }
}

/** One transfer with its events, unlocked (head office's view of it). */
export async function findTransfer(q: Queryable, tenantId: string, id: string): Promise<StoredTransfer | null> {
  const r = await q.query<HeaderRow>(`SELECT ${HEADER_COLUMNS} FROM transfers t WHERE t.tenant_id = $1 AND t.id = $2`, [tenantId, id]);
  return (await withEvents(q, tenantId, r.rows))[0] ?? null;
}

/**
 * The transfers from or to a store whose row changed in the window, in stamp order, at most `limit` of them.
 * Every change of a transfer (an event recorded at either end, or by head office) stamps its row.
 */
export async function changedTransfers(q: Queryable, tenantId: string, storeId: string, w: Window, limit: number): Promise<StoredTransfer[]> {
  const r = await q.query<HeaderRow>(
    `SELECT ${HEADER_COLUMNS}
       FROM (SELECT * FROM transfers WHERE tenant_id = $1 AND source_id = $2 AND chg > $3 AND chg <= $4
             UNION ALL
             SELECT * FROM transfers WHERE tenant_id = $1 AND destination_id = $2 AND chg > $3 AND chg <= $4) t
      ORDER BY t.chg LIMIT $5`,
    [tenantId, storeId, w.since, w.upTo, limit],
  );
  return withEvents(q, tenantId, r.rows);
}

/** How many transfers of a store changed in the window (a pull's progress). */
export async function countTransferChanges(q: Queryable, tenantId: string, storeId: string, w: Window): Promise<number> {
  const r = await q.query<{ n: number | string }>(
    `SELECT (SELECT count(*) FROM transfers WHERE tenant_id = $1 AND source_id = $2 AND chg > $3 AND chg <= $4)
          + (SELECT count(*) FROM transfers WHERE tenant_id = $1 AND destination_id = $2 AND chg > $3 AND chg <= $4) AS n`,
    [tenantId, storeId, w.since, w.upTo],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Head office's list: the tenant's transfers, optionally of some statuses or from or to one location, newest first. */
export async function listTransfers(
  q: Queryable,
  tenantId: string,
  filter: { statuses?: readonly string[]; locationId?: string; limit: number },
): Promise<StoredTransfer[]> {
  const r = await q.query<HeaderRow>(
    `SELECT ${HEADER_COLUMNS} FROM transfers t
      WHERE t.tenant_id = $1 AND ($2::text[] IS NULL OR t.status = ANY($2::text[]))
        AND ($3::uuid IS NULL OR t.source_id = $3 OR t.destination_id = $3)
      ORDER BY t.created_at DESC, t.id DESC LIMIT $4`,
    [tenantId, filter.statuses === undefined ? null : [...filter.statuses], filter.locationId ?? null, filter.limit],
  );
  return withEvents(q, tenantId, r.rows);
}

/** The SKUs of some products, by id (head office names products by SKU). */
export async function skusOf(q: Queryable, tenantId: string, productIds: readonly string[]): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map();
  const r = await q.query<{ id: string; sku: string }>('SELECT id, sku FROM products WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [tenantId, [...new Set(productIds)]]);
  return new Map(r.rows.map((x) => [x.id, x.sku]));
}
