import type { Operation } from '../../../shared/ops/operations';
import type { CountPosition } from '../../../shared/sync/stocktake';
import { countMoment } from '../../../shared/sync/stocktake';
import { trustedTimes } from '../../../shared/sync/trusted-time';
import type { PreparedOp } from './types';

/**
 * The trusted time of each op of a chunk, by seq: the till's claims clamped by what the server has seen
 * (shared/sync/trusted-time.ts), starting from the till's last trusted time.
 */
export function orderOps(ops: readonly PreparedOp[], floor: Date | null, receivedAt: Date): Map<number, Date> {
  const times = trustedTimes(ops.map((p) => new Date(p.raw.occurredAt)), floor, receivedAt);
  return new Map(ops.map((p, i) => [p.raw.seq, times[i] ?? receivedAt]));
}

/**
 * Where a count stood: the snapshot it carries (or, for a count without one, its own commit), with the trusted
 * moment of that snapshot. Null when the snapshot claims ops the till had not yet made.
 */
export function countPositionOf(
  op: Extract<Operation, { type: 'stocktake' }>,
  orderedAt: ReadonlyMap<number, Date>,
  enrolledAt: Date | null,
): CountPosition | null {
  const committedAt = orderedAt.get(op.seq) ?? new Date(op.occurredAt);
  const snapshot = op.payload.snapshot ?? { tillSeq: op.seq - 1, cursor: null, at: op.occurredAt };
  if (snapshot.tillSeq >= op.seq) return null;
  const floor = snapshot.tillSeq === 0 ? enrolledAt : (orderedAt.get(snapshot.tillSeq) ?? null);
  return {
    terminalId: op.tillId,
    tillSeq: snapshot.tillSeq,
    cursor: snapshot.cursor === null ? null : Number(snapshot.cursor),
    countedAt: countMoment(new Date(snapshot.at), floor, committedAt),
  };
}

/** The seqs of stored ops whose trusted time the chunk's counts need (their snapshot's last op). */
export function snapshotSeqsOf(ops: readonly PreparedOp[]): number[] {
  return ops.flatMap((p) => (p.op?.type === 'stocktake' && p.op.payload.snapshot !== undefined ? [p.op.payload.snapshot.tillSeq] : []));
}
