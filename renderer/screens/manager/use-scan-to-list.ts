import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScanView } from '../../../shared/api/branch-api';
import { useBranch } from '../../app/branch-data';
import { useErrorText } from '../../app/format';
import { lookupScannedCode } from '../../scan/product-lookup';
import { isTransferCode } from '../../../shared/scan/transfer-code';
import { useWedgeScanner } from '../../scan/use-wedge-scanner';

/**
 * Wedge scans on a manager screen: look the code up and hand the product over (with the pack, when the code was a
 * case's barcode), or say what went wrong.
 */
export function useScanToList(onView: (view: ScanView) => void, enabled = true): { message: string | null; clear: () => void } {
  const { t } = useTranslation();
  const branch = useBranch();
  const errorText = useErrorText();
  const [message, setMessage] = useState<string | null>(null);
  const onScan = useCallback(
    async (code: string) => {
      // A delivery note's barcode names a transfer, not a product: Manager > Transfers opens it.
      if (isTransferCode(code)) {
        setMessage(t('scan.deliveryNote'));
        return;
      }
      const found = await lookupScannedCode(branch, code);
      if (found.ok) {
        onView(found.view);
        setMessage(null);
      } else {
        const e = found.error;
        setMessage(e.code === 'INVALID_BARCODE' ? t('scan.badCheckDigit', { code }) : e.code === 'UNKNOWN_BARCODE' ? t('scan.unknown', { code }) : errorText(e));
      }
    },
    [branch, onView, t, errorText],
  );
  useWedgeScanner((scan) => void onScan(scan.code), enabled);
  return { message, clear: () => setMessage(null) };
}
