import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorBody } from '../../shared/domain/errors';
import type { PrintRoute } from '../../shared/api/print-route';
import { BranchProvider, useBranchQuery } from '../app/branch-data';
import { useErrorText } from '../app/format';
import { applyDisplay } from '../i18n/i18n';
import { Receipt } from '../screens/checkout/ReceiptDialog';
import { ZReport } from '../screens/shift/ZReport';

/**
 * One paper, drawn for the thermal printer (shared/api/print-route.ts): a sale's receipt or a shift's Z report, in
 * the till's language and digits, black on white, `widthDots` CSS pixels across with type sized for that paper.
 * Chromium shapes and orders Arabic here, which a printer's code page never does.
 */
export function PrintPage(props: { route: PrintRoute }) {
  return <BranchProvider>{props.route.paper === 'receipt' ? <ReceiptPaper route={props.route} /> : <ZPaper route={props.route} />}</BranchProvider>;
}

function ReceiptPaper(props: { route: Extract<PrintRoute, { paper: 'receipt' }> }) {
  const sale = useBranchQuery('sale.get', { saleId: props.route.saleId });
  // the receipt's barcode is drawn a moment after the rest (use-code128.ts): the picture waits for it
  return (
    <Thermal widthDots={props.route.widthDots} error={sale.error} ready={sale.data !== undefined} drawn={(node) => node.querySelector('[data-testid="receipt-barcode"] svg') !== null}>
      {sale.data !== undefined && <Receipt receipt={sale.data} copy={props.route.copy} />}
    </Thermal>
  );
}

function ZPaper(props: { route: Extract<PrintRoute, { paper: 'z' }> }) {
  const z = useBranchQuery('shift.zReport', { shiftId: props.route.shiftId });
  return (
    <Thermal widthDots={props.route.widthDots} error={z.error} ready={z.data !== undefined} drawn={() => true}>
      {z.data !== undefined && <ZReport z={z.data} />}
    </Thermal>
  );
}

/**
 * The paper's frame: applies the till's language, then, once the content is there and `drawn` says so, the fonts
 * are loaded and one frame is painted, tells the shell it may take the picture (data-print-ready).
 */
function Thermal(props: { widthDots: number; error: ErrorBody | null; ready: boolean; drawn: (node: HTMLElement) => boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const display = useBranchQuery('till.settings', {}).data ?? null;
  const [displayed, setDisplayed] = useState(false);
  const root = useRef<HTMLDivElement | null>(null);

  useLayoutEffect(() => {
    if (display === null) return;
    void applyDisplay(display).then(() => setDisplayed(true));
  }, [display]);

  const ready = props.ready && displayed;
  const { drawn } = props;
  useEffect(() => {
    const node = root.current;
    if (!ready || node === null) return;
    let live = true;
    const observer = new MutationObserver(() => {
      if (drawn(node)) finish();
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
    if (drawn(node)) finish();
    else observer.observe(node, { childList: true, subtree: true });
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [ready, drawn]);

  const fontPx = Math.round(props.widthDots / 24);
  return (
    <div ref={root} className="thermal" id="print-paper" style={{ width: props.widthDots, fontSize: fontPx }} data-testid="print-paper">
      {props.error !== null ? (
        <div role="alert" data-testid="print-error">
          {errorText(props.error)}
        </div>
      ) : !ready ? (
        <div>{t('common.loading')}</div>
      ) : (
        props.children
      )}
    </div>
  );
}
