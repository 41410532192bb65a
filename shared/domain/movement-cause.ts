import { z } from 'zod';

/**
 * Where a movement came from, so an auditor can follow every change of a level back to its reason.
 *
 * Most movements are caused by an operation (a sale, a receipt, a count…) and name it. The rest are written by
 * the system itself, and say which kind of bookkeeping wrote them and a reference to follow:
 * - `rebase_correction`: the till set a level to the server's authoritative one after a pull; ref = the pull's
 *   change stamp (cursor) that brought it.
 * - `opening_stock`: the first level of a product at a location, from seeding or enrolment; ref = what seeded it
 *   (an import file, "demo", the enrolment id).
 * - `reconciliation`: a correction found by a level-versus-movements check; ref = the check's run id.
 * - `count_offset`: a count replayed out of order at the server: what moved after the count was taken is kept on
 *   top of it; ref = the count's op id.
 */
export const SYSTEM_CAUSE_KINDS = ['rebase_correction', 'opening_stock', 'reconciliation', 'count_offset'] as const;
export type SystemCauseKind = (typeof SYSTEM_CAUSE_KINDS)[number];

/**
 * Kinds only the server writes (its movements CHECK allows them; the till's database does not, and never needs
 * to: a till receives levels, not the server's movements):
 * - `head_office`: head office's own action on a transfer (its dispatch for the warehouse, a resolution);
 *   ref = the admin action's id.
 * - `reservation_expiry`: the server's expiry job released the hold of a reservation nobody collected in time;
 *   ref = the reservation id.
 */
export const SERVER_CAUSE_KINDS = ['head_office', 'reservation_expiry'] as const;
export type ServerCauseKind = (typeof SERVER_CAUSE_KINDS)[number];

export type MovementCause = { kind: 'op'; opId: string } | { kind: SystemCauseKind | ServerCauseKind; ref: string };

export const movementCauseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('op'), opId: z.string().uuid() }),
  z.object({ kind: z.enum([...SYSTEM_CAUSE_KINDS, ...SERVER_CAUSE_KINDS]), ref: z.string().min(1).max(200) }),
]);

export function describeCause(cause: MovementCause): string {
  switch (cause.kind) {
    case 'op':
      return `operation ${cause.opId}`;
    case 'rebase_correction':
      return `set to the server's level at change ${cause.ref}`;
    case 'opening_stock':
      return `opening stock from ${cause.ref}`;
    case 'reconciliation':
      return `reconciliation run ${cause.ref}`;
    case 'count_offset':
      return `what moved after count ${cause.ref} was taken`;
    case 'head_office':
      return `head office action ${cause.ref}`;
    case 'reservation_expiry':
      return `reservation ${cause.ref} expired at the server`;
  }
}
