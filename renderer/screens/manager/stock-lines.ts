import { DomainError } from '../../../shared/domain/errors';
import { MILLI_PER_UNIT, addQty, parseQuantity, type Milli } from '../../../shared/domain/quantity';
import type { PackBarcode } from '../../../shared/domain/packs';
import type { QtyText } from '../../app/format';
import { isFractionalUnit, UNITS, type Unit } from '../../../shared/domain/units';
import type { ProductView } from '../../../shared/api/branch-api';
import type { Product } from '../../../shared/domain/schemas';

/** A line being prepared for a receipt of goods or a waste record: the quantity stays text until submitted. */
export interface DraftLine<Extra = object> {
  view: ProductView;
  qtyText: string;
  extra: Extra;
}

/** A positive quantity in the product's unit; counted goods in whole units. `text` as typed, in any digits. */
export function parseStockQty(product: { name: string; unit: string }, text: string, num: QtyText): Milli {
  const q = parseCount(product, text, num);
  if (q <= 0) throw new DomainError('INVALID_QUANTITY', `${product.name}: the quantity must be greater than zero`, { text });
  return q;
}

/**
 * A count that may be nothing (what arrived of a line, what is sent of it): an empty box is 0; never negative;
 * counted goods in whole units.
 */
export function parseCount(product: { name: string; unit: string }, text: string, num: QtyText): Milli {
  if (text.trim() === '') return 0;
  const q = parseQuantity(num.read(text));
  if (q < 0) throw new DomainError('INVALID_QUANTITY', `${product.name}: the quantity cannot be negative`, { text });
  if (!fractional(product.unit) && q % 1000 !== 0) {
    throw new DomainError('INVALID_QUANTITY', `${product.name} is counted in whole ${product.unit}`, { text });
  }
  return q;
}

/** A transfer or reservation line names its unit as text (the contract's lineProduct); an unknown one counts whole. */
function fractional(unit: string): boolean {
  return (UNITS as readonly string[]).includes(unit) && isFractionalUnit(unit as Unit);
}

/** What one scan of `view` adds: one unit, or the whole pack when the code was a pack barcode (a case of 24). */
export function scanStep(view: ProductView & { pack?: PackBarcode | null }): Milli {
  return view.pack !== undefined && view.pack !== null ? view.pack.units * MILLI_PER_UNIT : MILLI_PER_UNIT;
}

/**
 * Scanning a product already on the list adds one to it (or a whole pack, see scanStep) rather than a second line
 * (written in the till's digits).
 */
export function addDraftLine<E>(lines: DraftLine<E>[], view: ProductView & { pack?: PackBarcode | null }, extra: E, num: QtyText): DraftLine<E>[] {
  const step = scanStep(view);
  const i = lines.findIndex((l) => l.view.product.id === view.product.id);
  if (i < 0) return [...lines, { view, qtyText: num.write(step), extra }];
  const line = lines[i]!;
  let next = line.qtyText;
  try {
    next = num.write(addQty(parseQuantity(num.read(line.qtyText)), step));
  } catch {
    // an unparsable quantity stays as typed; the cashier sees it flagged on submit
  }
  return lines.map((l, j) => (j === i ? { ...l, qtyText: next } : l));
}

/** "Name: 12 pc, Other: 3.5 kg": what a receipt or a waste record left on the shelf, for its confirmation. */
export function describeLevels(
  lines: readonly DraftLine<unknown>[],
  levels: readonly { productId: string; level: { onHand: Milli } }[],
  qty: (q: Milli, unit: Product['unit']) => string,
  list: (items: string[]) => string = (items) => items.join(', '),
): string {
  const products = new Map(lines.map((l) => [l.view.product.id, l.view.product] as const));
  const parts = levels
    .flatMap((lv) => {
      const p = products.get(lv.productId);
      return p === undefined ? [] : [`${p.name}: ${qty(lv.level.onHand, p.unit)}`];
    });
  return list(parts);
}
