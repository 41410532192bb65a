import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ReceiptView } from '../../../shared/api/branch-api';
import { useSaleReceiptPrint } from '../../print/use-sale-receipt-print';
import { useEscape } from '../../components/use-escape';
import { PrintMessage, Receipt } from '../checkout/ReceiptDialog';

/**
 * A past sale from the receipt history. It shows the receipt as it was; "Reprint" marks it COPY and prints it
 * (on the receipt printer as a copy, which never opens the drawer, or through the page).
 * The mark is put on the page before the print starts (flushSync): the print takes the page as it is at that
 * moment, and an unmarked second paper would pass for the original.
 */
export function PastReceiptDialog(props: { receipt: ReceiptView; onClose: () => void; /** start a return of this sale */ onReturn?: ((saleId: string) => void) | undefined }) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState(false);
  const printing = useSaleReceiptPrint();
  useEscape(props.onClose);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('receipt.title')} data-testid="past-receipt">
      <div className="dialog stack">
        <Receipt receipt={props.receipt} copy={copy} />
        <PrintMessage printing={printing} />
        <div className="row no-print">
          <button
            type="button"
            className="primary big"
            disabled={printing.busy}
            onClick={async () => {
              flushSync(() => setCopy(true));
              await printing.print({ saleId: props.receipt.saleId, copy: true });
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
