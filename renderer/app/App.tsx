import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useSessionStore } from '../stores/session-store';
import { useCartStore } from '../stores/cart-store';
import { startSyncPolling } from '../stores/sync-store';
import { startCartPersistence } from '../stores/cart-persistence';
import { ApiContext, sessionAwareClient } from './api-context';
import { useErrorText } from './format';
import { pickLanguage } from '../i18n/i18n';
import { Header, type View } from '../components/Header';
import { FirstSyncProgress } from '../components/FirstSyncProgress';
import { LoginScreen } from '../screens/LoginScreen';
import { CheckoutScreen } from '../screens/checkout/CheckoutScreen';
import { ManagerScreens } from '../screens/manager/ManagerScreens';

export function App() {
  const { t, i18n } = useTranslation();
  const client = useMemo(() => sessionAwareClient(api()), []);
  const till = useSessionStore((s) => s.till);
  const user = useSessionStore((s) => s.session?.user ?? null);
  const loadError = useSessionStore((s) => s.loadError);
  const load = useSessionStore((s) => s.load);
  const errorText = useErrorText();
  const [view, setView] = useState<View>('checkout');

  useEffect(() => {
    void load(client);
  }, [client, load]);
  useEffect(() => startSyncPolling(client), [client]);
  useEffect(() => {
    if (till !== null) void i18n.changeLanguage(pickLanguage(till.locale));
  }, [till, i18n]);
  useEffect(() => {
    if (till !== null && useCartStore.getState().cart.lines.length === 0) useCartStore.getState().reset(till.currency);
  }, [till]);
  useEffect(() => {
    if (user === null) setView('checkout');
  }, [user]);
  // The open cart is kept per user: restored at login (and after a reload), saved on every change, and put
  // away at logout (stopped first, so the fresh cart is not saved over the kept one).
  const userId = user?.id ?? null;
  useEffect(() => {
    if (userId === null) return;
    const stop = startCartPersistence(client);
    return () => {
      stop();
      useCartStore.getState().reset();
    };
  }, [client, userId]);

  return (
    <ApiContext.Provider value={client}>
      <div className="app">
        <Header view={view} onView={setView} />
        <main className="app-main">
          <FirstSyncProgress />
          {till === null ? (
            loadError !== null ? (
              <div className="notice bad" role="alert" data-testid="startup-error">
                <div>{t('app.cannotStart', { reason: errorText(loadError) })}</div>
                <div className="actions">
                  <button type="button" onClick={() => void load(client)} data-testid="startup-retry">
                    {t('common.retry')}
                  </button>
                </div>
              </div>
            ) : (
              <div className="empty">{t('common.loading')}</div>
            )
          ) : user === null ? (
            <LoginScreen />
          ) : view === 'checkout' ? (
            <CheckoutScreen />
          ) : (
            <ManagerScreens />
          )}
        </main>
      </div>
    </ApiContext.Provider>
  );
}
