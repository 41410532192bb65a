import type { Currency } from '../../shared/domain/money';
import type { PackBarcode, Product } from '../../shared/domain/schemas';
import type { Unit } from '../../shared/domain/units';
import type { ProductView } from '../../shared/api/branch-api';

/**
 * The SELECT list every product read shares: product columns, its barcodes and pack barcodes (JSON, NULL for
 * none), its available quantity at a location.
 */
export const PRODUCT_VIEW_COLUMNS = `p.id, p.sku, p.name, p.unit, p.pack_size, p.price, p.currency, p.low_stock_threshold,
  p.reorder_point, p.reorder_qty, p.lead_time_days, p.active, p.tax_class, p.plu,
  (SELECT group_concat(b.code, char(31)) FROM barcodes b WHERE b.product_id = p.id) AS codes,
  CASE WHEN EXISTS (SELECT 1 FROM pack_barcodes pe WHERE pe.product_id = p.id) THEN
    (SELECT json_group_array(json_object('barcode', pb.code, 'units', pb.units, 'price', pb.price)) FROM pack_barcodes pb WHERE pb.product_id = p.id)
  END AS packs,
  coalesce(l.on_hand - l.reserved - l.quarantined, 0) AS available,
  coalesce(l.on_hand, 0) AS on_hand`;

/** Joins the level of the till's store (bound as the first parameter). */
export const PRODUCT_VIEW_FROM = 'products p LEFT JOIN levels l ON l.product_id = p.id AND l.location_id = ?';

export interface ProductViewRow {
  id: string;
  sku: string;
  name: string;
  unit: Unit;
  pack_size: number | null;
  price: number;
  currency: Currency;
  low_stock_threshold: number;
  reorder_point: number;
  reorder_qty: number;
  lead_time_days: number;
  active: number;
  tax_class: string | null;
  /** its scale item code (migration 0020), null for none */
  plu: string | null;
  codes: string | null;
  /** JSON array of the product's pack barcodes, NULL when it has none */
  packs: string | null;
  available: number;
  on_hand: number;
}

export function productFromRow(row: ProductViewRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    barcodes: row.codes === null ? [] : row.codes.split('\u001f'),
    unit: row.unit,
    packSize: row.pack_size,
    price: row.price,
    currency: row.currency,
    lowStockThreshold: row.low_stock_threshold,
    reorderPoint: row.reorder_point,
    reorderQty: row.reorder_qty,
    leadTimeDays: row.lead_time_days,
    active: row.active === 1,
    ...(row.tax_class === null ? {} : { taxClass: row.tax_class }),
    ...(row.plu === null ? {} : { plu: row.plu }),
    // Absent rather than empty, as the server sends a product without packs (shared/domain/schemas.ts).
    ...(row.packs === null ? {} : { packs: sortedPacks(JSON.parse(row.packs) as PackBarcode[]) }),
  };
}

function sortedPacks(packs: PackBarcode[]): PackBarcode[] {
  return packs.sort((a, b) => a.units - b.units || (a.barcode < b.barcode ? -1 : 1));
}

export function productViewFromRow(row: ProductViewRow): ProductView {
  return { product: productFromRow(row), available: row.available };
}
