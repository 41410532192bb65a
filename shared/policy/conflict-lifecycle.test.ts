import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../domain/errors';
import { CONFLICT_OUTCOMES, CONFLICT_STATES, conflictActionSchema, nextConflictState, type ConflictAction } from './conflict-lifecycle';

const action: fc.Arbitrary<ConflictAction> = fc.oneof(
  fc.constant({ action: 'contacted' } as ConflictAction),
  fc.constantFrom(...CONFLICT_OUTCOMES).map((outcome): ConflictAction => ({ action: 'resolved', outcome })),
);
const kind = fc.constantFrom('contact_customer', 'stock_discrepancy') as fc.Arbitrary<'contact_customer' | 'stock_discrepancy'>;

describe('conflict lifecycle', () => {
  it('walks a customer conflict open → contacted → resolved', () => {
    const contacted = nextConflictState('contact_customer', 'open', { action: 'contacted' });
    expect(contacted).toEqual({ state: 'contacted', outcome: null });
    expect(nextConflictState('contact_customer', 'contacted', { action: 'resolved', outcome: 'substitute' })).toEqual({ state: 'resolved', outcome: 'substitute' });
    expect(nextConflictState('stock_discrepancy', 'open', { action: 'resolved', outcome: 'recounted' })).toEqual({ state: 'resolved', outcome: 'recounted' });
  });

  it('never leaves resolved, never skips contacting the customer, never mixes outcomes between kinds', () => {
    fc.assert(
      fc.property(kind, fc.constantFrom(...CONFLICT_STATES), action, (k, state, a) => {
        let next: ReturnType<typeof nextConflictState> | null = null;
        try {
          next = nextConflictState(k, state, a);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe('CONFLICT_TRANSITION');
        }
        if (state === 'resolved') expect(next).toBeNull();
        if (next === null) return;
        if (next.state === 'resolved') {
          expect(next.outcome).not.toBeNull();
          if (k === 'contact_customer') {
            expect(state).toBe('contacted');
            expect(next.outcome).not.toBe('recounted');
          } else {
            expect(next.outcome).toBe('recounted');
          }
        } else {
          expect(k).toBe('contact_customer');
          expect([state, next.state]).toEqual(['open', 'contacted']);
        }
      }),
    );
  });

  it('validates actions at the boundary', () => {
    expect(conflictActionSchema.safeParse({ action: 'resolved', outcome: 'refund' }).success).toBe(true);
    expect(conflictActionSchema.safeParse({ action: 'resolved' }).success).toBe(false);
    expect(conflictActionSchema.safeParse({ action: 'reopened' }).success).toBe(false);
  });
});
