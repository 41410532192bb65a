import { describe, expect, it } from 'vitest';
import type { PushResponse } from '../../shared/sync/protocol';
import type { PreparedOp } from './plan';
import type { SetAside } from './isolate-failures';
import { applyIsolatingFailures } from './isolate-failures';

/**
 * The one op-by-op replay behind both OUT_OF_RANGE rejections and UNSTORABLE set-asides, against a naive model
 * of a database: a transaction of ops commits all of them or, if any op is poisoned, none.
 */
class Poisoned extends Error {}
class Unstorable extends Error {}
const op = (seq: number): PreparedOp => ({ raw: { seq } as PreparedOp['raw'], op: null, preRejection: null, contentHash: String(seq) });
const answer = (seq: number, status: string): PushResponse => ({ results: [{ seq, status } as unknown as PushResponse['results'][number]], ackSeq: seq });

function model(poisoned: ReadonlySet<number>) {
  const committed: number[] = [];
  const transactions: number[][] = [];
  const apply = async (ops: readonly PreparedOp[]): Promise<PushResponse> => {
    transactions.push(ops.map((p) => p.raw.seq));
    if (ops.some((p) => poisoned.has(p.raw.seq))) throw new Poisoned('a CHECK failed');
    committed.push(...ops.map((p) => p.raw.seq));
    return { results: ops.map((p) => answer(p.raw.seq, 'accepted').results[0]!), ackSeq: ops.at(-1)?.raw.seq ?? 0 };
  };
  return { committed, transactions, apply };
}
const status = (r: PushResponse) => r.results.map((x) => [x.seq, x.status]);

describe('applyIsolatingFailures', () => {
  it('applies a clean chunk in one transaction', async () => {
    const m = model(new Set());
    const out = await applyIsolatingFailures([op(1), op(2), op(3)], m.apply, () => null);
    expect(m.transactions).toEqual([[1, 2, 3]]);
    expect(status(out)).toEqual([
      [1, 'accepted'],
      [2, 'accepted'],
      [3, 'accepted'],
    ]);
    expect(out.ackSeq).toBe(3);
  });

  it('replays a failing chunk op by op and answers only the op that fails alone with its handler', async () => {
    const m = model(new Set([2]));
    const reject: SetAside = async (p) => answer(p.raw.seq, 'rejected');
    const out = await applyIsolatingFailures([op(1), op(2), op(3)], m.apply, (e) => (e instanceof Poisoned ? reject : null));
    expect(m.transactions).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(m.committed).toEqual([1, 3]);
    expect(status(out)).toEqual([
      [1, 'accepted'],
      [2, 'rejected'],
      [3, 'accepted'],
    ]);
    expect(out.ackSeq).toBe(3);
  });

  it('throws an error no handler names, whole chunk or single op', async () => {
    const m = model(new Set([2]));
    await expect(applyIsolatingFailures([op(1), op(2)], m.apply, () => null)).rejects.toBeInstanceOf(Poisoned);
    expect(m.committed).toEqual([]);
  });

  it('hands an op to the other handler when the first one fails with an error it names, and never loops', async () => {
    const m = model(new Set([1]));
    const calls: string[] = [];
    const reject: SetAside = async () => {
      calls.push('reject');
      throw new Unstorable('the raw body cannot be stored');
    };
    const setAside: SetAside = async (p, e) => {
      calls.push(`setAside:${(e as Error).message}`);
      return answer(p.raw.seq, 'set aside');
    };
    const out = await applyIsolatingFailures([op(1), op(2)], m.apply, (e) => (e instanceof Poisoned ? reject : e instanceof Unstorable ? setAside : null));
    expect(calls).toEqual(['reject', 'setAside:the raw body cannot be stored']);
    expect(status(out)).toEqual([
      [1, 'set aside'],
      [2, 'accepted'],
    ]);

    // A handler failing with the error it answers is not retried forever: the error is thrown.
    const looping: SetAside = async () => {
      throw new Poisoned('again');
    };
    await expect(applyIsolatingFailures([op(1)], model(new Set([1])).apply, (e) => (e instanceof Poisoned ? looping : null))).rejects.toThrow('again');
  });
});
