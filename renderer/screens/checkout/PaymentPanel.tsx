import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isImplausibleTender, parseMoneyInput, plausibleTenderLimit, type MoneyInputError } from '../../../shared/domain/money-input';
import { isDomainError } from '../../../shared/domain/errors';
import { useCartStore } from '../../stores/cart-store';
import { canComplete, cartTotals, quickCashAmounts, type Cart } from '../../stores/cart';
import { useFormat } from '../../app/format';

/** F9 pressed while the sale cannot complete: why, and for which cart (a changed cart drops the message). */
export interface CompleteBlocked {
  why: 'empty' | 'due' | 'cardOverpays';
  cart: Cart;
}

/**
 * Totals, tenders and change. Amounts typed by the cashier are read by the till's locale and the currency's
 * decimals (shared/domain/money-input.ts); a cash amount far above what is due (more than one largest note
 * over it: an extra zero, most likely) is only taken after the cashier confirms it.
 */
export function PaymentPanel(props: {
  busy: boolean;
  onComplete: () => void;
  cashRef: React.RefObject<HTMLInputElement | null>;
  /** why the sale cannot be completed yet, after the cashier pressed F9 anyway (shown until the cart changes) */
  blocked: CompleteBlocked | null;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const cart = useCartStore((s) => s.cart);
  const addTender = useCartStore((s) => s.addTender);
  const removeTender = useCartStore((s) => s.removeTender);
  const totals = cartTotals(cart);
  const quick = quickCashAmounts(totals.due, cart.currency);
  // typed amounts are read the way the till writes them (its language's decimal sign, its digits or Latin ones)
  const locale = fmt.locale;
  const [cashText, setCashText] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** a typed amount waiting for the cashier's yes, because it is implausibly large */
  const [confirming, setConfirming] = useState<number | null>(null);

  const inputError = (e: MoneyInputError): string =>
    e.kind === 'too_many_decimals' ? t('pay.input.too_many_decimals', { count: e.allowed, currency: cart.currency }) : t(`pay.input.${e.kind}`);

  const takeCash = (amount: number) => {
    try {
      addTender({ method: 'cash', amount });
      setCashText('');
      setError(null);
      setConfirming(null);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
    }
  };
  const addCash = (text: string) => {
    const parsed = parseMoneyInput(text, cart.currency, locale);
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
    if (isImplausibleTender(parsed.amount, totals.due, cart.currency)) setConfirming(parsed.amount);
    else takeCash(parsed.amount);
  };
  const pay = (method: 'cash' | 'card', amount: number) => {
    if (amount <= 0) return;
    addTender({ method, amount });
    setError(null);
  };

  return (
    <section className="panel stack totals" aria-label={t('pay.title')}>
      <dl>
        <dt>{t('pay.items', { count: totals.itemCount })}</dt>
        <dd />
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
          placeholder={fmt.money(totals.due)}
          data-testid="cash-input"
        />
        <button type="button" disabled={cashText.trim() === ''} onClick={() => addCash(cashText)} data-testid="cash-add">
          {t('pay.addCash')}
        </button>
      </div>
      {quick.length > 0 && (
        <div className="quick">
          {quick.map((amount) => (
            <button key={amount} type="button" onClick={() => pay('cash', amount)} data-testid="cash-quick" data-amount={amount}>
              <bdi>{fmt.money(amount)}</bdi>
            </button>
          ))}
        </div>
      )}
      <div className="pay-buttons">
        <button type="button" className="big" disabled={totals.due === 0} onClick={() => pay('cash', totals.due)} data-testid="cash-exact">
          {t('pay.exact')}
        </button>
        <button type="button" className="big" disabled={totals.due === 0} onClick={() => pay('card', totals.due)} data-testid="pay-card">
          {t('pay.card', { amount: fmt.money(totals.due) })}
        </button>
      </div>
      {confirming !== null && (
        <div className="notice warn stack" role="alert" data-testid="cash-confirm">
          <div>
            {t('pay.implausible', {
              amount: fmt.money(confirming),
              due: fmt.money(totals.due),
              limit: fmt.money(plausibleTenderLimit(totals.due, cart.currency)),
            })}
          </div>
          <div className="actions">
            <button type="button" onClick={() => setConfirming(null)} data-testid="cash-confirm-no">
              {t('pay.implausibleNo')}
            </button>
            <button type="button" className="primary" onClick={() => takeCash(confirming)} data-testid="cash-confirm-yes">
              {t('pay.implausibleYes', { amount: fmt.money(confirming) })}
            </button>
          </div>
        </div>
      )}
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="pay-error">
          {error}
        </div>
      )}
      {props.blocked !== null && props.blocked.cart === cart && (
        <div className="notice warn" role="alert" data-testid="complete-blocked">
          {props.blocked.why === 'due' ? t('pay.blocked.due', { due: fmt.money(totals.due) }) : t(`pay.blocked.${props.blocked.why}`)}
        </div>
      )}
      <button type="button" className="primary big" disabled={props.busy || !canComplete(totals)} onClick={props.onComplete} data-testid="complete-sale">
        {props.busy ? t('common.working') : t('pay.complete')}
      </button>
    </section>
  );
}

function Tendered(props: { label: string; amount: string; onRemove: () => void; removeLabel: string }) {
  return (
    <>
      <dt>
        {props.label}{' '}
        <button type="button" className="link" onClick={props.onRemove} aria-label={props.removeLabel} data-testid="tender-remove">
          ×
        </button>
      </dt>
      <dd data-testid="tender">
        <bdi>{props.amount}</bdi>
      </dd>
    </>
  );
}
