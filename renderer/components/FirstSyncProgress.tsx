import { useTranslation } from 'react-i18next';
import { useBranchQuery } from '../app/branch-data';

/**
 * While a till loads its catalog for the first time (the server sends it in pages): how far it has come, so the
 * first cashier knows the till is working and not stuck. Hidden once the first sync is over.
 */
export function FirstSyncProgress() {
  const { t } = useTranslation();
  // The header's poll keeps sync.status current; this reads the same answer.
  const progress = useBranchQuery('sync.status', {}).data?.pullProgress ?? null;
  if (progress === null || !progress.firstSync || progress.total === 0) return null;
  const { done, total } = progress;
  const percent = Math.min(100, Math.round((100 * done) / total));
  return (
    <div className="notice first-sync" role="status" aria-live="polite" data-testid="first-sync" data-done={done} data-total={total}>
      <div>{t('sync.firstSync', { done, total, percent })}</div>
      <div className="progress" style={{ width: '100%' }} role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={t('sync.firstSyncLabel')}>
        <div style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
