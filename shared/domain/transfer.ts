import { DomainError } from './errors';
import type { Movement } from './movement';
import { type Milli, assertPositiveMilli, assertMilli } from './quantity';

/**
 * Stock that moves between two locations of a tenant (store to store, warehouse to store, store back to the
 * warehouse), as pure rules: the lifecycle, the movements each side writes, and the discrepancy a receipt leaves.
 *
 * Each side records its own half where it happens, offline if need be: the source till (or the warehouse) the
 * dispatch, the destination till the receipt. Both may be offline at once, so the server can learn of the receipt
 * before the dispatch. Three rules make the end state the same whatever order the halves arrive in:
 * - The halves are movements, and movements only add: the level is the sum of its movements, so their order
 *   does not change where it ends.
 * - Neither half is refused at replay for what it does to a level: a dispatch records goods that physically left
 *   (the source may show negative until its own missing records arrive), a receipt records goods that physically
 *   arrived (in transit may show negative until the dispatch arrives). What disagrees is the transfer's, shown to
 *   head office as a discrepancy, never a stock conflict that reverses anything.
 * - The transfer's status is computed from which halves exist and what they say (transferStatus), not from the
 *   order they came in.
 *
 * In transit lives at the destination: a dispatch moves on hand down at the source and in transit up at the
 * destination; a receipt moves in transit down and on hand up at the destination. Across the tenant, on hand
 * plus in transit never changes through a transfer (conservation); only a resolution that writes a shortfall off
 * as lost changes it, and it says so.
 */

export const TRANSFER_STATUSES = [
  /** a store asked for stock (from the warehouse or another store); nothing has moved */
  'requested',
  /** the source (or head office) agreed; nothing has moved */
  'approved',
  /** called off before anything was sent */
  'cancelled',
  /** the source recorded the dispatch; the goods are in transit */
  'sent',
  /** the destination recorded a receipt the server has no dispatch for yet: the two sides disagree */
  'received_unsent',
  /** what arrived differs from what was sent: someone must resolve the difference */
  'discrepancy',
  /** what arrived is what was sent (or every difference has been resolved) */
  'received',
  /** done: nothing more can happen to it */
  'closed',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export interface TransferLine {
  productId: string;
  qty: Milli;
}

/** What left the source, per product. */
export interface DispatchLine {
  productId: string;
  qty: Milli;
}

/**
 * What arrived, per product: `received` good units go on the shelf; `damaged` units arrived but are not sellable
 * (they go on hand and into quarantine, for a manager to waste or return). A line that accepts more than was sent
 * must say so (`over`), with why: a typing slip must not invent stock.
 */
export interface ReceiptLine {
  productId: string;
  received: Milli;
  damaged: Milli;
  over?: { reason: string };
  note?: string;
}

export const DISCREPANCY_KINDS = ['short', 'damaged', 'over'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

export interface LineDiscrepancy {
  productId: string;
  sent: Milli;
  received: Milli;
  damaged: Milli;
  /** sent − (received + damaged) when positive: still in transit, unaccounted for */
  short: Milli;
  /** (received + damaged) − sent when positive: arrived without a dispatch that covers it */
  over: Milli;
}

/** How a manager or head office settles what a receipt left unexplained. */
export type Resolution =
  /** the shortfall is lost (stolen, broken on the road): in transit down at the destination, a recorded loss */
  | { kind: 'write_off'; productId: string; qty: Milli }
  /** the shortfall never left (found at the source): in transit down at the destination, on hand up at the source */
  | { kind: 'return_to_source'; productId: string; qty: Milli }
  /** the source sent more than it recorded: its dispatch is completed (source on hand down, in transit up) */
  | { kind: 'complete_dispatch'; productId: string; qty: Milli }
  /**
   * units written off as lost turned up after all (a late box): the write-off is taken back, in transit up at the
   * destination, so their arrival no longer leaves an excess. At most what was written off.
   */
  | { kind: 'found'; productId: string; qty: Milli };
export type ResolutionKind = Resolution['kind'];

/**
 * Which end may settle a difference of each kind, besides head office. A resolution moves stock at the end it
 * speaks for, so only that end (or head office) may say it: that the goods are lost or turned up on the road is
 * the destination's to say (its in transit moves), that they never left or that more left is the source's (its on
 * hand moves). A till never settles for the other end's shelf.
 */
export function resolvingEnd(kind: ResolutionKind): 'source' | 'destination' {
  return kind === 'write_off' || kind === 'found' ? 'destination' : 'source';
}

export interface PlacedMovement {
  locationId: string;
  productId: string;
  movement: Movement;
}

export interface TransferEnds {
  sourceId: string;
  destinationId: string;
}

/** A transfer names two different locations and at least one line, each product once, each quantity positive. */
export function assertTransferRequest(ends: TransferEnds, lines: readonly TransferLine[]): void {
  if (ends.sourceId === ends.destinationId) {
    throw new DomainError('INVALID_INPUT', 'a transfer must go to another location', { locationId: ends.sourceId });
  }
  if (lines.length === 0) throw new DomainError('INVALID_INPUT', 'a transfer needs at least one line');
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.productId)) throw new DomainError('INVALID_INPUT', `the transfer names product ${line.productId} twice`, { productId: line.productId });
    seen.add(line.productId);
    assertPositiveMilli(line.qty, 'transfer quantity');
  }
}

type Step = 'approve' | 'cancel' | 'dispatch' | 'close';
const ALLOWED: Readonly<Record<Step, readonly TransferStatus[]>> = {
  approve: ['requested'],
  cancel: ['requested', 'approved'],
  // A dispatch may be recorded without a prior request (head office or the warehouse pushing stock).
  dispatch: ['requested', 'approved'],
  close: ['received'],
};

/**
 * The steps people take at one place, checked where they take them (a till, head office). Receipts are not
 * here: a receipt is recorded whatever the destination knows, because the goods are in front of it.
 */
export function assertStep(status: TransferStatus, step: Step): void {
  if (!ALLOWED[step].includes(status)) {
    throw new DomainError('CONFLICT_TRANSITION', `a ${status.replace('_', ' ')} transfer cannot be ${stepPast(step)}`, { status, step });
  }
}
/**
 * The dispatch, checked where it is taken (a source till, or head office for a location without a till): against
 * the source's side of the transfer only. What the destination already recorded (a receipt that reached the server
 * first) never stops the dispatch from being recorded, since the goods left; what stops it is the source's own
 * side: a dispatch already recorded (the transfer is sent), or a cancellation before anything moved. A cancelled
 * transfer whose goods arrived all the same did leave, so its dispatch is recorded too.
 */
export function assertDispatchable(t: TransferRecord): void {
  const sourceSide = transferStatus({ ...t, receipts: [], resolutions: [] });
  if (sourceSide === 'cancelled' && t.receipts.length > 0) return;
  assertStep(sourceSide, 'dispatch');
}

function stepPast(step: Step): string {
  return step === 'approve' ? 'approved' : step === 'cancel' ? 'cancelled' : step === 'dispatch' ? 'sent' : 'closed';
}

/** The dispatch's movements: each line leaves the source's shelf and is in transit at the destination. */
export function dispatchMovements(ends: TransferEnds, lines: readonly DispatchLine[]): PlacedMovement[] {
  return lines.flatMap((line) => {
    const qty = assertPositiveMilli(line.qty, 'dispatched quantity');
    return [
      { locationId: ends.sourceId, productId: line.productId, movement: { kind: 'TRANSFER_OUT', qty, leg: 'source' } },
      { locationId: ends.destinationId, productId: line.productId, movement: { kind: 'TRANSFER_OUT', qty, leg: 'destination' } },
    ];
  });
}

/**
 * The receipt's movements at the destination: all that arrived leaves in transit for the shelf (TRANSFER_IN), and
 * the damaged part of it goes into quarantine. Written in full even before the dispatch is known: in transit may
 * go negative until it is (the module comment says why).
 */
export function receiptMovements(destinationId: string, lines: readonly ReceiptLine[]): PlacedMovement[] {
  return lines.flatMap((line) => {
    const arrived = arrivedQty(line);
    const out: PlacedMovement[] = [];
    if (arrived > 0) out.push({ locationId: destinationId, productId: line.productId, movement: { kind: 'TRANSFER_IN', qty: arrived } });
    if (line.damaged > 0) out.push({ locationId: destinationId, productId: line.productId, movement: { kind: 'QUARANTINE', qty: line.damaged } });
    return out;
  });
}

function arrivedQty(line: ReceiptLine): Milli {
  const received = assertMilli(line.received, 'received quantity');
  const damaged = assertMilli(line.damaged, 'damaged quantity');
  if (received < 0 || damaged < 0) throw new DomainError('INVALID_QUANTITY', 'a received quantity cannot be negative', { productId: line.productId });
  return assertMilli(received + damaged);
}

/**
 * Checks a receipt against what the receiving side knows was sent (null when it has not seen the dispatch): a
 * line accepting more than was sent must say so, and a product that was not sent must say so too.
 */
export function assertReceipt(sent: readonly DispatchLine[] | null, lines: readonly ReceiptLine[]): void {
  if (lines.length === 0) throw new DomainError('INVALID_INPUT', 'a receipt needs at least one line');
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.productId)) throw new DomainError('INVALID_INPUT', `the receipt names product ${line.productId} twice`, { productId: line.productId });
    seen.add(line.productId);
    const arrived = arrivedQty(line);
    if (sent === null) continue;
    const sentQty = sent.find((s) => s.productId === line.productId)?.qty ?? 0;
    if (arrived > sentQty && line.over === undefined) {
      throw new DomainError('INVALID_QUANTITY', `more arrived than was sent (${arrived} against ${sentQty}): say why to accept it`, {
        productId: line.productId,
        sent: sentQty,
        arrived,
      });
    }
  }
}

/** Per product, what was sent against what arrived; only lines that differ. */
export function discrepancies(sent: readonly DispatchLine[], received: readonly ReceiptLine[]): LineDiscrepancy[] {
  const products = new Set([...sent.map((l) => l.productId), ...received.map((l) => l.productId)]);
  const out: LineDiscrepancy[] = [];
  for (const productId of [...products].sort()) {
    const s = sent.filter((l) => l.productId === productId).reduce((a, l) => a + l.qty, 0);
    const r = received.filter((l) => l.productId === productId);
    const good = r.reduce((a, l) => a + l.received, 0);
    const damaged = r.reduce((a, l) => a + l.damaged, 0);
    const arrived = good + damaged;
    if (arrived === s && damaged === 0) continue;
    out.push({ productId, sent: s, received: good, damaged, short: Math.max(0, s - arrived), over: Math.max(0, arrived - s) });
  }
  return out;
}

/** The movements of a resolution (see Resolution). */
export function resolutionMovements(ends: TransferEnds, resolution: Resolution): PlacedMovement[] {
  const qty = assertPositiveMilli(resolution.qty, 'resolved quantity');
  const { productId } = resolution;
  const inTransitDown: PlacedMovement = {
    locationId: ends.destinationId,
    productId,
    movement: { kind: 'REVERSAL', qty, reverses: 'TRANSFER_OUT', leg: 'destination' },
  };
  switch (resolution.kind) {
    case 'write_off':
      return [inTransitDown];
    case 'found':
      return [{ locationId: ends.destinationId, productId, movement: { kind: 'TRANSFER_OUT', qty, leg: 'destination' } }];
    case 'return_to_source':
      return [inTransitDown, { locationId: ends.sourceId, productId, movement: { kind: 'REVERSAL', qty, reverses: 'TRANSFER_OUT', leg: 'source' } }];
    case 'complete_dispatch':
      return dispatchMovements(ends, [{ productId, qty }]);
  }
}

/** Everything the server knows of a transfer, in whatever order it learnt it. */
export interface TransferRecord {
  approved: boolean;
  cancelled: boolean;
  closed: boolean;
  dispatches: readonly (readonly DispatchLine[])[];
  receipts: readonly (readonly ReceiptLine[])[];
  resolutions: readonly Resolution[];
}

/**
 * The transfer's status, from what has been recorded, whatever order it arrived in. A resolution settles part
 * of a difference: write-offs and returns settle a shortfall, a completed dispatch settles an excess.
 */
export function transferStatus(t: TransferRecord): TransferStatus {
  const sent = t.dispatches.length > 0;
  const received = t.receipts.length > 0;
  if (t.cancelled && !sent && !received) return 'cancelled';
  if (!sent && !received) return t.approved ? 'approved' : 'requested';
  if (!sent) return 'received_unsent';
  if (!received) return 'sent';
  return openDifferences(t).length > 0 ? 'discrepancy' : t.closed ? 'closed' : 'received';
}

/**
 * What is still unexplained per product once resolutions are counted. Per product the net still on the road is
 * sent + completed dispatches + found − arrived (good and damaged) − written off − returned to the source: above
 * zero it is short (sent, never arrived or settled), below zero over (arrived, never sent or settled). Counting it
 * as one net keeps every order of events settleable: a box that arrives after its units were written off shows as
 * an excess that `found` settles, never as a negative shortfall nothing can settle.
 */
export function openDifferences(t: TransferRecord): Array<{ productId: string; short: Milli; over: Milli }> {
  const net = new Map<string, number>();
  const add = (productId: string, qty: number): void => {
    net.set(productId, (net.get(productId) ?? 0) + qty);
  };
  for (const l of t.dispatches.flat()) add(l.productId, l.qty);
  for (const l of t.receipts.flat()) add(l.productId, -(l.received + l.damaged));
  for (const r of t.resolutions) add(r.productId, r.kind === 'complete_dispatch' || r.kind === 'found' ? r.qty : -r.qty);
  const out: Array<{ productId: string; short: Milli; over: Milli }> = [];
  for (const productId of [...net.keys()].sort()) {
    const n = net.get(productId) ?? 0;
    if (n !== 0) out.push({ productId, short: Math.max(0, n), over: Math.max(0, -n) });
  }
  return out;
}

/**
 * Whether a resolution fits what is open: a write-off or a return settles at most the open shortfall, a completed
 * dispatch at most the open excess, and `found` at most the open excess and at most what was written off before.
 * Returns the reason it does not, or null.
 */
export function resolutionMisfit(t: TransferRecord, r: Resolution): string | null {
  const open = openDifferences(t).find((d) => d.productId === r.productId) ?? { short: 0, over: 0 };
  if (r.kind === 'write_off' || r.kind === 'return_to_source') {
    return r.qty > open.short ? `only ${open.short} is still short of product ${r.productId}` : null;
  }
  if (r.qty > open.over) return `only ${open.over} is still over for product ${r.productId}`;
  if (r.kind === 'found') {
    const writtenOff = t.resolutions.filter((x) => x.productId === r.productId).reduce((a, x) => a + (x.kind === 'write_off' ? x.qty : x.kind === 'found' ? -x.qty : 0), 0);
    if (r.qty > writtenOff) return `only ${writtenOff} of product ${r.productId} was written off`;
  }
  return null;
}
