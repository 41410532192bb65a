import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { useBranchMutation, useBranchQuery } from '../../app/branch-data';
import { useErrorText } from '../../app/format';
import { ManagerApprovalDialog } from '../../components/ManagerApproval';
import { printerErrorText } from '../../print/printer-error';

/**
 * "No sale": the cash drawer opened with nothing sold (change for a customer, a note checked), with why. Only a
 * manager approves it: a cashier is asked for a manager's PIN, and the opening is recorded with both names (the X
 * report lists it; head office sees it once synced). The till opens the drawer through the receipt printer.
 */
export function NoSale() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const open = useBranchMutation('drawer.open');
  const printer = useBranchQuery('printer.settings', {}).data;
  const [reason, setReason] = useState('');
  const [openId, setOpenId] = useState(() => uuidv7());
  const [approving, setApproving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async () => {
    // no printer or no drawer on it: say so before anyone calls a manager over
    if (printer !== undefined && printer.connection.kind === 'none') return setMessage({ ok: false, text: t('receipt.noPrinter') });
    if (printer !== undefined && !printer.cashDrawer) return setMessage({ ok: false, text: t('receipt.noDrawer') });
    if (reason.trim() === '') return setMessage({ ok: false, text: t('noSale.needReason') });
    const r = await open.run({ openId, reason: reason.trim() });
    if (r.ok) {
      setReason('');
      setOpenId(uuidv7());
      setMessage({ ok: true, text: t('noSale.opened') });
    } else if (r.error.code === 'FORBIDDEN') setApproving(true);
    else setMessage({ ok: false, text: printerErrorText(t, errorText, r.error) });
  };
  return (
    <section className="panel stack" data-testid="no-sale">
      {approving && (
        <ManagerApprovalDialog
          reason={t('noSale.approval', { reason: reason.trim() })}
          onCancel={() => setApproving(false)}
          onApproved={() => {
            setApproving(false);
            void submit();
          }}
        />
      )}
      <h3>{t('noSale.title')}</h3>
      <div className="row">
        <input
          type="text"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setMessage(null);
          }}
          aria-label={t('shift.reason')}
          placeholder={t('shift.reason')}
          data-testid="no-sale-reason"
        />
        <button type="button" disabled={open.busy} onClick={() => void submit()} data-testid="no-sale-open">
          {t('noSale.open')}
        </button>
      </div>
      <div className="muted">{t('noSale.hint')}</div>
      {message !== null && (
        <div className={message.ok ? 'notice ok' : 'notice bad'} role={message.ok ? 'status' : 'alert'} data-testid={message.ok ? 'no-sale-ok' : 'no-sale-error'}>
          {message.text}
        </div>
      )}
    </section>
  );
}
