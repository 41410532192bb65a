import { z } from 'zod';
import { currency, id, isoTime, nonNegativeMilli, nonNegativeMinor, positiveMilli, shortText } from '../domain/schemas';
import { refundPartSchema, RETURN_DISPOSITIONS } from '../ops/operations';

/**
 * The branch API's shapes for returns against a receipt (issue 11; shared/domain/returns.ts): what of a sale can
 * still come back, a return's refund worked out before it is done, and the return as recorded. Kept apart from
 * branch-api.ts, which lists the methods.
 */

/** A line of the sale as a return sees it. */
export const returnableLineView = z.object({
  lineId: id,
  productId: id,
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  sold: positiveMilli,
  /** taken back by earlier returns */
  returned: nonNegativeMilli,
  /** what may still come back: sold − returned, or 0 for a line the server reversed */
  left: nonNegativeMilli,
  /** the server reversed it (the customer is settled in its conflict, not by a return) */
  reversed: z.boolean(),
  /** what the line cost the customer, VAT included */
  charged: nonNegativeMinor,
  /** what is left of it to refund */
  refundable: nonNegativeMinor,
});

export const returnRequestLine = z.object({ lineId: id, qty: positiveMilli, disposition: z.enum(RETURN_DISPOSITIONS) });

/** What the cashier picked: the refund is worked out by the till, never taken from the screen. */
export const returnPreviewInput = z.object({
  saleId: id,
  lines: z.array(returnRequestLine).min(1).max(500),
});
export const returnInput = returnPreviewInput.extend({ returnId: id, reason: shortText });

export const refundPartView = refundPartSchema;

export const returnPreview = z.object({
  lines: z.array(z.object({ lineId: id, name: z.string(), qty: positiveMilli, disposition: z.enum(RETURN_DISPOSITIONS), refund: nonNegativeMinor })),
  refund: nonNegativeMinor,
  refunds: z.array(refundPartView),
});

export const returnView = returnPreview.extend({
  returnId: id,
  saleId: id,
  saleNumber: z.string(),
  occurredAt: isoTime,
  currency,
  byName: z.string(),
  approvedByName: z.string().nullable(),
  reason: z.string(),
  /** the server has not acknowledged its op yet */
  pending: z.boolean(),
});
export type ReturnView = z.infer<typeof returnView>;
export type ReturnPreview = z.infer<typeof returnPreview>;

