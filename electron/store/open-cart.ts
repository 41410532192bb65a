import { openCartInput, type OpenCartInput } from '../../shared/api/branch-api';
import type { TillStore } from './database';

/**
 * The cart being rung up, one per user, in the till's database (migration 0003): a reload or a power cut must
 * not lose the basket. Not a fact about stock: nothing here moves stock or reaches the server. The body is the
 * branch API's openCartInput, checked by zod when it is written and again when it is read back.
 */

/**
 * Nothing to keep: no lines, no payments, no customer contact, and no earlier attempt whose fate is unknown (an
 * emptied cart still has to ask whether such a sale was recorded before the goods are rung up again).
 */
export function isEmptyOpenCart(cart: OpenCartInput): boolean {
  return (
    cart.lines.length === 0 &&
    cart.tenders.length === 0 &&
    cart.customerContact === null &&
    (cart.unconfirmedSaleIds ?? []).length === 0 &&
    cart.attempted === undefined
  );
}

/** Keeps `cart` as the user's open cart, replacing the one before; an empty cart removes it. */
export function saveOpenCart(store: TillStore, userId: string, cart: OpenCartInput, at: string): void {
  const checked = openCartInput.parse(cart);
  if (isEmptyOpenCart(checked)) {
    deleteOpenCart(store, userId);
    return;
  }
  store
    .stmt(
      `INSERT INTO open_carts (user_id, sale_id, body, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET sale_id = excluded.sale_id, body = excluded.body, updated_at = excluded.updated_at`,
    )
    .run(userId, checked.saleId, JSON.stringify(checked), at);
}

/**
 * The user's open cart, or null. A cart whose sale has been completed meanwhile (the power went while the
 * receipt was on screen) is finished, not open: it is removed, never offered again. So is a body that no
 * longer reads as a cart (written by another version): a basket cannot be restored half.
 */
export function loadOpenCart(store: TillStore, userId: string): OpenCartInput | null {
  return store.transaction(() => {
    const row = store.stmt<[string], { sale_id: string; body: string }>('SELECT sale_id, body FROM open_carts WHERE user_id = ?').get(userId);
    if (row === undefined) return null;
    const sold = store.stmt<[string], { one: number }>('SELECT 1 AS one FROM sales WHERE id = ?').get(row.sale_id) !== undefined;
    const parsed = sold ? null : openCartInput.safeParse(JSON.parse(row.body));
    if (parsed === null || !parsed.success) {
      deleteOpenCart(store, userId);
      return null;
    }
    return parsed.data;
  });
}

export function deleteOpenCart(store: TillStore, userId: string): void {
  store.stmt('DELETE FROM open_carts WHERE user_id = ?').run(userId);
}
