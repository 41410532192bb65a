import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMoney } from '../../../shared/domain/money';
import { isDomainError } from '../../../shared/domain/errors';
import { useCartStore } from '../../stores/cart-store';
import { canComplete, cartTotals, quickCashAmounts } from '../../stores/cart';
import { useFormat } from '../../app/format';

/** Totals, tenders and change. Amounts typed by the cashier are parsed to minor units by the shared parser. */
export function PaymentPanel(props: { busy: boolean; onComplete: () => void; cashRef: React.RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const cart = useCartStore((s) => s.cart);
  const addTender = useCartStore((s) => s.addTender);
  const removeTender = useCartStore((s) => s.removeTender);
  const totals = cartTotals(cart);
  const [cashText, setCashText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const addCash = (text: string) => {
    try {
      addTender({ method: 'cash', amount: parseMoney(text, cart.currency) });
      setCashText('');
      setError(null);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
    }
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
          {fmt.money(totals.total)}
        </dd>
        {cart.tenders.map((tender, i) => (
          <Tendered key={i} label={t(`pay.method.${tender.method}`)} amount={fmt.money(tender.amount)} onRemove={() => removeTender(i)} removeLabel={t('pay.removeTender')} />
        ))}
        <dt>{t('pay.due')}</dt>
        <dd data-testid="amount-due" data-amount={totals.due}>
          {fmt.money(totals.due)}
        </dd>
        <dt className="change">{t('pay.change')}</dt>
        <dd className="change grand" data-testid="change-due" data-amount={totals.change}>
          {fmt.money(totals.change)}
        </dd>
      </dl>
      {totals.cardOverpays && (
        <div className="notice warn" data-testid="card-overpays">
          {t('pay.cardOverpays')}
        </div>
      )}
      <div className="row nowrap">
        <label style={{ flex: 1 }}>
          {t('pay.cashTendered')}
          <input
            ref={props.cashRef}
            type="text"
            inputMode="decimal"
            value={cashText}
            onChange={(e) => setCashText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && e.currentTarget.value.trim() !== '') addCash(e.currentTarget.value);
            }}
            placeholder={fmt.money(totals.due)}
            data-testid="cash-input"
          />
        </label>
        <button type="button" disabled={cashText.trim() === ''} onClick={() => addCash(cashText)} data-testid="cash-add">
          {t('pay.addCash')}
        </button>
      </div>
      <div className="quick">
        <button type="button" disabled={totals.due === 0} onClick={() => pay('cash', totals.due)} data-testid="cash-exact">
          {t('pay.exact')}
        </button>
        {quickCashAmounts(totals.due, cart.currency).map((amount) => (
          <button key={amount} type="button" onClick={() => pay('cash', amount)} data-testid="cash-quick" data-amount={amount}>
            {fmt.money(amount)}
          </button>
        ))}
      </div>
      <button type="button" className="big" disabled={totals.due === 0} onClick={() => pay('card', totals.due)} data-testid="pay-card">
        {t('pay.card', { amount: fmt.money(totals.due) })}
      </button>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="pay-error">
          {error}
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
      <dd data-testid="tender">{props.amount}</dd>
    </>
  );
}
