import type { Milli } from '../../shared/domain/quantity';
import { openDifferences } from '../../shared/domain/transfer';
import type { SyncTransfer } from '../../shared/sync/protocol';
import type { StoredTransfer } from '../db/transfers-repo';
import { recordOf } from './plan/transfers';

/**
 * A transfer as the tills at both ends and head office see it (shared/sync/protocol.ts syncTransferSchema): what
 * was asked for, sent and received summed per product over every event, what is still unexplained after
 * resolutions (openDifferences()), and every event in the order the server recorded it, with who and when.
 */
export function transferView(t: StoredTransfer): SyncTransfer {
  const { state, events } = t;
  const sum = (kind: 'request' | 'dispatch'): Array<{ productId: string; qty: Milli }> => {
    const by = new Map<string, Milli>();
    for (const e of events) if (e.kind === kind) for (const l of e.lines) by.set(l.productId, (by.get(l.productId) ?? 0) + l.qty);
    return [...by].sort(([a], [b]) => (a < b ? -1 : 1)).map(([productId, qty]) => ({ productId, qty }));
  };
  const received = new Map<string, { received: Milli; damaged: Milli }>();
  for (const e of events) {
    if (e.kind !== 'receive') continue;
    for (const l of e.lines) {
      const r = received.get(l.productId) ?? { received: 0, damaged: 0 };
      received.set(l.productId, { received: r.received + l.qty, damaged: r.damaged + l.damaged });
    }
  }
  return {
    id: state.id,
    sourceId: state.sourceId,
    destinationId: state.destinationId,
    status: state.status,
    requested: sum('request'),
    sent: sum('dispatch'),
    received: [...received].sort(([a], [b]) => (a < b ? -1 : 1)).map(([productId, r]) => ({ productId, ...r })),
    differences: openDifferences(recordOf(state)),
    resolutions: events.flatMap((e) => {
      const line = e.lines[0];
      return e.kind === 'resolve' && e.resolution !== null && line !== undefined
        ? [{ kind: e.resolution, productId: line.productId, qty: line.qty, reason: e.note ?? '', byName: e.byName, at: e.at.toISOString() }]
        : [];
    }),
    note: state.note,
    createdByName: t.createdByName,
    createdAt: state.createdAt.toISOString(),
    sentAt: state.sentAt?.toISOString() ?? null,
    receivedAt: state.receivedAt?.toISOString() ?? null,
    history: events.map((e) => ({ step: e.kind, byName: e.byName, at: e.at.toISOString(), note: e.note })),
  };
}
