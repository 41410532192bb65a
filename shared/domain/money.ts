import { DomainError } from './errors';
import { type Milli, MILLI_PER_UNIT, assertMilli } from './quantity';
// A cycle by design: money-input uses this module's tables only when called, never while loading.
import { parseMoneyInput } from './money-input';

/**
 * Money is an integer count of the currency's minor unit: USD cents, LBP whole pounds. The shop chooses its
 * currency; amounts of different currencies never meet in one sum.
 */
export type Minor = number;

export const CURRENCIES = {
  USD: { minorDigits: 2 },
  LBP: { minorDigits: 0 },
  EUR: { minorDigits: 2 },
  AED: { minorDigits: 2 },
  SAR: { minorDigits: 2 },
  JOD: { minorDigits: 3 },
  EGP: { minorDigits: 2 },
} as const;
export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as [Currency, ...Currency[]];

/**
 * The banknotes a till is handed, per currency, in minor units, smallest first: the one table behind the quick
 * cash buttons and the largest-note check of a typed tender (money-input.ts LARGEST_NOTE). Lebanon: LBP 1,000 to
 * 1,000,000 (nothing larger is printed). USD leaves out the $2 note: legal tender, but nobody hands one over.
 */
export const BANKNOTES: Record<Currency, readonly Minor[]> = {
  USD: [1_00, 5_00, 10_00, 20_00, 50_00, 100_00],
  LBP: [1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 500_000, 1_000_000],
  EUR: [5_00, 10_00, 20_00, 50_00, 100_00, 200_00, 500_00],
  AED: [5_00, 10_00, 20_00, 50_00, 100_00, 200_00, 500_00, 1000_00],
  SAR: [1_00, 5_00, 10_00, 50_00, 100_00, 200_00, 500_00],
  JOD: [1_000, 5_000, 10_000, 20_000, 50_000],
  EGP: [5_00, 10_00, 20_00, 50_00, 100_00, 200_00],
};

/** 1e15 minor units: above any till's day, below 2^53 so every sum stays exact. */
export const MAX_MONEY_MINOR = 1_000_000_000_000_000;

export function isMinor(value: unknown): value is Minor {
  return typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= MAX_MONEY_MINOR;
}

export function assertMinor(value: unknown, what = 'amount'): Minor {
  if (!isMinor(value)) {
    throw new DomainError('INVALID_INPUT', `${what} must be a whole number of minor currency units`, {
      value: String(value),
    });
  }
  return value;
}

/**
 * Parses "12.50" in USD to 1250 the way ./money-input.ts reads amounts (decimal point or comma, grouping only as
 * grouping, never more decimals than the currency has), in the en convention: for text that is not typed at a
 * till, such as a price column of a CSV import.
 */
export function parseMoney(text: string, currency: Currency): Minor {
  const r = parseMoneyInput(text, currency, 'en');
  if (!r.ok) throw new DomainError('INVALID_INPUT', `"${text}" is not an amount of ${currency} (${r.error.kind.replace(/_/g, ' ')})`, { text, reason: r.error.kind });
  return r.amount;
}

/** Formats minor units for people, e.g. "$12.50", "LBP 89,500", in the given locale. */
export function formatMoney(amount: Minor, currency: Currency, locale = 'en'): string {
  const digits = CURRENCIES[currency].minorDigits;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}

/**
 * Price of a line: unit price (minor units per whole unit) × quantity (milli-units), rounded half away from
 * zero to the minor unit. Computed in BigInt so a large LBP price × a large quantity stays exact.
 */
export function lineTotal(unitPrice: Minor, qty: Milli): Minor {
  assertMinor(unitPrice, 'unit price');
  assertMilli(qty);
  const product = BigInt(unitPrice) * BigInt(qty);
  const divisor = BigInt(MILLI_PER_UNIT);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs + divisor / 2n) / divisor;
  return assertMinor(Number(negative ? -rounded : rounded), 'line total');
}

export function sumMoney(values: readonly Minor[]): Minor {
  return values.reduce<Minor>((acc, v) => assertMinor(acc + v, 'total'), 0);
}

/**
 * Splits `amount` over parts in proportion to their weights, to the minor unit, by largest remainder (ties to the
 * earlier part), so the parts add up to `amount` exactly: a cart discount over its lines, a sale's cash total over
 * its cash tenders. All weights zero: every part is zero.
 */
export function splitInProportion(weights: readonly bigint[], amount: Minor): Minor[] {
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (sum === 0n) return weights.map(() => 0);
  const exact = weights.map((w) => w * BigInt(amount));
  const parts = exact.map((e) => Number(e / sum));
  let left = amount - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, rem: e % sum })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}
