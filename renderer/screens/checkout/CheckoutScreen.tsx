import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView, ReceiptView, ScanView } from '../../../shared/api/branch-api';
import type { ErrorBody } from '../../../shared/domain/errors';
import type { Currency } from '../../../shared/domain/money';
import { isDomainError } from '../../../shared/domain/errors';
import { isFractionalUnit } from '../../../shared/domain/units';
import { useCartStore } from '../../stores/cart-store';
import { cartTotals, linePrice, saleRequest } from '../../stores/cart';
import { paymentBlock } from '../../stores/cart-exchange';
import { useBranch, useBranchQuery } from '../../app/branch-data';
import { useTill } from '../../app/session';
import { useErrorText, useFormat } from '../../app/format';
import { useWedgeScanner } from '../../scan/use-wedge-scanner';
import { lookupScannedCode, scaleRefusalText } from '../../scan/product-lookup';
import { isTransferCode } from '../../../shared/scan/transfer-code';
import { parseSaleCode } from '../../../shared/scan/sale-code';
import { ProductSearch } from '../../components/ProductSearch';
import { CameraScanner } from '../../components/CameraScanner';
import { CartTable } from './CartTable';
import { PaymentPanel, useCartExchange, type CompleteBlocked } from './PaymentPanel';
import { CustomerContactForm } from './CustomerContactForm';
import { OverrideDialog } from './OverrideDialog';
import { ReceiptDialog } from './ReceiptDialog';
import { ClearCartDialog } from './ClearCartDialog';
import { ApprovalActive } from './ApprovalActive';
import { useVoidApproval } from './use-void-approval';
import { HeldCartsBar } from './HeldCarts';
import { FavouritesGrid } from './FavouritesGrid';
import { DiscountDialog } from './DiscountDialog';
import { cartRefusalText } from './cart-refusal';
import { ManagerApprovalDialog } from '../../components/ManagerApproval';

type ScanStatus =
  | { kind: 'ready' }
  | { kind: 'looking'; code: string }
  | { kind: 'added'; code: string; name: string }
  | { kind: 'error'; text: string; code: string | null }
  /** a note for the cashier that is no scan's (a cart held or resumed) */
  | { kind: 'note'; text: string };

/** A refused sale: what the cashier sees, and whether a manager may push it through. */
interface Refusal {
  text: string;
  stock: { summary: string } | null;
}

/** `onOpenShift`: takes the cashier to the Shift screen (App's navigation); without it the notice has no button. */
export function CheckoutScreen(props: { onOpenShift?: () => void; /** a scanned receipt: start a return of its sale */ onReturn?: (saleId: string) => void } = {}) {
  const { t } = useTranslation();
  const branch = useBranch();
  const fmt = useFormat();
  const errorText = useErrorText();
  const add = useCartStore((s) => s.add);
  const reset = useCartStore((s) => s.reset);
  const currency = useTill()?.currency ?? null;
  const onReturn = props.onReturn;
  // Selling never waits for a shift (the till sells whatever happens), but a sale outside one is in no drawer count:
  // say so, with the way to open one. `undefined` while the first answer is on its way: no notice flickers.
  const shift = useBranchQuery('shift.current', {}).data;
  const [status, setStatus] = useState<ScanStatus>({ kind: 'ready' });
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [overriding, setOverriding] = useState(false);
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);
  const [camera, setCamera] = useState(false);
  const [confirmClear, setConfirmClear] = useState(false);
  const [discounting, setDiscounting] = useState(false);
  const [approvingDiscount, setApprovingDiscount] = useState(false);
  const [lineDialog, setLineDialog] = useState(false);
  // throwing a basket away is a void of all its lines: a manager approves it (use-void-approval.tsx)
  const clearVoid = useVoidApproval({ onError: (text) => setStatus({ kind: 'error', text, code: null }), onDialog: setLineDialog });
  const [blocked, setBlocked] = useState<CompleteBlocked | null>(null);
  const [recovered, setRecovered] = useState<{ number: string; total: number; currency: Currency } | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const cashRef = useRef<HTMLInputElement | null>(null);
  // the second currency as the payment panel shows it, for F9 (a key handler reads it when pressed)
  const exchange = useCartExchange();
  const exchangeRef = useRef(exchange);
  exchangeRef.current = exchange;

  useEffect(() => {
    if (currency !== null && useCartStore.getState().cart.currency !== currency && useCartStore.getState().cart.lines.length === 0) reset(currency);
  }, [currency, reset]);
  // The tenant's VAT settings travel with the cart, so its total is what the till will charge (tax-exclusive prices:
  // the lines plus their VAT); a fresh or restored cart gets them again.
  const tax = useTill()?.tax ?? undefined;
  const cartTax = useCartStore((s) => s.cart.tax);
  const setTax = useCartStore((s) => s.setTax);
  useEffect(() => {
    if (cartTax !== tax) setTax(tax);
  }, [cartTax, tax, setTax]);

  const addView = useCallback(
    (view: ProductView | ScanView, scannedCode?: string) => {
      try {
        // A pack barcode (the case's own code) adds the whole pack, on a line priced by the pack.
        const pack = 'pack' in view ? view.pack : null;
        // A scale label (the shop's scale weighed it): a line of what the label sells, its quantity not to be typed.
        const label = 'label' in view ? view.label : undefined;
        add(view, { ...(scannedCode !== undefined ? { scannedCode } : {}), pack, ...(label !== undefined ? { label } : {}) });
        const lines = useCartStore.getState().cart.lines;
        const line = lines[lines.length - 1];
        setFocusKey(isFractionalUnit(view.product.unit) && label === undefined && line !== undefined ? line.key : null);
        setStatus({ kind: 'added', code: scannedCode ?? view.product.sku, name: view.product.name });
        setRefusal(null);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        setStatus({ kind: 'error', text: t(`errors.${e.code}`, { detail: e.message }), code: scannedCode ?? null });
      }
    },
    [add, t],
  );

  const onCode = useCallback(
    async (code: string) => {
      // A delivery note's barcode is not for sale: say where it is read, rather than "unknown barcode".
      if (isTransferCode(code)) {
        setStatus({ kind: 'error', text: t('scan.deliveryNote'), code });
        return;
      }
      // A receipt's barcode: the customer is bringing something back.
      const returned = parseSaleCode(code);
      if (returned !== null) {
        if (onReturn !== undefined) onReturn(returned);
        else setStatus({ kind: 'error', text: t('scan.receipt'), code });
        return;
      }
      setStatus({ kind: 'looking', code });
      const found = await lookupScannedCode(branch, code);
      if (found.ok) {
        addView(found.view, found.code);
        return;
      }
      const e = found.error;
      const text =
        scaleRefusalText(t, e) ??
        (e.code === 'INVALID_BARCODE' ? t('scan.badCheckDigit', { code }) : e.code === 'UNKNOWN_BARCODE' ? t('scan.unknown', { code }) : errorText(e));
      setStatus({ kind: 'error', text, code });
    },
    [branch, addView, errorText, t, onReturn],
  );

  const modalOpen = overriding || receipt !== null || camera || confirmClear || discounting || approvingDiscount || lineDialog;
  const startNextSale = useCallback(() => {
    setReceipt(null);
    setRecovered(null);
    reset();
    setStatus({ kind: 'ready' });
  }, [reset]);
  // A scan while the receipt is open is the next customer's first item: close the receipt, start the next sale
  // with it. Other dialogs (override, camera) hold the scanner off: they are a decision in progress.
  useWedgeScanner(
    (scan) => {
      if (receipt !== null) startNextSale();
      void onCode(scan.code);
    },
    !(overriding || camera || confirmClear || discounting || approvingDiscount || lineDialog),
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (modalOpen) return;
      if (e.key === 'F2') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'F4') {
        e.preventDefault();
        cashRef.current?.focus();
      } else if (e.key === 'F9') {
        e.preventDefault();
        const current = useCartStore.getState().cart;
        const why = paymentBlock(current, exchangeRef.current);
        if (why === null) {
          setBlocked(null);
          (document.querySelector('[data-testid="complete-sale"]') as HTMLButtonElement | null)?.click();
        } else {
          // The button is disabled, so F9 would do nothing at all: say what is missing instead (until the cart changes).
          setBlocked({ why, cart: current });
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [modalOpen]);

  // An earlier attempt turned out to be recorded: those goods are sold. What is left becomes the next sale (and
  // the cashier is told the recorded receipt's number); if nothing is left, the recorded sale is this sale.
  const settleRecorded = (recorded: ReceiptView) => {
    // (The header's sync status was refetched after the attempt itself: a write refetches what it may have changed.)
    useCartStore.getState().settleRecorded(recorded);
    if (useCartStore.getState().cart.lines.length === 0) {
      setRecovered(null);
      setRefusal(null);
      setReceipt(recorded);
      return;
    }
    setRefusal(null);
    setRecovered({ number: recorded.number, total: recorded.total, currency: recorded.currency });
  };

  /**
   * Before a new sale goes out: did an attempt given up after an unconfirmed send (the cart was changed since,
   * so it moved to a new id) land after all? Sending the new sale then would sell those goods twice. Newest
   * first; true when none did and the new sale may go.
   */
  const earlierAttemptsSettled = async (): Promise<boolean> => {
    for (;;) {
      const newest = useCartStore.getState().cart.unconfirmedSaleIds?.at(-1);
      if (newest === undefined) return true;
      const r = await branch.read('sale.get', { saleId: newest });
      if (r.ok) {
        settleRecorded(r.value);
        return false;
      }
      if (r.error.code !== 'NOT_FOUND') {
        setRefusal({ text: t('checkout.earlierUnchecked', { reason: errorText(r.error) }), stock: null });
        return false;
      }
      useCartStore.getState().dropUnconfirmed(newest);
    }
  };

  const complete = async (override?: { reason: string }) => {
    setBusy(true);
    try {
      await send(override);
    } finally {
      setBusy(false);
    }
  };

  const send = async (override?: { reason: string }) => {
    if (!(await earlierAttemptsSettled())) return;
    setRecovered(null);
    // The same cart always sends the same saleId: a retry after a lost answer returns the first receipt.
    const sent = useCartStore.getState().cart;
    const r = await branch.write('sale.complete', saleRequest(sent, override));
    if (r.ok) {
      setReceipt(r.value);
      setRefusal(null);
      return;
    }
    if (r.error.code === 'UNAVAILABLE' || r.error.code === 'INTERNAL') {
      // No verdict: the sale may be recorded. A plain retry is safe (same id, same content); an edit moves the
      // cart to a new id and this one is checked before that sale goes (earlierAttemptsSettled).
      useCartStore.getState().markAttempted(sent);
    } else if (r.error.code === 'ID_REUSED') {
      // The backend holds this id with other content: an attempt whose answer was lost (e.g. before a reload,
      // which does not keep the attempt). Find out what it recorded rather than leave the cashier stuck.
      const g = await branch.read('sale.get', { saleId: sent.saleId });
      if (g.ok) {
        settleRecorded(g.value);
        return;
      }
      if (g.error.code === 'NOT_FOUND') {
        // Not a sale of this till at all: nothing was sold under it, so the cart goes under a new id.
        useCartStore.getState().renewSaleId();
        setRefusal({ text: t('checkout.idRenewed'), stock: null });
        return;
      }
      setRefusal({ text: t('checkout.earlierUnchecked', { reason: errorText(g.error) }), stock: null });
      return;
    }
    if (r.error.code === 'FORBIDDEN' && r.error.details?.['reason'] === 'discount_limit') {
      // past the shop's limit: a manager types their PIN here, and the same sale goes again
      setApprovingDiscount(true);
      return;
    }
    setRefusal(refusalOf(r.error));
  };

  const refusalOf = (e: ErrorBody): Refusal => {
    // No answer (or a broken one) is not a refusal: the sale may or may not be recorded, and retrying with the
    // same saleId settles it without charging twice.
    if (e.code === 'UNAVAILABLE' || e.code === 'INTERNAL') return { text: t('checkout.notSent', { reason: errorText(e) }), stock: null };
    if (e.code !== 'INSUFFICIENT_STOCK') return { text: t('checkout.refused', { reason: errorText(e) }), stock: null };
    const d = e.details ?? {};
    const line = useCartStore.getState().cart.lines.find((l) => l.product.id === d.productId);
    const name = typeof d.name === 'string' ? d.name : (line?.product.name ?? t('checkout.aProduct'));
    const unit = line?.product.unit ?? 'each';
    const summary =
      typeof d.available === 'number' && typeof d.requested === 'number'
        ? t('checkout.shortBy', { name, available: fmt.qty(d.available, unit), requested: fmt.qty(d.requested, unit) })
        : t('checkout.shortGeneric', { name });
    return { text: summary, stock: { summary } };
  };

  // Only whether the cart is empty: this screen must not re-render on every scan (the cart table and the
  // payment panel follow the cart themselves), or each scan would pay for the whole screen.
  const cartEmpty = useCartStore((s) => s.cart.lines.length === 0);
  /** what the manager is asked to approve: all the discounts, against the lines' shelf totals */
  const discountShown = () => {
    const c = useCartStore.getState().cart;
    // a price set lower counts as coming off too: the manager approves what the lines come down from the shelf
    const shelf = c.lines.reduce((sum, l) => sum + linePrice(l), 0);
    const off = shelf - Object.values(cartTotals(c).lineTotals).reduce((a, b) => a + b, 0);
    return { off, shelf, bp: shelf === 0 ? 0 : Math.round((off * 10_000) / shelf) };
  };
  /** what a cart discount is taken off: the lines after their own discounts */
  const cartBeforeDiscount = () => {
    const c = useCartStore.getState().cart;
    const { discount: _d, ...without } = c;
    return Object.values(cartTotals(without).lineTotals).reduce((a, b) => a + b, 0);
  };
  const cartDiscount = useCartStore((s) => s.cart.discount);

  return (
    <div className="checkout" data-testid="checkout-screen">
      <section className="stack cart-column">
        {shift === null && (
          <div className="notice warn no-print" role="status" data-testid="no-shift">
            <span>{t('checkout.noShift')}</span>
            {props.onOpenShift !== undefined && (
              <button type="button" onClick={props.onOpenShift} data-testid="no-shift-open">
                {t('checkout.openShift')}
              </button>
            )}
          </div>
        )}
        <ApprovalActive />
        <ScanStatusBar status={status} />
        <div className="scanbar no-print">
          <ProductSearch inputRef={searchRef} onPick={(v) => addView(v)} />
          <button type="button" onClick={() => setCamera(true)} data-testid="camera-open">
            {t('camera.open')}
          </button>
        </div>
        <FavouritesGrid onPick={(v) => addView(v)} />
        <div className="panel cart-scroll">
          <CartTable focusKey={focusKey} onError={(text) => setStatus({ kind: 'error', text, code: null })} onDialog={setLineDialog} />
        </div>
        {recovered !== null && (
          <div className="notice warn" role="alert" data-testid="checkout-recovered" data-receipt={recovered.number}>
            <div>{t('checkout.earlierRecorded', { number: recovered.number, total: fmt.money(recovered.total, recovered.currency) })}</div>
            <div className="muted">{t('checkout.remainderToSell')}</div>
            <div className="actions">
              <button type="button" onClick={() => setRecovered(null)} data-testid="checkout-recovered-dismiss">
                {t('common.dismiss')}
              </button>
            </div>
          </div>
        )}
        {refusal !== null && (
          <div className="notice bad" role="alert" data-testid="checkout-error" data-kind={refusal.stock !== null ? 'stock' : 'refused'}>
            <div>{refusal.text}</div>
            <div className="muted">{t('checkout.cartKept')}</div>
            <div className="actions">
              {refusal.stock !== null && (
                <button type="button" className="primary" onClick={() => setOverriding(true)} data-testid="override-open">
                  {t('override.open')}
                </button>
              )}
              <button type="button" onClick={() => setRefusal(null)} data-testid="checkout-error-dismiss">
                {t('common.dismiss')}
              </button>
            </div>
          </div>
        )}
        <div className="row no-print">
          <button type="button" className="danger" disabled={cartEmpty} onClick={() => setConfirmClear(true)} data-testid="cart-clear">
            {t('checkout.clear')}
          </button>
          <button type="button" disabled={cartEmpty} onClick={() => setDiscounting(true)} data-testid="cart-discount-open" data-active={cartDiscount !== undefined}>
            {cartDiscount === undefined ? t('discount.cart') : t('discount.cartOn')}
          </button>
          <HeldCartsBar
            onError={(text) => setStatus({ kind: 'error', text, code: null })}
            onDone={(text) => {
              setRefusal(null);
              setRecovered(null);
              setStatus({ kind: 'note', text });
            }}
          />
          <span className="muted">{t('checkout.keys')}</span>
        </div>
      </section>
      <section className="stack pay-column">
        <PaymentPanel busy={busy} onComplete={() => void complete()} cashRef={cashRef} blocked={blocked} />
        <CustomerContactForm />
      </section>
      {overriding && refusal !== null && refusal.stock !== null && (
        <OverrideDialog
          summary={refusal.stock.summary}
          onCancel={() => setOverriding(false)}
          onConfirm={(reason) => {
            setOverriding(false);
            void complete({ reason });
          }}
        />
      )}
      {discounting && (
        <DiscountDialog
          title={t('discount.cartTitle')}
          base={cartBeforeDiscount()}
          currency={useCartStore.getState().cart.currency}
          current={cartDiscount}
          beforeVat={useCartStore.getState().cart.tax?.pricesIncludeTax === false}
          onCancel={() => setDiscounting(false)}
          onApply={(d) => {
            setDiscounting(false);
            try {
              useCartStore.getState().setCartDiscount(d);
            } catch (e) {
              if (!isDomainError(e)) throw e;
              setStatus({ kind: 'error', text: cartRefusalText(t, e), code: null });
            }
          }}
        />
      )}
      {approvingDiscount && (
        <ManagerApprovalDialog
          reason={t('discount.approval', { off: fmt.money(discountShown().off), of: fmt.money(discountShown().shelf), percent: fmt.percent(discountShown().bp) })}
          onCancel={() => setApprovingDiscount(false)}
          onApproved={() => {
            setApprovingDiscount(false);
            void complete();
          }}
        />
      )}
      {clearVoid.dialog}
      {confirmClear && (
        <ClearCartDialog
          onCancel={() => setConfirmClear(false)}
          onConfirm={() => {
            setConfirmClear(false);
            const basket = useCartStore.getState().cart;
            void clearVoid.request(
              { saleId: basket.saleId, lines: basket.lines.map((l) => ({ productId: l.product.id, qty: l.qty })), whole: true, summary: t('void.wholeBasket', { count: basket.lines.length, total: fmt.money(cartTotals(basket).total) }) },
              () => {
                reset();
                setRefusal(null);
                setRecovered(null);
                setStatus({ kind: 'ready' });
              },
            );
          }}
        />
      )}
      {receipt !== null && (
        <ReceiptDialog
          receipt={receipt}
          onClose={startNextSale}
        />
      )}
      {camera && (
        <CameraScanner
          onCode={(code) => {
            setCamera(false);
            void onCode(code);
          }}
          onClose={() => setCamera(false)}
        />
      )}
    </div>
  );
}

function ScanStatusBar(props: { status: ScanStatus }) {
  const { t } = useTranslation();
  const s = props.status;
  const cls = s.kind === 'error' ? 'scan-status error' : s.kind === 'added' ? 'scan-status ok' : 'scan-status';
  const text =
    s.kind === 'ready'
      ? t('scan.ready')
      : s.kind === 'looking'
        ? t('scan.looking', { code: s.code })
        : s.kind === 'added'
          ? t('scan.added', { name: s.name })
          : s.text;
  return (
    <div className={cls} role="status" aria-live="assertive" data-testid="scan-status" data-state={s.kind} data-code={s.kind === 'ready' || s.kind === 'note' ? undefined : (s.code ?? undefined)}>
      {text}
    </div>
  );
}
