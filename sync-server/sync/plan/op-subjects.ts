import type { Operation } from '../../../shared/ops/operations';
import type { OpActors } from '../../../shared/policy/conflict-policy';

/** What an op is about: its business document, the products it moves, the users it names. */

export function documentOf(op: Operation): { kind: string; id: string } {
  switch (op.type) {
    case 'sale':
      return { kind: 'sale', id: op.payload.saleId };
    case 'receipt':
      return { kind: 'receipt', id: op.payload.receiptId };
    case 'waste':
      return { kind: 'waste', id: op.payload.wasteId };
    case 'stocktake':
      return { kind: 'stocktake', id: op.payload.stocktakeId };
    case 'adjustment':
      return { kind: 'adjustment', id: op.payload.adjustmentId };
  }
}

export function productIdsOf(op: Operation): string[] {
  switch (op.type) {
    case 'sale':
    case 'receipt':
    case 'waste':
    case 'adjustment':
      return op.payload.lines.map((l) => l.productId);
    case 'stocktake':
      return op.payload.counts.map((c) => c.productId);
  }
}

/** The users an op names, for decideOpActors(). */
export function actorsOf(op: Operation): OpActors {
  const approverId = op.type === 'sale' ? op.payload.override?.managerId : op.payload.approvedBy;
  return { type: op.type, userId: op.userId, approverId: approverId ?? null };
}

/** Every user an op names. */
export function userIdsOf(op: Operation): string[] {
  const a = actorsOf(op);
  return a.approverId === null ? [a.userId] : [a.userId, a.approverId];
}
