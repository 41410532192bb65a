import { DomainError } from './errors';
import { type PostedRate, assertRate, toQuote } from './exchange';
import type { LockedVat } from './tax';
import { CURRENCIES, type Currency, type Minor, splitInProportion } from './money';
import type { Movement } from './movement';
import { type Milli, assertPositiveMilli } from './quantity';

/**
 * A customer brings goods back against a receipt. Pure rules: how much of each line may still come back, what each
 * returned line refunds, which movements put it back on the shelf (or into the bin, if it came back damaged), and
 * how the refund is paid: into the tenders the sale was paid with, in their own currencies, at the rate the sale
 * locked, never at today's.
 */
export interface SoldLine {
  lineId: string;
  productId: string;
  qty: Milli;
  /** what the line cost the customer, VAT included (chargedLineTotals()) */
  total: Minor;
}

export interface PaidTender {
  method: 'cash' | 'card';
  currency: Currency;
  /** what the tender paid toward the sale, in the sale's (base) currency, after change */
  baseValue: Minor;
}

export interface ReturnRequestLine {
  lineId: string;
  qty: Milli;
  disposition: 'restock' | 'waste';
}

export interface PriorReturns {
  /** quantity already returned per line id */
  qty: ReadonlyMap<string, Milli>;
  /** amount already refunded per line id, base currency */
  amount: ReadonlyMap<string, Minor>;
  /** amount already refunded per tender index, base currency */
  perTender: ReadonlyMap<number, Minor>;
}

export interface ReturnedLine {
  lineId: string;
  productId: string;
  qty: Milli;
  refund: Minor;
  movements: Movement[];
}

export interface RefundPart {
  tenderIndex: number;
  method: 'cash' | 'card';
  currency: Currency;
  /** in the base currency */
  baseAmount: Minor;
  /** in the tender's own currency, at the sale's rate (equal to baseAmount when it is the base) */
  amount: Minor;
}

/**
 * Checks a return against the sale and what already came back, and works out each line: never more than sold
 * minus returned; the refund is the returned quantity's share of what the line cost (so a discount, a pack price
 * or VAT added to exclusive prices comes back in proportion), except that the last of a line refunds exactly what
 * is left of its total, so rounding can neither add nor lose a cent over several returns.
 */
export function returnLines(sold: readonly SoldLine[], prior: PriorReturns, request: readonly ReturnRequestLine[]): ReturnedLine[] {
  if (request.length === 0) throw new DomainError('INVALID_INPUT', 'a return needs at least one line');
  const seen = new Set<string>();
  return request.map((r) => {
    if (seen.has(r.lineId)) throw new DomainError('INVALID_INPUT', `the return names line ${r.lineId} twice`, { lineId: r.lineId });
    seen.add(r.lineId);
    const line = sold.find((l) => l.lineId === r.lineId);
    if (line === undefined) throw new DomainError('NOT_FOUND', `line ${r.lineId} is not on this receipt`, { lineId: r.lineId });
    const qty = assertPositiveMilli(r.qty, 'returned quantity');
    const already = prior.qty.get(r.lineId) ?? 0;
    const left = line.qty - already;
    if (qty > left) {
      throw new DomainError('INVALID_QUANTITY', `only ${left / 1000} of this line can still come back (${already / 1000} already did)`, {
        lineId: r.lineId,
        sold: line.qty,
        returned: already,
        requested: qty,
      });
    }
    const refundedSoFar = prior.amount.get(r.lineId) ?? 0;
    // floor: an early part never gives back more than its share, and the last takes what is left
    const share = Number((BigInt(line.total) * BigInt(qty)) / BigInt(line.qty));
    const refund = qty === left ? line.total - refundedSoFar : Math.min(share, line.total - refundedSoFar);
    const movements: Movement[] = [{ kind: 'RETURN', qty }];
    // Damaged goods come back into the books and straight out again, so the audit shows both.
    if (r.disposition === 'waste') movements.push({ kind: 'WASTE', qty });
    return { lineId: r.lineId, productId: line.productId, qty, refund, movements };
  });
}

/**
 * Pays a refund back into the sale's own tenders: card first (the money goes back where it came from, and the
 * drawer is not emptied for it), then cash, each up to what it paid less what earlier returns took back from it;
 * a tender in the other currency is paid at the rate the sale locked.
 */
export function refundParts(total: Minor, tenders: readonly PaidTender[], prior: PriorReturns, rate: PostedRate | null): RefundPart[] {
  const order = tenders.map((t, i) => ({ t, i })).sort((a, b) => (a.t.method === b.t.method ? a.i - b.i : a.t.method === 'card' ? -1 : 1));
  let left = total;
  const parts: RefundPart[] = [];
  for (const { t, i } of order) {
    if (left <= 0) break;
    const room = t.baseValue - (prior.perTender.get(i) ?? 0);
    if (room <= 0) continue;
    const baseAmount = Math.min(room, left);
    left -= baseAmount;
    const inBase = rate === null || t.currency === rate.base;
    if (!inBase && t.currency !== rate.quote) {
      throw new DomainError('INVALID_INPUT', `the sale's rate does not convert to ${t.currency}`, { currency: t.currency });
    }
    parts.push({ tenderIndex: i, method: t.method, currency: t.currency, baseAmount, amount: inBase ? baseAmount : toQuote(baseAmount, rate) });
  }
  if (left > 0) throw new DomainError('INVALID_INPUT', 'the refund is more than the sale was paid', { unpaid: left });
  return parts;
}

export interface SaleTender {
  method: 'cash' | 'card';
  /** the currency handed over; a card is charged in the sale's (base) currency */
  currency: Currency;
  amount: Minor;
}

/**
 * What each tender of a sale paid toward it after the change, in the sale's currency: the `baseValue` that
 * refundParts() pays back into. A card paid what it was charged (it is never over; change is cash). The change came
 * out of the cash, so the cash tenders share the rest of the total in proportion to what each handed over at the
 * sale's rate (largest remainder, so the shares add up to the total exactly): $5 and 500,000 LBP at 89,500 for a
 * $10.00 sale paid $4.72 and $5.28.
 */
export function tenderShares(total: Minor, tenders: readonly SaleTender[], base: Currency, rate: PostedRate | null): PaidTender[] {
  if (rate !== null) assertRate(rate);
  let cardLeft = total;
  const shares: PaidTender[] = tenders.map((t) => {
    if (t.method !== 'card') return { method: t.method, currency: t.currency, baseValue: 0 };
    const baseValue = Math.min(t.amount, Math.max(cardLeft, 0));
    cardLeft -= baseValue;
    return { method: t.method, currency: t.currency, baseValue };
  });
  const cashDue = Math.max(cardLeft, 0);
  // each cash tender in one exact unit (exchange.ts): a base minor unit is `rate` of them, a quote one 10^digits(base)
  const weight = (t: SaleTender): bigint => {
    if (t.currency === base) return BigInt(t.amount) * BigInt(rate?.rate ?? 1);
    if (rate !== null && t.currency === rate.quote) return BigInt(t.amount) * 10n ** BigInt(CURRENCIES[base].minorDigits);
    throw new DomainError('INVALID_INPUT', `the sale's rate does not convert ${t.currency}`, { currency: t.currency });
  };
  const cash = tenders.flatMap((t, i) => (t.method === 'cash' ? [{ i, w: weight(t) }] : []));
  if (cashDue > 0 && cash.every((c) => c.w === 0n)) throw new DomainError('INVALID_INPUT', 'the tenders do not cover the sale', { total });
  const parts = splitInProportion(cash.map((c) => c.w), cashDue);
  cash.forEach((c, k) => {
    const share = shares[c.i];
    if (share !== undefined) share.baseValue = parts[k] ?? 0;
  });
  return shares;
}

export interface ChargedLine {
  /** the line at shelf price (net of VAT when prices exclude it) */
  total: Minor;
  /** the VAT rate it was charged at; absent on lines of sales made before rates were locked per line */
  rateBp?: number | undefined;
}

/**
 * What each line of a sale cost the customer, VAT included: the `total` returnLines() refunds a line up to. With
 * no VAT, or shelf prices that include it, that is the line's own total. With tax-exclusive prices the customer paid
 * each rate's gross: it is shared over that rate's lines in proportion to their totals (largest remainder), so a
 * return of every line gives back exactly what the sale charged. A sale whose lines carry no rate shares its whole
 * total the same way (exact when it had one rate, as most do).
 */
export function chargedLineTotals(lines: readonly ChargedLine[], vat: LockedVat | null, saleTotal: Minor): Minor[] {
  if (vat === null || vat.pricesIncludeTax) return lines.map((l) => l.total);
  if (lines.some((l) => l.rateBp === undefined)) return splitInProportion(lines.map((l) => BigInt(l.total)), saleTotal);
  const out: Minor[] = lines.map(() => 0);
  for (const row of vat.rows) {
    const members = lines.flatMap((l, i) => (l.rateBp === row.rateBp ? [i] : []));
    if (members.length === 0) throw new DomainError('INVALID_INPUT', `the sale's VAT names a rate of ${row.rateBp} bp no line was charged at`, { rateBp: row.rateBp });
    const parts = splitInProportion(members.map((i) => BigInt(lines[i]?.total ?? 0)), row.gross);
    members.forEach((i, k) => (out[i] = parts[k] ?? 0));
  }
  if (lines.some((l) => !vat.rows.some((r) => r.rateBp === l.rateBp))) throw new DomainError('INVALID_INPUT', "a line's VAT rate is not in the sale's VAT summary");
  return out;
}
