import type { Currency } from '../../shared/domain/money';
import type { ReturnDisposition } from '../../shared/ops/operations';
import type { TillStore } from './database';

/**
 * The SQL of returns (migration 0015): a return, its lines and the parts of its refund, written once in the
 * return's own transaction with its op; what earlier returns of a sale took back, per line and per tender; and the
 * cash refunds of a shift's drawer. The tables' triggers refuse an UPDATE or DELETE.
 */

export interface NewReturn {
  id: string;
  saleId: string;
  saleNumber: string | null;
  /** another till's sale as the server answered for it (JSON); null for a sale of this till */
  remoteSaleJson: string | null;
  opSeq: number;
  userId: string;
  approvedBy: string | null;
  occurredAt: string;
  currency: Currency;
  refund: number;
  reason: string;
  fingerprint: string;
  lines: ReadonlyArray<{ lineId: string; productId: string; qty: number; disposition: ReturnDisposition; refund: number }>;
  refunds: ReadonlyArray<{ tenderIndex: number; method: 'cash' | 'card'; currency: Currency; baseAmount: number; amount: number }>;
}

export function insertReturn(store: TillStore, r: NewReturn): void {
  store
    .stmt(
      `INSERT INTO sale_returns (id, sale_id, sale_number, remote_sale_json, op_seq, user_id, approved_by, occurred_at, currency, refund, reason, request_fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.id, r.saleId, r.saleNumber, r.remoteSaleJson, r.opSeq, r.userId, r.approvedBy, r.occurredAt, r.currency, r.refund, r.reason, r.fingerprint);
  const line = store.stmt('INSERT INTO sale_return_lines (return_id, line_no, line_id, product_id, qty, disposition, refund) VALUES (?, ?, ?, ?, ?, ?, ?)');
  r.lines.forEach((l, i) => line.run(r.id, i + 1, l.lineId, l.productId, l.qty, l.disposition, l.refund));
  const part = store.stmt('INSERT INTO sale_return_refunds (return_id, part_no, tender_index, method, currency, base_amount, amount) VALUES (?, ?, ?, ?, ?, ?, ?)');
  r.refunds.forEach((p, i) => part.run(r.id, i + 1, p.tenderIndex, p.method, p.currency, p.baseAmount, p.amount));
}

export interface ReturnRow {
  id: string;
  sale_id: string;
  sale_number: string | null;
  op_seq: number;
  user_name: string | null;
  approved_by_name: string | null;
  occurred_at: string;
  currency: Currency;
  refund: number;
  reason: string;
  request_fingerprint: string;
  synced: number;
}

const RETURN_COLUMNS = `r.id, r.sale_id, r.sale_number, r.op_seq, u.name AS user_name, a.name AS approved_by_name, r.occurred_at,
         r.currency, r.refund, r.reason, r.request_fingerprint, (SELECT o.state = 'acknowledged' FROM ops o WHERE o.seq = r.op_seq) AS synced
       FROM sale_returns r LEFT JOIN users u ON u.id = r.user_id LEFT JOIN users a ON a.id = r.approved_by`;

export function returnRow(store: TillStore, returnId: string): ReturnRow | undefined {
  return store.stmt<[string], ReturnRow>(`SELECT ${RETURN_COLUMNS} WHERE r.id = ?`).get(returnId);
}

/** A sale's returns, oldest first. */
export function saleReturnRows(store: TillStore, saleId: string): ReturnRow[] {
  return store.stmt<[string], ReturnRow>(`SELECT ${RETURN_COLUMNS} WHERE r.sale_id = ? ORDER BY r.op_seq`).all(saleId);
}

export interface ReturnLineRow {
  line_id: string;
  product_id: string;
  name: string;
  qty: number;
  disposition: ReturnDisposition;
  refund: number;
}

export function returnLineRows(store: TillStore, returnId: string): ReturnLineRow[] {
  return store
    .stmt<[string], ReturnLineRow>(
      `SELECT l.line_id, l.product_id, p.name, l.qty, l.disposition, l.refund
         FROM sale_return_lines l JOIN products p ON p.id = l.product_id WHERE l.return_id = ? ORDER BY l.line_no`,
    )
    .all(returnId);
}

export interface RefundPartRow {
  tender_index: number;
  method: 'cash' | 'card';
  currency: Currency;
  base_amount: number;
  amount: number;
}

export function refundPartRows(store: TillStore, returnId: string): RefundPartRow[] {
  return store
    .stmt<[string], RefundPartRow>('SELECT tender_index, method, currency, base_amount, amount FROM sale_return_refunds WHERE return_id = ? ORDER BY part_no')
    .all(returnId);
}

/**
 * What the returns of a sale recorded at this till took back: quantity and refund per line, base amount per tender,
 * and their ids (a server's answer for the sale counts its own, and those it holds of this till's are not counted
 * twice).
 */
export function priorReturnTotals(store: TillStore, saleId: string): {
  ids: string[];
  lines: Array<{ line_id: string; qty: number; refund: number }>;
  tenders: Array<{ tender_index: number; base_amount: number }>;
} {
  const ids = store.stmt<[string], { id: string }>('SELECT id FROM sale_returns WHERE sale_id = ?').all(saleId).map((r) => r.id);
  const lines = store
    .stmt<[string], { line_id: string; qty: number; refund: number }>(
      `SELECT l.line_id, sum(l.qty) AS qty, sum(l.refund) AS refund
         FROM sale_return_lines l JOIN sale_returns r ON r.id = l.return_id WHERE r.sale_id = ? GROUP BY l.line_id`,
    )
    .all(saleId);
  const tenders = store
    .stmt<[string], { tender_index: number; base_amount: number }>(
      `SELECT p.tender_index, sum(p.base_amount) AS base_amount
         FROM sale_return_refunds p JOIN sale_returns r ON r.id = p.return_id WHERE r.sale_id = ? GROUP BY p.tender_index`,
    )
    .all(saleId);
  return { ids, lines, tenders };
}

/** Cash refunded per currency by returns recorded between two ops (a shift's open and close): out of the drawer. */
export function cashRefundsBetween(store: TillStore, fromSeq: number, toSeq: number | null): Array<{ currency: Currency; amount: number }> {
  return store
    .stmt<[number, number], { currency: Currency; amount: number }>(
      `SELECT p.currency, sum(p.amount) AS amount FROM sale_return_refunds p JOIN sale_returns r ON r.id = p.return_id
        WHERE p.method = 'cash' AND r.op_seq > ? AND r.op_seq < ? GROUP BY p.currency ORDER BY p.currency`,
    )
    .all(fromSeq, toSeq ?? Number.MAX_SAFE_INTEGER);
}
