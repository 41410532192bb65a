import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ProductView, ScanView, TransferView } from '../../../shared/api/branch-api';
import { isDomainError } from '../../../shared/domain/errors';
import { useBranch, useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { useTill } from '../../app/session';
import { StockLinesEditor } from '../../components/StockLinesEditor';
import { addDraftLine, parseStockQty, type DraftLine } from '../manager/stock-lines';
import { useScanToList } from '../manager/use-scan-to-list';

export const NEW_TRANSFER_KINDS = ['request', 'send'] as const;
export type NewTransferKind = (typeof NEW_TRANSFER_KINDS)[number];

/**
 * A new transfer: ask another location (the warehouse, another store) for stock to come here, or send stock from
 * here. Lines by scan or search, in the product's unit; a case's barcode adds the whole case. Sending is one
 * dispatch that makes the transfer as the goods leave (head office's pushes work the same way); refused when this
 * store has not got the stock of a line, with nothing written and the form kept to correct.
 */
export function NewTransferForm(props: { onCreated: (t: TransferView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const num = fmt.num;
  const branch = useBranch();
  const errorText = useErrorText();
  const till = useTill();
  const locations = useBranchQuery('till.locations', {});
  const [kind, setKind] = useState<NewTransferKind>('request');
  const [otherId, setOtherId] = useState('');
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Made once per transfer being prepared, and kept across retries: a lost answer cannot make two transfers.
  const [ids] = useState(() => ({ transferId: uuidv7(), dispatchId: uuidv7() }));

  const onView = useCallback((view: ProductView | ScanView) => setLines((ls) => addDraftLine(ls, view, {}, num)), [num]);
  const scan = useScanToList(onView);
  const own = (locations.data ?? []).find((l) => l.own)?.id ?? till?.storeId ?? '';
  const others = (locations.data ?? []).filter((l) => !l.own);

  const submit = async () => {
    setError(null);
    if (otherId === '') {
      setError(t('transfers.new.chooseOther'));
      return;
    }
    let parsed;
    try {
      parsed = lines.map((l) => ({ productId: l.view.product.id, qty: parseStockQty(l.view.product, l.qtyText, num) }));
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
      return;
    }
    setBusy(true);
    try {
      const noted = note.trim() !== '' ? { note: note.trim() } : {};
      // Sending is the dispatch alone (it makes the transfer): refused for want of stock, nothing is written at all.
      const r =
        kind === 'request'
          ? await branch.write('transfer.request', { transferId: ids.transferId, sourceId: otherId, destinationId: own, lines: parsed, ...noted })
          : await branch.write('transfer.dispatch', { dispatchId: ids.dispatchId, transferId: ids.transferId, destinationId: otherId, lines: parsed, ...noted });
      if (!r.ok) {
        setError(errorText(r.error));
        return;
      }
      props.onCreated(r.value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel stack" data-testid="transfer-new-form">
      <h3>{t('transfers.new.title')}</h3>
      <fieldset className="choice">
        <legend>{t('transfers.new.kind')}</legend>
        {NEW_TRANSFER_KINDS.map((k) => (
          <button key={k} type="button" aria-pressed={kind === k} onClick={() => setKind(k)} data-testid={`transfer-new-${k}`}>
            {t(`transfers.new.kinds.${k}`)}
          </button>
        ))}
      </fieldset>
      <label>
        {kind === 'request' ? t('transfers.new.from') : t('transfers.new.to')}
        <select value={otherId} onChange={(e) => setOtherId(e.target.value)} data-testid="transfer-new-location">
          <option value="">{t('transfers.chooseLocation')}</option>
          {others.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {scan.message !== null && (
        <div className="notice bad" role="alert" data-testid="transfer-new-scan-error">
          {scan.message}
        </div>
      )}
      <StockLinesEditor lines={lines} onChange={setLines} onAdd={onView} testId="transfer-new" />
      <label>
        {t('transfers.noteLabel')}
        <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="transfer-new-note" />
      </label>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="transfer-new-error">
          {error}
        </div>
      )}
      <div className="row">
        <button type="button" className="primary big" disabled={busy || lines.length === 0} onClick={() => void submit()} data-testid="transfer-new-submit">
          {busy ? t('common.working') : kind === 'request' ? t('transfers.new.submitRequest') : t('transfers.new.submitSend')}
        </button>
        <button type="button" className="big" onClick={props.onCancel} data-testid="transfer-new-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}
