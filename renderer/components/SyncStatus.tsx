import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBranch, useBranchMutation, useBranchQuery } from '../app/branch-data';
import { useSession } from '../app/session';
import { useErrorText, useFormat } from '../app/format';
import type { TFunction } from 'i18next';
import type { SyncStatusView } from '../../shared/api/branch-api';
import type { ErrorBody } from '../../shared/domain/errors';

/** How often the header asks for the sync state: the backend has no push channel to the page. */
export const SYNC_POLL_MS = 2000;

/** Always in the header: is the till talking to the server, how much is waiting, when it last synced. */
export function SyncStatus() {
  const { t } = useTranslation();
  const branch = useBranch();
  // The one poll of sync.status (other readers share its answer). While the till service does not answer (web
  // mode server down), the last good status stays on screen and the error says "unreachable": distinct from
  // "offline from the server".
  const polled = useBranchQuery('sync.status', {}, { pollMs: SYNC_POLL_MS });
  const status = polled.data ?? null;
  const unreachable = polled.error;
  const syncNow = useBranchMutation('sync.now');
  const fmt = useFormat();
  const errorText = useErrorText();
  // sync.now needs a logged-in user; the status itself is public
  const loggedIn = (useSession()?.user ?? null) !== null;
  const [now, setNow] = useState(() => new Date());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 5000);
    return () => clearInterval(timer);
  }, []);

  // The backend says when syncing needs a person (status.attention): that outranks online and offline, because
  // waiting will not fix it. A till service that does not answer at all outranks everything.
  const attention = status?.attention ?? null;

  // till.info is read once and kept (READ_STALE_MS); a pull may change it (the tenant's VAT mode), and then the stamp
  // in this poll moves: read it again, so the checkout charges the new way without a reload.
  const stamp = status?.tillInfoStamp ?? null;
  const [seenStamp, setSeenStamp] = useState<string | null>(null);
  useEffect(() => {
    if (stamp === null || stamp === seenStamp) return;
    setSeenStamp(stamp);
    if (seenStamp !== null) void branch.read('till.info', {});
  }, [stamp, seenStamp, branch]);
  const state = syncBadgeState(status, unreachable !== null);
  const progress = status?.progress ?? null;

  return (
    <div className="sync" role="status" aria-live="polite">
      <span className={`badge ${state}`} data-testid="sync-badge" data-state={state} data-reason={attention?.reason} title={status?.lastError ?? undefined}>
        {state === 'attention' ? t('sync.attention.badge') : t(`sync.${state}`)}
      </span>
      <span className="meta">
        <span className="queue" data-testid="sync-queue" data-count={status?.queued ?? 0}>
          {t('sync.queued', { count: status?.queued ?? 0 })}
        </span>
        {' · '}
        <span data-testid="sync-last">
          {status !== null && status.lastSyncAt !== null ? t('sync.last', { when: fmt.ago(status.lastSyncAt, notBefore(now, status.lastSyncAt)) }) : t('sync.never')}
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
          disabled={syncNow.busy}
          onClick={async () => {
            const r = await syncNow.run({});
            const after = branch.peek('sync.status', {});
            setError(syncNowOutcome(r.ok ? null : r.error, after.data ?? null, after.error !== null, t, errorText));
          }}
        >
          {syncNow.busy ? t('sync.syncing') : t('sync.now')}
        </button>
      )}
      {error !== null && (
        <span className="badge unreachable" data-testid="sync-error">
          {error}
        </span>
      )}
      {attention !== null && unreachable === null && (
        <div className="sync-attention" role="alert" data-testid="sync-attention" data-reason={attention.reason}>
          <strong>{t(`sync.attention.${attention.reason}.what`)}</strong> {t(`sync.attention.${attention.reason}.todo`)}{' '}
          <span className="meta" data-testid="sync-attention-detail">
            {t('sync.attention.detail', { detail: attention.detail, since: fmt.ago(attention.since, now) })}
          </span>
        </div>
      )}
    </div>
  );
}

export type SyncBadgeState = 'online' | 'offline' | 'unreachable' | 'attention';

export function syncBadgeState(status: SyncStatusView | null, tillServiceDown: boolean): SyncBadgeState {
  if (tillServiceDown) return 'unreachable';
  if (status?.attention) return 'attention';
  return status?.online ? 'online' : 'offline';
}

/**
 * What "Sync now" tells the cashier afterwards: nothing when it went through; that the till is offline (and
 * keeps selling) when the server could not be reached; the error otherwise. A needs-attention state has its own
 * notice, so the button only points at it.
 */
export function syncNowOutcome(
  error: ErrorBody | null,
  status: SyncStatusView | null,
  tillServiceDown: boolean,
  t: TFunction,
  errorText: (e: ErrorBody) => string,
): string | null {
  if (tillServiceDown) return error === null ? t('errors.UNAVAILABLE') : errorText(error);
  // No sync server configured: the backend answers UNAVAILABLE with its reason; that is "offline", not "the till is down".
  if (error !== null) return error.code === 'UNAVAILABLE' ? t('sync.nowOffline', { detail: error.message }) : errorText(error);
  if (status === null) return null;
  if (status.attention) return t('sync.nowAttention');
  if (!status.online) return t('sync.nowOffline', { detail: status.lastError ?? '' });
  return null;
}

/** The screen's clock ticks every few seconds and a sync may be newer than its last tick: never "synced in 3 seconds". */
function notBefore(now: Date, iso: string): Date {
  return new Date(Math.max(now.getTime(), Date.parse(iso)));
}
