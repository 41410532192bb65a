import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../shared/domain/errors';
import { sumMoney } from '../../shared/domain/money';
import { formatQuantity } from '../../shared/domain/quantity';
import type { BranchParsedInput, ReceiptView, SaleSearchPage } from '../../shared/api/branch-api';
import type { CustomerContact, SalePayload } from '../../shared/ops/operations';
import { applyMovement, appendOp, opCause, type TillStore } from '../store';
import { assertRepeat, findPriorWrite, requestFingerprint } from '../store/idempotency';
import {
  insertSale,
  insertSaleLine,
  insertTender,
  recentSaleRows,
  searchSaleRows,
  type SaleSearch,
  saleLineRows,
  saleRow,
  saleTenderRows,
  takeReceiptNumber,
  type SaleRow,
} from '../store/sales-repo';
import { userName } from '../store/users-repo';
import type { Actor } from './actor';
import { assertQtyFitsUnit, lineProduct, type LineProduct } from './line-products';
import { priceSaleLine } from './pack-pricing';

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
    return { lineId: uuidv7(), productId: product.id, qty: line.qty, ...priceSaleLine(store, product, line.qty, line.pack) };
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
    const receiptNo = takeReceiptNumber(store);
    if (receiptNo === undefined) throw new DomainError('UNAVAILABLE', 'this till is not set up yet');
    const receiptNumber = `${config.receiptPrefix}-${String(receiptNo).padStart(6, '0')}`;
    insertSale(store, {
      id: input.saleId,
      number: receiptNumber,
      opSeq: op.seq,
      userId: actor.userId,
      occurredAt,
      currency: config.currency,
      total,
      change,
      customerContactJson: input.customerContact === undefined ? null : JSON.stringify(input.customerContact),
      overrideManagerId: payload.override?.managerId ?? null,
      overrideReason: payload.override?.reason ?? null,
      requestFingerprint: fingerprint,
    });
    lines.forEach((line, i) => {
      insertSaleLine(store, input.saleId, i + 1, line);
      const result = applyMovement(store, {
        productId: line.productId,
        locationId: config.storeId,
        movement: { kind: 'SALE', qty: line.qty },
        cause: opCause(op.seq),
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
    input.tenders.forEach((t, i) => insertTender(store, input.saleId, i + 1, t));
    return receiptNumber;
  });

  return {
    saleId: input.saleId,
    number,
    occurredAt,
    tillName: config.tillName,
    storeName: config.storeName,
    cashierName: actor.userName ?? userName(store, actor.userId),
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

export function getReceipt(store: TillStore, saleId: string): ReceiptView | undefined {
  const sale = saleRow(store, saleId);
  return sale === undefined ? undefined : receiptFromRow(store, sale);
}

export function requireReceipt(store: TillStore, saleId: string): ReceiptView {
  const receipt = getReceipt(store, saleId);
  if (receipt === undefined) throw new DomainError('NOT_FOUND', `no sale ${saleId} on this till`, { saleId });
  return receipt;
}

export function recentReceipts(store: TillStore, limit: number): ReceiptView[] {
  return recentSaleRows(store, limit).map((s) => receiptFromRow(store, s));
}

/**
 * Receipt history: the sales matching every filter given, newest first, `limit` at a time. One row more than the
 * page is read to know whether another page follows, so the last page says so (nextCursor null) without an empty
 * page after it. Times are compared as stored (UTC, toISOString), so a bound given with an offset is turned to
 * UTC first.
 */
export function searchReceipts(store: TillStore, input: BranchParsedInput<'sale.search'>): SaleSearchPage {
  const search: SaleSearch = { limit: input.limit + 1 };
  if (input.number !== undefined) search.numberPrefix = input.number;
  if (input.total !== undefined) search.total = input.total;
  if (input.from !== undefined) search.from = new Date(input.from).toISOString();
  if (input.to !== undefined) search.to = new Date(input.to).toISOString();
  if (input.cursor !== undefined) {
    const [occurredAt, seq] = input.cursor.split('~') as [string, string];
    search.after = { occurredAt, opSeq: Number(seq) };
  }
  const rows = searchSaleRows(store, search);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    sales: page.map((row) => receiptFromRow(store, row)),
    nextCursor: rows.length > input.limit && last !== undefined ? `${last.occurred_at}~${last.op_seq}` : null,
  };
}

function receiptFromRow(store: TillStore, sale: SaleRow): ReceiptView {
  const config = store.config();
  const lines = saleLineRows(store, sale.id);
  const tenders = saleTenderRows(store, sale.id);
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
