import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CURRENCIES, type Currency, type Minor } from '../../../shared/domain/money';
import { parseMoneyInput } from '../../../shared/domain/money-input';
import { useFormat } from '../../app/format';
import { useEscape } from '../../components/use-escape';

/**
 * A unit price the cashier sets instead of the shelf's (issue 11, a price override): the shelf's stays shown, and
 * a price lowered past the shop's limit makes the sale ask for a manager, as a discount would.
 */
export function PriceDialog(props: { name: string; shelf: Minor; currency: Currency; current: Minor | undefined; onApply: (price: Minor | undefined) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  useEscape(props.onCancel);
  const digits = CURRENCIES[props.currency].minorDigits;
  const [text, setText] = useState(props.current === undefined ? '' : fmt.qtyInput(props.current * 10 ** (3 - digits), digits));
  const read = text.trim() === '' ? null : parseMoneyInput(text, props.currency, fmt.locale);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('price.title', { name: props.name })}>
      <form
        className="dialog stack"
        data-testid="price-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (read?.ok === true) props.onApply(read.amount);
        }}
      >
        <h2>{t('price.title', { name: props.name })}</h2>
        <p className="muted">{t('price.shelf', { price: fmt.money(props.shelf, props.currency) })}</p>
        <input type="text" inputMode="decimal" dir="ltr" autoFocus value={text} onChange={(e) => setText(e.target.value)} aria-label={t('price.label')} data-testid="price-value" />
        {read !== null && !read.ok && (
          <div className="notice bad" role="alert" data-testid="price-error">
            {t('price.unreadable')}
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary big" disabled={read?.ok !== true} data-testid="price-apply">
            {t('price.apply')}
          </button>
          {props.current !== undefined && (
            <button type="button" className="big" onClick={() => props.onApply(undefined)} data-testid="price-shelf">
              {t('price.backToShelf')}
            </button>
          )}
          <button type="button" className="big" onClick={props.onCancel} data-testid="price-cancel">
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
