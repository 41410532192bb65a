import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ProductView } from '../../../shared/api/branch-api';
import { isDomainError } from '../../../shared/domain/errors';
import { WASTE_REASONS } from '../../../shared/ops/operations';
import { useBranchMutation } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { StockLinesEditor } from '../../components/StockLinesEditor';
import { addDraftLine, describeLevels, parseStockQty, type DraftLine } from './stock-lines';
import { useScanToList } from './use-scan-to-list';

type WasteReason = (typeof WASTE_REASONS)[number];

/** Goods written off (expired, damaged, ...): every line says why, for the shrinkage report. */
export function WasteScreen() {
  const { t } = useTranslation();
  const waste = useBranchMutation('stock.waste');
  const fmt = useFormat();
  const errorText = useErrorText();
  // quantities in the boxes are written in the till's digits (fmt changes with them)
  const num = fmt.num;
  const [lines, setLines] = useState<DraftLine<{ reason: WasteReason }>[]>([]);
  const [note, setNote] = useState('');
  const [wasteId, setWasteId] = useState(() => uuidv7());
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const onView = useCallback((view: ProductView) => setLines((ls) => addDraftLine(ls, view, { reason: 'expired' as WasteReason }, num)), [num]);
  const scan = useScanToList(onView);

  const submit = async () => {
    setError(null);
    setDone(null);
    let parsed;
    try {
      parsed = lines.map((l) => ({ productId: l.view.product.id, qty: parseStockQty(l.view.product, l.qtyText, num), reason: l.extra.reason }));
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
      return;
    }
    const r = await waste.run({ wasteId, lines: parsed, ...(note.trim() !== '' ? { note: note.trim() } : {}) });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setDone(t('waste.done', { levels: describeLevels(lines, r.value.levels, fmt.qty, fmt.list) }));
    setLines([]);
    setNote('');
    setWasteId(uuidv7());
  };

  return (
    <section className="panel stack" data-testid="waste-screen">
      <h2>{t('waste.title')}</h2>
      {scan.message !== null && <div className="notice bad" role="alert" data-testid="waste-scan-error">{scan.message}</div>}
      <StockLinesEditor
        lines={lines}
        onChange={setLines}
        onAdd={onView}
        testId="waste"
        extraHeader={t('waste.reason')}
        renderExtra={(line, set) => (
          <select value={line.extra.reason} onChange={(e) => set({ reason: e.target.value as WasteReason })} aria-label={t('waste.reasonFor', { name: line.view.product.name })} data-testid="waste-reason">
            {WASTE_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`waste.reasons.${r}`)}
              </option>
            ))}
          </select>
        )}
      />
      <label>
        {t('waste.note')}
        <input type="text" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="waste-note" />
      </label>
      {error !== null && <div className="notice bad" role="alert" data-testid="waste-error">{error}</div>}
      {done !== null && <div className="notice ok" role="status" data-testid="waste-done">{done}</div>}
      <button type="button" className="primary big" disabled={waste.busy || lines.length === 0} onClick={() => void submit()} data-testid="waste-submit">
        {waste.busy ? t('common.working') : t('waste.submit', { count: lines.length })}
      </button>
    </section>
  );
}
