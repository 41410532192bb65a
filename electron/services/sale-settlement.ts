import type { ChangeIn } from '../../shared/domain/exchange';
import { settle } from '../../shared/domain/exchange';
import { DomainError } from '../../shared/domain/errors';
import { sumMoney, type Currency, type Minor } from '../../shared/domain/money';
import type { LockedRate } from '../../shared/ops/operations';
import type { SaleExchange } from './exchange';

/**
 * How a sale is paid: cash of the till's currency and of its second one, and card, against the total in the
 * till's currency. Card is charged exactly in the till's currency, so it never exceeds what is owed and gives no
 * change; the cash settles through exchange.ts settle() at the rate in force, with change in the currency the
 * cashier picked (or split) and the rounding of the second currency as its own line. Every refusal comes before
 * anything is written.
 */
export interface SaleTender {
  method: 'cash' | 'card';
  amount: Minor;
  currency?: Currency | undefined;
}

export interface SaleSettlement {
  /** change handed back in the till's currency */
  change: Minor;
  /** the rate locked on the sale; null when the till has none */
  rate: LockedRate | null;
  changeIn: ChangeIn;
  /** change handed back in the second currency */
  changeQuote: Minor;
  /** exact change minus what was handed back, in the second currency's minor units */
  rounding: Minor;
}

export function settleSale(
  tenders: readonly SaleTender[],
  total: Minor,
  ask: { changeIn?: ChangeIn | undefined; rateId?: string | undefined },
  exchange: SaleExchange,
): SaleSettlement {
  const { base, settings, rate } = exchange;
  const quote = settings.quote;
  for (const t of tenders) {
    const cur = t.currency ?? base;
    if (t.method === 'card' && cur !== base) {
      throw new DomainError('INVALID_INPUT', `a card is charged in ${base}, the till's own currency, not in ${cur}`, { currency: cur });
    }
    if (t.method === 'cash' && !settings.accepts.includes(cur)) {
      throw new DomainError('INVALID_INPUT', `this till takes cash in ${settings.accepts.join(' and ')}, not in ${cur}`, { currency: cur });
    }
    if (cur === quote && rate === undefined) {
      throw new DomainError('INVALID_INPUT', `no rate of ${quote} is posted yet: this till takes ${base} only until a manager posts the day's rate`, { currency: cur });
    }
  }
  if (ask.rateId !== undefined && ask.rateId !== rate?.id) {
    // The screen showed its amounts at another rate (a new one was posted or pulled meanwhile): the cashier must
    // see the amounts at the rate the sale will lock before the customer pays.
    throw new DomainError('INVALID_INPUT', 'the exchange rate changed while this sale was open: check the amounts at the new rate', {
      rateId: ask.rateId,
      currentRateId: rate?.id ?? null,
    });
  }
  const changeIn: ChangeIn = ask.changeIn ?? 'base';
  const card = sumMoney(tenders.filter((t) => t.method === 'card').map((t) => t.amount));
  if (card > total) {
    throw new DomainError('INVALID_INPUT', 'a card payment cannot exceed the total: card gives no change', { total, card });
  }
  if (rate === undefined) {
    if (changeIn !== 'base') throw new DomainError('INVALID_INPUT', `change in ${quote} needs a posted rate`, { changeIn });
    const cash = sumMoney(tenders.filter((t) => t.method === 'cash').map((t) => t.amount));
    const tendered = card + cash;
    if (tendered < total) {
      throw new DomainError('TENDER_SHORT', `the payment is ${total - tendered} short of the total`, { total, tendered, short: total - tendered });
    }
    return { change: tendered - total, rate: null, changeIn, changeQuote: 0, rounding: 0 };
  }
  const locked: LockedRate = { rateId: rate.id, base: rate.base, quote: rate.quote, rate: rate.rate };
  const settled = settle({
    due: total - card,
    rate: locked,
    tenders: tenders.filter((t) => t.method === 'cash').map((t) => ({ currency: t.currency ?? base, amount: t.amount })),
    changeIn,
    quoteStep: settings.quoteStep,
    rounding: settings.rounding,
  });
  if (!settled.settled) {
    throw new DomainError('TENDER_SHORT', `the payment is short: ${settled.remaining.base} ${base} or ${settled.remaining.quote} ${quote} more`, {
      total,
      short: settled.remaining.base,
      shortQuote: settled.remaining.quote,
    });
  }
  return { change: settled.change.base, rate: locked, changeIn, changeQuote: settled.change.quote, rounding: settled.rounding };
}
