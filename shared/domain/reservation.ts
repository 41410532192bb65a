import { DomainError } from './errors';
import type { Movement } from './movement';
import { type Milli, assertPositiveMilli } from './quantity';

/**
 * Stock set aside for a customer order taken at a branch (a phone order, click-and-collect, a warehouse order).
 * A reservation moves `reserved` up at one location, which lowers what is available to sell there without
 * taking anything off the shelf; the RESERVE movement's guard (available ≥ qty, movement.ts) becomes the one
 * conditional UPDATE that makes two reservations unable to promise the same unit.
 *
 * It ends one of three ways: fulfilled (the goods leave with the order: on hand and reserved down), released (the
 * customer cancelled, or a manager let it go: reserved down), or expired (nobody came before `expiresAt`:
 * released by a job on the server, and by the till for its own reservations). Partial fulfilment releases the
 * rest in the same step, so an open reservation always holds exactly what it says.
 */
export const RESERVATION_STATUSES = [
  'open',
  'fulfilled',
  'released',
  'expired',
  /** replayed at the server, none of its lines fitted what was available: nothing is held, call the customer */
  'refused',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export interface Reservation {
  id: string;
  locationId: string;
  productId: string;
  qty: Milli;
  status: ReservationStatus;
  /** ISO time after which an open reservation lapses */
  expiresAt: string;
}

/** The longest a reservation may hold stock; a longer hold is a sale on account, not a reservation. */
export const MAX_HOLD_HOURS = 24 * 30;

/** The movement that makes a reservation; its guard refuses one that available cannot cover. */
export function reserveMovement(qty: Milli): Movement {
  return { kind: 'RESERVE', qty: assertPositiveMilli(qty, 'reserved quantity') };
}

/** A new reservation's expiry: `hours` from `now`, between a minute and MAX_HOLD_HOURS. */
export function expiryFor(now: Date, hours: number): string {
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_HOLD_HOURS) {
    throw new DomainError('INVALID_INPUT', `a reservation holds stock for up to ${MAX_HOLD_HOURS} hours`, { hours });
  }
  return new Date(now.getTime() + Math.round(hours * 3_600_000)).toISOString();
}

export function isExpired(r: Pick<Reservation, 'status' | 'expiresAt'>, now: Date): boolean {
  return r.status === 'open' && Date.parse(r.expiresAt) <= now.getTime();
}

/**
 * Checks that a reservation can still be acted on: it exists, is open, and has not lapsed. A lapsed one that the
 * expiry job has not reached yet is refused as expired, exactly as if it had.
 */
export function assertOpen(r: Reservation | undefined, id: string, now: Date): Reservation {
  if (r === undefined) throw new DomainError('NOT_FOUND', `no reservation ${id}`, { reservationId: id });
  if (r.status !== 'open' || isExpired(r, now)) {
    const status = r.status === 'open' ? 'expired' : r.status;
    throw new DomainError('CONFLICT_TRANSITION', `reservation ${id} is ${status}`, { reservationId: id, status });
  }
  return r;
}

/** Fulfilling `qty` of an open reservation: FULFIL what leaves, RELEASE what is left of the hold. */
export function fulfilMovements(r: Reservation, qty: Milli): Movement[] {
  const taken = assertPositiveMilli(qty, 'fulfilled quantity');
  if (taken > r.qty) {
    throw new DomainError('INVALID_QUANTITY', `the reservation holds ${r.qty}, not ${taken}`, { reservationId: r.id, reserved: r.qty, requested: taken });
  }
  const rest = r.qty - taken;
  return rest > 0 ? [{ kind: 'FULFIL', qty: taken }, { kind: 'RELEASE', qty: rest }] : [{ kind: 'FULFIL', qty: taken }];
}

/** Releasing (or expiring) an open reservation gives its whole hold back. */
export function releaseMovements(r: Reservation): Movement[] {
  return [{ kind: 'RELEASE', qty: r.qty }];
}
