import type { Operation } from '../../shared/ops/operations';
import type { TestTill } from './client';

/**
 * Pushes a till's whole queue the way a sync client does: batches of `batch`, resuming from the server's
 * ackSeq (or its expectedSeq after a gap), retrying after a dropped connection or a 5xx. Returns the final ackSeq.
 */
export async function drainQueue(till: TestTill, ops: readonly Operation[], opts: { batch?: number; maxAttempts?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 500;
  const firstSeq = ops[0]?.seq ?? 1;
  let next = 0;
  let failures = 0;
  while (next < ops.length) {
    try {
      const r = await till.push(ops.slice(next, next + batch));
      if (r.ok) {
        next = r.body.ackSeq - firstSeq + 1;
        failures = 0;
        continue;
      }
      if (r.status === 409 && r.body.code === 'SEQUENCE_GAP') {
        next = Number((r.body.details as { expectedSeq: number }).expectedSeq) - firstSeq;
        continue;
      }
      if (r.status < 500) throw new Error(`push refused: ${JSON.stringify(r.body)}`);
    } catch (e) {
      if (!(e instanceof TypeError)) throw e; // fetch failed: the server is gone for now
    }
    failures += 1;
    if (failures > (opts.maxAttempts ?? 200)) throw new Error('the server stayed unreachable');
    await new Promise((res) => setTimeout(res, Math.min(1000, 20 * 2 ** Math.min(failures, 6))));
  }
  return next + firstSeq - 1;
}
