import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay } from './backoff';

describe('backoff with full jitter', () => {
  it('stays within [0, min(cap, base·2^attempt)) for any attempt and any random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(60_000, 1_000 * 2 ** Math.min(attempt, 30));
        const delay = backoffDelay(attempt, { baseMs: 1_000, capMs: 60_000 }, () => r);
        return Number.isInteger(delay) && delay >= 0 && delay < ceiling;
      }),
    );
  });

  it('doubles its ceiling per attempt until the cap', () => {
    const nearTop = (attempt: number): number => backoffDelay(attempt, { baseMs: 100, capMs: 1_000 }, () => 0.999_999);
    expect([0, 1, 2, 3, 4, 5].map(nearTop)).toEqual([99, 199, 399, 799, 999, 999]);
  });
});
