import type { ChangeIn } from '../../shared/domain/exchange';
import type { Currency } from '../../shared/domain/money';
import type { TillStore } from './database';

/**
 * Sales, their lines and tenders (migration 0001; what a sale in two currencies locked: 0011; the VAT it locked: 0013). Every write runs in
 * the caller's transaction, with the sale's op.
 */

/**
 * Takes the next human receipt number, in the sale's own transaction so numbers never repeat; undefined on a till
 * that is not set up.
 */
export function takeReceiptNumber(store: TillStore): number | undefined {
  return store
    .stmt<[], { n: number }>('UPDATE till_config SET next_receipt_no = next_receipt_no + 1 WHERE singleton = 1 RETURNING next_receipt_no - 1 AS n')
    .get()?.n;
}

export interface NewSale {
  id: string;
  number: string;
  opSeq: number;
  userId: string;
  occurredAt: string;
  currency: Currency;
  total: number;
  change: number;
  /** JSON of the customer contact, or null */
  customerContactJson: string | null;
  overrideManagerId: string | null;
  overrideReason: string | null;
  requestFingerprint: string;
  /** the rate the sale locked and the change in its quote currency; null for a sale without a rate */
  exchange: { rateId: string; quote: Currency; rate: number; changeIn: ChangeIn; changeQuote: number; rounding: number } | null;
  /** JSON of the VAT summary the sale locked (shared/domain/tax.ts LockedVat), or null for a sale without VAT */
  vatJson: string | null;
}

export function insertSale(store: TillStore, sale: NewSale): void {
  store
    .stmt(
      `INSERT INTO sales (id, number, op_seq, user_id, occurred_at, currency, total, change, customer_contact, override_manager_id, override_reason,
         request_fingerprint, rate_id, rate_quote, rate, change_in, change_quote, rounding, vat_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      sale.id,
      sale.number,
      sale.opSeq,
      sale.userId,
      sale.occurredAt,
      sale.currency,
      sale.total,
      sale.change,
      sale.customerContactJson,
      sale.overrideManagerId,
      sale.overrideReason,
      sale.requestFingerprint,
      sale.exchange?.rateId ?? null,
      sale.exchange?.quote ?? null,
      sale.exchange?.rate ?? null,
      sale.exchange?.changeIn ?? null,
      sale.exchange?.changeQuote ?? null,
      sale.exchange?.rounding ?? null,
      sale.vatJson,
    );
}

export function insertSaleLine(
  store: TillStore,
  saleId: string,
  lineNo: number,
  line: { lineId: string; productId: string; qty: number; unitPrice: number; total: number; rateBp?: number | undefined; discount?: number | undefined; shelfUnitPrice?: number | undefined },
): void {
  store
    .stmt('INSERT INTO sale_lines (sale_id, line_no, line_id, product_id, qty, unit_price, total, rate_bp, discount, shelf_unit_price) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(saleId, lineNo, line.lineId, line.productId, line.qty, line.unitPrice, line.total, line.rateBp ?? null, line.discount ?? 0, line.shelfUnitPrice ?? null);
}

/** A tender without a currency is in the sale's own, and is stored so (NULL), as before two currencies. */
export function insertTender(store: TillStore, saleId: string, lineNo: number, tender: { method: string; amount: number; currency?: Currency | undefined }): void {
  store
    .stmt('INSERT INTO tenders (sale_id, line_no, method, amount, currency) VALUES (?, ?, ?, ?, ?)')
    .run(saleId, lineNo, tender.method, tender.amount, tender.currency ?? null);
}

export type SaleStatus = 'completed' | 'partially_reversed' | 'reversed';

export interface SaleRow {
  id: string;
  number: string;
  occurred_at: string;
  currency: Currency;
  total: number;
  change: number;
  customer_contact: string | null;
  override_reason: string | null;
  status: SaleStatus;
  cashier_name: string | null;
  /** the op that wrote the sale: orders sales of the same millisecond */
  op_seq: number;
  rate_id: string | null;
  rate_quote: Currency | null;
  rate: number | null;
  change_in: ChangeIn | null;
  change_quote: number | null;
  rounding: number | null;
  vat_json: string | null;
}

export interface SaleLineRow {
  line_id: string;
  product_id: string;
  sku: string;
  name: string;
  unit: string;
  qty: number;
  unit_price: number;
  total: number;
  reversed: number;
  /** the VAT rate the line was charged at (migration 0015); null for a line sold before, or without VAT */
  rate_bp: number | null;
  /** what was taken off the line (migration 0017) */
  discount: number;
  /** the shelf's unit price when the line sold at another (migration 0017) */
  shelf_unit_price: number | null;
}

const SALE_COLUMNS = `s.id, s.number, s.occurred_at, s.currency, s.total, s.change, s.customer_contact, s.override_reason, s.status,
         u.name AS cashier_name, s.op_seq, s.rate_id, s.rate_quote, s.rate, s.change_in, s.change_quote, s.rounding, s.vat_json
       FROM sales s LEFT JOIN users u ON u.id = s.user_id`;

export function saleRow(store: TillStore, saleId: string): SaleRow | undefined {
  return store.stmt<[string], SaleRow>(`SELECT ${SALE_COLUMNS} WHERE s.id = ?`).get(saleId);
}

/** The latest sales, newest first (by time, then by op for sales of the same millisecond). */
export function recentSaleRows(store: TillStore, limit: number): SaleRow[] {
  return store.stmt<[number], SaleRow>(`SELECT ${SALE_COLUMNS} ORDER BY s.occurred_at DESC, s.op_seq DESC LIMIT ?`).all(limit);
}

export interface SaleSearch {
  /** a receipt number or its beginning ("H1-00001"), compared as typed */
  numberPrefix?: string;
  /** inclusive, ISO UTC as stored (toISOString) */
  from?: string;
  /** exclusive, ISO UTC as stored */
  to?: string;
  /** the exact total, minor units */
  total?: number;
  /** the last sale of the previous page: this page starts strictly after it, in newest-first order */
  after?: { occurredAt: string; opSeq: number };
  limit: number;
}

/**
 * Sales matching every given filter, newest first (by time, then by op), keyset-paged so a page never repeats or
 * skips a sale that was written meanwhile. The number filter is a range on the UNIQUE index of number (a prefix
 * P is every number n with P <= n < P + U+FFFF, receipt numbers being ASCII), the total one uses sales_by_total
 * (0008), the time one sales_recent (0001).
 */
export function searchSaleRows(store: TillStore, search: SaleSearch): SaleRow[] {
  const { sql, params } = saleSearchQuery(search);
  return store.stmt<Array<string | number>, SaleRow>(sql).all(...params);
}

/** The statement searchSaleRows runs, apart so a test can ask SQLite which index it reads (EXPLAIN QUERY PLAN). */
export function saleSearchQuery(search: SaleSearch): { sql: string; params: Array<string | number> } {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (search.numberPrefix !== undefined) {
    where.push('s.number >= ? AND s.number < ?');
    params.push(search.numberPrefix, `${search.numberPrefix}\uffff`);
  }
  if (search.total !== undefined) {
    where.push('s.total = ?');
    params.push(search.total);
  }
  if (search.from !== undefined) {
    where.push('s.occurred_at >= ?');
    params.push(search.from);
  }
  if (search.to !== undefined) {
    where.push('s.occurred_at < ?');
    params.push(search.to);
  }
  if (search.after !== undefined) {
    where.push('(s.occurred_at < ? OR (s.occurred_at = ? AND s.op_seq < ?))');
    params.push(search.after.occurredAt, search.after.occurredAt, search.after.opSeq);
  }
  params.push(search.limit);
  const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  return { sql: `SELECT ${SALE_COLUMNS} ${filter} ORDER BY s.occurred_at DESC, s.op_seq DESC LIMIT ?`, params };
}

export function saleLineRows(store: TillStore, saleId: string): SaleLineRow[] {
  return store
    .stmt<[string], SaleLineRow>(
      `SELECT l.line_id, l.product_id, p.sku, p.name, p.unit, l.qty, l.unit_price, l.total, l.reversed, l.rate_bp, l.discount, l.shelf_unit_price
       FROM sale_lines l JOIN products p ON p.id = l.product_id WHERE l.sale_id = ? ORDER BY l.line_no`,
    )
    .all(saleId);
}

export type TenderRow = { method: 'cash' | 'card'; amount: number; currency?: Currency };

export function saleTenderRows(store: TillStore, saleId: string): TenderRow[] {
  return store
    .stmt<[string], { method: 'cash' | 'card'; amount: number; currency: Currency | null }>('SELECT method, amount, currency FROM tenders WHERE sale_id = ? ORDER BY line_no')
    .all(saleId)
    .map((t) => (t.currency === null ? { method: t.method, amount: t.amount } : { method: t.method, amount: t.amount, currency: t.currency }));
}

/** The sale written by local op `opSeq`, if that op was a sale. */
export function saleIdOfOp(store: TillStore, opSeq: number): string | undefined {
  return store.stmt<[number], { id: string }>('SELECT id FROM sales WHERE op_seq = ?').get(opSeq)?.id;
}

/** Flags a line reversed by the server, once: its product and quantity the first time, undefined after. */
export function markSaleLineReversed(store: TillStore, saleId: string, lineId: string): { productId: string; qty: number } | undefined {
  const row = store
    .stmt<[string, string], { product_id: string; qty: number }>(
      'UPDATE sale_lines SET reversed = 1 WHERE sale_id = ? AND line_id = ? AND reversed = 0 RETURNING product_id, qty',
    )
    .get(saleId, lineId);
  return row === undefined ? undefined : { productId: row.product_id, qty: row.qty };
}

export function setSaleStatus(store: TillStore, saleId: string, status: SaleStatus): void {
  store.stmt('UPDATE sales SET status = ? WHERE id = ?').run(status, saleId);
}
