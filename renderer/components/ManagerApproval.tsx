import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionStore } from '../stores/session-store';
import { useApi } from '../app/api-context';
import { useErrorText } from '../app/format';
import { PinPad } from './PinPad';

/** A manager types their PIN on this till; the backend approves the session for a few minutes. */
export function ManagerApproval(props: { reason: string; onApproved: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const client = useApi();
  const elevate = useSessionStore((s) => s.elevate);
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  return (
    <div className="stack" data-testid="manager-approval">
      <h2>{t('manager.approvalTitle')}</h2>
      <p className="muted">{props.reason}</p>
      <PinPad
        testId="manager-pin"
        busy={busy}
        onCancel={props.onCancel}
        onSubmit={async (pin) => {
          setBusy(true);
          const e = await elevate(client, pin);
          setBusy(false);
          if (e === null) props.onApproved();
          else setError(errorText(e));
        }}
      />
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="manager-approval-error">
          {error}
        </div>
      )}
    </div>
  );
}
