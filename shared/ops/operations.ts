import { z } from 'zod';
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
});
export const tenderSchema = z.object({
  method: z.enum(TENDER_METHODS),
  amount: minor.refine((a) => a > 0, 'must be greater than zero'),
});

export const salePayload = z.object({
  saleId: id,
  currency,
  lines: z.array(saleLineSchema).min(1).max(500),
  tenders: z.array(tenderSchema).max(10),
  total: nonNegativeMinor,
  change: nonNegativeMinor,
  customerContact: customerContactSchema.optional(),
  /** A manager let the till sell more than its recorded stock (the goods were on the shelf). */
  override: z.object({ managerId: id, reason: shortText }).optional(),
});

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
]);

export type Operation = z.infer<typeof operationSchema>;
export type OperationType = Operation['type'];
export const OPERATION_TYPES = ['sale', 'receipt', 'waste', 'stocktake', 'adjustment'] as const satisfies readonly OperationType[];
export type PayloadOf<T extends OperationType> = Extract<Operation, { type: T }>['payload'];
export type SalePayload = PayloadOf<'sale'>;
export type ReceiptPayload = PayloadOf<'receipt'>;
export type WastePayload = PayloadOf<'waste'>;
export type StocktakePayload = PayloadOf<'stocktake'>;
export type AdjustmentPayload = PayloadOf<'adjustment'>;
