import type { BranchParsedInput, LocationView, TransferView } from '../../shared/api/branch-api';
import type { PayloadOf } from '../../shared/ops/operations';
import { DomainError } from '../../shared/domain/errors';
import { available } from '../../shared/domain/movement';
import { formatQuantity } from '../../shared/domain/quantity';
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
  type PlacedMovement,
  type Resolution,
  type TransferEnds,
} from '../../shared/domain/transfer';
import { parseTransferCode, transferLabel } from '../../shared/scan/transfer-code';
import { applyMovement, appendOp, opCause, type TillStore } from '../store';
import { requestFingerprint } from '../store/idempotency';
import {
  insertTransferEvent,
  insertTransferHeader,
  locationRow,
  locationRows,
  productLabels,
  serverHistory,
  serverResolutions,
  serverTransferLines,
  transferEventById,
  transferEventLines,
  transferEvents,
  transferHeader,
  transferIds,
  type NewTransferEvent,
  type TransferEventKind,
} from '../store/transfers-repo';
import { userName } from '../store/users-repo';
import { approval, type Actor } from './actor';
import { assertQtyFitsUnit, lineProduct } from './line-products';
import { knownTransfer, stillToArrive, transferViewOf, type KnownTransfer } from './transfer-view';

/*
 * Transfers from or to this till's store (issue 8; the rules are shared/domain/transfer.ts). Each step is ONE
 * transaction holding its op (outbox), its movements at this store (ledger) and the step's rows, so what the
 * till shows and what the server replays are the same thing. Only this store's legs move here: a dispatch
 * takes the goods off this shelf, while the destination's stock in transit lives at the server and comes back
 * with a pull; a receipt puts what arrived on this shelf, and in transit here may show negative until the pull
 * brings the dispatch.
 *
 * Every step is idempotent by the id the screen made for it (transferId for a request; actionId, dispatchId,
 * receivingId, resolutionId): a repeat of the same request writes nothing and answers the transfer as it is now;
 * the same id with other content is refused with ID_REUSED.
 */

type View = TransferView;

const STEP_WORDS: Readonly<Record<TransferEventKind, string>> = {
  request: 'transfer request',
  approve: 'approval',
  cancel: 'cancellation',
  close: 'closing',
  dispatch: 'dispatch',
  receive: 'receipt',
  resolve: 'resolution',
};

/**
 * The answer to a repeated step, or undefined for a new one. The same id with another kind of step or other
 * content is ID_REUSED, never answered with the first step's result.
 */
function repeatOf(store: TillStore, id: string, kind: TransferEventKind, request: unknown): View | undefined {
  const prior = transferEventById(store, id);
  if (prior === undefined) return undefined;
  if (prior.kind !== kind) {
    throw new DomainError('ID_REUSED', `${id} is already the id of a ${STEP_WORDS[prior.kind]}, not of a ${STEP_WORDS[kind]}`, { id, recordedAs: prior.kind });
  }
  if (prior.request_fingerprint !== requestFingerprint(request)) {
    throw new DomainError('ID_REUSED', `this ${STEP_WORDS[kind]} (${id}) was already recorded with different contents: start a new one`, { id, kind });
  }
  return viewOf(store, prior.transfer_id);
}

function known(store: TillStore, transferId: string): KnownTransfer | undefined {
  const header = transferHeader(store, transferId);
  if (header === undefined) return undefined;
  return knownTransfer({
    header,
    serverLines: serverTransferLines(store, transferId),
    serverResolutions: serverResolutions(store, transferId),
    serverHistory: serverHistory(store, transferId),
    events: transferEvents(store, transferId),
    eventLines: transferEventLines(store, transferId),
  });
}

function requireKnown(store: TillStore, transferId: string): KnownTransfer {
  const k = known(store, transferId);
  if (k === undefined) {
    throw new DomainError('NOT_FOUND', `transfer ${transferLabel(transferId)} is not on this till: sync, or ask the other store`, { transferId });
  }
  return k;
}

function viewOf(store: TillStore, transferId: string): View {
  const header = transferHeader(store, transferId);
  const k = known(store, transferId);
  if (header === undefined || k === undefined) throw new DomainError('NOT_FOUND', `no transfer ${transferLabel(transferId)} on this till`, { transferId });
  const products = productLabels(store, k.lines.map((l) => l.productId));
  return transferViewOf(k, header, {
    storeId: store.config().storeId,
    locationName: (id) => locationRow(store, id)?.name ?? id,
    product: (id) => products.get(id),
  });
}

/** The other end must be a location of the tenant this till knows (from its pulls). */
function assertKnownLocation(store: TillStore, locationId: string): void {
  if (locationRow(store, locationId) === undefined) {
    throw new DomainError('NOT_FOUND', `no location ${locationId} in this till's list of the chain's locations: sync first`, { locationId });
  }
}

function assertOwnEnd(store: TillStore, locationId: string, what: string): void {
  const { storeId, storeName } = store.config();
  if (locationId !== storeId) throw new DomainError('FORBIDDEN', `${what} at ${storeName}'s till only for transfers ${storeName} is part of`, { locationId });
}

function assertLinesFit(store: TillStore, lines: ReadonlyArray<{ productId: string; qty: number }>): void {
  for (const line of lines) assertQtyFitsUnit(lineProduct(store, line.productId), line.qty);
}

function optionalNote(note: string | undefined): { note?: string } {
  return note === undefined ? {} : { note };
}

/** The till's own legs of a step's movements: the other end's are the server's (and its till's). */
function ownLegs(store: TillStore, movements: readonly PlacedMovement[]): PlacedMovement[] {
  const { storeId } = store.config();
  return movements.filter((m) => m.locationId === storeId);
}

type TransferOpType = 'transfer_request' | 'transfer_step' | 'transfer_dispatch' | 'transfer_receive' | 'transfer_resolve';

/**
 * What every step writes, in the caller's transaction: its op in the outbox, the transfer's header when this step
 * is the first this till knows of it (`creates`), and the step's row with its lines and the fingerprint of the
 * request that made it (repeatOf() compares it). Returns the op's seq, the cause of the step's movements.
 */
function recordStep<T extends TransferOpType>(
  store: TillStore,
  actor: Actor,
  occurredAt: string,
  step: {
    type: T;
    payload: PayloadOf<T>;
    event: Pick<NewTransferEvent, 'id' | 'transferId' | 'kind' | 'note' | 'resolution' | 'lines'>;
    creates?: TransferEnds & { note: string | null };
    request: unknown;
  },
): number {
  const op = appendOp(store, { type: step.type, userId: actor.userId, occurredAt, payload: step.payload });
  if (step.creates !== undefined) {
    insertTransferHeader(store, {
      id: step.event.transferId,
      ...step.creates,
      createdByName: actor.userName ?? userName(store, actor.userId),
      createdAt: occurredAt,
    });
  }
  insertTransferEvent(store, { ...step.event, opSeq: op.seq, userId: actor.userId, occurredAt, requestFingerprint: requestFingerprint(step.request) });
  return op.seq;
}

/** Every location of the tenant, this store marked. */
export function tillLocations(store: TillStore): LocationView[] {
  const { storeId } = store.config();
  return locationRows(store).map((l) => ({ id: l.id, name: l.name, kind: l.kind, own: l.id === storeId }));
}

/** Transfers from or to this store, newest first; `open` leaves out cancelled and closed ones. */
export function listTransfers(store: TillStore, input: BranchParsedInput<'transfer.list'>): View[] {
  return store.readTransaction(() => {
    const { storeId } = store.config();
    // The open filter of the query reads the server's status; this till's own steps may have ended one since.
    const ids = transferIds(store, storeId, input.open, input.open ? -1 : input.limit);
    const views = ids.map((id) => viewOf(store, id));
    return (input.open ? views.filter((v) => v.status !== 'cancelled' && v.status !== 'closed') : views).slice(0, input.limit);
  });
}

/** One transfer by id, or by the code scanned off its delivery note. */
export function getTransfer(store: TillStore, input: BranchParsedInput<'transfer.get'>): View {
  return store.readTransaction(() => {
    if ('transferId' in input) return viewOf(store, requireKnown(store, input.transferId).id);
    const transferId = parseTransferCode(input.code);
    if (transferId === null) {
      throw new DomainError('NOT_FOUND', `"${input.code.trim().slice(0, 64)}" is not a transfer's delivery-note code: scan the barcode on the note`, {
        code: input.code.slice(0, 64),
      });
    }
    if (transferHeader(store, transferId) === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `transfer ${transferLabel(transferId)} has not reached this till yet: sync, or receive it by choosing the store or warehouse it came from`,
        { transferId, label: transferLabel(transferId) },
      );
    }
    return viewOf(store, transferId);
  });
}

/**
 * Asks for stock (this store is the destination) or offers it (this store is the source). Nothing moves yet.
 */
export function requestTransfer(store: TillStore, input: BranchParsedInput<'transfer.request'>, actor: Actor, now: Date): View {
  const repeat = repeatOf(store, input.transferId, 'request', input);
  if (repeat !== undefined) return repeat;
  if (transferHeader(store, input.transferId) !== undefined) {
    throw new DomainError('ID_REUSED', `${input.transferId} is already the id of another transfer: start a new one`, { id: input.transferId });
  }
  const ends: TransferEnds = { sourceId: input.sourceId, destinationId: input.destinationId };
  assertTransferRequest(ends, input.lines);
  const { storeId } = store.config();
  if (ends.sourceId !== storeId && ends.destinationId !== storeId) {
    throw new DomainError('FORBIDDEN', 'a till requests or offers stock only for its own store: one end must be this store', { ...ends });
  }
  assertKnownLocation(store, ends.sourceId === storeId ? ends.destinationId : ends.sourceId);
  assertLinesFit(store, input.lines);
  const occurredAt = now.toISOString();

  return store.transaction(() => {
    recordStep(store, actor, occurredAt, {
      type: 'transfer_request',
      payload: { transferId: input.transferId, ...ends, lines: input.lines, ...optionalNote(input.note), ...approval(actor) },
      event: { id: input.transferId, transferId: input.transferId, kind: 'request', note: input.note ?? null, resolution: null, lines: input.lines },
      creates: { ...ends, note: input.note ?? null },
      request: input,
    });
    return viewOf(store, input.transferId);
  });
}

/**
 * Approve (this store is the source), cancel (either end, before anything was sent), close (this store is the
 * destination, once nothing is unexplained), checked against what this till knows of the transfer.
 */
export function stepTransfer(store: TillStore, input: BranchParsedInput<'transfer.step'>, actor: Actor, now: Date): View {
  const repeat = repeatOf(store, input.actionId, input.step, input);
  if (repeat !== undefined) return repeat;
  const k = requireKnown(store, input.transferId);
  if (input.step === 'approve') assertOwnEnd(store, k.sourceId, 'a transfer is approved by the store that sends it');
  if (input.step === 'close') assertOwnEnd(store, k.destinationId, 'a transfer is closed by the store that received it');
  assertStep(k.status, input.step);
  const occurredAt = now.toISOString();

  return store.transaction(() => {
    recordStep(store, actor, occurredAt, {
      type: 'transfer_step',
      payload: { transferId: k.id, step: input.step, ...optionalNote(input.note), ...approval(actor) },
      event: { id: input.actionId, transferId: k.id, kind: input.step, note: input.note ?? null, resolution: null, lines: [] },
      request: input,
    });
    return viewOf(store, k.id);
  });
}

/**
 * The goods leave this store: each line one conditional UPDATE of this store's level under its guard (available
 * ≥ qty); a line the shelf cannot cover refuses the whole dispatch (INSUFFICIENT_STOCK), and nothing is written.
 * A dispatch without a request (stock pushed to another store) creates the transfer.
 */
export function dispatchTransfer(store: TillStore, input: BranchParsedInput<'transfer.dispatch'>, actor: Actor, now: Date): View {
  const repeat = repeatOf(store, input.dispatchId, 'dispatch', input);
  if (repeat !== undefined) return repeat;
  const { storeId, storeName } = store.config();
  const ends: TransferEnds = { sourceId: storeId, destinationId: input.destinationId };
  assertTransferRequest(ends, input.lines);
  const k = known(store, input.transferId);
  if (k !== undefined) {
    assertOwnEnd(store, k.sourceId, 'a transfer is sent by the store it leaves');
    if (k.destinationId !== input.destinationId) {
      throw new DomainError('INVALID_INPUT', `transfer ${transferLabel(k.id)} goes to another location than this dispatch names`, {
        transferId: k.id,
        destinationId: k.destinationId,
      });
    }
    // Against this store's own side: a receipt the destination already recorded never stops the dispatch.
    assertDispatchable(k.record);
  } else {
    assertKnownLocation(store, input.destinationId);
  }
  const products = input.lines.map((line) => {
    const product = lineProduct(store, line.productId);
    assertQtyFitsUnit(product, line.qty);
    return product;
  });
  const occurredAt = now.toISOString();

  return store.transaction(() => {
    const opSeq = recordStep(store, actor, occurredAt, {
      type: 'transfer_dispatch',
      payload: {
        dispatchId: input.dispatchId,
        transferId: input.transferId,
        destinationId: input.destinationId,
        lines: input.lines,
        ...optionalNote(input.note),
        ...approval(actor),
      },
      event: { id: input.dispatchId, transferId: input.transferId, kind: 'dispatch', note: input.note ?? null, resolution: null, lines: input.lines },
      ...(k === undefined ? { creates: { ...ends, note: input.note ?? null } } : {}),
      request: input,
    });
    for (const placed of ownLegs(store, dispatchMovements(ends, input.lines))) {
      const result = applyMovement(store, { ...placed, cause: opCause(opSeq), occurredAt });
      if (!result.ok) {
        const left = available(result.level);
        const name = products.find((p) => p.id === placed.productId)?.name ?? placed.productId;
        throw new DomainError('INSUFFICIENT_STOCK', `only ${formatQuantity(left)} of ${name} at ${storeName}: it cannot send ${formatQuantity(placed.movement.qty)}`, {
          productId: placed.productId,
          name,
          available: left,
          requested: placed.movement.qty,
        });
      }
    }
    return viewOf(store, input.transferId);
  });
}

/**
 * What arrived here, counted or scanned, checked against what this till knows was sent and has not arrived yet
 * (nothing is checked when it has not seen the dispatch: the goods are in front of the manager). More than was
 * sent must say why (`over`). Written unguarded: what arrived goes on the shelf (TRANSFER_IN), the damaged part
 * of it into quarantine. A receipt of a transfer this till never saw (its note was scanned before the pull
 * brought it) creates it, from the source the manager chose.
 */
export function receiveTransfer(store: TillStore, input: BranchParsedInput<'transfer.receive'>, actor: Actor, now: Date): View {
  const repeat = repeatOf(store, input.receivingId, 'receive', input);
  if (repeat !== undefined) return repeat;
  const { storeId } = store.config();
  const ends: TransferEnds = { sourceId: input.sourceId, destinationId: storeId };
  if (ends.sourceId === storeId) throw new DomainError('INVALID_INPUT', 'a transfer must come from another location', { locationId: storeId });
  const k = known(store, input.transferId);
  if (k !== undefined) {
    assertOwnEnd(store, k.destinationId, 'a transfer is received by the store it goes to');
    if (k.sourceId !== input.sourceId) {
      throw new DomainError('INVALID_INPUT', `transfer ${transferLabel(k.id)} comes from another location than this receipt names`, {
        transferId: k.id,
        sourceId: k.sourceId,
      });
    }
  } else {
    assertKnownLocation(store, input.sourceId);
  }
  for (const line of input.lines) {
    const product = lineProduct(store, line.productId);
    assertQtyFitsUnit(product, line.received);
    assertQtyFitsUnit(product, line.damaged);
  }
  assertReceipt(k === undefined ? null : stillToArrive(k), input.lines);
  const occurredAt = now.toISOString();

  return store.transaction(() => {
    const opSeq = recordStep(store, actor, occurredAt, {
      type: 'transfer_receive',
      payload: {
        receivingId: input.receivingId,
        transferId: input.transferId,
        sourceId: input.sourceId,
        lines: input.lines,
        ...optionalNote(input.note),
        ...approval(actor),
      },
      event: {
        id: input.receivingId,
        transferId: input.transferId,
        kind: 'receive',
        note: input.note ?? null,
        resolution: null,
        lines: input.lines.map((l) => ({
          productId: l.productId,
          qty: l.received,
          damaged: l.damaged,
          ...(l.over === undefined ? {} : { overReason: l.over.reason }),
          ...(l.note === undefined ? {} : { note: l.note }),
        })),
      },
      ...(k === undefined ? { creates: { ...ends, note: input.note ?? null } } : {}),
      request: input,
    });
    for (const placed of receiptMovements(storeId, input.lines)) {
      applyMovement(store, { ...placed, cause: opCause(opSeq), occurredAt, unguarded: true });
    }
    return viewOf(store, input.transferId);
  });
}

/**
 * Settles what a receipt left unexplained, with why: a shortfall written off or returned to the source, an
 * excess completed as part of the dispatch, or written-off units that turned up (`found`). Only the end whose
 * stock it moves may say it (resolvingEnd(): a write-off or found is the destination's, a return or a completed
 * dispatch the source's; another till is FORBIDDEN), and only what is open can be settled (resolutionMisfit(),
 * the rule the server replays it by). The movements are written here only for this store's legs, unguarded (they
 * record where goods already are); the other end's come with a pull.
 */
export function resolveTransfer(store: TillStore, input: BranchParsedInput<'transfer.resolve'>, actor: Actor, now: Date): View {
  const repeat = repeatOf(store, input.resolutionId, 'resolve', input);
  if (repeat !== undefined) return repeat;
  const k = requireKnown(store, input.transferId);
  assertQtyFitsUnit(lineProduct(store, input.productId), input.qty);
  const words = input.kind.replace(/_/g, ' ');
  const end = resolvingEnd(input.kind);
  const { storeId, storeName } = store.config();
  if ((end === 'destination' ? k.destinationId : k.sourceId) !== storeId) {
    throw new DomainError('FORBIDDEN', `a ${words} is settled by the transfer's ${end} (or head office), not at ${storeName}'s till`, {
      transferId: k.id,
      kind: input.kind,
    });
  }
  if (k.status !== 'discrepancy') {
    throw new DomainError('CONFLICT_TRANSITION', `transfer ${transferLabel(k.id)} has no difference to resolve: there is nothing to ${words}`, {
      transferId: k.id,
      productId: input.productId,
      status: k.status,
    });
  }
  const resolution: Resolution = { kind: input.kind, productId: input.productId, qty: input.qty };
  const misfit = resolutionMisfit(k.record, resolution);
  if (misfit !== null) {
    const open = k.lines.find((l) => l.productId === input.productId);
    throw new DomainError('INVALID_QUANTITY', `a ${words} of ${formatQuantity(input.qty)} on transfer ${transferLabel(k.id)} settles more than is open`, {
      transferId: k.id,
      productId: input.productId,
      short: open?.short ?? 0,
      over: open?.over ?? 0,
      requested: input.qty,
      why: misfit,
    });
  }
  const occurredAt = now.toISOString();

  return store.transaction(() => {
    const opSeq = recordStep(store, actor, occurredAt, {
      type: 'transfer_resolve',
      payload: {
        resolutionId: input.resolutionId,
        transferId: k.id,
        kind: input.kind,
        productId: input.productId,
        qty: input.qty,
        reason: input.reason,
        ...approval(actor),
      },
      event: {
        id: input.resolutionId,
        transferId: k.id,
        kind: 'resolve',
        note: input.reason,
        resolution: input.kind,
        lines: [{ productId: input.productId, qty: input.qty }],
      },
      request: input,
    });
    for (const placed of ownLegs(store, resolutionMovements(k, resolution))) {
      applyMovement(store, { ...placed, cause: opCause(opSeq), occurredAt, unguarded: true });
    }
    return viewOf(store, k.id);
  });
}
