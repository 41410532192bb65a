import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { managerAccess, useSession } from '../../app/session';
import { useFormat } from '../../app/format';

/**
 * While a manager's PIN approves this cashier's session (a few minutes, the backend decides), voids, discounts
 * past the limit and refunds go through without asking again: the checkout says so, and until when, so nobody is
 * surprised that a void did not ask.
 */
export function ApprovalActive() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const session = useSession();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 5000);
    return () => clearInterval(timer);
  }, []);
  const access = managerAccess(session, now);
  if (access.kind !== 'until') return null;
  return (
    <div className="notice info no-print" role="status" data-testid="approval-active">
      {t('checkout.approvalActive', { name: access.manager.name, until: fmt.clock(access.until) })}
    </div>
  );
}
