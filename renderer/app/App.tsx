import { useEffect, useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCartStore } from '../stores/cart-store';
import { startCartPersistence } from '../stores/cart-persistence';
import { BranchProvider, useBranch, type BranchData } from './branch-data';
import { useStartup } from './session';
import { useErrorText } from './format';
import { applyDisplay } from '../i18n/i18n';
import { Header, type View } from '../components/Header';
import { FirstSyncProgress } from '../components/FirstSyncProgress';
import { LoginScreen } from '../screens/LoginScreen';
import { EnrolScreen, FirstSync } from '../screens/EnrolScreen';
import { CheckoutScreen } from '../screens/checkout/CheckoutScreen';
import { ManagerScreens } from '../screens/manager/ManagerScreens';
import { ReceiptsScreen } from '../screens/receipts/ReceiptsScreen';
import { ReservationsScreen } from '../screens/reservations/ReservationsScreen';
import { ShiftScreen } from '../screens/shift/ShiftScreen';
import { ReturnsScreen } from '../screens/returns/ReturnsScreen';

/** `branch` for tests; the app uses the transport api/client.ts picks. */
export function App(props: { branch?: BranchData }) {
  return (
    <BranchProvider branch={props.branch}>
      <Till />
    </BranchProvider>
  );
}

function Till() {
  const { t } = useTranslation();
  const branch = useBranch();
  const startup = useStartup();
  const till = startup.state === 'ready' ? startup.till : null;
  const display = startup.state === 'ready' ? startup.display : null;
  const user = startup.state === 'ready' ? startup.session.user : null;
  const errorText = useErrorText();
  const [view, setView] = useState<View>('checkout');
  // the sale a return is being made of: from a scanned receipt at the checkout, the history, or the returns screen
  const [returnOf, setReturnOf] = useState<string | null>(null);
  // a till just enrolled waits for its first sync before the login screen (FirstSync)
  const [firstSync, setFirstSync] = useState(false);
  // Kept once seen: a failed attempt refetches the start-up reads, and the form must not vanish meanwhile.
  const notEnrolledNow = startup.state === 'failed' && startup.error.details?.reason === 'not_enrolled';
  const [notEnrolled, setNotEnrolled] = useState(false);
  useEffect(() => {
    if (notEnrolledNow) setNotEnrolled(true);
  }, [notEnrolledNow]);
  const startReturn = (saleId: string) => {
    setReturnOf(saleId);
    setView('returns');
  };

  // The till's language and digits, at start-up and whenever a manager changes them (till.setDisplay puts the
  // new settings in the cache): before the browser paints, so no screen shows in the old language first.
  const language = display?.language ?? null;
  const digits = display?.digits ?? null;
  useLayoutEffect(() => {
    if (language !== null && digits !== null) void applyDisplay({ language, digits });
  }, [language, digits]);
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
    const stop = startCartPersistence(branch);
    return () => {
      stop();
      useCartStore.getState().reset();
    };
  }, [branch, userId]);

  return (
    <div className="app">
      <Header view={view} onView={setView} />
      <main className="app-main">
        <FirstSyncProgress />
        {notEnrolled ? (
          <EnrolScreen
            onEnrolled={() => {
              setNotEnrolled(false);
              setFirstSync(true);
              if (startup.state === 'failed') startup.retry();
            }}
          />
        ) : firstSync && startup.state === 'ready' ? (
          <FirstSync onDone={() => setFirstSync(false)} />
        ) : startup.state !== 'ready' ? (
          startup.state === 'failed' ? (
            <div className="notice bad" role="alert" data-testid="startup-error">
              <div>{t('app.cannotStart', { reason: errorText(startup.error) })}</div>
              <div className="actions">
                <button type="button" onClick={startup.retry} data-testid="startup-retry">
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
          <CheckoutScreen onOpenShift={() => setView('shift')} onReturn={startReturn} />
        ) : view === 'receipts' ? (
          <ReceiptsScreen onReturn={startReturn} />
        ) : view === 'returns' ? (
          <ReturnsScreen saleId={returnOf} onSaleId={setReturnOf} />
        ) : view === 'reservations' ? (
          <ReservationsScreen />
        ) : view === 'shift' ? (
          <ShiftScreen />
        ) : (
          <ManagerScreens />
        )}
      </main>
    </div>
  );
}
