import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { managerApproved, useSessionStore } from '../../stores/session-store';
import { ManagerApproval } from '../../components/ManagerApproval';
import { ReceiveScreen } from './ReceiveScreen';
import { WasteScreen } from './WasteScreen';
import { StocktakeScreen } from './StocktakeScreen';
import { LowStockScreen } from './LowStockScreen';
import { ConflictsScreen } from './ConflictsScreen';

const TABS = ['receive', 'waste', 'stocktake', 'lowStock', 'conflicts'] as const;
type Tab = (typeof TABS)[number];

/** Stock and conflict work, behind a manager's PIN; the approval lapses after a few minutes (the backend decides). */
export function ManagerScreens() {
  const { t } = useTranslation();
  const session = useSessionStore((s) => s.session);
  const [now, setNow] = useState(() => new Date());
  const [tab, setTab] = useState<Tab>('receive');

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 5000);
    return () => clearInterval(timer);
  }, []);

  if (!managerApproved(session, now)) {
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
          {TABS.map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)} data-testid={`tab-${name}`}>
              {t(`manager.tab.${name}`)}
            </button>
          ))}
        </div>
        <span className="muted" data-testid="manager-until">
          {t('manager.approvedBy', {
            name: session?.manager?.name ?? '',
            until: session !== null && session.managerUntil !== null ? new Date(session.managerUntil).toLocaleTimeString() : '',
          })}
        </span>
      </div>
      <div role="tabpanel">
        {tab === 'receive' && <ReceiveScreen />}
        {tab === 'waste' && <WasteScreen />}
        {tab === 'stocktake' && <StocktakeScreen />}
        {tab === 'lowStock' && <LowStockScreen />}
        {tab === 'conflicts' && <ConflictsScreen />}
      </div>
    </div>
  );
}
