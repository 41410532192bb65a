import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { embeddedFormatsSchema, normalizePlu } from './embedded-barcode';
import { scaleLine } from './scale-line';

const tomatoes = { name: 'Tomatoes', unit: 'kg' as const, price: 399 }; // $3.99 per kg

function refusal(f: () => unknown): { code: string; reason: unknown } {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, reason: e.details?.['reason'] };
    throw e;
  }
  throw new Error('not refused');
}

describe('a scale label as a sale line', () => {
  it('a weight label sells its grams as milli-kg at the unit price', () => {
    // 1.250 kg x $3.99 = $4.9875, to the cent $4.99
    expect(scaleLine({ itemCode: '00423', value: 1_250, kind: 'weight' }, tomatoes)).toEqual({ kind: 'weight', qty: 1_250, total: 499 });
  });

  it('a product sold by the gram gets 1,000 milli-g per gram', () => {
    expect(scaleLine({ itemCode: '7', value: 250, kind: 'weight' }, { name: 'Saffron', unit: 'g', price: 500 })).toEqual({ kind: 'weight', qty: 250_000, total: 125_000 });
  });

  it('a price label charges the printed price and records the weight it buys, rounded half up to the gram', () => {
    // $4.50 / $3.99 per kg = 1.12781... kg: 1.128 kg, and the line costs $4.50, not 1.128 x 3.99
    expect(scaleLine({ itemCode: '0042', value: 450, kind: 'price' }, tomatoes)).toEqual({ kind: 'price', qty: 1_128, total: 450 });
    // exactly half a milli-unit goes up: 1 cent at $20.00/kg is 0.5 g, 3 cents 1.5 g
    expect(scaleLine({ itemCode: '1', value: 1, kind: 'price' }, { ...tomatoes, price: 2_000 }).qty).toBe(1);
    expect(scaleLine({ itemCode: '1', value: 3, kind: 'price' }, { ...tomatoes, price: 2_000 }).qty).toBe(2);
    // below half goes down, above goes up: 1 cent at $3.00/kg is 3.333 g, 2 cents at $4.01/kg 4.988 g
    expect(scaleLine({ itemCode: '1', value: 1, kind: 'price' }, { ...tomatoes, price: 300 }).qty).toBe(3);
    expect(scaleLine({ itemCode: '1', value: 2, kind: 'price' }, { ...tomatoes, price: 401 }).qty).toBe(5);
  });

  it('refuses goods not sold by weight, a label of nothing, and a price label of a product without a price', () => {
    expect(refusal(() => scaleLine({ itemCode: '1', value: 500, kind: 'weight' }, { ...tomatoes, unit: 'each' }))).toEqual({ code: 'INVALID_INPUT', reason: 'not_weighed' });
    expect(refusal(() => scaleLine({ itemCode: '1', value: 500, kind: 'price' }, { ...tomatoes, unit: 'l' }))).toEqual({ code: 'INVALID_INPUT', reason: 'not_weighed' });
    expect(refusal(() => scaleLine({ itemCode: '1', value: 0, kind: 'weight' }, tomatoes))).toEqual({ code: 'INVALID_QUANTITY', reason: 'zero_value' });
    expect(refusal(() => scaleLine({ itemCode: '1', value: 0, kind: 'price' }, tomatoes))).toEqual({ code: 'INVALID_QUANTITY', reason: 'zero_value' });
    // 1 cent of something at $30.00/kg is a third of a gram: nothing to record
    expect(refusal(() => scaleLine({ itemCode: '1', value: 1, kind: 'price' }, { ...tomatoes, price: 3_000 }))).toEqual({ code: 'INVALID_QUANTITY', reason: 'zero_value' });
    expect(refusal(() => scaleLine({ itemCode: '1', value: 450, kind: 'price' }, { ...tomatoes, price: 0 }))).toEqual({ code: 'INVALID_INPUT', reason: 'no_unit_price' });
  });
});

describe('a shop’s label formats at a boundary', () => {
  it('accepts valid formats, each prefix once, and names what is wrong with a bad one', () => {
    const weight = { prefix: '21', pattern: 'PPIIIIIVVVVVC', value: 'weight' };
    const price = { prefix: '22', pattern: 'PPIIIIXVVVVVC', value: 'price' };
    expect(embeddedFormatsSchema.safeParse([weight, price]).success).toBe(true);
    expect(embeddedFormatsSchema.safeParse([weight, { ...price, prefix: '21', pattern: 'PPIIIIXVVVVVC' }]).error?.issues[0]?.message).toMatch(/each prefix once/);
    expect(embeddedFormatsSchema.safeParse([{ ...weight, prefix: '19' }]).error?.issues[0]?.message).toMatch(/20 to 29/);
    expect(embeddedFormatsSchema.safeParse([{ ...weight, value: 'volume' }]).success).toBe(false);
  });

  it('reads a label’s item code as a PLU without its leading zeros', () => {
    expect(normalizePlu('00423')).toBe('423');
    expect(normalizePlu('10200')).toBe('10200');
    expect(normalizePlu('00000')).toBeNull();
  });
});
