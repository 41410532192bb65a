import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BranchProvider, useBranchQuery } from '../app/branch-data';
import { useErrorText } from '../app/format';
import { applyDisplay } from '../i18n/i18n';
import { Receipt } from '../screens/checkout/ReceiptDialog';
import type { ReceiptPrintRoute } from '../../shared/api/receipt-print-route';

/**
 * One receipt, drawn for the thermal printer (see receipt-print-route.ts): in the till's language and digits, black
 * on white, `widthDots` CSS pixels across with type sized for that paper. Chromium shapes and orders Arabic here,
 * which a printer's code page never does.
 */
export function PrintReceiptPage(props: { route: ReceiptPrintRoute }) {
  return (
    <BranchProvider>
      <ThermalReceipt route={props.route} />
    </BranchProvider>
  );
}

function ThermalReceipt(props: { route: ReceiptPrintRoute }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const sale = useBranchQuery('sale.get', { saleId: props.route.saleId });
  const display = useBranchQuery('till.settings', {}).data ?? null;
  const [displayed, setDisplayed] = useState(false);
  const root = useRef<HTMLDivElement | null>(null);

  useLayoutEffect(() => {
    if (display === null) return;
    void applyDisplay(display).then(() => setDisplayed(true));
  }, [display]);

  const receipt = sale.data ?? null;
  const ready = receipt !== null && displayed;
  useEffect(() => {
    const node = root.current;
    if (!ready || node === null) return;
    let live = true;
    // the receipt's barcode is drawn a moment after the rest (use-code128.ts): wait for it, then for the fonts,
    // then one frame, so the picture is taken of what is painted
    const hasBarcode = () => node.querySelector('[data-testid="receipt-barcode"] svg') !== null;
    const observer = new MutationObserver(() => {
      if (hasBarcode()) finish();
    });
    const finish = () => {
      observer.disconnect();
      void document.fonts.ready.then(() =>
        requestAnimationFrame(() => {
          if (!live) return;
          const html = document.documentElement;
          html.dataset.printHeight = String(Math.ceil(node.getBoundingClientRect().height));
          html.dataset.printReady = 'true';
        }),
      );
    };
    if (hasBarcode()) finish();
    else observer.observe(node, { childList: true, subtree: true });
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [ready]);

  const fontPx = Math.round(props.route.widthDots / 24);
  return (
    <div ref={root} className="thermal" id="print-receipt" style={{ width: props.route.widthDots, fontSize: fontPx }} data-testid="print-receipt">
      {sale.error !== null ? (
        <div role="alert" data-testid="print-receipt-error">
          {errorText(sale.error)}
        </div>
      ) : receipt === null || !displayed ? (
        <div>{t('common.loading')}</div>
      ) : (
        <Receipt receipt={receipt} copy={props.route.copy} />
      )}
    </div>
  );
}
