import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { TransferView } from '../../../shared/api/branch-api';
import type { TRANSFER_STEPS } from '../../../shared/ops/operations';
import { useBranchMutation, useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { DeliveryNoteDialog } from './DeliveryNote';
import { DispatchForm } from './DispatchForm';
import { ReceiveForm } from './ReceiveForm';
import { ResolveForm } from './ResolveForm';
import { TransferStatusBadge } from './TransferBadges';
import { transferActions } from './transfer-actions';

type Step = (typeof TRANSFER_STEPS)[number];
type Form = 'dispatch' | 'receive' | 'resolve' | 'cancel' | null;

/** The steps a transfer's history names (the till's and the server's), each in words; any other is shown as it is. */
export const TRANSFER_HISTORY_STEPS = ['request', 'approve', 'cancel', 'dispatch', 'receive', 'resolve', 'close'] as const;
const POLL_MS = 5000;

/**
 * One transfer: where from and where to, its status, per product what was asked, sent, received (good and
 * damaged) and what is still short or over, who did what, and the buttons its status allows at this end.
 * Asked again every few seconds: the other end's steps arrive with the till's background sync.
 */
export function TransferDetail(props: { transferId: string; onBack: () => void; /** a form with its own scanner opened or closed */ onFormChange?: (open: boolean) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const q = useBranchQuery('transfer.get', { transferId: props.transferId }, { pollMs: POLL_MS });
  const [form, setForm] = useState<Form>(null);
  const [note, setNote] = useState(false);
  const tr = q.data;
  const { onFormChange } = props;
  useEffect(() => onFormChange?.(form === 'receive'), [form, onFormChange]);

  return (
    <section className="stack" data-testid="transfer-detail" data-transfer-id={props.transferId} data-status={tr?.status}>
      <div className="row">
        <button type="button" onClick={props.onBack} data-testid="transfer-back">
          {t('common.back')}
        </button>
        {tr !== undefined && (
          <h2 style={{ margin: 0 }}>
            <bdi data-testid="transfer-label">{tr.label}</bdi>
          </h2>
        )}
        {tr !== undefined && <TransferStatusBadge transfer={tr} />}
      </div>
      {q.error !== null && (
        <div className="notice bad" role="alert" data-testid="transfer-error">
          {errorText(q.error)}
        </div>
      )}
      {tr === undefined && q.error === null && <div className="empty">{t('common.loading')}</div>}
      {tr !== undefined && (
        <>
          <TransferSummary transfer={tr} />
          {form === null && <TransferActions transfer={tr} onForm={setForm} onNote={() => setNote(true)} />}
          {form === 'cancel' && <CancelConfirm transfer={tr} onClose={() => setForm(null)} />}
          {form === 'dispatch' && <DispatchForm transfer={tr} onDone={() => setForm(null)} onCancel={() => setForm(null)} />}
          {form === 'receive' && <ReceiveForm transfer={tr} transferId={tr.id} onDone={() => setForm(null)} onCancel={() => setForm(null)} />}
          {form === 'resolve' && <ResolveForm transfer={tr} onClose={() => setForm(null)} />}
          <TransferLines transfer={tr} />
          <TransferHistory transfer={tr} />
          {note && <DeliveryNoteDialog transfer={tr} onClose={() => setNote(false)} />}
        </>
      )}
    </section>
  );
}

function TransferSummary(props: { transfer: TransferView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tr = props.transfer;
  return (
    <div className="panel row" style={{ justifyContent: 'space-between' }}>
      <div>
        {t('transfers.fromTo', { from: tr.source.name, to: tr.destination.name })}
        <div className="muted">
          {t(`transfers.direction.${tr.direction}`)} · {t('transfers.createdBy', { name: tr.createdByName, when: fmt.time(tr.createdAt) })}
        </div>
        {tr.note !== null && <div className="muted">{t('deliveryNote.note', { note: tr.note })}</div>}
      </div>
      <div className="muted">
        {tr.sentAt !== null && <div>{t('transfers.sentAt', { when: fmt.time(tr.sentAt) })}</div>}
        {tr.receivedAt !== null && <div>{t('transfers.receivedAt', { when: fmt.time(tr.receivedAt) })}</div>}
      </div>
    </div>
  );
}

function TransferActions(props: { transfer: TransferView; onForm: (f: Form) => void; onNote: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const step = useBranchMutation('transfer.step');
  const [error, setError] = useState<string | null>(null);
  // One id per click of a step, kept until it is answered: a retry after a lost answer is the same step.
  const [actionIds, setActionIds] = useState<Partial<Record<Step, string>>>({});
  const tr = props.transfer;
  const actions = transferActions(tr);

  const run = async (s: Step) => {
    setError(null);
    const actionId = actionIds[s] ?? uuidv7();
    setActionIds((m) => ({ ...m, [s]: actionId }));
    const r = await step.run({ actionId, transferId: tr.id, step: s });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setActionIds((m) => ({ ...m, [s]: undefined }));
  };

  return (
    <div className="stack">
      <div className="row no-print" data-testid="transfer-actions">
        {actions.includes('approve') && (
          <button type="button" className="primary" disabled={step.busy} onClick={() => void run('approve')} data-testid="transfer-approve">
            {t('transfers.action.approve')}
          </button>
        )}
        {actions.includes('dispatch') && (
          <button type="button" className="primary" onClick={() => props.onForm('dispatch')} data-testid="transfer-dispatch">
            {t('transfers.action.dispatch')}
          </button>
        )}
        {actions.includes('receive') && (
          <button type="button" className="primary" onClick={() => props.onForm('receive')} data-testid="transfer-receive">
            {t('transfers.action.receive')}
          </button>
        )}
        {actions.includes('resolve') && (
          <button type="button" className="primary" onClick={() => props.onForm('resolve')} data-testid="transfer-resolve">
            {t('transfers.action.resolve')}
          </button>
        )}
        {actions.includes('close') && (
          <button type="button" className="primary" disabled={step.busy} onClick={() => void run('close')} data-testid="transfer-close">
            {t('transfers.action.close')}
          </button>
        )}
        {actions.includes('print') && (
          <button type="button" onClick={props.onNote} data-testid="transfer-print">
            {t('transfers.action.print')}
          </button>
        )}
        {actions.includes('cancel') && (
          <button type="button" className="danger" onClick={() => props.onForm('cancel')} data-testid="transfer-cancel">
            {t('transfers.action.cancel')}
          </button>
        )}
      </div>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="transfer-step-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** Cancelling asks once more, with an optional why: the other end sees it in the history. */
function CancelConfirm(props: { transfer: TransferView; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const step = useBranchMutation('transfer.step');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [actionId] = useState(() => uuidv7());
  const confirm = async () => {
    const r = await step.run({ actionId, transferId: props.transfer.id, step: 'cancel', ...(note.trim() !== '' ? { note: note.trim() } : {}) });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    props.onClose();
  };
  return (
    <div className="notice warn stack" data-testid="transfer-cancel-confirm">
      <strong>{t('transfers.cancel.question', { label: props.transfer.label })}</strong>
      <label>
        {t('transfers.cancel.why')}
        <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="transfer-cancel-note" />
      </label>
      {error !== null && <div className="notice bad">{error}</div>}
      <div className="actions">
        <button type="button" className="danger" disabled={step.busy} onClick={() => void confirm()} data-testid="transfer-cancel-yes">
          {t('transfers.cancel.yes')}
        </button>
        <button type="button" onClick={props.onClose} data-testid="transfer-cancel-no">
          {t('transfers.cancel.no')}
        </button>
      </div>
    </div>
  );
}

/** Statuses in which something has been received: only then is what was sent and never arrived short. */
const RECEIVED_STATUSES: readonly TransferView['status'][] = ['received_unsent', 'discrepancy', 'received', 'closed'];

function TransferLines(props: { transfer: TransferView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tr = props.transfer;
  // A transfer that began with its dispatch asked for nothing: no column of zeros.
  const asked = tr.lines.some((l) => l.requested > 0);
  // Before anything is received, what was sent is on its way, not missing.
  const received = RECEIVED_STATUSES.includes(tr.status);
  return (
    <table data-testid="transfer-lines">
      <thead>
        <tr>
          <th>{t('cart.product')}</th>
          {asked && <th className="num">{t('transfers.line.requested')}</th>}
          <th className="num">{t('transfers.line.sent')}</th>
          <th className="num">{t('transfers.line.received')}</th>
          <th className="num">{t('transfers.line.damaged')}</th>
          <th>{t('transfers.line.difference')}</th>
        </tr>
      </thead>
      <tbody>
        {tr.lines.map((l) => {
          const open = received && (l.short > 0 || l.over > 0);
          return (
            <tr
              key={l.productId}
              className={open ? 'short' : undefined}
              data-testid="transfer-line"
              data-product-id={l.productId}
              data-requested={l.requested}
              data-sent={l.sent}
              data-received={l.received}
              data-damaged={l.damaged}
              data-short={l.short}
              data-over={l.over}
            >
              <td>
                <strong>{l.name}</strong> <bdi className="muted">{l.sku}</bdi>
              </td>
              {asked && (
                <td className="num">
                  <bdi>{fmt.qty(l.requested, l.unit)}</bdi>
                </td>
              )}
              <td className="num">
                <bdi>{fmt.qty(l.sent, l.unit)}</bdi>
              </td>
              <td className="num">
                <bdi>{fmt.qty(l.received, l.unit)}</bdi>
              </td>
              <td className="num">
                <bdi>{fmt.qty(l.damaged, l.unit)}</bdi>
              </td>
              <td data-testid="transfer-line-difference">
                {!received && l.sent > 0 && <div className="muted">{t('transfers.line.onItsWay')}</div>}
                {received && l.short > 0 && <div className="variance-neg">{t('transfers.line.shortBy', { qty: fmt.qty(l.short, l.unit) })}</div>}
                {received && l.over > 0 && <div className="variance-neg">{t('transfers.line.overBy', { qty: fmt.qty(l.over, l.unit) })}</div>}
                {l.damaged > 0 && <div className="muted">{t('transfers.line.damagedHeld', { qty: fmt.qty(l.damaged, l.unit) })}</div>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function TransferHistory(props: { transfer: TransferView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const known = TRANSFER_HISTORY_STEPS as readonly string[];
  if (props.transfer.history.length === 0) return null;
  return (
    <div className="panel">
      <h3>{t('transfers.history')}</h3>
      <ul data-testid="transfer-history">
        {props.transfer.history.map((h, i) => (
          <li key={i} data-step={h.step}>
            {t('transfers.historyEntry', {
              step: known.includes(h.step) ? t(`transfers.step.${h.step as (typeof TRANSFER_HISTORY_STEPS)[number]}`) : h.step,
              by: h.byName,
              when: fmt.time(h.at),
            })}
            {h.note !== null && <span className="muted"> · {h.note}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
