import { DomainError } from '../../shared/domain/errors';
import { isStorableText } from '../../shared/domain/schemas';
import type { OpResult, PushResponse } from '../../shared/sync/protocol';
import { CLOCK_SKEW_FLAG_MS } from '../../shared/sync/protocol';
import type { Db } from '../db/db';
import { enterTenantWrite, lockTill } from '../db/locks';
import { insertRejectedOp, lockedLastSeq } from '../db/rejected-ops-repo';
import type { PreparedOp } from './plan';
import type { SetAside } from './isolate-failures';
import type { TillIdentity } from './push';

/**
 * The backstop behind validation. An op that passes every check and still cannot be stored (the database
 * refuses it the same way on every try, db.ts isUnstorableError()) would block its till for good: each retry of
 * the push fails at that op and nothing after it is ever applied. sync/push.ts therefore replays such a chunk op by
 * op (sync/isolate-failures.ts), and an op that fails again on its own is set aside here: recorded in rejected_ops
 * with its raw body and the reason, answered 'rejected' with code UNSTORABLE (stored, so every repeat gets the
 * same answer), and the till's cursor moves past it. Head office lists these ops (`npm run admin -- rejected-ops`).
 * Transient errors (the database gone) are not set aside: they are 503s.
 */
export function setAsideUnstorable(db: Db, till: TillIdentity, receivedAt: Date): SetAside {
  return (p, error) => setAside(db, till, p, error, receivedAt);
}

async function setAside(db: Db, till: TillIdentity, p: PreparedOp, error: unknown, receivedAt: Date): Promise<PushResponse> {
  const raw = p.raw;
  const sqlstate = typeof (error as { code?: unknown }).code === 'string' ? String((error as { code: string }).code) : null;
  const detail = storable(error instanceof Error ? error.message : String(error)).slice(0, 500);
  const reason = `the server could not store this op${sqlstate === null ? '' : ` (SQLSTATE ${sqlstate})`}: ${detail}; it is kept for head office`;
  const result: OpResult = {
    opId: raw.id,
    seq: raw.seq,
    type: storable(raw.type),
    status: 'rejected',
    code: 'UNSTORABLE',
    reason,
    lines: [],
    clockSkew: Math.abs(receivedAt.getTime() - new Date(raw.occurredAt).getTime()) > CLOCK_SKEW_FLAG_MS,
    receivedAt: receivedAt.toISOString(),
  };
  return db.transaction(async (tx) => {
    await lockTill(tx, till.tenantId, till.terminalId);
    await enterTenantWrite(tx, till.tenantId);
    const lastSeq = await lockedLastSeq(tx, till.tenantId, till.terminalId);
    // Only the till's next op can be set aside; anything else (a racing push got further) is the retry's to sort out.
    if (lastSeq === null || raw.seq !== lastSeq + 1) {
      throw new DomainError('UNAVAILABLE', 'the till moved on while this push was being applied; retry', { seq: raw.seq, lastSeq });
    }
    await insertRejectedOp(tx, till.tenantId, till.terminalId, {
      seq: raw.seq,
      opId: raw.id,
      type: result.type,
      schemaVersion: raw.schemaVersion,
      userId: raw.userId,
      occurredAt: raw.occurredAt,
      rawBody: rawJson(raw),
      envelope: { id: raw.id, tillId: raw.tillId, seq: raw.seq, userId: raw.userId, occurredAt: raw.occurredAt, schemaVersion: raw.schemaVersion, type: result.type, unstorable: true },
      contentHash: p.contentHash,
      reason,
      sqlstate,
      result,
    });
    return { results: [{ ...result, duplicate: false }], ackSeq: raw.seq };
  });
}

/** Text as is when it can be stored, else JSON-escaped (NUL as \u0000, a lone surrogate as \udXXX). */
function storable(text: string): string {
  return isStorableText(text) ? text : JSON.stringify(text).slice(1, -1);
}

/** The op as JSON text: JSON.stringify escapes NUL and lone surrogates, so the text always fits a text column. */
function rawJson(raw: unknown): string {
  try {
    return JSON.stringify(raw);
  } catch (e) {
    return JSON.stringify({ unserializable: e instanceof Error ? e.message : String(e) });
  }
}
