import type { ErrorCode } from '../../../shared/domain/errors';
import type { Milli } from '../../../shared/domain/quantity';
import { toQuote, type PostedRate } from '../../../shared/domain/exchange';
import type { Currency } from '../../../shared/domain/money';
import { chargedLineTotals, tenderShares, type PaidTender } from '../../../shared/domain/returns';
import type { Operation, ReturnDisposition, SalePayload } from '../../../shared/ops/operations';
import { decideLedgerWrite, decideReturnLine, type ReturnLineDecision } from '../../../shared/policy/conflict-policy';
import type { LevelBook } from './level-book';
import { writeLine, type LineMove, type Replaying } from './line-writes';
import type { PlannedConflict } from './types';

/**
 * A till's return against a receipt, replayed (issue 11). The sale may be of any till of the tenant: the server
 * holds every sale's lines (as their ops were applied) and what every return so far took back of each, so it alone
 * sees two tills take the same goods back. Each line is decided by decideReturnLine() in the conflict policy:
 * - back on the shelf: a RETURN at the returning till's store (and a WASTE after it for damaged goods);
 * - a line the server reversed: the SALE + REVERSAL already put its units back, so nothing moves;
 * - more than was left of the line: the goods are in the shop, so the RETURN is written, and the second refund is a
 *   customer to contact (a conflict, as for a reversed sale line); so is money paid back beyond what the line cost
 *   or beyond what a tender paid, once every till's returns are counted.
 * A return naming a sale the server does not hold, a line not on it, or a refund no honest till makes (more than
 * the line cost, into a tender the sale does not have, not at the sale's rate) is refused with nothing written.
 */

export interface SaleLineRecord {
  productId: string;
  sold: Milli;
  reversed: boolean;
  /** what the line cost the customer, VAT included (chargedLineTotals()) */
  charged: number;
}

/**
 * A sale as a return needs it, locked for the chunk: its lines, what its tenders paid toward it (tenderShares()),
 * the rate it locked, and what earlier returns took back and paid back of each line and tender.
 */
export interface SaleRecord {
  currency: Currency;
  lines: ReadonlyMap<string, SaleLineRecord>;
  tenders: readonly PaidTender[];
  rate: PostedRate | null;
  returned: ReadonlyMap<string, Milli>;
  refunded: ReadonlyMap<string, number>;
  refundedPerTender: ReadonlyMap<number, number>;
  customerContact: unknown;
}

/** The money facts of a sale from its op's payload (the one rule for what a line cost and what a tender paid). */
export function saleRecordOf(p: SalePayload, reversedLines: ReadonlySet<string>): Omit<SaleRecord, 'returned' | 'refunded' | 'refundedPerTender'> {
  const charged = chargedLineTotals(p.lines, p.vat ?? null, p.total);
  const rate = p.rate === undefined ? null : { base: p.rate.base, quote: p.rate.quote, rate: p.rate.rate };
  return {
    currency: p.currency,
    lines: new Map(p.lines.map((l, i) => [l.lineId, { productId: l.productId, sold: l.qty, reversed: reversedLines.has(l.lineId), charged: charged[i] ?? 0 }])),
    tenders: tenderShares(p.total, p.tenders.map((t) => ({ method: t.method, currency: t.currency ?? p.currency, amount: t.amount })), p.currency, rate),
    rate,
    customerContact: p.customerContact ?? null,
  };
}

export interface PlannedReturnLine {
  lineId: string;
  productId: string;
  qty: Milli;
  disposition: ReturnDisposition;
  refund: number;
  outcome: ReturnLineDecision['action'];
}

export interface PlannedReturn {
  returnId: string;
  saleId: string;
  userId: string;
  approvedBy: string | null;
  occurredAt: Date;
  currency: string;
  refund: number;
  refunds: unknown;
  reason: string;
  opId: string;
  lines: PlannedReturnLine[];
}

export type ReturnOutcome = { rejected: false; conflicts: PlannedConflict[] } | { rejected: true; code: ErrorCode; reason: string };

type SaleOp = Extract<Operation, { type: 'sale' }>;
type ReturnOp = Extract<Operation, { type: 'sale_return' }>;

/** The sales a chunk's returns name, as stored, and the sales and returns the chunk itself adds, in seq order. */
interface OpenSale extends SaleRecord {
  returned: Map<string, Milli>;
  refunded: Map<string, number>;
  refundedPerTender: Map<number, number>;
}

export class SaleBook {
  readonly returns: PlannedReturn[] = [];
  private readonly sales: Map<string, OpenSale>;

  constructor(stored: ReadonlyMap<string, SaleRecord>) {
    this.sales = new Map(
      [...stored].map(([id, s]) => [id, { ...s, returned: new Map(s.returned), refunded: new Map(s.refunded), refundedPerTender: new Map(s.refundedPerTender) }]),
    );
  }

  /** A sale of this chunk, with which of its lines the replay reversed: a later return in the chunk can name it. */
  addSale(op: SaleOp, reversedLines: ReadonlySet<string>): void {
    this.sales.set(op.payload.saleId, { ...saleRecordOf(op.payload, reversedLines), returned: new Map(), refunded: new Map(), refundedPerTender: new Map() });
  }

  /**
   * A refund no honest till makes: a line refunded more than it cost, a part into a tender the sale does not have
   * (or another method or currency), more than that tender ever paid, or pounds not at the sale's rate. Refused
   * with nothing written. (Money beyond what is left after other tills' returns is not this: see plan().)
   */
  private refusedRefund(sale: OpenSale, p: ReturnOp['payload']): string | null {
    if (p.currency !== sale.currency) return `the return is in ${p.currency}, the sale in ${sale.currency}`;
    for (const l of p.lines) {
      const line = sale.lines.get(l.lineId) as SaleLineRecord;
      if (l.refund > line.charged) return `line ${l.lineId} refunds ${l.refund}, more than it cost (${line.charged})`;
    }
    for (const part of p.refunds) {
      const tender = sale.tenders[part.tenderIndex];
      if (tender === undefined) return `the sale has no tender ${part.tenderIndex}`;
      if (tender.method !== part.method || tender.currency !== part.currency) return `tender ${part.tenderIndex} was ${tender.method} in ${tender.currency}, not ${part.method} in ${part.currency}`;
      if (part.baseAmount > tender.baseValue) return `tender ${part.tenderIndex} paid ${tender.baseValue} toward the sale, less than the ${part.baseAmount} refunded into it`;
      const expected = part.currency === sale.currency ? part.baseAmount : sale.rate === null || sale.rate.quote !== part.currency ? null : toQuote(part.baseAmount, sale.rate);
      if (expected !== part.amount) return `tender ${part.tenderIndex}'s refund of ${part.amount} ${part.currency} is not ${part.baseAmount} at the sale's rate`;
    }
    return null;
  }

  plan(book: LevelBook, r: Replaying, op: ReturnOp, newId: () => string): ReturnOutcome {
    const p = op.payload;
    const sale = this.sales.get(p.saleId);
    if (sale === undefined) return { rejected: true, code: 'NOT_FOUND', reason: `sale ${p.saleId} is not a sale of this tenant the server holds` };
    for (const l of p.lines) {
      const line = sale.lines.get(l.lineId);
      if (line === undefined) return { rejected: true, code: 'INVALID_INPUT', reason: `line ${l.lineId} is not on sale ${p.saleId}` };
      if (line.productId !== l.productId) return { rejected: true, code: 'INVALID_INPUT', reason: `line ${l.lineId} sold product ${line.productId}, not ${l.productId}` };
    }
    const refused = this.refusedRefund(sale, p);
    if (refused !== null) return { rejected: true, code: 'INVALID_INPUT', reason: refused };
    // Refunded into a tender beyond what it paid, once other tills' returns are counted: the customer got money twice.
    const tenderOver = p.refunds.some((part) => (sale.refundedPerTender.get(part.tenderIndex) ?? 0) + part.baseAmount > (sale.tenders[part.tenderIndex]?.baseValue ?? 0));
    for (const part of p.refunds) sale.refundedPerTender.set(part.tenderIndex, (sale.refundedPerTender.get(part.tenderIndex) ?? 0) + part.baseAmount);
    const conflicts: PlannedConflict[] = [];
    const lines = p.lines.map((l): PlannedReturnLine => {
      const line = sale.lines.get(l.lineId) as SaleLineRecord;
      const returnedBefore = sale.returned.get(l.lineId) ?? 0;
      const refundedBefore = sale.refunded.get(l.lineId) ?? 0;
      sale.refunded.set(l.lineId, refundedBefore + l.refund);
      const decided = decideReturnLine({ sold: line.sold, returnedBefore, reversed: line.reversed, qty: l.qty }, 'server');
      // Within what is left of the line but paid beyond what it cost, or out of a tender already paid back: the
      // goods fit, the money does not; the customer is contacted as for goods taken back twice.
      const moneyOver = decided.action === 'restock' && (refundedBefore + l.refund > line.charged || tenderOver);
      const d: ReturnLineDecision = moneyOver ? { action: 'restock_over', reason: 'returned_twice', left: line.sold - returnedBefore, conflict: 'contact_customer' } : decided;
      const binned: LineMove[] = l.disposition === 'waste' ? [{ movement: { kind: 'WASTE', qty: l.qty }, write: decideLedgerWrite({ kind: 'waste' }), note: 'returned damaged' }] : [];
      if (d.action !== 'already_back') {
        sale.returned.set(l.lineId, returnedBefore + l.qty);
        const back: LineMove = { movement: { kind: 'RETURN', qty: l.qty }, write: decideLedgerWrite({ kind: 'sale_return' }), note: d.action === 'restock' ? null : d.reason };
        writeLine(book, r, l.lineId, l.productId, [back, ...binned]);
      } else if (binned.length > 0) {
        // the reversal already put the units back on the books; these came back damaged, so they go to the bin
        writeLine(book, r, l.lineId, l.productId, binned);
      }
      if (d.action === 'restock_over') {
        conflicts.push({
          id: newId(),
          kind: d.conflict,
          opId: op.id,
          saleId: p.saleId,
          lineId: l.lineId,
          productId: l.productId,
          // the units beyond what was left; for money paid back beyond the line's cost (the units fit), the line's
          qty: l.qty > d.left ? l.qty - d.left : l.qty,
          availableAtReplay: d.left,
          reason: d.reason,
          customerContact: sale.customerContact,
          cashierId: op.userId,
          occurredAt: r.occurredAt,
        });
      }
      return { lineId: l.lineId, productId: l.productId, qty: l.qty, disposition: l.disposition, refund: l.refund, outcome: d.action };
    });
    this.returns.push({
      returnId: p.returnId,
      saleId: p.saleId,
      userId: op.userId,
      approvedBy: p.approvedBy ?? null,
      occurredAt: r.occurredAt,
      currency: p.currency,
      refund: p.refund,
      refunds: p.refunds,
      reason: p.reason,
      opId: op.id,
      lines,
    });
    return { rejected: false, conflicts };
  }
}

/** The sales a chunk's returns name. */
export function returnedSaleIdsOf(ops: readonly Operation[]): string[] {
  return [...new Set(ops.flatMap((op) => (op.type === 'sale_return' ? [op.payload.saleId] : [])))].sort();
}
