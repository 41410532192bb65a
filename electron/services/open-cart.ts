import type { OpenCartInput, OpenCartView, ScaleLabelView } from '../../shared/api/branch-api';
import { DomainError } from '../../shared/domain/errors';
import { lookupScaleLabel } from './scale-labels';
import { loadOpenCart, saveOpenCart } from '../store/open-cart';
import { heldCartBySale } from '../store/held-carts-repo';
import type { TillStore } from '../store';
import { packOfProduct } from '../store/catalog-repo';
import { productView } from './catalog';

/**
 * The logged-in user's open cart with its products as they are now (price, availability), so a restored basket
 * shows what a fresh scan would. A line whose product this till no longer has is left out and counted. A line
 * scanned as a pack keeps its pack as the catalog has it now (its price may have changed), or null when the code
 * is no longer that product's pack: the line then sells as single units. A line scanned as a scale label is read
 * again from its code (a price label keeps its printed price); when the store's formats or the product's PLU
 * changed meanwhile, it comes back as an ordinary line of its weight at the unit price.
 */
export function loadCart(store: TillStore, userId: string): OpenCartView | null {
  const cart = loadOpenCart(store, userId);
  if (cart === null) return null;
  const lines: OpenCartView['lines'] = [];
  for (const line of cart.lines) {
    const view = productView(store, line.productId);
    if (view === undefined) continue;
    const discount = { ...(line.discount === undefined ? {} : { discount: line.discount }), ...(line.price === undefined ? {} : { price: line.price }) };
    const label = line.label === undefined ? undefined : labelAgain(store, line.label, line.productId);
    if (label !== undefined) lines.push({ key: line.key, qty: label.qty, view, label, ...discount });
    else if (line.pack === undefined) lines.push({ key: line.key, qty: line.qty, view, ...discount });
    else lines.push({ key: line.key, qty: line.qty, view, pack: packOfProduct(store, line.productId, line.pack) ?? null, ...discount });
  }
  return {
    saleId: cart.saleId,
    currency: store.config().currency,
    lines,
    tenders: cart.tenders,
    customerContact: cart.customerContact,
    nextKey: cart.nextKey,
    dropped: cart.lines.length - lines.length,
    ...(cart.changeIn !== undefined ? { changeIn: cart.changeIn } : {}),
    ...(cart.discount !== undefined ? { discount: cart.discount } : {}),
    ...(cart.unconfirmedSaleIds !== undefined ? { unconfirmedSaleIds: cart.unconfirmedSaleIds } : {}),
    ...(cart.attempted !== undefined ? { attempted: cart.attempted } : {}),
  };
}

/**
 * A save of a cart that is on hold is not kept: it is the screen's late save of the basket just parked (saves are
 * debounced), and keeping it would put the same basket both on hold and open.
 */
export function saveCart(store: TillStore, userId: string, cart: OpenCartInput, now: Date): { saved: boolean } {
  if (heldCartBySale(store, cart.saleId) !== undefined) return { saved: false };
  saveOpenCart(store, userId, cart, now.toISOString());
  return { saved: true };
}

/** The scale label a saved line was scanned as, read again now; undefined when it no longer names that product. */
function labelAgain(store: TillStore, code: string, productId: string): ScaleLabelView | undefined {
  try {
    const read = lookupScaleLabel(store, code);
    return read !== null && read.product.id === productId ? read.label : undefined;
  } catch (e) {
    if (e instanceof DomainError) return undefined;
    throw e;
  }
}
