import { z } from 'zod';
import { isValidGs1 } from '../domain/barcode';
import { DomainError } from '../domain/errors';

/**
 * Scale labels: EAN-13 codes in the GS1 "restricted circulation" range (prefixes 20 to 29) that a shop's own
 * scale prints, carrying an item code and the weight or the price of what was weighed. Every scale brand lays
 * the digits out differently, so each shop sets its layout as a pattern of 13 letters:
 *
 *   P  a digit of the prefix (fixed digits the pattern gives, e.g. "21")
 *   I  a digit of the item code (the product's PLU at the scale)
 *   V  a digit of the value (grams for weight; minor currency units for price)
 *   X  a digit the scale computes and the till ignores (a price check digit)
 *   C  the EAN-13 check digit (always last)
 *
 * e.g. prefix "21", pattern "PPIIIIIVVVVVC": 21 + 5-digit PLU + 5-digit weight in grams + check.
 */
export interface EmbeddedFormat {
  prefix: string;
  pattern: string;
  /** what V holds: the weight in grams (milli-kg) or the price in minor units */
  value: 'weight' | 'price';
}

export interface EmbeddedRead {
  itemCode: string;
  /** milli-units of weight (grams = milli-kg) for 'weight', minor units for 'price' */
  value: number;
  kind: 'weight' | 'price';
}

export function assertEmbeddedFormat(f: EmbeddedFormat): EmbeddedFormat {
  const problem =
    !/^2\d$/.test(f.prefix) ? 'the prefix is two digits from 20 to 29' :
    f.pattern.length !== 13 || !/^[PIVXC]+$/.test(f.pattern) ? 'the pattern is 13 letters of P, I, V, X and C' :
    !f.pattern.endsWith('C') || f.pattern.indexOf('C') !== 12 ? 'the pattern ends with its one check digit C' :
    !f.pattern.startsWith('P'.repeat(f.prefix.length)) || f.pattern.split('P').length - 1 !== f.prefix.length ? 'the pattern starts with one P per prefix digit' :
    !f.pattern.includes('I') || !f.pattern.includes('V') ? 'the pattern needs item digits I and value digits V' :
    null;
  if (problem !== null) throw new DomainError('INVALID_INPUT', `scale label format: ${problem}`, { prefix: f.prefix, pattern: f.pattern });
  return f;
}

/**
 * Reads a scanned code by the shop's formats: null when it is not a scale label of any of them (the caller then
 * looks it up as an ordinary barcode). A code in the range with a wrong check digit is not read at all.
 */
export function readEmbedded(code: string, formats: readonly EmbeddedFormat[]): EmbeddedRead | null {
  if (code.length !== 13 || !isValidGs1(code)) return null;
  for (const f of formats) {
    if (!code.startsWith(f.prefix)) continue;
    let itemCode = '';
    let value = '';
    for (let i = 0; i < 13; i++) {
      if (f.pattern[i] === 'I') itemCode += code[i];
      else if (f.pattern[i] === 'V') value += code[i];
    }
    return { itemCode, value: Number(value), kind: f.value };
  }
  return null;
}

/** Most label formats one shop's scales may print (a weight and a price label per scale brand, a few brands). */
export const MAX_EMBEDDED_FORMATS = 10;

/** A label format at a boundary (admin CLI, pull, till storage): zod for the shape, assertEmbeddedFormat for the rest. */
export const embeddedFormatSchema = z
  .object({ prefix: z.string(), pattern: z.string(), value: z.enum(['weight', 'price']) })
  .strict()
  .superRefine((f, ctx) => {
    try {
      assertEmbeddedFormat(f);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
    }
  });

/** A shop's formats: each prefix once (a second format of the same prefix would never be read). */
export const embeddedFormatsSchema = z
  .array(embeddedFormatSchema)
  .max(MAX_EMBEDDED_FORMATS)
  .refine((fs) => new Set(fs.map((f) => f.prefix)).size === fs.length, 'scale label formats: each prefix once');

/** A label's item code as a product's PLU (shared/domain/schemas.ts pluSchema): without its leading zeros; null for all zeros. */
export function normalizePlu(itemCode: string): string | null {
  const plu = itemCode.replace(/^0+/, '');
  return plu === '' ? null : plu;
}
