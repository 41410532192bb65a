import { DomainError } from '../../shared/domain/errors';
import type { PostedRate } from '../../shared/domain/exchange';
import { sumMoney } from '../../shared/domain/money';
import { chargedLineTotals, refundParts, returnLines, tenderShares, type PriorReturns, type RefundPart, type ReturnedLine } from '../../shared/domain/returns';
import { lockedVatSchema } from '../../shared/domain/tax';
import type { BranchParsedInput, ReturnableSaleView } from '../../shared/api/branch-api';
import type { ReturnPreview, ReturnView } from '../../shared/api/return-api';
import type { SaleReturnPayload } from '../../shared/ops/operations';
import { decideReturnLine } from '../../shared/policy/conflict-policy';
import { applyMovement, appendOp, opCause, type TillStore } from '../store';
import { requestFingerprint } from '../store/idempotency';
import { insertReturn, priorReturnTotals, refundPartRows, returnLineRows, returnRow, saleReturnRows, type ReturnRow } from '../store/returns-repo';
import { saleLineRows, saleRow, saleTenderRows, type SaleLineRow, type SaleRow } from '../store/sales-repo';
import { approval, type Actor } from './actor';
import { requireReceipt } from './sales';

/**
 * Returns against a receipt (issue 11). The cashier scans the customer's receipt (or finds the sale), picks lines
 * and quantities, and says of each whether it goes back on the shelf or, damaged, to waste; a manager approves.
 * The till works the refund out itself (shared/domain/returns.ts), never taking an amount from the screen: each
 * line's share of what it cost the customer, paid back into the sale's own tenders (card first, then cash in the
 * currency it was handed over in) at the rate the sale locked. One transaction writes the op, the return's rows
 * and, per line, a RETURN movement (and a WASTE after it for damaged goods). A cash refund leaves the open shift's
 * drawer (services/shifts.ts). Works offline: it needs only the sale, which this till wrote.
 */

interface SaleForReturn {
  sale: SaleRow;
  lines: SaleLineRow[];
  charged: number[];
  prior: PriorReturns;
  rate: PostedRate | null;
}

function saleForReturn(store: TillStore, saleId: string): SaleForReturn {
  const sale = saleRow(store, saleId);
  // A sale of another till is on the server, not here: returning it at this till comes with the server's lookup.
  if (sale === undefined) throw new DomainError('NOT_FOUND', 'this receipt is not a sale of this till', { saleId });
  const lines = saleLineRows(store, saleId);
  const vat = sale.vat_json === null ? null : lockedVatSchema.parse(JSON.parse(sale.vat_json));
  const charged = chargedLineTotals(
    lines.map((l) => ({ total: l.total, rateBp: l.rate_bp ?? undefined })),
    vat,
    sale.total,
  );
  const totals = priorReturnTotals(store, saleId);
  const prior: PriorReturns = {
    qty: new Map(totals.lines.map((l) => [l.line_id, l.qty])),
    amount: new Map(totals.lines.map((l) => [l.line_id, l.refund])),
    perTender: new Map(totals.tenders.map((t) => [t.tender_index, t.base_amount])),
  };
  const rate = sale.rate === null || sale.rate_quote === null ? null : { base: sale.currency, quote: sale.rate_quote, rate: sale.rate };
  return { sale, lines, charged, prior, rate };
}

/** A sale as the return screen shows it. */
export function returnableSale(store: TillStore, saleId: string): ReturnableSaleView {
  const s = saleForReturn(store, saleId);
  return {
    receipt: requireReceipt(store, saleId),
    lines: s.lines.map((l, i) => {
      const returned = s.prior.qty.get(l.line_id) ?? 0;
      const charged = s.charged[i] ?? 0;
      return {
        lineId: l.line_id,
        productId: l.product_id,
        sku: l.sku,
        name: l.name,
        unit: l.unit,
        sold: l.qty,
        returned,
        left: l.reversed === 1 ? 0 : Math.max(l.qty - returned, 0),
        reversed: l.reversed === 1,
        charged,
        refundable: l.reversed === 1 ? 0 : Math.max(charged - (s.prior.amount.get(l.line_id) ?? 0), 0),
      };
    }),
    returns: saleReturnRows(store, saleId).map((r) => returnViewOf(store, r)),
  };
}

interface WorkedReturn {
  s: SaleForReturn;
  lines: ReturnedLine[];
  refund: number;
  refunds: RefundPart[];
}

/** The refund of the picked lines, refused as return.complete refuses it: a reversed line, more than is left. */
function workReturn(store: TillStore, input: BranchParsedInput<'return.preview'>): WorkedReturn {
  const s = saleForReturn(store, input.saleId);
  for (const r of input.lines) {
    const line = s.lines.find((l) => l.line_id === r.lineId);
    if (line === undefined) continue; // returnLines() says the line is not on this receipt
    decideReturnLine({ sold: line.qty, returnedBefore: s.prior.qty.get(r.lineId) ?? 0, reversed: line.reversed === 1, qty: r.qty }, 'till');
  }
  const sold = s.lines.map((l, i) => ({ lineId: l.line_id, productId: l.product_id, qty: l.qty, total: s.charged[i] ?? 0 }));
  const lines = returnLines(sold, s.prior, input.lines);
  const refund = sumMoney(lines.map((l) => l.refund));
  const tenders = saleTenderRows(store, input.saleId).map((t) => ({ method: t.method, currency: t.currency ?? s.sale.currency, amount: t.amount }));
  const shares = tenderShares(s.sale.total, tenders, s.sale.currency, s.rate);
  return { s, lines, refund, refunds: refundParts(refund, shares, s.prior, s.rate) };
}

function previewOf(w: WorkedReturn, input: BranchParsedInput<'return.preview'>): ReturnPreview {
  return {
    lines: w.lines.map((l, i) => ({
      lineId: l.lineId,
      name: w.s.lines.find((s) => s.line_id === l.lineId)?.name ?? l.productId,
      qty: l.qty,
      disposition: input.lines[i]?.disposition ?? 'restock',
      refund: l.refund,
    })),
    refund: w.refund,
    refunds: w.refunds,
  };
}

export function previewReturn(store: TillStore, input: BranchParsedInput<'return.preview'>): ReturnPreview {
  return previewOf(workReturn(store, input), input);
}

/**
 * Records a return. Idempotent by returnId: the same request again answers the recorded return and writes
 * nothing; the same id with other lines is refused with ID_REUSED.
 */
export function completeReturn(store: TillStore, input: BranchParsedInput<'return.complete'>, actor: Actor, now: Date): ReturnView {
  const fingerprint = requestFingerprint(input);
  const prior = returnRow(store, input.returnId);
  if (prior !== undefined) {
    if (prior.request_fingerprint !== fingerprint) {
      throw new DomainError('ID_REUSED', `return ${input.returnId} was already recorded with other lines: start a new one`, { id: input.returnId });
    }
    return returnViewOf(store, prior);
  }
  if (actor.managerId === null) throw new DomainError('FORBIDDEN', 'a return needs a manager’s approval');
  const w = workReturn(store, input);
  const preview = previewOf(w, input);
  const occurredAt = now.toISOString();
  const payload: SaleReturnPayload = {
    returnId: input.returnId,
    saleId: input.saleId,
    currency: w.s.sale.currency,
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
        // A RETURN only adds. The WASTE of damaged goods takes out exactly what its RETURN just put in, so it is
        // written unguarded: a shelf already short (oversold) must not stop the bin taking what came back.
        const unguarded = movement.kind === 'WASTE';
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
    saleNumber: r.sale_number,
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
