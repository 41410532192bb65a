import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { MAX_QTY_MILLI, type Milli } from '../../shared/domain/quantity';
import { TRANSFER_STATUSES } from '../../shared/domain/transfer';
import type { TransferStatus } from '../../shared/domain/transfer';
import { TRANSFER_RESOLUTIONS } from '../../shared/ops/operations';
import { id as uuidSchema, positiveMilli, shortText } from '../../shared/domain/schemas';
import type { SyncTransfer } from '../../shared/sync/protocol';
import type { Db, Queryable } from '../db/db';
import { existingSkus, listLocations, writeAudit } from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import { retryTransaction } from '../db/retry';
import { levelKeysAt, lockLevels, writeLedger } from '../db/push-repo';
import { findTransfer, listTransfers as listStoredTransfers, lockTransfers, skusOf, writeTransfers } from '../db/transfers-repo';
import { LevelBook } from '../sync/plan';
import type { ActingAs, TransferState } from '../sync/plan/transfers';
import { TransferDesk, actingAsHeadOffice } from '../sync/plan/transfers';
import { isRangeViolation } from '../sync/range-violation';
import { transferView } from '../sync/transfer-view';
import { ACTOR, parseOrThrow, requireTenant } from './common';

// Head office's side of transfers (issue 8): create one between any two locations of the tenant (the warehouse
// sending to a store, a store back to the warehouse), approve, cancel, record the dispatch of a location without a
// till (the warehouse) with the same movements a till's dispatch writes, resolve a difference, and list them with
// their status and differences, so a transfer whose two sides disagree is seen. Each action is one transaction with
// an audit row, through the same TransferDesk as a till's replayed ops; its movements carry the `head_office` cause
// with the action's id.

const skuLine = z.object({ sku: z.string().min(1).max(100), qty: positiveMilli });
type SkuLine = z.infer<typeof skuLine>;

/** Products by SKU, every SKU known, each product once (the desk refuses a product named twice). */
async function productLines(tx: Queryable, tenantId: string, lines: readonly SkuLine[]): Promise<Array<{ productId: string; qty: Milli }>> {
  const ids = await existingSkus(tx, tenantId, lines.map((l) => l.sku));
  const unknown = lines.filter((l) => !ids.has(l.sku)).map((l) => l.sku);
  if (unknown.length > 0) throw new DomainError('UNKNOWN_PRODUCT', `no product with SKU ${unknown.join(', ')}`, { skus: unknown });
  return lines.map((l) => ({ productId: ids.get(l.sku) as string, qty: l.qty }));
}

/**
 * One head-office action: the transfer locked (before any level, as a push does), then the levels its movements
 * touch at both ends, the desk's action, and everything written in the same transaction with an audit row. Run
 * again when PostgreSQL broke a deadlock with a push (db/retry.ts); a change that would take a level beyond its
 * one range is refused with OUT_OF_RANGE and nothing written, like a till's op at replay.
 */
async function act<T>(
  db: Db,
  tenantId: string,
  transferId: string,
  audit: { action: string; details: Record<string, unknown> },
  run: (ctx: { tx: Queryable; desk: TransferDesk; book: LevelBook; who: ActingAs; actionId: string; stored: TransferState | undefined }) => Promise<T>,
  productsTouched: (tx: Queryable, stored: TransferState | undefined) => Promise<{ locationIds: string[]; productIds: string[] }> | { locationIds: string[]; productIds: string[] },
): Promise<T> {
  await requireTenant(db, tenantId);
  const once = (): Promise<T> => withTenantWrite(db, tenantId, async (tx) => {
    const stored = await lockTransfers(tx, tenantId, [transferId]);
    const locations = new Map((await listLocations(tx, tenantId)).map((l) => [l.id, l.name]));
    const touched = await productsTouched(tx, stored.get(transferId));
    const levels = await lockLevels(
      tx,
      tenantId,
      touched.locationIds.filter((l) => locations.has(l)).flatMap((l) => levelKeysAt(l, touched.productIds)),
    );
    const book = new LevelBook(levels);
    const desk = new TransferDesk(stored, locations, levels);
    const actionId = uuidv7();
    const who = actingAsHeadOffice(ACTOR, actionId, new Date());
    const out = await run({ tx, desk, book, who, actionId, stored: stored.get(transferId) });
    await writeLedger(tx, tenantId, null, book);
    await writeTransfers(tx, tenantId, null, desk.writes());
    await writeAudit(tx, tenantId, ACTOR, audit.action, { transferId, actionId, ...audit.details });
    return out;
  });
  try {
    return await retryTransaction(once);
  } catch (e) {
    if (isRangeViolation(e)) throw new DomainError('OUT_OF_RANGE', `this would take a stock level beyond ±${MAX_QTY_MILLI} milli-units: nothing was written`, { transferId });
    throw e;
  }
}

const createInput = z.object({
  tenantId: uuidSchema,
  sourceId: uuidSchema,
  destinationId: uuidSchema,
  lines: z.array(skuLine).min(1).max(1000),
  note: shortText.optional(),
  /** head office asking is head office agreeing: the new transfer is approved at once */
  approve: z.boolean().optional(),
});

/** A new transfer between any two locations of the tenant, lines by SKU. */
export async function createTransfer(db: Db, input: z.input<typeof createInput>): Promise<{ transferId: string; status: TransferStatus }> {
  const v = parseOrThrow(createInput, input, 'transfer');
  const transferId = uuidv7();
  return act(
    db,
    v.tenantId,
    transferId,
    { action: 'transfer.create', details: { sourceId: v.sourceId, destinationId: v.destinationId, lines: v.lines, approve: v.approve ?? false } },
    async ({ tx, desk, who }) => {
      const lines = await productLines(tx, v.tenantId, v.lines);
      let t = desk.request(who, { transferId, sourceId: v.sourceId, destinationId: v.destinationId, lines, note: v.note });
      if (v.approve === true) t = desk.step(who, uuidv7(), { transferId, step: 'approve' });
      return { transferId, status: t.status };
    },
    () => ({ locationIds: [], productIds: [] }),
  );
}

const stepInput = z.object({ tenantId: uuidSchema, transferId: uuidSchema, note: shortText.optional() });

async function step(db: Db, input: z.input<typeof stepInput>, which: 'approve' | 'cancel' | 'close'): Promise<{ transferId: string; status: TransferStatus }> {
  const v = parseOrThrow(stepInput, input, `transfer ${which}`);
  return act(
    db,
    v.tenantId,
    v.transferId,
    { action: `transfer.${which}`, details: v.note === undefined ? {} : { note: v.note } },
    ({ desk, who, actionId }) => Promise.resolve({ transferId: v.transferId, status: desk.step(who, actionId, { transferId: v.transferId, step: which, note: v.note }).status }),
    () => ({ locationIds: [], productIds: [] }),
  );
}

export const approveTransfer = (db: Db, input: z.input<typeof stepInput>) => step(db, input, 'approve');
export const cancelTransfer = (db: Db, input: z.input<typeof stepInput>) => step(db, input, 'cancel');
export const closeTransfer = (db: Db, input: z.input<typeof stepInput>) => step(db, input, 'close');

const dispatchInput = z.object({
  tenantId: uuidSchema,
  transferId: uuidSchema,
  /** what left, by SKU; the requested lines when left out */
  lines: z.array(skuLine).min(1).max(1000).optional(),
  note: shortText.optional(),
});

/**
 * The dispatch of a location without a till (the warehouse), recorded by head office: the same movements as a
 * till's dispatch (source on hand down, destination in transit up), from the transfer's source.
 */
export async function dispatchTransfer(db: Db, input: z.input<typeof dispatchInput>): Promise<{ transferId: string; status: TransferStatus }> {
  const v = parseOrThrow(dispatchInput, input, 'transfer dispatch');
  let lines: Array<{ productId: string; qty: Milli }> = [];
  return act(
    db,
    v.tenantId,
    v.transferId,
    { action: 'transfer.dispatch', details: { lines: v.lines ?? 'as requested' } },
    ({ desk, book, who, actionId, stored }) => {
      if (stored === undefined) throw new DomainError('NOT_FOUND', `no transfer ${v.transferId}`, { transferId: v.transferId });
      if (lines.length === 0) throw new DomainError('INVALID_INPUT', `transfer ${v.transferId} names no lines to send: give them`, { transferId: v.transferId });
      const t = desk.dispatch(book, who, { dispatchId: actionId, transferId: v.transferId, sourceId: stored.sourceId, destinationId: stored.destinationId, lines, note: v.note });
      return Promise.resolve({ transferId: v.transferId, status: t.status });
    },
    async (tx, stored) => {
      if (stored === undefined) return { locationIds: [], productIds: [] };
      lines = v.lines === undefined ? await requestedLines(tx, v.tenantId, v.transferId) : await productLines(tx, v.tenantId, v.lines);
      return { locationIds: [stored.sourceId, stored.destinationId], productIds: lines.map((l) => l.productId) };
    },
  );
}

async function requestedLines(q: Queryable, tenantId: string, transferId: string): Promise<Array<{ productId: string; qty: Milli }>> {
  const t = await findTransfer(q, tenantId, transferId);
  return t === null ? [] : transferView(t).requested;
}

const resolveInput = z.object({
  tenantId: uuidSchema,
  transferId: uuidSchema,
  kind: z.enum(TRANSFER_RESOLUTIONS),
  sku: z.string().min(1).max(100),
  qty: positiveMilli,
  reason: shortText,
});

/** Settles part of a difference (write it off, return it to the source, complete the dispatch), with why. */
export async function resolveTransfer(db: Db, input: z.input<typeof resolveInput>): Promise<{ transferId: string; status: TransferStatus }> {
  const v = parseOrThrow(resolveInput, input, 'transfer resolution');
  let productId = '';
  return act(
    db,
    v.tenantId,
    v.transferId,
    { action: 'transfer.resolve', details: { kind: v.kind, sku: v.sku, qty: v.qty, reason: v.reason } },
    ({ desk, book, who, actionId }) =>
      Promise.resolve({
        transferId: v.transferId,
        status: desk.resolve(book, who, { resolutionId: actionId, transferId: v.transferId, resolution: { kind: v.kind, productId, qty: v.qty }, reason: v.reason }).status,
      }),
    async (tx, stored) => {
      [productId] = (await productLines(tx, v.tenantId, [{ sku: v.sku, qty: v.qty }])).map((l) => l.productId) as [string];
      return stored === undefined ? { locationIds: [], productIds: [] } : { locationIds: [stored.sourceId, stored.destinationId], productIds: [productId] };
    },
  );
}

/** A transfer as head office reads it: the tills' view, with location names and SKUs. */
export interface TransferListing extends SyncTransfer {
  sourceName: string;
  destinationName: string;
  /** the two sides disagree: a receipt without its dispatch, or a difference still open */
  disagree: boolean;
  skus: Record<string, string>;
}

const OPEN: readonly TransferStatus[] = ['requested', 'approved', 'sent', 'received_unsent', 'discrepancy', 'received'];

const listInput = z.object({
  tenantId: uuidSchema,
  /** a status, or `open` (everything not closed or cancelled); all when left out */
  status: z.union([z.enum(TRANSFER_STATUSES), z.literal('open')]).optional(),
  locationId: uuidSchema.optional(),
  limit: z.int().min(1).max(1000).optional(),
});

/** The tenant's transfers, newest first, with status and what is still unexplained. */
export async function listTransfers(db: Db, input: z.input<typeof listInput>): Promise<TransferListing[]> {
  const v = parseOrThrow(listInput, input, 'transfer list');
  await requireTenant(db, v.tenantId);
  const statuses = v.status === undefined ? undefined : v.status === 'open' ? OPEN : [v.status];
  const stored = await listStoredTransfers(db, v.tenantId, { ...(statuses === undefined ? {} : { statuses }), ...(v.locationId === undefined ? {} : { locationId: v.locationId }), limit: v.limit ?? 100 });
  const names = new Map((await listLocations(db, v.tenantId)).map((l) => [l.id, l.name]));
  const skus = await skusOf(db, v.tenantId, stored.flatMap((t) => t.events.flatMap((e) => e.lines.map((l) => l.productId))));
  return stored.map((t) => {
    const view = transferView(t);
    const products = new Set([...view.requested, ...view.sent, ...view.received].map((l) => l.productId));
    return {
      ...view,
      sourceName: names.get(view.sourceId) ?? view.sourceId,
      destinationName: names.get(view.destinationId) ?? view.destinationId,
      disagree: view.status === 'received_unsent' || view.differences.length > 0,
      skus: Object.fromEntries([...products].map((p) => [p, skus.get(p) ?? p])),
    };
  });
}
