import type { Currency } from '../../shared/domain/money';
import type { PerCurrency } from '../../shared/domain/shift';
import type { TillStore } from './database';

/**
 * The SQL of the till's shifts (migration 0014): the open shift, its cash moves, the cash and card its sales took,
 * and the Z reports. Every write runs in the caller's transaction; the tables' triggers refuse changing a closed
 * shift, a cash move or a Z report, and a Z number that is not the till's next.
 */

export interface ShiftRow {
  id: string;
  till_id: string;
  user_id: string;
  opened_at: string;
  open_op_seq: number;
  float_json: string;
  note: string | null;
  closed_at: string | null;
  close_op_seq: number | null;
  request_fingerprint: string;
}

const SHIFT_COLUMNS = 'id, till_id, user_id, opened_at, open_op_seq, float_json, note, closed_at, close_op_seq, request_fingerprint';

export function openShiftRow(store: TillStore, tillId: string): ShiftRow | undefined {
  return store.stmt<[string], ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM shifts WHERE till_id = ? AND closed_at IS NULL`).get(tillId);
}

export function shiftRow(store: TillStore, shiftId: string): ShiftRow | undefined {
  return store.stmt<[string], ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM shifts WHERE id = ?`).get(shiftId);
}

export function insertShift(
  store: TillStore,
  s: { id: string; tillId: string; userId: string; openedAt: string; opSeq: number; float: PerCurrency; note: string | null; fingerprint: string },
): void {
  store
    .stmt(
      `INSERT INTO shifts (id, till_id, user_id, opened_at, open_op_seq, float_json, note, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(s.id, s.tillId, s.userId, s.openedAt, s.opSeq, JSON.stringify(s.float), s.note, s.fingerprint);
}

/** The one change a shift's row ever takes (migration 0014's trigger refuses any other). */
export function markShiftClosed(store: TillStore, shiftId: string, closedAt: string, opSeq: number): void {
  store.stmt('UPDATE shifts SET closed_at = ?, close_op_seq = ? WHERE id = ? AND closed_at IS NULL').run(closedAt, opSeq, shiftId);
}

export interface CashMoveRow {
  id: string;
  shift_id: string;
  direction: 'in' | 'out';
  currency: Currency;
  amount: number;
  reason: string;
  by_name: string;
  approved_by_name: string | null;
  occurred_at: string;
  request_fingerprint: string;
}

export function cashMoveRow(store: TillStore, moveId: string): CashMoveRow | undefined {
  return store
    .stmt<[string], CashMoveRow>(
      `SELECT m.id, m.shift_id, m.direction, m.currency, m.amount, m.reason, u.name AS by_name, a.name AS approved_by_name, m.occurred_at, m.request_fingerprint
         FROM cash_moves m LEFT JOIN users u ON u.id = m.user_id LEFT JOIN users a ON a.id = m.approved_by WHERE m.id = ?`,
    )
    .get(moveId);
}

export function cashMoveRows(store: TillStore, shiftId: string): CashMoveRow[] {
  return store
    .stmt<[string], CashMoveRow>(
      `SELECT m.id, m.shift_id, m.direction, m.currency, m.amount, m.reason, u.name AS by_name, a.name AS approved_by_name, m.occurred_at, m.request_fingerprint
         FROM cash_moves m LEFT JOIN users u ON u.id = m.user_id LEFT JOIN users a ON a.id = m.approved_by
        WHERE m.shift_id = ? ORDER BY m.op_seq`,
    )
    .all(shiftId);
}

export function insertCashMove(
  store: TillStore,
  m: { id: string; shiftId: string; direction: 'in' | 'out'; currency: Currency; amount: number; reason: string; userId: string; approvedBy: string | null; occurredAt: string; opSeq: number; fingerprint: string },
): void {
  store
    .stmt(
      `INSERT INTO cash_moves (id, shift_id, direction, currency, amount, reason, user_id, approved_by, occurred_at, op_seq, request_fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(m.id, m.shiftId, m.direction, m.currency, m.amount, m.reason, m.userId, m.approvedBy, m.occurredAt, m.opSeq, m.fingerprint);
}

/** What the shift's sales took, summed: sales recorded after its opening op and before its closing op, if any. */
export interface ShiftTakings {
  /** tenders per method and currency (a tender without a currency is in its sale's) */
  tenders: Array<{ method: 'cash' | 'card'; currency: Currency; amount: number }>;
  /** change handed back per currency: the sale's own (`change`) and the rate's quote (`change_quote`) */
  change: Array<{ currency: Currency; amount: number }>;
  sales: number;
  takings: number;
  /** what discounts took off the sales, and what returns refunded, in the till's currency */
  discounts: number;
  refunded: number;
}

export function shiftTakings(store: TillStore, fromSeq: number, toSeq: number | null): ShiftTakings {
  const upTo = toSeq ?? Number.MAX_SAFE_INTEGER;
  const tenders = store
    .stmt<[number, number], { method: 'cash' | 'card'; currency: Currency; amount: number }>(
      `SELECT t.method, COALESCE(t.currency, s.currency) AS currency, sum(t.amount) AS amount
         FROM sales s JOIN tenders t ON t.sale_id = s.id
        WHERE s.op_seq > ? AND s.op_seq < ? GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all(fromSeq, upTo);
  const change = store
    .stmt<[number, number, number, number], { currency: Currency; amount: number }>(
      `SELECT currency, sum(amount) AS amount FROM (
         SELECT currency, change AS amount FROM sales WHERE op_seq > ? AND op_seq < ? AND change > 0
         UNION ALL
         SELECT rate_quote, change_quote FROM sales WHERE op_seq > ? AND op_seq < ? AND change_quote > 0 AND rate_quote IS NOT NULL
       ) GROUP BY currency ORDER BY currency`,
    )
    .all(fromSeq, upTo, fromSeq, upTo);
  const totals = store
    .stmt<[number, number], { n: number; takings: number | null }>('SELECT count(*) AS n, sum(total) AS takings FROM sales WHERE op_seq > ? AND op_seq < ?')
    .get(fromSeq, upTo);
  const discounts = store
    .stmt<[number, number], { off: number | null }>('SELECT sum(l.discount) AS off FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.op_seq > ? AND s.op_seq < ?')
    .get(fromSeq, upTo);
  const refunded = store.stmt<[number, number], { back: number | null }>('SELECT sum(refund) AS back FROM sale_returns WHERE op_seq > ? AND op_seq < ?').get(fromSeq, upTo);
  return { tenders, change, sales: totals?.n ?? 0, takings: totals?.takings ?? 0, discounts: discounts?.off ?? 0, refunded: refunded?.back ?? 0 };
}

export interface ZReportRow {
  shift_id: string;
  number: number;
  closed_at: string;
  report_json: string;
  op_seq: number;
  synced: number;
}

export function nextZNumber(store: TillStore, tillId: string): number {
  return store.stmt<[string], { next: number }>('SELECT COALESCE(MAX(number), 0) + 1 AS next FROM z_reports WHERE till_id = ?').get(tillId)?.next ?? 1;
}

export function insertZReport(store: TillStore, z: { shiftId: string; tillId: string; number: number; closedBy: string; closedAt: string; report: unknown; opSeq: number }): void {
  store
    .stmt('INSERT INTO z_reports (shift_id, till_id, number, closed_by, closed_at, report_json, op_seq) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(z.shiftId, z.tillId, z.number, z.closedBy, z.closedAt, JSON.stringify(z.report), z.opSeq);
}

const Z_COLUMNS = `z.shift_id, z.number, z.closed_at, z.report_json, z.op_seq, (SELECT o.state = 'acknowledged' FROM ops o WHERE o.seq = z.op_seq) AS synced`;

export function zReportRow(store: TillStore, shiftId: string): ZReportRow | undefined {
  return store.stmt<[string], ZReportRow>(`SELECT ${Z_COLUMNS} FROM z_reports z WHERE z.shift_id = ?`).get(shiftId);
}

export function recentZReportRows(store: TillStore, tillId: string, limit: number): ZReportRow[] {
  return store.stmt<[string, number], ZReportRow>(`SELECT ${Z_COLUMNS} FROM z_reports z WHERE z.till_id = ? ORDER BY z.number DESC LIMIT ?`).all(tillId, limit);
}
