import { z } from 'zod';
import { ERROR_CODES } from '../domain/errors';
import { id, isoTime, milli, nonNegativeMilli, positiveMilli, productSchema, role, levelSchema, LOCATION_KINDS, currency, cursorSchema } from '../domain/schemas';
import { RESERVATION_STATUSES } from '../domain/reservation';
import { TRANSFER_STATUSES } from '../domain/transfer';
import { customerContactSchema, exchangeRateValue, opEnvelopeFields, OPERATION_TYPES, TRANSFER_RESOLUTIONS } from '../ops/operations';
import { tenantPolicySchema } from '../policy/conflict-policy';
import { legalIdentitySchema, taxSettingsSchema } from '../domain/tax';
import { embeddedFormatsSchema } from '../scan/embedded-barcode';
import { CONFLICT_OUTCOMES, CONFLICT_STATES, conflictActionSchema } from '../policy/conflict-lifecycle';

/**
 * The wire protocol between a till's sync client and the central sync server (docs/sync-protocol.md explains
 * the rules; this file is their machine-checked form). Both sides import these schemas, so a change here is a
 * protocol change: keep it additive.
 *
 * Every request carries `Authorization: Bearer <till token>`. Tenant, store and till come from that token only.
 * Every error answer is an ErrorBody `{code, message, details?}` with a code from shared/domain/errors.ts.
 */
export const SYNC_PROTOCOL_VERSION = 1;

export const SYNC_PATHS = {
  push: '/v1/sync/push',
  pull: '/v1/sync/pull',
  conflict: (conflictId: string) => `/v1/conflicts/${conflictId}`,
  health: '/v1/health',
} as const;

/** The server refuses a push above either limit with 413 PAYLOAD_TOO_LARGE; the client sends smaller batches. */
export const MAX_OPS_PER_PUSH = 500;
export const MAX_PUSH_BYTES = 5 * 1024 * 1024;
/** Deepest nesting of arrays and objects in a request body (an op is about 5 deep); deeper is 400 NESTING_TOO_DEEP. */
export const MAX_JSON_DEPTH = 32;
/** A till clock further than this from the server's is flagged on the op (never refused). */
export const CLOCK_SKEW_FLAG_MS = 5 * 60 * 1000;

export const errorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/**
 * What the server reads of every pushed op before it knows its schema version. The rest of the op is checked
 * against `operationSchema` (shared/ops/operations.ts) after the server upgraded it to its current version, so
 * the request schema only pins the envelope; the server still validates the whole batch before applying any.
 */
export const wireOpEnvelopeSchema = z.looseObject({
  ...opEnvelopeFields,
  type: z.string().min(1).max(64),
  payload: z.unknown(),
});
export type WireOpEnvelope = z.infer<typeof wireOpEnvelopeSchema>;

/** POST /v1/sync/push body. The client sends `Operation` objects (shared/ops/operations.ts) in seq order. */
export const pushRequestSchema = z.object({
  ops: z.array(wireOpEnvelopeSchema).min(1).max(MAX_OPS_PER_PUSH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const SALE_LINE_ACTIONS = ['keep', 'reverse', 'accept_negative'] as const;

/** What the server did with one line of a replayed sale, as decided by decideSale(). */
export const saleLineResultSchema = z.object({
  lineId: id,
  productId: id,
  qty: positiveMilli,
  action: z.enum(SALE_LINE_ACTIONS),
  /** 'insufficient_stock' for a reversed line; 'walk_in_oversell' | 'manager_override' for accept_negative */
  reason: z.string().nullable(),
  /** what the server had available for this line when it replayed it (null for kept lines) */
  available: milli.nullable(),
  /** the conflict this line opened, if any */
  conflictId: id.nullable(),
});
export type SaleLineResult = z.infer<typeof saleLineResultSchema>;

export const OP_STATUSES = ['accepted', 'reversed', 'partially_reversed', 'rejected'] as const;
export type OpStatus = (typeof OP_STATUSES)[number];

/**
 * The final result of one op. It is stored with the op and returned unchanged to every repeat and in pulls:
 * results are never flipped by ops that arrive later.
 * - accepted: every effect written (a sale's lines may include `accept_negative` lines under the walk-in policy)
 * - reversed / partially_reversed: a sale with all / some lines reversed (SALE + REVERSAL written, conflict open)
 * - rejected: nothing but the op record written, with `code` and `reason`; the till's cursor still advanced
 */
export const opResultSchema = z.object({
  opId: id,
  seq: z.int().min(1),
  type: z.string(),
  status: z.enum(OP_STATUSES),
  code: z.enum(ERROR_CODES).nullable(),
  reason: z.string().nullable(),
  /** sale line decisions; empty for other op types and rejected ops */
  lines: z.array(saleLineResultSchema),
  /** the till's clock differed from the server's by more than CLOCK_SKEW_FLAG_MS when the op arrived */
  clockSkew: z.boolean(),
  receivedAt: isoTime,
});
export type OpResult = z.infer<typeof opResultSchema>;

/**
 * 200 answer to a push. `results` has one entry per pushed op in seq order, repeats included (`duplicate`
 * true: the stored result of the first application, nothing changed). `ackSeq` is the highest seq of this till
 * the server has applied: the client drops everything up to it from its outbox.
 */
export const pushResponseSchema = z.object({
  results: z.array(opResultSchema.extend({ duplicate: z.boolean() })),
  ackSeq: z.int().min(0),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** 409 SEQUENCE_GAP details: send again starting at expectedSeq. */
export const sequenceGapDetailsSchema = z.object({ expectedSeq: z.int().min(1), gotSeq: z.int().min(1) });

/**
 * Pull cursors are opaque decimal strings of a server-wide change counter; "0" means "everything". The client
 * stores the `cursor` of a pull only after it applied everything in that pull. (The schema is in shared/domain/schemas.ts.)
 */
export { cursorSchema };
/**
 * A pull answers one page: the changes after `since` in change-stamp order, cut where their JSON would pass
 * `maxBytes` (at least one change always travels). `more: true` says the page stopped early: apply it, store its
 * cursor, and pull again from there. A till that loses the link between pages resumes at the last page it applied.
 */
export const PULL_PAGE_BYTES = 128 * 1024;
export const PULL_PAGE_MIN_BYTES = 1024;
export const PULL_PAGE_MAX_BYTES = 4 * 1024 * 1024;
export const pullQuerySchema = z.object({
  since: cursorSchema.default('0'),
  maxBytes: z
    .string()
    .regex(/^\d{1,9}$/, 'maxBytes is a number of bytes')
    .transform(Number)
    .pipe(z.int().min(PULL_PAGE_MIN_BYTES).max(PULL_PAGE_MAX_BYTES))
    .optional(),
});

/**
 * PIN hashes travel so tills can log cashiers in offline. Format: `scrypt$N$r$p$<salt base64>$<key base64>`
 * (node:crypto scrypt, key of 32 bytes, salt of 16 bytes). Verify with scrypt(pin, salt, 32, {N, r, p}) and a
 * constant-time compare.
 */
export const PIN_HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;
export const pinHashSchema = z.string().regex(PIN_HASH_PATTERN, 'not a scrypt PIN hash');

export interface ParsedPinHash {
  N: number;
  r: number;
  p: number;
  saltB64: string;
  keyB64: string;
}
export function parsePinHash(hash: string): ParsedPinHash | null {
  const m = PIN_HASH_PATTERN.exec(hash);
  if (!m) return null;
  return { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), saltB64: m[4] ?? '', keyB64: m[5] ?? '' };
}

/**
 * The scrypt parameters a till accepts in a PIN hash. A hash is data from the network, so a till never sizes
 * the memory or the time of a check from it beyond these fixed bounds (N = 2^24 alone would ask for 16 GiB);
 * a hash outside them is refused (UNSUPPORTED_PIN_HASH) without being computed. Memory is 128·N·r bytes, time
 * about proportional to N·r·p.
 */
export const PIN_HASH_LIMITS = {
  minN: 2 ** 14,
  maxN: 2 ** 17,
  minR: 8,
  maxR: 16,
  minP: 1,
  maxP: 4,
  maxMemoryBytes: 128 * 2 ** 20,
  /** N·r·p: 2^16·8·2, about 0.6 s on a desktop core */
  maxWork: 2 ** 20,
  minSaltBytes: 16,
  maxSaltBytes: 64,
  keyBytes: 32,
} as const;

/**
 * The cost of new PIN hashes (the server's admin): 64 MiB and about 0.3 s per check on a desktop core, the most
 * a till can spend per login. An offline guesser who has the hash needs 10,000 of these for a 4-digit PIN
 * (about 50 core-minutes, and 64 MiB each rules out cheap GPU parallelism): slow, but a PIN stays a PIN; the
 * real protection is that only the users of the till's own store are sent to it.
 */
export const PIN_HASH_COST = { N: 2 ** 16, r: 8, p: 1 } as const;

function decodedBytes(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - pad;
}

/** Whether a till may run this hash's check: every parameter within PIN_HASH_LIMITS (N a power of two). */
export function pinHashWithinLimits(h: ParsedPinHash): boolean {
  const L = PIN_HASH_LIMITS;
  const int = (v: number, min: number, max: number): boolean => Number.isSafeInteger(v) && v >= min && v <= max;
  if (!int(h.N, L.minN, L.maxN) || (h.N & (h.N - 1)) !== 0) return false;
  if (!int(h.r, L.minR, L.maxR) || !int(h.p, L.minP, L.maxP)) return false;
  if (128 * h.N * h.r > L.maxMemoryBytes || h.N * h.r * h.p > L.maxWork) return false;
  const salt = decodedBytes(h.saltB64);
  return salt >= L.minSaltBytes && salt <= L.maxSaltBytes && decodedBytes(h.keyB64) === L.keyBytes;
}

export const syncUserSchema = z.object({
  id,
  name: z.string(),
  role,
  pinHash: pinHashSchema,
  /** a deactivated user stays in the list so the till can stop offering it */
  active: z.boolean(),
});
export type SyncUser = z.infer<typeof syncUserSchema>;

export const syncLocationSchema = z.object({ id, name: z.string(), kind: z.enum(LOCATION_KINDS) });

export const syncLevelSchema = z.object({ productId: id, level: levelSchema });
export type SyncLevel = z.infer<typeof syncLevelSchema>;

export const conflictHistoryEntrySchema = z.object({
  state: z.enum(CONFLICT_STATES),
  outcome: z.enum(CONFLICT_OUTCOMES).nullable(),
  /** null when the server itself opened the conflict */
  byUserId: id.nullable(),
  byName: z.string(),
  at: isoTime,
  note: z.string().nullable(),
});

/** A conflict at the till's store, with everything the manager's queue shows (maps 1:1 onto branch-api conflictView). */
export const syncConflictSchema = z.object({
  id,
  kind: z.enum(['contact_customer', 'stock_discrepancy']),
  state: z.enum(CONFLICT_STATES),
  outcome: z.enum(CONFLICT_OUTCOMES).nullable(),
  opId: id,
  saleId: id,
  lineId: id,
  productId: id,
  productName: z.string(),
  qty: positiveMilli,
  availableAtReplay: milli,
  reason: z.string(),
  customerContact: customerContactSchema.nullable(),
  tillId: id,
  tillName: z.string(),
  cashierId: id,
  cashierName: z.string(),
  occurredAt: isoTime,
  openedAt: isoTime,
  /** other locations of the tenant where the product is available now, most first */
  elsewhere: z.array(z.object({ locationId: id, locationName: z.string(), available: milli })),
  history: z.array(conflictHistoryEntrySchema),
});
export type SyncConflict = z.infer<typeof syncConflictSchema>;

const transferQtyLine = z.object({ productId: id, qty: milli });

/**
 * A transfer one of whose ends is the till's store, as the server knows it (shared/domain/transfer.ts): what was
 * asked for, sent and received, summed per product over every dispatch and receipt, and what is still
 * unexplained. `status` is transferStatus() of what the server has recorded, whatever order it arrived in.
 */
export const syncTransferSchema = z.object({
  id,
  sourceId: id,
  destinationId: id,
  status: z.enum(TRANSFER_STATUSES),
  /** empty for a transfer that began with its dispatch */
  requested: z.array(transferQtyLine),
  sent: z.array(transferQtyLine),
  received: z.array(z.object({ productId: id, received: milli, damaged: milli })),
  /** per product, what is still short (sent, never arrived) or over (arrived, never sent) after resolutions */
  differences: z.array(z.object({ productId: id, short: milli, over: milli })),
  resolutions: z.array(
    z.object({ kind: z.enum(TRANSFER_RESOLUTIONS), productId: id, qty: positiveMilli, reason: z.string(), byName: z.string(), at: isoTime }),
  ),
  note: z.string().nullable(),
  createdByName: z.string(),
  createdAt: isoTime,
  sentAt: isoTime.nullable(),
  receivedAt: isoTime.nullable(),
  /** every step in the order the server recorded it, with who (head office or a till's user) and when */
  history: z.array(z.object({ step: z.string(), byName: z.string(), at: isoTime, note: z.string().nullable() })),
});
export type SyncTransfer = z.infer<typeof syncTransferSchema>;

/**
 * A reservation at the till's store as the server holds it: per line what was asked, what is held now, what left
 * with the customer, and whether the line was refused at replay (decideReservation(): it no longer fitted).
 */
export const syncReservationSchema = z.object({
  id,
  locationId: id,
  status: z.enum(RESERVATION_STATUSES),
  lines: z.array(
    z.object({ lineId: id, productId: id, requested: positiveMilli, held: nonNegativeMilli, fulfilled: nonNegativeMilli, refused: z.boolean() }),
  ),
  customerContact: customerContactSchema,
  expiresAt: isoTime,
  createdAt: isoTime,
  createdByName: z.string(),
  endedAt: isoTime.nullable(),
  note: z.string().nullable(),
});
export type SyncReservation = z.infer<typeof syncReservationSchema>;

/**
 * An exchange rate of the tenant as the server recorded it: posted at a till (rate_post op) or by head office.
 * `order` is the server's order of posts (a decimal change stamp, like a cursor): a till uses the rate of the
 * highest order it holds, unless its own later post is still waiting for the server.
 */
export const syncRateSchema = z.object({
  rateId: id,
  base: currency,
  quote: currency,
  rate: exchangeRateValue,
  note: z.string().nullable(),
  /** the user who posted it (at a till, or the manager approving there), or "head office" */
  postedByName: z.string(),
  /** the server's trusted time of the post (shared/sync/trusted-time.ts), never a till's claim */
  postedAt: isoTime,
  order: cursorSchema,
});
export type SyncRate = z.infer<typeof syncRateSchema>;

/** GET /v1/sync/pull?since=<cursor> answer: everything this till needs that changed after `since`. */
export const pullResponseSchema = z.object({
  cursor: cursorSchema,
  tenant: z.object({
    id,
    name: z.string(),
    currency,
    policy: tenantPolicySchema,
    /** the tenant's tax classes and whether its prices include tax, whole in every pull (absent from older servers: no VAT) */
    tax: taxSettingsSchema.optional(),
    /** the tenant's name, address and tax number for receipts (absent from older servers: none) */
    legal: legalIdentitySchema.optional(),
  }),
  till: z.object({ id, name: z.string() }),
  /** `scaleFormats`: the store's scale label formats as head office set them, whole in every pull (absent from older servers: the till keeps its own; empty: none) */
  store: z.object({ id, name: z.string(), scaleFormats: embeddedFormatsSchema.optional() }),
  locations: z.array(syncLocationSchema),
  /** products of the tenant created or changed after `since` (price, barcodes, active flag...) */
  products: z.array(productSchema),
  /** users who may log in at this till's store (assigned to it, or head office) created or changed after `since` */
  users: z.array(syncUserSchema),
  /** authoritative levels at the till's store that changed after `since` */
  levels: z.array(syncLevelSchema),
  /** results of this till's own ops recorded after `since` */
  opResults: z.array(opResultSchema),
  /** conflicts at the till's store opened or changed after `since` */
  conflicts: z.array(syncConflictSchema),
  /** users who may no longer log in at this till's store (unassigned): deactivate them and forget their PIN hash (absent: none) */
  revokedUserIds: z.array(id).optional(),
  /** transfers from or to this till's store created or changed after `since` (absent from older servers: none) */
  transfers: z.array(syncTransferSchema).optional(),
  /** reservations at this till's store created or changed after `since` (absent from older servers: none) */
  reservations: z.array(syncReservationSchema).optional(),
  /** the tenant's exchange rates posted after `since`, in the server's order (absent from older servers: none) */
  rates: z.array(syncRateSchema).optional(),
  /** the page stopped before everything after `since`: pull again from `cursor` (absent from older servers: false) */
  more: z.boolean().optional(),
  /** changes still waiting after this page when it was read (absent or 0 when `more` is false): for a progress bar */
  remaining: z.int().min(0).optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * POST /v1/conflicts/:id body. `actionId` is made by the till once per click and reused on retry: a repeat
 * answers the conflict as it is without applying the action twice. `userId` is the manager logged in at the
 * till (the server checks the role); the server records it and its own time.
 */
export const conflictUpdateRequestSchema = z.intersection(
  z.object({ actionId: id, userId: id }),
  conflictActionSchema,
);
export type ConflictUpdateRequest = z.infer<typeof conflictUpdateRequestSchema>;
/** The conflict after the change; the next pull also carries it (its change stamp moved). */
export const conflictUpdateResponseSchema = z.object({ conflict: syncConflictSchema });

export const healthResponseSchema = z.object({
  ok: z.boolean(),
  protocolVersion: z.int(),
  database: z.enum(['postgres', 'pglite']),
});

/**
 * The HTTP statuses a client retries later, unchanged (docs/sync-protocol.md): a request that arrived too slowly
 * (408), rate limiting (429), a server bug (500: every op applies at most once, so a retry is safe), and a server
 * or proxy that is down or overloaded (502, 503, 504). Any other status (501, 505, ...) will not change on retry.
 */
export const RETRYABLE_STATUS: readonly number[] = [408, 429, 500, 502, 503, 504];

export { OPERATION_TYPES };
