import { z } from 'zod';
import { MAX_QTY_MILLI } from './quantity';
import { MAX_MONEY_MINOR, CURRENCY_CODES } from './money';
import { UNITS } from './units';
import { checkBarcode } from './barcode';

/** Building blocks reused by every boundary schema (branch API, op log, sync protocol, CSV import). */
export const id = z.uuid();
/**
 * The one range of quantities and levels (±MAX_QTY_MILLI) and of money (±MAX_MONEY_MINOR), as plain min/max bounds
 * so they can be read back (`.minValue`, `.maxValue`): a test compares them with the CHECKs of both databases.
 */
const QTY_RANGE = `must be a whole number of milli-units within ±${MAX_QTY_MILLI}`;
const MONEY_RANGE = `must be a whole number of minor currency units within ±${MAX_MONEY_MINOR}`;
export const milli = z.int().min(-MAX_QTY_MILLI, QTY_RANGE).max(MAX_QTY_MILLI, QTY_RANGE);
export const positiveMilli = z.int().min(1, 'must be greater than zero').max(MAX_QTY_MILLI, QTY_RANGE);
export const nonNegativeMilli = z.int().min(0, 'cannot be negative').max(MAX_QTY_MILLI, QTY_RANGE);
export const minor = z.int().min(-MAX_MONEY_MINOR, MONEY_RANGE).max(MAX_MONEY_MINOR, MONEY_RANGE);
export const nonNegativeMinor = z.int().min(0, 'cannot be negative').max(MAX_MONEY_MINOR, MONEY_RANGE);
export const currency = z.enum(CURRENCY_CODES);
export const unit = z.enum(UNITS);
export const isoTime = z.iso.datetime({ offset: true });
export const barcode = z.string().refine((c) => checkBarcode(c).ok, 'not a valid barcode');
/**
 * Text both databases can store. PostgreSQL's text and jsonb refuse NUL, and a lone UTF-16 surrogate is not
 * Unicode (jsonb refuses it, a text column turns it into U+FFFD). Every free-text field of the branch API and
 * of the op log is `freeText`, so such text is refused where it is typed and never queued for a push that
 * could not be stored.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}
export const UNSTORABLE_TEXT_MESSAGE = 'contains a NUL character or a broken Unicode character';
/** Trimmed free text of at most `max` characters (may be empty). */
export const freeText = (max: number) => z.string().trim().max(max).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
export const shortText = freeText(200).min(1);

export const ROLES = ['cashier', 'manager', 'head_office'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

export const LOCATION_KINDS = ['warehouse', 'store'] as const;

/** Most pack barcodes one product may carry (a case, a tray, a pallet layer...). */
export const MAX_PACK_BARCODES = 10;
/** The most units one pack may hold (shared/domain/packs.ts converts packs to stock). */
export const MAX_PACK_UNITS = 10_000;
/** A pack barcode of a product: scanning it adds `units` of the product at once (shared/domain/packs.ts). */
export const packBarcodeSchema = z.object({
  barcode,
  /** how many of the product's units one pack holds: whole, 2 … MAX_PACK_UNITS */
  units: z.int().min(2, 'a pack holds at least 2 units').max(MAX_PACK_UNITS, `a pack holds at most ${MAX_PACK_UNITS} units`),
  /** the pack's own price in minor units; null sells it at units × the unit price */
  price: nonNegativeMinor.nullable(),
});
export type PackBarcode = z.infer<typeof packBarcodeSchema>;

/**
 * A product's item code at the scales (PLU), as a scale label carries it: digits without leading zeros, so the
 * label's zero-padded field "00423" and the product's "423" meet (shared/scan/embedded-barcode.ts normalizePlu).
 * Server migration 0016 checks the same pattern.
 */
export const PLU_PATTERN = /^[1-9]\d{0,7}$/;
export const pluSchema = z.string().regex(PLU_PATTERN, 'a scale item code (PLU) is 1 to 8 digits, not starting with 0');

/** A tax class's code (shared/domain/tax.ts): server migration 0013 checks the same pattern. */
export const TAX_CLASS_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const taxClassCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(TAX_CLASS_CODE, 'a tax class is 1 to 32 lower-case letters, digits, "-" or "_" (e.g. standard, exempt)');

export const productSchema = z.object({
  id,
  sku: freeText(64).min(1),
  name: shortText,
  barcodes: z.array(barcode).max(20),
  unit,
  /** each per pack, for products sold or received by the case */
  packSize: z.int().positive().nullable(),
  /** the product's pack barcodes, none when absent (older servers send none) */
  packs: z.array(packBarcodeSchema).max(MAX_PACK_BARCODES).optional(),
  price: nonNegativeMinor,
  currency,
  lowStockThreshold: nonNegativeMilli,
  reorderPoint: nonNegativeMilli,
  reorderQty: nonNegativeMilli,
  leadTimeDays: z.int().min(0).max(365),
  active: z.boolean(),
  /** the product's tax class (shared/domain/tax.ts); absent: the tenant's default class (older servers send none) */
  taxClass: taxClassCode.optional(),
  /** its item code at the shop's scales (shared/scan/embedded-barcode.ts), unique in the tenant; absent: none (older servers send none) */
  plu: pluSchema.optional(),
});
export type Product = z.infer<typeof productSchema>;

export const locationSchema = z.object({
  id,
  name: shortText,
  kind: z.enum(LOCATION_KINDS),
});
export type Location = z.infer<typeof locationSchema>;

export const userSchema = z.object({
  id,
  name: shortText,
  role,
});
export type User = z.infer<typeof userSchema>;

export const levelSchema = z.object({
  onHand: milli,
  reserved: milli,
  inTransit: milli,
  quarantined: milli,
});

/**
 * A pull cursor: an opaque decimal string of the server's change counter; "0" means "everything". Defined here
 * (not in shared/sync/protocol.ts) because ops carry one too (a stocktake's snapshot), and both must hold the
 * same bound.
 */
export const cursorSchema = z
  .string()
  .regex(/^\d{1,19}$/, 'a cursor is a decimal number')
  // The server's change counter is a bigint read as an exact JS number: a larger cursor names no change and
  // used to fail in the database on every retry.
  .refine((c) => !/^\d{1,19}$/.test(c) || BigInt(c) <= BigInt(Number.MAX_SAFE_INTEGER), 'a cursor is beyond the range of the change counter');
