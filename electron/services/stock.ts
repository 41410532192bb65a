import { DomainError } from '../../shared/domain/errors';
import { available, type Level } from '../../shared/domain/movement';
import { formatQuantity, MILLI_PER_UNIT, type Milli } from '../../shared/domain/quantity';
import type { BranchOutput, BranchParsedInput, LowStockRow } from '../../shared/api/branch-api';
import { applyMovement, appendOp, opCause, readLevel, type TillStore } from '../store';
import { assertRepeat, findPriorWrite, requestFingerprint } from '../store/idempotency';
import { assertPassedPosition, ledgerPosition, onHandMovedSince } from '../store/count-snapshot';
import { approval, type Actor } from './actor';
import { assertDistinctProducts, assertQtyFitsUnit, lineProduct } from './line-products';
import { activeProductRows, lowStockRows } from '../store/catalog-repo';
import { productFromRow, type ProductViewRow } from '../store/product-rows';
import { insertStockDocument, type StockDocumentKind } from '../store/stock-documents-repo';

type ReceiveOutput = BranchOutput<'stock.receive'>;
type WasteOutput = BranchOutput<'stock.waste'>;
type StocktakeOutput = BranchOutput<'stock.stocktake'>;
type DocumentKind = StockDocumentKind;

const EMPTY: Level = { onHand: 0, reserved: 0, inTransit: 0, quarantined: 0 };

/**
 * A retried receive/waste/count (same id, same request) gets the first answer back and writes nothing; the same id
 * with another request is refused with ID_REUSED (store/idempotency.ts).
 */
function storedResult<T>(store: TillStore, id: string, kind: DocumentKind, request: unknown): T | undefined {
  const prior = findPriorWrite(store, kind, id);
  if (prior === undefined) return undefined;
  assertRepeat(prior, { kind, id, fingerprint: requestFingerprint(request) });
  return JSON.parse(prior.result ?? 'null') as T;
}

function recordDocument(
  store: TillStore,
  doc: { id: string; kind: DocumentKind; opSeq: number; userId: string; occurredAt: string; supplier?: string; reference?: string; note?: string },
  result: unknown,
  request: unknown,
): void {
  insertStockDocument(store, { ...doc, resultJson: JSON.stringify(result), requestFingerprint: requestFingerprint(request) });
}

/** The final level of each product a document touched, once per product, in first-mention order. */
function finalLevels(levels: Map<string, Level>): Array<{ productId: string; level: Level }> {
  return [...levels].map(([productId, level]) => ({ productId, level }));
}

/** Goods arriving at this till's store from a supplier or the warehouse. */
export function receiveGoods(store: TillStore, input: BranchParsedInput<'stock.receive'>, actor: Actor, now: Date): ReceiveOutput {
  const repeat = storedResult<ReceiveOutput>(store, input.receiptId, 'receipt', input);
  if (repeat !== undefined) return repeat;
  for (const line of input.lines) assertQtyFitsUnit(lineProduct(store, line.productId), line.qty);
  const { storeId } = store.config();
  const occurredAt = now.toISOString();

  return store.transaction(() => {
    const op = appendOp(store, {
      type: 'receipt',
      userId: actor.userId,
      occurredAt,
      payload: {
        receiptId: input.receiptId,
        lines: input.lines,
        ...(input.supplier === undefined ? {} : { supplier: input.supplier }),
        ...(input.reference === undefined ? {} : { reference: input.reference }),
        ...approval(actor),
      },
    });
    const levels = new Map<string, Level>();
    for (const line of input.lines) {
      const result = applyMovement(store, {
        productId: line.productId,
        locationId: storeId,
        movement: { kind: 'RECEIVE', qty: line.qty },
        cause: opCause(op.seq),
        occurredAt,
      });
      if (!result.ok) throw new DomainError('GUARD_VIOLATION', 'a receipt was refused by its guard', { productId: line.productId });
      levels.set(line.productId, result.level);
    }
    const output: ReceiveOutput = { receiptId: input.receiptId, levels: finalLevels(levels) };
    recordDocument(
      store,
      { id: input.receiptId, kind: 'receipt', opSeq: op.seq, userId: actor.userId, occurredAt, ...pickText(input, ['supplier', 'reference']) },
      output,
      input,
    );
    return output;
  });
}

/** Stock thrown away (expired, damaged...). Refused when the ledger does not have that much on the shelf. */
export function recordWaste(store: TillStore, input: BranchParsedInput<'stock.waste'>, actor: Actor, now: Date): WasteOutput {
  const repeat = storedResult<WasteOutput>(store, input.wasteId, 'waste', input);
  if (repeat !== undefined) return repeat;
  const products = input.lines.map((line) => {
    const product = lineProduct(store, line.productId);
    assertQtyFitsUnit(product, line.qty);
    return product;
  });
  const { storeId, storeName } = store.config();
  const occurredAt = now.toISOString();

  return store.transaction(() => {
    const op = appendOp(store, {
      type: 'waste',
      userId: actor.userId,
      occurredAt,
      payload: { wasteId: input.wasteId, lines: input.lines, ...(input.note === undefined ? {} : { note: input.note }), ...approval(actor) },
    });
    const levels = new Map<string, Level>();
    input.lines.forEach((line, i) => {
      const result = applyMovement(store, {
        productId: line.productId,
        locationId: storeId,
        movement: { kind: 'WASTE', qty: line.qty },
        cause: opCause(op.seq),
        occurredAt,
      });
      if (!result.ok) {
        const left = available(result.level);
        const name = products[i]?.name ?? line.productId;
        throw new DomainError('INSUFFICIENT_STOCK', `cannot waste more ${name} than the ${formatQuantity(left)} recorded at ${storeName}: count it first`, {
          productId: line.productId,
          name,
          available: left,
          requested: line.qty,
        });
      }
      levels.set(line.productId, result.level);
    });
    const output: WasteOutput = { wasteId: input.wasteId, levels: finalLevels(levels) };
    recordDocument(store, { id: input.wasteId, kind: 'waste', opSeq: op.seq, userId: actor.userId, occurredAt, ...pickText(input, ['note']) }, output, input);
    return output;
  });
}

/**
 * An absolute count of the shelf as the count sheet showed it. Each product gets a STOCKTAKE movement holding the
 * count and what the ledger expected at the sheet's snapshot (`before`): the level becomes the count plus what
 * moved after the snapshot (sales rung up while the manager counted), and the op carries the snapshot so the
 * server can do the same. Without a snapshot the count is taken at its commit.
 */
export function recordStocktake(store: TillStore, input: BranchParsedInput<'stock.stocktake'>, actor: Actor, now: Date): StocktakeOutput {
  const repeat = storedResult<StocktakeOutput>(store, input.stocktakeId, 'stocktake', input);
  if (repeat !== undefined) return repeat;
  assertDistinctProducts(input.counts.map((c) => c.productId), 'a stocktake');
  for (const count of input.counts) assertQtyFitsUnit(lineProduct(store, count.productId), count.counted);
  const { storeId } = store.config();
  const occurredAt = now.toISOString();
  const snapshot = input.snapshot;
  if (snapshot !== undefined) assertPassedPosition(store, snapshot, now);

  return store.transaction(() => {
    // Read inside the write transaction: nothing can move the level between reading `before` and writing the count.
    const moved = snapshot === undefined ? new Map<string, Milli>() : onHandMovedSince(store, storeId, input.counts.map((c) => c.productId), snapshot.movementId);
    const counts = input.counts.map((c) => ({
      productId: c.productId,
      counted: c.counted,
      before: (readLevel(store, c.productId, storeId) ?? EMPTY).onHand - (moved.get(c.productId) ?? 0),
    }));
    const payload = {
      stocktakeId: input.stocktakeId,
      counts,
      ...(snapshot === undefined ? {} : { snapshot: { tillSeq: snapshot.tillSeq, cursor: snapshot.cursor, at: snapshot.at } }),
      ...approval(actor),
    };
    const op = appendOp(store, { type: 'stocktake', userId: actor.userId, occurredAt, payload });
    for (const c of counts) {
      applyMovement(store, {
        productId: c.productId,
        locationId: storeId,
        movement: { kind: 'STOCKTAKE', qty: c.counted, before: c.before },
        cause: opCause(op.seq),
        occurredAt,
      });
    }
    const output: StocktakeOutput = {
      stocktakeId: input.stocktakeId,
      variances: counts.map((c) => ({ productId: c.productId, before: c.before, counted: c.counted, variance: c.counted - c.before })),
    };
    recordDocument(store, { id: input.stocktakeId, kind: 'stocktake', opSeq: op.seq, userId: actor.userId, occurredAt }, output, input);
    return output;
  });
}

/** The count sheet: active products with what the ledger expects on the shelf, optionally filtered, and where the
 *  ledger stood when it was read. */
export function stocktakeSheet(store: TillStore, input: BranchParsedInput<'stock.stocktakeSheet'>, now: Date): BranchOutput<'stock.stocktakeSheet'> {
  const words = (input.query ?? '').split(/\s+/).filter((w) => w !== '').slice(0, 5);
  const rows = (): ProductViewRow[] => activeProductRows(store, store.config().storeId, words, input.limit);
  // One read transaction, so the snapshot is exactly the position the expected quantities were read at; a read
  // one, so a manager opening the sheet does not wait for (or block) the sync agent's write.
  return store.readTransaction(() => ({
    snapshot: ledgerPosition(store, now),
    rows: rows().map((r) => ({ productId: r.id, sku: r.sku, name: r.name, unit: r.unit, expected: r.on_hand })),
  }));
}

/**
 * Active products at or below their low-stock threshold or reorder point, most urgent first, with what to
 * order: at least the reorder quantity, or enough to get back above the reorder point, in whole cases.
 */
export function lowStock(store: TillStore): LowStockRow[] {
  const rows = lowStockRows(store, store.config().storeId);
  return rows.map((row) => ({ product: productFromRow(row), available: row.available, suggestedOrder: suggestedOrder(row) }));
}

export function suggestedOrder(row: Pick<ProductViewRow, 'available' | 'reorder_point' | 'reorder_qty' | 'pack_size' | 'unit'>): Milli {
  const needed = Math.max(row.reorder_qty, row.reorder_point - row.available + MILLI_PER_UNIT);
  if (row.unit !== 'each' || row.pack_size === null) return needed;
  const caseMilli = row.pack_size * MILLI_PER_UNIT;
  return Math.ceil(needed / caseMilli) * caseMilli;
}

function pickText<K extends string>(input: Partial<Record<K, string | undefined>>, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) {
    const v = input[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
