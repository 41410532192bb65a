import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { managerAccess, useSession } from '../../app/session';
import { ManagerApproval } from '../../components/ManagerApproval';
import { ReceiveScreen } from './ReceiveScreen';
import { WasteScreen } from './WasteScreen';
import { StocktakeScreen } from './StocktakeScreen';
import { LowStockScreen } from './LowStockScreen';
import { ConflictsScreen } from './ConflictsScreen';
import { DisplaySettingsScreen } from './DisplaySettingsScreen';
import { ExchangeScreen } from './ExchangeScreen';
import { TransfersScreen } from '../transfers/TransfersScreen';
import { MANAGER_TABS, type ManagerTab } from './manager-tabs';
import { useFormat } from '../../app/format';

/** Stock and conflict work, behind a manager's PIN; the approval lapses after a few minutes (the backend decides). */
export function ManagerScreens() {
  const { t } = useTranslation();
  const session = useSession();
  const fmt = useFormat();
  const [now, setNow] = useState(() => new Date());
  const [tab, setTab] = useState<ManagerTab>('receive');

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 5000);
    return () => clearInterval(timer);
  }, []);

  const access = managerAccess(session, now);
  if (access.kind === 'none') {
    return (
      <div className="panel" style={{ maxWidth: 520, margin: '0 auto' }} data-testid="manager-gate">
        <ManagerApproval reason={t('manager.gateReason')} onApproved={() => setNow(new Date())} />
      </div>
    );
  }
  return (
    <div data-testid="manager-screens">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div className="tabs" role="tablist" aria-label={t('manager.tabs')}>
          {MANAGER_TABS.map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)} data-testid={`tab-${name}`}>
              {t(`manager.tab.${name}`)}
            </button>
          ))}
        </div>
        <span className="muted" data-testid="manager-until" data-kind={access.kind}>
          {access.kind === 'session'
            ? t('manager.ownSession', { name: access.manager.name, role: t(`roles.${access.manager.role}`) })
            : t('manager.approvedBy', { name: access.manager.name, until: fmt.clock(access.until) })}
        </span>
      </div>
      <div role="tabpanel">
        {tab === 'receive' && <ReceiveScreen />}
        {tab === 'transfers' && <TransfersScreen />}
        {tab === 'waste' && <WasteScreen />}
        {tab === 'stocktake' && <StocktakeScreen />}
        {tab === 'lowStock' && <LowStockScreen />}
        {tab === 'conflicts' && <ConflictsScreen />}
        {tab === 'rates' && <ExchangeScreen />}
        {tab === 'settings' && <DisplaySettingsScreen />}
      </div>
    </div>
  );
}
