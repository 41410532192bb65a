import { checkBarcode } from '../../shared/domain/barcode';
import { DomainError } from '../../shared/domain/errors';
import type { ProductView, ScanView } from '../../shared/api/branch-api';
import type { TillStore } from '../store';
import { productRow, productRowByBarcode, productRowByPackBarcode, searchProductRows } from '../store/catalog-repo';
import { productViewFromRow } from '../store/product-rows';
import { lookupScaleLabel } from './scale-labels';

/**
 * The product behind a scanned code and what is available of it at this till's store, with the pack when the
 * code is one of the product's pack barcodes (a case of 24: the screen adds 24 units, priced by the pack). A code
 * with a wrong check digit is a misread (INVALID_BARCODE: scan again); a valid code we do not sell is
 * UNKNOWN_BARCODE. A scale label of the store's formats is read by ./scale-labels.ts.
 */
export function lookupBarcode(store: TillStore, rawCode: string): ScanView {
  const check = checkBarcode(rawCode);
  if (!check.ok) throw new DomainError('INVALID_BARCODE', `"${rawCode.trim()}" is not a valid barcode: ${check.reason}`, { code: rawCode });
  const { storeId } = store.config();
  const row = productRowByBarcode(store, storeId, check.code);
  if (row !== undefined) return { ...productViewFromRow(row), pack: null };
  const packRow = productRowByPackBarcode(store, storeId, check.code);
  if (packRow === undefined) {
    // a code of the store's scale label formats (GS1 prefixes 20-29): the product by its PLU, with what the label sells
    const label = lookupScaleLabel(store, check.code);
    if (label !== null) return label;
  }
  if (packRow === undefined) throw new DomainError('UNKNOWN_BARCODE', `no product has the barcode ${check.code}`, { code: check.code });
  return { ...productViewFromRow(packRow), pack: { barcode: check.code, units: packRow.pack_units, price: packRow.pack_price } };
}

/** Products whose name or SKU contains every word the cashier typed ("milk 1 l"), active first, then by name. */
export function searchProducts(store: TillStore, query: string, limit: number): ProductView[] {
  const words = query.trim().split(/\s+/).filter((w) => w !== '').slice(0, 5);
  if (words.length === 0) return [];
  return searchProductRows(store, store.config().storeId, words, limit).map(productViewFromRow);
}

export function productView(store: TillStore, productId: string): ProductView | undefined {
  const row = productRow(store, store.config().storeId, productId);
  return row === undefined ? undefined : productViewFromRow(row);
}
