import type { ReservationView } from '../../../shared/api/branch-api';

/**
 * How the reservations screen sorts what the till holds, by the till's clock:
 * - open: still holding stock, soonest to lapse first (the one to chase next on top);
 * - toCall: the server could hold none of it (every line refused when replayed): the customer expects goods that
 *   are not set aside. Shown, loud, until a day after the hold would have lapsed, when calling no longer helps
 *   anyone. (An open reservation with some lines refused stays among the open ones, its refused lines loud.);
 * - ended: fulfilled, released or expired in the last day, newest first, so the cashier sees where one went.
 */
export const CALL_GRACE_MS = 24 * 3600_000;
export const ENDED_SHOWN_MS = 24 * 3600_000;

export interface ReservationGroups {
  open: ReservationView[];
  toCall: ReservationView[];
  ended: ReservationView[];
}

export function groupReservations(all: readonly ReservationView[], now: Date): ReservationGroups {
  const t = now.getTime();
  const open = all.filter((r) => r.status === 'open').sort(byExpiry);
  const toCall = all
    .filter((r) => r.status === 'refused' && Date.parse(r.expiresAt) + CALL_GRACE_MS > t)
    .sort(byExpiry);
  const ended = all
    .filter((r) => r.status === 'fulfilled' || r.status === 'released' || r.status === 'expired')
    .filter((r) => t - Date.parse(r.endedAt ?? r.createdAt) < ENDED_SHOWN_MS)
    .sort((a, b) => Date.parse(b.endedAt ?? b.createdAt) - Date.parse(a.endedAt ?? a.createdAt));
  return { open, toCall, ended };
}

function byExpiry(a: ReservationView, b: ReservationView): number {
  return Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || a.id.localeCompare(b.id);
}

/** Lapsed by the till's clock but not yet released (the till's expiry runs every little while): nothing to collect. */
export function lapsed(r: Pick<ReservationView, 'status' | 'expiresAt'>, now: Date): boolean {
  return r.status === 'open' && Date.parse(r.expiresAt) <= now.getTime();
}
