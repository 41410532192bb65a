import { DomainError } from './errors';
import { type Minor, assertMinor, sumMoney } from './money';

/**
 * Value added tax on a receipt. Each product has a tax class; each class has a rate in basis points (Lebanon:
 * standard 11% = 1100, some goods exempt = 0). A tenant's prices are either tax-inclusive (the shelf price is what
 * the customer pays, VAT is inside it) or exclusive (VAT is added on top).
 *
 * VAT is computed per rate over the sum of that rate's lines, once, and rounded half away from zero to the minor
 * unit, not line by line: summing per-line roundings drifts by a cent per line, and the receipt would then not
 * agree with the tax return, which is computed on totals.
 */
export const MAX_RATE_BP = 10_000;

export interface TaxedLine {
  /** the line's total at its shelf price, in minor units */
  total: Minor;
  rateBp: number;
}

export interface VatRow {
  rateBp: number;
  /** the lines' value without VAT */
  net: Minor;
  vat: Minor;
  /** net + vat */
  gross: Minor;
}

export interface VatSummary {
  rows: VatRow[];
  net: Minor;
  vat: Minor;
  /** what the customer pays */
  gross: Minor;
}

export function assertRateBp(rateBp: number): number {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > MAX_RATE_BP) {
    throw new DomainError('INVALID_INPUT', 'a VAT rate is a whole number of basis points from 0 to 10,000 (0% to 100%)', { rateBp });
  }
  return rateBp;
}

function roundDiv(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const a = negative ? -n : n;
  const q = (a + d / 2n) / d;
  return negative ? -q : q;
}

/** The VAT of a receipt, per rate, from its lines at shelf prices. */
export function vatSummary(lines: readonly TaxedLine[], pricesIncludeTax: boolean): VatSummary {
  const byRate = new Map<number, Minor>();
  for (const line of lines) {
    const rate = assertRateBp(line.rateBp);
    byRate.set(rate, sumMoney([byRate.get(rate) ?? 0, assertMinor(line.total, 'line total')]));
  }
  const rows = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rateBp, total]): VatRow => {
      const t = BigInt(total);
      const r = BigInt(rateBp);
      if (pricesIncludeTax) {
        // VAT inside a gross price: gross × r / (1 + r)
        const vat = Number(roundDiv(t * r, 10_000n + r));
        return { rateBp, net: total - vat, vat, gross: total };
      }
      const vat = Number(roundDiv(t * r, 10_000n));
      return { rateBp, net: total, vat, gross: total + vat };
    });
  return {
    rows,
    net: sumMoney(rows.map((r) => r.net)),
    vat: sumMoney(rows.map((r) => r.vat)),
    gross: sumMoney(rows.map((r) => r.gross)),
  };
}
