import type { ReservationStatus } from '../../shared/domain/reservation';
import type { Unit } from '../../shared/domain/units';
import type { TillStore } from './database';

/**
 * Reservations at this till's store and their lines (migration 0010). What a reservation holds is in the level's
 * `reserved`, moved by the movements of the op that did it (electron/services/reservations.ts); these rows say for
 * whom and how much per line. Every write runs in the caller's transaction, with that op.
 */

export interface ReservationRow {
  id: string;
  location_id: string;
  status: ReservationStatus;
  customer_contact: string;
  note: string | null;
  expires_at: string;
  created_at: string;
  created_by_name: string;
  created_by_user_id: string | null;
  ended_at: string | null;
  create_op_seq: number | null;
  last_op_seq: number | null;
  pulled: string | null;
  request_fingerprint: string | null;
  /** 1 while this till's latest op about it has not been acknowledged by the server */
  pending: number;
  /** 1 while the server's result for this till's latest op about it has not arrived */
  awaiting_result: number;
}

export interface ReservationLineRow {
  line_id: string;
  product_id: string;
  sku: string;
  name: string;
  unit: Unit;
  requested: number;
  held: number;
  fulfilled: number;
  refused: number;
  /** available at the reservation's location now: after every open reservation, since they are in `reserved` */
  available_now: number;
}

const ROW_COLUMNS = `r.id, r.location_id, r.status, r.customer_contact, r.note, r.expires_at, r.created_at, r.created_by_name,
  r.created_by_user_id, r.ended_at, r.create_op_seq, r.last_op_seq, r.pulled, r.request_fingerprint,
  EXISTS (SELECT 1 FROM ops o WHERE o.seq = r.last_op_seq AND o.state = 'pending') AS pending,
  EXISTS (SELECT 1 FROM ops o WHERE o.seq = r.last_op_seq AND o.result IS NULL) AS awaiting_result`;

export function reservationRow(store: TillStore, id: string): ReservationRow | undefined {
  return store.stmt<[string], ReservationRow>(`SELECT ${ROW_COLUMNS} FROM reservations r WHERE r.id = ?`).get(id);
}

export function reservationLineRows(store: TillStore, reservationId: string, locationId: string): ReservationLineRow[] {
  return store
    .stmt<[string, string], ReservationLineRow>(
      `SELECT rl.line_id, rl.product_id, p.sku, p.name, p.unit, rl.requested, rl.held, rl.fulfilled, rl.refused,
         coalesce(l.on_hand - l.reserved - l.quarantined, 0) AS available_now
       FROM reservation_lines rl JOIN products p ON p.id = rl.product_id
         LEFT JOIN levels l ON l.product_id = rl.product_id AND l.location_id = ?
       WHERE rl.reservation_id = ? ORDER BY rl.line_no`,
    )
    .all(locationId, reservationId);
}

/**
 * Reservations at a location: the open ones soonest to lapse first, then (unless `openOnly`) the ended ones, most
 * recently ended first. Open ones are read by reservations_by_expiry.
 */
export function listReservationRows(store: TillStore, locationId: string, openOnly: boolean, limit: number): ReservationRow[] {
  if (openOnly) {
    return store
      .stmt<[string, number], ReservationRow>(
        `SELECT ${ROW_COLUMNS} FROM reservations r WHERE r.status = 'open' AND r.location_id = ? ORDER BY r.expires_at, r.id LIMIT ?`,
      )
      .all(locationId, limit);
  }
  return store
    .stmt<[string, number], ReservationRow>(
      `SELECT ${ROW_COLUMNS} FROM reservations r WHERE r.location_id = ?
       ORDER BY r.status <> 'open', CASE WHEN r.status = 'open' THEN r.expires_at END, coalesce(r.ended_at, r.created_at) DESC, r.id LIMIT ?`,
    )
    .all(locationId, limit);
}

/** This till's own open reservations at a location that lapsed at or before `nowIso` (both UTC ISO text), soonest first. */
export function dueOwnReservationIds(store: TillStore, locationId: string, nowIso: string, limit: number): string[] {
  return store
    .stmt<[string, string, number], { id: string }>(
      `SELECT id FROM reservations WHERE status = 'open' AND expires_at <= ? AND location_id = ? AND create_op_seq IS NOT NULL
       ORDER BY expires_at LIMIT ?`,
    )
    .all(nowIso, locationId, limit)
    .map((r) => r.id);
}

export interface NewReservation {
  id: string;
  locationId: string;
  status: ReservationStatus;
  customerContactJson: string;
  note: string | null;
  expiresAt: string;
  createdAt: string;
  createdByName: string;
  createdByUserId: string | null;
  endedAt: string | null;
  createOpSeq: number | null;
  requestFingerprint: string | null;
}

export function insertReservation(store: TillStore, r: NewReservation): void {
  store
    .stmt(
      `INSERT INTO reservations (id, location_id, status, customer_contact, note, expires_at, created_at, created_by_name, created_by_user_id,
         ended_at, create_op_seq, last_op_seq, request_fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      r.id,
      r.locationId,
      r.status,
      r.customerContactJson,
      r.note,
      r.expiresAt,
      r.createdAt,
      r.createdByName,
      r.createdByUserId,
      r.endedAt,
      r.createOpSeq,
      r.createOpSeq,
      r.requestFingerprint,
    );
}

export interface ReservationLineState {
  lineId: string;
  productId: string;
  requested: number;
  held: number;
  fulfilled: number;
  refused: boolean;
}

export function insertReservationLine(store: TillStore, reservationId: string, lineNo: number, line: ReservationLineState): void {
  store
    .stmt('INSERT INTO reservation_lines (reservation_id, line_no, line_id, product_id, requested, held, fulfilled, refused) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(reservationId, lineNo, line.lineId, line.productId, line.requested, line.held, line.fulfilled, line.refused ? 1 : 0);
}

/** What a line holds and has handed over after a fulfilment or a release. */
export function setLineHolding(store: TillStore, lineId: string, held: number, fulfilled: number): void {
  store.stmt('UPDATE reservation_lines SET held = ?, fulfilled = ? WHERE line_id = ?').run(held, fulfilled, lineId);
}

/** A reservation ended by this till's op `opSeq` (fulfilled, released or expired here). */
export function endReservation(store: TillStore, id: string, status: ReservationStatus, endedAt: string, opSeq: number): void {
  store.stmt('UPDATE reservations SET status = ?, ended_at = ?, last_op_seq = ? WHERE id = ?').run(status, endedAt, opSeq, id);
}

/** The reservation this till's op `opSeq` made, if that op made one. */
export function reservationIdOfCreateOp(store: TillStore, opSeq: number): string | undefined {
  return store.stmt<[number], { id: string }>('SELECT id FROM reservations WHERE create_op_seq = ?').get(opSeq)?.id;
}

/**
 * Flags a line the server refused at replay and lets go of what it held here. Returns what it held (for the
 * RELEASE that gives it back) the first time, undefined when the line is unknown or already flagged: the flag
 * makes the refusal happen once, however often its result arrives.
 */
export function markLineRefused(store: TillStore, reservationId: string, lineId: string): { productId: string; held: number } | undefined {
  const line = store
    .stmt<[string, string], { product_id: string; held: number }>('SELECT product_id, held FROM reservation_lines WHERE reservation_id = ? AND line_id = ? AND refused = 0')
    .get(reservationId, lineId);
  if (line === undefined) return undefined;
  store.stmt('UPDATE reservation_lines SET refused = 1, held = 0 WHERE line_id = ?').run(lineId);
  return { productId: line.product_id, held: line.held };
}

/** Every line refused, the reservation still open here: nothing is held, it ends as refused. */
export function endIfEveryLineRefused(store: TillStore, id: string, endedAt: string): void {
  store
    .stmt(
      `UPDATE reservations SET status = 'refused', ended_at = ? WHERE id = ? AND status = 'open'
         AND NOT EXISTS (SELECT 1 FROM reservation_lines WHERE reservation_id = ? AND refused = 0)`,
    )
    .run(endedAt, id, id);
}

/** The server's copy, kept until this till's latest op about the reservation has its result. */
export function keepPulledCopy(store: TillStore, id: string, json: string | null): void {
  store.stmt('UPDATE reservations SET pulled = ? WHERE id = ?').run(json, id);
}

/** Reservations holding a pulled copy whose wait is over: this till's latest op about each has its result now. */
export function settledPulledCopies(store: TillStore): Array<{ id: string; pulled: string; last_op_rejected: number }> {
  return store
    .stmt<[], { id: string; pulled: string; last_op_rejected: number }>(
      `SELECT r.id, r.pulled, coalesce(json_extract(o.result, '$.status') = 'rejected', 0) AS last_op_rejected
       FROM reservations r LEFT JOIN ops o ON o.seq = r.last_op_seq
       WHERE r.pulled IS NOT NULL AND (o.seq IS NULL OR o.result IS NOT NULL)`,
    )
    .all();
}

export interface ServerReservationState {
  id: string;
  locationId: string;
  status: ReservationStatus;
  customerContactJson: string;
  note: string | null;
  expiresAt: string;
  createdAt: string;
  createdByName: string;
  endedAt: string | null;
  lines: ReservationLineState[];
}

/**
 * Makes the local row what the server says (inserting it when the till has never seen it): the reservation's
 * state and each line's, matched by line id. What this till alone knows stays: which op made it, who made it here,
 * the request's fingerprint. The pulled copy is dropped, since it is now applied.
 */
export function writeServerState(store: TillStore, s: ServerReservationState): void {
  store
    .stmt(
      `INSERT INTO reservations (id, location_id, status, customer_contact, note, expires_at, created_at, created_by_name, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET location_id = excluded.location_id, status = excluded.status,
         customer_contact = excluded.customer_contact, note = excluded.note, expires_at = excluded.expires_at,
         created_at = excluded.created_at, created_by_name = excluded.created_by_name, ended_at = excluded.ended_at, pulled = NULL`,
    )
    .run(s.id, s.locationId, s.status, s.customerContactJson, s.note, s.expiresAt, s.createdAt, s.createdByName, s.endedAt);
  let nextLineNo = store.stmt<[string], { n: number }>('SELECT coalesce(max(line_no), 0) + 1 AS n FROM reservation_lines WHERE reservation_id = ?').get(s.id)?.n ?? 1;
  for (const line of s.lines) {
    const updated = store
      .stmt('UPDATE reservation_lines SET product_id = ?, requested = ?, held = ?, fulfilled = ?, refused = ? WHERE reservation_id = ? AND line_id = ?')
      .run(line.productId, line.requested, line.held, line.fulfilled, line.refused ? 1 : 0, s.id, line.lineId);
    if (updated.changes === 0) insertReservationLine(store, s.id, nextLineNo++, line);
  }
}

/** Whether the reservation exists here at all (for a pulled copy: apply it now, or keep it). */
export function reservationExists(store: TillStore, id: string): boolean {
  return store.stmt<[string], { one: number }>('SELECT 1 AS one FROM reservations WHERE id = ?').get(id) !== undefined;
}
