import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBranch } from '../app/branch-data';
import { useErrorText } from '../app/format';
import { printReceipt, printSaleReceipt } from './print';
import { printerErrorText } from './printer-error';

export interface SaleReceiptPrint {
  /** `auto`: the print a finished sale makes by itself, on the receipt printer only (print.ts) */
  print(req: { saleId: string; copy: boolean }, opts?: { auto?: boolean }): Promise<void>;
  /** the page's own print, offered when the receipt printer failed */
  printPage(): Promise<void>;
  busy: boolean;
  /** what happened, for the cashier; null before a print or after one through the page */
  message: { ok: boolean; text: string } | null;
  failed: boolean;
}

/** Prints a sale's receipt (print.ts printSaleReceipt) and says how it went: printed, the drawer opened, or why not. */
export function useSaleReceiptPrint(): SaleReceiptPrint {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const branch = useBranch();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [failed, setFailed] = useState(false);
  const running = useRef(false);
  const print = useCallback(
    async (req: { saleId: string; copy: boolean }, opts: { auto?: boolean } = {}) => {
      // one print at a time: a second press while the printer is busy would print the receipt twice
      if (running.current) return;
      running.current = true;
      setBusy(true);
      try {
        const outcome = await printSaleReceipt(branch, req, { pageFallback: opts.auto !== true });
        setFailed(outcome.kind === 'failed');
        if (outcome.kind === 'printer') setMessage({ ok: true, text: outcome.drawerKicked ? t('receipt.printedDrawer') : outcome.copy && !req.copy ? t('receipt.printedCopy') : t('receipt.printed') });
        else if (outcome.kind === 'pdf') setMessage({ ok: true, text: t('receipt.savedPdf', { path: outcome.path }) });
        else if (outcome.kind === 'failed') {
          // the printer itself failed (off, no paper, unplugged): say which, not that the till is not answering
          setMessage({ ok: false, text: t('receipt.printFailed', { reason: printerErrorText(t, errorText, outcome.error) }) });
        }
        else setMessage(outcome.drawerKicked === true ? { ok: true, text: t('receipt.drawerOpened') } : null);
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [branch, errorText, t],
  );
  const printPage = useCallback(async () => {
    const outcome = await printReceipt();
    setFailed(false);
    setMessage(outcome.kind === 'pdf' ? { ok: true, text: t('receipt.savedPdf', { path: outcome.path }) } : null);
  }, [t]);
  return { print, printPage, busy, message, failed };
}
