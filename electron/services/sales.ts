import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../shared/domain/errors';
import { toQuote } from '../../shared/domain/exchange';
import { lineTotal, sumMoney } from '../../shared/domain/money';
import { formatQuantity } from '../../shared/domain/quantity';
import type { BranchParsedInput, ReceiptExchange, ReceiptView, SaleSearchPage } from '../../shared/api/branch-api';
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
import { deleteHeldCartOfSale } from '../store/held-carts-repo';
import type { Actor } from './actor';
import { assertQtyFitsUnit, lineProduct, type LineProduct } from './line-products';
import { priceSaleLine } from './pack-pricing';
import { priceScaleLine, scaleLabelKind } from './scale-labels';
import { saleExchange } from './exchange';
import { settleSale, type SaleSettlement } from './sale-settlement';
import { saleVat } from './sale-vat';
import { tenantLegal, tenantTax } from '../store/tax-repo';
import { lockedVatSchema, rateOfClass } from '../../shared/domain/tax';
import { discountLines } from '../../shared/domain/discounts';
import { discountLimitBp } from '../store/selling-settings-repo';

export type CompleteSaleInput = BranchParsedInput<'sale.complete'>;

/**
 * Completes a sale in ONE transaction: its operation, the sale, lines and tenders, and for each line one
 * conditional deduction with its SALE movement. Paid in the till's currency, its second one, card, or a mix
 * (./sale-settlement.ts); the rate in force is locked on the sale and its op with the change per currency. A line the shelf cannot cover refuses the whole sale, unless a
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

  const tax = tenantTax(store);
  const products: LineProduct[] = [];
  const shelf = input.lines.map((line) => {
    const product = lineProduct(store, line.productId);
    if (product.active !== 1) {
      throw new DomainError('INACTIVE_PRODUCT', `${product.name} is no longer sold`, { productId: product.id, name: product.name });
    }
    assertQtyFitsUnit(product, line.qty);
    products.push(product);
    // the line's VAT rate is locked with it, so a return refunds its VAT (shared/domain/returns.ts chargedLineTotals)
    const rate = tax === null ? {} : { rateBp: rateOfClass(tax, product.tax_class) };
    if (line.label !== undefined && line.pack !== undefined) throw new DomainError('INVALID_INPUT', 'a line is scanned as a pack or as a scale label, not both', { productId: line.productId });
    const price = line.label === undefined ? priceSaleLine(store, product, line.qty, line.pack) : priceScaleLine(store, product, line.qty, line.label);
    return { lineId: uuidv7(), productId: product.id, qty: line.qty, ...price, ...rate };
  });
  // A price the cashier set instead of the shelf's, per unit (never on a pack line: its price is the pack's).
  const priced = input.lines.map((line) => {
    if (line.price === undefined) return undefined;
    if (line.pack !== undefined) throw new DomainError('INVALID_INPUT', 'a line scanned as a pack sells at the pack’s price', { productId: line.productId });
    if (line.label !== undefined && scaleLabelKind(store, line.label) === 'price') {
      throw new DomainError('INVALID_INPUT', 'a line scanned as a price label sells at its printed price', { productId: line.productId, reason: 'label_price' });
    }
    return { unitPrice: line.price, total: lineTotal(line.price, line.qty) };
  });
  // Discounts: the one rule the cart on screen follows too, so the total charged is the total shown. Past the
  // shop's limit a manager approves (in the session), and the sale and its op name them.
  const discounted = discountLines(
    shelf.map((l) => l.total),
    input.lines.map((l) => l.discount),
    input.discount,
    discountLimitBp(store),
    priced.map((p) => p?.total),
  );
  if (discounted.needsManager && actor.managerId === null) {
    throw new DomainError('FORBIDDEN', 'a discount or a lowered price past the shop’s limit needs a manager’s approval', { reason: 'discount_limit' });
  }
  const lines = shelf.map((l, i) => {
    const off = discounted.discounts[i] ?? 0;
    const p = priced[i];
    const atPrice = p === undefined || p.unitPrice === l.unitPrice ? l : { ...l, unitPrice: p.unitPrice, total: p.total, shelfUnitPrice: l.unitPrice };
    return off === 0 ? atPrice : { ...atPrice, total: discounted.totals[i] ?? atPrice.total, discount: off };
  });
  // With tax-exclusive prices the customer pays the lines plus their VAT: the total is the VAT summary's gross.
  // at the rate each line locked above (set whenever the till has tax settings; without them saleVat is null)
  const vat = saleVat(tax, lines.map((l) => ({ total: l.total, rateBp: l.rateBp ?? 0 })));
  const total = vat === null ? sumMoney(lines.map((l) => l.total)) : vat.gross;
  const settlement = settleSale(input.tenders, total, { changeIn: input.changeIn, rateId: input.rateId }, saleExchange(store, config.currency));
  const { change } = settlement;
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
    ...(discounted.needsManager && actor.managerId !== null ? { discountApprovedBy: actor.managerId } : {}),
    ...(settlement.rate === null
      ? {}
      : { rate: settlement.rate, changeIn: settlement.changeIn, changeQuote: settlement.changeQuote, rounding: settlement.rounding }),
    ...(vat === null ? {} : { vat }),
  };

  const number = store.transaction(() => {
    const receiptNo = takeReceiptNumber(store);
    if (receiptNo === undefined) throw new DomainError('UNAVAILABLE', 'this till is not set up yet');
    const receiptNumber = `${config.receiptPrefix}-${String(receiptNo).padStart(6, '0')}`;
    // the op names the receipt too, so a return at another till of the chain can show which paper it was
    const op = appendOp(store, { type: 'sale', userId: actor.userId, payload: { ...payload, number: receiptNumber }, occurredAt });
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
      exchange:
        settlement.rate === null
          ? null
          : { rateId: settlement.rate.rateId, quote: settlement.rate.quote, rate: settlement.rate.rate, changeIn: settlement.changeIn, changeQuote: settlement.changeQuote, rounding: settlement.rounding },
      vatJson: vat === null ? null : JSON.stringify(vat),
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
    // a basket sold is no longer on hold anywhere (a hold whose answer was lost left it both held and on screen)
    deleteHeldCartOfSale(store, input.saleId);
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
    exchange: receiptExchange(total, settlement),
    vat,
    legal: tenantLegal(store),
  };
}

/** What the receipt shows of the second currency: the locked rate, the total at it, the change and rounding. */
function receiptExchange(total: number, s: Pick<SaleSettlement, 'rate' | 'changeIn' | 'changeQuote' | 'rounding'>): ReceiptExchange | null {
  if (s.rate === null) return null;
  return { rate: s.rate, totalQuote: toQuote(total, s.rate), changeIn: s.changeIn, changeQuote: s.changeQuote, rounding: s.rounding };
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
      ...(l.rate_bp === null ? {} : { rateBp: l.rate_bp }),
      ...(l.discount === 0 ? {} : { discount: l.discount }),
      ...(l.shelf_unit_price === null ? {} : { shelfUnitPrice: l.shelf_unit_price }),
    })),
    tenders,
    total: sale.total,
    change: sale.change,
    customerContact: sale.customer_contact === null ? null : (JSON.parse(sale.customer_contact) as CustomerContact),
    overrideReason: sale.override_reason,
    status: sale.status,
    exchange:
      sale.rate_id === null || sale.rate_quote === null || sale.rate === null
        ? null
        : receiptExchange(sale.total, {
            rate: { rateId: sale.rate_id, base: sale.currency, quote: sale.rate_quote, rate: sale.rate },
            changeIn: sale.change_in ?? 'base',
            changeQuote: sale.change_quote ?? 0,
            rounding: sale.rounding ?? 0,
          }),
    vat: sale.vat_json === null ? null : lockedVatSchema.parse(JSON.parse(sale.vat_json)),
    // The tenant's identity as the till knows it now: it names the seller, it is not part of what was charged.
    legal: tenantLegal(store),
  };
}
