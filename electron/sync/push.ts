import { MAX_OPS_PER_PUSH, MAX_PUSH_BYTES, SYNC_PATHS, pushResponseSchema, sequenceGapDetailsSchema, type PushResponse } from '../../shared/sync/protocol';
import { countPendingOps, pendingOpRows, storedOpToWireJson, type TillStore } from '../store';
import { lastOpSeq } from '../store/outbox';
import { SyncError } from './errors';
import { refusal, type SyncHttp } from './http';
import { acknowledgeThrough, recordOpResult } from './apply-op-results';

export interface WireBatch {
  seqs: number[];
  ids: string[];
  /** the request body, built from the stored JSON without re-encoding each payload */
  body: string;
}

/** Room for `{"ops":[...]}` and the commas between ops. */
const ENVELOPE_BYTES = 64;

/**
 * The next pending ops in seq order as one push body: at most `maxOps`, and within `maxBytes` unless a single op
 * is bigger on its own (then it goes alone and the server decides). Ops were validated when they were written,
 * so they are sent as stored.
 */
export function readBatch(store: TillStore, maxOps: number, maxBytes: number): WireBatch | null {
  const rows = pendingOpRows(store, maxOps);
  if (rows.length === 0) return null;
  const tillId = store.config().tillId;
  const parts: string[] = [];
  const seqs: number[] = [];
  const ids: string[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const row of rows) {
    const json = storedOpToWireJson(row, tillId);
    const size = Buffer.byteLength(json) + 1;
    if (parts.length > 0 && bytes + size > maxBytes) break;
    parts.push(json);
    seqs.push(row.seq);
    ids.push(row.id);
    bytes += size;
  }
  return { seqs, ids, body: `{"ops":[${parts.join(',')}]}` };
}

export interface PushProgress {
  done: number;
  total: number;
}

export interface PushOptions {
  maxOps?: number;
  maxBytes?: number;
  now: () => Date;
  /** called before every request; false means another agent took the lease and this one must stop */
  renewLease: () => boolean;
  onProgress?: (progress: PushProgress) => void;
}

export interface PushSummary {
  /** ops that left the queue in this push */
  acknowledged: number;
  requests: number;
  rejected: number;
}

/**
 * Pushes every pending op, batch after batch, in seq order. Whatever the server acknowledges leaves the queue
 * in one local transaction with its results, so nothing acknowledged is ever sent again. A dropped answer is
 * harmless: the retry gets the stored results back (or a gap answer telling how far the server already is).
 */
export async function pushPendingOps(store: TillStore, http: SyncHttp, options: PushOptions): Promise<PushSummary> {
  const maxBytes = Math.min(options.maxBytes ?? MAX_PUSH_BYTES, MAX_PUSH_BYTES);
  let maxOps = Math.min(options.maxOps ?? MAX_OPS_PER_PUSH, MAX_OPS_PER_PUSH);
  const summary: PushSummary = { acknowledged: 0, requests: 0, rejected: 0 };
  const total = countPendingOps(store);
  options.onProgress?.({ done: 0, total });

  for (;;) {
    const batch = readBatch(store, maxOps, maxBytes);
    if (batch === null) break;
    if (!options.renewLease()) throw new SyncError('lease_lost', 'another window of this till took over syncing');
    summary.requests += 1;
    const answer = await http.post(SYNC_PATHS.push, batch.body);

    if (answer.status === 200) {
      const parsed = pushResponseSchema.safeParse(answer.json);
      if (!parsed.success) throw new SyncError('fatal', 'the server answered the push with something this till does not understand', 200);
      const { acknowledged, rejected } = applyPushResponse(store, batch, parsed.data, options.now());
      summary.acknowledged += acknowledged;
      summary.rejected += rejected;
    } else if (answer.status === 409 && answer.error?.code === 'SEQUENCE_GAP') {
      summary.acknowledged += resolveGap(store, batch, answer.error.details, options.now());
    } else if (answer.status === 413 && batch.seqs.length > 1) {
      // Limits are the server's to choose: halve until it accepts.
      maxOps = Math.max(1, Math.floor(batch.seqs.length / 2));
    } else if (answer.status === 403) {
      throw new SyncError('auth', `the server refused this till (${answer.error?.message ?? 'forbidden'})`, 403);
    } else {
      const refused = refusal(`push of ops #${batch.seqs[0]}–#${batch.seqs.at(-1)}`, answer);
      // The server holds other ops under these seqs (or these ids with other content): the two histories differ.
      const conflicting = answer.status === 409 && (answer.error?.code === 'DUPLICATE' || answer.error?.code === 'ID_REUSED');
      throw conflicting ? new SyncError(refused.kind, refused.message, refused.status, 'history_mismatch') : refused;
    }
    options.onProgress?.({ done: Math.min(summary.acknowledged, total), total });
  }
  return summary;
}

function applyPushResponse(store: TillStore, batch: WireBatch, response: PushResponse, now: Date): { acknowledged: number; rejected: number } {
  const sent = new Map(batch.seqs.map((seq, i) => [seq, batch.ids[i]]));
  const lastSent = batch.seqs.at(-1) ?? 0;
  const at = now.toISOString();
  return store.transaction(() => {
    const before = countPendingOps(store);
    let rejected = 0;
    for (const result of response.results) {
      if (!sent.has(result.seq)) throw new SyncError('fatal', `the server answered for op #${result.seq}, which was not in the push`, 200);
      recordOpResult(store, result, at);
      if (result.status === 'rejected' && !result.duplicate) rejected += 1;
    }
    // The server holds everything up to ackSeq; beyond what we sent it can only be another copy of our ops
    // (an import of an exported file), which the next batch finds out with its own results.
    acknowledgeThrough(store, Math.min(response.ackSeq, lastSent), at);
    return { acknowledged: before - countPendingOps(store), rejected };
  });
}

/**
 * A 409 SEQUENCE_GAP: the server expects `expectedSeq`. Beyond what we sent first, it already has those ops
 * (a dropped answer, an import): they leave the queue, their results arrive with the next pull. Before it, the
 * server lacks ops this till counts as delivered, which no retry can fix: a person must look.
 */
function resolveGap(store: TillStore, batch: WireBatch, details: Record<string, unknown> | undefined, now: Date): number {
  const gap = sequenceGapDetailsSchema.safeParse(details);
  if (!gap.success) throw new SyncError('fatal', 'the server reported a sequence gap without saying which op it expects', 409, 'unreadable_answer');
  const { expectedSeq } = gap.data;
  const first = batch.seqs[0] ?? 0;
  const lastLocal = lastOpSeq(store);
  if (expectedSeq <= first) {
    throw new SyncError(
      'fatal',
      `the server expects op #${expectedSeq} but this till already delivered up to #${first - 1}: the server lost ops (restored from a backup?)`,
      409,
      'server_lost_ops',
    );
  }
  if (expectedSeq - 1 > lastLocal) {
    throw new SyncError(
      'fatal',
      `the server already holds ops up to #${expectedSeq - 1} but this till only wrote ${lastLocal}: this database is older than the server's copy`,
      409,
      'history_mismatch',
    );
  }
  return store.transaction(() => acknowledgeThrough(store, expectedSeq - 1, now.toISOString()));
}
