import type { Milli } from '../../../shared/domain/quantity';
import type { Operation } from '../../../shared/ops/operations';
import type { TenantPolicy } from '../../../shared/policy/conflict-policy';
import { decideLedgerWrite, decideSale } from '../../../shared/policy/conflict-policy';
import { available } from '../../../shared/domain/movement';
import type { OpResult, SaleLineResult } from '../../../shared/sync/protocol';
import { precedesCount } from '../../../shared/sync/stocktake';
import type { LevelBook } from './level-book';
import type { LineMove, Replaying } from './line-writes';
import { writeLine } from './line-writes';
import type { PlannedConflict } from './types';

export interface SaleContext {
  policy: TenantPolicy;
  deletedProducts: ReadonlySet<string>;
  newId: () => string;
}

export interface PlannedSale {
  status: OpResult['status'];
  lines: SaleLineResult[];
  conflicts: PlannedConflict[];
}

/**
 * A replayed sale, line by line as decideSale() says, written as decideLedgerWrite() says: a kept line is a
 * SALE; a reversed line a SALE and its REVERSAL, with a conflict to contact the customer; a line let into
 * negative stock a SALE with a stock-discrepancy conflict. The planner only states the facts the policy asks for.
 */
export function planSale(book: LevelBook, r: Replaying, op: Extract<Operation, { type: 'sale' }>, ctx: SaleContext): PlannedSale {
  const p = op.payload;
  const availableBefore = new Map<string, Milli>();
  const seenByCount = new Map<string, boolean>();
  for (const line of p.lines) {
    if (availableBefore.has(line.productId)) continue;
    const l = book.level(r.storeId, line.productId).after;
    availableBefore.set(line.productId, available(l));
    seenByCount.set(line.productId, precedesCount(r.occurredAt, l.countedAt));
  }
  const decision = decideSale(
    ctx.policy,
    {
      lines: p.lines.map((l) => ({
        lineId: l.lineId,
        productId: l.productId,
        qty: l.qty,
        productDeleted: ctx.deletedProducts.has(l.productId),
        seenByCount: seenByCount.get(l.productId) === true,
      })),
      hasCustomerContact: p.customerContact !== undefined,
      managerOverride: p.override !== undefined,
    },
    availableBefore,
  );
  const conflicts: PlannedConflict[] = [];
  const lines = decision.lines.map((d): SaleLineResult => {
    const sale: LineMove = { movement: { kind: 'SALE', qty: d.qty }, write: decideLedgerWrite({ kind: 'sale_line', decision: d }), note: d.action === 'keep' ? null : d.reason };
    let conflictId: string | null = null;
    if (d.action === 'keep') {
      writeLine(book, r, d.lineId, d.productId, [sale]);
    } else {
      conflictId = ctx.newId();
      conflicts.push({
        id: conflictId,
        kind: d.conflict,
        opId: op.id,
        saleId: p.saleId,
        lineId: d.lineId,
        productId: d.productId,
        qty: d.qty,
        availableAtReplay: d.available,
        reason: d.reason,
        customerContact: p.customerContact ?? null,
        cashierId: op.userId,
        occurredAt: r.occurredAt,
      });
      const reversal: LineMove = { movement: { kind: 'REVERSAL', qty: d.qty, reverses: 'SALE' }, write: decideLedgerWrite({ kind: 'sale_reversal' }), note: d.reason };
      writeLine(book, r, d.lineId, d.productId, d.action === 'reverse' ? [{ ...sale, note: null }, reversal] : [sale]);
    }
    return {
      lineId: d.lineId,
      productId: d.productId,
      qty: d.qty,
      action: d.action,
      reason: d.action === 'keep' ? null : d.reason,
      available: d.action === 'keep' ? null : d.available,
      conflictId,
    };
  });
  return { status: decision.outcome, lines, conflicts };
}
