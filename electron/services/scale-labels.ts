import { DomainError } from '../../shared/domain/errors';
import type { ScanView } from '../../shared/api/branch-api';
import { normalizePlu, readEmbedded, type EmbeddedRead } from '../../shared/scan/embedded-barcode';
import { scaleLine } from '../../shared/scan/scale-line';
import type { Milli } from '../../shared/domain/quantity';
import type { TillStore } from '../store';
import { productRowByPlu, type LineProduct } from '../store/catalog-repo';
import { productViewFromRow } from '../store/product-rows';
import { storeScaleFormats } from '../store/scale-formats-repo';
import type { PricedLine } from './pack-pricing';

/**
 * Scale labels at this till (issue 11): a code of the store's label formats (pulled from head office) names a
 * product by its PLU and carries its weight or its price; shared/scan/scale-line.ts says what line that is.
 */

/** The product and line behind a scale label, or null when the code is not a label of the store's formats. */
export function lookupScaleLabel(store: TillStore, code: string): ScanView | null {
  const read = readEmbedded(code, storeScaleFormats(store));
  if (read === null) return null;
  const plu = normalizePlu(read.itemCode);
  const row = plu === null ? undefined : productRowByPlu(store, store.config().storeId, plu);
  if (row === undefined) {
    throw new DomainError('UNKNOWN_BARCODE', `the scale label ${code} names item ${read.itemCode}, which no product has`, { code, reason: 'unknown_item', itemCode: read.itemCode });
  }
  const line = scaleLine(read, row);
  return { ...productViewFromRow(row), pack: null, label: { code, kind: line.kind, qty: line.qty, total: line.total } };
}

/**
 * The price of a sale line scanned as a scale label, read again here from the code and the local catalog: the
 * label must be of the store's formats and name this product, and the line's qty must be what it sells (a label
 * is one weighing: its quantity is not typed). A price label's line costs exactly its printed price; the unit price
 * stays the product's, as the receipt shows it beside the quantity.
 */
export function priceScaleLine(store: TillStore, product: LineProduct, qty: Milli, code: string): PricedLine {
  const read: EmbeddedRead | null = readEmbedded(code, storeScaleFormats(store));
  if (read === null) throw new DomainError('INVALID_INPUT', `${code} is not a scale label of this store`, { code, productId: product.id });
  if (product.plu === null || normalizePlu(read.itemCode) !== product.plu) {
    throw new DomainError('INVALID_INPUT', `the scale label ${code} is not one of ${product.name}`, { code, productId: product.id, reason: 'unknown_item' });
  }
  const line = scaleLine(read, product);
  if (qty !== line.qty) {
    throw new DomainError('INVALID_QUANTITY', `the scale label of ${product.name} sells ${line.qty} milli-units, not ${qty}`, { productId: product.id, qty, label: line.qty });
  }
  return { unitPrice: product.price, total: line.total };
}

/** Whether a code is a weight or a price label of the store's formats; null for neither. */
export function scaleLabelKind(store: TillStore, code: string): EmbeddedRead['kind'] | null {
  return readEmbedded(code, storeScaleFormats(store))?.kind ?? null;
}
