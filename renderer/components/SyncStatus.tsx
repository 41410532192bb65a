import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSyncStore } from '../stores/sync-store';
import { useSessionStore } from '../stores/session-store';
import { useApi } from '../app/api-context';
import { useErrorText, useFormat } from '../app/format';

/** Always in the header: is the till talking to the server, how much is waiting, when it last synced. */
export function SyncStatus() {
  const { t } = useTranslation();
  const client = useApi();
  const { status, unreachable, syncing, syncNow } = useSyncStore();
  const fmt = useFormat();
  const errorText = useErrorText();
  // sync.now needs a logged-in user; the status itself is public
  const loggedIn = useSessionStore((s) => (s.session?.user ?? null) !== null);
  const [now, setNow] = useState(() => new Date());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 5000);
    return () => clearInterval(timer);
  }, []);

  const state = unreachable !== null ? 'unreachable' : status?.online ? 'online' : 'offline';
  const progress = status?.progress ?? null;

  return (
    <div className="sync" role="status" aria-live="polite">
      <span className={`badge ${state}`} data-testid="sync-badge" data-state={state} title={status?.lastError ?? undefined}>
        {t(`sync.${state}`)}
      </span>
      <span className="meta">
        <span className="queue" data-testid="sync-queue" data-count={status?.queued ?? 0}>
          {t('sync.queued', { count: status?.queued ?? 0 })}
        </span>
        {' · '}
        <span data-testid="sync-last">
          {status !== null && status.lastSyncAt !== null ? t('sync.last', { when: fmt.ago(status.lastSyncAt, now) }) : t('sync.never')}
        </span>
        {status !== null && status.openConflicts > 0 && (
          <>
            {' · '}
            <span data-testid="sync-conflicts">{t('sync.conflicts', { count: status.openConflicts })}</span>
          </>
        )}
      </span>
      {progress !== null && progress.total > 0 && (
        <span className="row" data-testid="sync-progress" data-done={progress.done} data-total={progress.total}>
          <span className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done}>
            <div style={{ width: `${Math.round((100 * progress.done) / progress.total)}%` }} />
          </span>
          <span className="meta">{t('sync.progress', { done: progress.done, total: progress.total })}</span>
        </span>
      )}
      {loggedIn && (
        <button
          type="button"
          data-testid="sync-now"
          disabled={syncing}
          onClick={async () => {
            const e = await syncNow(client);
            setError(e === null ? null : errorText(e));
          }}
        >
          {syncing ? t('sync.syncing') : t('sync.now')}
        </button>
      )}
      {error !== null && (
        <span className="badge unreachable" data-testid="sync-error">
          {error}
        </span>
      )}
    </div>
  );
}
