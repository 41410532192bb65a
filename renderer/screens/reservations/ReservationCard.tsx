import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReservationView } from '../../../shared/api/branch-api';
import { isDomainError } from '../../../shared/domain/errors';
import { useBranchMutation } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { QtyBox } from '../../components/QtyBox';
import { parseCount } from '../manager/stock-lines';
import { lapsed } from './reservation-groups';

/** "Call Rima Saad on 03 123 456": the customer of a reservation, with a link that dials on a phone or softphone. */
export function CustomerToCall(props: { reservation: ReservationView }) {
  const { t } = useTranslation();
  const c = props.reservation.customerContact;
  return (
    <div className="row" data-testid="reservation-customer">
      <strong>
        <bdi>{c.name ?? t('reservations.noName')}</bdi>
      </strong>
      {c.phone !== undefined && (
        <a className="tel" href={`tel:${c.phone.replace(/[^\d+]/g, '')}`} data-testid="reservation-call">
          {t('reservations.call', { phone: c.phone })}
        </a>
      )}
    </div>
  );
}

/**
 * One reservation: who it is for (with their number), how long it still holds, per line what was asked and is
 * held and what is left to sell at this store after every reservation, and, while it holds stock, the customer
 * collecting it (all of it, or part: the rest is released) or letting it go. A line the server could not hold is
 * loud, with the customer to call.
 */
export function ReservationCard(props: { reservation: ReservationView; now: Date }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const r = props.reservation;
  const [mode, setMode] = useState<'idle' | 'part' | 'release'>('idle');
  const refusedLines = r.lines.filter((l) => l.refused);
  const isOpen = r.status === 'open';
  const gone = lapsed(r, props.now);

  return (
    <article
      className={`conflict ${refusedLines.length > 0 || r.status === 'refused' ? 'open' : isOpen ? 'contacted' : ''}`}
      data-testid="reservation-card"
      data-reservation-id={r.id}
      data-status={r.status}
      data-pending={r.pending ? 'true' : 'false'}
    >
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <CustomerToCall reservation={r} />
        <span className="row" style={{ gap: 6 }}>
          <span className={`state-pill reservation-${r.status}`} data-testid="reservation-status">
            {t(`reservations.status.${r.status}`)}
          </span>
          {r.pending && (
            <span className="state-pill pending" title={t('transfers.pendingHint')} data-testid="reservation-pending">
              {t('transfers.pending')}
            </span>
          )}
        </span>
      </div>
      {isOpen && (
        <p className={gone ? 'variance-neg' : 'muted'} style={{ margin: '6px 0' }} data-testid="reservation-time-left" data-expires-at={r.expiresAt}>
          {gone ? t('reservations.lapsedAt', { when: fmt.time(r.expiresAt) }) : t('reservations.holdsUntil', { left: fmt.ago(r.expiresAt, props.now), when: fmt.time(r.expiresAt) })}
        </p>
      )}
      {(refusedLines.length > 0 || r.status === 'refused') && (
        <div className="notice bad" role="alert" data-testid="reservation-refused">
          <strong>
            {t('reservations.refused', { lines: fmt.list((refusedLines.length > 0 ? refusedLines : r.lines).map((l) => l.name)) })}
          </strong>
          <div>{r.customerContact.phone !== undefined ? t('reservations.callToSay', { phone: r.customerContact.phone }) : t('reservations.tellToSay')}</div>
        </div>
      )}
      <table>
        <thead>
          <tr>
            <th>{t('cart.product')}</th>
            <th className="num">{t('reservations.line.requested')}</th>
            <th className="num">{t('reservations.line.held')}</th>
            {r.lines.some((l) => l.fulfilled > 0) && <th className="num">{t('reservations.line.fulfilled')}</th>}
            <th className="num">{t('reservations.line.available')}</th>
          </tr>
        </thead>
        <tbody>
          {r.lines.map((l) => (
            <tr key={l.lineId} className={l.refused ? 'short' : undefined} data-testid="reservation-line" data-line-id={l.lineId} data-refused={l.refused ? 'true' : 'false'}>
              <td>
                <strong>{l.name}</strong> <bdi className="muted">{l.sku}</bdi>
                {l.refused && <div className="variance-neg">{t('reservations.line.refused')}</div>}
              </td>
              <td className="num">
                <bdi>{fmt.qty(l.requested, l.unit)}</bdi>
              </td>
              <td className="num">
                <bdi>{fmt.qty(l.held, l.unit)}</bdi>
              </td>
              {r.lines.some((x) => x.fulfilled > 0) && (
                <td className="num">
                  <bdi>{fmt.qty(l.fulfilled, l.unit)}</bdi>
                </td>
              )}
              <td className={l.availableNow > 0 ? 'num' : 'num variance-neg'} data-testid="reservation-available" data-available={l.availableNow}>
                <bdi>{fmt.qty(Math.max(0, l.availableNow), l.unit)}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.note !== null && <p className="muted">{t('deliveryNote.note', { note: r.note })}</p>}
      {isOpen && !gone && mode === 'idle' && <ReservationActions reservation={r} onPart={() => setMode('part')} onRelease={() => setMode('release')} />}
      {isOpen && mode === 'part' && <PartialFulfil reservation={r} onClose={() => setMode('idle')} />}
      {isOpen && mode === 'release' && <ReleaseConfirm reservation={r} onClose={() => setMode('idle')} />}
    </article>
  );
}

function ReservationActions(props: { reservation: ReservationView; onPart: () => void; onRelease: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const fulfil = useBranchMutation('reservation.fulfil');
  const [error, setError] = useState<string | null>(null);
  const r = props.reservation;
  const held = r.lines.filter((l) => l.held > 0);
  const all = async () => {
    setError(null);
    const res = await fulfil.run({ reservationId: r.id });
    if (!res.ok) setError(errorText(res.error));
  };
  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="primary" disabled={fulfil.busy || held.length === 0} onClick={() => void all()} data-testid="reservation-fulfil-all">
          {t('reservations.fulfilAll')}
        </button>
        {held.length > 0 && (
          <button type="button" onClick={props.onPart} data-testid="reservation-fulfil-part">
            {t('reservations.fulfilPart')}
          </button>
        )}
        <button type="button" className="danger" onClick={props.onRelease} data-testid="reservation-release">
          {t('reservations.release')}
        </button>
      </div>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="reservation-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** The customer takes part of it: per line what leaves now, the rest of each hold goes back on sale in the same step. */
function PartialFulfil(props: { reservation: ReservationView; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const fulfil = useBranchMutation('reservation.fulfil');
  const r = props.reservation;
  const held = r.lines.filter((l) => l.held > 0);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(held.map((l) => [l.lineId, fmt.num.write(l.held)])));
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    let lines;
    try {
      lines = held.map((l) => ({ lineId: l.lineId, qty: parseCount(l, texts[l.lineId] ?? '', fmt.num) }));
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
      return;
    }
    const res = await fulfil.run({ reservationId: r.id, lines });
    if (!res.ok) {
      setError(errorText(res.error));
      return;
    }
    props.onClose();
  };
  return (
    <div className="notice info stack" data-testid="reservation-part-form">
      <strong>{t('reservations.partTitle')}</strong>
      {held.map((l) => (
        <label key={l.lineId} className="row" style={{ flexDirection: 'row' }}>
          <span style={{ flex: 1 }}>
            {l.name} <span className="muted">({t('reservations.ofHeld', { qty: fmt.qty(l.held, l.unit) })})</span>
          </span>
          <QtyBox
            value={texts[l.lineId] ?? ''}
            onChange={(text) => setTexts((m) => ({ ...m, [l.lineId]: text }))}
            label={t('reservations.takenOf', { name: l.name })}
            testId="reservation-part-qty"
          />
        </label>
      ))}
      <p className="muted" style={{ margin: 0 }}>
        {t('reservations.partHint')}
      </p>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="reservation-part-error">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={fulfil.busy} onClick={() => void submit()} data-testid="reservation-part-submit">
          {t('reservations.partSubmit')}
        </button>
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function ReleaseConfirm(props: { reservation: ReservationView; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const release = useBranchMutation('reservation.release');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    const res = await release.run({ reservationId: props.reservation.id, ...(note.trim() !== '' ? { note: note.trim() } : {}) });
    if (!res.ok) {
      setError(errorText(res.error));
      return;
    }
    props.onClose();
  };
  return (
    <div className="notice warn stack" data-testid="reservation-release-confirm">
      <strong>{t('reservations.releaseQuestion')}</strong>
      <label>
        {t('reservations.releaseWhy')}
        <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="reservation-release-note" />
      </label>
      {error !== null && <div className="notice bad">{error}</div>}
      <div className="actions">
        <button type="button" className="danger" disabled={release.busy} onClick={() => void confirm()} data-testid="reservation-release-yes">
          {t('reservations.releaseYes')}
        </button>
        <button type="button" onClick={props.onClose} data-testid="reservation-release-no">
          {t('reservations.releaseNo')}
        </button>
      </div>
    </div>
  );
}
