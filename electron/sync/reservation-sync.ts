import type { OpResult, SyncReservation } from '../../shared/sync/protocol';
import { syncReservationSchema } from '../../shared/sync/protocol';
import { applyMovement, opCause, type TillStore } from '../store';
import {
  endIfEveryLineRefused,
  keepPulledCopy,
  markLineRefused,
  reservationIdOfCreateOp,
  reservationLineRows,
  reservationRow,
  settledPulledCopies,
  writeServerState,
  type ServerReservationState,
} from '../store/reservations-repo';

/*
 * What the server says about this store's reservations, applied to the till: the verdict on a reservation this
 * till made offline (an op result), and the reservations themselves (the pull's `reservations`).
 */

/**
 * The server replayed a reservation this till made and could not hold some lines (decideReservation(): they no
 * longer fitted): each such line is flagged refused (the screen says to call the customer) and what it held here
 * is given back with a RELEASE caused by the reservation's op, so the till's `reserved` follows the server's. The
 * pull's levels cannot be relied on for this: the server wrote nothing for a refused line, so that level's
 * change stamp did not move and the pull need not carry it. The flag makes it happen once per line. A rejected
 * reservation holds nothing either; its movements were already taken back with the op (undoRejectedOp), so its
 * lines are only flagged. Runs inside the caller's transaction, after the result was stored.
 */
export function applyReservationResult(store: TillStore, result: OpResult): void {
  if (result.type !== 'reservation_create') return;
  const reservationId = reservationIdOfCreateOp(store, result.seq);
  if (reservationId === undefined) return;
  if (result.status === 'rejected') {
    const locationId = reservationRow(store, reservationId)?.location_id ?? store.config().storeId;
    for (const line of reservationLineRows(store, reservationId, locationId)) markLineRefused(store, reservationId, line.line_id);
  } else if (result.status === 'reversed' || result.status === 'partially_reversed') {
    const locationId = reservationRow(store, reservationId)?.location_id ?? store.config().storeId;
    for (const line of result.lines) {
      if (line.action !== 'reverse') continue;
      const local = markLineRefused(store, reservationId, line.lineId);
      if (local === undefined || local.held === 0) continue;
      applyMovement(store, {
        productId: local.productId,
        locationId,
        movement: { kind: 'RELEASE', qty: local.held },
        cause: opCause(result.seq),
        occurredAt: result.receivedAt,
        // The server's verdict is followed as it is, like a sale's reversal: never refused here.
        unguarded: true,
      });
    }
  } else {
    return;
  }
  endIfEveryLineRefused(store, reservationId, result.receivedAt);
}

/**
 * The pull's reservations. The server's word wins, except over what this till did and the server has not answered
 * yet: while the result of the till's latest op about a reservation is missing, the local state is ahead of (or
 * beside) the server's, and the pulled copy is kept aside. When that result has arrived, a kept copy that says the
 * reservation ended is applied (an end is final, so it can never undo something newer), as is any copy when the
 * till's op was rejected (the server did nothing with it); a kept copy saying "open" may be older than the till's
 * op and is dropped: whatever the server did with the op changed the reservation, and that change comes in a
 * later pull. Kept copies are settled first, then this pull's copies, which are newer. Runs inside the pull's
 * transaction, after its op results.
 */
export function applyPulledReservations(store: TillStore, reservations: readonly SyncReservation[]): number {
  for (const kept of settledPulledCopies(store)) {
    const copy = syncReservationSchema.parse(JSON.parse(kept.pulled) as unknown);
    if (copy.status !== 'open' || kept.last_op_rejected === 1) writeServerState(store, serverState(copy));
    else keepPulledCopy(store, kept.id, null);
  }
  for (const r of reservations) {
    if (reservationRow(store, r.id)?.awaiting_result === 1) keepPulledCopy(store, r.id, JSON.stringify(r));
    else writeServerState(store, serverState(r));
  }
  return reservations.length;
}

function serverState(r: SyncReservation): ServerReservationState {
  return {
    id: r.id,
    locationId: r.locationId,
    status: r.status,
    customerContactJson: JSON.stringify(r.customerContact),
    note: r.note,
    // Stored as UTC text, so the till's expiry can compare times as text (migration 0010's index).
    expiresAt: new Date(r.expiresAt).toISOString(),
    createdAt: new Date(r.createdAt).toISOString(),
    createdByName: r.createdByName,
    endedAt: r.endedAt === null ? null : new Date(r.endedAt).toISOString(),
    lines: r.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, requested: l.requested, held: l.held, fulfilled: l.fulfilled, refused: l.refused })),
  };
}
