import { describe, expect, it } from 'vitest';
import type { CountPosition, MovementPosition } from './stocktake';
import { countEffect, countMoment, movedAfterCount, precedesCount, seenByCount } from './stocktake';
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

describe('which movements a count saw, by position', () => {
  const M = 'till-m';
  const B = 'till-b';
  // The manager's till read its sheet with its own ops up to seq 4 and pull cursor 100 applied; moment 11:00.
  const count: CountPosition = { terminalId: M, tillSeq: 4, cursor: 100, countedAt: t(11) };
  const move = (terminalId: string | null, seq: number | null, chg: number | null, hour: number): MovementPosition => ({ terminalId, seq, chg, orderedAt: t(hour) });
  // Hand-worked: [case, movement, seen, after]
  const table: Array<[string, MovementPosition, boolean, boolean]> = [
    ['own op in the sheet, late by the clock', move(M, 4, 500, 12), true, false],
    ['own op after the sheet, early by the clock', move(M, 5, 500, 9), false, true],
    ['other till, pulled before the sheet, late by the clock', move(B, 17, 90, 12), true, false],
    ['other till, not pulled, before the moment', move(B, 18, 150, 10), false, false],
    ['other till, not pulled, after the moment', move(B, 19, 150, 12), false, true],
    ['head office, pulled', move(null, null, 100, 12), true, false],
    ['head office, not pulled, after the moment', move(null, null, 101, 12), false, true],
    ['older than change stamps, before the moment', move(B, 3, null, 10), false, false],
  ];
  it.each(table)('%s', (_name, m, seen, after) => {
    expect(seenByCount(m, count)).toBe(seen);
    expect(movedAfterCount(m, count)).toBe(after);
  });

  it('without a cursor (a count that sent no snapshot) only the clock and its own seqs decide', () => {
    const blind = { ...count, cursor: null };
    expect(movedAfterCount(move(B, 17, 90, 12), blind)).toBe(true);
    expect(movedAfterCount(move(B, 17, 90, 10), blind)).toBe(false);
  });

  it('times the count at its sheet, bounded by its till’s last op before the sheet and by its own commit', () => {
    expect(countMoment(t(10), t(9), t(12)).toISOString()).toBe(t(10).toISOString());
    expect(countMoment(t(8), t(9), t(12)).toISOString()).toBe(t(9).toISOString());
    expect(countMoment(t(14), t(9), t(12)).toISOString()).toBe(t(12).toISOString());
    expect(countMoment(t(8), null, t(12)).toISOString()).toBe(t(8).toISOString());
  });
});
