import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isImplausibleTender, parseMoneyInput, plausibleTenderLimit, type MoneyInputError } from '../../../shared/domain/money-input';
import { isDomainError } from '../../../shared/domain/errors';
import { CURRENCIES, type Currency, type Minor } from '../../../shared/domain/money';
import { CHANGE_IN } from '../../../shared/ops/operations';
import { useCartStore } from '../../stores/cart-store';
import { cartTotals, quickCashAmounts, type Tender } from '../../stores/cart';
import { cartExchange, paymentBlock, twoCurrencyTotals, type CartExchange } from '../../stores/cart-exchange';
import { useBranchQuery } from '../../app/branch-data';
import { useFormat, type Formatters } from '../../app/format';
import type { Cart } from '../../stores/cart';

/** F9 pressed while the sale cannot complete: why, and for which cart (a changed cart drops the message). */
export interface CompleteBlocked {
  why: 'empty' | 'due' | 'cardOverpays';
  cart: Cart;
}

interface PanelProps {
  busy: boolean;
  onComplete: () => void;
  cashRef: React.RefObject<HTMLInputElement | null>;
  /** why the sale cannot be completed yet, after the cashier pressed F9 anyway (shown until the cart changes) */
  blocked: CompleteBlocked | null;
}

/** What exchange.current says the checkout may use; null before a rate is posted (or from a backend without one). */
export function useCartExchange(): CartExchange | null {
  return cartExchange(useBranchQuery('exchange.current', {}).data);
}

/**
 * Totals, tenders and change. Amounts typed by the cashier are read by the till's locale and the currency's
 * decimals (shared/domain/money-input.ts); a cash amount far above what is due (more than one largest note
 * over it: an extra zero, most likely) is only taken after the cashier confirms it. Once a rate is posted the
 * panel takes cash in both currencies (issue 11): every total in both, what is still due in both, and change in
 * the currency the cashier picks, or split, with the rounding of the second currency as its own line.
 */
/** What the discounts took off, when any did: the cashier sees it before the total. */
function DiscountTaken(props: { cart: Cart }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const off = cartTotals(props.cart).discount;
  if (off === 0) return null;
  return (
    <>
      <dt>{t('discount.total')}</dt>
      <dd data-testid="cart-discount-total" data-amount={off}>
        <bdi>−{fmt.money(off)}</bdi>
      </dd>
    </>
  );
}

/** With tax-exclusive prices the VAT is added to the lines: the cashier sees what it adds before the total. */
function VatAdded(props: { cart: Cart }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tax = props.cart.tax;
  const vat = cartTotals(props.cart).vat;
  if (tax === undefined || tax.pricesIncludeTax || vat === null) return null;
  return (
    <>
      <dt>{t('pay.vatAdded')}</dt>
      <dd data-testid="cart-vat" data-amount={vat}>
        <bdi>{fmt.money(vat)}</bdi>
      </dd>
    </>
  );
}

export function PaymentPanel(props: PanelProps) {
  const exchange = useCartExchange();
  const setRate = useCartStore((s) => s.setRate);
  const cartRate = useCartStore((s) => s.cart.rateId);
  // The sale is sent with the rate its amounts are shown at: the backend refuses it if the rate in force changed.
  const shownRate = exchange?.rateId;
  useEffect(() => {
    if (cartRate !== shownRate) setRate(shownRate);
  }, [cartRate, shownRate, setRate]);
  return exchange === null ? <OneCurrencyPayment {...props} /> : <TwoCurrencyPayment {...props} exchange={exchange} />;
}

function OneCurrencyPayment(props: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const cart = useCartStore((s) => s.cart);
  const addTender = useCartStore((s) => s.addTender);
  const removeTender = useCartStore((s) => s.removeTender);
  const totals = cartTotals(cart);
  const pay = (method: 'cash' | 'card', amount: number) => {
    if (amount <= 0) return;
    addTender({ method, amount });
  };

  return (
    <section className="panel stack totals" aria-label={t('pay.title')}>
      <dl>
        <dt>{t('pay.items', { count: totals.itemCount })}</dt>
        <dd />
        <DiscountTaken cart={cart} />
        <VatAdded cart={cart} />
        <dt className="grand">{t('pay.total')}</dt>
        <dd className="grand" data-testid="cart-total" data-amount={totals.total}>
          <bdi>{fmt.money(totals.total)}</bdi>
        </dd>
        {cart.tenders.map((tender, i) => (
          <Tendered key={i} label={t(`pay.method.${tender.method}`)} amount={fmt.money(tender.amount)} onRemove={() => removeTender(i)} removeLabel={t('pay.removeTender')} />
        ))}
        <dt>{t('pay.due')}</dt>
        <dd data-testid="amount-due" data-amount={totals.due}>
          <bdi>{fmt.money(totals.due)}</bdi>
        </dd>
        <dt className="change">{t('pay.change')}</dt>
        <dd className="change grand" data-testid="change-due" data-amount={totals.change}>
          <bdi>{fmt.money(totals.change)}</bdi>
        </dd>
      </dl>
      {totals.cardOverpays && (
        <div className="notice warn" data-testid="card-overpays">
          {t('pay.cardOverpays')}
        </div>
      )}
      <CashEntry currency={cart.currency} due={totals.due} cashRef={props.cashRef} />
      <div className="pay-buttons">
        <button type="button" className="big" disabled={totals.due === 0} onClick={() => pay('cash', totals.due)} data-testid="cash-exact">
          {t('pay.exact')}
        </button>
        <button type="button" className="big" disabled={totals.due === 0} onClick={() => pay('card', totals.due)} data-testid="pay-card">
          {t('pay.card', { amount: fmt.money(totals.due) })}
        </button>
      </div>
      <CompleteFooter {...props} cart={cart} exchange={null} dueText={fmt.money(totals.due)} />
    </section>
  );
}

function TwoCurrencyPayment(props: PanelProps & { exchange: CartExchange }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ex = props.exchange;
  const cart = useCartStore((s) => s.cart);
  const addTender = useCartStore((s) => s.addTender);
  const removeTender = useCartStore((s) => s.removeTender);
  const setChangeIn = useCartStore((s) => s.setChangeIn);
  const taken = ex.accepts.filter((c) => c === ex.base || c === ex.quote);
  const [chosen, setChosen] = useState<Currency>(taken[0] ?? ex.base);
  const cashCurrency = taken.includes(chosen) ? chosen : (taken[0] ?? ex.base);
  const totals = twoCurrencyTotals(cart, ex);
  const dueIn = (c: Currency) => (c === ex.quote ? totals.due.quote : totals.due.base);
  const inBase = (m: Minor) => fmt.money(m, ex.base);
  const inQuote = (m: Minor) => fmt.money(m, ex.quote);
  const pay = (tender: Tender) => {
    if (tender.amount <= 0) return;
    addTender(tender);
  };

  return (
    <section className="panel stack totals" aria-label={t('pay.title')} data-testid="pay-two-currencies">
      <dl>
        <dt>{t('pay.items', { count: cart.lines.length })}</dt>
        <dd />
        <DiscountTaken cart={cart} />
        <VatAdded cart={cart} />
        <dt className="grand">{t('pay.total')}</dt>
        <dd className="grand" data-testid="cart-total" data-amount={totals.total}>
          <bdi>{inBase(totals.total)}</bdi>
        </dd>
        <dt>{t('pay.totalIn', { currency: ex.quote })}</dt>
        <dd data-testid="cart-total-quote" data-amount={totals.totalQuote}>
          <bdi>{inQuote(totals.totalQuote)}</bdi>
        </dd>
        <dt className="muted">{t('pay.rate')}</dt>
        <dd className="muted" data-testid="rate-shown" data-rate={ex.rate.rate}>
          <RateText fmt={fmt} base={ex.base} quote={ex.quote} rate={ex.rate.rate} />
        </dd>
        {cart.tenders.map((tender, i) => (
          <Tendered
            key={i}
            label={t(`pay.method.${tender.method}`)}
            amount={fmt.money(tender.amount, tender.currency ?? ex.base)}
            currency={tender.currency ?? ex.base}
            onRemove={() => removeTender(i)}
            removeLabel={t('pay.removeTender')}
          />
        ))}
        <dt>{t('pay.due')}</dt>
        <dd data-testid="amount-due" data-amount={totals.due.base}>
          <bdi>{inBase(totals.due.base)}</bdi>
        </dd>
        <dt>{t('pay.dueOr')}</dt>
        <dd data-testid="amount-due-quote" data-amount={totals.due.quote}>
          <bdi>{inQuote(totals.due.quote)}</bdi>
        </dd>
        <dt className="change">{t('pay.changeInCurrency', { currency: ex.base })}</dt>
        <dd className="change grand" data-testid="change-due" data-amount={totals.change.base}>
          <bdi>{inBase(totals.change.base)}</bdi>
        </dd>
        <dt className="change">{t('pay.changeInCurrency', { currency: ex.quote })}</dt>
        <dd className="change grand" data-testid="change-due-quote" data-amount={totals.change.quote}>
          <bdi>{inQuote(totals.change.quote)}</bdi>
        </dd>
        {totals.rounding !== 0 && (
          <>
            <dt className="muted">{t('pay.rounding', { currency: ex.quote })}</dt>
            <dd className="muted" data-testid="change-rounding" data-amount={totals.rounding}>
              <bdi>{inQuote(totals.rounding)}</bdi>
            </dd>
          </>
        )}
      </dl>
      <fieldset className="choice" data-testid="change-in" data-selected={totals.changeIn}>
        <legend>{t('pay.changeLegend')}</legend>
        {CHANGE_IN.map((c) => (
          <button key={c} type="button" aria-pressed={totals.changeIn === c} onClick={() => setChangeIn(c)} data-testid={`change-in-${c}`}>
            {t(`pay.changeIn.${c}`, { base: ex.base, quote: ex.quote })}
          </button>
        ))}
      </fieldset>
      {totals.cardOverpays && (
        <div className="notice warn" data-testid="card-overpays">
          {t('pay.cardOverpays')}
        </div>
      )}
      {taken.length > 1 && (
        <fieldset className="choice" data-testid="cash-currency" data-selected={cashCurrency}>
          <legend>{t('pay.cashIn')}</legend>
          {taken.map((c) => (
            <button key={c} type="button" aria-pressed={cashCurrency === c} onClick={() => setChosen(c)} data-testid={`cash-currency-${c}`}>
              {c}
            </button>
          ))}
        </fieldset>
      )}
      <CashEntry key={cashCurrency} currency={cashCurrency} due={dueIn(cashCurrency)} cashRef={props.cashRef} tenderCurrency={cashCurrency} />
      <div className="pay-buttons">
        <button
          type="button"
          className="big"
          disabled={totals.settled}
          onClick={() => pay({ method: 'cash', amount: dueIn(cashCurrency), currency: cashCurrency })}
          data-testid="cash-exact"
        >
          {t('pay.exactIn', { amount: fmt.money(dueIn(cashCurrency), cashCurrency) })}
        </button>
        <button type="button" className="big" disabled={totals.settled} onClick={() => pay({ method: 'card', amount: totals.due.base })} data-testid="pay-card">
          {t('pay.card', { amount: inBase(totals.due.base) })}
        </button>
      </div>
      <CompleteFooter {...props} cart={cart} exchange={ex} dueText={t('pay.dueEither', { base: inBase(totals.due.base), quote: inQuote(totals.due.quote) })} />
    </section>
  );
}

/** "$1.00 = LBP 89,500": one whole unit of the till's currency in the second one. */
export function RateText(props: { fmt: Formatters; base: Currency; quote: Currency; rate: number }) {
  const one = 10 ** CURRENCIES[props.base].minorDigits;
  return (
    <>
      <bdi>{props.fmt.money(one, props.base)}</bdi> = <bdi>{props.fmt.money(props.rate, props.quote)}</bdi>
    </>
  );
}

/** The cash box, its quick notes and the confirmation of an implausible amount, in one currency. */
function CashEntry(props: { currency: Currency; due: Minor; cashRef: React.RefObject<HTMLInputElement | null>; tenderCurrency?: Currency }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const addTender = useCartStore((s) => s.addTender);
  const { currency, due } = props;
  const quick = quickCashAmounts(due, currency);
  // typed amounts are read the way the till writes them (its language's decimal sign, its digits or Latin ones)
  const locale = fmt.locale;
  const [cashText, setCashText] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** a typed amount waiting for the cashier's yes, because it is implausibly large */
  const [confirming, setConfirming] = useState<number | null>(null);
  const money = (m: Minor) => fmt.money(m, currency);
  const tender = (amount: Minor): Tender => ({ method: 'cash', amount, ...(props.tenderCurrency !== undefined ? { currency: props.tenderCurrency } : {}) });

  const inputError = (e: MoneyInputError): string =>
    e.kind === 'too_many_decimals' ? t('pay.input.too_many_decimals', { count: e.allowed, currency }) : t(`pay.input.${e.kind}`);

  const takeCash = (amount: number) => {
    try {
      addTender(tender(amount));
      setCashText('');
      setError(null);
      setConfirming(null);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
    }
  };
  const addCash = (text: string) => {
    const parsed = parseMoneyInput(text, currency, locale);
    if (!parsed.ok) {
      setConfirming(null);
      setError(inputError(parsed.error));
      return;
    }
    if (parsed.amount === 0) {
      setError(t('pay.input.zero'));
      return;
    }
    setError(null);
    if (isImplausibleTender(parsed.amount, due, currency)) setConfirming(parsed.amount);
    else takeCash(parsed.amount);
  };

  return (
    <>
      <label className="cash-label" htmlFor="cash-input">
        {t('pay.cashTendered')}
      </label>
      <div className="cash-row">
        <input
          id="cash-input"
          ref={props.cashRef}
          type="text"
          inputMode="decimal"
          dir="ltr"
          value={cashText}
          onChange={(e) => {
            setCashText(e.target.value);
            setConfirming(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.currentTarget.value.trim() !== '') addCash(e.currentTarget.value);
          }}
          placeholder={money(due)}
          data-testid="cash-input"
          data-currency={currency}
        />
        <button type="button" disabled={cashText.trim() === ''} onClick={() => addCash(cashText)} data-testid="cash-add">
          {t('pay.addCash')}
        </button>
      </div>
      {quick.length > 0 && (
        <div className="quick">
          {quick.map((amount) => (
            <button key={amount} type="button" onClick={() => takeCash(amount)} data-testid="cash-quick" data-amount={amount}>
              <bdi>{money(amount)}</bdi>
            </button>
          ))}
        </div>
      )}
      {confirming !== null && (
        <div className="notice warn stack" role="alert" data-testid="cash-confirm">
          <div>
            {t('pay.implausible', {
              amount: money(confirming),
              due: money(due),
              limit: money(plausibleTenderLimit(due, currency)),
            })}
          </div>
          <div className="actions">
            <button type="button" onClick={() => setConfirming(null)} data-testid="cash-confirm-no">
              {t('pay.implausibleNo')}
            </button>
            <button type="button" className="primary" onClick={() => takeCash(confirming)} data-testid="cash-confirm-yes">
              {t('pay.implausibleYes', { amount: money(confirming) })}
            </button>
          </div>
        </div>
      )}
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="pay-error">
          {error}
        </div>
      )}
    </>
  );
}

function CompleteFooter(props: PanelProps & { cart: Cart; exchange: CartExchange | null; dueText: string }) {
  const { t } = useTranslation();
  const ready = paymentBlock(props.cart, props.exchange) === null;
  return (
    <>
      {props.blocked !== null && props.blocked.cart === props.cart && (
        <div className="notice warn" role="alert" data-testid="complete-blocked">
          {props.blocked.why === 'due' ? t('pay.blocked.due', { due: props.dueText }) : t(`pay.blocked.${props.blocked.why}`)}
        </div>
      )}
      <button type="button" className="primary big" disabled={props.busy || !ready} onClick={props.onComplete} data-testid="complete-sale">
        {props.busy ? t('common.working') : t('pay.complete')}
      </button>
    </>
  );
}

function Tendered(props: { label: string; amount: string; currency?: Currency; onRemove: () => void; removeLabel: string }) {
  return (
    <>
      <dt>
        {props.label}{' '}
        <button type="button" className="link" onClick={props.onRemove} aria-label={props.removeLabel} data-testid="tender-remove">
          ×
        </button>
      </dt>
      <dd data-testid="tender" data-currency={props.currency}>
        <bdi>{props.amount}</bdi>
      </dd>
    </>
  );
}
