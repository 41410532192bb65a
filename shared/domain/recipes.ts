import { DomainError } from './errors';
import { type Milli, MILLI_PER_UNIT, assertMilli, assertPositiveMilli } from './quantity';

/**
 * Recipes for restaurant tills: a menu item with no stock of its own deducts its ingredients in the sale's
 * transaction. Quantities are milli-units of each ingredient's own unit (0.180 kg of chicken is 180), per one
 * portion as served. A yield below 100% (trimming, cooking loss) means more goes in than is served: 180 g served
 * at an 80% yield takes 225 g from stock. Modifiers add an ingredient ("extra cheese") or take one out ("no onion").
 */
export interface RecipeLine {
  ingredientId: string;
  /** per portion, as served */
  qty: Milli;
  /** basis points: 10,000 = nothing lost, 8,000 = 80% yield */
  yieldBp: number;
}

export type Modifier = { kind: 'add'; ingredientId: string; qty: Milli; yieldBp?: number } | { kind: 'remove'; ingredientId: string };

export interface IngredientTake {
  ingredientId: string;
  qty: Milli;
}

/**
 * What `portions` of a dish (in milli-portions: 2 portions = 2000) take from stock, by ingredient, after its
 * modifiers; each ingredient rounded up to the milli-unit (stock is never under-deducted by rounding).
 */
export function ingredientsFor(recipe: readonly RecipeLine[], portions: Milli, modifiers: readonly Modifier[] = []): IngredientTake[] {
  assertPositiveMilli(portions, 'portions');
  const lines = new Map<string, { qty: Milli; yieldBp: number }>();
  for (const r of recipe) {
    assertYield(r.yieldBp);
    const prev = lines.get(r.ingredientId);
    if (prev !== undefined) throw new DomainError('INVALID_INPUT', `the recipe names ingredient ${r.ingredientId} twice`, { ingredientId: r.ingredientId });
    lines.set(r.ingredientId, { qty: assertPositiveMilli(r.qty, 'recipe quantity'), yieldBp: r.yieldBp });
  }
  for (const m of modifiers) {
    if (m.kind === 'remove') {
      if (!lines.delete(m.ingredientId)) throw new DomainError('INVALID_INPUT', `the dish has no ${m.ingredientId} to leave out`, { ingredientId: m.ingredientId });
      continue;
    }
    const yieldBp = assertYield(m.yieldBp ?? 10_000);
    const prev = lines.get(m.ingredientId);
    // "extra cheese" on a dish with cheese adds to it, at the dish's own yield for it
    lines.set(m.ingredientId, prev === undefined ? { qty: assertPositiveMilli(m.qty), yieldBp } : { qty: prev.qty + assertPositiveMilli(m.qty), yieldBp: prev.yieldBp });
  }
  return [...lines.entries()].map(([ingredientId, l]) => {
    // qty × portions / 1000 / yield, in integers, rounded up
    const numerator = BigInt(l.qty) * BigInt(portions) * 10_000n;
    const denominator = BigInt(MILLI_PER_UNIT) * BigInt(l.yieldBp);
    const q = (numerator + denominator - 1n) / denominator;
    return { ingredientId, qty: assertMilli(Number(q), 'ingredient quantity') };
  });
}

function assertYield(yieldBp: number): number {
  if (!Number.isSafeInteger(yieldBp) || yieldBp < 100 || yieldBp > 10_000) {
    throw new DomainError('INVALID_INPUT', 'a yield is between 1% and 100%', { yieldBp });
  }
  return yieldBp;
}
