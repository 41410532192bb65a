import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBranchMutation } from '../app/branch-data';
import { useUsers } from '../app/session';
import { useErrorText } from '../app/format';
import { PinPad } from '../components/PinPad';

export function LoginScreen() {
  const { t } = useTranslation();
  const users = useUsers();
  const login = useBranchMutation('session.login');
  const errorText = useErrorText();
  const [userId, setUserId] = useState<string | null>(users.length === 1 ? (users[0]?.id ?? null) : null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (pin: string) => {
    if (userId === null) return;
    const r = await login.run({ userId, pin });
    setError(r.ok ? null : errorText(r.error));
  };

  return (
    <div className="login" data-testid="login-screen">
      <section className="panel">
        <h2>{t('login.who')}</h2>
        {users.length === 0 && <p className="muted">{t('login.noUsers')}</p>}
        <div className="users" role="listbox" aria-label={t('login.who')}>
          {users.map((u) => (
            <button
              key={u.id}
              type="button"
              role="option"
              aria-selected={u.id === userId}
              aria-pressed={u.id === userId}
              onClick={() => {
                setUserId(u.id);
                setError(null);
              }}
              data-testid="login-user"
              data-user-id={u.id}
              data-user-name={u.name}
            >
              {u.name} <span className="muted">· {t(`roles.${u.role}`)}</span>
            </button>
          ))}
        </div>
      </section>
      <section className="panel">
        <h2>{t('login.pin')}</h2>
        {userId === null ? (
          <p className="muted">{t('login.pickFirst')}</p>
        ) : (
          <PinPad key={userId} onSubmit={(pin) => void submit(pin)} busy={login.busy} testId="login-pin" />
        )}
        {error !== null && (
          <div className="notice bad" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
      </section>
    </div>
  );
}
