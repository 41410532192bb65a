import type { OpenCartInput, OpenCartView } from '../../shared/api/branch-api';
import * as cart from './cart';

/**
 * The cart on screen and the open cart the backend keeps (cart.save / cart.load), so a reload or a power cut
 * does not lose the basket. Products travel by id; the backend answers them as they are now.
 */

export function savedFromCart(c: cart.Cart): OpenCartInput {
  return {
    saleId: c.saleId,
    lines: c.lines.map((l) => ({
      key: l.key,
      productId: l.product.id,
      qty: l.qty,
      ...(l.pack !== null ? { pack: l.pack.barcode } : {}),
      ...(l.label !== undefined ? { label: l.label.code } : {}),
      ...(l.discount !== undefined ? { discount: l.discount } : {}),
      ...(l.price !== undefined ? { price: l.price } : {}),
    })),
    ...(c.discount !== undefined ? { discount: c.discount } : {}),
    tenders: c.tenders.map((t) => ({ method: t.method, amount: t.amount, ...(t.currency !== undefined ? { currency: t.currency } : {}) })),
    customerContact: c.customerContact,
    nextKey: c.nextKey,
    ...(c.changeIn !== undefined ? { changeIn: c.changeIn } : {}),
    // The earlier attempts go too, or a reload would forget to ask whether one was recorded (and sell twice).
    // The newest 20: the checkout settles them before each sale, so more is a cart nobody has tried to finish.
    ...(c.unconfirmedSaleIds !== undefined ? { unconfirmedSaleIds: c.unconfirmedSaleIds.slice(-20) } : {}),
    ...(c.attempted !== undefined ? { attempted: c.attempted } : {}),
  };
}

export function cartFromSaved(saved: OpenCartView): cart.Cart {
  // From emptyCart, so whatever else a cart carries starts as for any new cart; the sale id is the saved one, so
  // a retry of a sale whose answer was lost before the reload still cannot sell twice. At today's prices a saved
  // discount may no longer fit: it is dropped (cart.fitDiscounts), never left to break the screen.
  return cart.fitDiscounts({
    ...cart.emptyCart(saved.saleId, saved.currency),
    // A pack the catalog no longer has comes back as null: the line sells its units one by one.
    lines: saved.lines.map((l) => ({
      key: l.key,
      product: l.view.product,
      qty: l.qty,
      available: l.view.available,
      pack: l.pack ?? null,
      // a scale label's line comes back as the till read its label again: its quantity, and a price label's price
      ...(l.label !== undefined ? { label: l.label } : {}),
      ...(l.discount !== undefined ? { discount: l.discount } : {}),
      ...(l.price !== undefined ? { price: l.price } : {}),
    })),
    ...(saved.discount !== undefined ? { discount: saved.discount } : {}),
    tenders: saved.tenders.map((t) => ({ method: t.method, amount: t.amount, ...(t.currency !== undefined ? { currency: t.currency } : {}) })),
    ...(saved.changeIn !== undefined ? { changeIn: saved.changeIn } : {}),
    customerContact: saved.customerContact,
    nextKey: Math.max(saved.nextKey, ...saved.lines.map((l) => Number(l.key.slice(1)) + 1)),
    ...(saved.unconfirmedSaleIds !== undefined && saved.unconfirmedSaleIds.length > 0 ? { unconfirmedSaleIds: saved.unconfirmedSaleIds } : {}),
    ...(saved.attempted !== undefined ? { attempted: saved.attempted } : {}),
  }).cart;
}

/** As the backend's isEmptyOpenCart: an earlier attempt whose fate is unknown is something to keep. */
export function isEmptyCart(c: cart.Cart): boolean {
  return (
    c.lines.length === 0 &&
    c.tenders.length === 0 &&
    c.customerContact === null &&
    (c.unconfirmedSaleIds ?? []).length === 0 &&
    c.attempted === undefined
  );
}
