import { DomainError } from '../domain/errors';
import { assertMinor, lineTotal, type Minor } from '../domain/money';
import { MAX_QTY_MILLI, MILLI_PER_UNIT, type Milli } from '../domain/quantity';
import { convertQuantity, type Unit } from '../domain/units';
import type { EmbeddedRead } from './embedded-barcode';

/**
 * What a scale label sells of its product: one sale line, priced by the till from its own catalog.
 *
 * - A weight label carries grams: the line is that weight in the product's unit (grams are milli-kg; a product
 *   sold by the gram gets 1,000 milli-g per gram) at the product's unit price, exactly as a weight keyed in.
 * - A price label carries what the scale charged: the line costs exactly that, and its quantity is the weight the
 *   price corresponds to at the product's unit price, price × 1000 / unit price milli-units rounded half up to
 *   the nearest milli-unit (the ledger counts milli-units; the amount stays the printed one, never recomputed).
 *
 * Only goods sold by weight (kg, g) come off a scale. Refusals carry `reason` (SCALE_REFUSALS) for the screen.
 */
export const SCALE_REFUSALS = ['unknown_item', 'not_weighed', 'zero_value', 'no_unit_price'] as const;
export type ScaleRefusal = (typeof SCALE_REFUSALS)[number];

export interface ScaleLine {
  kind: EmbeddedRead['kind'];
  /** milli-units of the product's unit */
  qty: Milli;
  /** what the line costs before any discount: the printed price of a price label */
  total: Minor;
}

export interface ScaleProduct {
  name: string;
  unit: Unit;
  /** minor units per whole unit */
  price: Minor;
}

export function scaleLine(read: EmbeddedRead, product: ScaleProduct): ScaleLine {
  if (product.unit !== 'kg' && product.unit !== 'g') {
    throw new DomainError('INVALID_INPUT', `${product.name} is not sold by weight: a scale label cannot sell it`, { reason: 'not_weighed', name: product.name, unit: product.unit });
  }
  if (!Number.isSafeInteger(read.value) || read.value <= 0) {
    throw new DomainError('INVALID_QUANTITY', `the scale label of ${product.name} reads ${read.kind === 'weight' ? 'no weight' : 'no price'}`, {
      reason: 'zero_value',
      name: product.name,
      kind: read.kind,
    });
  }
  if (read.kind === 'weight') {
    // grams are milli-kg; in the product's own unit
    const qty = convertQuantity(read.value, 'kg', product.unit);
    return { kind: 'weight', qty, total: lineTotal(product.price, qty) };
  }
  if (product.price <= 0) {
    throw new DomainError('INVALID_INPUT', `${product.name} has no price per ${product.unit}: a price label cannot say how much it is`, { reason: 'no_unit_price', name: product.name });
  }
  const total = assertMinor(read.value, 'label price');
  const scaled = BigInt(total) * BigInt(MILLI_PER_UNIT);
  const price = BigInt(product.price);
  const qty = Number((scaled * 2n + price) / (price * 2n));
  if (qty <= 0) {
    throw new DomainError('INVALID_QUANTITY', `the price label of ${product.name} is less than a thousandth of a ${product.unit}`, { reason: 'zero_value', name: product.name, kind: 'price' });
  }
  if (qty > MAX_QTY_MILLI) throw new DomainError('OUT_OF_RANGE', `the price label of ${product.name} is beyond any quantity`, { qty });
  return { kind: 'price', qty, total };
}
