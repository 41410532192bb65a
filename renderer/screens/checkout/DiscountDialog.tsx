import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { discountAmount, type Discount } from '../../../shared/domain/discounts';
import { isDomainError } from '../../../shared/domain/errors';
import { CURRENCIES, type Currency, type Minor } from '../../../shared/domain/money';
import { parseMoneyInput } from '../../../shared/domain/money-input';
import { useFormat } from '../../app/format';
import { useEscape } from '../../components/use-escape';

/**
 * A discount off a line or off the whole cart (issue 11): a percentage or an amount, typed in the till's digits.
 * What it takes off is shown before it is applied, by the same rule the till charges by; past 100% or more than
 * what it is taken off is said, never clamped. A manager approves at the sale if it goes past the shop's limit.
 */
export function DiscountDialog(props: {
  title: string;
  /** what the discount is taken off, before it */
  base: Minor;
  currency: Currency;
  current: Discount | undefined;
  /** prices exclude VAT: what it is taken off is before VAT, and the VAT comes down with it */
  beforeVat?: boolean;
  onApply: (discount: Discount | undefined) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  useEscape(props.onCancel);
  const [kind, setKind] = useState<Discount['kind']>(props.current?.kind ?? 'percent');
  const [text, setText] = useState(() =>
    props.current === undefined
      ? ''
      : props.current.kind === 'percent'
        ? fmt.qtyInput(props.current.bp * 10, 2)
        : fmt.qtyInput(props.current.amount * 10 ** (3 - CURRENCIES[props.currency].minorDigits), CURRENCIES[props.currency].minorDigits),
  );
  const read = readDiscount(kind, text, props.currency, fmt.readNumber, fmt.locale);
  let off: Minor | null = null;
  let problem: string | null = read.ok ? null : read.message === '' ? null : kind === 'percent' ? t('discount.unreadable') : t('discount.unreadableAmount');
  if (read.ok) {
    try {
      off = discountAmount(props.base, read.discount);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      problem = kind === 'percent' ? t('discount.pastWhole') : t('discount.moreThan', { amount: fmt.money(props.base, props.currency) });
    }
  }
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={props.title}>
      <form
        className="dialog stack"
        data-testid="discount-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (read.ok && off !== null) props.onApply(read.discount);
        }}
      >
        <h2>{props.title}</h2>
        <div className="row" role="radiogroup" aria-label={t('discount.kind')}>
          {(['percent', 'amount'] as const).map((k) => (
            <label key={k} className="row">
              <input type="radio" name="discount-kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`discount-kind-${k}`} />
              {k === 'percent' ? t('discount.percent') : t('discount.amount')}
            </label>
          ))}
        </div>
        <input
          type="text"
          inputMode="decimal"
          dir="ltr"
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label={kind === 'percent' ? t('discount.percentLabel') : t('discount.amountLabel')}
          data-testid="discount-value"
        />
        {off !== null && (
          <div className="muted" data-testid="discount-off" data-amount={off}>
            {props.beforeVat === true
              ? t('discount.takesOffNet', { amount: fmt.money(off, props.currency), of: fmt.money(props.base, props.currency) })
              : t('discount.takesOff', { amount: fmt.money(off, props.currency), of: fmt.money(props.base, props.currency) })}
          </div>
        )}
        {problem !== null && (
          <div className="notice bad" role="alert" data-testid="discount-error">
            {problem}
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary big" disabled={!read.ok || off === null} data-testid="discount-apply">
            {t('discount.apply')}
          </button>
          {props.current !== undefined && (
            <button type="button" className="big" onClick={() => props.onApply(undefined)} data-testid="discount-remove">
              {t('discount.remove')}
            </button>
          )}
          <button type="button" className="big" onClick={props.onCancel} data-testid="discount-cancel">
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

type Read = { ok: true; discount: Discount } | { ok: false; message: string };

/** What was typed as a discount: a percentage to two decimals (12.5% = 1250 bp), or an amount of the currency. */
export function readDiscount(kind: Discount['kind'], text: string, currency: Currency, readNumber: (t: string) => string, locale: string): Read {
  if (text.trim() === '') return { ok: false, message: '' };
  if (kind === 'amount') {
    const m = parseMoneyInput(text, currency, locale);
    return m.ok ? { ok: true, discount: { kind: 'amount', amount: m.amount } } : { ok: false, message: m.error.kind };
  }
  const n = readNumber(text).trim();
  if (!/^\d{1,5}(\.\d{1,2})?$/.test(n)) return { ok: false, message: 'not_a_percentage' };
  const [whole, frac = ''] = n.split('.');
  return { ok: true, discount: { kind: 'percent', bp: Number(whole) * 100 + Number(frac.padEnd(2, '0')) } };
}
