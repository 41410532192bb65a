import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ReceiptView } from '../../../shared/api/branch-api';
import { printReceipt } from '../../print/print';
import { useEscape } from '../../components/use-escape';
import { Receipt } from '../checkout/ReceiptDialog';

/**
 * A past sale from the receipt history. It shows the receipt as it was; "Reprint" marks it COPY and prints it.
 * The mark is put on the page before the print starts (flushSync): the print takes the page as it is at that
 * moment, and an unmarked second paper would pass for the original.
 */
export function PastReceiptDialog(props: { receipt: ReceiptView; onClose: () => void; /** start a return of this sale */ onReturn?: ((saleId: string) => void) | undefined }) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState(false);
  const [printed, setPrinted] = useState<string | null>(null);
  useEscape(props.onClose);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('receipt.title')} data-testid="past-receipt">
      <div className="dialog stack">
        <Receipt receipt={props.receipt} copy={copy} />
        {printed !== null && <div className="notice info no-print">{printed}</div>}
        <div className="row no-print">
          <button
            type="button"
            className="primary big"
            onClick={async () => {
              flushSync(() => setCopy(true));
              const outcome = await printReceipt();
              if (outcome.kind === 'pdf') setPrinted(t('receipt.savedPdf', { path: outcome.path }));
            }}
            data-testid="receipt-reprint"
          >
            {t('receipts.reprint')}
          </button>
          {props.onReturn !== undefined && (
            <button type="button" className="big" onClick={() => props.onReturn?.(props.receipt.saleId)} data-testid="receipt-return">
              {t('receipts.return')}
            </button>
          )}
          <button type="button" className="big" style={{ flex: 1 }} onClick={props.onClose} autoFocus data-testid="past-receipt-close">
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
