import type { LockedVat, TaxSettings } from '../../shared/domain/tax';
import { vatSummary } from '../../shared/domain/vat';

/**
 * The VAT a sale locks (issue 11): its lines at the rates they locked (rateOfClass() of their products' classes,
 * looked up once per line by the sale), through vatSummary() (once per rate), with whether the tenant's prices
 * include tax. With inclusive prices the customer pays the lines' sum and the VAT is
 * inside it; with exclusive ones the lines are net and the customer pays net + VAT (the summary's gross), which is
 * the total tenders and settlement follow. Null when the till has no tax settings (never pulled from a server that
 * sends them): the sale is as before, its total the lines' sum.
 */
export function saleVat(tax: TaxSettings | null, lines: ReadonlyArray<{ total: number; rateBp: number }>): LockedVat | null {
  if (tax === null) return null;
  const summary = vatSummary(lines, tax.pricesIncludeTax);
  return { pricesIncludeTax: tax.pricesIncludeTax, ...summary };
}
