import { useTranslation } from 'react-i18next';
import type { TransferView } from '../../../shared/api/branch-api';

/** The transfer's status in words, coloured by what it asks of people (a difference to resolve is loud). */
export function TransferStatusBadge(props: { transfer: Pick<TransferView, 'status' | 'pending'> }) {
  const { t } = useTranslation();
  const { status, pending } = props.transfer;
  return (
    <span className="row" style={{ gap: 6 }}>
      <span className={`state-pill transfer-${status}`} data-testid="transfer-status" data-status={status}>
        {t(`transfers.status.${status}`)}
      </span>
      {pending && (
        <span className="state-pill pending" data-testid="transfer-pending" title={t('transfers.pendingHint')}>
          {t('transfers.pending')}
        </span>
      )}
    </span>
  );
}
