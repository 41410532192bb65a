import { DomainError } from './errors';
import { type Milli, assertMilli } from './quantity';

/**
 * Units of measure. A product's stock is counted in its own unit; a pack is a case of `packSize` each
 * (a case of 24 cans), so receiving 2 packs adds 48 each to a product counted in each.
 */
export const UNITS = ['each', 'kg', 'g', 'l', 'ml', 'pack'] as const;
export type Unit = (typeof UNITS)[number];

/** Units whose quantities may have decimals on a sale (weighed or poured goods). */
export function isFractionalUnit(unit: Unit): boolean {
  return unit === 'kg' || unit === 'g' || unit === 'l' || unit === 'ml';
}

type Dimension = 'count' | 'mass' | 'volume';
const DIMENSION: Record<Unit, Dimension> = { each: 'count', pack: 'count', kg: 'mass', g: 'mass', l: 'volume', ml: 'volume' };
/** How many of the dimension's smallest unit one unit holds (g for mass, ml for volume, each for count). */
const BASE_FACTOR: Record<Exclude<Unit, 'pack'>, number> = { each: 1, kg: 1000, g: 1, l: 1000, ml: 1 };

/**
 * Converts a quantity between units of one dimension. Refuses conversions across dimensions (kg to each) and
 * results that would lose precision (1 g is 0.001 kg, exact; 0.5 g in kg would be 0.0005, refused).
 */
export function convertQuantity(qty: Milli, from: Unit, to: Unit, packSize?: number): Milli {
  assertMilli(qty);
  if (from === to) return qty;
  if (DIMENSION[from] !== DIMENSION[to]) {
    throw new DomainError('INVALID_QUANTITY', `cannot convert ${from} to ${to}`, { from, to });
  }
  const factor = (unit: Unit): number => {
    if (unit !== 'pack') return BASE_FACTOR[unit];
    if (packSize === undefined || !Number.isSafeInteger(packSize) || packSize <= 0) {
      throw new DomainError('INVALID_QUANTITY', 'a pack conversion needs a whole, positive pack size', { packSize });
    }
    return packSize;
  };
  const numerator = qty * factor(from);
  const denominator = factor(to);
  if (numerator % denominator !== 0) {
    throw new DomainError('INVALID_QUANTITY', `${qty} milli-${from} is not a whole number of milli-${to}`, { qty, from, to });
  }
  return assertMilli(numerator / denominator);
}
