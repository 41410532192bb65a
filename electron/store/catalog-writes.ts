import type { Location, Product, Role } from '../../shared/domain/schemas';
import type { TillStore } from './database';

/** What a cashier's search matches: name and SKU, lower-cased, so "milk" finds "Fresh Milk Full Cream". */
export function searchText(name: string, sku: string): string {
  return `${name} ${sku}`.toLowerCase();
}

/**
 * Inserts or replaces products, their barcodes, pack barcodes and scale item codes (seeding, catalog pulls). A code is either a
 * unit barcode or a pack barcode of one product (migration 0009): the product written last claims it, as the
 * server's catalog, which refuses a code used twice, says it is now.
 */
export function upsertProducts(store: TillStore, products: readonly Product[]): void {
  const upsert = store.stmt(
    `INSERT INTO products (id, sku, name, search_text, unit, pack_size, price, currency, low_stock_threshold, reorder_point,
       reorder_qty, lead_time_days, active, tax_class, plu)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, search_text = excluded.search_text,
       unit = excluded.unit, pack_size = excluded.pack_size, price = excluded.price, currency = excluded.currency,
       low_stock_threshold = excluded.low_stock_threshold, reorder_point = excluded.reorder_point,
       reorder_qty = excluded.reorder_qty, lead_time_days = excluded.lead_time_days, active = excluded.active,
       tax_class = excluded.tax_class, plu = excluded.plu`,
  );
  // A PLU names one product (migration 0020): the product written last claims it, as with a barcode.
  const dropPlu = store.stmt('UPDATE products SET plu = NULL WHERE plu = ? AND id <> ?');
  const dropBarcodes = store.stmt('DELETE FROM barcodes WHERE product_id = ?');
  const addBarcode = store.stmt('INSERT INTO barcodes (code, product_id) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET product_id = excluded.product_id');
  const dropPacks = store.stmt('DELETE FROM pack_barcodes WHERE product_id = ?');
  const dropPackCode = store.stmt('DELETE FROM pack_barcodes WHERE code = ?');
  const dropUnitCode = store.stmt('DELETE FROM barcodes WHERE code = ?');
  const addPack = store.stmt('INSERT INTO pack_barcodes (code, product_id, units, price) VALUES (?, ?, ?, ?)');
  for (const p of products) {
    if (p.plu !== undefined) dropPlu.run(p.plu, p.id);
    upsert.run(
      p.id,
      p.sku,
      p.name,
      searchText(p.name, p.sku),
      p.unit,
      p.packSize,
      p.price,
      p.currency,
      p.lowStockThreshold,
      p.reorderPoint,
      p.reorderQty,
      p.leadTimeDays,
      p.active ? 1 : 0,
      p.taxClass ?? null,
      p.plu ?? null,
    );
    dropBarcodes.run(p.id);
    dropPacks.run(p.id);
    for (const code of p.barcodes) {
      dropPackCode.run(code);
      addBarcode.run(code, p.id);
    }
    for (const pack of p.packs ?? []) {
      dropUnitCode.run(pack.barcode);
      dropPackCode.run(pack.barcode);
      addPack.run(pack.barcode, p.id, pack.units, pack.price);
    }
  }
}

export function upsertLocations(store: TillStore, locations: readonly Location[]): void {
  const upsert = store.stmt(
    'INSERT INTO locations (id, name, kind) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind',
  );
  for (const l of locations) upsert.run(l.id, l.name, l.kind);
}

export interface UserWithPinHash {
  id: string;
  name: string;
  role: Role;
  pinHash: string;
  active?: boolean;
}

export function upsertUsers(store: TillStore, users: readonly UserWithPinHash[]): void {
  const upsert = store.stmt(
    `INSERT INTO users (id, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, active = excluded.active`,
  );
  for (const u of users) upsert.run(u.id, u.name, u.role, u.pinHash, u.active === false ? 0 : 1);
}

/**
 * Users who may no longer log in at this store: deactivated (their sales stay theirs) and their PIN verifier
 * erased from the disk, so a copied till database no longer holds it. A later assignment brings both back.
 */
export function revokeUsers(store: TillStore, userIds: readonly string[]): void {
  const revoke = store.stmt("UPDATE users SET active = 0, pin_hash = '' WHERE id = ?");
  for (const id of userIds) revoke.run(id);
}
