import type { Queryable } from './db';
import type { CustomerContact } from '../../shared/ops/operations';
import type { ReservationStatus } from '../../shared/domain/reservation';
import type { SyncReservation } from '../../shared/sync/protocol';
import type { ReservationLineState, ReservationState, ReservationWrites } from '../sync/plan/reservations';
import type { Stamped, Window } from './pull-repo';

/**
 * The SQL of reservations (migration 0010): locking the ones a push chunk or the expiry job acts on, writing what
 * they planned, and reading them for a pull. The stock a reservation holds is in levels and movements, written
 * by push-repo.ts writeLedger() in the same transaction.
 *
 * Locks: a transaction that acts on reservations locks their rows (FOR UPDATE, in id order) before it locks any
 * level row (push-repo.ts lockLevels(), in (location, product) order). The push chunk and the expiry job both keep
 * to this order, and the job skips rows a push holds (SKIP LOCKED) rather than waiting on them, so neither can
 * hold a level the other waits for while waiting for a reservation it holds.
 */

type HeaderRow = {
  id: string;
  location_id: string;
  status: ReservationStatus;
  expires_at: Date;
  customer_contact: CustomerContact;
  ended_at: Date | null;
  end_op_id: string | null;
};
type LineRow = { reservation_id: string; line_id: string; product_id: string; requested: number; held: number; fulfilled: number; refused: boolean };

const HEADER_COLUMNS = 'id, location_id, status, expires_at, customer_contact, ended_at, end_op_id';

async function withLines(tx: Queryable, tenantId: string, headers: readonly HeaderRow[]): Promise<Map<string, ReservationState>> {
  const out = new Map<string, ReservationState>();
  if (headers.length === 0) return out;
  const lines = await tx.query<LineRow>(
    `SELECT reservation_id, line_id, product_id, requested, held, fulfilled, refused FROM reservation_lines
      WHERE tenant_id = $1 AND reservation_id = ANY($2::uuid[]) ORDER BY reservation_id, position`,
    [tenantId, headers.map((h) => h.id)],
  );
  const byReservation = new Map<string, ReservationLineState[]>();
  for (const l of lines.rows) {
    const at = byReservation.get(l.reservation_id) ?? [];
    at.push({ lineId: l.line_id, productId: l.product_id, requested: l.requested, held: l.held, fulfilled: l.fulfilled, refused: l.refused });
    byReservation.set(l.reservation_id, at);
  }
  for (const h of headers) {
    out.set(h.id, {
      id: h.id,
      locationId: h.location_id,
      status: h.status,
      expiresAt: h.expires_at,
      customerContact: h.customer_contact,
      lines: byReservation.get(h.id) ?? [],
      endedAt: h.ended_at,
      endOpId: h.end_op_id,
    });
  }
  return out;
}

/** The reservations a push chunk acts on, locked in id order; ids the server does not know are simply absent. */
export async function lockReservations(tx: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, ReservationState>> {
  if (ids.length === 0) return new Map();
  const r = await tx.query<HeaderRow>(`SELECT ${HEADER_COLUMNS} FROM reservations WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [
    tenantId,
    [...new Set(ids)],
  ]);
  return withLines(tx, tenantId, r.rows);
}

/** Tenants with an open reservation that lapsed at `now` (the expiry job's work list). */
export async function tenantsWithLapsedReservations(q: Queryable, now: Date): Promise<string[]> {
  const r = await q.query<{ tenant_id: string }>("SELECT DISTINCT tenant_id FROM reservations WHERE status = 'open' AND expires_at <= $1", [now]);
  return r.rows.map((row) => row.tenant_id);
}

/**
 * Up to `limit` open reservations of a tenant that lapsed at `now`, locked in id order. A row a push holds is
 * skipped: that push may be ending it, and the job's next pass finds it if it is still open.
 */
export async function lockLapsedReservations(tx: Queryable, tenantId: string, now: Date, limit: number): Promise<ReservationState[]> {
  const r = await tx.query<HeaderRow>(
    `SELECT ${HEADER_COLUMNS} FROM reservations
      WHERE tenant_id = $1 AND status = 'open' AND expires_at <= $2
      ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [tenantId, now, limit],
  );
  return [...(await withLines(tx, tenantId, r.rows)).values()];
}

/**
 * Writes what a chunk or the job planned: new reservations with their lines, and the new state of the ones that
 * changed; every written row draws its own change stamp, so the store's tills pull it. Must run inside the pull
 * barrier (db/locks.ts enterTenantWrite), after the ops that made or ended them are recorded (foreign keys).
 */
export async function writeReservations(tx: Queryable, tenantId: string, writes: ReservationWrites): Promise<void> {
  if (writes.created.length > 0) {
    await tx.query(
      `INSERT INTO reservations (tenant_id, id, location_id, op_id, terminal_id, created_by, created_at, customer_contact, note,
                                 expires_at, status, ended_at, end_op_id, chg)
       SELECT $1, r.id, r.location_id, r.op_id, r.terminal_id, r.created_by, r.created_at, r.customer_contact, r.note,
              r.expires_at, r.status, r.ended_at, r.end_op_id, nextval('change_seq')
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, location_id uuid, op_id uuid, terminal_id uuid, created_by uuid,
              created_at timestamptz, customer_contact jsonb, note text, expires_at timestamptz, status text, ended_at timestamptz,
              end_op_id uuid)
        ORDER BY r.id`,
      [
        tenantId,
        JSON.stringify(
          writes.created.map((c) => ({
            id: c.id,
            location_id: c.locationId,
            op_id: c.opId,
            terminal_id: c.terminalId,
            created_by: c.createdBy,
            created_at: c.createdAt.toISOString(),
            customer_contact: c.customerContact,
            note: c.note,
            expires_at: c.expiresAt.toISOString(),
            status: c.status,
            ended_at: c.endedAt?.toISOString() ?? null,
            end_op_id: c.endOpId,
          })),
        ),
      ],
    );
    await tx.query(
      `INSERT INTO reservation_lines (tenant_id, reservation_id, line_id, position, product_id, requested, held, fulfilled, refused)
       SELECT $1, l.reservation_id, l.line_id, l.position, l.product_id, l.requested, l.held, l.fulfilled, l.refused
         FROM jsonb_to_recordset($2::jsonb) AS l(reservation_id uuid, line_id uuid, position integer, product_id uuid, requested bigint,
              held bigint, fulfilled bigint, refused boolean)`,
      [tenantId, JSON.stringify(writes.created.flatMap((c) => c.lines.map((l, position) => ({ reservation_id: c.id, line_id: l.lineId, position, ...lineColumns(l) }))))],
    );
  }
  if (writes.updated.length > 0) {
    const sorted = [...writes.updated].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await tx.query(
      `UPDATE reservations AS x SET status = r.status, ended_at = r.ended_at, end_op_id = r.end_op_id, chg = nextval('change_seq')
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, status text, ended_at timestamptz, end_op_id uuid)
        WHERE x.tenant_id = $1 AND x.id = r.id`,
      [tenantId, JSON.stringify(sorted.map((u) => ({ id: u.id, status: u.status, ended_at: u.endedAt?.toISOString() ?? null, end_op_id: u.endOpId })))],
    );
    await tx.query(
      `UPDATE reservation_lines AS x SET held = l.held, fulfilled = l.fulfilled, refused = l.refused
         FROM jsonb_to_recordset($2::jsonb) AS l(reservation_id uuid, line_id uuid, held bigint, fulfilled bigint, refused boolean)
        WHERE x.tenant_id = $1 AND x.reservation_id = l.reservation_id AND x.line_id = l.line_id`,
      [tenantId, JSON.stringify(sorted.flatMap((u) => u.lines.map((l) => ({ reservation_id: u.id, line_id: l.lineId, held: l.held, fulfilled: l.fulfilled, refused: l.refused }))))],
    );
  }
}

function lineColumns(l: ReservationLineState): Record<string, unknown> {
  return { product_id: l.productId, requested: l.requested, held: l.held, fulfilled: l.fulfilled, refused: l.refused };
}

type ViewRow = {
  id: string;
  location_id: string;
  status: ReservationStatus;
  lines: SyncReservation['lines'];
  customer_contact: CustomerContact;
  expires_at: Date;
  created_at: Date;
  created_by_name: string;
  ended_at: Date | null;
  note: string | null;
  chg: number;
};

/** Reservations at the till's store changed in the window, in stamp order, as a till's pull carries them. */
export async function changedReservations(q: Queryable, tenantId: string, storeId: string, w: Window, limit: number): Promise<Array<Stamped<SyncReservation>>> {
  const r = await q.query<ViewRow>(
    // the page's rows first, then their lines and names: the joins touch only the rows that are sent
    `SELECT x.id, x.location_id, x.status, x.customer_contact, x.expires_at, x.created_at, x.ended_at, x.note, x.chg,
            COALESCE(u.name, 'unknown user') AS created_by_name,
            (SELECT jsonb_agg(jsonb_build_object('lineId', l.line_id, 'productId', l.product_id, 'requested', l.requested,
                                                 'held', l.held, 'fulfilled', l.fulfilled, 'refused', l.refused) ORDER BY l.position)
               FROM reservation_lines l WHERE l.tenant_id = x.tenant_id AND l.reservation_id = x.id) AS lines
       FROM (SELECT * FROM reservations WHERE tenant_id = $1 AND location_id = $2 AND chg > $3 AND chg <= $4 ORDER BY chg LIMIT $5) x
       LEFT JOIN users u ON u.tenant_id = x.tenant_id AND u.id = x.created_by
      ORDER BY x.chg`,
    [tenantId, storeId, w.since, w.upTo, limit],
  );
  return r.rows.map((row) => ({
    chg: Number(row.chg),
    value: {
      id: row.id,
      locationId: row.location_id,
      status: row.status,
      lines: row.lines,
      customerContact: row.customer_contact,
      expiresAt: row.expires_at.toISOString(),
      createdAt: row.created_at.toISOString(),
      createdByName: row.created_by_name,
      endedAt: row.ended_at?.toISOString() ?? null,
      note: row.note,
    },
  }));
}

/** How many reservation changes a pull of this store would still find in the window (its progress bar). */
export async function countReservationChanges(q: Queryable, tenantId: string, storeId: string, w: Window): Promise<number> {
  const r = await q.query<{ n: number }>('SELECT count(*) AS n FROM reservations WHERE tenant_id = $1 AND location_id = $2 AND chg > $3 AND chg <= $4', [
    tenantId,
    storeId,
    w.since,
    w.upTo,
  ]);
  return Number(r.rows[0]?.n ?? 0);
}
