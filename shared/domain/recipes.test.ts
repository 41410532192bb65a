import { describe, expect, it } from 'vitest';
import { ingredientsFor, type RecipeLine } from './recipes';

// A chicken shawarma plate: 180 g chicken served at an 80% yield, 20 ml oil, 30 g garlic sauce, 15 g onion.
const shawarma: RecipeLine[] = [
  { ingredientId: 'chicken', qty: 180, yieldBp: 8_000 },
  { ingredientId: 'oil', qty: 20, yieldBp: 10_000 },
  { ingredientId: 'toum', qty: 30, yieldBp: 10_000 },
  { ingredientId: 'onion', qty: 15, yieldBp: 10_000 },
];

describe('recipes', () => {
  it('deducts each ingredient for the portions sold, grossed up by its yield', () => {
    expect(ingredientsFor(shawarma, 2_000)).toEqual([
      { ingredientId: 'chicken', qty: 450 }, // 2 × 180 g / 0.8
      { ingredientId: 'oil', qty: 40 },
      { ingredientId: 'toum', qty: 60 },
      { ingredientId: 'onion', qty: 30 },
    ]);
  });

  it('applies modifiers: no onion, extra toum, added cheese', () => {
    const plate = ingredientsFor(shawarma, 1_000, [
      { kind: 'remove', ingredientId: 'onion' },
      { kind: 'add', ingredientId: 'toum', qty: 15 },
      { kind: 'add', ingredientId: 'cheese', qty: 25 },
    ]);
    expect(plate).toEqual([
      { ingredientId: 'chicken', qty: 225 },
      { ingredientId: 'oil', qty: 20 },
      { ingredientId: 'toum', qty: 45 },
      { ingredientId: 'cheese', qty: 25 },
    ]);
  });

  it('rounds up, so stock is never under-deducted', () => {
    // 1 milli-unit (1 g of saffron stocked in kg) at a 30% yield is 3.33 → 4: 0.004 kg leaves stock
    expect(ingredientsFor([{ ingredientId: 'saffron', qty: 1, yieldBp: 3_000 }], 1_000)).toEqual([{ ingredientId: 'saffron', qty: 4 }]);
  });

  it('refuses a yield outside 1-100%, an ingredient twice, leaving out what is not there, and no portions', () => {
    expect(() => ingredientsFor([{ ingredientId: 'x', qty: 10, yieldBp: 12_000 }], 1_000)).toThrow(/yield/);
    expect(() => ingredientsFor([...shawarma, { ingredientId: 'oil', qty: 5, yieldBp: 10_000 }], 1_000)).toThrow(/twice/);
    expect(() => ingredientsFor(shawarma, 1_000, [{ kind: 'remove', ingredientId: 'pickles' }])).toThrow(/no pickles/);
    expect(() => ingredientsFor(shawarma, 0)).toThrow();
  });
});
