import { DomainError } from '../../shared/domain/errors';
import { MILLI_PER_UNIT, type Milli } from '../../shared/domain/quantity';
import { isFractionalUnit } from '../../shared/domain/units';
import type { TillStore } from '../store';
import { lineProductRow, type LineProduct } from '../store/catalog-repo';

export type { LineProduct } from '../store/catalog-repo';

/** The local catalog's product for a line, or UNKNOWN_PRODUCT: prices always come from here, never from a UI. */
export function lineProduct(store: TillStore, productId: string): LineProduct {
  const product = lineProductRow(store, productId);
  if (product === undefined) throw new DomainError('UNKNOWN_PRODUCT', `no product ${productId} in this till's catalog`, { productId });
  return product;
}

/** Counted goods move in whole units: 1.5 bottles of water is a typing error, 1.5 kg of tomatoes is not. */
export function assertQtyFitsUnit(product: LineProduct, qty: Milli): void {
  if (!isFractionalUnit(product.unit) && qty % MILLI_PER_UNIT !== 0) {
    throw new DomainError('INVALID_QUANTITY', `${product.name} is counted in whole ${product.unit === 'pack' ? 'packs' : 'units'}`, {
      productId: product.id,
      qty,
      unit: product.unit,
    });
  }
}

/** Refuses a document that names the same product twice where each product may appear once (a count). */
export function assertDistinctProducts(productIds: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const id of productIds) {
    if (seen.has(id)) throw new DomainError('INVALID_INPUT', `${what} names product ${id} twice`, { productId: id });
    seen.add(id);
  }
}
