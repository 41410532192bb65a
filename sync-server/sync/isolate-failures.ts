import type { PushResponse } from '../../shared/sync/protocol';
import type { PreparedOp } from './plan';

/** Answers one op that cannot be applied: records it rejected in its own transaction and returns its result. */
export type SetAside = (op: PreparedOp, error: unknown) => Promise<PushResponse>;

/**
 * Some errors fail a chunk's transaction because of one op in it, and would fail it again on every retry of the
 * till, so its queue would never move. `setAsideFor` names those errors: it returns how to answer an op that fails
 * with one (an OUT_OF_RANGE rejection, an UNSTORABLE set-aside), or null for any other error, which is thrown.
 *
 * The chunk is tried whole first (the usual case: one transaction). On such an error it is replayed op by op;
 * the ops that apply alone are applied as usual, and an op that fails alone is answered by its handler. If the
 * handler itself fails with an error another handler answers (an out-of-range op whose raw body cannot be stored
 * either), that one answers it; no handler is tried twice for one op.
 */
export async function applyIsolatingFailures(
  chunk: readonly PreparedOp[],
  apply: (ops: readonly PreparedOp[]) => Promise<PushResponse>,
  setAsideFor: (error: unknown) => SetAside | null,
): Promise<PushResponse> {
  try {
    return await apply(chunk);
  } catch (e) {
    if (setAsideFor(e) === null) throw e;
  }
  const results: PushResponse['results'] = [];
  let ackSeq = 0;
  for (const p of chunk) {
    let out: PushResponse;
    try {
      out = await apply([p]);
    } catch (e) {
      out = await answerFailed(p, e, setAsideFor);
    }
    results.push(...out.results);
    ackSeq = out.ackSeq;
  }
  return { results, ackSeq };
}

async function answerFailed(p: PreparedOp, first: unknown, setAsideFor: (error: unknown) => SetAside | null): Promise<PushResponse> {
  const tried = new Set<SetAside>();
  let error = first;
  for (;;) {
    const handler = setAsideFor(error);
    if (handler === null || tried.has(handler)) throw error;
    tried.add(handler);
    try {
      return await handler(p, error);
    } catch (e) {
      error = e;
    }
  }
}
