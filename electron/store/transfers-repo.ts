import type { ResolutionKind, TransferStatus } from '../../shared/domain/transfer';
import type { Location } from '../../shared/domain/schemas';
import type { SyncTransfer } from '../../shared/sync/protocol';
import type { TillStore } from './database';

/**
 * Transfers as this till knows them (migrations 0009, 0012): the server's word, replaced whenever a pull brings a
 * transfer, and this till's own steps, each with its op, laid on top until the server's word includes them.
 */

export interface TransferHeaderRow {
  id: string;
  source_id: string;
  destination_id: string;
  /** null until a pull brings the transfer */
  server_status: TransferStatus | null;
  note: string | null;
  created_by_name: string;
  created_at: string;
  sent_at: string | null;
  received_at: string | null;
}

export interface ServerLineRow {
  product_id: string;
  requested: number;
  sent: number;
  received: number;
  damaged: number;
  short: number;
  over: number;
}

export interface ServerResolutionRow {
  kind: ResolutionKind;
  product_id: string;
  qty: number;
}

export interface HistoryRow {
  step: string;
  by_name: string;
  at: string;
  note: string | null;
}

export type TransferEventKind = 'request' | 'approve' | 'cancel' | 'close' | 'dispatch' | 'receive' | 'resolve';

export interface TransferEventRow {
  id: string;
  transfer_id: string;
  kind: TransferEventKind;
  op_seq: number;
  by_name: string;
  occurred_at: string;
  note: string | null;
  resolution: ServerResolutionRow['kind'] | null;
  folded: number;
  /** the op's sync state: 'pending' until the server acknowledged it */
  op_state: 'pending' | 'acknowledged';
  /** the server's verdict on the op, once known ('accepted', 'rejected'...) */
  op_status: string | null;
  op_reason: string | null;
}

export interface EventLineRow {
  event_id: string;
  product_id: string;
  qty: number;
  damaged: number;
  over_reason: string | null;
  note: string | null;
}

export function transferHeader(store: TillStore, transferId: string): TransferHeaderRow | undefined {
  return store
    .stmt<[string], TransferHeaderRow>(
      'SELECT id, source_id, destination_id, server_status, note, created_by_name, created_at, sent_at, received_at FROM transfers WHERE id = ?',
    )
    .get(transferId);
}

/** The header of a transfer this till starts (a request, or a dispatch or receipt of a transfer it never saw). */
export function insertTransferHeader(
  store: TillStore,
  h: { id: string; sourceId: string; destinationId: string; note: string | null; createdByName: string; createdAt: string },
): void {
  store
    .stmt('INSERT INTO transfers (id, source_id, destination_id, note, created_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(h.id, h.sourceId, h.destinationId, h.note, h.createdByName, h.createdAt);
}

export function serverTransferLines(store: TillStore, transferId: string): ServerLineRow[] {
  return store
    .stmt<[string], ServerLineRow>('SELECT product_id, requested, sent, received, damaged, short, over FROM transfer_lines WHERE transfer_id = ? ORDER BY product_id')
    .all(transferId);
}

export function serverResolutions(store: TillStore, transferId: string): ServerResolutionRow[] {
  return store.stmt<[string], ServerResolutionRow>('SELECT kind, product_id, qty FROM transfer_resolutions WHERE transfer_id = ? ORDER BY n').all(transferId);
}

export function serverHistory(store: TillStore, transferId: string): HistoryRow[] {
  return store.stmt<[string], HistoryRow>('SELECT step, by_name, at, note FROM transfer_history WHERE transfer_id = ? ORDER BY n').all(transferId);
}

/** This till's steps of a transfer in the order it took them, with their op's sync state and the server's verdict. */
export function transferEvents(store: TillStore, transferId: string): TransferEventRow[] {
  return store
    .stmt<[string], TransferEventRow>(
      `SELECT e.id, e.transfer_id, e.kind, e.op_seq, coalesce(u.name, 'unknown') AS by_name, e.occurred_at, e.note, e.resolution, e.folded,
              o.state AS op_state, json_extract(o.result, '$.status') AS op_status, json_extract(o.result, '$.reason') AS op_reason
         FROM transfer_events e JOIN ops o ON o.seq = e.op_seq LEFT JOIN users u ON u.id = e.user_id
        WHERE e.transfer_id = ? ORDER BY e.op_seq`,
    )
    .all(transferId);
}

export function transferEventLines(store: TillStore, transferId: string): EventLineRow[] {
  return store
    .stmt<[string], EventLineRow>(
      `SELECT l.event_id, l.product_id, l.qty, l.damaged, l.over_reason, l.note
         FROM transfer_event_lines l JOIN transfer_events e ON e.id = l.event_id WHERE e.transfer_id = ? ORDER BY e.op_seq, l.product_id`,
    )
    .all(transferId);
}

export interface NewTransferEvent {
  id: string;
  transferId: string;
  kind: TransferEventKind;
  opSeq: number;
  userId: string;
  occurredAt: string;
  note: string | null;
  resolution: ServerResolutionRow['kind'] | null;
  requestFingerprint: string;
  lines: ReadonlyArray<{ productId: string; qty: number; damaged?: number; overReason?: string; note?: string }>;
}

/** Records one of this till's steps with its lines, in the caller's transaction (with its op). */
export function insertTransferEvent(store: TillStore, e: NewTransferEvent): void {
  store
    .stmt(
      `INSERT INTO transfer_events (id, transfer_id, kind, op_seq, user_id, occurred_at, note, resolution, request_fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(e.id, e.transferId, e.kind, e.opSeq, e.userId, e.occurredAt, e.note, e.resolution, e.requestFingerprint);
  const addLine = store.stmt('INSERT INTO transfer_event_lines (event_id, product_id, qty, damaged, over_reason, note) VALUES (?, ?, ?, ?, ?, ?)');
  for (const l of e.lines) addLine.run(e.id, l.productId, l.qty, l.damaged ?? 0, l.overReason ?? null, l.note ?? null);
}

/** A step already recorded under this document id: what it was and the fingerprint of the request that made it. */
export function transferEventById(store: TillStore, id: string): { kind: TransferEventKind; transfer_id: string; request_fingerprint: string } | undefined {
  return store
    .stmt<[string], { kind: TransferEventKind; transfer_id: string; request_fingerprint: string }>(
      'SELECT kind, transfer_id, request_fingerprint FROM transfer_events WHERE id = ?',
    )
    .get(id);
}

/**
 * Transfers from or to `storeId`, newest first. `open` leaves out those the server says are cancelled or closed,
 * unless this till has steps on them the server's word does not include yet (the caller decides on those).
 */
export function transferIds(store: TillStore, storeId: string, open: boolean, limit: number): string[] {
  const where = open
    ? `AND (coalesce(t.server_status, '') NOT IN ('cancelled', 'closed')
            OR EXISTS (SELECT 1 FROM transfer_events e WHERE e.transfer_id = t.id AND e.folded = 0))`
    : '';
  return store
    .stmt<[string, string, number], string>(
      `SELECT t.id FROM transfers t WHERE (t.source_id = ? OR t.destination_id = ?) ${where} ORDER BY t.created_at DESC, t.id DESC LIMIT ?`,
    )
    .pluck()
    .all(storeId, storeId, limit);
}

/**
 * Stores the server's word on a transfer, replacing what the till held of it, and marks this till's steps whose
 * ops the server has acknowledged as included in it (`folded`): the pull that brings a transfer is read after
 * every op it acknowledges was applied, so the server's record holds them. Runs in the pull's transaction, after
 * its op results.
 */
export function upsertPulledTransfer(store: TillStore, t: SyncTransfer): void {
  store
    .stmt(
      `INSERT INTO transfers (id, source_id, destination_id, server_status, note, created_by_name, created_at, sent_at, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET source_id = excluded.source_id, destination_id = excluded.destination_id,
         server_status = excluded.server_status, note = excluded.note, created_by_name = excluded.created_by_name,
         created_at = excluded.created_at, sent_at = excluded.sent_at, received_at = excluded.received_at`,
    )
    .run(t.id, t.sourceId, t.destinationId, t.status, t.note, t.createdByName, t.createdAt, t.sentAt, t.receivedAt);

  for (const table of ['transfer_lines', 'transfer_resolutions', 'transfer_history']) {
    store.stmt(`DELETE FROM ${table} WHERE transfer_id = ?`).run(t.id);
  }
  const lines = new Map<string, ServerLineRow>();
  const line = (productId: string): ServerLineRow => {
    let row = lines.get(productId);
    if (row === undefined) lines.set(productId, (row = { product_id: productId, requested: 0, sent: 0, received: 0, damaged: 0, short: 0, over: 0 }));
    return row;
  };
  for (const r of t.requested) line(r.productId).requested += r.qty;
  for (const s of t.sent) line(s.productId).sent += s.qty;
  for (const r of t.received) {
    line(r.productId).received += r.received;
    line(r.productId).damaged += r.damaged;
  }
  for (const d of t.differences) {
    line(d.productId).short += d.short;
    line(d.productId).over += d.over;
  }
  const addLine = store.stmt(
    'INSERT INTO transfer_lines (transfer_id, product_id, requested, sent, received, damaged, short, over) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const l of lines.values()) addLine.run(t.id, l.product_id, l.requested, l.sent, l.received, l.damaged, l.short, l.over);
  const addResolution = store.stmt(
    'INSERT INTO transfer_resolutions (transfer_id, n, kind, product_id, qty, reason, by_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  t.resolutions.forEach((r, i) => addResolution.run(t.id, i + 1, r.kind, r.productId, r.qty, r.reason, r.byName, r.at));
  const addHistory = store.stmt('INSERT INTO transfer_history (transfer_id, n, step, by_name, at, note) VALUES (?, ?, ?, ?, ?, ?)');
  t.history.forEach((h, i) => addHistory.run(t.id, i + 1, h.step, h.byName, h.at, h.note));

  store
    .stmt(
      `UPDATE transfer_events SET folded = 1
        WHERE transfer_id = ? AND folded = 0 AND op_seq IN (SELECT seq FROM ops WHERE state = 'acknowledged')`,
    )
    .run(t.id);
}

export interface LocationRow {
  id: string;
  name: string;
  kind: Location['kind'];
}

/** Every location of the tenant the till knows (from its pulls), by name. */
export function locationRows(store: TillStore): LocationRow[] {
  return store.stmt<[], LocationRow>('SELECT id, name, kind FROM locations ORDER BY name, id').all();
}

export function locationRow(store: TillStore, locationId: string): LocationRow | undefined {
  return store.stmt<[string], LocationRow>('SELECT id, name, kind FROM locations WHERE id = ?').get(locationId);
}

/** Names, SKUs and units of the products a transfer names; products this till does not know are absent. */
export function productLabels(store: TillStore, productIds: readonly string[]): Map<string, { sku: string; name: string; unit: string }> {
  const out = new Map<string, { sku: string; name: string; unit: string }>();
  const read = store.stmt<[string], { sku: string; name: string; unit: string }>('SELECT sku, name, unit FROM products WHERE id = ?');
  for (const id of new Set(productIds)) {
    const row = read.get(id);
    if (row !== undefined) out.set(id, row);
  }
  return out;
}
