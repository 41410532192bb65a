import type { BranchParsedInput } from '../../shared/api/branch-api';
import { DomainError } from '../../shared/domain/errors';
import { appendOp, type TillStore } from '../store';
import { requestFingerprint } from '../store/idempotency';
import { insertLineVoid, lineVoidRow } from '../store/line-voids-repo';
import { approval, type Actor } from './actor';

/**
 * A void (issue 11, approvals): a scanned line taken out of the basket, or the whole basket thrown away. Nothing
 * was sold, so no stock moves; but money could leave unseen (a line rung, paid in cash, then voided), so a
 * manager approves each (the route's access), and the op drawer records who voided, who approved and what went.
 * A retry of the same void (the answer lost) answers again; the same id with other lines is refused.
 */
export function voidCartLines(store: TillStore, input: BranchParsedInput<'cart.void'>, actor: Actor, now: Date): { voidId: string } {
  const fingerprint = requestFingerprint(input);
  const prior = lineVoidRow(store, input.voidId);
  if (prior !== undefined) {
    if (prior.request_fingerprint !== fingerprint) throw new DomainError('ID_REUSED', `void ${input.voidId} was already recorded with other lines`, { id: input.voidId });
    return { voidId: prior.id };
  }
  if (actor.managerId === null) throw new DomainError('FORBIDDEN', 'voiding a scanned line needs a manager’s PIN');
  const occurredAt = now.toISOString();
  return store.transaction(() => {
    const op = appendOp(store, {
      type: 'line_void',
      userId: actor.userId,
      occurredAt,
      payload: { voidId: input.voidId, saleId: input.saleId, lines: input.lines, whole: input.whole, ...approval(actor) },
    });
    insertLineVoid(store, {
      id: input.voidId,
      saleId: input.saleId,
      lines: input.lines,
      whole: input.whole,
      userId: actor.userId,
      approvedBy: approval(actor).approvedBy ?? null,
      occurredAt,
      opSeq: op.seq,
      fingerprint,
    });
    return { voidId: input.voidId };
  });
}
