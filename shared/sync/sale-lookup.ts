import { z } from 'zod';
import { currency, id, isoTime, nonNegativeMilli, nonNegativeMinor } from '../domain/schemas';
import { lockedVatSchema } from '../domain/tax';
import { lockedRateSchema, saleLineSchema, tenderSchema } from '../ops/operations';

/**
 * GET /v1/sales/:saleId (issue 11): a sale of any till of the tenant, as a return at another till needs it. The
 * server answers from the sale's applied op (lines, tenders, the rate and VAT it locked), with which lines its
 * replay reversed and what returns so far took back of each line and of each tender. The tenant comes from the
 * till's credentials: a sale of another tenant is NOT_FOUND, never shown.
 */
export const SALE_LOOKUP_PATH = (saleId: string): string => `/v1/sales/${saleId}`;

export const saleForReturnSchema = z.object({
  saleId: id,
  /** the receipt number the selling till printed; null for a sale op from before the op carried it */
  number: z.string().nullable(),
  /** when the selling till recorded it (its own clock: for people to read, never to order stock) */
  occurredAt: isoTime,
  tillName: z.string(),
  storeName: z.string(),
  cashierName: z.string(),
  currency,
  lines: z.array(saleLineSchema.extend({ sku: z.string(), name: z.string(), unit: z.string(), reversed: z.boolean() })).min(1),
  tenders: z.array(tenderSchema),
  total: nonNegativeMinor,
  change: nonNegativeMinor,
  rate: lockedRateSchema.nullable(),
  vat: lockedVatSchema.nullable(),
  /**
   * Every return of the sale the server holds, by id, with what it took back per line and paid back per tender:
   * the asking till counts these and its own returns once each (by id), whatever it has synced since.
   */
  returns: z
    .array(
      z.object({
        returnId: id,
        lines: z.array(z.object({ lineId: id, qty: nonNegativeMilli, refund: nonNegativeMinor })),
        refunds: z.array(z.object({ tenderIndex: z.int().min(0).max(9), baseAmount: nonNegativeMinor })),
      }),
    )
    .max(1000),
});
export type SaleForReturn = z.infer<typeof saleForReturnSchema>;
