import type { ErrorCode } from '../../../shared/domain/errors';
import { available } from '../../../shared/domain/movement';
import type { Milli } from '../../../shared/domain/quantity';
import type { ReservationStatus } from '../../../shared/domain/reservation';
import { MAX_HOLD_HOURS } from '../../../shared/domain/reservation';
import type { CustomerContact, Operation } from '../../../shared/ops/operations';
import type { FulfilmentLine, HoldState, ShelfBefore } from '../../../shared/policy/conflict-policy';
import { decideFulfilment, decideLedgerWrite, decideReservation } from '../../../shared/policy/conflict-policy';
import type { OpResult, SaleLineResult } from '../../../shared/sync/protocol';
import type { LevelBook } from './level-book';
import type { LineMove, Replaying } from './line-writes';
import { writeLine } from './line-writes';
import type { PlannedConflict } from './types';

/**
 * The replay of a till's reservation ops (shared/domain/reservation.ts) at the till's own store: a reservation
 * holds stock there by RESERVE movements, one per line kept, and gives it back by FULFIL and RELEASE. What fits
 * and what is guarded is the conflict policy's (decideReservation(), decideFulfilment(), decideLedgerWrite());
 * this module checks what the op may act on, keeps the reservations of the chunk in memory (ReservationBook), and
 * turns decisions into movements. An op it refuses is rejected before anything of it is written.
 */

export interface ReservationLineState {
  lineId: string;
  productId: string;
  requested: Milli;
  /** what the reservation holds for the line now */
  held: Milli;
  /** what left with the customer */
  fulfilled: Milli;
  /** the line did not fit at replay: nothing was held for it */
  refused: boolean;
}

/** A reservation as the server holds it: locked for the chunk, or made by it. */
export interface ReservationState {
  id: string;
  locationId: string;
  status: ReservationStatus;
  expiresAt: Date;
  customerContact: CustomerContact;
  lines: ReservationLineState[];
  /** when it got the status it ended with (the op's trusted time, or the expiry job's clock) */
  endedAt: Date | null;
  /** the op that ended it; null while open, or when the server's expiry job ended it */
  endOpId: string | null;
}

/** A reservation made by the chunk, with what only its creation records. */
export interface NewReservation extends ReservationState {
  opId: string;
  terminalId: string;
  createdBy: string;
  createdAt: Date;
  note: string | null;
}

/** What a chunk (or the expiry job) writes of its reservations: rows to insert, and rows whose state changed. */
export interface ReservationWrites {
  created: NewReservation[];
  updated: ReservationState[];
}

/** The reservations a chunk acts on, as they stand after each op of it. */
export class ReservationBook {
  private readonly current = new Map<string, ReservationState>();
  private readonly created = new Map<string, NewReservation>();
  private readonly changed = new Set<string>();

  constructor(stored: ReadonlyMap<string, ReservationState> = new Map()) {
    for (const [id, r] of stored) this.current.set(id, r);
  }

  get(id: string): ReservationState | undefined {
    return this.current.get(id);
  }

  create(r: NewReservation): void {
    this.current.set(r.id, r);
    this.created.set(r.id, r);
  }

  /** Replaces a reservation's state (a new object: the locked one is left as it was read). */
  update(r: ReservationState): void {
    const made = this.created.get(r.id);
    this.current.set(r.id, made === undefined ? r : { ...made, ...r });
    if (made !== undefined) this.created.set(r.id, { ...made, ...r });
    else this.changed.add(r.id);
  }

  writes(): ReservationWrites {
    return { created: [...this.created.values()], updated: [...this.changed].map((id) => this.current.get(id) as ReservationState) };
  }
}

export type ReservationOp = Extract<Operation, { type: 'reservation_create' | 'reservation_fulfil' | 'reservation_release' }>;

export type ReservationOutcome =
  | { rejected: false; status: OpResult['status']; lines: SaleLineResult[]; conflicts: PlannedConflict[] }
  | { rejected: true; code: ErrorCode; reason: string };

const refuse = (code: ErrorCode, reason: string): ReservationOutcome => ({ rejected: true, code, reason });
const accepted = (lines: SaleLineResult[] = [], conflicts: PlannedConflict[] = [], status: OpResult['status'] = 'accepted'): ReservationOutcome => ({
  rejected: false,
  status,
  lines,
  conflicts,
});

export function planReservationOp(book: LevelBook, reservations: ReservationBook, r: Replaying, op: ReservationOp, newId: () => string): ReservationOutcome {
  switch (op.type) {
    case 'reservation_create':
      return planCreate(book, reservations, r, op);
    case 'reservation_fulfil':
      return planFulfil(book, reservations, r, op, newId);
    case 'reservation_release':
      return planRelease(book, reservations, r, op);
  }
}

/** The reservation ids the ops of a chunk act on (the ones to lock before their levels). */
export function reservationIdsOf(ops: readonly Operation[]): string[] {
  return [...new Set(ops.flatMap((op) => (op.type === 'reservation_fulfil' || op.type === 'reservation_release' ? [op.payload.reservationId] : [])))];
}

function duplicateLine(lines: ReadonlyArray<{ lineId: string }>): string | null {
  const seen = new Set<string>();
  for (const l of lines) {
    if (seen.has(l.lineId)) return l.lineId;
    seen.add(l.lineId);
  }
  return null;
}

/**
 * Each line through decideReservation() against what is available at the till's store as planned so far, lines
 * of the same product drawing in turn: a kept line is a RESERVE under its guard, a refused one writes nothing and
 * its result says what was available (the customer to call: the contact comes back with the reservation).
 */
function planCreate(book: LevelBook, reservations: ReservationBook, r: Replaying, op: Extract<ReservationOp, { type: 'reservation_create' }>): ReservationOutcome {
  const p = op.payload;
  const twice = duplicateLine(p.lines);
  if (twice !== null) return refuse('INVALID_INPUT', `line ${twice} appears twice in reservation ${p.reservationId}`);
  // The hold is the till's: its expiry against its own clock when it took the order.
  const holdMs = Date.parse(p.expiresAt) - Date.parse(op.occurredAt);
  if (!(holdMs > 0 && holdMs <= MAX_HOLD_HOURS * 3_600_000)) {
    return refuse('INVALID_INPUT', `a reservation holds stock for more than nothing and up to ${MAX_HOLD_HOURS} hours; this one expires at ${p.expiresAt}, taken at ${op.occurredAt}`);
  }
  if (reservations.get(p.reservationId) !== undefined) return refuse('DUPLICATE', `reservation ${p.reservationId} already exists`);

  const remaining = new Map<string, Milli>();
  const write = decideLedgerWrite({ kind: 'reservation' });
  const lines: ReservationLineState[] = [];
  const results = p.lines.map((line): SaleLineResult => {
    const before = remaining.get(line.productId) ?? available(book.level(r.storeId, line.productId).after);
    const d = decideReservation(line.qty, before);
    if (d.action === 'refuse') {
      remaining.set(line.productId, before);
      lines.push({ lineId: line.lineId, productId: line.productId, requested: line.qty, held: 0, fulfilled: 0, refused: true });
      return { lineId: line.lineId, productId: line.productId, qty: line.qty, action: 'reverse', reason: d.reason, available: d.available, conflictId: null };
    }
    remaining.set(line.productId, before - line.qty);
    writeLine(book, r, line.lineId, line.productId, [{ movement: { kind: 'RESERVE', qty: line.qty }, write, note: null }]);
    lines.push({ lineId: line.lineId, productId: line.productId, requested: line.qty, held: line.qty, fulfilled: 0, refused: false });
    return { lineId: line.lineId, productId: line.productId, qty: line.qty, action: 'keep', reason: null, available: null, conflictId: null };
  });
  const refused = lines.filter((l) => l.refused).length;
  const none = refused === lines.length;
  reservations.create({
    id: p.reservationId,
    locationId: r.storeId,
    status: none ? 'refused' : 'open',
    expiresAt: new Date(p.expiresAt),
    customerContact: p.customerContact,
    lines,
    endedAt: none ? r.occurredAt : null,
    endOpId: none ? op.id : null,
    opId: op.id,
    terminalId: op.tillId,
    createdBy: op.userId,
    createdAt: r.occurredAt,
    note: p.note ?? null,
  });
  return accepted(results, [], refused === 0 ? 'accepted' : none ? 'reversed' : 'partially_reversed');
}

/** The reservation an op acts on: one the server knows, at the till's own store. */
function target(reservations: ReservationBook, r: Replaying, id: string): ReservationState | ReservationOutcome {
  const found = reservations.get(id);
  if (found === undefined) return refuse('NOT_FOUND', `no reservation ${id}`);
  // Rights come from the credentials: a till acts on its own store's reservations only.
  if (found.locationId !== r.storeId) return refuse('FORBIDDEN', `reservation ${id} is held at another location`);
  return found;
}

const isOutcome = (x: ReservationState | ReservationOutcome): x is ReservationOutcome => 'rejected' in x;

/** What the server holds for a line now, as decideFulfilment() asks it. */
function holdOf(res: ReservationState, line: ReservationLineState): HoldState {
  if (line.refused) return 'refused';
  switch (res.status) {
    case 'open':
      return 'held';
    case 'expired':
    case 'released':
    case 'refused':
      return res.status;
    case 'fulfilled':
      throw new Error(`reservation ${res.id} was fulfilled: it is refused before its holds are read`);
  }
}

/**
 * The customer collected: each line as decideFulfilment() says, from the hold (FULFIL what left, RELEASE the rest)
 * or off the shelf (SALE) when the server no longer held it, with a stock discrepancy where that takes the shelf
 * below zero. Lines the op does not name left nothing. The reservation ends fulfilled, whatever ended it before.
 */
function planFulfil(
  book: LevelBook,
  reservations: ReservationBook,
  r: Replaying,
  op: Extract<ReservationOp, { type: 'reservation_fulfil' }>,
  newId: () => string,
): ReservationOutcome {
  const p = op.payload;
  const res = target(reservations, r, p.reservationId);
  if (isOutcome(res)) return res;
  if (res.status === 'fulfilled') return refuse('CONFLICT_TRANSITION', `reservation ${res.id} was already fulfilled`);
  const twice = duplicateLine(p.lines);
  if (twice !== null) return refuse('INVALID_INPUT', `line ${twice} appears twice in the fulfilment of reservation ${res.id}`);
  const taken = new Map(p.lines.map((l) => [l.lineId, l.qty]));
  const unknown = p.lines.filter((l) => !res.lines.some((x) => x.lineId === l.lineId)).map((l) => l.lineId);
  if (unknown.length > 0) return refuse('INVALID_INPUT', `reservation ${res.id} has no line ${unknown.join(', ')}`);
  const over = res.lines.find((l) => (taken.get(l.lineId) ?? 0) > l.requested);
  if (over !== undefined) return refuse('INVALID_QUANTITY', `line ${over.lineId} of reservation ${res.id} asked for ${over.requested}, not ${taken.get(over.lineId)}`);

  const before = new Map<string, ShelfBefore>();
  for (const l of res.lines) {
    if (before.has(l.productId)) continue;
    const level = book.level(r.storeId, l.productId).after;
    before.set(l.productId, { onHand: level.onHand, available: available(level) });
  }
  const asked: FulfilmentLine[] = res.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, qty: taken.get(l.lineId) ?? 0, held: l.held, hold: holdOf(res, l) }));
  const conflicts: PlannedConflict[] = [];
  for (const d of decideFulfilment(asked, before)) {
    const moves: LineMove[] = [];
    const write = decideLedgerWrite({ kind: 'reservation_fulfilment', decision: d });
    if (d.action === 'from_hold') {
      if (d.qty > 0) moves.push({ movement: { kind: 'FULFIL', qty: d.qty }, write, note: d.conflict === null ? null : 'fulfilled beyond what the shelf had on hand' });
      if (d.release > 0) moves.push({ movement: { kind: 'RELEASE', qty: d.release }, write: decideLedgerWrite({ kind: 'reservation_end' }), note: 'not collected' });
    } else if (d.qty > 0) {
      moves.push({ movement: { kind: 'SALE', qty: d.qty }, write, note: `collected after the reservation's hold ended (${d.because})` });
    }
    if (moves.length > 0) writeLine(book, r, d.lineId, d.productId, moves);
    if (d.conflict !== null) {
      conflicts.push({
        id: newId(),
        kind: d.conflict,
        opId: op.id,
        // the conflict queue names the document it came from: here the reservation
        saleId: res.id,
        lineId: d.lineId,
        productId: d.productId,
        qty: d.qty,
        availableAtReplay: d.action === 'from_hold' ? d.onHand : d.available,
        reason: d.action === 'from_hold' ? 'fulfilled_beyond_on_hand' : `fulfilled_after_${d.because}`,
        customerContact: res.customerContact,
        cashierId: op.userId,
        occurredAt: r.occurredAt,
      });
    }
  }
  reservations.update({
    ...res,
    status: 'fulfilled',
    lines: res.lines.map((l) => ({ ...l, held: 0, fulfilled: taken.get(l.lineId) ?? 0 })),
    endedAt: r.occurredAt,
    endOpId: op.id,
  });
  return accepted([], conflicts);
}

/** The hold given back (RELEASE under its rule); a reservation that already ended is accepted and left as it is. */
function planRelease(book: LevelBook, reservations: ReservationBook, r: Replaying, op: Extract<ReservationOp, { type: 'reservation_release' }>): ReservationOutcome {
  const res = target(reservations, r, op.payload.reservationId);
  if (isOutcome(res)) return res;
  if (res.status !== 'open') return accepted();
  const write = decideLedgerWrite({ kind: 'reservation_end' });
  const note = op.payload.end === 'expired' ? "expired at the till" : (op.payload.note ?? null);
  for (const l of res.lines) if (l.held > 0) writeLine(book, r, l.lineId, l.productId, [{ movement: { kind: 'RELEASE', qty: l.held }, write, note }]);
  reservations.update({ ...res, status: op.payload.end, lines: res.lines.map((l) => ({ ...l, held: 0 })), endedAt: r.occurredAt, endOpId: op.id });
  return accepted();
}
