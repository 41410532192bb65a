import { useTranslation } from 'react-i18next';
import { useBranchMutation } from '../app/branch-data';
import { useStartup } from '../app/session';
import { SyncStatus } from './SyncStatus';

export type View = 'checkout' | 'receipts' | 'returns' | 'reservations' | 'shift' | 'manager';

export function Header(props: { view: View; onView: (v: View) => void }) {
  const { t } = useTranslation();
  const startup = useStartup();
  // The till's name once the app has started (the till, its users and the session all answered).
  const till = startup.state === 'ready' ? startup.till : null;
  const user = startup.state === 'ready' ? startup.session.user : null;
  const logout = useBranchMutation('session.logout');

  return (
    <header className="no-print">
      <div className="app-header">
      <span className="brand">{t('app.name')}</span>
      {till !== null && <span className="where" data-testid="till-name">{t('app.where', { store: till.storeName, till: till.tillName })}</span>}
      {user !== null && (
        <nav className="row" aria-label={t('app.navigation')}>
          <button type="button" aria-current={props.view === 'checkout' ? 'page' : undefined} onClick={() => props.onView('checkout')} data-testid="nav-checkout">
            {t('nav.checkout')}
          </button>
          <button type="button" aria-current={props.view === 'receipts' ? 'page' : undefined} onClick={() => props.onView('receipts')} data-testid="nav-receipts">
            {t('nav.receipts')}
          </button>
          <button type="button" aria-current={props.view === 'returns' ? 'page' : undefined} onClick={() => props.onView('returns')} data-testid="nav-returns">
            {t('nav.returns')}
          </button>
          <button type="button" aria-current={props.view === 'reservations' ? 'page' : undefined} onClick={() => props.onView('reservations')} data-testid="nav-reservations">
            {t('nav.reservations')}
          </button>
          <button type="button" aria-current={props.view === 'shift' ? 'page' : undefined} onClick={() => props.onView('shift')} data-testid="nav-shift">
            {t('nav.shift')}
          </button>
          <button type="button" aria-current={props.view === 'manager' ? 'page' : undefined} onClick={() => props.onView('manager')} data-testid="nav-manager">
            {t('nav.manager')}
          </button>
        </nav>
      )}
      <span className="spacer" />
      {user !== null && (
        <>
          <span data-testid="current-user">{t('app.user', { name: user.name })}</span>
          <button type="button" onClick={() => void logout.run({})} data-testid="logout">
            {t('nav.logout')}
          </button>
        </>
      )}
      </div>
      <div className="sync-bar">
        <SyncStatus />
      </div>
    </header>
  );
}
