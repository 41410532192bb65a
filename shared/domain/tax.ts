import { z } from 'zod';
import { DomainError } from './errors';
import { MAX_RATE_BP } from './vat';
import { freeText, minor, taxClassCode } from './schemas';

export { taxClassCode };

/**
 * A tenant's tax classes and legal identity (issue 11). Each class is a code with a VAT rate in basis points
 * (Lebanon: "standard" 11% = 1100, "exempt" 0); a product names its class or takes the tenant's default one; the
 * tenant says whether its shelf prices include the tax (vat.ts). The server sends all of it in every pull, the till
 * looks a product's rate up here when it sells, and the sale locks the resulting VAT summary.
 */
const RATE_RANGE = `a VAT rate is a whole number of basis points from 0 to ${MAX_RATE_BP} (0% to 100%)`;
export const rateBp = z.int(RATE_RANGE).min(0, RATE_RANGE).max(MAX_RATE_BP, RATE_RANGE);

export const taxClassSchema = z.object({ code: taxClassCode, rateBp });
export type TaxClass = z.infer<typeof taxClassSchema>;

export const taxSettingsSchema = z
  .object({
    pricesIncludeTax: z.boolean(),
    defaultClass: taxClassCode,
    classes: z.array(taxClassSchema).min(1).max(50),
  })
  .refine((t) => new Set(t.classes.map((c) => c.code)).size === t.classes.length, 'each tax class is named once')
  .refine((t) => t.classes.some((c) => c.code === t.defaultClass), 'the default tax class must be one of the classes');
export type TaxSettings = z.infer<typeof taxSettingsSchema>;

/** What a new tenant starts with (server migration 0013 gives every tenant the same). */
export const DEFAULT_TAX: TaxSettings = {
  pricesIncludeTax: true,
  defaultClass: 'standard',
  classes: [
    { code: 'standard', rateBp: 1100 },
    { code: 'exempt', rateBp: 0 },
  ],
};

/** The tenant's legal identity on a receipt; each part may be unset (not printed). */
export const legalIdentitySchema = z.object({
  name: freeText(200).nullable(),
  address: freeText(400).nullable(),
  /** the VAT registration number */
  taxNumber: freeText(64).nullable(),
});
export type LegalIdentity = z.infer<typeof legalIdentitySchema>;

/**
 * The rate of a product's class: its own class, or the tenant's default when it names none. A class the settings
 * do not know (a product pulled before its class) is refused rather than sold at a guessed rate.
 */
export function rateOfClass(tax: TaxSettings, taxClass: string | null | undefined): number {
  const code = taxClass ?? tax.defaultClass;
  const found = tax.classes.find((c) => c.code === code);
  if (found === undefined) {
    throw new DomainError('INVALID_INPUT', `unknown tax class "${code}": the tenant's classes are ${tax.classes.map((c) => c.code).join(', ')}`, {
      taxClass: code,
    });
  }
  return found.rateBp;
}

/**
 * The VAT a sale locked (vat.ts VatSummary, with whether its prices included tax): on the sale op and the sale's
 * row, so the receipt and a reprint show what was charged whatever the rates are today. Its sums must agree, as
 * vatSummary() makes them: each row's gross is its net plus its VAT, the totals are the rows' sums.
 */
const vatAmount = minor;
export const vatRowSchema = z.object({ rateBp, net: vatAmount, vat: vatAmount, gross: vatAmount });
export const lockedVatSchema = z
  .object({
    pricesIncludeTax: z.boolean(),
    rows: z.array(vatRowSchema).min(1).max(50),
    net: vatAmount,
    vat: vatAmount,
    gross: vatAmount,
  })
  .refine(
    (v) =>
      v.rows.every((r) => r.net + r.vat === r.gross) &&
      v.rows.reduce((s, r) => s + r.net, 0) === v.net &&
      v.rows.reduce((s, r) => s + r.vat, 0) === v.vat &&
      v.net + v.vat === v.gross,
    'a VAT summary adds up: gross = net + VAT on each rate and in total',
  );
export type LockedVat = z.infer<typeof lockedVatSchema>;
