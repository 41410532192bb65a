import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../shared/domain/errors';
import { CURRENT_SCHEMA_VERSION, operationSchema, type Operation, type OperationType, type PayloadOf } from '../../shared/ops/operations';
import type { TillStore } from './database';

export interface NewOp<T extends OperationType> {
  type: T;
  userId: string;
  payload: PayloadOf<T>;
  occurredAt: string;
}

/**
 * Appends an operation to the outbox: next gap-free seq, a fresh UUIDv7, the current schema version. Runs
 * inside the caller's transaction, so the op and the change it describes commit (or vanish) together, and a
 * rolled-back change never burns a sequence number.
 *
 * The op is checked against the shared schema before it is written: the server will refuse what does not parse,
 * and an op it refuses would sit at the head of the queue forever.
 */
export function appendOp<T extends OperationType>(store: TillStore, op: NewOp<T>): Operation {
  const seq = store.stmt<[], { next: number }>('SELECT coalesce(max(seq), 0) + 1 AS next FROM ops').get()?.next ?? 1;
  const candidate = {
    id: uuidv7(),
    tillId: store.config().tillId,
    seq,
    userId: op.userId,
    occurredAt: op.occurredAt,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    type: op.type,
    payload: op.payload,
  };
  const parsed = operationSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new DomainError('INTERNAL', `the till built an invalid ${op.type} operation`, { issues: parsed.error.issues });
  }
  store
    .stmt('INSERT INTO ops (seq, id, type, schema_version, user_id, occurred_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(seq, candidate.id, op.type, CURRENT_SCHEMA_VERSION, op.userId, op.occurredAt, JSON.stringify(op.payload));
  return parsed.data;
}

/** An op as stored in the outbox: the payload is the JSON text it was written as. */
export interface StoredOp {
  seq: number;
  id: string;
  type: string;
  schema_version: number;
  user_id: string;
  occurred_at: string;
  payload: string;
}

/** Pending operations in sequence order, as stored (all of them unless `limit` is given). */
export function pendingOpRows(store: TillStore, limit?: number): StoredOp[] {
  return store
    .stmt<[number], StoredOp>("SELECT seq, id, type, schema_version, user_id, occurred_at, payload FROM ops WHERE state = 'pending' ORDER BY seq LIMIT ?")
    .all(limit ?? -1);
}

/** Pending operations in sequence order, parsed as the server expects them. */
export function pendingOps(store: TillStore, limit = 500): Operation[] {
  const tillId = store.config().tillId;
  return pendingOpRows(store, limit).map((row) => operationSchema.parse(JSON.parse(storedOpToWireJson(row, tillId)) as unknown));
}

/**
 * One stored op as the protocol's wire envelope (shared/sync/protocol.ts wireOpEnvelopeSchema), with the payload
 * spliced in as stored: ops were validated when they were written, and a push of thousands need not re-encode them.
 */
export function storedOpToWireJson(row: StoredOp, tillId: string): string {
  return (
    `{"id":${JSON.stringify(row.id)},"tillId":${JSON.stringify(tillId)},"seq":${row.seq},"userId":${JSON.stringify(row.user_id)},` +
    `"occurredAt":${JSON.stringify(row.occurred_at)},"schemaVersion":${row.schema_version},"type":${JSON.stringify(row.type)},` +
    `"payload":${row.payload}}`
  );
}

export function countPendingOps(store: TillStore): number {
  return store.stmt<[], { n: number }>("SELECT count(*) AS n FROM ops WHERE state = 'pending'").get()?.n ?? 0;
}

/** The highest seq this till ever wrote (0 before its first op). */
export function lastOpSeq(store: TillStore): number {
  return store.stmt<[], { last: number }>('SELECT coalesce(max(seq), 0) AS last FROM ops').get()?.last ?? 0;
}

/** An op's id and the server's result stored for it so far (null until one arrives). */
export function opIdAndResult(store: TillStore, seq: number): { id: string; result: string | null } | undefined {
  return store.stmt<[number], { id: string; result: string | null }>('SELECT id, result FROM ops WHERE seq = ?').get(seq);
}

/**
 * The server's final word on op `seq`: it leaves the queue with its result (JSON). The first acknowledgement time
 * is kept when the same result arrives again. Runs in the caller's transaction.
 */
export function storeOpResult(store: TillStore, seq: number, resultJson: string, ackAt: string): void {
  store
    .stmt("UPDATE ops SET state = 'acknowledged', result = ?, acknowledged_at = coalesce(acknowledged_at, ?) WHERE seq = ?")
    .run(resultJson, ackAt, seq);
}

/** Every pending op up to `seq` leaves the queue (the server holds them); returns how many left it. */
export function acknowledgeOpsThrough(store: TillStore, seq: number, ackAt: string): number {
  return store.stmt("UPDATE ops SET state = 'acknowledged', acknowledged_at = ? WHERE state = 'pending' AND seq <= ?").run(ackAt, seq).changes;
}
