import type { Queryable } from './db';
import type { OpResult } from '../../shared/sync/protocol';

/**
 * Ops the server could not store (sync/storage-backstop.ts): their raw body and reason in rejected_ops, and a
 * 'rejected' result in applied_ops so a repeat is answered like any other applied op.
 */

/** The till's cursor, locked for the rest of the transaction (the push lock is already held). */
export async function lockedLastSeq(tx: Queryable, tenantId: string, terminalId: string): Promise<number | null> {
  const r = await tx.query<{ last_seq: number }>('SELECT last_seq FROM terminals WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, terminalId]);
  const row = r.rows[0];
  return row === undefined ? null : Number(row.last_seq);
}

export interface RejectedOpRecord {
  seq: number;
  opId: string;
  /** a storable stand-in for the op's type (the type as sent, escaped if it was not storable itself) */
  type: string;
  schemaVersion: number;
  userId: string;
  occurredAt: string;
  /** the op as it arrived, as JSON text (unstorable characters escaped by JSON.stringify) */
  rawBody: string;
  /** the op's envelope, stored as applied_ops.body in place of the op that could not be stored */
  envelope: Record<string, unknown>;
  /** the fingerprint of the op as sent: a repeat is compared with it like any stored op */
  contentHash: string;
  reason: string;
  sqlstate: string | null;
  result: OpResult;
}

/** Records the op as rejected and moves the till's cursor past it, in the caller's transaction. */
export async function insertRejectedOp(tx: Queryable, tenantId: string, terminalId: string, op: RejectedOpRecord): Promise<void> {
  await tx.query(
    `INSERT INTO applied_ops (tenant_id, terminal_id, seq, op_id, type, schema_version, user_id, occurred_at, received_at,
                              clock_skew, status, body, result, content_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'rejected', $11::jsonb, $12::jsonb, $13)`,
    [
      tenantId,
      terminalId,
      op.seq,
      op.opId,
      op.type,
      op.schemaVersion,
      op.userId,
      op.occurredAt,
      op.result.receivedAt,
      op.result.clockSkew,
      JSON.stringify(op.envelope),
      JSON.stringify(op.result),
      op.contentHash,
    ],
  );
  await tx.query(
    `INSERT INTO rejected_ops (tenant_id, terminal_id, seq, op_id, raw_body, reason, sqlstate, rejected_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [tenantId, terminalId, op.seq, op.opId, op.rawBody, op.reason, op.sqlstate, op.result.receivedAt],
  );
  await tx.query('UPDATE terminals SET last_seq = $3, last_push_at = now() WHERE tenant_id = $1 AND id = $2 AND last_seq = $3 - 1', [
    tenantId,
    terminalId,
    op.seq,
  ]);
}

export interface RejectedOpRow {
  tenantId: string;
  tillId: string;
  tillName: string;
  seq: number;
  opId: string;
  rawBody: string;
  reason: string;
  sqlstate: string | null;
  rejectedAt: string;
}

/** What head office reviews: a tenant's rejected ops, newest first. */
export async function listRejectedOps(q: Queryable, tenantId: string, opts: { limit?: number } = {}): Promise<RejectedOpRow[]> {
  const r = await q.query<{
    tenant_id: string;
    terminal_id: string;
    till_name: string;
    seq: number;
    op_id: string;
    raw_body: string;
    reason: string;
    sqlstate: string | null;
    rejected_at: Date | string;
  }>(
    `SELECT r.tenant_id, r.terminal_id, t.name AS till_name, r.seq, r.op_id, r.raw_body, r.reason, r.sqlstate, r.rejected_at
       FROM rejected_ops r JOIN terminals t ON t.tenant_id = r.tenant_id AND t.id = r.terminal_id
      WHERE r.tenant_id = $1
      ORDER BY r.rejected_at DESC, r.terminal_id, r.seq DESC
      LIMIT $2`,
    [tenantId, opts.limit ?? 100],
  );
  return r.rows.map((row) => ({
    tenantId: row.tenant_id,
    tillId: row.terminal_id,
    tillName: row.till_name,
    seq: Number(row.seq),
    opId: row.op_id,
    rawBody: row.raw_body,
    reason: row.reason,
    sqlstate: row.sqlstate,
    rejectedAt: new Date(row.rejected_at).toISOString(),
  }));
}
