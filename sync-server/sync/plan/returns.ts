import type { ErrorCode } from '../../../shared/domain/errors';
import type { Milli } from '../../../shared/domain/quantity';
import type { Operation, ReturnDisposition } from '../../../shared/ops/operations';
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
 *   customer to contact (a conflict, as for a reversed sale line).
 * A return naming a sale the server does not hold, or a line not on it, is refused with nothing written.
 */

export interface SaleLineRecord {
  productId: string;
  sold: Milli;
  reversed: boolean;
}

/** A sale as a return needs it, locked for the chunk: its lines, and what earlier returns took back of each. */
export interface SaleRecord {
  lines: ReadonlyMap<string, SaleLineRecord>;
  returned: ReadonlyMap<string, Milli>;
  customerContact: unknown;
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
export class SaleBook {
  readonly returns: PlannedReturn[] = [];
  private readonly sales: Map<string, { lines: Map<string, SaleLineRecord>; returned: Map<string, Milli>; customerContact: unknown }>;

  constructor(stored: ReadonlyMap<string, SaleRecord>) {
    this.sales = new Map([...stored].map(([id, s]) => [id, { lines: new Map(s.lines), returned: new Map(s.returned), customerContact: s.customerContact }]));
  }

  /** A sale of this chunk, with which of its lines the replay reversed: a later return in the chunk can name it. */
  addSale(op: SaleOp, reversedLines: ReadonlySet<string>): void {
    const lines = new Map(op.payload.lines.map((l) => [l.lineId, { productId: l.productId, sold: l.qty, reversed: reversedLines.has(l.lineId) }]));
    this.sales.set(op.payload.saleId, { lines, returned: new Map(), customerContact: op.payload.customerContact ?? null });
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
    const conflicts: PlannedConflict[] = [];
    const lines = p.lines.map((l): PlannedReturnLine => {
      const line = sale.lines.get(l.lineId) as SaleLineRecord;
      const returnedBefore = sale.returned.get(l.lineId) ?? 0;
      const d = decideReturnLine({ sold: line.sold, returnedBefore, reversed: line.reversed, qty: l.qty }, 'server');
      if (d.action !== 'already_back') {
        sale.returned.set(l.lineId, returnedBefore + l.qty);
        const back: LineMove = { movement: { kind: 'RETURN', qty: l.qty }, write: decideLedgerWrite({ kind: 'sale_return' }), note: d.action === 'restock' ? null : d.reason };
        const binned: LineMove[] = l.disposition === 'waste' ? [{ movement: { kind: 'WASTE', qty: l.qty }, write: decideLedgerWrite({ kind: 'waste' }), note: 'returned damaged' }] : [];
        writeLine(book, r, l.lineId, l.productId, [back, ...binned]);
      }
      if (d.action === 'restock_over') {
        conflicts.push({
          id: newId(),
          kind: d.conflict,
          opId: op.id,
          saleId: p.saleId,
          lineId: l.lineId,
          productId: l.productId,
          qty: l.qty - d.left,
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
