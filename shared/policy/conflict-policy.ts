import { z } from 'zod';
import type { Milli } from '../domain/quantity';

/**
 * THE conflict policy. When the server replays a till's sale against the authoritative ledger and a line no
 * longer fits the stock (another till sold the last unit first), this module alone decides what happens.
 * The server asks it, line by line, and writes what it says; no other code decides.
 *
 * Default (the product owner's rule): the later line to reach the server is reversed: its SALE movement and a
 * compensating REVERSAL are both written, and a conflict opens to contact the customer. Lines that fit are kept.
 * A tenant may choose, for anonymous walk-in sales only, to accept the sale into negative stock and open a
 * stock-discrepancy flag for a recount instead (nobody can be contacted about a walk-in).
 *
 * A line a manager overrode at the till (the goods were physically on the shelf) is never reversed: the goods
 * are gone with the customer, so the ledger is what was wrong; it is accepted and flagged for a recount.
 */
export const OVERSELL_POLICIES = ['reverse_later_sale', 'accept_negative_for_walk_in'] as const;
export const tenantPolicySchema = z.object({
  oversell: z.enum(OVERSELL_POLICIES),
});
export type TenantPolicy = z.infer<typeof tenantPolicySchema>;
export const DEFAULT_POLICY: TenantPolicy = { oversell: 'reverse_later_sale' };

export interface PolicyLine {
  lineId: string;
  productId: string;
  qty: Milli;
}

export interface PolicySale {
  lines: readonly PolicyLine[];
  /** The cashier captured a name or phone: somebody can be called about a reversed line. */
  hasCustomerContact: boolean;
  managerOverride: boolean;
}

export type ConflictKind = 'contact_customer' | 'stock_discrepancy';

export type LineDecision =
  | { lineId: string; productId: string; qty: Milli; action: 'keep' }
  | {
      lineId: string;
      productId: string;
      qty: Milli;
      action: 'reverse';
      reason: 'insufficient_stock';
      /** what the server had available for this line when it was replayed */
      available: Milli;
      conflict: 'contact_customer';
    }
  | {
      lineId: string;
      productId: string;
      qty: Milli;
      action: 'accept_negative';
      reason: 'walk_in_oversell' | 'manager_override';
      available: Milli;
      conflict: 'stock_discrepancy';
    };

export type SaleOutcome = 'accepted' | 'partially_reversed' | 'reversed';

export interface SaleDecision {
  outcome: SaleOutcome;
  lines: LineDecision[];
}

/**
 * Decides each line of a replayed sale, in order. `availableBefore` is the authoritative available quantity of
 * each product at the till's store just before this sale; lines of the same product draw on it in turn, so a
 * sale of 3 + 2 of the last 4 units keeps the first line and reverses the second.
 */
export function decideSale(policy: TenantPolicy, sale: PolicySale, availableBefore: ReadonlyMap<string, Milli>): SaleDecision {
  const remaining = new Map(availableBefore);
  const lines = sale.lines.map((line): LineDecision => {
    const available = remaining.get(line.productId) ?? 0;
    if (available >= line.qty) {
      remaining.set(line.productId, available - line.qty);
      return { lineId: line.lineId, productId: line.productId, qty: line.qty, action: 'keep' };
    }
    const acceptReason = sale.managerOverride
      ? 'manager_override'
      : policy.oversell === 'accept_negative_for_walk_in' && !sale.hasCustomerContact
        ? 'walk_in_oversell'
        : null;
    if (acceptReason !== null) {
      remaining.set(line.productId, available - line.qty);
      return {
        lineId: line.lineId,
        productId: line.productId,
        qty: line.qty,
        action: 'accept_negative',
        reason: acceptReason,
        available,
        conflict: 'stock_discrepancy',
      };
    }
    return {
      lineId: line.lineId,
      productId: line.productId,
      qty: line.qty,
      action: 'reverse',
      reason: 'insufficient_stock',
      available,
      conflict: 'contact_customer',
    };
  });
  const reversed = lines.filter((l) => l.action === 'reverse').length;
  const outcome: SaleOutcome = reversed === 0 ? 'accepted' : reversed === lines.length ? 'reversed' : 'partially_reversed';
  return { outcome, lines };
}
