import { DomainError } from '../../shared/domain/errors';
import type { PostedRate } from '../../shared/domain/exchange';
import { sumMoney, type Currency } from '../../shared/domain/money';
import { chargedLineTotals, refundParts, returnLines, tenderShares, type PriorReturns, type RefundPart, type ReturnedLine } from '../../shared/domain/returns';
import { lockedVatSchema } from '../../shared/domain/tax';
import type { BranchParsedInput, ReceiptView, ReturnableSaleView } from '../../shared/api/branch-api';
import type { SaleForReturn } from '../../shared/sync/sale-lookup';
import type { ReturnPreview, ReturnView } from '../../shared/api/return-api';
import type { SaleReturnPayload } from '../../shared/ops/operations';
import { decideLedgerWrite, decideReturnLine } from '../../shared/policy/conflict-policy';
import { applyMovement, appendOp, opCause, type TillStore } from '../store';
import { requestFingerprint } from '../store/idempotency';
import { insertReturn, priorReturnTotals, refundPartRows, returnLineRows, returnRow, saleReturnRows, type ReturnRow } from '../store/returns-repo';
import { saleLineRows, saleRow, saleTenderRows } from '../store/sales-repo';
import { tenantLegal } from '../store/tax-repo';
import { approval, type Actor } from './actor';
import { requireReceipt } from './sales';

/**
 * Returns against a receipt (issue 11). The cashier scans the customer's receipt (or finds the sale), picks lines
 * and quantities, and says of each whether it goes back on the shelf or, damaged, to waste; a manager approves.
 * The till works the refund out itself (shared/domain/returns.ts), never taking an amount from the screen: each
 * line's share of what it cost the customer, paid back into the sale's own tenders (card first, then cash in the
 * currency it was handed over in) at the rate the sale locked. One transaction writes the op, the return's rows
 * and, per line, a RETURN movement (and a WASTE after it for damaged goods). A cash refund leaves the open shift's
 * drawer (services/shifts.ts). A sale of this till is returned offline; another till's once the server has it
 * (services/remote-sales.ts reads it, and the server checks the return again against every till's).
 */

/** A sale as a return works on it, whichever till made it. */
interface ReturnableSale {
  saleId: string;
  number: string | null;
  currency: Currency;
  total: number;
  lines: Array<{ lineId: string; productId: string; sku: string; name: string; unit: string; qty: number; total: number; reversed: boolean }>;
  tenders: Array<{ method: 'cash' | 'card'; currency: Currency; amount: number }>;
  charged: number[];
  prior: PriorReturns;
  rate: PostedRate | null;
  receipt: () => ReceiptView;
  /** another till's sale as the server answered for it; null for a sale of this till */
  remote: SaleForReturn | null;
}

/**
 * Every return of the sale counted once: this till's own (any state: one the server rejected was still handed
 * back here), and those of the server's answer that are not this till's (another till's), by return id. So a
 * return this till made since the answer was read is counted whether or not it has synced.
 */
function priorOf(local: ReturnType<typeof priorReturnTotals>, remote: SaleForReturn | null | undefined): PriorReturns {
  const add = <K>(m: Map<K, number>, k: K, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const qty = new Map<string, number>();
  const amount = new Map<string, number>();
  const perTender = new Map<number, number>();
  const mine = new Set(local.ids);
  for (const r of remote?.returns ?? []) {
    if (mine.has(r.returnId)) continue;
    for (const l of r.lines) {
      add(qty, l.lineId, l.qty);
      add(amount, l.lineId, l.refund);
    }
    for (const t of r.refunds) add(perTender, t.tenderIndex, t.baseAmount);
  }
  for (const l of local.lines) {
    add(qty, l.line_id, l.qty);
    add(amount, l.line_id, l.refund);
  }
  for (const t of local.tenders) add(perTender, t.tender_index, t.base_amount);
  return { qty, amount, perTender };
}

/**
 * The sale of a receipt: this till's own from its rows, another till's from the server's answer (`remote`). What
 * came back so far is this till's returns and, when the server answered, the other tills' it holds.
 */
function saleForReturn(store: TillStore, saleId: string, remote: SaleForReturn | undefined): ReturnableSale {
  const sale = saleRow(store, saleId);
  if (sale !== undefined) {
    const lines = saleLineRows(store, saleId);
    const vat = sale.vat_json === null ? null : lockedVatSchema.parse(JSON.parse(sale.vat_json));
    return {
      saleId,
      number: sale.number,
      currency: sale.currency,
      total: sale.total,
      lines: lines.map((l) => ({ lineId: l.line_id, productId: l.product_id, sku: l.sku, name: l.name, unit: l.unit, qty: l.qty, total: l.total, reversed: l.reversed === 1 })),
      tenders: saleTenderRows(store, saleId).map((t) => ({ method: t.method, currency: t.currency ?? sale.currency, amount: t.amount })),
      charged: chargedLineTotals(lines.map((l) => ({ total: l.total, rateBp: l.rate_bp ?? undefined })), vat, sale.total),
      // online, the server's answer adds what other tills took back of this till's sale
      prior: priorOf(priorReturnTotals(store, saleId), remote?.saleId === saleId ? remote : null),
      rate: sale.rate === null || sale.rate_quote === null ? null : { base: sale.currency, quote: sale.rate_quote, rate: sale.rate },
      receipt: () => requireReceipt(store, saleId),
      remote: null,
    };
  }
  if (remote === undefined || remote.saleId !== saleId) {
    throw new DomainError('NOT_FOUND', 'this receipt is another till’s sale, read from the server when it is looked up: look it up again', { saleId });
  }
  const r = remote;
  return {
    saleId,
    number: r.number,
    currency: r.currency,
    total: r.total,
    lines: r.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, sku: l.sku, name: l.name, unit: l.unit, qty: l.qty, total: l.total, reversed: l.reversed })),
    tenders: r.tenders.map((t) => ({ method: t.method, currency: t.currency ?? r.currency, amount: t.amount })),
    charged: chargedLineTotals(r.lines.map((l) => ({ total: l.total, rateBp: l.rateBp })), r.vat, r.total),
    prior: priorOf(priorReturnTotals(store, saleId), r),
    rate: r.rate === null ? null : { base: r.rate.base, quote: r.rate.quote, rate: r.rate.rate },
    receipt: () => remoteReceipt(store, r),
    remote: r,
  };
}

/** Another till's sale as a receipt to show: as the server answered for it, with the tenant's identity as here. */
function remoteReceipt(store: TillStore, r: SaleForReturn): ReceiptView {
  const reversed = r.lines.filter((l) => l.reversed).length;
  return {
    saleId: r.saleId,
    number: r.number ?? r.saleId.slice(-8),
    occurredAt: r.occurredAt,
    tillName: r.tillName,
    storeName: r.storeName,
    cashierName: r.cashierName,
    currency: r.currency,
    lines: r.lines.map((l) => ({
      lineId: l.lineId,
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      unit: l.unit,
      qty: l.qty,
      unitPrice: l.unitPrice,
      total: l.total,
      reversed: l.reversed,
      ...(l.rateBp === undefined ? {} : { rateBp: l.rateBp }),
    })),
    tenders: r.tenders,
    total: r.total,
    change: r.change,
    customerContact: null,
    overrideReason: null,
    status: reversed === 0 ? 'completed' : reversed === r.lines.length ? 'reversed' : 'partially_reversed',
    // the other till's change in pounds and its rounding are its receipt's; the return needs only the rate
    exchange: null,
    vat: r.vat,
    legal: tenantLegal(store),
  };
}

/** A sale as the return screen shows it. */
export function returnableSale(store: TillStore, saleId: string, remote?: SaleForReturn): ReturnableSaleView {
  const s = saleForReturn(store, saleId, remote);
  return {
    receipt: s.receipt(),
    lines: s.lines.map((l, i) => {
      const returned = s.prior.qty.get(l.lineId) ?? 0;
      const charged = s.charged[i] ?? 0;
      return {
        lineId: l.lineId,
        productId: l.productId,
        sku: l.sku,
        name: l.name,
        unit: l.unit,
        sold: l.qty,
        returned,
        left: l.reversed ? 0 : Math.max(l.qty - returned, 0),
        reversed: l.reversed,
        charged,
        refundable: l.reversed ? 0 : Math.max(charged - (s.prior.amount.get(l.lineId) ?? 0), 0),
      };
    }),
    returns: saleReturnRows(store, saleId).map((r) => returnViewOf(store, r)),
  };
}

interface WorkedReturn {
  s: ReturnableSale;
  lines: ReturnedLine[];
  refund: number;
  refunds: RefundPart[];
}

/** The refund of the picked lines, refused as return.complete refuses it: a reversed line, more than is left. */
function workReturn(store: TillStore, input: BranchParsedInput<'return.preview'>, remote: SaleForReturn | undefined): WorkedReturn {
  const s = saleForReturn(store, input.saleId, remote);
  for (const r of input.lines) {
    const line = s.lines.find((l) => l.lineId === r.lineId);
    if (line === undefined) continue; // returnLines() says the line is not on this receipt
    decideReturnLine({ sold: line.qty, returnedBefore: s.prior.qty.get(r.lineId) ?? 0, reversed: line.reversed, qty: r.qty }, 'till');
  }
  const sold = s.lines.map((l, i) => ({ lineId: l.lineId, productId: l.productId, qty: l.qty, total: s.charged[i] ?? 0 }));
  const lines = returnLines(sold, s.prior, input.lines);
  const refund = sumMoney(lines.map((l) => l.refund));
  const shares = tenderShares(s.total, s.tenders, s.currency, s.rate);
  return { s, lines, refund, refunds: refundParts(refund, shares, s.prior, s.rate) };
}

function previewOf(w: WorkedReturn, input: BranchParsedInput<'return.preview'>): ReturnPreview {
  return {
    lines: w.lines.map((l, i) => ({
      lineId: l.lineId,
      name: w.s.lines.find((s) => s.lineId === l.lineId)?.name ?? l.productId,
      qty: l.qty,
      disposition: input.lines[i]?.disposition ?? 'restock',
      refund: l.refund,
    })),
    refund: w.refund,
    refunds: w.refunds,
  };
}

export function previewReturn(store: TillStore, input: BranchParsedInput<'return.preview'>, remote?: SaleForReturn): ReturnPreview {
  return previewOf(workReturn(store, input, remote), input);
}

/**
 * Records a return. Idempotent by returnId: the same request again answers the recorded return and writes
 * nothing; the same id with other lines is refused with ID_REUSED.
 */
export function completeReturn(store: TillStore, input: BranchParsedInput<'return.complete'>, actor: Actor, now: Date, remote?: SaleForReturn): ReturnView {
  const fingerprint = requestFingerprint(input);
  const prior = returnRow(store, input.returnId);
  if (prior !== undefined) {
    if (prior.request_fingerprint !== fingerprint) {
      throw new DomainError('ID_REUSED', `return ${input.returnId} was already recorded with other lines: start a new one`, { id: input.returnId });
    }
    return returnViewOf(store, prior);
  }
  if (actor.managerId === null) throw new DomainError('FORBIDDEN', 'a return needs a manager’s approval');
  const w = workReturn(store, input, remote);
  const preview = previewOf(w, input);
  const occurredAt = now.toISOString();
  const payload: SaleReturnPayload = {
    returnId: input.returnId,
    saleId: input.saleId,
    currency: w.s.currency,
    lines: preview.lines.map((l, i) => ({ lineId: l.lineId, productId: w.lines[i]?.productId ?? '', qty: l.qty, disposition: l.disposition, refund: l.refund })),
    refund: w.refund,
    refunds: w.refunds,
    reason: input.reason,
    ...approval(actor),
  };
  const storeId = store.config().storeId;
  store.transaction(() => {
    const op = appendOp(store, { type: 'sale_return', userId: actor.userId, occurredAt, payload });
    insertReturn(store, {
      id: input.returnId,
      saleId: input.saleId,
      saleNumber: w.s.number,
      remoteSaleJson: w.s.remote === null ? null : JSON.stringify(w.s.remote),
      opSeq: op.seq,
      userId: actor.userId,
      approvedBy: approval(actor).approvedBy ?? null,
      occurredAt,
      currency: payload.currency,
      refund: payload.refund,
      reason: input.reason,
      fingerprint,
      lines: payload.lines,
      refunds: payload.refunds,
    });
    for (const line of w.lines) {
      for (const movement of line.movements) {
        // A RETURN only adds. The WASTE of damaged goods takes out exactly what its RETURN just put in, and is
        // written as the policy writes any waste (unguarded: the goods are gone), so a shelf already short
        // (oversold) cannot stop the bin taking what came back.
        const unguarded = !decideLedgerWrite(movement.kind === 'WASTE' ? { kind: 'waste' } : { kind: 'sale_return' }).guarded;
        const result = applyMovement(store, { productId: line.productId, locationId: storeId, movement, cause: opCause(op.seq), occurredAt, unguarded });
        if (!result.ok) throw new DomainError('INTERNAL', `the ${movement.kind} of a returned line was refused`, { lineId: line.lineId });
      }
    }
  });
  const row = returnRow(store, input.returnId);
  if (row === undefined) throw new DomainError('INTERNAL', 'the return was not recorded');
  return returnViewOf(store, row);
}

function returnViewOf(store: TillStore, r: ReturnRow): ReturnView {
  return {
    returnId: r.id,
    saleId: r.sale_id,
    saleNumber: r.sale_number ?? r.sale_id.slice(-8),
    occurredAt: r.occurred_at,
    currency: r.currency,
    byName: r.user_name ?? 'unknown',
    approvedByName: r.approved_by_name,
    reason: r.reason,
    lines: returnLineRows(store, r.id).map((l) => ({ lineId: l.line_id, name: l.name, qty: l.qty, disposition: l.disposition, refund: l.refund })),
    refund: r.refund,
    refunds: refundPartRows(store, r.id).map((p) => ({ tenderIndex: p.tender_index, method: p.method, currency: p.currency, baseAmount: p.base_amount, amount: p.amount })),
    pending: r.synced !== 1,
  };
}
