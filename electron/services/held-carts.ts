import { DomainError } from '../../shared/domain/errors';
import type { BranchParsedInput, HeldCartView, OpenCartView } from '../../shared/api/branch-api';
import type { TillStore } from '../store';
import { countHeldCarts, deleteHeldCart, heldCartBody, heldCartBySale, heldCartRow, heldCartRows, insertHeldCart } from '../store/held-carts-repo';
import { deleteOpenCart, isEmptyOpenCart, loadOpenCart, saveOpenCart } from '../store/open-cart';
import { saleRow } from '../store/sales-repo';
import { lineProductRow } from '../store/catalog-repo';
import { loadCart } from './open-cart';

/**
 * Carts on hold (issue 11, faster selling): the cashier parks one customer's basket (they went back for the
 * milk) and serves the next; any user of the till resumes it later, and it becomes their open cart with its own
 * sale id, so it can never be sold twice. A cart with a payment taken, or whose sale may already be recorded, is
 * not held: the money or the doubt belongs to the customer in front of the till now.
 */
export const MAX_HELD_CARTS = 20;

/** The held carts, oldest first, each with the names of its first items, as the cashier picks one out. */
export function listHeldCarts(store: TillStore): HeldCartView[] {
  return heldCartRows(store).map((row) => {
    const cart = heldCartBody(row);
    return {
      holdId: row.id,
      label: row.label,
      heldAt: row.held_at,
      heldByName: row.held_by_name ?? 'unknown',
      lines: cart?.lines.length ?? 0,
      items: (cart?.lines ?? []).slice(0, 3).map((l) => lineProductRow(store, l.productId)?.name ?? l.productId),
    };
  });
}

/** Parks the user's cart. Idempotent by holdId: the same hold again answers the list and writes nothing. */
export function holdCart(store: TillStore, userId: string, input: BranchParsedInput<'cart.hold'>, now: Date): HeldCartView[] {
  return store.transaction(() => {
    const prior = heldCartRow(store, input.holdId);
    if (prior !== undefined) {
      if (prior.sale_id !== input.cart.saleId) throw new DomainError('ID_REUSED', `hold ${input.holdId} is another cart`, { holdId: input.holdId });
      return listHeldCarts(store);
    }
    const cart = input.cart;
    if (cart.lines.length === 0) throw new DomainError('INVALID_INPUT', 'an empty cart is not held');
    if (cart.tenders.length > 0) throw new DomainError('INVALID_INPUT', 'a payment was taken on this cart: give it back or finish the sale before holding it');
    if (cart.attempted !== undefined || (cart.unconfirmedSaleIds ?? []).length > 0) {
      throw new DomainError('INVALID_INPUT', 'this cart’s sale may already be recorded: finish it before holding it');
    }
    if (saleRow(store, cart.saleId) !== undefined) throw new DomainError('INVALID_INPUT', 'this cart was already sold');
    if (heldCartBySale(store, cart.saleId) !== undefined) throw new DomainError('INVALID_INPUT', 'this cart is already on hold');
    if (countHeldCarts(store) >= MAX_HELD_CARTS) throw new DomainError('INVALID_INPUT', `at most ${MAX_HELD_CARTS} carts can be on hold: resume or clear one first`);
    insertHeldCart(store, { id: input.holdId, userId, label: input.label ?? null, cart, at: now.toISOString() });
    // the held cart is no longer the user's open cart: a reload must not bring it back on screen as well (another
    // basket of theirs, open on another device, stays)
    if (loadOpenCart(store, userId)?.saleId === cart.saleId) deleteOpenCart(store, userId);
    return listHeldCarts(store);
  });
}

/**
 * Takes a held cart off the list and makes it the user's open cart, with its products as they are now. Refused
 * over another basket the user has open (another device of theirs: it is never overwritten), and for a cart whose
 * sale is recorded (it was sold meanwhile: it is taken off the list, never sold twice).
 */
export function resumeCart(store: TillStore, userId: string, input: BranchParsedInput<'cart.resume'>, now: Date): OpenCartView {
  const row = heldCartRow(store, input.holdId);
  if (row === undefined) throw new DomainError('NOT_FOUND', 'this cart is no longer on hold (someone resumed it)', { holdId: input.holdId });
  const cart = heldCartBody(row);
  const sold = saleRow(store, row.sale_id) !== undefined;
  if (cart === null || sold) {
    // removed in its own transaction, so the answer below is true: the list no longer offers it
    deleteHeldCart(store, input.holdId);
    if (sold) throw new DomainError('NOT_FOUND', 'this held cart was sold meanwhile; it is off the list', { holdId: input.holdId });
    throw new DomainError('CORRUPT_DATABASE', 'the held cart could not be read back; it was removed', { holdId: input.holdId });
  }
  return store.transaction(() => {
    const open = loadOpenCart(store, userId);
    if (open !== null && open.saleId !== cart.saleId && !isEmptyOpenCart(open)) {
      throw new DomainError('INVALID_INPUT', 'another basket is open for you: hold it or finish it first');
    }
    if (!deleteHeldCart(store, input.holdId)) throw new DomainError('NOT_FOUND', 'this cart is no longer on hold (someone resumed it)', { holdId: input.holdId });
    saveOpenCart(store, userId, cart, now.toISOString());
    const view = loadCart(store, userId);
    if (view === null) throw new DomainError('INTERNAL', 'the resumed cart was not kept');
    return view;
  });
}
