import { DomainError } from '../../shared/domain/errors';
import { assertMinor, lineTotal, type Minor } from '../../shared/domain/money';
import { packsToMilli } from '../../shared/domain/packs';
import type { Milli } from '../../shared/domain/quantity';
import type { TillStore } from '../store';
import { packOfProduct, type LineProduct } from '../store/catalog-repo';

export interface PricedLine {
  /** minor units per whole unit of the product, as the receipt shows it beside the quantity */
  unitPrice: Minor;
  /** what the line costs: the amount the sale's total is the sum of */
  total: Minor;
}

/**
 * The price of a sale line, from the local catalog only. A line scanned as a pack barcode (`packCode`) must be a
 * whole number of packs (INVALID_QUANTITY otherwise) and costs packs × the pack's price when the pack has one,
 * else its units at the unit price, exactly as a line of singles.
 *
 * For a pack with its own price, `total` is exact and `unitPrice` is the pack price shared over its units, rounded
 * to the minor unit: a partial return refunds that per unit (shared/domain/returns.ts), the last return of the
 * line refunds exactly what is left of its total, and a receipt's "qty × unit price" reads within rounding of
 * the total. The server stores neither: it sums nothing from them (the sale's total is the sum of line totals).
 */
export function priceSaleLine(store: TillStore, product: LineProduct, qty: Milli, packCode: string | undefined): PricedLine {
  if (packCode === undefined) return { unitPrice: product.price, total: lineTotal(product.price, qty) };
  const pack = packOfProduct(store, product.id, packCode);
  if (pack === undefined) {
    throw new DomainError('UNKNOWN_BARCODE', `${packCode} is not a pack barcode of ${product.name}`, { productId: product.id, code: packCode });
  }
  const perPack = packsToMilli(1, pack.units, product.unit);
  if (qty % perPack !== 0) {
    throw new DomainError('INVALID_QUANTITY', `${product.name} scanned as a pack is sold in whole packs of ${pack.units}`, {
      productId: product.id,
      qty,
      units: pack.units,
    });
  }
  if (pack.price === null) return { unitPrice: product.price, total: lineTotal(product.price, qty) };
  const packs = qty / perPack;
  return { unitPrice: Math.round(pack.price / pack.units), total: assertMinor(packs * pack.price, 'line total') };
}
