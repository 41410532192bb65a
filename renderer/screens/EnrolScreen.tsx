import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBranch, useBranchMutation, useBranchQuery } from '../app/branch-data';
import { useErrorText } from '../app/format';

/**
 * First run of a till (issue 11): the sync server's address and head office's one-time enrolment code
 * (`admin enrolment-code`). The till trades the code for its identity and starts its first sync; `onEnrolled`
 * then shows FirstSync until the catalog, the users and the stock have come.
 */
export function EnrolScreen(props: { onEnrolled: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const enrol = useBranchMutation('till.enrol');
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (serverUrl.trim() === '' || code.trim() === '') return setError(t('enrol.needBoth'));
    const r = await enrol.run({ serverUrl: serverUrl.trim(), code: code.trim() });
    if (r.ok) props.onEnrolled();
    else {
      const reason = r.error.details?.reason;
      setError(
        reason === 'bad_code' ? t('enrol.badCode') :
        reason === 'code_refused' ? t('enrol.codeRefused') :
        reason === 'rate_limited' ? t('enrol.wait') :
        reason === 'server_refused' ? t('enrol.notServer', { url: serverUrl.trim() }) :
        reason === 'already_enrolled' ? t('enrol.already') :
        reason === 'server_unreachable' ? t('enrol.unreachable', { url: serverUrl.trim() }) :
        reason === 'bad_server_url' ? t('enrol.badUrl') :
        errorText(r.error),
      );
    }
  };
  return (
    <section className="panel stack" style={{ maxWidth: 560, margin: '0 auto' }} data-testid="enrol-screen">
      <h2>{t('enrol.title')}</h2>
      <p className="muted">{t('enrol.hint')}</p>
      <label className="stack">
        {t('enrol.server')}
        <input type="url" dir="ltr" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://sync.example.com" autoFocus data-testid="enrol-server" />
      </label>
      <label className="stack">
        {t('enrol.code')}
        <input
          type="text"
          dir="ltr"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder="XXXX-XXXX-XXXX"
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          style={{ fontFamily: 'ui-monospace, monospace', letterSpacing: '0.1em' }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void submit();
          }}
          data-testid="enrol-code"
        />
      </label>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="enrol-error">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary big" disabled={enrol.busy} onClick={() => void submit()} data-testid="enrol-submit">
          {enrol.busy ? t('common.working') : t('enrol.submit')}
        </button>
      </div>
    </section>
  );
}

/**
 * The first sync of a till just enrolled: it waits for the first round with the server to end (the progress bar
 * above shows the catalog coming), then reads the users it brought, so the login screen lists them.
 */
export function FirstSync(props: { onDone: () => void }) {
  const { t } = useTranslation();
  const branch = useBranch();
  const status = useBranchQuery('sync.status', {}).data;
  const synced = status?.lastSyncAt ?? null;
  const { onDone } = props;
  useEffect(() => {
    if (synced === null) return;
    void branch.read('session.users', {}).then(() => onDone());
  }, [synced, branch, onDone]);
  return (
    <section className="panel stack" style={{ maxWidth: 560, margin: '0 auto' }} data-testid="first-sync-wait">
      <h2>{t('enrol.syncing')}</h2>
      <p className="muted">{t('enrol.syncingHint')}</p>
      {status !== undefined && status.lastError !== null && (
        <div className="notice bad" role="alert" data-testid="first-sync-error">
          {t('enrol.syncError', { detail: status.lastError })}
        </div>
      )}
    </section>
  );
}
