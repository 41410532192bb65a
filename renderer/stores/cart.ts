import { discountLines, type Discount, type DiscountRefusal } from '../../shared/domain/discounts';
import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../shared/domain/errors';
import { BANKNOTES, assertMinor, lineTotal, sumMoney, type Currency, type Minor } from '../../shared/domain/money';
import { MILLI_PER_UNIT, addQty, assertPositiveMilli, subQty, type Milli } from '../../shared/domain/quantity';
import { isFractionalUnit } from '../../shared/domain/units';
import { packsToMilli, type PackBarcode } from '../../shared/domain/packs';
import type { Product } from '../../shared/domain/schemas';
import type { ProductView, ScaleLabelView } from '../../shared/api/branch-api';
import type { CustomerContact } from '../../shared/ops/operations';
import type { ChangeIn } from '../../shared/domain/exchange';
import { rateOfClass, type TaxSettings } from '../../shared/domain/tax';
import { vatSummary } from '../../shared/domain/vat';

/**
 * The cart as pure data and pure transitions, so its arithmetic is tested without React. Quantities are milli-units
 * and money minor units throughout; the backend recomputes prices from its own catalog, this is what the cashier
 * and the customer see before paying.
 */

export type TenderMethod = 'cash' | 'card';
export interface Tender {
  method: TenderMethod;
  amount: Minor;
  /** the currency handed over (./cart-exchange.ts); absent: the cart's own */
  currency?: Currency;
}

export interface CartLine {
  /** stable key for the screen; a weighed product scanned twice is two lines (two weighings) */
  key: string;
  product: Product;
  qty: Milli;
  /** what the till's ledger showed when the product was added */
  available: Milli;
  /**
   * the pack barcode the line was scanned as (a case of 24): its quantity is a whole number of packs, it steps by
   * one pack, and it is priced by the pack; null for a line of single units
   */
  pack: PackBarcode | null;
  /** off this line (shared/domain/discounts.ts); absent: none */
  discount?: Discount;
  /** a unit price the cashier set instead of the shelf's (a price override; never on a pack line); absent: the shelf's */
  price?: Minor;
  /**
   * the scale label the line was scanned as, as the till read it: the line sells its quantity (not typed, not
   * stepped: one weighing) and, for a price label, costs its printed price; absent: not scanned from a label
   */
  label?: ScaleLabelView;
}

export interface Cart {
  /** made once per cart and reused on every retry of sale.complete, so a retry can never sell twice */
  saleId: string;
  currency: Currency;
  lines: CartLine[];
  tenders: Tender[];
  customerContact: CustomerContact | null;
  /** the last line a scan touched, for the scan-to-cart latency mark */
  lastScan: { code: string; key: string; n: number } | null;
  nextKey: number;
  /**
   * Set when sale.complete was sent with this saleId and came back without a verdict (UNAVAILABLE, INTERNAL): the
   * backend may hold this id with this content. See markSentAttempted.
   */
  attempted?: { content: string };
  /** sale ids given up after an unconfirmed attempt, oldest first: the screen can ask sale.get whether one landed */
  unconfirmedSaleIds?: string[];
  /** how the cashier hands the change back (two currencies): absent, in the cart's own currency */
  changeIn?: ChangeIn;
  /** the rate the screen shows its second-currency amounts at: the backend refuses the sale at another one */
  rateId?: string;
  /** the tenant's tax settings (till.info): with tax-exclusive prices the total is the lines plus their VAT */
  tax?: TaxSettings;
  /** off the whole cart, spread over the lines in proportion; absent: none */
  discount?: Discount;
}

export function emptyCart(saleId: string, currency: Currency): Cart {
  return { saleId, currency, lines: [], tenders: [], customerContact: null, lastScan: null, nextKey: 1 };
}

const ONE: Milli = MILLI_PER_UNIT;

/** Counted goods sell in whole units; weighed and poured goods to the gram / millilitre; a pack line in whole packs. */
export function checkLineQty(product: Product, qty: Milli, pack: PackBarcode | null = null): Milli {
  assertPositiveMilli(qty);
  if (!isFractionalUnit(product.unit) && qty % ONE !== 0) {
    throw new DomainError('INVALID_QUANTITY', `${product.name} is sold in whole ${product.unit}`, { qty, unit: product.unit });
  }
  if (pack !== null && qty % packQty(product, pack) !== 0) {
    throw new DomainError('INVALID_QUANTITY', `${product.name} on this line is sold in whole packs of ${pack.units}`, { qty, units: pack.units });
  }
  return qty;
}

/** The stock one pack of a line is (packs.ts refuses a pack of weighed goods). */
function packQty(product: Product, pack: PackBarcode): Milli {
  return packsToMilli(1, pack.units, product.unit);
}

/** How many packs a pack line holds; null for a line of single units. */
export function packCount(line: Pick<CartLine, 'product' | 'qty' | 'pack'>): number | null {
  return line.pack === null ? null : line.qty / packQty(line.product, line.pack);
}

/**
 * What the line costs: a pack line at its pack's price per pack (a case is often cheaper than its singles), or
 * its units at the unit price when the pack has no price of its own; as sale.complete prices it.
 */
export function linePrice(line: Pick<CartLine, 'product' | 'qty' | 'pack' | 'label'>): Minor {
  if (line.label?.kind === 'price') return line.label.total;
  const packs = packCount(line);
  if (packs !== null && line.pack !== null && line.pack.price !== null) return assertMinor(packs * line.pack.price, 'line total');
  return lineTotal(line.product.price, line.qty);
}

/** The line at the price the cashier set, when one was; undefined at the shelf's. */
export function overriddenPrice(line: Pick<CartLine, 'qty' | 'price'>): Minor | undefined {
  return line.price === undefined ? undefined : lineTotal(line.price, line.qty);
}

/** The price the cashier reads beside the line: per pack for a pack line, per unit otherwise (the one set, if any). */
export function shownUnitPrice(line: Pick<CartLine, 'product' | 'pack' | 'price'>): Minor {
  if (line.price !== undefined) return line.price;
  if (line.pack === null) return line.product.price;
  return line.pack.price ?? line.pack.units * line.product.price;
}

function replaceLine(cart: Cart, key: string, f: (line: CartLine) => CartLine): Cart {
  if (!cart.lines.some((l) => l.key === key)) throw new DomainError('NOT_FOUND', 'this line is no longer in the cart', { key });
  return edited({ ...cart, lines: cart.lines.map((l) => (l.key === key ? f(l) : l)) });
}

/** What the backend fingerprints for a sale id (everything of the request but the id itself). */
function saleContent(cart: Cart): string {
  const { saleId: _saleId, ...content } = saleRequest(cart);
  return JSON.stringify(content);
}

/**
 * Records that sale.complete was sent for `sent` and not confirmed. The backend answers a repeat of the same id
 * with the same content with the stored receipt, and refuses the same id with other content (ID_REUSED): so once
 * the cashier changes anything, the cart moves to a fresh saleId (edited), and the retry is a sale of its own
 * instead of a request the backend must refuse, or a receipt that silently leaves the added goods out.
 *
 * The content recorded is the cart as it was SENT: a scan may have changed the cart while sale.complete was on its
 * way, and the backend fingerprints what it received. If the cart already differs from that, it moves to a fresh
 * id at once; if it has moved to another sale meanwhile, nothing changes.
 */
export function markSentAttempted(current: Cart, sent: Cart): Cart {
  if (current.saleId !== sent.saleId) return current;
  return edited({ ...current, attempted: { content: saleContent(sent) } });
}

/** An unconfirmed id the backend says it never recorded (sale.get NOT_FOUND): nothing to reconcile. */
export function dropUnconfirmedSaleId(cart: Cart, saleId: string): Cart {
  return withUnconfirmed(cart, (cart.unconfirmedSaleIds ?? []).filter((id) => id !== saleId));
}

/** The cart under a fresh id, as after a sale id the backend refuses for something it never recorded as a sale. */
export function renewSaleId(cart: Cart): Cart {
  const { attempted: _attempted, ...rest } = cart;
  return { ...rest, saleId: uuidv7() };
}

function withUnconfirmed(cart: Cart, ids: string[]): Cart {
  const { unconfirmedSaleIds: _ids, ...rest } = cart;
  return ids.length === 0 ? rest : { ...rest, unconfirmedSaleIds: ids };
}

/**
 * What is left to sell once an earlier attempt turns out to be recorded (`recorded`, its receipt): those goods
 * are sold already, so per product the cart keeps its quantity minus the receipt's (taken from the product's
 * lines in cart order, so the first weighings go first); a line with nothing left goes. The payments go too:
 * they were for the whole basket, and the recorded sale took its own. The recorded id is settled, and what
 * remains is a new sale under a fresh id (never the recorded one, or the backend would refuse it as ID_REUSED).
 * A receipt with more of a product than the cart holds takes that product's lines to nothing, never below.
 * Discounts go too (see below).
 */
export function remainderAfter(cart: Cart, recorded: { saleId: string; lines: ReadonlyArray<{ productId: string; qty: Milli }> }): Cart {
  const sold = new Map<string, Milli>();
  for (const l of recorded.lines) sold.set(l.productId, addQty(sold.get(l.productId) ?? 0, l.qty));
  const lines: CartLine[] = [];
  for (const line of cart.lines) {
    const left = sold.get(line.product.id) ?? 0;
    const taken = Math.min(left, line.qty);
    sold.set(line.product.id, left - taken);
    if (taken === 0) lines.push(withoutLineDiscount(line));
    else if (taken < line.qty) lines.push(withoutLineDiscount(partOf(line, subQty(line.qty, taken))));
  }
  // The discounts were given on the whole basket, and the recorded sale took them: what is left sells at shelf
  // price (an amount kept would be given twice), and the cashier gives a discount again if one is due.
  const { attempted: _attempted, discount: _discount, ...rest } = cart;
  const keptScan = cart.lastScan !== null && lines.some((l) => l.key === cart.lastScan?.key) ? cart.lastScan : null;
  const next: Cart = {
    ...rest,
    saleId: lines.length > 0 ? uuidv7() : cart.saleId,
    lines,
    tenders: [],
    lastScan: keptScan,
  };
  return withUnconfirmed(next, (cart.unconfirmedSaleIds ?? []).filter((id) => id !== recorded.saleId));
}

/**
 * A line cut to `qty`; a pack line left with part of a pack sells what is left as single units, and a scale
 * label's line what is left of its weight at the unit price (the label no longer says what it sells).
 */
function partOf(line: CartLine, qty: Milli): CartLine {
  const wholePacks = line.pack === null || qty % packQty(line.product, line.pack) === 0;
  const { label: _label, ...rest } = line;
  return { ...rest, qty, pack: wholePacks ? line.pack : null };
}

/** Every change of lines, payments or contact passes here: after an unconfirmed attempt, new content, new id. */
function edited(changed: Cart): Cart {
  // An emptied cart has nothing to take a discount off; any other change must leave the discounts fitting the
  // lines (an amount off a line made smaller than it is refused, as the till would refuse the sale).
  const next = changed.lines.length === 0 && changed.discount !== undefined ? withoutCartDiscount(changed) : changed;
  discountedTotals(next);
  if (next.attempted === undefined || next.attempted.content === saleContent(next)) return next;
  const { attempted: _attempted, ...rest } = next;
  return { ...rest, saleId: uuidv7(), unconfirmedSaleIds: [...(next.unconfirmedSaleIds ?? []), next.saleId] };
}

/**
 * Adds a product. A counted product already in the cart gets one more; a weighed product gets a new line of
 * `qty`, because each weighing is its own line on the receipt. With `pack` (its case barcode was scanned) it adds
 * one whole pack, on a line of its own for that pack: a case and loose cans of the same drink are priced apart.
 * With `label` (a scale label was scanned) it adds a line of what the label sells.
 */
export function addProduct(cart: Cart, view: ProductView, opts: { qty?: Milli; scannedCode?: string; pack?: PackBarcode | null; label?: ScaleLabelView } = {}): Cart {
  const { product } = view;
  const pack = opts.pack ?? null;
  if (opts.label !== undefined) {
    if (pack !== null) throw new DomainError('INVALID_INPUT', 'a line is scanned as a pack or as a scale label, not both');
    if (!product.active) throw new DomainError('INACTIVE_PRODUCT', `${product.name} is no longer sold`, { productId: product.id });
    if (product.currency !== cart.currency) {
      throw new DomainError('INVALID_INPUT', `${product.name} is priced in ${product.currency}, this till sells in ${cart.currency}`);
    }
    const key = `l${cart.nextKey}`;
    const line: CartLine = { key, product, qty: checkLineQty(product, opts.label.qty), available: view.available, pack: null, label: opts.label };
    const added: Cart = { ...cart, nextKey: cart.nextKey + 1, lines: [...cart.lines, line] };
    return edited(opts.scannedCode === undefined ? added : { ...added, lastScan: { code: opts.scannedCode, key, n: (cart.lastScan?.n ?? 0) + 1 } });
  }
  if (product.currency !== cart.currency) {
    throw new DomainError('INVALID_INPUT', `${product.name} is priced in ${product.currency}, this till sells in ${cart.currency}`);
  }
  if (!product.active) throw new DomainError('INACTIVE_PRODUCT', `${product.name} is no longer sold`, { productId: product.id });
  const qty = checkLineQty(product, opts.qty ?? (pack !== null ? packQty(product, pack) : ONE), pack);
  const existing = isFractionalUnit(product.unit)
    ? undefined
    : cart.lines.find((l) => l.product.id === product.id && (l.pack?.barcode ?? null) === (pack?.barcode ?? null));
  let next: Cart;
  let key: string;
  if (existing !== undefined) {
    key = existing.key;
    next = replaceLine(cart, key, (l) => ({ ...l, qty: addQty(l.qty, qty), available: view.available }));
  } else {
    key = `l${cart.nextKey}`;
    next = { ...cart, nextKey: cart.nextKey + 1, lines: [...cart.lines, { key, product, qty, available: view.available, pack }] };
  }
  if (opts.scannedCode !== undefined) {
    next = { ...next, lastScan: { code: opts.scannedCode, key, n: (cart.lastScan?.n ?? 0) + 1 } };
  }
  return edited(next);
}

export function setLineQty(cart: Cart, key: string, qty: Milli): Cart {
  return replaceLine(cart, key, (l) => ({ ...unlabelled(l), qty: checkLineQty(l.product, qty, l.pack) }));
}

/** A line scanned from a scale label sells what the label says: its quantity is not changed at the till. */
function unlabelled(l: CartLine): CartLine {
  if (l.label !== undefined) throw new DomainError('INVALID_QUANTITY', 'a line scanned from a scale label sells the label’s quantity', { reason: 'scale_label' });
  return l;
}

/**
 * +1 / −1 whole unit, or whole pack on a pack line; going below one is refused (voiding a line is its own,
 * deliberate action).
 */
export function stepLineQty(cart: Cart, key: string, direction: 1 | -1): Cart {
  return replaceLine(cart, key, (l) => {
    unlabelled(l);
    const step = l.pack !== null ? packQty(l.product, l.pack) : ONE;
    const qty = direction === 1 ? addQty(l.qty, step) : subQty(l.qty, step);
    return { ...l, qty: checkLineQty(l.product, qty, l.pack) };
  });
}

export function voidLine(cart: Cart, key: string): Cart {
  if (!cart.lines.some((l) => l.key === key)) throw new DomainError('NOT_FOUND', 'this line is no longer in the cart', { key });
  const lines = cart.lines.filter((l) => l.key !== key);
  return edited({ ...cart, lines, lastScan: cart.lastScan?.key === key ? null : cart.lastScan });
}

function withoutLineDiscount(line: CartLine): CartLine {
  const { discount: _discount, ...rest } = line;
  return rest;
}

/**
 * The cart with only the discounts that still fit its lines: a basket restored after a reload or resumed from hold
 * comes back at today's prices (a product may be cheaper, or gone), and an amount that no longer fits is dropped
 * rather than refused, since refusing would leave the basket unreadable. The cart's discount goes first; then a
 * line's own that is more than the line. `dropped` says whether anything went, for the screen to say so.
 */
export function fitDiscounts(cart: Cart): { cart: Cart; dropped: boolean } {
  if (cart.lines.length === 0 && cart.discount !== undefined) return { cart: withoutCartDiscount(cart), dropped: true };
  if (fits(cart)) return { cart, dropped: false };
  const lines = cart.lines.map((l) => (l.discount === undefined || fits({ ...cart, lines: [l], discount: undefined }) ? l : withoutLineDiscount(l)));
  const linesFitted = { ...cart, lines };
  return { cart: fits(linesFitted) ? linesFitted : withoutCartDiscount(linesFitted), dropped: true };
}

function fits(cart: Cart): boolean {
  try {
    discountedTotals(cart);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}

function withoutCartDiscount(cart: Cart): Cart {
  const { discount: _discount, ...rest } = cart;
  return rest;
}

/** The lines' totals after their discounts and the cart's, by the one rule the till records the sale with. */
function discountedTotals(cart: Cart): { totals: Minor[]; discounts: Minor[] } {
  return discountLines(
    cart.lines.map((l) => linePrice(l)),
    cart.lines.map((l) => l.discount),
    cart.discount,
    10_000, // whether a manager is needed is the till's to say (its limit); here only the arithmetic
    cart.lines.map((l) => overriddenPrice(l)),
  );
}

/** A discount off one line; undefined takes it away. Past 100% or more than the line is refused. */
export function setLineDiscount(cart: Cart, key: string, discount: Discount | undefined): Cart {
  return replaceLine(cart, key, (l) => {
    const { discount: _old, ...rest } = l;
    return discount === undefined ? rest : { ...rest, discount };
  });
}

/** A unit price the cashier sets instead of the shelf's; undefined goes back to the shelf's. Not on a pack line. */
export function setLinePrice(cart: Cart, key: string, price: Minor | undefined): Cart {
  return replaceLine(cart, key, (l) => {
    const { price: _old, ...rest } = l;
    if (price === undefined) return rest;
    if (l.pack !== null) throw new DomainError('INVALID_INPUT', 'a line scanned as a pack sells at the pack’s price', { reason: 'pack_price' satisfies DiscountRefusal });
    if (l.label?.kind === 'price') throw new DomainError('INVALID_INPUT', 'a line scanned from a price label sells at its printed price', { reason: 'label_price' });
    if (!Number.isSafeInteger(price) || price < 0) throw new DomainError('INVALID_INPUT', 'a price is a whole number of minor units, not negative', { price });
    return { ...rest, price };
  });
}

/** A discount off the whole cart; undefined takes it away. More than the cart is refused. */
export function setCartDiscount(cart: Cart, discount: Discount | undefined): Cart {
  if (discount !== undefined && cart.lines.length === 0) {
    throw new DomainError('INVALID_INPUT', 'an empty cart has nothing to take a discount off', { reason: 'empty_cart' satisfies DiscountRefusal });
  }
  return edited(discount === undefined ? withoutCartDiscount(cart) : { ...cart, discount });
}

export function addTender(cart: Cart, tender: Tender): Cart {
  if (!Number.isSafeInteger(tender.amount) || tender.amount <= 0) {
    throw new DomainError('INVALID_INPUT', 'a payment must be a positive amount', { amount: tender.amount });
  }
  return edited({ ...cart, tenders: [...cart.tenders, tender] });
}

export function removeTender(cart: Cart, index: number): Cart {
  return edited({ ...cart, tenders: cart.tenders.filter((_, i) => i !== index) });
}

export function setCustomerContact(cart: Cart, contact: CustomerContact | null): Cart {
  return edited({ ...cart, customerContact: contact });
}

export function setChangeIn(cart: Cart, changeIn: ChangeIn): Cart {
  return edited({ ...cart, changeIn });
}

/** The tax settings the till has now (undefined: none); the same settings again change nothing. */
export function setTax(cart: Cart, tax: TaxSettings | undefined): Cart {
  if (cart.tax === tax) return cart;
  const { tax: _old, ...rest } = cart;
  return tax === undefined ? rest : { ...rest, tax };
}

/**
 * What the customer pays for these lines: their sum, or with tax-exclusive prices the sum plus its VAT, computed as
 * the till computes it (vatSummary at each product's class). A product of a class the settings do not know counts
 * without VAT here; the till refuses the sale with the reason.
 */
function payable(lineTotals: readonly Minor[], lines: readonly CartLine[], tax: TaxSettings | undefined): { total: Minor; vat: Minor | null } {
  const sum = sumMoney(lineTotals);
  if (tax === undefined) return { total: sum, vat: null };
  try {
    const summary = vatSummary(
      lines.map((l, i) => ({ total: lineTotals[i] ?? 0, rateBp: rateOfClass(tax, l.product.taxClass) })),
      tax.pricesIncludeTax,
    );
    return { total: summary.gross, vat: summary.vat };
  } catch {
    return { total: sum, vat: null };
  }
}

/** The rate the screen shows now (undefined: none); the same rate again changes nothing. */
export function setRate(cart: Cart, rateId: string | undefined): Cart {
  if (cart.rateId === rateId) return cart;
  const { rateId: _old, ...rest } = cart;
  return edited(rateId === undefined ? rest : { ...rest, rateId });
}

export interface CartTotals {
  /** each line's total after its discounts */
  lineTotals: Record<string, Minor>;
  /** what came off each line: its own discount and its share of the cart's */
  lineDiscounts: Record<string, Minor>;
  /** all that came off */
  discount: Minor;
  /** what the customer pays: with tax-exclusive prices, the lines plus their VAT */
  total: Minor;
  /** the VAT in the total; null without tax settings */
  vat: Minor | null;
  cash: Minor;
  card: Minor;
  paid: Minor;
  /** what is still to pay, 0 when covered */
  due: Minor;
  /** cash to hand back: only cash gives change, never a card */
  change: Minor;
  /** a card payment larger than what cash does not cover: the sale would refund to a card */
  cardOverpays: boolean;
  /** lines whose quantity exceeds what the ledger showed */
  short: string[];
  itemCount: number;
}

export function cartTotals(cart: Cart): CartTotals {
  const lineTotals: Record<string, Minor> = {};
  const lineDiscounts: Record<string, Minor> = {};
  // every transition checked that the discounts fit (edited(), fitDiscounts()); should one not, the cart shows its
  // shelf prices rather than no cart at all (the till would refuse the sale and say why)
  const discounted = fits(cart) ? discountedTotals(cart) : { totals: cart.lines.map((l) => overriddenPrice(l) ?? linePrice(l)), discounts: cart.lines.map(() => 0) };
  cart.lines.forEach((l, i) => {
    lineTotals[l.key] = discounted.totals[i] ?? 0;
    lineDiscounts[l.key] = discounted.discounts[i] ?? 0;
  });
  const { total, vat } = payable(cart.lines.map((l) => lineTotals[l.key] ?? 0), cart.lines, cart.tax);
  const cash = sumMoney(cart.tenders.filter((t) => t.method === 'cash').map((t) => t.amount));
  const card = sumMoney(cart.tenders.filter((t) => t.method === 'card').map((t) => t.amount));
  const paid = cash + card;
  const leftForCash = Math.max(0, total - card);
  return {
    lineTotals,
    lineDiscounts,
    discount: sumMoney(Object.values(lineDiscounts)),
    total,
    vat,
    cash,
    card,
    paid,
    due: Math.max(0, total - paid),
    change: Math.max(0, cash - leftForCash),
    cardOverpays: card > total,
    short: cart.lines.filter((l) => l.qty > l.available).map((l) => l.key),
    itemCount: cart.lines.length,
  };
}

/** Ready to send: something to sell, fully paid, and no card paying more than the total. */
export function canComplete(t: CartTotals): boolean {
  return t.itemCount > 0 && t.due === 0 && !t.cardOverpays;
}

/** The payment the cashier most likely means by "exact cash": whatever is still due. */
export function exactCash(t: CartTotals): Minor {
  return t.due;
}

/**
 * Quick cash buttons: what is due rounded up to the next multiple of each banknote (BANKNOTES), the first three.
 * Amounts are minor units (USD cents, LBP pounds).
 */
export function quickCashAmounts(due: Minor, currency: Currency): Minor[] {
  if (due <= 0) return [];
  const out = new Set<Minor>();
  for (const n of BANKNOTES[currency]) {
    const rounded = Math.ceil(due / n) * n;
    if (rounded !== due) out.add(rounded);
    if (out.size >= 3) break;
  }
  return [...out].sort((a, b) => a - b);
}

/** What sale.complete needs from the cart (prices stay on the backend's side). */
export function saleRequest(cart: Cart, override?: { reason: string }) {
  return {
    saleId: cart.saleId,
    lines: cart.lines.map((l) => ({
      productId: l.product.id,
      qty: l.qty,
      ...(l.pack !== null ? { pack: l.pack.barcode } : {}),
      ...(l.label !== undefined ? { label: l.label.code } : {}),
      ...(l.discount !== undefined ? { discount: l.discount } : {}),
      ...(l.price !== undefined ? { price: l.price } : {}),
    })),
    tenders: cart.tenders.map((t) => ({ method: t.method, amount: t.amount, ...(t.currency !== undefined ? { currency: t.currency } : {}) })),
    ...(cart.discount !== undefined ? { discount: cart.discount } : {}),
    ...(cart.changeIn !== undefined ? { changeIn: cart.changeIn } : {}),
    ...(cart.rateId !== undefined ? { rateId: cart.rateId } : {}),
    ...(cart.customerContact !== null ? { customerContact: cart.customerContact } : {}),
    ...(override !== undefined ? { override } : {}),
  };
}
