import { openCartInput, type OpenCartInput } from '../../shared/api/branch-api';
import type { TillStore } from './database';

/** The SQL of held carts (migration 0016). Bodies are checked by zod on the way in and again on the way out. */

export interface HeldCartRow {
  id: string;
  sale_id: string;
  held_by_name: string | null;
  label: string | null;
  body: string;
  held_at: string;
}

export function insertHeldCart(store: TillStore, h: { id: string; userId: string; label: string | null; cart: OpenCartInput; at: string }): void {
  const cart = openCartInput.parse(h.cart);
  store.stmt('INSERT INTO held_carts (id, sale_id, held_by, label, body, held_at) VALUES (?, ?, ?, ?, ?, ?)').run(h.id, cart.saleId, h.userId, h.label, JSON.stringify(cart), h.at);
}

const COLUMNS = 'h.id, h.sale_id, u.name AS held_by_name, h.label, h.body, h.held_at FROM held_carts h LEFT JOIN users u ON u.id = h.held_by';

export function heldCartRow(store: TillStore, id: string): HeldCartRow | undefined {
  return store.stmt<[string], HeldCartRow>(`SELECT ${COLUMNS} WHERE h.id = ?`).get(id);
}

export function heldCartBySale(store: TillStore, saleId: string): HeldCartRow | undefined {
  return store.stmt<[string], HeldCartRow>(`SELECT ${COLUMNS} WHERE h.sale_id = ?`).get(saleId);
}

export function heldCartRows(store: TillStore): HeldCartRow[] {
  return store.stmt<[], HeldCartRow>(`SELECT ${COLUMNS} ORDER BY h.held_at, h.id`).all();
}

export function countHeldCarts(store: TillStore): number {
  return store.stmt<[], { n: number }>('SELECT count(*) AS n FROM held_carts').get()?.n ?? 0;
}

export function deleteHeldCart(store: TillStore, id: string): boolean {
  return store.stmt('DELETE FROM held_carts WHERE id = ?').run(id).changes === 1;
}

export function deleteHeldCartOfSale(store: TillStore, saleId: string): void {
  store.stmt('DELETE FROM held_carts WHERE sale_id = ?').run(saleId);
}

/** The cart a held row keeps; null when its body no longer reads as a cart (written by another version). */
export function heldCartBody(row: HeldCartRow): OpenCartInput | null {
  const parsed = openCartInput.safeParse(JSON.parse(row.body));
  return parsed.success ? parsed.data : null;
}
