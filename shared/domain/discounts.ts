import { DomainError } from './errors';
import { type Minor, assertMinor, splitInProportion } from './money';

/**
 * Discounts and price overrides, as pure arithmetic. A discount is a percentage (in basis points: 10% = 1000) or
 * an amount; on a line it lowers that line, on the cart it is spread over the lines in proportion to their totals
 * (largest remainder, so the parts add up to the discount exactly and VAT per rate stays right). Past a limit the
 * shop sets, a discount or a lowered price needs a manager; a discount past 100% (or beyond what is left of the
 * line) is refused, never clamped.
 */
export type Discount = { kind: 'percent'; bp: number } | { kind: 'amount'; amount: Minor };

/**
 * Why a discount or a price is refused, as `details.reason` of the DomainError: the screen says it in the till's
 * language (renderer i18n `cartRefusal.*`), the message stays the English one for logs.
 */
export const DISCOUNT_REFUSALS = ['past_whole', 'negative', 'more_than_taken_off', 'more_than_cart', 'empty_cart', 'pack_price'] as const;
export type DiscountRefusal = (typeof DISCOUNT_REFUSALS)[number];

export function discountAmount(total: Minor, d: Discount): Minor {
  assertMinor(total, 'total');
  if (d.kind === 'percent') {
    if (!Number.isSafeInteger(d.bp) || d.bp < 0 || d.bp > 10_000) {
      throw new DomainError('INVALID_INPUT', 'a discount is between 0% and 100%', { bp: d.bp, reason: 'past_whole' satisfies DiscountRefusal });
    }
    // half away from zero, on an exact product
    return Number((BigInt(total) * BigInt(d.bp) + 5_000n) / 10_000n);
  }
  const amount = assertMinor(d.amount, 'discount');
  if (amount < 0) throw new DomainError('INVALID_INPUT', 'a discount cannot be negative', { amount, reason: 'negative' satisfies DiscountRefusal });
  if (amount > total) throw new DomainError('INVALID_INPUT', 'a discount cannot be more than what it is taken off', { amount, total, reason: 'more_than_taken_off' satisfies DiscountRefusal });
  return amount;
}

/** Spreads a cart discount over line totals, in proportion, so the parts sum to it exactly (largest remainder). */
export function spreadDiscount(lineTotals: readonly Minor[], discount: Minor): Minor[] {
  const sum = lineTotals.reduce((a, b) => a + b, 0);
  if (discount < 0 || discount > sum) throw new DomainError('INVALID_INPUT', 'a cart discount cannot be more than the cart', { discount, total: sum, reason: 'more_than_cart' satisfies DiscountRefusal });
  return splitInProportion(lineTotals.map((t) => BigInt(t)), discount);
}

/**
 * Whether a change of price needs a manager: a discount, or a unit price lowered from the shelf price, by more
 * than the shop's limit (basis points of the original). Raising a price never does.
 */
export function needsApproval(original: Minor, reduction: Minor, limitBp: number): boolean {
  if (reduction <= 0) return false;
  if (original <= 0) return true;
  return BigInt(reduction) * 10_000n > BigInt(original) * BigInt(limitBp);
}

export interface DiscountedLines {
  /** each line's total after its own discount and its share of the cart's */
  totals: Minor[];
  /** what was taken off each line, its own discount and its share of the cart's together */
  discounts: Minor[];
  /** whether any line was taken down by more than the limit (a manager approves) */
  needsManager: boolean;
}

/**
 * The one rule for a cart's discounts, used by the cart on screen and by the till when it records the sale, so the
 * total shown is the total charged: a line at a price the cashier set sells at it instead of the shelf's; then each
 * line's own discount comes off that, then the cart's discount (its percentage or amount of what the lines then
 * come to) is spread over them in proportion. VAT is worked out after, on what the customer actually pays. A line
 * taken down by more than `limitBp` of its shelf total, in all, needs a manager. A discount past 100% or beyond
 * what it is taken off is refused (discountAmount()), never clamped.
 */
export function discountLines(
  shelfTotals: readonly Minor[],
  lineDiscounts: ReadonlyArray<Discount | undefined>,
  cartDiscount: Discount | undefined,
  limitBp: number,
  /** a line's total at a price the cashier set instead of the shelf's (a price override); absent: its shelf total */
  pricedTotals: ReadonlyArray<Minor | undefined> = [],
): DiscountedLines {
  const bases = shelfTotals.map((t, i) => pricedTotals[i] ?? t);
  const own = bases.map((t, i) => {
    const d = lineDiscounts[i];
    return d === undefined ? 0 : discountAmount(t, d);
  });
  const afterOwn = bases.map((t, i) => t - (own[i] ?? 0));
  const cartOff = cartDiscount === undefined ? 0 : discountAmount(afterOwn.reduce((a, b) => a + b, 0), cartDiscount);
  const shares = spreadDiscount(afterOwn, cartOff);
  const discounts = own.map((o, i) => o + (shares[i] ?? 0));
  const totals = afterOwn.map((t, i) => t - (shares[i] ?? 0));
  return {
    totals,
    discounts,
    // Judged against the shelf: a price lowered and a discount on top come down together (a raised price never
    // asks). A cart's share is rounded to the minor unit, and largest remainder may give a line one more than its
    // exact part: that one unit is the spreading's, not a discount past the limit (10% off $1.99 + $2.49 takes 20¢
    // off the first, 10.05%).
    needsManager: shelfTotals.some((t, i) => needsApproval(t, t - (totals[i] ?? 0) - ((shares[i] ?? 0) > 0 ? 1 : 0), limitBp)),
  };
}
