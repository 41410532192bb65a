import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { MAX_QTY_MILLI } from '../../shared/domain/quantity';
import { operationSchema } from '../../shared/ops/operations';
import { tenantPolicySchema } from '../../shared/policy/conflict-policy';
import type { PushResponse, WireOpEnvelope } from '../../shared/sync/protocol';
import { MAX_OPS_PER_PUSH, pushRequestSchema } from '../../shared/sync/protocol';
import type { RawOp, UpgradeConfig } from '../../shared/sync/upgrade';
import { DEFAULT_UPGRADE_CONFIG, isFutureVersion, upgradeOp } from '../../shared/sync/upgrade';
import type { Db, Queryable } from '../db/db';
import { isUnstorableError } from '../db/db';
import { retryTransaction } from '../db/retry';
import { isRangeViolation } from './range-violation';
import { assertStorableJson } from '../json-body';
import { setAsideUnstorable } from './storage-backstop';
import type { SetAside } from './isolate-failures';
import { applyIsolatingFailures } from './isolate-failures';
import { findTenant, listLocations, usersById } from '../db/catalog-repo';
import { enterTenantWrite, lockTill } from '../db/locks';
import type { StoredOp } from '../db/push-repo';
import { lockReservations, writeReservations } from '../db/reservations-repo';
import { reservationIdsOf } from './plan/reservations';
import { lockTransfers, writeTransfers } from '../db/transfers-repo';
import { insertTillRatePosts } from '../db/rates-repo';
import { readShiftState, writeShifts } from '../db/shifts-repo';
import { lockReturnedSales, writeReturns } from '../db/returns-repo';
import { returnedSaleIdsOf } from './plan/returns';
import { isShiftOp } from './plan/shifts';
import { replenishAfter } from './replenish';
import type { Currency } from '../../shared/domain/money';
import { transferIdsOf, transferLevelKeys } from './plan/transfers';
import {
  advanceTerminal,
  countKey,
  existingDocuments,
  findOpIds,
  insertAppliedOps,
  insertConflicts,
  levelKeysAt,
  lockLevels,
  orderedTimesOf,
  readTerminalSeq,
  storedEffectsAfter,
  storedOps,
  tenantProducts,
  writeLedger,
} from '../db/push-repo';
import type { PreparedOp } from './plan';
import { countPositionOf, documentOf, orderOps, planOps, productIdsOf, snapshotSeqsOf, userIdsOf } from './plan';
import { fingerprint } from './op-fingerprint';

/** Who is pushing, as derived from the bearer token and nothing else. */
export interface TillIdentity {
  tenantId: string;
  terminalId: string;
  storeId: string;
  name: string;
}

/**
 * Ops per transaction. Larger chunks mean fewer commits and round trips (the storm benchmark is bound by them);
 * a crash loses at most one uncommitted chunk, which the till's retry applies.
 */
export const DEFAULT_CHUNK_OPS = 250;

export interface PushOptions {
  now?: () => Date;
  chunkSize?: number;
  /** the admin CLI imports the exported ops of a dead till even after its token was revoked */
  allowRevoked?: boolean;
}

export function zodDetails(error: z.ZodError): Record<string, unknown> {
  return { issues: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}

/**
 * Validates a whole push before anything is applied: the envelope of every op, that each op belongs to the
 * pushing till, consecutive seqs, and the full shape of every op the server can read (after upgrading older
 * schema versions). Ops from a newer app than this server are let through to be recorded as rejected.
 */
export function validatePush(body: unknown, till: TillIdentity, upgrade: UpgradeConfig = DEFAULT_UPGRADE_CONFIG): PreparedOp[] {
  // Text or nesting the database cannot store is refused here too (the admin import does not pass the HTTP parser).
  assertStorableJson(body);
  if (typeof body === 'object' && body !== null && Array.isArray((body as { ops?: unknown }).ops)) {
    const count = (body as { ops: unknown[] }).ops.length;
    if (count > MAX_OPS_PER_PUSH) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `at most ${MAX_OPS_PER_PUSH} ops per push`, { count, max: MAX_OPS_PER_PUSH });
    }
  }
  const parsed = pushRequestSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('INVALID_INPUT', 'the push does not match the protocol', zodDetails(parsed.error));
  const ops = parsed.data.ops;
  const ids = new Set<string>();
  const prepared = ops.map((raw, index): PreparedOp => {
    if (raw.tillId !== till.terminalId) {
      throw new DomainError('FORBIDDEN', 'an op of another till cannot be pushed with this token', { index, tillId: raw.tillId });
    }
    if (ids.has(raw.id)) throw new DomainError('INVALID_INPUT', 'the same op id appears twice in one push', { index, opId: raw.id });
    ids.add(raw.id);
    const first = ops[0];
    if (first !== undefined && raw.seq !== first.seq + index) {
      throw new DomainError('INVALID_INPUT', 'ops of a push must have consecutive seqs in order', { index, seq: raw.seq, expected: first.seq + index });
    }
    if (isFutureVersion(raw.schemaVersion, upgrade)) {
      return { raw, op: null, preRejection: { code: 'UNSUPPORTED_SCHEMA_VERSION', reason: `schema version ${raw.schemaVersion} is newer than this server supports (${upgrade.currentVersion})` }, contentHash: fingerprint(raw) };
    }
    let upgraded: RawOp;
    try {
      upgraded = upgradeOp(raw as RawOp, upgrade);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'UNSUPPORTED_SCHEMA_VERSION') return { raw, op: null, preRejection: { code: e.code, reason: e.message }, contentHash: fingerprint(raw) };
      throw e;
    }
    const op = operationSchema.safeParse(upgraded);
    if (!op.success) throw new DomainError('INVALID_INPUT', `op ${index} (seq ${raw.seq}) is not a valid ${raw.type} op`, { index, ...zodDetails(op.error) });
    // A repeat of this seq must carry the same content (assertSameOp()): the op as sent, as for the ops above, so a
    // repeat after a server upgrade (other upgraders, other zod defaults) is still a repeat.
    return { raw, op: op.data, preRejection: null, contentHash: fingerprint(raw) };
  });
  return prepared;
}

/**
 * Applies a validated push exactly once: repeats get their stored result, new ops continue the till's sequence
 * and are applied chunk by chunk, each chunk in one transaction with its movements, levels, conflicts, results
 * and the till's advanced cursor.
 */
export async function applyPush(db: Db, till: TillIdentity, ops: readonly PreparedOp[], opts: PushOptions = {}): Promise<PushResponse> {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_OPS;
  const now = opts.now ?? (() => new Date());
  const results: PushResponse['results'] = [];
  let ackSeq = 0;
  for (let start = 0; start < ops.length; start += chunkSize) {
    const chunk = ops.slice(start, start + chunkSize);
    const receivedAt = now();
    const run = (some: readonly PreparedOp[]): Promise<PushResponse> =>
      // A deadlock PostgreSQL broke, or a transfer another chunk created meanwhile: run again (db/retry.ts).
      retryTransaction(() => db.transaction((tx) => applyChunk(tx, till, some, receivedAt, opts.allowRevoked ?? false)));
    const rejectOutOfRange: SetAside = (p) => run([{ ...p, op: null, preRejection: { code: 'OUT_OF_RANGE', reason: OUT_OF_RANGE_REASON } }]);
    const setAside = setAsideUnstorable(db, till, receivedAt);
    const out = await applyIsolatingFailures(chunk, run, (e) => (isRangeViolation(e) ? rejectOutOfRange : isUnstorableError(e) ? setAside : null));
    results.push(...out.results);
    ackSeq = out.ackSeq;
  }
  if (ops.length === 0) ackSeq = (await readTerminalSeq(db, till.tenantId, till.terminalId))?.lastSeq ?? 0;
  return { results, ackSeq };
}

/**
 * A value beyond its one range (a CHECK of db/migrations/0003_value_ranges.sql, SQLSTATE 23514) fails the whole
 * chunk's transaction, and would fail it again on every retry of the till. The chunk is then replayed op by op
 * (applyIsolatingFailures); an op that still fails alone is recorded as rejected with OUT_OF_RANGE (nothing of it
 * applied, the till's cursor advanced), so it never blocks its till's queue and no pulled level ever leaves the
 * range. An op the database cannot store at all is set aside the same way (sync/storage-backstop.ts).
 */
const OUT_OF_RANGE_REASON = `applying it would take a stock level or quantity beyond ±${MAX_QTY_MILLI} milli-units`;

async function applyChunk(tx: Queryable, till: TillIdentity, chunk: readonly PreparedOp[], receivedAt: Date, allowRevoked: boolean): Promise<PushResponse> {
  await lockTill(tx, till.tenantId, till.terminalId);
  await enterTenantWrite(tx, till.tenantId);
  const terminal = await readTerminalSeq(tx, till.tenantId, till.terminalId);
  if (terminal === null || (terminal.revoked && !allowRevoked)) throw new DomainError('UNAUTHENTICATED', 'this till is not enrolled or was revoked');
  const results: PushResponse['results'] = [];

  const repeats = chunk.filter((p) => p.raw.seq <= terminal.lastSeq);
  if (repeats.length > 0) {
    const stored = new Map((await storedOps(tx, till.tenantId, till.terminalId, repeats[0]?.raw.seq ?? 0, repeats.at(-1)?.raw.seq ?? 0)).map((s) => [s.seq, s]));
    for (const p of repeats) {
      const s = stored.get(p.raw.seq);
      assertSameOp(p, s);
      results.push({ ...s.result, duplicate: true });
    }
  }
  const fresh = chunk.filter((p) => p.raw.seq > terminal.lastSeq);
  const first = fresh[0];
  if (first === undefined) return { results, ackSeq: terminal.lastSeq };
  if (first.raw.seq !== terminal.lastSeq + 1) {
    throw new DomainError('SEQUENCE_GAP', `expected seq ${terminal.lastSeq + 1}, got ${first.raw.seq}`, {
      expectedSeq: terminal.lastSeq + 1,
      gotSeq: first.raw.seq,
    });
  }
  const elsewhere = await findOpIds(tx, fresh.map((p) => p.raw.id));
  if (elsewhere.size > 0) {
    const [opId] = elsewhere.keys();
    throw new DomainError('DUPLICATE', `op ${opId} was already recorded under another till or seq`, { opId });
  }

  const readable = fresh.flatMap((p) => (p.op === null ? [] : [p.op]));
  const products = await tenantProducts(tx, till.tenantId, [...new Set(readable.flatMap(productIdsOf))]);
  const users = await usersById(tx, till.tenantId, readable.flatMap(userIdsOf));
  const docs = await existingDocuments(tx, till.tenantId, readable.map(documentOf));
  // Reservations before levels (db/reservations-repo.ts): the expiry job locks in the same order.
  const reservations = await lockReservations(tx, till.tenantId, reservationIdsOf(readable));
  const reserved = [...reservations.values()].flatMap((r) => (r.locationId === till.storeId ? r.lines.map((l) => l.productId) : []));
  // Then transfers, then levels (db/transfers-repo.ts); a chunk without a transfer op reads neither of these.
  const transferIds = transferIdsOf(readable);
  const transfers = await lockTransfers(tx, till.tenantId, transferIds);
  const locations = transferIds.length === 0 ? new Map<string, string>() : new Map((await listLocations(tx, till.tenantId)).map((l) => [l.id, l.name]));
  // Then the sales the chunk's returns name (db/returns-repo.ts), in id order; then levels.
  const sales = await lockReturnedSales(tx, till.tenantId, returnedSaleIdsOf(readable));
  const levels = await lockLevels(tx, till.tenantId, [
    ...levelKeysAt(till.storeId, new Set([...products.known, ...reserved])),
    ...transferLevelKeys(readable, till.storeId, transfers, locations, products.known),
  ]);
  // The trusted time of each new op, and of the stored ops that the chunk's counts took their sheets after.
  const orderedAt = orderOps(fresh, terminal.lastOrderedAt ?? terminal.enrolledAt, receivedAt);
  const storedSnapshots = snapshotSeqsOf(fresh).filter((seq) => seq >= 1 && !orderedAt.has(seq));
  for (const [seq, at] of await orderedTimesOf(tx, till.tenantId, till.terminalId, storedSnapshots)) orderedAt.set(seq, at);
  const asks = readable.flatMap((op) => {
    const count = op.type === 'stocktake' ? countPositionOf(op, orderedAt, terminal.enrolledAt) : null;
    return op.type !== 'stocktake' || count === null ? [] : op.payload.counts.filter((c) => products.known.has(c.productId)).map((c) => ({ productId: c.productId, count }));
  });
  const effects = await storedEffectsAfter(tx, till.tenantId, till.storeId, asks);
  const tenant = await findTenant(tx, till.tenantId);
  if (tenant === null) throw new DomainError('UNAUTHENTICATED', 'this till belongs to no tenant');

  // a till's drawer: its open shift and last Z, read only for a chunk with a shift op (the till lock orders them)
  const shifts = readable.some(isShiftOp) ? await readShiftState(tx, till.tenantId, till.terminalId) : undefined;
  const plan = planOps({
    policy: tenantPolicySchema.parse(tenant.policy),
    receivedAt,
    ops: fresh,
    storeId: till.storeId,
    levels,
    knownProducts: products.known,
    deletedProducts: products.deleted,
    users,
    orderedAt,
    enrolledAt: terminal.enrolledAt,
    existingDocuments: docs,
    storedEffectAfter: (productId, count) => effects.get(countKey(productId, count)) ?? 0,
    reservations,
    transfers,
    locations,
    newId: uuidv7,
    // the base of every rate the tenant posts (a tenant's currency is one of CURRENCIES, as in the pull)
    currency: tenant.currency as Currency,
    shifts,
    sales,
  });
  await insertAppliedOps(tx, till.tenantId, till.terminalId, plan.ops);
  await writeLedger(tx, till.tenantId, till.terminalId, plan);
  // what the chunk took under a reorder point is ordered again, in the same transaction (sync/replenish.ts)
  await replenishAfter(tx, till.tenantId, plan.levels, receivedAt.toISOString().slice(0, 10));
  await insertConflicts(tx, till.tenantId, till.storeId, till.terminalId, plan.conflicts);
  await writeReservations(tx, till.tenantId, plan.reservations);
  await writeTransfers(tx, till.tenantId, till.terminalId, plan.transfers);
  await insertTillRatePosts(tx, till.tenantId, till.terminalId, plan.ratePosts);
  await writeShifts(tx, till.tenantId, till.storeId, till.terminalId, plan.shifts);
  await writeReturns(tx, till.tenantId, till.storeId, till.terminalId, plan.returns);
  const lastSeq = fresh.at(-1)?.raw.seq ?? terminal.lastSeq;
  await advanceTerminal(tx, till.tenantId, till.terminalId, lastSeq, plan.ops.at(-1)?.orderedAt ?? null);
  results.push(...plan.ops.map((o) => ({ ...o.result, duplicate: false })));
  return { results, ackSeq: lastSeq };
}

/**
 * A repeated seq must be the op stored under it: the same id and the same contents (TigerBeetle's rule: a repeat
 * answers "exists" with the stored result). The same seq or id with other contents is refused, never answered
 * silently with the first op's result.
 */
function assertSameOp(p: PreparedOp, stored: StoredOp | undefined): asserts stored is StoredOp {
  if (stored === undefined || stored.opId !== p.raw.id) {
    throw new DomainError('DUPLICATE', `seq ${p.raw.seq} was already used by another op`, { seq: p.raw.seq, opId: p.raw.id, storedOpId: stored?.opId ?? null });
  }
  // Ops recorded before fingerprints: compare the stored body with the op as sent, both canonical.
  const same = stored.contentHash === null ? fingerprint(stored.legacyBody) === fingerprint(p.raw) : stored.contentHash === p.contentHash;
  if (!same) {
    throw new DomainError('ID_REUSED', `op ${p.raw.id} (seq ${p.raw.seq}) was already applied with different contents`, { seq: p.raw.seq, opId: p.raw.id });
  }
}

export type { WireOpEnvelope };
