import { create } from 'zustand';
import { v7 as uuidv7 } from 'uuid';
import type { Currency } from '../../shared/domain/money';
import type { OpenCartView, ProductView, ReceiptView, ScaleLabelView } from '../../shared/api/branch-api';
import type { CustomerContact } from '../../shared/ops/operations';
import type { Milli } from '../../shared/domain/quantity';
import type { PackBarcode } from '../../shared/domain/packs';
import type { ChangeIn } from '../../shared/domain/exchange';
import type { TaxSettings } from '../../shared/domain/tax';
import type { Discount } from '../../shared/domain/discounts';
import * as cart from './cart';
import { cartFromSaved } from './open-cart';

/**
 * The cart on screen: the pure transitions of ./cart behind a zustand store. A transition that refuses (a
 * fractional quantity of a counted item, a line voided twice) throws its DomainError to the caller and leaves
 * the cart as it was.
 */
export interface CartStore {
  cart: cart.Cart;
  /** `pack`: the code scanned was this pack barcode of the product (one whole pack, priced by the pack) */
  add(view: ProductView, opts?: { qty?: Milli; scannedCode?: string; pack?: PackBarcode | null; label?: ScaleLabelView }): void;
  setQty(key: string, qty: Milli): void;
  step(key: string, direction: 1 | -1): void;
  voidLine(key: string): void;
  /** a discount off one line, or off the whole cart (undefined: none) */
  setLineDiscount(key: string, discount: Discount | undefined): void;
  setCartDiscount(discount: Discount | undefined): void;
  /** a unit price instead of the shelf's (undefined: the shelf's) */
  setLinePrice(key: string, price: number | undefined): void;
  addTender(tender: cart.Tender): void;
  removeTender(index: number): void;
  setCustomerContact(contact: CustomerContact | null): void;
  /** how the change is handed back (two currencies) */
  setChangeIn(changeIn: ChangeIn): void;
  /** the rate the screen shows amounts at now (exchange.current) */
  setRate(rateId: string | undefined): void;
  /** the tenant's tax settings (till.info) */
  setTax(tax: TaxSettings | undefined): void;
  /**
   * sale.complete for `sent` came back with no verdict (UNAVAILABLE, INTERNAL): the backend may hold its id, so
   * any later change moves the cart to a fresh id and remembers this one as unconfirmed (cart.markSentAttempted).
   */
  markAttempted(sent: cart.Cart): void;
  /** an unconfirmed id the backend never recorded */
  dropUnconfirmed(saleId: string): void;
  /** an earlier attempt was recorded as `receipt`: keep only what it did not sell (cart.remainderAfter) */
  settleRecorded(receipt: ReceiptView): void;
  /** the same cart under a fresh saleId */
  renewSaleId(): void;
  /** after a sale is done (or abandoned): a fresh cart with a fresh saleId */
  reset(currency?: Currency): void;
  /** the open cart kept by the backend, after a reload or a restart (see ./open-cart) */
  restore(saved: OpenCartView): void;
}

export const useCartStore = create<CartStore>((set, get) => {
  const apply = (f: (c: cart.Cart) => cart.Cart) => set({ cart: f(get().cart) });
  return {
    cart: cart.emptyCart(uuidv7(), 'USD'),
    add: (view, opts) => apply((c) => cart.addProduct(c, view, opts)),
    setQty: (key, qty) => apply((c) => cart.setLineQty(c, key, qty)),
    step: (key, direction) => apply((c) => cart.stepLineQty(c, key, direction)),
    voidLine: (key) => apply((c) => cart.voidLine(c, key)),
    setLineDiscount: (key, discount) => apply((c) => cart.setLineDiscount(c, key, discount)),
    setCartDiscount: (discount) => apply((c) => cart.setCartDiscount(c, discount)),
    setLinePrice: (key, price) => apply((c) => cart.setLinePrice(c, key, price)),
    addTender: (tender) => apply((c) => cart.addTender(c, tender)),
    removeTender: (index) => apply((c) => cart.removeTender(c, index)),
    setCustomerContact: (contact) => apply((c) => cart.setCustomerContact(c, contact)),
    setChangeIn: (changeIn) => apply((c) => cart.setChangeIn(c, changeIn)),
    setRate: (rateId) => {
      const next = cart.setRate(get().cart, rateId);
      if (next !== get().cart) set({ cart: next });
    },
    setTax: (tax) => {
      const next = cart.setTax(get().cart, tax);
      if (next !== get().cart) set({ cart: next });
    },
    markAttempted: (sent) => apply((c) => cart.markSentAttempted(c, sent)),
    dropUnconfirmed: (saleId) => apply((c) => cart.dropUnconfirmedSaleId(c, saleId)),
    settleRecorded: (receipt) => apply((c) => cart.remainderAfter(c, receipt)),
    renewSaleId: () => apply((c) => cart.renewSaleId(c)),
    reset: (currency) => set({ cart: cart.emptyCart(uuidv7(), currency ?? get().cart.currency) }),
    restore: (saved) => set({ cart: cartFromSaved(saved) }),
  };
});
