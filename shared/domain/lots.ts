import { DomainError } from './errors';
import { type Milli, assertPositiveMilli } from './quantity';

/**
 * Lots under a product's level: each receipt with a lot number and an expiry date keeps its own quantity, and the
 * product's level is always the sum of its lots. A sale takes first-expired-first-out without the cashier
 * choosing; a lot past its expiry, or on hold (a recall), is never sold: an expired lot goes to quarantine for a
 * manager to waste or return.
 */
export interface LotLevel {
  lot: string;
  /** ISO date (YYYY-MM-DD); null for goods without an expiry */
  expiry: string | null;
  /** sellable quantity of the lot at this location */
  qty: Milli;
  onHold: boolean;
}

export interface LotTake {
  lot: string;
  qty: Milli;
}

/** True when the lot may no longer be sold on `today` (ISO date): it expires at the end of its expiry day. */
export function isExpired(lot: Pick<LotLevel, 'expiry'>, today: string): boolean {
  return lot.expiry !== null && lot.expiry < today;
}

/** FEFO order: earliest expiry first, goods without an expiry last, then by lot number so the order is total. */
export function fefoOrder(lots: readonly LotLevel[]): LotLevel[] {
  return [...lots].sort((a, b) => {
    if (a.expiry !== b.expiry) {
      if (a.expiry === null) return 1;
      if (b.expiry === null) return -1;
      return a.expiry < b.expiry ? -1 : 1;
    }
    return a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0;
  });
}

/**
 * Which lots a sale of `qty` takes, first expired first out, skipping lots expired on `today` or on hold. Refused
 * whole when the sellable lots cannot cover it (the caller's guard on the product level is the same rule).
 */
export function takeFefo(lots: readonly LotLevel[], qty: Milli, today: string): LotTake[] {
  let left = assertPositiveMilli(qty);
  const takes: LotTake[] = [];
  for (const lot of fefoOrder(lots)) {
    if (left === 0) break;
    if (lot.onHold || isExpired(lot, today) || lot.qty <= 0) continue;
    const take = Math.min(lot.qty, left);
    takes.push({ lot: lot.lot, qty: take });
    left -= take;
  }
  if (left > 0) {
    throw new DomainError('INSUFFICIENT_STOCK', `only ${(qty - left) / 1000} can be sold from lots that are in date and not on hold`, {
      requested: qty,
      sellable: qty - left,
    });
  }
  return takes;
}

/** The lots that must move to quarantine on `today`: expired, with stock, not yet held back. */
export function lotsToQuarantine(lots: readonly LotLevel[], today: string): LotLevel[] {
  return lots.filter((l) => l.qty > 0 && isExpired(l, today));
}
