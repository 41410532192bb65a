import { z } from 'zod';
import { currency, freeText, id, isoTime, minor, nonNegativeMinor, shortText } from '../domain/schemas';
import { CASH_DIRECTIONS, closingColumnSchema, perCurrencyAmounts } from '../ops/operations';

/**
 * The branch API's shapes for cash drawers and shifts (issue 11; shared/domain/shift.ts): the open shift with its X
 * report, and the Z report printed at closing. Kept apart from branch-api.ts, which lists the methods.
 */

/** One currency's column of the drawer now (shift.ts DrawerColumn). */
export const drawerColumnView = z.object({
  currency,
  float: nonNegativeMinor,
  cashSales: nonNegativeMinor,
  changeGiven: nonNegativeMinor,
  refunds: nonNegativeMinor,
  cashIn: nonNegativeMinor,
  paidOut: nonNegativeMinor,
  expected: minor,
});

export const cashMoveView = z.object({
  moveId: id,
  direction: z.enum(CASH_DIRECTIONS),
  currency,
  amount: nonNegativeMinor,
  reason: z.string(),
  byName: z.string(),
  approvedByName: z.string().nullable(),
  at: isoTime,
});

/** The X report: what the drawer should hold now, read at any time, changing nothing. */
export const shiftView = z.object({
  shiftId: id,
  openedByName: z.string(),
  openedAt: isoTime,
  float: perCurrencyAmounts,
  columns: z.array(drawerColumnView),
  /** card takings per currency: not in the drawer */
  card: perCurrencyAmounts,
  sales: z.int().min(0),
  /** the shift's sales' totals, in the till's currency */
  takings: nonNegativeMinor,
  /** what discounts took off those sales, and what the shift's returns refunded (till's currency) */
  discounts: nonNegativeMinor.optional(),
  refunded: nonNegativeMinor.optional(),
  moves: z.array(cashMoveView),
  /** the drawer opened without a sale, each approved by a manager (absent from a till before issue 11's printing) */
  noSales: z.array(z.object({ openId: id, reason: z.string(), byName: z.string(), approvedByName: z.string().nullable(), at: isoTime })).optional(),
  note: z.string().nullable(),
});
export type ShiftView = z.infer<typeof shiftView>;

/** The Z report, as printed at closing and stored unchanged. */
export const zReportView = z.object({
  shiftId: id,
  number: z.int().min(1),
  tillName: z.string(),
  storeName: z.string(),
  currency,
  openedByName: z.string(),
  openedAt: isoTime,
  closedByName: z.string(),
  closedAt: isoTime,
  columns: z.array(closingColumnSchema),
  card: perCurrencyAmounts,
  sales: z.int().min(0),
  takings: nonNegativeMinor,
  discounts: nonNegativeMinor.optional(),
  refunded: nonNegativeMinor.optional(),
  moves: z.array(cashMoveView),
  note: z.string().nullable(),
  /** the server has not acknowledged its op yet */
  pending: z.boolean(),
});
export type ZReportView = z.infer<typeof zReportView>;

export const shiftOpenInput = z.object({ shiftId: id, float: perCurrencyAmounts, note: freeText(200).optional() });
export const cashMoveInput = z.object({
  moveId: id,
  direction: z.enum(CASH_DIRECTIONS),
  currency,
  amount: nonNegativeMinor.refine((a) => a > 0, 'must be greater than zero'),
  reason: shortText,
});
export const shiftCloseInput = z.object({ shiftId: id, counted: perCurrencyAmounts, note: freeText(200).optional() });
