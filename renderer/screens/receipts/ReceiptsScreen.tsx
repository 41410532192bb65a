import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptView } from '../../../shared/api/branch-api';
import { useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { PastReceiptDialog } from './PastReceiptDialog';
import { readReceiptQuery, searchInput } from './receipt-query';

/**
 * The receipt history at the till (issue 11): find a past sale by its number, its amount or its day, open it,
 * reprint it as a copy. One page of 20 at a time, newest first; "Older" follows the backend's cursor and "Newer"
 * goes back along the cursors already taken.
 */
export function ReceiptsScreen(props: { onReturn?: (saleId: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [day, setDay] = useState('');
  /** what was searched: the box and the day as they were when the cashier pressed Search */
  const [asked, setAsked] = useState({ text: '', day: '' });
  /** the cursors of the pages before the one shown: the last one starts it */
  const [cursors, setCursors] = useState<string[]>([]);
  const [open, setOpen] = useState<ReceiptView | null>(null);

  const query = readReceiptQuery(asked.text, fmt.currency, fmt.locale);
  const input = searchInput(query, asked.day, cursors.at(-1));
  const result = useBranchQuery('sale.search', input ?? {}, { enabled: input !== undefined, keepPrevious: true });
  const page = input === undefined ? null : (result.data ?? null);
  const error = result.error === null ? null : errorText(result.error);
  const statusText = (s: ReceiptView['status']) =>
    s === 'completed' ? t('receipts.status.completed') : s === 'partially_reversed' ? t('receipts.status.partially_reversed') : t('receipts.status.reversed');

  return (
    <section className="panel stack" data-testid="receipts-screen">
      <h2>{t('receipts.title')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ text, day });
          setCursors([]);
        }}
      >
        <input
          type="text"
          dir="ltr"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('receipts.searchHint')}
          aria-label={t('receipts.searchHint')}
          autoFocus
          data-testid="receipts-search"
        />
        <label className="row">
          {t('receipts.day')}
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} data-testid="receipts-day" />
        </label>
        <button type="submit" className="primary" data-testid="receipts-find">
          {t('receipts.find')}
        </button>
      </form>
      {query.kind === 'unreadable' && (
        <div className="notice warn" role="alert" data-testid="receipts-unreadable">
          {t('receipts.unreadable')}
        </div>
      )}
      {error !== null && (
        <div className="notice bad" role="alert">
          {error}
        </div>
      )}
      {input !== undefined && page === null && error === null && <div className="empty">{t('common.loading')}</div>}
      {page?.sales.length === 0 && <div className="empty" data-testid="receipts-none">{t('receipts.none')}</div>}
      {page !== null && page.sales.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('receipts.number')}</th>
              <th>{t('receipts.time')}</th>
              <th className="num">{t('pay.total')}</th>
              <th>{t('receipts.state')}</th>
            </tr>
          </thead>
          <tbody>
            {page.sales.map((s) => (
              <tr key={s.saleId} data-testid="receipts-row" data-number={s.number} data-status={s.status}>
                <td>
                  <button type="button" className="link" onClick={() => setOpen(s)} data-testid="receipts-open">
                    <bdi>{s.number}</bdi>
                  </button>
                </td>
                <td>
                  <bdi>{fmt.time(s.occurredAt)}</bdi>
                </td>
                <td className="num">
                  <bdi>{fmt.money(s.total, s.currency)}</bdi>
                </td>
                <td className={s.status === 'completed' ? undefined : 'variance-neg'}>{statusText(s.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page !== null && (cursors.length > 0 || page.nextCursor !== null) && (
        <div className="row">
          <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="receipts-newer">
            {t('receipts.newer')}
          </button>
          <button
            type="button"
            disabled={page.nextCursor === null}
            onClick={() => {
              const next = page.nextCursor;
              if (next !== null) setCursors((c) => [...c, next]);
            }}
            data-testid="receipts-older"
          >
            {t('receipts.older')}
          </button>
        </div>
      )}
      {open !== null && <PastReceiptDialog receipt={open} onClose={() => setOpen(null)} onReturn={props.onReturn} />}
    </section>
  );
}
