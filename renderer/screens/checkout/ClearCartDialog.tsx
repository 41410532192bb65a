import { useTranslation } from 'react-i18next';
import { useEscape } from '../../components/use-escape';
import { useFormat } from '../../app/format';
import { useCartStore } from '../../stores/cart-store';
import { cartTotals } from '../../stores/cart';

/** Clearing a cart throws away a whole basket: the cashier says so twice. "Keep" has the focus, and Escape keeps. */
export function ClearCartDialog(props: { onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const cart = useCartStore((s) => s.cart);
  useEscape(props.onCancel);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('checkout.clearTitle')}>
      <div className="dialog stack" data-testid="cart-clear-dialog">
        <h2>{t('checkout.clearTitle')}</h2>
        <p>{t('checkout.clearQuestion', { count: cart.lines.length, total: fmt.money(cartTotals(cart).total) })}</p>
        <div className="row">
          <button type="button" className="big" autoFocus onClick={props.onCancel} data-testid="cart-clear-cancel">
            {t('checkout.clearKeep')}
          </button>
          <button type="button" className="danger big" onClick={props.onConfirm} data-testid="cart-clear-confirm">
            {t('checkout.clearConfirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
