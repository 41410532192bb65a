import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictView } from '../../../shared/api/branch-api';
import type { ConflictOutcome } from '../../../shared/policy/conflict-lifecycle';
import { CONFLICT_FILTERS, type ConflictFilter } from './conflict-filters';
import { useErrorText, useFormat } from '../../app/format';
import { useBranchMutation, useBranchQuery } from '../../app/branch-data';


/**
 * Sales the server could not honour (another till sold the last unit while this one was offline) and stock
 * discrepancies. For a sale: call the customer, mark contacted, then resolve with refund, substitute or back-order.
 */
export function ConflictsScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [filter, setFilter] = useState<ConflictFilter>('open');
  // A conflict changed here shows its new state at once, in every list (conflicts.update in app/branch-methods.ts).
  const list = useBranchQuery('conflicts.list', filter === 'all' ? {} : { state: filter });
  const rows = list.data ?? null;
  const error = list.error === null ? null : errorText(list.error);

  return (
    <section className="stack" data-testid="conflicts-screen">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2>{t('conflicts.title')}</h2>
        <div className="tabs" role="tablist">
          {CONFLICT_FILTERS.map((f) => (
            <button key={f} type="button" role="tab" aria-selected={filter === f} onClick={() => setFilter(f)} data-testid={`conflicts-filter-${f}`}>
              {t(`conflicts.filter.${f}`)}
            </button>
          ))}
          <button type="button" onClick={() => void list.refetch()} data-testid="conflicts-refresh">
            {t('common.refresh')}
          </button>
        </div>
      </div>
      {error !== null && <div className="notice bad" role="alert">{error}</div>}
      {rows === null && error === null && <div className="empty">{t('common.loading')}</div>}
      {rows?.length === 0 && <div className="empty" data-testid="conflicts-empty">{t('conflicts.none')}</div>}
      {rows?.map((c) => <ConflictCard key={c.id} conflict={c} />)}
    </section>
  );
}

function ConflictCard(props: { conflict: ConflictView }) {
  const { t } = useTranslation();
  const update = useBranchMutation('conflicts.update');
  const fmt = useFormat();
  const errorText = useErrorText();
  const c = props.conflict;
  const outcomes: ConflictOutcome[] = c.kind === 'contact_customer' ? ['refund', 'substitute', 'back_order'] : ['recounted'];
  const [outcome, setOutcome] = useState<ConflictOutcome>(outcomes[0] ?? 'refund');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const act = async (action: { action: 'contacted' } | { action: 'resolved'; outcome: ConflictOutcome }) => {
    const r = await update.run({ conflictId: c.id, ...action, ...(note.trim() !== '' ? { note: note.trim() } : {}) });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setError(null);
    setNote('');
  };

  const canContact = c.kind === 'contact_customer' && c.state === 'open';
  const canResolve = c.state !== 'resolved' && (c.kind === 'stock_discrepancy' || c.state === 'contacted');

  return (
    <article className={`conflict ${c.state}`} data-testid="conflict-row" data-conflict-id={c.id} data-state={c.state} data-kind={c.kind}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h3 style={{ margin: 0 }}>
          {t(`conflicts.kind.${c.kind}`)}: <bdi>{c.productName}</bdi> × <bdi>{fmt.plain(c.qty)}</bdi>
        </h3>
        <span className="state-pill" data-testid="conflict-state">
          {t(`conflicts.state.${c.state}`)}
          {c.outcome !== null && ` · ${t(`conflicts.outcome.${c.outcome}`)}`}
        </span>
      </div>
      <p style={{ margin: '6px 0' }}>
        {t('conflicts.detail', { till: c.tillName, cashier: c.cashierName, when: fmt.time(c.occurredAt), available: fmt.plain(c.availableAtReplay) })}
      </p>
      {c.customerContact !== null ? (
        <div className="row" data-testid="conflict-contact">
          <span>{t('conflicts.customer', { name: c.customerContact.name ?? t('conflicts.noName') })}</span>
          {c.customerContact.phone !== undefined && (
            <a className="tel" href={`tel:${c.customerContact.phone.replace(/[^\d+]/g, '')}`} data-testid="conflict-call">
              {t('conflicts.call', { phone: c.customerContact.phone })}
            </a>
          )}
        </div>
      ) : (
        c.kind === 'contact_customer' && <p className="muted">{t('conflicts.noContact')}</p>
      )}
      <p style={{ margin: '6px 0' }} data-testid="conflict-elsewhere">
        {c.elsewhere.length === 0
          ? t('conflicts.nowhere')
          : t('conflicts.elsewhere', { places: fmt.list(c.elsewhere.map((e) => `${e.locationName} (${fmt.plain(e.available)})`)) })}
      </p>
      {c.history.length > 0 && (
        <ul className="muted" style={{ margin: '4px 0' }}>
          {c.history.map((h, i) => (
            <li key={i}>
              {t('conflicts.history', { state: t(`conflicts.state.${h.state}`), by: h.byName, when: fmt.time(h.at) })}
              {/* The server opens a conflict with the policy's reason code as its note: show it in words. */}
              {h.note !== null && ` — ${h.state === 'open' ? t(`conflicts.reason.${h.note}`, { defaultValue: h.note }) : h.note}`}
            </li>
          ))}
        </ul>
      )}
      {c.state !== 'resolved' && (
        <div className="row">
          <input type="text" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('conflicts.note')} aria-label={t('conflicts.note')} maxLength={500} style={{ flex: 1 }} data-testid="conflict-note" />
          {canContact && (
            <button type="button" className="primary" disabled={update.busy} onClick={() => void act({ action: 'contacted' })} data-testid="conflict-contacted">
              {t('conflicts.markContacted')}
            </button>
          )}
          {canResolve && (
            <>
              <select value={outcome} onChange={(e) => setOutcome(e.target.value as ConflictOutcome)} aria-label={t('conflicts.outcomeLabel')} data-testid="conflict-outcome">
                {outcomes.map((o) => (
                  <option key={o} value={o}>
                    {t(`conflicts.outcome.${o}`)}
                  </option>
                ))}
              </select>
              <button type="button" className="primary" disabled={update.busy} onClick={() => void act({ action: 'resolved', outcome })} data-testid="conflict-resolve">
                {t('conflicts.resolve')}
              </button>
            </>
          )}
        </div>
      )}
      {error !== null && <div className="notice bad" role="alert">{error}</div>}
    </article>
  );
}
