import type { Movement } from '../../../shared/domain/movement';
import type { MovementCause } from '../../../shared/domain/movement-cause';
import type { Operation } from '../../../shared/ops/operations';
import type { LedgerWrite } from '../../../shared/policy/conflict-policy';
import { decideLedgerWrite } from '../../../shared/policy/conflict-policy';
import { precedesCount } from '../../../shared/sync/stocktake';
import type { LevelBook, MovementMeta } from './level-book';

/** Whatever writes movements, as each of them names it: a replayed op, or head office acting at the server. */
export interface MovementSource {
  /** the trusted time of the change: stock is ordered by it */
  occurredAt: Date;
  meta(lineId: string | null, note: string | null): MovementMeta;
}

/** The op being replayed, as every movement it writes names it. */
export interface Replaying extends MovementSource {
  op: Operation;
  /** the pushing till's store (from its credentials): where the op's own stock moves */
  storeId: string;
  /** its trusted time: stock is ordered by it, the till's claim stays in the op record */
  occurredAt: Date;
  cause: MovementCause;
}

export function replaying(op: Operation, storeId: string, occurredAt: Date): Replaying {
  const cause: MovementCause = { kind: 'op', opId: op.id };
  return { op, storeId, occurredAt, cause, meta: (lineId, note) => ({ cause, opId: op.id, seq: op.seq, lineId, userId: op.userId, occurredAt, note }) };
}

export function metaOf(r: Replaying, lineId: string | null, note: string | null): MovementMeta {
  return r.meta(lineId, note);
}

export interface LineMove {
  movement: Movement;
  write: LedgerWrite;
  note: string | null;
}

/**
 * Writes the movements of one line of an op. When the change happened before the shelf's latest applied count
 * but reaches the server after it, the count already saw it (shared/sync/stocktake.ts): the system adds an
 * offsetting ADJUST so the level stays where the count put it. The offset is the system's bookkeeping, not the
 * op's: its cause is `count_offset` with the count's op id (movement-cause.ts), and it still names the op of the
 * change it offsets, so the two are ordered alike wherever a later count asks what moved after it.
 */
export function writeLine(book: LevelBook, r: Replaying, lineId: string | null, productId: string, moves: readonly LineMove[]): void {
  writeLineAt(book, r, r.storeId, lineId, productId, moves);
}

/**
 * writeLine() at any location of the tenant (a transfer's other end): a count there is that shelf's truth in the
 * same way, whichever till took it.
 */
export function writeLineAt(book: LevelBook, r: MovementSource, locationId: string, lineId: string | null, productId: string, moves: readonly LineMove[]): void {
  let net = 0;
  for (const m of moves) net += book.write(locationId, productId, m.movement, m.write, r.meta(lineId, m.note)).delta.onHand;
  const { countedAt, countedBy } = book.level(locationId, productId).after;
  if (net === 0 || countedAt === null || !precedesCount(r.occurredAt, countedAt)) return;
  book.write(locationId, productId, { kind: 'ADJUST', qty: -net }, decideLedgerWrite({ kind: 'count_offset' }), {
    ...r.meta(lineId, `already included in the count taken at ${countedAt.toISOString()}`),
    // A level counted before counts were named knows only when: that moment is then the reference.
    cause: { kind: 'count_offset', ref: countedBy ?? `count taken at ${countedAt.toISOString()}` },
  });
}
