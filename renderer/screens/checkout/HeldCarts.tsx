import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ErrorBody } from '../../../shared/domain/errors';
import { useBranch, useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { useEscape } from '../../components/use-escape';
import { useCartStore } from '../../stores/cart-store';
import { isEmptyCart, savedFromCart } from '../../stores/open-cart';

/**
 * Hold and resume (issue 11, faster selling): "Hold" parks the basket on screen (the customer went back for the
 * milk) and the checkout is free for the next; "Held" lists the parked baskets, and resuming one while another is
 * on screen parks that one first, so no basket is ever thrown away by a resume. The till keeps the held carts
 * (services/held-carts.ts); this only asks.
 */
export function HeldCartsBar(props: { onError: (text: string) => void; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const branch = useBranch();
  const errorText = useErrorText();
  const held = useBranchQuery('cart.held', {}).data ?? [];
  const cartEmpty = useCartStore((s) => s.cart.lines.length === 0);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  // one hold id per basket: a retry after a lost answer is the same hold, answered as such, never a second one
  const holdIds = useRef(new Map<string, string>());

  /** parks the cart on screen; false (and says why) when the till refused */
  const holdCurrent = async (): Promise<boolean> => {
    const cart = useCartStore.getState().cart;
    if (isEmptyCart(cart)) return true;
    const holdId = holdIds.current.get(cart.saleId) ?? uuidv7();
    holdIds.current.set(cart.saleId, holdId);
    const r = await branch.write('cart.hold', { holdId, cart: savedFromCart(cart) });
    if (!r.ok) {
      props.onError(t('held.refused', { reason: errorText(r.error) }));
      return false;
    }
    useCartStore.getState().reset();
    return true;
  };

  const resume = async (holdId: string): Promise<ErrorBody | null> => {
    setBusy(true);
    try {
      if (!(await holdCurrent())) return null;
      const r = await branch.write('cart.resume', { holdId });
      if (!r.ok) return r.error;
      const held = r.value.lines.filter((l) => l.discount !== undefined).length + (r.value.discount === undefined ? 0 : 1);
      useCartStore.getState().restore(r.value);
      // back at today's prices: a discount that no longer fits was taken off (cart.fitDiscounts), and the cashier is told
      const c = useCartStore.getState().cart;
      const kept = c.lines.filter((l) => l.discount !== undefined).length + (c.discount === undefined ? 0 : 1);
      setOpen(false);
      props.onDone(kept < held ? t('held.resumedDiscountDropped') : t('held.resumed'));
      return null;
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        disabled={cartEmpty || busy}
        onClick={async () => {
          setBusy(true);
          try {
            if (await holdCurrent()) props.onDone(t('held.held'));
          } finally {
            setBusy(false);
          }
        }}
        data-testid="cart-hold"
      >
        {t('held.hold')}
      </button>
      <button type="button" disabled={held.length === 0} onClick={() => setOpen(true)} data-testid="held-open" data-count={held.length}>
        {t('held.list', { count: held.length })}
      </button>
      {open && <HeldCartsDialog busy={busy} onResume={resume} onClose={() => setOpen(false)} />}
    </>
  );
}

function HeldCartsDialog(props: { busy: boolean; onResume: (holdId: string) => Promise<ErrorBody | null>; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const held = useBranchQuery('cart.held', {}).data ?? [];
  const [error, setError] = useState<string | null>(null);
  useEscape(props.onClose);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('held.title')}>
      <div className="dialog stack" data-testid="held-dialog">
        <h2>{t('held.title')}</h2>
        {held.length === 0 && <p className="muted">{t('held.none')}</p>}
        <ul className="stack">
          {held.map((h) => (
            <li key={h.holdId} className="row" data-testid="held-cart" data-hold-id={h.holdId}>
              <span style={{ flex: 1 }}>
                <strong>{h.label ?? fmt.list(h.items)}</strong>
                <br />
                <span className="muted">{t('held.meta', { count: h.lines, by: h.heldByName, when: fmt.time(h.heldAt) })}</span>
              </span>
              <button
                type="button"
                className="primary"
                disabled={props.busy}
                onClick={async () => {
                  const e = await props.onResume(h.holdId);
                  setError(e === null ? null : errorText(e));
                }}
                data-testid="held-resume"
              >
                {t('held.resume')}
              </button>
            </li>
          ))}
        </ul>
        {error !== null && (
          <div className="notice bad" role="alert" data-testid="held-error">
            {error}
          </div>
        )}
        <button type="button" className="big" autoFocus onClick={props.onClose} data-testid="held-close">
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
