import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { freeText } from '../domain/schemas';

/**
 * What happens to a conflict after the policy opened it. A reversed sale needs a person to call the customer
 * (open → contacted → resolved with refund, substitute or back-order); a stock discrepancy needs a recount
 * (open → resolved with recounted). Every change records who made it.
 */
export const CONFLICT_STATES = ['open', 'contacted', 'resolved'] as const;
export type ConflictState = (typeof CONFLICT_STATES)[number];
export const CONFLICT_OUTCOMES = ['refund', 'substitute', 'back_order', 'recounted'] as const;
export type ConflictOutcome = (typeof CONFLICT_OUTCOMES)[number];

export const conflictActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('contacted'), note: freeText(500).optional() }),
  z.object({ action: z.literal('resolved'), outcome: z.enum(CONFLICT_OUTCOMES), note: freeText(500).optional() }),
]);
export type ConflictAction = z.infer<typeof conflictActionSchema>;

export function nextConflictState(
  kind: 'contact_customer' | 'stock_discrepancy',
  state: ConflictState,
  action: ConflictAction,
): { state: ConflictState; outcome: ConflictOutcome | null } {
  if (state === 'resolved') throw new DomainError('CONFLICT_TRANSITION', 'this conflict is already resolved');
  if (action.action === 'contacted') {
    if (kind !== 'contact_customer') throw new DomainError('CONFLICT_TRANSITION', 'a stock discrepancy has no customer to contact');
    if (state !== 'open') throw new DomainError('CONFLICT_TRANSITION', 'the customer was already contacted');
    return { state: 'contacted', outcome: null };
  }
  const allowed: readonly ConflictOutcome[] = kind === 'contact_customer' ? ['refund', 'substitute', 'back_order'] : ['recounted'];
  if (!allowed.includes(action.outcome)) {
    throw new DomainError('CONFLICT_TRANSITION', `a ${kind.replace('_', ' ')} conflict cannot end in ${action.outcome}`);
  }
  if (kind === 'contact_customer' && state === 'open') {
    throw new DomainError('CONFLICT_TRANSITION', 'contact the customer before resolving');
  }
  return { state: 'resolved', outcome: action.outcome };
}
