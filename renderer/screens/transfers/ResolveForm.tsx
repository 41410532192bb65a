import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { TransferView } from '../../../shared/api/branch-api';
import { isDomainError } from '../../../shared/domain/errors';
import { useBranchMutation } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { QtyBox } from '../../components/QtyBox';
import { parseStockQty } from '../manager/stock-lines';
import type { ResolutionKind } from '../../../shared/domain/transfer';
import { openDifferenceLines, resolutionChoices } from './transfer-actions';

type Line = TransferView['lines'][number];

/**
 * Settling what a receipt left unexplained, line by line, always with why, by the end it belongs to
 * (resolutionChoices()): at the destination a shortfall is written off (lost on the way) and an excess of units
 * written off before is taken back as found; at the source a shortfall goes back to its stock (it never left) and
 * an excess completes the dispatch (it sent more than it recorded). A line only the other end can settle says so.
 * Each line is its own step, so one line settled does not wait for another to be understood.
 */
export function ResolveForm(props: { transfer: TransferView; onClose: () => void }) {
  const { t } = useTranslation();
  const lines = openDifferenceLines(props.transfer);
  return (
    <section className="panel stack" data-testid="transfer-resolve-form">
      <h3>{t('transfers.resolve.title')}</h3>
      <p className="muted" style={{ margin: 0 }}>
        {t('transfers.resolve.hint')}
      </p>
      {lines.length === 0 && <div className="empty">{t('transfers.resolve.none')}</div>}
      {lines.map((l) => (
        <ResolveLine key={l.productId} transfer={props.transfer} line={l} />
      ))}
      <div className="row">
        <button type="button" className="big" onClick={props.onClose} data-testid="transfer-resolve-close">
          {t('common.close')}
        </button>
      </div>
    </section>
  );
}

function ResolveLine(props: { transfer: TransferView; line: Line }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const resolve = useBranchMutation('transfer.resolve');
  const l = props.line;
  const short = l.short > 0;
  const choices = resolutionChoices(props.transfer.direction, l);
  const [chosen, setKind] = useState<ResolutionKind | undefined>(choices[0]?.kind);
  // What is open may change under the form (a part settled, a pull): a kind no longer offered falls back to the first.
  const kind = (choices.find((c) => c.kind === chosen) ?? choices[0])?.kind;
  const [qtyText, setQtyText] = useState(() => fmt.num.write(choices[0]?.upTo ?? 0));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  // One id per resolution being prepared; a new one once it is recorded (the next part of the same line is another).
  const [resolutionId, setResolutionId] = useState(() => uuidv7());

  const choose = (k: ResolutionKind) => {
    setKind(k);
    setQtyText(fmt.num.write(choices.find((c) => c.kind === k)?.upTo ?? 0));
  };

  const submit = async () => {
    if (kind === undefined) return;
    setError(null);
    if (reason.trim() === '') {
      setError(t('transfers.resolve.needReason'));
      return;
    }
    let qty;
    try {
      qty = parseStockQty(l, qtyText, fmt.num);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
      return;
    }
    const r = await resolve.run({ resolutionId, transferId: props.transfer.id, kind, productId: l.productId, qty, reason: reason.trim() });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setResolutionId(uuidv7());
    setReason('');
  };

  return (
    <div className="conflict open" data-testid="transfer-resolve-line" data-product-id={l.productId}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>
          {l.name} <bdi className="muted">{l.sku}</bdi>
        </strong>
        <span className="variance-neg">
          {short ? t('transfers.line.shortBy', { qty: fmt.qty(l.short, l.unit) }) : t('transfers.line.overBy', { qty: fmt.qty(l.over, l.unit) })}
        </span>
      </div>
      {kind === undefined ? (
        <p className="muted" style={{ margin: 0 }} data-testid="transfer-resolve-other-end">
          {t('transfers.resolve.otherEnd', { name: props.transfer.direction === 'outgoing' ? props.transfer.destination.name : props.transfer.source.name })}
        </p>
      ) : (
        <div className="row">
          <label>
            {t('transfers.resolve.how')}
            <select value={kind} onChange={(e) => choose(e.target.value as ResolutionKind)} data-testid="transfer-resolve-kind">
              {choices.map((c) => (
                <option key={c.kind} value={c.kind}>
                  {t(`transfers.resolution.${c.kind}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('transfers.resolve.qty')}
            <QtyBox value={qtyText} onChange={setQtyText} label={t('transfers.resolve.qtyOf', { name: l.name })} testId="transfer-resolve-qty" />
          </label>
          <label style={{ flex: 1 }}>
            {t('transfers.resolve.reason')}
            <input type="text" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="transfer-resolve-reason" />
          </label>
          <button type="button" className="primary" disabled={resolve.busy} onClick={() => void submit()} data-testid="transfer-resolve-submit">
            {resolve.busy ? t('common.working') : t('transfers.resolve.submit')}
          </button>
        </div>
      )}
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="transfer-resolve-error">
          {error}
        </div>
      )}
    </div>
  );
}
