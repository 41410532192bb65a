import type { ReservationView } from '../../shared/api/branch-api';

/** Reservations as the till's backend answers them (reservationView), for the screens' tests. */
export const CUSTOMER = { name: 'Rima Saad', phone: '+961 3 123 456' };
type Line = ReservationView['lines'][number];

export function resLine(name: string, q: Partial<Line> = {}): Line {
  // ids from the name, so two lines of different products never share one
  const n = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 0xffff, 7).toString(16).padStart(4, '0');
  return {
    lineId: `0190a0b2-7c3d-7e4f-8a5b-0000${n}00d0`,
    productId: `0190a0b2-7c3d-7e4f-8a5b-0000${n}00c0`,
    sku: name.toUpperCase(),
    name,
    unit: 'each',
    requested: 1000,
    held: 1000,
    fulfilled: 0,
    refused: false,
    availableNow: 5000,
    ...q,
  };
}

export function testReservation(over: Partial<ReservationView> = {}): ReservationView {
  return {
    id: '0190a0b2-7c3d-7e4f-8a5b-00000000e001',
    status: 'open',
    lines: [resLine('Cola')],
    customerContact: CUSTOMER,
    expiresAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
    createdAt: new Date(Date.now() - 3600_000).toISOString(),
    createdByName: 'Rania Haddad',
    endedAt: null,
    note: null,
    pending: false,
    ...over,
  };
}
