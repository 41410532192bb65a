import type { TillStore } from './database';

/**
 * The till's favourites (migration 0018): the goods without a label a cashier rings up by touch (bread, parsley,
 * loose nuts), in the order of the grid. The till's own choice, made by a manager; not a fact about stock, never
 * sent to the server.
 */
export function favouriteProductIds(store: TillStore): string[] {
  return store.stmt<[], { product_id: string }>('SELECT product_id FROM favourites ORDER BY position').all().map((r) => r.product_id);
}

/** Replaces the grid with these products, in this order (the caller's transaction). */
export function writeFavourites(store: TillStore, productIds: readonly string[], byUserId: string, at: string): void {
  store.stmt('DELETE FROM favourites').run();
  const insert = store.stmt('INSERT INTO favourites (position, product_id, set_by, set_at) VALUES (?, ?, ?, ?)');
  productIds.forEach((id, i) => insert.run(i + 1, id, byUserId, at));
}
