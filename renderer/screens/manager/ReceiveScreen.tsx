import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ProductView, ScanView } from '../../../shared/api/branch-api';
import { isDomainError } from '../../../shared/domain/errors';
import { useBranchMutation } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { StockLinesEditor } from '../../components/StockLinesEditor';
import { addDraftLine, describeLevels, parseStockQty, type DraftLine } from './stock-lines';
import { useScanToList } from './use-scan-to-list';

/** Goods arriving from a supplier: scan each product, type how many, and record them as one receipt. */
export function ReceiveScreen() {
  const { t } = useTranslation();
  const receive = useBranchMutation('stock.receive');
  const fmt = useFormat();
  const errorText = useErrorText();
  // quantities in the boxes are written in the till's digits (fmt changes with them)
  const num = fmt.num;
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [supplier, setSupplier] = useState('');
  const [reference, setReference] = useState('');
  // One id per receipt being prepared: resubmitting after a lost answer cannot receive the goods twice.
  const [receiptId, setReceiptId] = useState(() => uuidv7());
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // A case's barcode adds the whole case: goods arrive in cases and are stocked in units.
  const onView = useCallback((view: ProductView | ScanView) => setLines((ls) => addDraftLine(ls, view, {}, num)), [num]);
  const scan = useScanToList(onView);

  const submit = async () => {
    setError(null);
    setDone(null);
    let parsed;
    try {
      parsed = lines.map((l) => ({ productId: l.view.product.id, qty: parseStockQty(l.view.product, l.qtyText, num) }));
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
      return;
    }
    const r = await receive.run({
      receiptId,
      lines: parsed,
      ...(supplier.trim() !== '' ? { supplier: supplier.trim() } : {}),
      ...(reference.trim() !== '' ? { reference: reference.trim() } : {}),
    });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setDone(t('receive.done', { levels: describeLevels(lines, r.value.levels, fmt.qty, fmt.list) }));
    setLines([]);
    setSupplier('');
    setReference('');
    setReceiptId(uuidv7());
  };

  return (
    <section className="panel stack" data-testid="receive-screen">
      <h2>{t('receive.title')}</h2>
      <div className="row">
        <label style={{ flex: 1 }}>
          {t('receive.supplier')}
          <input type="text" value={supplier} onChange={(e) => setSupplier(e.target.value)} maxLength={200} data-testid="receive-supplier" />
        </label>
        <label style={{ flex: 1 }}>
          {t('receive.reference')}
          <input type="text" value={reference} onChange={(e) => setReference(e.target.value)} maxLength={200} data-testid="receive-reference" />
        </label>
      </div>
      {scan.message !== null && <div className="notice bad" role="alert" data-testid="receive-scan-error">{scan.message}</div>}
      <StockLinesEditor lines={lines} onChange={setLines} onAdd={onView} testId="receive" />
      {error !== null && <div className="notice bad" role="alert" data-testid="receive-error">{error}</div>}
      {done !== null && <div className="notice ok" role="status" data-testid="receive-done">{done}</div>}
      <button type="button" className="primary big" disabled={receive.busy || lines.length === 0} onClick={() => void submit()} data-testid="receive-submit">
        {receive.busy ? t('common.working') : t('receive.submit', { count: lines.length })}
      </button>
    </section>
  );
}
