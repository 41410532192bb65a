import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../shared/domain/errors';
import { lineTotal, sumMoney } from '../../shared/domain/money';
import { formatQuantity } from '../../shared/domain/quantity';
import type { BranchParsedInput, ReceiptView } from '../../shared/api/branch-api';
import type { CustomerContact, SalePayload } from '../../shared/ops/operations';
import { applyMovement, appendOp, type TillStore } from '../store';
import { assertRepeat, findPriorWrite, requestFingerprint } from '../store/idempotency';
import type { Actor } from './actor';
import { assertQtyFitsUnit, lineProduct, type LineProduct } from './line-products';

export type CompleteSaleInput = BranchParsedInput<'sale.complete'>;

/**
 * Completes a sale in ONE transaction: its operation, the sale, lines and tenders, and for each line one
 * conditional deduction with its SALE movement. A line the shelf cannot cover refuses the whole sale, unless a
 * manager approved selling past recorded stock (the goods were there), which the sale and its op record.
 * Idempotent by saleId: a retry with the same content gets the stored receipt and writes nothing; the same saleId
 * with other content is refused with ID_REUSED (store/idempotency.ts).
 */
export function completeSale(store: TillStore, input: CompleteSaleInput, actor: Actor, now: Date): ReceiptView {
  const fingerprint = requestFingerprint(input);
  const prior = findPriorWrite(store, 'sale', input.saleId);
  if (prior !== undefined) {
    assertRepeat(prior, { kind: 'sale', id: input.saleId, fingerprint });
    return requireReceipt(store, input.saleId);
  }

  const config = store.config();
  if (input.override !== undefined && actor.managerId === null) {
    throw new DomainError('FORBIDDEN', 'selling beyond recorded stock needs a manager approval');
  }

  const products: LineProduct[] = [];
  const lines = input.lines.map((line) => {
    const product = lineProduct(store, line.productId);
    if (product.active !== 1) {
      throw new DomainError('INACTIVE_PRODUCT', `${product.name} is no longer sold`, { productId: product.id, name: product.name });
    }
    assertQtyFitsUnit(product, line.qty);
    products.push(product);
    return { lineId: uuidv7(), productId: product.id, qty: line.qty, unitPrice: product.price, total: lineTotal(product.price, line.qty) };
  });
  const total = sumMoney(lines.map((l) => l.total));
  const { change } = settleTenders(input.tenders, total);
  const occurredAt = now.toISOString();

  const payload: SalePayload = {
    saleId: input.saleId,
    currency: config.currency,
    lines,
    tenders: input.tenders,
    total,
    change,
    ...(input.customerContact === undefined ? {} : { customerContact: input.customerContact }),
    ...(input.override === undefined || actor.managerId === null
      ? {}
      : { override: { managerId: actor.managerId, reason: input.override.reason } }),
  };

  const number = store.transaction(() => {
    const op = appendOp(store, { type: 'sale', userId: actor.userId, payload, occurredAt });
    const receiptNo = store
      .stmt<[], { n: number }>('UPDATE till_config SET next_receipt_no = next_receipt_no + 1 WHERE singleton = 1 RETURNING next_receipt_no - 1 AS n')
      .get()?.n;
    if (receiptNo === undefined) throw new DomainError('UNAVAILABLE', 'this till is not set up yet');
    const receiptNumber = `${config.receiptPrefix}-${String(receiptNo).padStart(6, '0')}`;
    store
      .stmt(
        `INSERT INTO sales (id, number, op_seq, user_id, occurred_at, currency, total, change, customer_contact, override_manager_id, override_reason,
           request_fingerprint)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.saleId,
        receiptNumber,
        op.seq,
        actor.userId,
        occurredAt,
        config.currency,
        total,
        change,
        input.customerContact === undefined ? null : JSON.stringify(input.customerContact),
        payload.override?.managerId ?? null,
        payload.override?.reason ?? null,
        fingerprint,
      );
    const insertLine = store.stmt('INSERT INTO sale_lines (sale_id, line_no, line_id, product_id, qty, unit_price, total) VALUES (?, ?, ?, ?, ?, ?, ?)');
    lines.forEach((line, i) => {
      insertLine.run(input.saleId, i + 1, line.lineId, line.productId, line.qty, line.unitPrice, line.total);
      const result = applyMovement(store, {
        productId: line.productId,
        locationId: config.storeId,
        movement: { kind: 'SALE', qty: line.qty },
        opSeq: op.seq,
        occurredAt,
        unguarded: payload.override !== undefined,
      });
      if (!result.ok) {
        const product = products[i];
        const available = result.level.onHand - result.level.reserved - result.level.quarantined;
        throw new DomainError('INSUFFICIENT_STOCK', `only ${formatQuantity(available)} of ${product?.name ?? line.productId} left at ${config.storeName}`, {
          productId: line.productId,
          name: product?.name ?? null,
          available,
          requested: line.qty,
        });
      }
    });
    const insertTender = store.stmt('INSERT INTO tenders (sale_id, line_no, method, amount) VALUES (?, ?, ?, ?)');
    input.tenders.forEach((t, i) => insertTender.run(input.saleId, i + 1, t.method, t.amount));
    return receiptNumber;
  });

  return {
    saleId: input.saleId,
    number,
    occurredAt,
    tillName: config.tillName,
    storeName: config.storeName,
    cashierName: userName(store, actor.userId),
    currency: config.currency,
    lines: lines.map((line, i) => {
      const product = products[i] as LineProduct;
      return { ...line, sku: product.sku, name: product.name, unit: product.unit, reversed: false };
    }),
    tenders: input.tenders,
    total,
    change,
    customerContact: input.customerContact ?? null,
    overrideReason: payload.override?.reason ?? null,
    status: 'completed',
  };
}

/**
 * Cash and card against the total. Card is charged exactly, so it can never exceed what is owed; change comes
 * only out of cash.
 */
export function settleTenders(tenders: CompleteSaleInput['tenders'], total: number): { tendered: number; change: number } {
  const card = sumMoney(tenders.filter((t) => t.method === 'card').map((t) => t.amount));
  const cash = sumMoney(tenders.filter((t) => t.method === 'cash').map((t) => t.amount));
  if (card > total) {
    throw new DomainError('INVALID_INPUT', 'a card payment cannot exceed the total: card gives no change', { total, card });
  }
  const tendered = card + cash;
  if (tendered < total) {
    throw new DomainError('TENDER_SHORT', `the payment is ${total - tendered} short of the total`, { total, tendered, short: total - tendered });
  }
  return { tendered, change: tendered - total };
}

function userName(store: TillStore, userId: string): string {
  return store.stmt<[string], { name: string }>('SELECT name FROM users WHERE id = ?').get(userId)?.name ?? 'unknown';
}

interface SaleRow {
  id: string;
  number: string;
  occurred_at: string;
  currency: ReceiptView['currency'];
  total: number;
  change: number;
  customer_contact: string | null;
  override_reason: string | null;
  status: ReceiptView['status'];
  cashier_name: string | null;
}
interface SaleLineRow {
  line_id: string;
  product_id: string;
  sku: string;
  name: string;
  unit: string;
  qty: number;
  unit_price: number;
  total: number;
  reversed: number;
}

export function getReceipt(store: TillStore, saleId: string): ReceiptView | undefined {
  const sale = store
    .stmt<[string], SaleRow>(
      `SELECT s.id, s.number, s.occurred_at, s.currency, s.total, s.change, s.customer_contact, s.override_reason, s.status,
         u.name AS cashier_name
       FROM sales s LEFT JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    )
    .get(saleId);
  return sale === undefined ? undefined : receiptFromRow(store, sale);
}

export function requireReceipt(store: TillStore, saleId: string): ReceiptView {
  const receipt = getReceipt(store, saleId);
  if (receipt === undefined) throw new DomainError('NOT_FOUND', `no sale ${saleId} on this till`, { saleId });
  return receipt;
}

export function recentReceipts(store: TillStore, limit: number): ReceiptView[] {
  const sales = store
    .stmt<[number], SaleRow>(
      `SELECT s.id, s.number, s.occurred_at, s.currency, s.total, s.change, s.customer_contact, s.override_reason, s.status,
         u.name AS cashier_name
       FROM sales s LEFT JOIN users u ON u.id = s.user_id ORDER BY s.occurred_at DESC, s.op_seq DESC LIMIT ?`,
    )
    .all(limit);
  return sales.map((s) => receiptFromRow(store, s));
}

function receiptFromRow(store: TillStore, sale: SaleRow): ReceiptView {
  const config = store.config();
  const lines = store
    .stmt<[string], SaleLineRow>(
      `SELECT l.line_id, l.product_id, p.sku, p.name, p.unit, l.qty, l.unit_price, l.total, l.reversed
       FROM sale_lines l JOIN products p ON p.id = l.product_id WHERE l.sale_id = ? ORDER BY l.line_no`,
    )
    .all(sale.id);
  const tenders = store
    .stmt<[string], { method: 'cash' | 'card'; amount: number }>('SELECT method, amount FROM tenders WHERE sale_id = ? ORDER BY line_no')
    .all(sale.id);
  return {
    saleId: sale.id,
    number: sale.number,
    occurredAt: sale.occurred_at,
    tillName: config.tillName,
    storeName: config.storeName,
    cashierName: sale.cashier_name ?? 'unknown',
    currency: sale.currency,
    lines: lines.map((l) => ({
      lineId: l.line_id,
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      unit: l.unit,
      qty: l.qty,
      unitPrice: l.unit_price,
      total: l.total,
      reversed: l.reversed === 1,
    })),
    tenders,
    total: sale.total,
    change: sale.change,
    customerContact: sale.customer_contact === null ? null : (JSON.parse(sale.customer_contact) as CustomerContact),
    overrideReason: sale.override_reason,
    status: sale.status,
  };
}
