import { DomainError } from '../../shared/domain/errors';
import type { OpResult } from '../../shared/sync/protocol';
import { addDelta, EMPTY_LEVEL, movementRule, type Level } from '../../shared/domain/movement';
import { applyMovement, movementFromRow, opCause, readLevel, type TillStore } from '../store';
import { movementsOfOp } from '../store/ledger';
import { acknowledgeOpsThrough, opIdAndResult, storeOpResult } from '../store/outbox';
import { markSaleLineReversed, saleIdOfOp, setSaleStatus } from '../store/sales-repo';
import { correctionsFor } from './rebase';
import { applyReservationResult } from './reservation-sync';
import { applyRatePostResult } from './rate-sync';

/*
 * Applies the server's results for this till's ops to the local ledger: each result takes its op out of the queue,
 * and where the server's verdict changed the stock (a sale line reversed under the conflict policy, an op rejected
 * whole) the till writes the same correcting movements, caused by that op, so its levels follow head office's.
 */

/**
 * Records the server's final word on one of this till's ops, from a push answer or a pull: the op is
 * acknowledged (never sent again) and keeps its result. Results are final on the server, so writing one twice
 * writes the same thing. Runs inside the caller's transaction.
 */
export function recordOpResult(store: TillStore, result: OpResult, ackAt: string): void {
  const row = opIdAndResult(store, result.seq);
  if (row === undefined) {
    throw new DomainError('INTERNAL', `the server holds a result for op #${result.seq}, which this till never wrote`, { seq: result.seq });
  }
  if (row.id !== result.opId) {
    throw new DomainError('INTERNAL', `the server's op #${result.seq} is ${result.opId}, this till's is ${row.id}: the histories differ`, {
      seq: result.seq,
    });
  }
  const stored: OpResult = {
    opId: result.opId,
    seq: result.seq,
    type: result.type,
    status: result.status,
    code: result.code,
    reason: result.reason,
    lines: result.lines,
    clockSkew: result.clockSkew,
    receivedAt: result.receivedAt,
  };
  storeOpResult(store, result.seq, JSON.stringify(stored), ackAt);
  applySaleReversals(store, result);
  if (result.status === 'rejected' && row.result === null) undoRejectedOp(store, result.seq, result.receivedAt);
  applyReservationResult(store, result);
  applyRatePostResult(store, result);
}

/**
 * The server recorded a rejected op and nothing else: none of its stock effects exist at head office. The till
 * takes them back with correcting movements tied to the op, so its levels do not stay apart from the server's
 * until the next time those levels happen to change there. Runs once, when the result first arrives.
 */
function undoRejectedOp(store: TillStore, seq: number, occurredAt: string): void {
  const rows = movementsOfOp(store, seq);
  const effects = new Map<string, { productId: string; locationId: string; delta: Level }>();
  for (const r of rows) {
    const key = `${r.product_id}|${r.location_id}`;
    const prior = effects.get(key)?.delta ?? EMPTY_LEVEL;
    effects.set(key, { productId: r.product_id, locationId: r.location_id, delta: addDelta(prior, movementRule(movementFromRow(r)).delta) });
  }
  for (const { productId, locationId, delta } of effects.values()) {
    const current = readLevel(store, productId, locationId) ?? EMPTY_LEVEL;
    const target = addDelta(current, { onHand: -delta.onHand, reserved: -delta.reserved, inTransit: -delta.inTransit, quarantined: -delta.quarantined });
    for (const movement of correctionsFor(current, target)) {
      applyMovement(store, { productId, locationId, movement, cause: opCause(seq), occurredAt, unguarded: true });
    }
  }
}

/**
 * The server applied everything of this till up to `seq`: those ops leave the queue even when their results
 * travel separately (a dropped push answer, an import of an exported file). Returns how many left it.
 */
export function acknowledgeThrough(store: TillStore, seq: number, ackAt: string): number {
  return acknowledgeOpsThrough(store, seq, ackAt);
}

/**
 * A sale the server reversed (some or all lines) under the conflict policy: the local sale shows it, each
 * reversed line is flagged, and the local ledger gets the same compensating REVERSAL the server wrote, so
 * the till's level still equals the sum of its movements. The flag makes it happen once per line.
 */
function applySaleReversals(store: TillStore, result: OpResult): void {
  if (result.type !== 'sale' || (result.status !== 'reversed' && result.status !== 'partially_reversed')) return;
  const saleId = saleIdOfOp(store, result.seq);
  if (saleId === undefined) return;
  const locationId = store.config().storeId;
  for (const line of result.lines) {
    if (line.action !== 'reverse') continue;
    const local = markSaleLineReversed(store, saleId, line.lineId);
    if (local === undefined) continue;
    applyMovement(store, {
      productId: local.productId,
      locationId,
      movement: { kind: 'REVERSAL', qty: local.qty, reverses: 'SALE' },
      cause: opCause(result.seq),
      occurredAt: result.receivedAt,
      unguarded: true,
    });
  }
  setSaleStatus(store, saleId, result.status);
}
