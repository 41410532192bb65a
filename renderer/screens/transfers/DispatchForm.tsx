import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { TransferView } from '../../../shared/api/branch-api';
import { isDomainError } from '../../../shared/domain/errors';
import { useBranchMutation } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { QtyBox } from '../../components/QtyBox';
import { parseCount } from '../manager/stock-lines';

/**
 * The goods leave this store: what is sent per line, prefilled with what was asked for. A line set to nothing is
 * not sent (the destination will see it short of what it asked, never a silent change). The backend refuses the
 * whole dispatch, writing nothing, when this store has not got the stock of a line.
 */
export function DispatchForm(props: { transfer: TransferView; onDone: (t: TransferView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const num = fmt.num;
  const errorText = useErrorText();
  const dispatch = useBranchMutation('transfer.dispatch');
  const tr = props.transfer;
  const asked = tr.lines.filter((l) => l.requested > 0);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(asked.map((l) => [l.productId, num.write(l.requested)])));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  // One id per dispatch being prepared: sending again after a lost answer cannot send the goods twice.
  const [dispatchId] = useState(() => uuidv7());

  const submit = async () => {
    setError(null);
    let lines;
    try {
      lines = asked.map((l) => ({ productId: l.productId, qty: parseCount(l, texts[l.productId] ?? '', num) })).filter((l) => l.qty > 0);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
      return;
    }
    if (lines.length === 0) {
      setError(t('transfers.dispatch.nothing'));
      return;
    }
    const r = await dispatch.run({ dispatchId, transferId: tr.id, destinationId: tr.destination.id, lines, ...(note.trim() !== '' ? { note: note.trim() } : {}) });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    props.onDone(r.value);
  };

  return (
    <section className="panel stack" data-testid="transfer-dispatch-form">
      <h3>{t('transfers.dispatch.title', { to: tr.destination.name })}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('cart.product')}</th>
            <th className="num">{t('transfers.line.requested')}</th>
            <th>{t('transfers.dispatch.qty')}</th>
          </tr>
        </thead>
        <tbody>
          {asked.map((l) => (
            <tr key={l.productId} data-testid="transfer-dispatch-line" data-product-id={l.productId}>
              <td>
                <strong>{l.name}</strong> <bdi className="muted">{l.sku}</bdi>
              </td>
              <td className="num">
                <bdi>{fmt.qty(l.requested, l.unit)}</bdi>
              </td>
              <td>
                <QtyBox
                  value={texts[l.productId] ?? ''}
                  onChange={(text) => setTexts((m) => ({ ...m, [l.productId]: text }))}
                  label={t('transfers.dispatch.qtyOf', { name: l.name })}
                  testId="transfer-dispatch-qty"
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        {t('transfers.noteLabel')}
        <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="transfer-dispatch-note" />
      </label>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="transfer-dispatch-error">
          {error}
        </div>
      )}
      <div className="row">
        <button type="button" className="primary big" disabled={dispatch.busy} onClick={() => void submit()} data-testid="transfer-dispatch-submit">
          {dispatch.busy ? t('common.working') : t('transfers.dispatch.submit')}
        </button>
        <button type="button" className="big" onClick={props.onCancel} data-testid="transfer-dispatch-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}
