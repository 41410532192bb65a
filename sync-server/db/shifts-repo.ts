import type { PerCurrency } from '../../shared/domain/shift';
import type { ShiftState, ShiftWrites } from '../sync/plan/shifts';
import type { Queryable } from './db';

/**
 * The SQL of shifts, cash moves and Z reports (migration 0014): what a push chunk's shift ops recorded, the till's
 * drawer state the replay checks against, and head office's listings. Every row is written once; the tables'
 * triggers refuse an UPDATE or DELETE.
 */

/** The till's open shift (one without a Z report) and its last Z number. */
export async function readShiftState(q: Queryable, tenantId: string, terminalId: string): Promise<ShiftState> {
  const open = await q.query<{ id: string; opened_by: string }>(
    `SELECT s.id, s.opened_by FROM shifts s
      WHERE s.tenant_id = $1 AND s.terminal_id = $2
        AND NOT EXISTS (SELECT 1 FROM z_reports z WHERE z.tenant_id = s.tenant_id AND z.shift_id = s.id)
      ORDER BY s.opened_at DESC LIMIT 1`,
    [tenantId, terminalId],
  );
  const last = await q.query<{ n: number | null }>('SELECT max(number) AS n FROM z_reports WHERE tenant_id = $1 AND terminal_id = $2', [tenantId, terminalId]);
  const row = open.rows[0];
  return { open: row === undefined ? null : { shiftId: row.id, openedBy: row.opened_by }, lastZ: Number(last.rows[0]?.n ?? 0) };
}

/**
 * In the chunk's transaction after its ops (applied_ops), in seq order: opens, then moves, then closings, then the
 * drawer's no-sale openings (after the opens, whose shifts they may name).
 */
export async function writeShifts(tx: Queryable, tenantId: string, storeId: string, terminalId: string, w: ShiftWrites): Promise<void> {
  for (const s of w.opened) {
    await tx.query(
      `INSERT INTO shifts (tenant_id, id, store_id, terminal_id, opened_by, opened_at, float, note, op_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [tenantId, s.shiftId, storeId, terminalId, s.openedBy, s.openedAt, JSON.stringify(s.float), s.note, s.opId],
    );
  }
  for (const m of w.moves) {
    await tx.query(
      `INSERT INTO cash_moves (tenant_id, id, shift_id, direction, currency, amount, reason, user_id, approved_by, occurred_at, op_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [tenantId, m.moveId, m.shiftId, m.direction, m.currency, m.amount, m.reason, m.userId, m.approvedBy, m.occurredAt, m.opId],
    );
  }
  for (const z of w.closed) {
    await tx.query(
      `INSERT INTO z_reports (tenant_id, shift_id, terminal_id, number, closed_by, closed_at, figures, op_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [tenantId, z.shiftId, terminalId, z.number, z.closedBy, z.closedAt, JSON.stringify(z.figures), z.opId],
    );
  }
  for (const d of w.drawerOpens) {
    await tx.query(
      `INSERT INTO drawer_opens (tenant_id, id, terminal_id, shift_id, reason, user_id, approved_by, occurred_at, op_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [tenantId, d.openId, terminalId, d.shiftId, d.reason, d.userId, d.approvedBy, d.occurredAt, d.opId],
    );
  }
}

export interface ShiftListing {
  shiftId: string;
  till: string;
  openedBy: string;
  openedAt: Date;
  float: PerCurrency;
  cashIn: PerCurrency;
  paidOut: PerCurrency;
  zNumber: number | null;
  closedAt: Date | null;
}

/** A store's shifts, newest first, with their cash moves summed per currency and their Z number once closed. */
export async function listShifts(q: Queryable, tenantId: string, storeId: string, limit: number): Promise<ShiftListing[]> {
  const r = await q.query<{
    id: string;
    till: string;
    opened_by: string;
    opened_at: Date;
    float: PerCurrency;
    cash_in: PerCurrency | null;
    paid_out: PerCurrency | null;
    number: number | null;
    closed_at: Date | null;
  }>(
    `SELECT s.id, t.name AS till, u.name AS opened_by, s.opened_at, s.float,
            (SELECT jsonb_object_agg(currency, total) FROM (SELECT currency, sum(amount) AS total FROM cash_moves m
               WHERE m.tenant_id = s.tenant_id AND m.shift_id = s.id AND m.direction = 'in' GROUP BY currency) i) AS cash_in,
            (SELECT jsonb_object_agg(currency, total) FROM (SELECT currency, sum(amount) AS total FROM cash_moves m
               WHERE m.tenant_id = s.tenant_id AND m.shift_id = s.id AND m.direction = 'out' GROUP BY currency) o) AS paid_out,
            z.number, z.closed_at
       FROM shifts s
       JOIN terminals t ON t.tenant_id = s.tenant_id AND t.id = s.terminal_id
       JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.opened_by
       LEFT JOIN z_reports z ON z.tenant_id = s.tenant_id AND z.shift_id = s.id
      WHERE s.tenant_id = $1 AND s.store_id = $2
      ORDER BY s.opened_at DESC LIMIT $3`,
    [tenantId, storeId, limit],
  );
  return r.rows.map((row) => ({
    shiftId: row.id,
    till: row.till,
    openedBy: row.opened_by,
    openedAt: row.opened_at,
    float: row.float,
    cashIn: numbers(row.cash_in),
    paidOut: numbers(row.paid_out),
    zNumber: row.number === null ? null : Number(row.number),
    closedAt: row.closed_at,
  }));
}

export interface ZReportListing {
  number: number;
  till: string;
  shiftId: string;
  closedBy: string;
  closedAt: Date;
  figures: {
    columns: Array<{ currency: string; expected: number; counted: number; difference: number }>;
    card: PerCurrency;
    sales: number;
    takings: number;
  };
}

/** A store's Z reports, newest first, as the tills printed them. */
export async function listZReports(q: Queryable, tenantId: string, storeId: string, limit: number): Promise<ZReportListing[]> {
  const r = await q.query<{ number: number; till: string; shift_id: string; closed_by: string; closed_at: Date; figures: ZReportListing['figures'] }>(
    `SELECT z.number, t.name AS till, z.shift_id, u.name AS closed_by, z.closed_at, z.figures
       FROM z_reports z
       JOIN shifts s ON s.tenant_id = z.tenant_id AND s.id = z.shift_id
       JOIN terminals t ON t.tenant_id = z.tenant_id AND t.id = z.terminal_id
       JOIN users u ON u.tenant_id = z.tenant_id AND u.id = z.closed_by
      WHERE z.tenant_id = $1 AND s.store_id = $2
      ORDER BY z.closed_at DESC, t.name, z.number DESC LIMIT $3`,
    [tenantId, storeId, limit],
  );
  return r.rows.map((row) => ({ number: Number(row.number), till: row.till, shiftId: row.shift_id, closedBy: row.closed_by, closedAt: row.closed_at, figures: row.figures }));
}

function numbers(m: PerCurrency | null): PerCurrency {
  const out: PerCurrency = {};
  for (const [c, v] of Object.entries(m ?? {})) out[c as keyof PerCurrency] = Number(v);
  return out;
}
