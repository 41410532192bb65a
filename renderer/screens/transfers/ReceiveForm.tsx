import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ProductView, ScanView, TransferView } from '../../../shared/api/branch-api';
import { isDomainError } from '../../../shared/domain/errors';
import { useBranchMutation, useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { ProductSearch } from '../../components/ProductSearch';
import { QtyBox } from '../../components/QtyBox';
import { useScanToList } from '../manager/use-scan-to-list';
import { countScan, dispatchKnown, fillAsExpected, overBy, receiptLines, receiveDraft, type ReceiveLine } from './receive-draft';

/**
 * What arrived at this store, counted by scanning the goods or typed per line: good units, damaged units, and, for
 * a line over what was sent, why. `transfer` is null for a delivery note whose transfer this till has not pulled
 * yet: the goods are here, so the manager names where they came from and records them anyway (the transfer then
 * shows "received, not sent yet" until the dispatch reaches the server).
 */
export function ReceiveForm(props: { transfer: TransferView | null; transferId: string; onDone: (t: TransferView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const num = fmt.num;
  const errorText = useErrorText();
  const receive = useBranchMutation('transfer.receive');
  const known = dispatchKnown(props.transfer);
  const [lines, setLines] = useState<ReceiveLine[]>(() => receiveDraft(props.transfer));
  const [sourceId, setSourceId] = useState(props.transfer?.source.id ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [unexplained, setUnexplained] = useState<string[]>([]);
  // One id per receipt being counted: sending again after a lost answer cannot receive the goods twice.
  const [receivingId] = useState(() => uuidv7());
  const locations = useBranchQuery('till.locations', {}, { enabled: props.transfer === null });

  const onView = useCallback((view: ProductView | ScanView) => setLines((ls) => countScan(ls, { pack: null, ...view }, num)), [num]);
  const scan = useScanToList(onView);
  const update = (i: number, patch: Partial<ReceiveLine>) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const submit = async () => {
    setError(null);
    setUnexplained([]);
    if (sourceId === '') {
      setError(t('transfers.receive.chooseSource'));
      return;
    }
    let parsed;
    try {
      parsed = receiptLines(lines, known, num);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      const ids = e.details?.productIds;
      if (Array.isArray(ids)) {
        setUnexplained(ids as string[]);
        setError(t('transfers.receive.sayWhy'));
      } else setError(t(`errors.${e.code}`, { detail: e.message }));
      return;
    }
    const r = await receive.run({ receivingId, transferId: props.transferId, sourceId, lines: parsed, ...(note.trim() !== '' ? { note: note.trim() } : {}) });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    props.onDone(r.value);
  };

  return (
    <section className="panel stack" data-testid="transfer-receive-form">
      <h3>{t('transfers.receive.title')}</h3>
      <p className="muted" style={{ margin: 0 }}>
        {t('transfers.receive.hint')}
      </p>
      {props.transfer === null && (
        <label>
          {t('transfers.receive.source')}
          <select value={sourceId} onChange={(e) => setSourceId(e.target.value)} data-testid="transfer-receive-source">
            <option value="">{t('transfers.chooseLocation')}</option>
            {(locations.data ?? [])
              .filter((l) => !l.own)
              .map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
          </select>
        </label>
      )}
      {scan.message !== null && (
        <div className="notice bad" role="alert" data-testid="transfer-receive-scan-error">
          {scan.message}
        </div>
      )}
      <div className="row">
        <ProductSearch onPick={onView} testId="transfer-receive-search" />
        {lines.length > 0 && (
          <button type="button" onClick={() => setLines((ls) => fillAsExpected(ls, num))} data-testid="transfer-receive-all">
            {known ? t('transfers.receive.allAsSent') : t('transfers.receive.allAsAsked')}
          </button>
        )}
      </div>
      {lines.length === 0 ? (
        <div className="empty">{t('transfers.receive.nothingYet')}</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('cart.product')}</th>
              <th className="num">{known ? t('transfers.line.sent') : t('transfers.line.requested')}</th>
              <th>{t('transfers.receive.good')}</th>
              <th>{t('transfers.receive.damaged')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => {
              const over = known ? overBy(l, num) : 0;
              const missing = unexplained.includes(l.productId);
              return (
                <tr key={l.productId} data-testid="transfer-receive-line" data-product-id={l.productId} data-over={over}>
                  <td>
                    <strong>{l.name}</strong> <bdi className="muted">{l.sku}</bdi>
                    {over > 0 && (
                      <div className="stack" style={{ gap: 4, marginBlockStart: 6 }}>
                        <span className="variance-neg">{t('transfers.receive.over', { qty: fmt.qty(over, l.unit) })}</span>
                        <input
                          type="text"
                          value={l.overReason}
                          maxLength={200}
                          onChange={(e) => update(i, { overReason: e.target.value })}
                          placeholder={t('transfers.receive.overReason')}
                          aria-label={t('transfers.receive.overReasonFor', { name: l.name })}
                          aria-invalid={missing ? true : undefined}
                          className={missing ? 'invalid' : undefined}
                          data-testid="transfer-receive-over-reason"
                        />
                      </div>
                    )}
                  </td>
                  <td className="num">
                    <bdi>{fmt.qty(l.expected, l.unit)}</bdi>
                  </td>
                  <td>
                    <QtyBox value={l.receivedText} onChange={(text) => update(i, { receivedText: text })} label={t('transfers.receive.goodOf', { name: l.name })} testId="transfer-receive-good" />
                  </td>
                  <td>
                    <QtyBox value={l.damagedText} onChange={(text) => update(i, { damagedText: text })} label={t('transfers.receive.damagedOf', { name: l.name })} testId="transfer-receive-damaged" />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <label>
        {t('transfers.noteLabel')}
        <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="transfer-receive-note" />
      </label>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="transfer-receive-error">
          {error}
        </div>
      )}
      <div className="row">
        <button type="button" className="primary big" disabled={receive.busy || lines.length === 0} onClick={() => void submit()} data-testid="transfer-receive-submit">
          {receive.busy ? t('common.working') : t('transfers.receive.submit')}
        </button>
        <button type="button" className="big" onClick={props.onCancel} data-testid="transfer-receive-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}
