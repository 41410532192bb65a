import type { ExchangeView } from '../../shared/api/branch-api';
import { settle, toQuote, type ChangeIn, type PostedRate } from '../../shared/domain/exchange';
import { sumMoney, type Currency, type Minor } from '../../shared/domain/money';
import type { Cart } from './cart';
import { cartTotals } from './cart';

/**
 * The cart's payment in two currencies, as the customer and the cashier see it before paying: the same
 * shared/domain/exchange.ts settle() the backend settles the sale with (electron/services/sale-settlement.ts), so
 * what the screen says is due, and what it says to hand back, is what the receipt will say. Pure, for tests.
 */
export interface CartExchange {
  base: Currency;
  quote: Currency;
  rateId: string;
  rate: PostedRate;
  /** cash currencies the till takes */
  accepts: readonly Currency[];
  quoteStep: Minor;
  rounding: 'nearest' | 'down' | 'up';
}

/** What exchange.current says the cart can use; null while no rate is posted (one currency, as before). */
export function cartExchange(view: ExchangeView | null | undefined): CartExchange | null {
  const current = view?.current;
  if (view === null || view === undefined || current === null || current === undefined) return null;
  return {
    base: view.base,
    quote: current.quote,
    rateId: current.rateId,
    rate: { base: current.base, quote: current.quote, rate: current.rate },
    accepts: view.settings.accepts,
    quoteStep: view.settings.quoteStep,
    rounding: view.settings.rounding,
  };
}

export interface TwoCurrencyTotals {
  total: Minor;
  /** the total in the second currency, to its minor unit (the receipt's "total in LBP") */
  totalQuote: Minor;
  /** paid in full: the sale can complete */
  settled: boolean;
  /** still to pay, in each currency on its own (pay either); zero once settled */
  due: { base: Minor; quote: Minor };
  /** to hand back, per currency, as the cashier chose (changeIn) */
  change: { base: Minor; quote: Minor };
  /** exact change minus what is handed back, in the second currency (+: the shop keeps it) */
  rounding: Minor;
  changeIn: ChangeIn;
  /** a card payment larger than the total: refused by the backend */
  cardOverpays: boolean;
  /** cash in each currency, and card (in the till's own) */
  paid: { base: Minor; quote: Minor; card: Minor };
}

export function twoCurrencyTotals(cart: Cart, ex: CartExchange): TwoCurrencyTotals {
  const { total } = cartTotals(cart);
  const changeIn = cart.changeIn ?? 'base';
  // (cash of a currency this rate does not convert counts for nothing here; the backend refuses it by name)
  const cash = cart.tenders.filter((t) => t.method === 'cash' && ((t.currency ?? ex.base) === ex.base || t.currency === ex.quote));
  const paid = {
    base: sumMoney(cash.filter((t) => (t.currency ?? ex.base) === ex.base).map((t) => t.amount)),
    quote: sumMoney(cash.filter((t) => t.currency === ex.quote).map((t) => t.amount)),
    card: sumMoney(cart.tenders.filter((t) => t.method === 'card').map((t) => t.amount)),
  };
  const cardOverpays = paid.card > total;
  const base = { total, totalQuote: toQuote(total, ex.rate), changeIn, cardOverpays, paid };
  const s = settle({
    due: Math.max(0, total - paid.card),
    rate: ex.rate,
    tenders: cash.map((t) => ({ currency: t.currency ?? ex.base, amount: t.amount })),
    changeIn,
    quoteStep: ex.quoteStep,
    rounding: ex.rounding,
  });
  if (!s.settled) return { ...base, settled: false, due: s.remaining, change: { base: 0, quote: 0 }, rounding: 0 };
  return { ...base, settled: true, due: { base: 0, quote: 0 }, change: s.change, rounding: s.rounding };
}

/** Ready to send: something to sell, fully paid, and no card paying more than the total. */
export function canCompleteTwo(cart: Cart, t: TwoCurrencyTotals): boolean {
  return cart.lines.length > 0 && t.settled && !t.cardOverpays;
}

/**
 * Why the sale cannot complete yet (null: it can), with or without a second currency: the one test behind the
 * Complete button and F9, so the key never says something the button does not.
 */
export function paymentBlock(cart: Cart, ex: CartExchange | null): 'empty' | 'due' | 'cardOverpays' | null {
  if (cart.lines.length === 0) return 'empty';
  if (ex === null) {
    const t = cartTotals(cart);
    return t.cardOverpays ? 'cardOverpays' : t.due > 0 ? 'due' : null;
  }
  const t = twoCurrencyTotals(cart, ex);
  return t.cardOverpays ? 'cardOverpays' : t.settled ? null : 'due';
}
