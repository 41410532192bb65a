import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBranchMutation } from '../app/branch-data';
import { useErrorText } from '../app/format';
import { PinPad } from './PinPad';

/** A manager types their PIN on this till; the backend approves the session for a few minutes. */
export function ManagerApproval(props: { reason: string; onApproved: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const elevate = useBranchMutation('session.elevate');
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);

  return (
    <div className="stack" data-testid="manager-approval">
      <h2>{t('manager.approvalTitle')}</h2>
      <p className="muted">{props.reason}</p>
      <PinPad
        testId="manager-pin"
        busy={elevate.busy}
        onCancel={props.onCancel}
        onSubmit={async (pin) => {
          const r = await elevate.run({ pin });
          if (r.ok) props.onApproved();
          else setError(errorText(r.error));
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

/** The same, over the screen it interrupts: a dialog the cashier cannot miss or scroll away from. */
export function ManagerApprovalDialog(props: Parameters<typeof ManagerApproval>[0] & { testId?: string }) {
  const { testId, ...approval } = props;
  return (
    <div className="overlay" role="dialog" aria-modal="true">
      <div className="dialog stack" data-testid={testId}>
        <ManagerApproval {...approval} />
      </div>
    </div>
  );
}
