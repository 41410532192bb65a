import { v7 as uuidv7 } from 'uuid';
import type { BranchParsedInput, ReservationView } from '../../shared/api/branch-api';
import { DomainError } from '../../shared/domain/errors';
import { available, type Movement } from '../../shared/domain/movement';
import { formatQuantity, type Milli } from '../../shared/domain/quantity';
import {
  assertOpen,
  expiryFor,
  fulfilMovements,
  isExpired,
  releaseMovements,
  reserveMovement,
  type Reservation,
} from '../../shared/domain/reservation';
import type { CustomerContact } from '../../shared/ops/operations';
import { applyMovement, appendOp, opCause, type TillStore } from '../store';
import { requestFingerprint } from '../store/idempotency';
import {
  dueOwnReservationIds,
  endReservation,
  insertReservation,
  insertReservationLine,
  listReservationRows,
  reservationLineRows,
  reservationRow,
  setLineHolding,
  type ReservationLineRow,
  type ReservationRow,
} from '../store/reservations-repo';
import { userName } from '../store/users-repo';
import type { Actor } from './actor';
import { assertQtyFitsUnit, lineProduct, type LineProduct } from './line-products';

/*
 * Reservations at this till's store (issue 8; the rules are shared/domain/reservation.ts). Each write is ONE
 * transaction holding its op (outbox), its movements (ledger) and the reservation's rows, so a reservation never
 * holds stock the ledger does not show, and the server replays exactly what the till did.
 */

/**
 * Sets stock aside for a customer: one RESERVE per line, each ONE conditional UPDATE under its guard (available ≥
 * qty), so two reservations cannot promise the same unit. A line that does not fit refuses the whole reservation:
 * the transaction rolls back (no op, no movement, no row) and the error names every short product with what is
 * available. Idempotent by reservationId: a repeat of the same request answers the reservation as it is now.
 */
export function createReservation(store: TillStore, input: BranchParsedInput<'reservation.create'>, actor: Actor, now: Date): ReservationView {
  const fingerprint = requestFingerprint(input);
  return store.transaction(() => {
    const prior = reservationRow(store, input.reservationId);
    if (prior !== undefined) {
      if (prior.request_fingerprint !== fingerprint) {
        throw new DomainError('ID_REUSED', `reservation ${input.reservationId} was already recorded with different contents: start a new one`, {
          id: input.reservationId,
          kind: 'reservation',
        });
      }
      return viewOf(store, prior);
    }

    const products = input.lines.map((line) => reservableProduct(store, line.productId, line.qty));
    const expiresAt = expiryFor(now, input.holdHours);
    const { storeId, storeName } = store.config();
    const occurredAt = now.toISOString();
    const lines = input.lines.map((line) => ({ lineId: uuidv7(), productId: line.productId, qty: line.qty }));

    const op = appendOp(store, {
      type: 'reservation_create',
      userId: actor.userId,
      occurredAt,
      payload: {
        reservationId: input.reservationId,
        lines,
        customerContact: input.customerContact,
        expiresAt,
        ...(input.note === undefined ? {} : { note: input.note }),
      },
    });
    insertReservation(store, {
      id: input.reservationId,
      locationId: storeId,
      status: 'open',
      customerContactJson: JSON.stringify(input.customerContact),
      note: input.note ?? null,
      expiresAt,
      createdAt: occurredAt,
      createdByName: actor.userName ?? userName(store, actor.userId),
      createdByUserId: actor.userId,
      endedAt: null,
      createOpSeq: op.seq,
      requestFingerprint: fingerprint,
    });

    // Every line is tried, so the refusal can name all the short products at once; any refusal rolls all back.
    const short: ShortLine[] = [];
    const asked = new Map<string, Milli>();
    const reserved = new Map<string, Milli>();
    lines.forEach((line, i) => {
      const result = applyMovement(store, {
        productId: line.productId,
        locationId: storeId,
        movement: reserveMovement(line.qty),
        cause: opCause(op.seq),
        occurredAt,
      });
      asked.set(line.productId, (asked.get(line.productId) ?? 0) + line.qty);
      const before = reserved.get(line.productId) ?? 0;
      if (result.ok) reserved.set(line.productId, before + line.qty);
      // The refused level still holds this reservation's earlier lines of the product: add them back to say what was there.
      else short.push({ product: products[i] as LineProduct, available: available(result.level) + before, asked: asked.get(line.productId) ?? line.qty });
      insertReservationLine(store, input.reservationId, i + 1, { lineId: line.lineId, productId: line.productId, requested: line.qty, held: line.qty, fulfilled: 0, refused: false });
    });
    if (short.length > 0) throw insufficientStock(short, storeName);
    return requireView(store, input.reservationId);
  });
}

interface ShortLine {
  product: LineProduct;
  /** what was available for this product before the reservation */
  available: Milli;
  /** what the reservation asks of it, over all its lines so far */
  asked: Milli;
}

function insufficientStock(short: readonly ShortLine[], storeName: string): DomainError {
  // One entry per product: the last one says the most (everything asked of it).
  const byProduct = new Map(short.map((s) => [s.product.id, s]));
  const list = [...byProduct.values()];
  const words = list.map((s) => `${s.product.name} (${formatQuantity(Math.max(0, s.available))} available, ${formatQuantity(s.asked)} asked)`).join(', ');
  return new DomainError('INSUFFICIENT_STOCK', `not enough at ${storeName} to reserve ${words}: nothing was reserved`, {
    short: list.map((s) => ({ productId: s.product.id, name: s.product.name, available: s.available, requested: s.asked })),
  });
}

function reservableProduct(store: TillStore, productId: string, qty: Milli): LineProduct {
  const product = lineProduct(store, productId);
  if (product.active !== 1) throw new DomainError('INACTIVE_PRODUCT', `${product.name} is no longer sold`, { productId, name: product.name });
  assertQtyFitsUnit(product, qty);
  return product;
}

/**
 * The customer collected: per line what left (a line not named: all it holds) goes as FULFIL (on hand and
 * reserved down), and the rest of each hold is released in the same step, so the reservation ends holding nothing.
 * Unknown → NOT_FOUND; ended, or lapsed by the till's clock → CONFLICT_TRANSITION; more than a line holds →
 * INVALID_QUANTITY; in each case nothing is written.
 */
export function fulfilReservation(store: TillStore, input: BranchParsedInput<'reservation.fulfil'>, actor: Actor, now: Date): ReservationView {
  return store.transaction(() => {
    const { row, lines } = openReservation(store, input.reservationId, now);
    const asked = askedQuantities(input.lines ?? [], lines);
    const plan = lines.map((line) => {
      const taken = asked.get(line.line_id) ?? line.held;
      const movements = movementsForFulfilment(row, line, taken);
      if (taken > 0) assertQtyFitsUnit(lineProduct(store, line.product_id), taken);
      return { line, taken, movements };
    });
    if (plan.every((p) => p.taken === 0)) {
      throw new DomainError('INVALID_QUANTITY', `nothing of reservation ${row.id} would leave with the customer: release it instead`, { reservationId: row.id });
    }
    const occurredAt = now.toISOString();
    // Every line is named, with 0 for what did not leave, so the server never has to guess what an absent line meant.
    const op = appendOp(store, {
      type: 'reservation_fulfil',
      userId: actor.userId,
      occurredAt,
      payload: { reservationId: row.id, lines: plan.map((p) => ({ lineId: p.line.line_id, qty: p.taken })) },
    });
    for (const p of plan) {
      writeMovements(store, row, p.line, p.movements, op.seq, occurredAt);
      setLineHolding(store, p.line.line_id, 0, p.line.fulfilled + p.taken);
    }
    endReservation(store, row.id, 'fulfilled', occurredAt, op.seq);
    return requireView(store, row.id);
  });
}

/** The hold is given back (the customer cancelled): RELEASE of every line's hold. Not open → CONFLICT_TRANSITION. */
export function releaseReservation(store: TillStore, input: BranchParsedInput<'reservation.release'>, actor: Actor, now: Date): ReservationView {
  return store.transaction(() => {
    const { row, lines } = openReservation(store, input.reservationId, now);
    const occurredAt = now.toISOString();
    const op = appendOp(store, {
      type: 'reservation_release',
      userId: actor.userId,
      occurredAt,
      payload: { reservationId: row.id, end: 'released', ...(input.note === undefined ? {} : { note: input.note }) },
    });
    releaseEveryHold(store, row, lines, op.seq, occurredAt);
    endReservation(store, row.id, 'released', occurredAt, op.seq);
    return requireView(store, row.id);
  });
}

export interface ExpirySummary {
  /** reservations this run released as expired */
  expired: string[];
  /** reservations that could not be released now (the level no longer held them); tried again next run */
  failed: Array<{ reservationId: string; error: unknown }>;
}

/** Most reservations one run expires; the rest wait for the next run (a minute later, or the next list). */
const EXPIRY_BATCH = 500;

/**
 * The till's own expiry: each of ITS open reservations past expiresAt by the till's clock gets a
 * `reservation_release` op with end 'expired' and RELEASE movements, in a transaction of its own (one that cannot
 * be released does not hold up the others). The op names the user who made the reservation, as the op contract
 * says: nobody at the till did anything, and the server checks the op's user like any other. Reservations made
 * elsewhere are the server job's; their end arrives with a pull. Runs periodically and before every list; never
 * twice for one reservation, since each run re-reads it open inside its transaction and ends it there.
 */
export function expireDueReservations(store: TillStore, now: Date): ExpirySummary {
  const summary: ExpirySummary = { expired: [], failed: [] };
  const config = store.configOrNull();
  if (config === null) return summary;
  for (const id of dueOwnReservationIds(store, config.storeId, now.toISOString(), EXPIRY_BATCH)) {
    try {
      if (store.transaction(() => expireOne(store, id, now))) summary.expired.push(id);
    } catch (error) {
      summary.failed.push({ reservationId: id, error });
    }
  }
  return summary;
}

function expireOne(store: TillStore, id: string, now: Date): boolean {
  const row = reservationRow(store, id);
  // Another connection (the other window, a pull) may have ended it since the ids were read.
  if (row === undefined || row.create_op_seq === null || row.created_by_user_id === null || !isExpired(row2domain(row), now)) return false;
  const lines = reservationLineRows(store, id, row.location_id);
  const occurredAt = now.toISOString();
  const op = appendOp(store, { type: 'reservation_release', userId: row.created_by_user_id, occurredAt, payload: { reservationId: id, end: 'expired' } });
  releaseEveryHold(store, row, lines, op.seq, occurredAt);
  endReservation(store, id, 'expired', occurredAt, op.seq);
  return true;
}

/**
 * Reservations at this store (the open ones soonest to lapse first, or all), each line with what is available here
 * now: after every open reservation, since what they hold is in `reserved`. The till's own lapsed ones are expired
 * first, so the list never offers one that can no longer be collected.
 */
export function listReservations(store: TillStore, input: BranchParsedInput<'reservation.list'>, now: Date): ReservationView[] {
  expireDueReservations(store, now);
  const { storeId } = store.config();
  return store.readTransaction(() => listReservationRows(store, storeId, input.open, input.limit).map((row) => viewOf(store, row)));
}

export function requireView(store: TillStore, id: string): ReservationView {
  const row = reservationRow(store, id);
  if (row === undefined) throw new DomainError('NOT_FOUND', `no reservation ${id}`, { reservationId: id });
  return viewOf(store, row);
}

function viewOf(store: TillStore, row: ReservationRow): ReservationView {
  return {
    id: row.id,
    status: row.status,
    lines: reservationLineRows(store, row.id, row.location_id).map((l) => ({
      lineId: l.line_id,
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      unit: l.unit,
      requested: l.requested,
      held: l.held,
      fulfilled: l.fulfilled,
      refused: l.refused === 1,
      availableNow: l.available_now,
    })),
    customerContact: JSON.parse(row.customer_contact) as CustomerContact,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    createdByName: row.created_by_name,
    endedAt: row.ended_at,
    note: row.note,
    pending: row.pending === 1,
  };
}

/** The reservation as the shared rules see it; per line, `qty` is that line's hold. */
function row2domain(row: ReservationRow, line?: ReservationLineRow): Reservation {
  return {
    id: row.id,
    locationId: row.location_id,
    productId: line?.product_id ?? '',
    qty: line?.held ?? 0,
    status: row.status,
    expiresAt: row.expires_at,
  };
}

/** A reservation of this store that can still be acted on (assertOpen), read inside the write transaction. */
function openReservation(store: TillStore, id: string, now: Date): { row: ReservationRow; lines: ReservationLineRow[] } {
  const found = reservationRow(store, id);
  const row = found !== undefined && found.location_id === store.config().storeId ? found : undefined;
  assertOpen(row === undefined ? undefined : row2domain(row), id, now);
  return { row: row as ReservationRow, lines: reservationLineRows(store, id, (row as ReservationRow).location_id) };
}

/** Per named line, what left; a line named twice or not of this reservation is refused. */
function askedQuantities(asked: ReadonlyArray<{ lineId: string; qty: Milli }>, lines: readonly ReservationLineRow[]): Map<string, Milli> {
  const known = new Set(lines.map((l) => l.line_id));
  const out = new Map<string, Milli>();
  for (const a of asked) {
    if (!known.has(a.lineId)) throw new DomainError('INVALID_INPUT', `line ${a.lineId} is not a line of this reservation`, { lineId: a.lineId });
    if (out.has(a.lineId)) throw new DomainError('INVALID_INPUT', `line ${a.lineId} is named twice`, { lineId: a.lineId });
    out.set(a.lineId, a.qty);
  }
  return out;
}

function movementsForFulfilment(row: ReservationRow, line: ReservationLineRow, taken: Milli): Movement[] {
  const held = row2domain(row, line);
  if (taken > 0) return fulfilMovements(held, taken);
  return line.held > 0 ? releaseMovements(held) : [];
}

function releaseEveryHold(store: TillStore, row: ReservationRow, lines: readonly ReservationLineRow[], opSeq: number, occurredAt: string): void {
  for (const line of lines) {
    if (line.held === 0) continue;
    writeMovements(store, row, line, releaseMovements(row2domain(row, line)), opSeq, occurredAt);
    setLineHolding(store, line.line_id, 0, line.fulfilled);
  }
}

/**
 * Writes a reservation's movements under their guards (reserved ≥ what is given back; on hand ≥ what leaves). The
 * level holds every open reservation, so a refusal means the ledger moved under it (a pull took the hold back
 * before the reservation's end arrived): nothing is written and the person is told to sync.
 */
function writeMovements(store: TillStore, row: ReservationRow, line: ReservationLineRow, movements: readonly Movement[], opSeq: number, occurredAt: string): void {
  for (const movement of movements) {
    const result = applyMovement(store, { productId: line.product_id, locationId: row.location_id, movement, cause: opCause(opSeq), occurredAt });
    if (!result.ok) {
      throw new DomainError(
        'GUARD_VIOLATION',
        `the stock of ${line.name} here no longer shows reservation ${row.id} (${formatQuantity(result.level.reserved)} reserved, ${formatQuantity(result.level.onHand)} on hand): sync the till and try again`,
        { reservationId: row.id, productId: line.product_id, level: result.level },
      );
    }
  }
}
