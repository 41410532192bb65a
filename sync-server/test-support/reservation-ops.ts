import { v7 as uuidv7 } from 'uuid';
import type { CustomerContact } from '../../shared/ops/operations';
import { CURRENT_SCHEMA_VERSION } from '../../shared/ops/operations';
import type { Milli } from '../../shared/domain/quantity';
import type { OpOf, TestTill } from './client';

/** Reservation ops as a till writes them (shared/ops/operations.ts), continuing a TestTill's own seq. */

const HOUR = 3_600_000;

function envelope(till: TestTill, at: Date | undefined): { id: string; tillId: string; seq: number; userId: string; occurredAt: string; schemaVersion: number } {
  till.seq += 1;
  return { id: uuidv7(), tillId: till.tillId, seq: till.seq, userId: till.userId, occurredAt: (at ?? new Date()).toISOString(), schemaVersion: CURRENT_SCHEMA_VERSION };
}

export function reserve(
  till: TestTill,
  lines: ReadonlyArray<{ productId: string; qty: Milli }>,
  opts: { at?: Date; holdHours?: number; contact?: CustomerContact; note?: string } = {},
): OpOf<'reservation_create'> {
  const env = envelope(till, opts.at);
  return {
    ...env,
    type: 'reservation_create',
    payload: {
      reservationId: uuidv7(),
      lines: lines.map((l) => ({ lineId: uuidv7(), productId: l.productId, qty: l.qty })),
      customerContact: opts.contact ?? { name: 'Maya', phone: '+961 3 123456' },
      expiresAt: new Date(Date.parse(env.occurredAt) + (opts.holdHours ?? 24) * HOUR).toISOString(),
      ...(opts.note === undefined ? {} : { note: opts.note }),
    },
  };
}

/** Fulfils `taken` of each line of `of` (by position; a line left out takes nothing). */
export function fulfil(till: TestTill, of: OpOf<'reservation_create'>, taken: readonly Milli[], at?: Date): OpOf<'reservation_fulfil'> {
  return {
    ...envelope(till, at),
    type: 'reservation_fulfil',
    payload: { reservationId: of.payload.reservationId, lines: of.payload.lines.flatMap((l, i) => (taken[i] === undefined ? [] : [{ lineId: l.lineId, qty: taken[i] }])) },
  };
}

export function release(till: TestTill, reservationId: string, end: 'released' | 'expired' = 'released', at?: Date): OpOf<'reservation_release'> {
  return { ...envelope(till, at), type: 'reservation_release', payload: { reservationId, end } };
}
