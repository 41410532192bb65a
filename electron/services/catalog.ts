import { checkBarcode } from '../../shared/domain/barcode';
import { DomainError } from '../../shared/domain/errors';
import type { ProductView } from '../../shared/api/branch-api';
import type { TillStore } from '../store';
import { PRODUCT_VIEW_COLUMNS, PRODUCT_VIEW_FROM, productViewFromRow, type ProductViewRow } from './product-rows';

/**
 * The product behind a scanned code and what is available of it at this till's store. A code with a wrong check
 * digit is a misread (INVALID_BARCODE: scan again); a valid code we do not sell is UNKNOWN_BARCODE.
 */
export function lookupBarcode(store: TillStore, rawCode: string): ProductView {
  const check = checkBarcode(rawCode);
  if (!check.ok) throw new DomainError('INVALID_BARCODE', `"${rawCode.trim()}" is not a valid barcode: ${check.reason}`, { code: rawCode });
  const row = store
    .stmt<[string, string], ProductViewRow>(
      `SELECT ${PRODUCT_VIEW_COLUMNS} FROM barcodes bc JOIN products p ON p.id = bc.product_id
         LEFT JOIN levels l ON l.product_id = p.id AND l.location_id = ? WHERE bc.code = ?`,
    )
    .get(store.config().storeId, check.code);
  if (row === undefined) throw new DomainError('UNKNOWN_BARCODE', `no product has the barcode ${check.code}`, { code: check.code });
  return productViewFromRow(row);
}

/** Escapes LIKE wildcards so a search for "50%" means the characters, not a pattern. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Products whose name or SKU contains every word the cashier typed ("milk 1 l"), active first, then by name.
 * A scan of the normalized column: on a shop's catalog it answers in milliseconds and needs no index upkeep.
 */
export function searchProducts(store: TillStore, query: string, limit: number): ProductView[] {
  const words = query.trim().split(/\s+/).filter((w) => w !== '').slice(0, 5);
  if (words.length === 0) return [];
  const where = words.map(() => "p.search_text LIKE ? ESCAPE '\\'").join(' AND ');
  const rows = store
    .stmt<unknown[], ProductViewRow>(
      `SELECT ${PRODUCT_VIEW_COLUMNS} FROM ${PRODUCT_VIEW_FROM} WHERE ${where} ORDER BY p.active DESC, p.name LIMIT ?`,
    )
    .all(store.config().storeId, ...words.map(likePattern), limit);
  return rows.map(productViewFromRow);
}

export function productView(store: TillStore, productId: string): ProductView | undefined {
  const row = store
    .stmt<[string, string], ProductViewRow>(`SELECT ${PRODUCT_VIEW_COLUMNS} FROM ${PRODUCT_VIEW_FROM} WHERE p.id = ?`)
    .get(store.config().storeId, productId);
  return row === undefined ? undefined : productViewFromRow(row);
}
