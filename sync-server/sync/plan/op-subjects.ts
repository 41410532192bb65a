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
    case 'transfer_request':
      return { kind: 'transfer_request', id: op.payload.transferId };
    // A step is no document of its own (approving twice is a transition the transfer refuses, not a repeat).
    case 'transfer_step':
      return { kind: 'transfer_step', id: op.id };
    case 'transfer_dispatch':
      return { kind: 'transfer_dispatch', id: op.payload.dispatchId };
    case 'transfer_receive':
      return { kind: 'transfer_receive', id: op.payload.receivingId };
    case 'transfer_resolve':
      return { kind: 'transfer_resolve', id: op.payload.resolutionId };
    case 'reservation_create':
      return { kind: 'reservation_create', id: op.payload.reservationId };
    case 'reservation_fulfil':
    case 'reservation_release':
      return { kind: op.type, id: op.id };
    case 'rate_post':
      return { kind: 'rate_post', id: op.payload.rateId };
    case 'shift_open':
      return { kind: 'shift_open', id: op.payload.shiftId };
    case 'cash_move':
      return { kind: 'cash_move', id: op.payload.moveId };
    case 'shift_close':
      return { kind: 'shift_close', id: op.payload.shiftId };
    case 'sale_return':
      return { kind: 'sale_return', id: op.payload.returnId };
    case 'drawer_open':
      return { kind: 'drawer_open', id: op.payload.openId };
    case 'line_void':
      return { kind: 'line_void', id: op.payload.voidId };
  }
}

export function productIdsOf(op: Operation): string[] {
  switch (op.type) {
    case 'sale':
    case 'receipt':
    case 'waste':
    case 'adjustment':
    case 'transfer_request':
    case 'transfer_dispatch':
    case 'transfer_receive':
    case 'reservation_create':
    case 'sale_return':
    case 'line_void':
      return op.payload.lines.map((l) => l.productId);
    case 'stocktake':
      return op.payload.counts.map((c) => c.productId);
    case 'transfer_resolve':
      return [op.payload.productId];
    // These name no product: they act on lines the server already holds.
    case 'transfer_step':
    case 'reservation_fulfil':
    case 'reservation_release':
    case 'rate_post':
    case 'shift_open':
    case 'cash_move':
    case 'shift_close':
    case 'drawer_open':
      return [];
  }
}

/** The users an op names, for decideOpActors(). */
export function actorsOf(op: Operation): OpActors {
  const approverId =
    op.type === 'sale' ? (op.payload.override?.managerId ?? op.payload.discountApprovedBy) : 'approvedBy' in op.payload ? op.payload.approvedBy : undefined;
  return { type: op.type, userId: op.userId, approverId: approverId ?? null };
}

/** Every user an op names. */
export function userIdsOf(op: Operation): string[] {
  const a = actorsOf(op);
  return a.approverId === null ? [a.userId] : [a.userId, a.approverId];
}
