import { describe, expect, it } from 'vitest';
import { countEffect, precedesCount } from './stocktake';
import { movementRule } from '../domain/movement';

const t = (h: number): Date => new Date(Date.UTC(2026, 2, 2, h));

describe('stocktake ordering', () => {
  it('knows which changes a count already saw', () => {
    expect(precedesCount(t(10), t(11))).toBe(true);
    expect(precedesCount(t(12), t(11))).toBe(false);
    expect(precedesCount(t(11), t(11))).toBe(false);
    expect(precedesCount(t(10), null)).toBe(false);
  });

  it('sets the level to the count plus what happened after it, with a before that movementRule agrees with', () => {
    const e = countEffect({ counted: 17_000, onHandNow: 19_000, effectAfterCount: -2000, countedAt: t(11), lastCountedAt: null });
    expect(e).toEqual({ applies: true, before: 21_000, delta: -4000, onHandAfter: 15_000 });
    expect(movementRule({ kind: 'STOCKTAKE', qty: 17_000, before: e.before }).delta.onHand).toBe(e.delta);
  });

  it('ignores a count older than the latest applied one', () => {
    const e = countEffect({ counted: 1000, onHandNow: 5000, effectAfterCount: 0, countedAt: t(9), lastCountedAt: t(11) });
    expect(e).toMatchObject({ applies: false, delta: 0, onHandAfter: 5000 });
    expect(movementRule({ kind: 'STOCKTAKE', qty: 1000, before: e.before }).delta.onHand).toBe(0);
  });

  it('refuses a fractional count', () => {
    expect(() => countEffect({ counted: 1.5, onHandNow: 0, effectAfterCount: 0, countedAt: t(1), lastCountedAt: null })).toThrow(/milli/);
  });
});
