import { z } from 'zod';
import type { ResolutionKind } from '../domain/transfer';
import {
  id,
  isoTime,
  milli,
  minor,
  nonNegativeMilli,
  nonNegativeMinor,
  positiveMilli,
  currency,
  freeText,
  shortText,
  cursorSchema,
} from '../domain/schemas';
import { MAX_RATE } from '../domain/exchange';
import { lockedVatSchema } from '../domain/tax';

/**
 * Operations are the unit of the op log: what a till did, written in the same transaction as its effect and
 * replayed by the server exactly once. The till makes the id (UUIDv7, so ids sort by time) and keeps it on
 * every retry; (tillId, seq) is gap-free per till so the server can tell a repeat from a gap.
 *
 * Tenant and store are not in an operation: the server takes them from the till's credentials.
 */
export const CURRENT_SCHEMA_VERSION = 1;

export const WASTE_REASONS = ['expired', 'damaged', 'spoiled', 'theft', 'sample', 'other'] as const;
export const TENDER_METHODS = ['cash', 'card'] as const;

export const customerContactSchema = z
  .object({
    name: freeText(120).optional(),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,24}$/, 'not a phone number').optional(),
    note: freeText(500).optional(),
  })
  .refine((c) => c.name !== undefined || c.phone !== undefined, 'a customer contact needs a name or a phone number');
export type CustomerContact = z.infer<typeof customerContactSchema>;

export const saleLineSchema = z.object({
  lineId: id,
  productId: id,
  qty: positiveMilli,
  unitPrice: nonNegativeMinor,
  total: nonNegativeMinor,
  /**
   * The VAT rate the line was charged at, in basis points (issue 11, optional: lines of sales made before it carry
   * none). A return refunds the line's share of its rate's gross, so with tax-exclusive prices it gives back the VAT.
   */
  rateBp: z.int().min(0).max(10_000).optional(),
  /** what was taken off the line (its own discount and its share of the cart's); `total` is after it */
  discount: nonNegativeMinor.optional(),
  /** the shelf's unit price when the cashier sold the line at another (`unitPrice`): a price override */
  shelfUnitPrice: nonNegativeMinor.optional(),
});
/**
 * A discount as the cashier gives it (shared/domain/discounts.ts): a percentage in basis points (10% = 1000, never
 * past 100%) or an amount in minor units, off a line or off the whole cart.
 */
export const discountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), bp: z.int().min(0).max(10_000, 'a discount is at most 100%') }),
  z.object({ kind: z.literal('amount'), amount: nonNegativeMinor }),
]);
export const tenderSchema = z.object({
  method: z.enum(TENDER_METHODS),
  amount: minor.refine((a) => a > 0, 'must be greater than zero'),
  /** the currency handed over, in its own minor units; absent: the sale's currency (as every tender before issue 11) */
  currency: currency.optional(),
});

/**
 * A posted exchange rate (shared/domain/exchange.ts): the quote currency's minor units per ONE whole unit of the
 * base, 89,500 LBP per USD. Zero, negative, fractional or beyond MAX_RATE (a slip of the finger) is refused.
 */
export const exchangeRateValue = z
  .int(`a rate is a whole number of the quote currency per one unit of the base`)
  .min(1, 'a rate is above zero')
  .max(MAX_RATE, `a rate is at most ${MAX_RATE}`);
/** How the change of a sale in two currencies is handed back (exchange.ts ChangeIn). */
export const CHANGE_IN = ['base', 'quote', 'split'] as const;
/** The rate a sale used, locked on the sale and its op: the receipt is read from it, never from today's rate. */
export const lockedRateSchema = z
  .object({ rateId: id, base: currency, quote: currency, rate: exchangeRateValue })
  .refine((r) => r.base !== r.quote, 'a rate converts between two different currencies');
export type LockedRate = z.infer<typeof lockedRateSchema>;

export const salePayload = z.object({
  saleId: id,
  /** the receipt number the till printed (issue 11, optional: older ops carry none), so another till can name the sale */
  number: shortText.optional(),
  currency,
  lines: z.array(saleLineSchema).min(1).max(500),
  tenders: z.array(tenderSchema).max(10),
  total: nonNegativeMinor,
  change: nonNegativeMinor,
  customerContact: customerContactSchema.optional(),
  /** A manager let the till sell more than its recorded stock (the goods were on the shelf). */
  override: z.object({ managerId: id, reason: shortText }).optional(),
  /** the manager who approved the sale's discounts, when a line came down past the shop's limit */
  discountApprovedBy: id.optional(),
  /*
   * Two currencies (issue 11), added without a schema version change: all optional, an op without them is a sale
   * in its own currency as before, and none of them moves stock. `change` stays the change handed back in the
   * sale's currency; tenders name their currency.
   */
  /** the posted rate the sale used (present whenever the till had one, so the receipt shows the total in both) */
  rate: lockedRateSchema.optional(),
  changeIn: z.enum(CHANGE_IN).optional(),
  /** change handed back in the rate's quote currency, in its minor units */
  changeQuote: nonNegativeMinor.optional(),
  /** the exact change minus what was handed back, in the quote's minor units (+: the shop kept it): the receipt's rounding line */
  rounding: minor.optional(),
  /**
   * VAT (issue 11), optional like the two currencies: the summary per rate the till computed at its products'
   * rates (shared/domain/tax.ts). Its gross is `total`: with tax-exclusive prices the lines are net and the
   * customer paid net + VAT.
   */
  vat: lockedVatSchema.optional(),
}).refine((p) => p.vat === undefined || p.vat.gross === p.total, { message: 'a sale with VAT charges its gross: total must equal vat.gross', path: ['vat'] });

/**
 * The manager whose PIN approved a manager's op (receipt, waste, count, adjustment) in a cashier's session; absent
 * when a manager did it under their own login. The server checks the role of one or the other.
 */
const approvedBy = id.optional();

export const receiptPayload = z.object({
  receiptId: id,
  lines: z.array(z.object({ productId: id, qty: positiveMilli })).min(1).max(1000),
  supplier: freeText(200).optional(),
  reference: freeText(200).optional(),
  approvedBy,
});

export const wastePayload = z.object({
  wasteId: id,
  lines: z.array(z.object({ productId: id, qty: positiveMilli, reason: z.enum(WASTE_REASONS) })).min(1).max(1000),
  note: freeText(500).optional(),
  approvedBy,
});

/**
 * Where the till stood when the count sheet was read (shared/sync/stocktake.ts): its highest op seq, the pull
 * cursor it had applied, and its clock. What moved after that point goes on top of the counted quantities.
 * Added without a schema version change: it is optional, a count without it is taken at its commit as before,
 * and a server that does not know it ignores it.
 */
export const stocktakeSnapshotSchema = z.object({
  tillSeq: z.int().min(0),
  /** a pull cursor: a decimal change stamp, within the change counter's range like every pull cursor */
  cursor: cursorSchema,
  at: isoTime,
});
export type StocktakeSnapshot = z.infer<typeof stocktakeSnapshotSchema>;

export const stocktakePayload = z.object({
  stocktakeId: id,
  /** `before` is what this till's ledger expected at the snapshot (the sheet), or at the commit when there is no
   *  snapshot; the count's variance is `counted - before`. */
  counts: z.array(z.object({ productId: id, counted: nonNegativeMilli, before: milli })).min(1).max(20000),
  snapshot: stocktakeSnapshotSchema.optional(),
  approvedBy,
});

export const adjustmentPayload = z.object({
  adjustmentId: id,
  lines: z
    .array(z.object({ productId: id, delta: milli.refine((d) => d !== 0, 'must not be zero'), reason: shortText }))
    .min(1)
    .max(1000),
  approvedBy,
});

/**
 * Stock that moves between two locations of the tenant (shared/domain/transfer.ts has the rules). Each step is an
 * op of the till where it happens: the store asking for stock records the request, the source records the
 * dispatch, the destination the receipt. A till records a step only for a transfer one of whose ends is its own
 * store; the server checks that against the till's credentials, never against the payload. The new op types
 * were added without a schema version change: no existing op changed shape, and a server that does not know
 * them refuses the whole push (400), so the till keeps them queued until the server is upgraded.
 */
const transferLine = z.object({ productId: id, qty: positiveMilli });
export const TRANSFER_STEPS = ['approve', 'cancel', 'close'] as const;

export const transferRequestPayload = z.object({
  /** made once by whoever creates the transfer; every later step names it */
  transferId: id,
  sourceId: id,
  destinationId: id,
  lines: z.array(transferLine).min(1).max(1000),
  note: freeText(500).optional(),
  approvedBy,
});

/** approve (the source, or head office), cancel (either end, before anything was sent), close (the destination) */
export const transferStepPayload = z.object({
  transferId: id,
  step: z.enum(TRANSFER_STEPS),
  note: freeText(500).optional(),
  approvedBy,
});

/**
 * The goods left the source (the till's own store). `destinationId` is repeated so a dispatch without a prior
 * request (the warehouse pushing stock) creates the transfer; for a known transfer it must match.
 */
export const transferDispatchPayload = z.object({
  dispatchId: id,
  transferId: id,
  destinationId: id,
  lines: z.array(transferLine).min(1).max(1000),
  note: freeText(500).optional(),
  approvedBy,
});

/**
 * What arrived at the destination (the till's own store), counted or scanned off the delivery note. `sourceId`
 * is what the delivery note says, so a receipt reaching the server before its dispatch still names both ends.
 * A line accepting more than was sent must say why (`over`); damaged units go into quarantine.
 */
export const transferReceiptLineSchema = z.object({
  productId: id,
  received: nonNegativeMilli,
  damaged: nonNegativeMilli,
  over: z.object({ reason: shortText }).optional(),
  note: freeText(200).optional(),
});
export const transferReceivePayload = z.object({
  receivingId: id,
  transferId: id,
  sourceId: id,
  lines: z.array(transferReceiptLineSchema).min(1).max(1000),
  note: freeText(500).optional(),
  approvedBy,
});

/** How a difference is settled (shared/domain/transfer.ts Resolution), always with who and why. */
export const TRANSFER_RESOLUTIONS = ['write_off', 'return_to_source', 'complete_dispatch', 'found'] as const satisfies readonly ResolutionKind[];
export const transferResolvePayload = z.object({
  resolutionId: id,
  transferId: id,
  kind: z.enum(TRANSFER_RESOLUTIONS),
  productId: id,
  qty: positiveMilli,
  reason: shortText,
  approvedBy,
});

/**
 * A customer order that sets stock aside at the till's store (shared/domain/reservation.ts): a phone order,
 * click-and-collect. Replayed under the conflict policy like a sale: a line that no longer fits is refused
 * (decideReservation()) and its customer is to be contacted, so a contact is required.
 */
export const reservationCreatePayload = z.object({
  reservationId: id,
  lines: z.array(z.object({ lineId: id, productId: id, qty: positiveMilli })).min(1).max(200),
  customerContact: customerContactSchema,
  /** when an open reservation lapses (the till's clock plus the hold; at most MAX_HOLD_HOURS) */
  expiresAt: isoTime,
  note: freeText(500).optional(),
});

/** The customer collected: each line's `qty` leaves the shelf and the rest of its hold is released. */
export const reservationFulfilPayload = z.object({
  reservationId: id,
  lines: z.array(z.object({ lineId: id, qty: nonNegativeMilli })).min(1).max(200),
});

/**
 * The hold is given back: `released` by a person (the customer cancelled), `expired` by the till's own expiry
 * of its reservation (the op then names the user who made the reservation). Ending a reservation the server
 * already ended (its own expiry job got there first) changes nothing.
 */
export const RESERVATION_ENDS = ['released', 'expired'] as const;
export const reservationReleasePayload = z.object({
  reservationId: id,
  end: z.enum(RESERVATION_ENDS),
  note: freeText(500).optional(),
});

/**
 * The day's exchange rate, posted by a manager at the till (it works offline). The server records it with who
 * posted it and its own trusted time, and sends the tenant's rates to every till in the pull; a till uses the
 * latest in the server's order, or its own newer post while the server has not acknowledged it. `base` is the
 * tenant's currency. Added without a schema version change: a new op type, which an older server refuses (400),
 * so the till keeps it queued until the server is upgraded.
 */
export const ratePostPayload = z
  .object({
    rateId: id,
    base: currency,
    quote: currency,
    rate: exchangeRateValue,
    note: freeText(200).optional(),
    approvedBy,
  })
  .refine((r) => r.base !== r.quote, 'a rate converts between two different currencies');

/**
 * Cash drawers and shifts (issue 11; shared/domain/shift.ts). A cashier opens a shift at the till with the float
 * counted per currency; cash put in or taken out (a paid-out) says why; closing counts each currency and prints the
 * Z report, numbered per till from 1 without gaps, whose figures travel in the op as printed and never change.
 * New op types without a schema version change: an older server refuses the push (400) and the till keeps them queued.
 */
export const perCurrencyAmounts = z
  .partialRecord(currency, nonNegativeMinor)
  .refine((m) => Object.keys(m).length <= 4, 'at most four currencies in one drawer');
export const shiftOpenPayload = z.object({
  shiftId: id,
  float: perCurrencyAmounts,
  note: freeText(200).optional(),
});
export const CASH_DIRECTIONS = ['in', 'out'] as const;
export const cashMovePayload = z.object({
  moveId: id,
  shiftId: id,
  direction: z.enum(CASH_DIRECTIONS),
  currency,
  amount: nonNegativeMinor.refine((a) => a > 0, 'must be greater than zero'),
  reason: shortText,
  approvedBy,
});
/**
 * The drawer opened without a sale (a "no sale": change for a customer, a note checked), which only a manager
 * approves. It moves no money, so it is not a cash move; it is counted against the shift it happened in, and head
 * office sees who opened it, who approved it and why. `shiftId` is null when no shift was open.
 */
export const drawerOpenPayload = z.object({
  openId: id,
  shiftId: id.nullable(),
  reason: shortText,
  approvedBy,
});
/**
 * Lines taken out of a basket after they were scanned (a void), or the whole basket thrown away (`whole`): a
 * manager approves each, and the op keeps both names and what went, for the audit. It moves no stock (nothing
 * was sold); `saleId` is the basket's, which the sale takes if it is then completed.
 */
export const lineVoidPayload = z.object({
  voidId: id,
  saleId: id,
  lines: z.array(z.object({ productId: id, qty: positiveMilli })).min(1).max(500),
  whole: z.boolean(),
  approvedBy,
});
/** One currency's column of the drawer at closing, as the Z report printed it (shift.ts ClosingColumn). */
export const closingColumnSchema = z.object({
  currency,
  float: nonNegativeMinor,
  cashSales: nonNegativeMinor,
  changeGiven: nonNegativeMinor,
  refunds: nonNegativeMinor,
  cashIn: nonNegativeMinor,
  paidOut: nonNegativeMinor,
  expected: minor,
  counted: nonNegativeMinor,
  difference: minor,
});
export const zReportFigures = z.object({
  columns: z.array(closingColumnSchema).max(4),
  /** card takings per currency: not in the drawer */
  card: perCurrencyAmounts,
  sales: z.int().min(0),
  /** the sales' totals in the till's currency */
  takings: nonNegativeMinor,
  /** what discounts took off the shift's sales, and what its returns refunded, in the till's currency (optional: older Z reports carry neither) */
  discounts: nonNegativeMinor.optional(),
  refunded: nonNegativeMinor.optional(),
});
export type ZReportFigures = z.infer<typeof zReportFigures>;
export const shiftClosePayload = z.object({
  shiftId: id,
  /** the till's Z number: its last + 1 */
  number: z.int().min(1),
  counted: perCurrencyAmounts,
  figures: zReportFigures,
  note: freeText(200).optional(),
});

/**
 * A customer brings goods back against a receipt (issue 11; shared/domain/returns.ts): which lines and how many,
 * each back to stock or to waste if damaged, what each refunds, and how the refund was paid out: into the sale's
 * own tenders, in their currencies, at the rate the sale locked. A manager approves every return: the user of the
 * op under their own login, or `approvedBy` in a cashier's session. `saleId` may be a sale of another till of the
 * chain (the till read it from the server); the server checks the lines against the sale it holds.
 */
export const RETURN_DISPOSITIONS = ['restock', 'waste'] as const;
export type ReturnDisposition = (typeof RETURN_DISPOSITIONS)[number];
export const saleReturnLineSchema = z.object({
  lineId: id,
  productId: id,
  qty: positiveMilli,
  disposition: z.enum(RETURN_DISPOSITIONS),
  /** in the sale's currency */
  refund: nonNegativeMinor,
});
export const refundPartSchema = z.object({
  /** the tender of the sale it goes back into (0-based, as the sale lists them) */
  tenderIndex: z.int().min(0).max(9),
  method: z.enum(TENDER_METHODS),
  currency,
  /** in the sale's currency */
  baseAmount: nonNegativeMinor,
  /** in the tender's own currency, at the sale's rate */
  amount: nonNegativeMinor,
});
export const saleReturnPayload = z
  .object({
    returnId: id,
    saleId: id,
    currency,
    lines: z.array(saleReturnLineSchema).min(1).max(500),
    /** the refund in total, in the sale's currency: the lines' refunds, paid as `refunds` */
    refund: nonNegativeMinor,
    refunds: z.array(refundPartSchema).max(10),
    reason: shortText,
    approvedBy,
  })
  .refine((p) => p.lines.reduce((s, l) => s + l.refund, 0) === p.refund, { message: "a return's refund is its lines' refunds", path: ['refund'] })
  .refine((p) => p.refunds.reduce((s, r) => s + r.baseAmount, 0) === p.refund, { message: 'the refund is paid out in full, no more', path: ['refunds'] })
  .refine((p) => new Set(p.lines.map((l) => l.lineId)).size === p.lines.length, { message: 'each sale line is returned once per return', path: ['lines'] });

/** What every operation carries besides its type and payload; the sync protocol reads these before the rest. */
export const opEnvelopeFields = {
  id,
  tillId: id,
  seq: z.int().min(1),
  userId: id,
  occurredAt: isoTime,
  schemaVersion: z.int().min(1),
};

export const operationSchema = z.discriminatedUnion('type', [
  z.object({ ...opEnvelopeFields, type: z.literal('sale'), payload: salePayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('receipt'), payload: receiptPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('waste'), payload: wastePayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('stocktake'), payload: stocktakePayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('adjustment'), payload: adjustmentPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('transfer_request'), payload: transferRequestPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('transfer_step'), payload: transferStepPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('transfer_dispatch'), payload: transferDispatchPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('transfer_receive'), payload: transferReceivePayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('transfer_resolve'), payload: transferResolvePayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('reservation_create'), payload: reservationCreatePayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('reservation_fulfil'), payload: reservationFulfilPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('reservation_release'), payload: reservationReleasePayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('rate_post'), payload: ratePostPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('shift_open'), payload: shiftOpenPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('cash_move'), payload: cashMovePayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('shift_close'), payload: shiftClosePayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('sale_return'), payload: saleReturnPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('drawer_open'), payload: drawerOpenPayload }),
  z.object({ ...opEnvelopeFields, type: z.literal('line_void'), payload: lineVoidPayload }),
]);

export type Operation = z.infer<typeof operationSchema>;
export type OperationType = Operation['type'];
export const OPERATION_TYPES = [
  'sale',
  'receipt',
  'waste',
  'stocktake',
  'adjustment',
  'transfer_request',
  'transfer_step',
  'transfer_dispatch',
  'transfer_receive',
  'transfer_resolve',
  'reservation_create',
  'reservation_fulfil',
  'reservation_release',
  'rate_post',
  'shift_open',
  'cash_move',
  'shift_close',
  'sale_return',
  'drawer_open',
  'line_void',
] as const satisfies readonly OperationType[];
export type PayloadOf<T extends OperationType> = Extract<Operation, { type: T }>['payload'];
export type SalePayload = PayloadOf<'sale'>;
export type ReceiptPayload = PayloadOf<'receipt'>;
export type WastePayload = PayloadOf<'waste'>;
export type StocktakePayload = PayloadOf<'stocktake'>;
export type AdjustmentPayload = PayloadOf<'adjustment'>;
export type TransferRequestPayload = PayloadOf<'transfer_request'>;
export type TransferStepPayload = PayloadOf<'transfer_step'>;
export type TransferDispatchPayload = PayloadOf<'transfer_dispatch'>;
export type TransferReceivePayload = PayloadOf<'transfer_receive'>;
export type TransferResolvePayload = PayloadOf<'transfer_resolve'>;
export type ReservationCreatePayload = PayloadOf<'reservation_create'>;
export type ReservationFulfilPayload = PayloadOf<'reservation_fulfil'>;
export type ReservationReleasePayload = PayloadOf<'reservation_release'>;
export type RatePostPayload = PayloadOf<'rate_post'>;
export type ShiftOpenPayload = PayloadOf<'shift_open'>;
export type CashMovePayload = PayloadOf<'cash_move'>;
export type ShiftClosePayload = PayloadOf<'shift_close'>;
export type SaleReturnPayload = PayloadOf<'sale_return'>;
export type DrawerOpenPayload = PayloadOf<'drawer_open'>;
export type LineVoidPayload = PayloadOf<'line_void'>;
