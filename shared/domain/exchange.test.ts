import { describe, expect, it } from 'vitest';
import { roundToStep, settle, toQuote, type SettleInput } from './exchange';

// Worked by hand at 89,500 LBP per USD, change in steps of 5,000 LBP. A sale of $12.34 is 1,104,430 LBP.
const rate = { base: 'USD' as const, quote: 'LBP' as const, rate: 89_500 };
const sale = (tenders: SettleInput['tenders'], changeIn: SettleInput['changeIn'] = 'quote', rounding: SettleInput['rounding'] = 'nearest'): ReturnType<typeof settle> =>
  settle({ due: 12_34, rate, tenders, changeIn, quoteStep: 5_000, rounding });

describe('two currencies in one sale', () => {
  it('shows the total in pounds at the posted rate, to the pound', () => {
    expect(toQuote(12_34, rate)).toBe(1_104_430);
    expect(toQuote(1, { ...rate, rate: 89_750 })).toBe(898); // 897.5 rounds half away from zero
    expect(roundToStep(1_104_430, 5_000, 'nearest')).toBe(1_105_000);
    expect(roundToStep(1_104_430, 5_000, 'down')).toBe(1_100_000);
  });

  it('gives change for dollars in pounds, rounded to the step, with the rounding as its own line', () => {
    // $20 − $12.34 = $7.66 = 685,570 LBP → 685,000 handed back, 570 kept
    expect(sale([{ currency: 'USD', amount: 20_00 }])).toEqual({ settled: true, change: { base: 0, quote: 685_000 }, rounding: 570 });
  });

  it('takes a mix of dollars and pounds', () => {
    // $10 + 300,000 LBP = 1,195,000 LBP paid; change 90,570 → 90,000
    expect(sale([{ currency: 'USD', amount: 10_00 }, { currency: 'LBP', amount: 300_000 }])).toEqual({ settled: true, change: { base: 0, quote: 90_000 }, rounding: 570 });
  });

  it('splits change into whole dollars and the rest in pounds', () => {
    // $7.66 back: $7 in notes, 59,070 LBP → 60,000 (the shop gives 930 more)
    expect(sale([{ currency: 'USD', amount: 20_00 }], 'split')).toEqual({ settled: true, change: { base: 7_00, quote: 60_000 }, rounding: -930 });
    expect(sale([{ currency: 'USD', amount: 20_00 }], 'split', 'down')).toEqual({ settled: true, change: { base: 7_00, quote: 55_000 }, rounding: 4_070 });
  });

  it('gives change in dollars to the cent, the rest of a cent on the rounding line', () => {
    // 1,200,000 LBP − 1,104,430 = 95,570 LBP = $1.0678… → $1.06, 700 LBP kept
    expect(sale([{ currency: 'LBP', amount: 1_200_000 }], 'base')).toEqual({ settled: true, change: { base: 1_06, quote: 0 }, rounding: 700 });
  });

  it('forgives a shortfall that rounds to nothing, and asks for the rest in either currency otherwise', () => {
    expect(sale([{ currency: 'LBP', amount: 1_102_000 }])).toEqual({ settled: true, change: { base: 0, quote: 0 }, rounding: -2_430 });
    // 4,430 short: 5,000 LBP more, or 5 cents
    expect(sale([{ currency: 'LBP', amount: 1_100_000 }])).toEqual({ settled: false, remaining: { base: 5, quote: 5_000 } });
    // rounding up (toward the customer) forgives it; down (toward the shop) never forgives
    expect(sale([{ currency: 'LBP', amount: 1_100_000 }], 'quote', 'up')).toEqual({ settled: true, change: { base: 0, quote: 0 }, rounding: -4_430 });
    expect(sale([{ currency: 'LBP', amount: 1_102_000 }], 'quote', 'down')).toEqual({ settled: false, remaining: { base: 3, quote: 5_000 } });
    expect(sale([{ currency: 'LBP', amount: 1_104_430 }])).toEqual({ settled: true, change: { base: 0, quote: 0 }, rounding: 0 });
  });

  it('refuses a rate of zero or below, a tender in a currency the shop does not take, and a bad step', () => {
    expect(() => toQuote(100, { ...rate, rate: 0 })).toThrow(/above zero/);
    expect(() => toQuote(100, { ...rate, rate: -89_500 })).toThrow(/above zero/);
    expect(() => toQuote(100, { ...rate, rate: 89_500.5 })).toThrow(/whole number/);
    expect(() => sale([{ currency: 'EUR', amount: 20_00 }])).toThrow(/not EUR/);
    expect(() => settle({ due: 100, rate, tenders: [], changeIn: 'quote', quoteStep: 0, rounding: 'nearest' })).toThrow(/step/);
  });
});
