import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { CustomerToCall, ReservationCard } from './ReservationCard';
import { NewReservationForm } from './NewReservationForm';
import { groupReservations } from './reservation-groups';

const POLL_MS = 5000;
/** how often "lapses in 3 minutes" is worked out again */
const CLOCK_MS = 15_000;

/**
 * Customer orders set aside at this store (any logged-in user): the customers to call first (the server could not
 * hold their goods), then every open reservation soonest to lapse first with what is left to sell after them, and
 * what ended in the last day. Asked again every few seconds: the till's own expiry and the server's word arrive
 * in the background.
 */
export function ReservationsScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const [now, setNow] = useState(() => new Date());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  // Open ones come first in this list (soonest to lapse), then the ended ones, newest first.
  const list = useBranchQuery('reservation.list', { open: false, limit: 200 }, { pollMs: POLL_MS });
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), CLOCK_MS);
    return () => clearInterval(timer);
  }, []);
  // A changed answer is read by the clock of when it came (an unchanged one waits for the next tick or a refresh).
  useEffect(() => setNow(new Date()), [list.data]);
  const groups = list.data === undefined ? null : groupReservations(list.data, now);

  return (
    <section className="stack" data-testid="reservations-screen">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>{t('reservations.title')}</h2>
        <div className="row">
          <button
            type="button"
            onClick={() => {
              setNow(new Date());
              void list.refetch();
            }}
            data-testid="reservations-refresh"
          >
            {t('common.refresh')}
          </button>
          {!creating && (
            <button
              type="button"
              className="primary"
              onClick={() => {
                setCreated(null);
                setCreating(true);
              }}
              data-testid="reservations-new"
            >
              {t('reservations.new.open')}
            </button>
          )}
        </div>
      </div>
      {creating && (
        <NewReservationForm
          onCreated={(r) => {
            setCreating(false);
            setCreated(r.id);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {created !== null && (
        <div className="notice ok" role="status" data-testid="reservations-created">
          {t('reservations.created')}
        </div>
      )}
      {list.error !== null && (
        <div className="notice bad" role="alert" data-testid="reservations-error">
          {errorText(list.error)}
        </div>
      )}
      {groups === null && list.error === null && <div className="empty">{t('common.loading')}</div>}
      {groups !== null && (
        <>
          {groups.toCall.length > 0 && (
            <div className="stack" data-testid="reservations-to-call">
              <h3 className="variance-neg">{t('reservations.toCall')}</h3>
              {groups.toCall.map((r) => (
                <ReservationCard key={r.id} reservation={r} now={now} />
              ))}
            </div>
          )}
          <div className="stack" data-testid="reservations-open">
            <h3>{t('reservations.open')}</h3>
            {groups.open.length === 0 && <div className="empty">{t('reservations.none')}</div>}
            {groups.open.map((r) => (
              <ReservationCard key={r.id} reservation={r} now={now} />
            ))}
          </div>
          {groups.ended.length > 0 && (
            <div className="panel" data-testid="reservations-ended">
              <h3>{t('reservations.ended')}</h3>
              <table>
                <tbody>
                  {groups.ended.map((r) => (
                    <tr key={r.id} data-testid="reservation-ended-row" data-reservation-id={r.id} data-status={r.status}>
                      <td>
                        <CustomerToCall reservation={r} />
                      </td>
                      <td>{fmt.list(r.lines.map((l) => `${l.name} ${fmt.qty(l.requested, l.unit)}`))}</td>
                      <td>
                        <span className={`state-pill reservation-${r.status}`}>{t(`reservations.status.${r.status}`)}</span>
                      </td>
                      <td>
                        <bdi>{fmt.time(r.endedAt ?? r.createdAt)}</bdi>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
