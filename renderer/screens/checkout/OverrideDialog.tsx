import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { managerApproved, useSession } from '../../app/session';
import { ManagerApproval } from '../../components/ManagerApproval';

/**
 * Selling more than the till's records show (the goods are on the shelf, the records are behind). A manager
 * approves with their PIN and gives a reason; both are recorded on the sale.
 */
export function OverrideDialog(props: { summary: string; onConfirm: (reason: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [approved, setApproved] = useState(() => managerApproved(session, new Date()));
  const [reason, setReason] = useState('');

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('override.title')}>
      <div className="dialog" data-testid="override-dialog">
        {!approved ? (
          <ManagerApproval reason={t('override.needManager', { summary: props.summary })} onApproved={() => setApproved(true)} onCancel={props.onCancel} />
        ) : (
          <form
            className="stack"
            onKeyDown={(e) => {
              if (e.key === 'Escape') props.onCancel();
            }}
            onSubmit={(e) => {
              e.preventDefault();
              if (reason.trim() !== '') props.onConfirm(reason.trim());
            }}
          >
            <h2>{t('override.title')}</h2>
            <p>{props.summary}</p>
            <label>
              {t('override.reason')}
              <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} autoFocus data-testid="override-reason" />
            </label>
            <div className="row">
              <button type="button" onClick={props.onCancel}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="primary big" disabled={reason.trim() === ''} data-testid="override-confirm">
                {t('override.confirm')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
