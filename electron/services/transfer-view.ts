import type { TransferView } from '../../shared/api/branch-api';
import {
  openDifferences,
  transferStatus,
  type DispatchLine,
  type ReceiptLine,
  type Resolution,
  type TransferRecord,
  type TransferStatus,
} from '../../shared/domain/transfer';
import { transferLabel } from '../../shared/scan/transfer-code';
import type { EventLineRow, HistoryRow, ServerLineRow, ServerResolutionRow, TransferEventRow, TransferHeaderRow } from '../store/transfers-repo';

/**
 * What this till knows of a transfer: the server's word (as the last pull brought it) with this till's own steps
 * that the word does not include yet laid on top, so the status a manager sees, and the checks the next step
 * passes, include what was just done offline. The overlay is computed with the shared rules
 * (shared/domain/transfer.ts), never by hand: the server computes its status with the same ones.
 */
export interface TransferSnapshot {
  header: TransferHeaderRow;
  serverLines: readonly ServerLineRow[];
  serverResolutions: readonly ServerResolutionRow[];
  serverHistory: readonly HistoryRow[];
  events: readonly TransferEventRow[];
  eventLines: readonly EventLineRow[];
}

export interface KnownLine {
  productId: string;
  requested: number;
  sent: number;
  received: number;
  damaged: number;
  short: number;
  over: number;
  /** written off and not found since (what `found` may take back) */
  writtenOff: number;
}

export interface KnownTransfer {
  id: string;
  sourceId: string;
  destinationId: string;
  status: TransferStatus;
  lines: KnownLine[];
  /** the transfer as the shared rules read it */
  record: TransferRecord;
  sentAt: string | null;
  receivedAt: string | null;
  /** steps of this till the server has not acknowledged yet */
  pending: boolean;
  history: Array<{ step: string; byName: string; at: string; note: string | null }>;
}

/** Statuses that say a dispatch and a receipt were recorded at the server, whatever its lines hold. */
const DISPATCHED: ReadonlySet<TransferStatus> = new Set(['sent', 'discrepancy', 'received', 'closed']);
const RECEIVED: ReadonlySet<TransferStatus> = new Set(['received_unsent', 'discrepancy', 'received', 'closed']);

/** A step of this till still to lay on top: the server's word does not include it yet, and it did not refuse it. */
function isLive(e: TransferEventRow): boolean {
  return e.folded === 0 && e.op_status !== 'rejected';
}

export function knownTransfer(s: TransferSnapshot): KnownTransfer {
  const { header } = s;
  const server = header.server_status;
  const live = s.events.filter(isLive);
  const linesOf = (eventId: string): EventLineRow[] => s.eventLines.filter((l) => l.event_id === eventId);
  const liveOf = (kind: TransferEventRow['kind']): TransferEventRow[] => live.filter((e) => e.kind === kind);

  const serverSent: DispatchLine[] = s.serverLines.filter((l) => l.sent !== 0).map((l) => ({ productId: l.product_id, qty: l.sent }));
  const serverReceived: ReceiptLine[] = s.serverLines
    .filter((l) => l.received !== 0 || l.damaged !== 0)
    .map((l) => ({ productId: l.product_id, received: l.received, damaged: l.damaged }));
  const localDispatches = liveOf('dispatch').map((e) => linesOf(e.id).map((l) => ({ productId: l.product_id, qty: l.qty })));
  const localReceipts = liveOf('receive').map((e) => linesOf(e.id).map((l) => ({ productId: l.product_id, received: l.qty, damaged: l.damaged })));
  const localResolutions = liveOf('resolve').flatMap((e) =>
    linesOf(e.id).map((l): Resolution => ({ kind: e.resolution ?? 'write_off', productId: l.product_id, qty: l.qty })),
  );

  const record: TransferRecord = {
    approved: (server !== null && server !== 'requested') || liveOf('approve').length > 0,
    cancelled: server === 'cancelled' || liveOf('cancel').length > 0,
    closed: server === 'closed' || liveOf('close').length > 0,
    dispatches: [...(server !== null && (serverSent.length > 0 || DISPATCHED.has(server)) ? [serverSent] : []), ...localDispatches],
    receipts: [...(server !== null && (serverReceived.length > 0 || RECEIVED.has(server)) ? [serverReceived] : []), ...localReceipts],
    resolutions: [...s.serverResolutions.map((r): Resolution => ({ kind: r.kind, productId: r.product_id, qty: r.qty })), ...localResolutions],
  };
  // The server's word as it is when nothing of this till is on top: its status and differences are its own.
  const serverOnly = server !== null && live.length === 0;
  const status = serverOnly ? server : transferStatus(record);

  const lines = new Map<string, KnownLine>();
  const line = (productId: string): KnownLine => {
    let l = lines.get(productId);
    if (l === undefined) lines.set(productId, (l = { productId, requested: 0, sent: 0, received: 0, damaged: 0, short: 0, over: 0, writtenOff: 0 }));
    return l;
  };
  if (server !== null) {
    for (const l of s.serverLines) {
      const known = line(l.product_id);
      known.requested += l.requested;
      known.sent += l.sent;
      known.received += l.received;
      known.damaged += l.damaged;
      if (serverOnly) {
        known.short += l.short;
        known.over += l.over;
      }
    }
  } else {
    for (const e of liveOf('request')) for (const l of linesOf(e.id)) line(l.product_id).requested += l.qty;
  }
  for (const d of localDispatches) for (const l of d) line(l.productId).sent += l.qty;
  for (const r of localReceipts) {
    for (const l of r) {
      line(l.productId).received += l.received;
      line(l.productId).damaged += l.damaged;
    }
  }
  for (const r of record.resolutions) {
    if (r.kind === 'write_off') line(r.productId).writtenOff += r.qty;
    else if (r.kind === 'found') line(r.productId).writtenOff -= r.qty;
  }
  if (!serverOnly) {
    for (const d of openDifferences(record)) {
      line(d.productId).short = d.short;
      line(d.productId).over = d.over;
    }
  }

  const firstLocal = (kind: TransferEventRow['kind']): string | null => liveOf(kind)[0]?.occurred_at ?? null;
  return {
    id: header.id,
    sourceId: header.source_id,
    destinationId: header.destination_id,
    status,
    lines: [...lines.values()],
    record,
    sentAt: header.sent_at ?? firstLocal('dispatch'),
    receivedAt: header.received_at ?? firstLocal('receive'),
    pending: s.events.some((e) => e.op_state === 'pending'),
    history: [
      ...s.serverHistory.map((h) => ({ step: h.step, byName: h.by_name, at: h.at, note: h.note })),
      // This till's steps the server's history does not hold yet; a refused one, never in it, says so with the reason.
      ...s.events
        .filter((e) => e.folded === 0 || e.op_status === 'rejected')
        .map((e) => ({
          step: e.kind,
          byName: e.by_name,
          at: e.occurred_at,
          note: e.op_status === 'rejected' ? `refused by the server: ${e.op_reason ?? 'no reason given'}` : e.note,
        })),
    ],
  };
}

/**
 * What is still on its way per product, with the resolutions counted (openDifferences(): the open shortfall): a
 * receipt is checked against this (assertReceipt), so a box arriving after its units were written off or returned
 * is more than is still open and must say why (`over`); `found` then settles it. Null when this till has not seen
 * the dispatch (nothing to check against).
 */
export function stillToArrive(known: KnownTransfer): DispatchLine[] | null {
  if (known.record.dispatches.length === 0) return null;
  return openDifferences(known.record)
    .filter((d) => d.short > 0)
    .map((d) => ({ productId: d.productId, qty: d.short }));
}

export interface ViewNames {
  storeId: string;
  locationName: (id: string) => string;
  product: (id: string) => { sku: string; name: string; unit: string } | undefined;
}

export function transferViewOf(known: KnownTransfer, header: TransferHeaderRow, names: ViewNames): TransferView {
  const lines = known.lines
    .map((l) => {
      const p = names.product(l.productId);
      return {
        productId: l.productId,
        sku: p?.sku ?? '',
        name: p?.name ?? l.productId,
        unit: p?.unit ?? 'each',
        requested: l.requested,
        sent: l.sent,
        received: l.received,
        damaged: l.damaged,
        short: l.short,
        over: l.over,
        writtenOff: Math.max(0, l.writtenOff),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.productId.localeCompare(b.productId));
  return {
    id: known.id,
    label: transferLabel(known.id),
    direction: known.sourceId === names.storeId ? 'outgoing' : 'incoming',
    source: { id: known.sourceId, name: names.locationName(known.sourceId) },
    destination: { id: known.destinationId, name: names.locationName(known.destinationId) },
    status: known.status,
    lines,
    note: header.note,
    createdByName: header.created_by_name,
    createdAt: header.created_at,
    sentAt: known.sentAt,
    receivedAt: known.receivedAt,
    pending: known.pending,
    history: known.history,
  };
}
