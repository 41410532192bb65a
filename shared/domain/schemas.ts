import { z } from 'zod';
import { isMilli } from './quantity';
import { isMinor, CURRENCY_CODES } from './money';
import { UNITS } from './units';
import { checkBarcode } from './barcode';

/** Building blocks reused by every boundary schema (branch API, op log, sync protocol, CSV import). */
export const id = z.uuid();
export const milli = z.int().refine(isMilli, 'must be a whole number of milli-units in range');
export const positiveMilli = milli.refine((q) => q > 0, 'must be greater than zero');
export const nonNegativeMilli = milli.refine((q) => q >= 0, 'cannot be negative');
export const minor = z.int().refine(isMinor, 'must be a whole number of minor currency units in range');
export const nonNegativeMinor = minor.refine((m) => m >= 0, 'cannot be negative');
export const currency = z.enum(CURRENCY_CODES);
export const unit = z.enum(UNITS);
export const isoTime = z.iso.datetime({ offset: true });
export const barcode = z.string().refine((c) => checkBarcode(c).ok, 'not a valid barcode');
export const shortText = z.string().trim().min(1).max(200);

export const ROLES = ['cashier', 'manager', 'head_office'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

export const LOCATION_KINDS = ['warehouse', 'store'] as const;

export const productSchema = z.object({
  id,
  sku: z.string().trim().min(1).max(64),
  name: shortText,
  barcodes: z.array(barcode).max(20),
  unit,
  /** each per pack, for products sold or received by the case */
  packSize: z.int().positive().nullable(),
  price: nonNegativeMinor,
  currency,
  lowStockThreshold: nonNegativeMilli,
  reorderPoint: nonNegativeMilli,
  reorderQty: nonNegativeMilli,
  leadTimeDays: z.int().min(0).max(365),
  active: z.boolean(),
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
