import { DomainError } from './errors';
import { CURRENCIES, type Currency, type Minor, assertMinor } from './money';

/**
 * Two currencies in one sale, as a Lebanese shop runs it: shelf prices in the tenant's base currency (USD), the
 * customer pays in USD, LBP, or both, at the rate the shop posted for the day, and change comes in the currency
 * the cashier picks, or split (whole dollars, the rest in pounds). Pound amounts are rounded to a step the shop
 * sets (5,000 LBP: small notes are scarce), and the rounding is its own line on the receipt.
 *
 * Everything is integers. A rate is the quote currency's minor units per ONE whole unit of the base (89,500 LBP
 * per USD). Amounts of both currencies are compared in one exact unit, the quote's minor unit divided by the
 * base's minor digits (1/100 LBP for USD→LBP): a base minor unit is `rate` of them, a quote minor unit is
 * 10^digits(base) of them. Nothing is lost to division until an amount is handed over, and what is rounded then
 * is reported, never dropped.
 */
export interface PostedRate {
  base: Currency;
  quote: Currency;
  /** quote minor units per one whole base unit: 89_500 LBP per USD */
  rate: number;
}

export type RoundingMode = 'nearest' | 'down' | 'up';

/** The highest rate a till accepts: beyond it a typing slip (an extra zero or three) is likelier than a rate. */
export const MAX_RATE = 100_000_000;

export function assertRate(r: PostedRate): PostedRate {
  if (r.base === r.quote) throw new DomainError('INVALID_INPUT', 'a rate converts between two different currencies', { currency: r.base });
  if (!Number.isSafeInteger(r.rate) || r.rate <= 0 || r.rate > MAX_RATE) {
    throw new DomainError('INVALID_INPUT', `a rate is a whole number of ${r.quote} per ${r.base}, above zero and at most ${MAX_RATE}`, { rate: r.rate });
  }
  return r;
}

const scaleOf = (r: PostedRate): bigint => 10n ** BigInt(CURRENCIES[r.base].minorDigits);

/** An amount in the exact common unit (see the module comment). */
type Exact = bigint;

function toExact(amount: Minor, currency: Currency, r: PostedRate): Exact {
  assertMinor(amount);
  if (currency === r.base) return BigInt(amount) * BigInt(r.rate);
  if (currency === r.quote) return BigInt(amount) * scaleOf(r);
  throw new DomainError('INVALID_INPUT', `this till takes ${r.base} and ${r.quote}, not ${currency}`, { currency });
}

/** Divides, rounding the signed quotient as told: 'down' is the floor, 'up' the ceiling, 'nearest' half away from zero. */
function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const negative = n < 0n;
  const a = negative ? -n : n;
  let q = a / d;
  const rem = a % d;
  if (rem !== 0n) {
    const awayFromZero = mode === 'nearest' ? rem * 2n >= d : (mode === 'up') !== negative;
    if (awayFromZero) q += 1n;
  }
  return negative ? -q : q;
}

/** A base amount in the quote currency, to its minor unit (nearest): the receipt's "total in LBP". */
export function toQuote(baseAmount: Minor, r: PostedRate): Minor {
  assertRate(r);
  return Number(divRound(toExact(baseAmount, r.base, r), scaleOf(r), 'nearest'));
}

/** A quote amount rounded to the shop's step (5,000 LBP), as told. */
export function roundToStep(amount: Minor, step: Minor, mode: RoundingMode): Minor {
  if (!Number.isSafeInteger(step) || step <= 0) throw new DomainError('INVALID_INPUT', 'a rounding step is a whole, positive amount', { step });
  return Number(divRound(BigInt(amount), BigInt(step), mode) * BigInt(step));
}

export interface CashTender {
  currency: Currency;
  amount: Minor;
}

export type ChangeIn = 'base' | 'quote' | 'split';

export interface SettleInput {
  /** what the sale costs, in the base currency */
  due: Minor;
  rate: PostedRate;
  tenders: readonly CashTender[];
  changeIn: ChangeIn;
  /** the smallest quote amount handed over (5,000 LBP); 1 for none */
  quoteStep: Minor;
  rounding: RoundingMode;
}

export type Settlement =
  | {
      settled: true;
      /** change handed back, per currency (zero where none) */
      change: { base: Minor; quote: Minor };
      /**
       * exact change minus what was handed back, in quote minor units (positive: the shop keeps it; negative: the
       * shop gives it): the receipt's rounding line
       */
      rounding: Minor;
    }
  | {
      settled: false;
      /** what is still to pay, in each currency on its own (pay either) */
      remaining: { base: Minor; quote: Minor };
    };

/**
 * Settles a cash payment in one or both currencies. The mode rounds the signed change to the step: 'down' toward
 * the shop (floor), 'up' toward the customer (ceiling), 'nearest' half away from zero. Settled when that change
 * is not negative (a shortfall that rounds to nothing is the shop's, and shows as a negative rounding line);
 * otherwise what is still due is quoted in both currencies, so the cashier can ask for either.
 */
export function settle(input: SettleInput): Settlement {
  const r = assertRate(input.rate);
  if (!Number.isSafeInteger(input.quoteStep) || input.quoteStep <= 0) {
    throw new DomainError('INVALID_INPUT', 'a rounding step is a whole, positive amount', { step: input.quoteStep });
  }
  assertMinor(input.due, 'amount due');
  const paid = input.tenders.reduce<Exact>((sum, t) => sum + toExact(t.amount, t.currency, r), 0n);
  const exactChange = paid - toExact(input.due, r.base, r);
  const scale = scaleOf(r);
  const step = BigInt(input.quoteStep);
  const quoteOf = (exact: Exact, mode: RoundingMode): bigint => divRound(exact, scale * step, mode) * step;

  if (exactChange < 0n) {
    // The mode rounds the signed change (down: toward the shop, up: toward the customer), so a shortfall that
    // rounds to nothing is the shop's to absorb, and shows as a negative rounding line.
    const handed = quoteOf(exactChange, input.rounding);
    if (handed >= 0n) return { settled: true, change: { base: 0, quote: 0 }, rounding: Number(divRound(exactChange, scale, 'nearest')) };
    return {
      settled: false,
      remaining: { base: Number(divRound(-exactChange, BigInt(r.rate), 'up')), quote: Number(-handed) },
    };
  }

  let base = 0n;
  let quote = 0n;
  if (input.changeIn === 'base') {
    // Change in the base currency: to its minor unit; what is left under a cent goes to the rounding line.
    base = divRound(exactChange, BigInt(r.rate), 'down');
  } else if (input.changeIn === 'split') {
    // Whole base units (notes) first, the rest in the quote currency at the shop's step.
    const wholeUnit = BigInt(r.rate) * scale;
    base = (exactChange / wholeUnit) * scale;
    quote = quoteOf(exactChange - base * BigInt(r.rate), input.rounding);
  } else {
    quote = quoteOf(exactChange, input.rounding);
  }
  const given = base * BigInt(r.rate) + quote * scale;
  return {
    settled: true,
    change: { base: Number(base), quote: Number(quote) },
    rounding: Number(divRound(exactChange - given, scale, 'nearest')),
  };
}
