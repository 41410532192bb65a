import type { PackBarcode } from '../../shared/domain/schemas';
import type { Unit } from '../../shared/domain/units';
import type { TillStore } from './database';
import { PRODUCT_VIEW_COLUMNS, PRODUCT_VIEW_FROM, type ProductViewRow } from './product-rows';

/**
 * Reads of the local catalog: products, their barcodes, and the level of each at a location (the till's store).
 * The writes the catalog receives (seeding, pulls) are in catalog-writes.ts.
 */

/** A product with the level at `locationId`, by one of its barcodes (already checked and normalized). */
export function productRowByBarcode(store: TillStore, locationId: string, code: string): ProductViewRow | undefined {
  return store
    .stmt<[string, string], ProductViewRow>(
      `SELECT ${PRODUCT_VIEW_COLUMNS} FROM barcodes bc JOIN products p ON p.id = bc.product_id
         LEFT JOIN levels l ON l.product_id = p.id AND l.location_id = ? WHERE bc.code = ?`,
    )
    .get(locationId, code);
}

/** A product with the level at `locationId`, by one of its pack barcodes, with that pack. */
export function productRowByPackBarcode(store: TillStore, locationId: string, code: string): (ProductViewRow & { pack_units: number; pack_price: number | null }) | undefined {
  return store
    .stmt<[string, string], ProductViewRow & { pack_units: number; pack_price: number | null }>(
      `SELECT ${PRODUCT_VIEW_COLUMNS}, pk.units AS pack_units, pk.price AS pack_price FROM pack_barcodes pk JOIN products p ON p.id = pk.product_id
         LEFT JOIN levels l ON l.product_id = p.id AND l.location_id = ? WHERE pk.code = ?`,
    )
    .get(locationId, code);
}

/** A product with the level at `locationId`, by its scale item code (PLU, already normalized). */
export function productRowByPlu(store: TillStore, locationId: string, plu: string): ProductViewRow | undefined {
  return store.stmt<[string, string], ProductViewRow>(`SELECT ${PRODUCT_VIEW_COLUMNS} FROM ${PRODUCT_VIEW_FROM} WHERE p.plu = ?`).get(locationId, plu);
}

/** One pack barcode of one product, or undefined when the code is not that product's pack. */
export function packOfProduct(store: TillStore, productId: string, code: string): PackBarcode | undefined {
  const row = store
    .stmt<[string, string], { units: number; price: number | null }>('SELECT units, price FROM pack_barcodes WHERE code = ? AND product_id = ?')
    .get(code, productId);
  return row === undefined ? undefined : { barcode: code, units: row.units, price: row.price };
}

export function productRow(store: TillStore, locationId: string, productId: string): ProductViewRow | undefined {
  return store
    .stmt<[string, string], ProductViewRow>(`SELECT ${PRODUCT_VIEW_COLUMNS} FROM ${PRODUCT_VIEW_FROM} WHERE p.id = ?`)
    .get(locationId, productId);
}

/** Escapes LIKE wildcards so a search for "50%" means the characters, not a pattern. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function wordsClause(words: readonly string[]): string[] {
  return words.map(() => "p.search_text LIKE ? ESCAPE '\\'");
}

/**
 * Products whose name or SKU contains every one of `words`, active first, then by name. A scan of the normalized
 * column: on a shop's catalog it answers in milliseconds and needs no index upkeep.
 */
export function searchProductRows(store: TillStore, locationId: string, words: readonly string[], limit: number): ProductViewRow[] {
  const where = wordsClause(words).join(' AND ');
  return store
    .stmt<unknown[], ProductViewRow>(`SELECT ${PRODUCT_VIEW_COLUMNS} FROM ${PRODUCT_VIEW_FROM} WHERE ${where} ORDER BY p.active DESC, p.name LIMIT ?`)
    .all(locationId, ...words.map(likePattern), limit);
}

/** Active products containing every one of `words` (all of them for none), by name: the rows of a count sheet. */
export function activeProductRows(store: TillStore, locationId: string, words: readonly string[], limit: number): ProductViewRow[] {
  const where = ['p.active = 1', ...wordsClause(words)].join(' AND ');
  return store
    .stmt<unknown[], ProductViewRow>(`SELECT ${PRODUCT_VIEW_COLUMNS} FROM ${PRODUCT_VIEW_FROM} WHERE ${where} ORDER BY p.name LIMIT ?`)
    .all(locationId, ...words.map(likePattern), limit);
}

/** Active products at or below their low-stock threshold or reorder point at `locationId`, most urgent first. */
export function lowStockRows(store: TillStore, locationId: string): ProductViewRow[] {
  return store
    .stmt<[string], ProductViewRow>(
      `SELECT ${PRODUCT_VIEW_COLUMNS} FROM ${PRODUCT_VIEW_FROM}
       WHERE p.active = 1 AND (coalesce(l.on_hand - l.reserved - l.quarantined, 0) <= p.low_stock_threshold
         OR coalesce(l.on_hand - l.reserved - l.quarantined, 0) <= p.reorder_point)
       ORDER BY (coalesce(l.on_hand - l.reserved - l.quarantined, 0) - p.low_stock_threshold), p.name`,
    )
    .all(locationId);
}

/** What a sale, receipt, waste or count line needs of its product: the price always comes from here. */
export interface LineProduct {
  id: string;
  sku: string;
  name: string;
  unit: Unit;
  price: number;
  active: number;
  /** its tax class (migration 0013); null: the tenant's default */
  tax_class: string | null;
  /** its scale item code (migration 0020); null: none */
  plu: string | null;
}

export function lineProductRow(store: TillStore, productId: string): LineProduct | undefined {
  return store.stmt<[string], LineProduct>('SELECT id, sku, name, unit, price, active, tax_class, plu FROM products WHERE id = ?').get(productId);
}

export function productExists(store: TillStore, productId: string): boolean {
  return store.stmt<[string], { one: number }>('SELECT 1 AS one FROM products WHERE id = ?').get(productId) !== undefined;
}
