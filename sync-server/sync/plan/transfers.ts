import type { ErrorCode } from '../../../shared/domain/errors';
import { DomainError } from '../../../shared/domain/errors';
import { available } from '../../../shared/domain/movement';
import type { Milli } from '../../../shared/domain/quantity';
import { formatQuantity } from '../../../shared/domain/quantity';
import type { DispatchLine, PlacedMovement, ReceiptLine, Resolution, TransferEnds, TransferLine, TransferRecord, TransferStatus } from '../../../shared/domain/transfer';
import {
  assertDispatchable,
  assertReceipt,
  assertStep,
  assertTransferRequest,
  dispatchMovements,
  receiptMovements,
  resolutionMisfit,
  resolutionMovements,
  resolvingEnd,
  transferStatus,
} from '../../../shared/domain/transfer';
import type { Operation } from '../../../shared/ops/operations';
import { decideLedgerWrite } from '../../../shared/policy/conflict-policy';
import type { LedgerWrite } from '../../../shared/policy/conflict-policy';
import type { LevelBook } from './level-book';
import type { MovementSource, Replaying } from './line-writes';
import { writeLineAt } from './line-writes';
import type { LevelKey, LockedLevels } from './types';

/**
 * Transfers at the server: the replay of a till's transfer ops and head office's own actions on transfers, with
 * the rules of shared/domain/transfer.ts only. A TransferDesk holds the transfers a transaction acts on (locked
 * before any level: db/transfers-repo.ts), checks who may do what to which transfer, records each thing that
 * happened as an event, writes the stock it moved through the ledger engine (LevelBook), and recomputes the
 * transfer's status from its events (transferStatus()) after every change, whatever order they arrived in.
 *
 * Who may act comes from credentials only: a till acts for its own store (one end of every transfer op it
 * records is that store; its dispatches leave from it, its receipts arrive at it), head office for any location
 * of the tenant. A refused action throws a DomainError before anything of it is recorded or written.
 */

export type TransferEventKind = 'request' | 'approve' | 'cancel' | 'close' | 'dispatch' | 'receive' | 'resolve';

export interface TransferEventLine {
  productId: string;
  /** requested, dispatched or resolved quantity; a receipt's good units */
  qty: Milli;
  /** a receipt's damaged units (0 otherwise) */
  damaged: Milli;
  overReason: string | null;
  note: string | null;
}

/** Something that happened to a transfer, as recorded (or about to be). */
export interface TransferEvent {
  transferId: string;
  /** the document id it carries (unique per kind): the transfer id for its request, the dispatch, receiving or resolution id, the op or action id of a step */
  id: string;
  kind: TransferEventKind;
  resolution: Resolution['kind'] | null;
  /** the till's op; null when head office recorded it */
  opId: string | null;
  userId: string | null;
  approvedBy: string | null;
  /** head office's actor; null for a till's op */
  actor: string | null;
  /** the trusted time of the op, or the server's clock for head office */
  at: Date;
  note: string | null;
  lines: TransferEventLine[];
}

/** A transfer as the server holds it, derived from its row and its events (stateFromEvents()). */
export interface TransferState extends TransferEnds {
  id: string;
  createdByUserId: string | null;
  createdByActor: string | null;
  note: string | null;
  createdAt: Date;
  /** a request was recorded (a transfer may begin with its dispatch, or its receipt) */
  requested: boolean;
  approvedAt: Date | null;
  cancelledAt: Date | null;
  closedAt: Date | null;
  sentAt: Date | null;
  receivedAt: Date | null;
  dispatches: DispatchLine[][];
  receipts: ReceiptLine[][];
  resolutions: Resolution[];
  status: TransferStatus;
}

/** The transfer's record in the domain's terms (shared/domain/transfer.ts). */
export function recordOf(t: TransferState): TransferRecord {
  return {
    approved: t.approvedAt !== null,
    cancelled: t.cancelledAt !== null,
    closed: t.closedAt !== null,
    dispatches: t.dispatches,
    receipts: t.receipts,
    resolutions: t.resolutions,
  };
}

export interface TransferHeader extends TransferEnds {
  id: string;
  createdByUserId: string | null;
  createdByActor: string | null;
  note: string | null;
  createdAt: Date;
}

/** A transfer's state from its header and its events in the order they were recorded. */
export function stateFromEvents(header: TransferHeader, events: readonly TransferEvent[]): TransferState {
  const t: TransferState = {
    ...header,
    requested: false,
    approvedAt: null,
    cancelledAt: null,
    closedAt: null,
    sentAt: null,
    receivedAt: null,
    dispatches: [],
    receipts: [],
    resolutions: [],
    status: 'requested',
  };
  for (const e of events) applyEvent(t, e);
  t.status = transferStatus(recordOf(t));
  return t;
}

const earliest = (a: Date | null, b: Date): Date => (a === null || b < a ? b : a);

function applyEvent(t: TransferState, e: TransferEvent): void {
  switch (e.kind) {
    case 'request':
      t.requested = true;
      break;
    case 'approve':
      t.approvedAt ??= e.at;
      break;
    case 'cancel':
      t.cancelledAt ??= e.at;
      break;
    case 'close':
      t.closedAt ??= e.at;
      break;
    case 'dispatch':
      t.dispatches.push(e.lines.map((l) => ({ productId: l.productId, qty: l.qty })));
      t.sentAt = earliest(t.sentAt, e.at);
      break;
    case 'receive':
      t.receipts.push(
        e.lines.map((l) => ({ productId: l.productId, received: l.qty, damaged: l.damaged, ...(l.overReason === null ? {} : { over: { reason: l.overReason } }) })),
      );
      t.receivedAt = earliest(t.receivedAt, e.at);
      break;
    case 'resolve': {
      const line = e.lines[0];
      if (e.resolution === null || line === undefined) throw new Error(`resolution ${e.id} of transfer ${t.id} has no kind or line`);
      t.resolutions.push({ kind: e.resolution, productId: line.productId, qty: line.qty });
      break;
    }
  }
}

/** Who acts: a till for its own store (from its token), or head office for any location of the tenant. */
export type TransferActor = { kind: 'till'; storeId: string } | { kind: 'head_office' };

/** Everything an event records about who did it and when. */
export interface ActingAs {
  actor: TransferActor;
  opId: string | null;
  userId: string | null;
  approvedBy: string | null;
  /** head office's actor name (admin-cli) */
  actorName: string | null;
  at: Date;
  /** what the movements it writes name (their cause, op, user, time) */
  source: MovementSource;
}

/** Acting as the till whose op is being replayed. */
export function actingAsTill(r: Replaying, approvedBy: string | null): ActingAs {
  return { actor: { kind: 'till', storeId: r.storeId }, opId: r.op.id, userId: r.op.userId, approvedBy, actorName: null, at: r.occurredAt, source: r };
}

/** Acting as head office: `actionId` names the action (the event's id where it has none, the movements' cause). */
export function actingAsHeadOffice(actorName: string, actionId: string, at: Date): ActingAs {
  return {
    actor: { kind: 'head_office' },
    opId: null,
    userId: null,
    approvedBy: null,
    actorName,
    at,
    source: { occurredAt: at, meta: (lineId, note) => ({ cause: { kind: 'head_office', ref: actionId }, opId: null, seq: null, lineId, userId: null, occurredAt: at, note }) },
  };
}

export interface TransferWrites {
  /** transfers the transaction made, as they stand at its end */
  created: TransferState[];
  /** stored transfers it changed, as they stand at its end */
  updated: TransferState[];
  events: TransferEvent[];
}

function refuse(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

/** The transfers one transaction acts on, as they stand after each action of it. */
export class TransferDesk {
  private readonly current = new Map<string, TransferState>();
  private readonly created = new Set<string>();
  private readonly changed = new Set<string>();
  private readonly events: TransferEvent[] = [];

  /**
   * `stored`: the locked transfers the transaction names; `locations`: the tenant's locations by id, with their
   * names (an end must be one; the names go into history notes); `locked`: the level rows locked for it (a leg
   * anywhere else refuses its action rather than writing an unlocked row).
   */
  constructor(
    stored: ReadonlyMap<string, TransferState>,
    private readonly locations: ReadonlyMap<string, string>,
    private readonly locked: LockedLevels,
  ) {
    for (const [id, t] of stored) this.current.set(id, cloneState(t));
  }

  get(id: string): TransferState | undefined {
    return this.current.get(id);
  }

  /** A new transfer (a store asking for stock, head office sending it), or the request of one a dispatch or receipt began. */
  request(who: ActingAs, p: { transferId: string; sourceId: string; destinationId: string; lines: readonly TransferLine[]; note?: string | undefined }): TransferState {
    const ends = { sourceId: p.sourceId, destinationId: p.destinationId };
    assertTransferRequest(ends, p.lines);
    this.assertEnds(who, ends);
    const known = this.current.get(p.transferId);
    let note = p.note ?? null;
    if (known !== undefined) {
      if (known.requested) refuse('CONFLICT_TRANSITION', `transfer ${p.transferId} was already requested`, { transferId: p.transferId });
      // The source's till offering what a receipt already recorded names the source by its credentials.
      if (who.actor.kind === 'till' && who.actor.storeId === ends.sourceId && known.destinationId === ends.destinationId) note = this.adoptSource(known, ends.sourceId, note);
      this.assertMayAct(who, known);
      assertSameEnds(known, ends);
    }
    const t = known ?? this.create(who, p.transferId, ends, note);
    this.record(t, who, 'request', p.transferId, note, p.lines.map((l) => line(l.productId, l.qty)));
    return t;
  }

  /** approve (the source, or head office), cancel (either end, before anything was sent), close (the destination, once received). */
  step(who: ActingAs, eventId: string, p: { transferId: string; step: 'approve' | 'cancel' | 'close'; note?: string | undefined }): TransferState {
    const t = this.known(who, p.transferId);
    if (who.actor.kind === 'till') {
      if (p.step === 'approve' && who.actor.storeId !== t.sourceId) refuse('FORBIDDEN', 'a transfer is approved by its source or head office', { transferId: t.id });
      if (p.step === 'close' && who.actor.storeId !== t.destinationId) refuse('FORBIDDEN', 'a transfer is closed by its destination', { transferId: t.id });
    }
    assertStep(t.status, p.step);
    this.record(t, who, p.step, eventId, p.note ?? null, []);
    return t;
  }

  /**
   * The goods left the source: on hand down there, in transit up at the destination. A till's dispatch is written
   * unguarded and recorded whatever the server thinks of the transfer (cancelled there, say): it was checked at
   * the till, and the goods have left by the time it arrives. Head office's dispatch (for a location without a
   * till) is taken here: checked against the source's side (assertDispatchable(), whatever the destination already
   * recorded) and written under its guard (decideLedgerWrite), so the warehouse never sends what it does not have.
   * A dispatch of a transfer the server does not know creates it; one of a transfer only a receipt made (the
   * receipt's source is only what the paper said) names its source: the dispatching till's store.
   */
  dispatch(
    book: LevelBook,
    who: ActingAs,
    p: { dispatchId: string; transferId: string; sourceId: string; destinationId: string; lines: readonly DispatchLine[]; note?: string | undefined },
  ): TransferState {
    const ends = { sourceId: p.sourceId, destinationId: p.destinationId };
    if (who.actor.kind === 'till' && who.actor.storeId !== p.sourceId) refuse('FORBIDDEN', 'a till records dispatches from its own store only', { transferId: p.transferId });
    const known = this.current.get(p.transferId);
    let note = p.note ?? null;
    if (known !== undefined) {
      // A till sending a transfer only a receipt made names its source (adoptSource() below); any other is refused.
      const adopts = who.actor.kind === 'till' && known.sourceId !== who.actor.storeId;
      if (adopts && !receiptOnly(known)) refuse('FORBIDDEN', `transfer ${known.id} is not sent from this till's store`, { transferId: known.id });
      assertSameEnds(adopts ? { ...known, sourceId: p.sourceId } : known, ends);
      if (p.sourceId === p.destinationId) refuse('INVALID_INPUT', 'a transfer must go to another location', { locationId: p.sourceId });
      if (who.actor.kind === 'head_office') assertDispatchable(recordOf(known));
    } else {
      assertTransferRequest(ends, p.lines);
      this.assertEnds(who, ends);
    }
    assertOncePerProduct(p.lines, 'dispatch');
    const legs = dispatchMovements(ends, p.lines);
    this.assertLocked(legs);
    const write = who.actor.kind === 'head_office' ? decideLedgerWrite({ kind: 'head_office_dispatch' }) : decideLedgerWrite({ kind: 'transfer_leg' });
    if (known !== undefined && known.sourceId !== p.sourceId) note = this.adoptSource(known, p.sourceId, note);
    const t = known ?? this.create(who, p.transferId, ends, note);
    this.writeLegs(book, who, legs, write);
    this.record(t, who, 'dispatch', p.dispatchId, note, p.lines.map((l) => line(l.productId, l.qty)));
    return t;
  }

  /**
   * What arrived at the destination: in transit down and on hand up there (damaged units into quarantine),
   * unguarded, never refused for its quantities (more than sent shows as an `over` difference). A receipt of a
   * transfer the server does not know yet (its dispatch is still on the source's till) creates it, from the
   * source it names. Its movements are all at the destination, so the source it names is only what the paper
   * said: a receipt naming another source than the known one is recorded all the same (the goods arrived), the
   * mismatch in its note; the known source, or the dispatching till's store once it arrives, is the truth.
   */
  receive(
    book: LevelBook,
    who: ActingAs,
    p: { receivingId: string; transferId: string; sourceId: string; destinationId: string; lines: readonly ReceiptLine[]; note?: string | undefined },
  ): TransferState {
    const ends = { sourceId: p.sourceId, destinationId: p.destinationId };
    if (who.actor.kind === 'till' && who.actor.storeId !== p.destinationId) refuse('FORBIDDEN', 'a till records receipts at its own store only', { transferId: p.transferId });
    // What the receipt names is checked alike whether or not the transfer is known, so its fate is not the order's.
    if (ends.sourceId === ends.destinationId) refuse('INVALID_INPUT', 'a transfer must go to another location', { locationId: ends.sourceId });
    this.assertEnds(who, ends);
    const known = this.current.get(p.transferId);
    let note = p.note ?? null;
    if (known !== undefined) {
      if (who.actor.kind === 'till' && known.destinationId !== who.actor.storeId) {
        refuse('FORBIDDEN', `transfer ${known.id} is not sent to this till's store`, { transferId: known.id });
      }
      if (known.destinationId !== ends.destinationId) assertSameEnds(known, ends);
      if (known.sourceId !== ends.sourceId) {
        note = withNote(note, `the receipt named ${this.nameOf(ends.sourceId)} as the source; the transfer comes from ${this.nameOf(known.sourceId)}`);
      }
    }
    assertReceipt(null, p.lines);
    const legs = receiptMovements(p.destinationId, p.lines);
    this.assertLocked(legs);
    const t = known ?? this.create(who, p.transferId, ends, note);
    this.writeLegs(book, who, legs, decideLedgerWrite({ kind: 'transfer_leg' }));
    this.record(
      t,
      who,
      'receive',
      p.receivingId,
      note,
      p.lines.map((l) => ({ productId: l.productId, qty: l.received, damaged: l.damaged, overReason: l.over?.reason ?? null, note: l.note ?? null })),
    );
    return t;
  }

  /** Settles part of what a receipt left unexplained; never more than is still open (resolutionMisfit()). */
  resolve(book: LevelBook, who: ActingAs, p: { resolutionId: string; transferId: string; resolution: Resolution; reason: string }): TransferState {
    const t = this.known(who, p.transferId);
    if (t.status !== 'discrepancy') {
      refuse('CONFLICT_TRANSITION', `a ${t.status.replace('_', ' ')} transfer has no difference to resolve`, { transferId: t.id, status: t.status });
    }
    const r = p.resolution;
    // A resolution moves stock at the end it speaks for: only that end's till (or head office) may say it.
    const end = resolvingEnd(r.kind);
    if (who.actor.kind === 'till' && who.actor.storeId !== (end === 'destination' ? t.destinationId : t.sourceId)) {
      refuse('FORBIDDEN', `a ${r.kind.replace(/_/g, ' ')} is settled by the transfer's ${end} or head office`, { transferId: t.id, kind: r.kind });
    }
    const misfit = resolutionMisfit(recordOf(t), r);
    if (misfit !== null) refuse('INVALID_QUANTITY', `${r.kind.replace(/_/g, ' ')} of ${r.qty} settles more than is open: ${misfit}`, { transferId: t.id, productId: r.productId });
    const legs = resolutionMovements(t, r);
    this.assertLocked(legs);
    this.writeLegs(book, who, legs, decideLedgerWrite({ kind: 'transfer_leg' }));
    this.record(t, who, 'resolve', p.resolutionId, p.reason, [line(r.productId, r.qty)], r.kind);
    return t;
  }

  /** What the transaction writes of its transfers. */
  writes(): TransferWrites {
    const out: TransferWrites = { created: [], updated: [], events: this.events };
    for (const id of this.changed) {
      const t = this.current.get(id) as TransferState;
      (this.created.has(id) ? out.created : out.updated).push(t);
    }
    return out;
  }

  private known(who: ActingAs, transferId: string): TransferState {
    const t = this.current.get(transferId);
    if (t === undefined) refuse('NOT_FOUND', `no transfer ${transferId}`, { transferId });
    this.assertMayAct(who, t);
    return t;
  }

  /** A till acts only on transfers from or to its own store. */
  private assertMayAct(who: ActingAs, t: TransferState): void {
    if (who.actor.kind === 'till' && who.actor.storeId !== t.sourceId && who.actor.storeId !== t.destinationId) {
      refuse('FORBIDDEN', `transfer ${t.id} is neither from nor to this till's store`, { transferId: t.id });
    }
  }

  /** Both ends are locations of the tenant, and a till's store is one of them. */
  private assertEnds(who: ActingAs, ends: TransferEnds): void {
    if (who.actor.kind === 'till' && who.actor.storeId !== ends.sourceId && who.actor.storeId !== ends.destinationId) {
      refuse('FORBIDDEN', "one end of a transfer a till records must be the till's own store");
    }
    for (const locationId of [ends.sourceId, ends.destinationId]) {
      if (!this.locations.has(locationId)) refuse('NOT_FOUND', `no location ${locationId} in this tenant`, { locationId });
    }
  }

  private nameOf(locationId: string): string {
    return this.locations.get(locationId) ?? locationId;
  }

  /**
   * A transfer only a receipt made takes its source from the till that sends it: the receipt's was the paper's
   * word. Returns the note of the step that set it, which says what the receipt had named.
   */
  private adoptSource(t: TransferState, sourceId: string, note: string | null): string | null {
    if (!receiptOnly(t) || t.sourceId === sourceId) return note;
    const named = t.sourceId;
    t.sourceId = sourceId;
    this.changed.add(t.id);
    return withNote(note, `the receipt named ${this.nameOf(named)} as the source; the goods left ${this.nameOf(sourceId)}`);
  }

  private create(who: ActingAs, id: string, ends: TransferEnds, note: string | null): TransferState {
    const t = stateFromEvents(
      { id, ...ends, createdByUserId: who.actorName === null ? who.userId : null, createdByActor: who.actorName, note, createdAt: who.at },
      [],
    );
    this.current.set(id, t);
    this.created.add(id);
    return t;
  }

  /** The one door to events: each is applied to the transfer at once and its status recomputed from all of them. */
  private record(
    t: TransferState,
    who: ActingAs,
    kind: TransferEventKind,
    id: string,
    note: string | null,
    lines: TransferEventLine[],
    resolution: Resolution['kind'] | null = null,
  ): void {
    const e: TransferEvent = { transferId: t.id, id, kind, resolution, opId: who.opId, userId: who.userId, approvedBy: who.approvedBy, actor: who.actorName, at: who.at, note, lines };
    applyEvent(t, e);
    t.status = transferStatus(recordOf(t));
    this.events.push(e);
    this.changed.add(t.id);
  }

  /**
   * Every leg must be at a level locked for this transaction (transferLevelKeys() locks every end any op of the
   * chunk could move). Checked before anything of the action is recorded, so a leg outside them refuses the action
   * alone, as an op's rejection, instead of failing the whole chunk at the database on every retry.
   */
  private assertLocked(legs: readonly PlacedMovement[]): void {
    for (const leg of legs) {
      if (this.locked.get(leg.locationId)?.has(leg.productId) !== true) {
        refuse('INTERNAL', `the server did not lock the level of product ${leg.productId} at ${this.nameOf(leg.locationId)} for this change: it is refused rather than written unlocked`, {
          locationId: leg.locationId,
          productId: leg.productId,
        });
      }
    }
  }

  /**
   * Every leg through the one rule at its own location, written as the policy decided (decideLedgerWrite): a till's
   * legs unguarded, head office's dispatch under its guard. A guard that does not hold refuses the action with
   * INSUFFICIENT_STOCK; head office's action then writes nothing (its transaction is rolled back).
   */
  private writeLegs(book: LevelBook, who: ActingAs, legs: readonly PlacedMovement[], write: LedgerWrite): void {
    for (const leg of legs) {
      if (!write.guarded) {
        writeLineAt(book, who.source, leg.locationId, null, leg.productId, [{ movement: leg.movement, write, note: null }]);
        continue;
      }
      // Guarded legs are head office's, taken now: never before a shelf's count, so no count offset (writeLineAt).
      const r = book.apply(leg.locationId, leg.productId, leg.movement, write, who.source.meta(null, null));
      if (!r.ok) {
        const left = available(r.level);
        refuse('INSUFFICIENT_STOCK', `only ${formatQuantity(left)} of product ${leg.productId} at ${this.nameOf(leg.locationId)}: it cannot send ${formatQuantity(leg.movement.qty)}`, {
          locationId: leg.locationId,
          productId: leg.productId,
          available: left,
          requested: leg.movement.qty,
        });
      }
    }
  }
}

/** A transfer that only a receipt made: no request, no dispatch; its source is the paper's word. */
function receiptOnly(t: TransferState): boolean {
  return !t.requested && t.dispatches.length === 0;
}

function withNote(note: string | null, more: string): string {
  return note === null || note === '' ? more : `${note}; ${more}`;
}

function line(productId: string, qty: Milli): TransferEventLine {
  return { productId, qty, damaged: 0, overReason: null, note: null };
}

function assertSameEnds(t: TransferState, ends: TransferEnds): void {
  if (t.sourceId !== ends.sourceId || t.destinationId !== ends.destinationId) {
    refuse('INVALID_INPUT', `transfer ${t.id} goes from ${t.sourceId} to ${t.destinationId}, not from ${ends.sourceId} to ${ends.destinationId}`, {
      transferId: t.id,
    });
  }
}

function assertOncePerProduct(lines: ReadonlyArray<{ productId: string }>, what: string): void {
  const seen = new Set<string>();
  for (const l of lines) {
    if (seen.has(l.productId)) refuse('INVALID_INPUT', `the ${what} names product ${l.productId} twice`, { productId: l.productId });
    seen.add(l.productId);
  }
}

function cloneState(t: TransferState): TransferState {
  return { ...t, dispatches: [...t.dispatches], receipts: [...t.receipts], resolutions: [...t.resolutions] };
}

type TransferOp = Extract<Operation, { type: 'transfer_request' | 'transfer_step' | 'transfer_dispatch' | 'transfer_receive' | 'transfer_resolve' }>;

export function isTransferOp(op: Operation): op is TransferOp {
  return op.type === 'transfer_request' || op.type === 'transfer_step' || op.type === 'transfer_dispatch' || op.type === 'transfer_receive' || op.type === 'transfer_resolve';
}

export type TransferOutcome = { rejected: false } | { rejected: true; code: ErrorCode; reason: string };

/** Replays one transfer op of a till. A refusal is an outcome (the op is rejected, nothing of it written). */
export function planTransferOp(book: LevelBook, desk: TransferDesk, r: Replaying, op: TransferOp): TransferOutcome {
  const who = actingAsTill(r, op.payload.approvedBy ?? null);
  try {
    switch (op.type) {
      case 'transfer_request':
        desk.request(who, op.payload);
        break;
      case 'transfer_step':
        desk.step(who, op.id, op.payload);
        break;
      case 'transfer_dispatch':
        desk.dispatch(book, who, { ...op.payload, sourceId: r.storeId });
        break;
      case 'transfer_receive':
        desk.receive(book, who, { ...op.payload, destinationId: r.storeId });
        break;
      case 'transfer_resolve': {
        const { kind, productId, qty } = op.payload;
        desk.resolve(book, who, { resolutionId: op.payload.resolutionId, transferId: op.payload.transferId, resolution: { kind, productId, qty }, reason: op.payload.reason });
        break;
      }
    }
  } catch (e) {
    if (e instanceof DomainError) return { rejected: true, code: e.code, reason: e.message };
    throw e;
  }
  return { rejected: false };
}

/** The transfers a chunk's ops name, to lock before planning. */
export function transferIdsOf(ops: readonly Operation[]): string[] {
  return [...new Set(ops.flatMap((op) => (isTransferOp(op) ? [op.payload.transferId] : [])))];
}

/**
 * The level rows a chunk's transfer ops may move beyond the till's own store: the destination of each dispatch
 * (its source is the till's store, whose levels are locked anyway), and for each resolution the product at every
 * end any op of the chunk or the stored transfer names for its transfer. An op's claim counts even if the op is
 * refused later (a request naming two other stores, then a dispatch of the same id): locking a row too many costs
 * a lock, one too few would leave a leg with no locked row. Only locations and products of the tenant: an op
 * naming another is refused, and nothing is locked for it.
 */
export function transferLevelKeys(
  ops: readonly Operation[],
  storeId: string,
  stored: ReadonlyMap<string, TransferEnds>,
  locations: { has(locationId: string): boolean },
  products: ReadonlySet<string>,
): LevelKey[] {
  const ends = new Map<string, Set<string>>();
  const claim = (transferId: string, ...locationIds: string[]): void => {
    let at = ends.get(transferId);
    if (at === undefined) ends.set(transferId, (at = new Set()));
    for (const l of locationIds) at.add(l);
  };
  for (const [id, e] of stored) claim(id, e.sourceId, e.destinationId);
  for (const op of ops) {
    if (!isTransferOp(op)) continue;
    const id = op.payload.transferId;
    if (op.type === 'transfer_request') claim(id, op.payload.sourceId, op.payload.destinationId);
    else if (op.type === 'transfer_dispatch') claim(id, storeId, op.payload.destinationId);
    else if (op.type === 'transfer_receive') claim(id, op.payload.sourceId, storeId);
  }
  const keys: LevelKey[] = [];
  const add = (locationId: string, productIds: readonly string[]): void => {
    if (!locations.has(locationId)) return;
    for (const productId of productIds) if (products.has(productId)) keys.push({ locationId, productId });
  };
  for (const op of ops) {
    if (op.type === 'transfer_dispatch') add(op.payload.destinationId, op.payload.lines.map((l) => l.productId));
    else if (op.type === 'transfer_resolve') for (const locationId of ends.get(op.payload.transferId) ?? []) add(locationId, [op.payload.productId]);
  }
  return keys;
}
