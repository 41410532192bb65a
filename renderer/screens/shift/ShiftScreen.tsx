import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ShiftView, ZReportView } from '../../../shared/api/shift-api';
import type { Currency } from '../../../shared/domain/money';
import { parseMoneyInput } from '../../../shared/domain/money-input';
import { useBranchMutation, useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { DrawerDetail, ZReport } from './ZReport';
import { NoSale } from './NoSale';

/**
 * The cashier's drawer (issue 11): open a shift with the float counted per currency; while it is open the X report
 * (what each currency should hold now), cash in and paid-outs with a reason (a paid-out needs a manager's PIN,
 * the backend decides), and closing: each currency counted, the difference shown before confirming, then the
 * numbered Z report to print.
 */
export function ShiftScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const shift = useBranchQuery('shift.current', {});
  const exchange = useBranchQuery('exchange.current', {});
  const [printed, setPrinted] = useState<ZReportView | null>(null);
  if (printed !== null) return <ZReport z={printed} onDone={() => setPrinted(null)} />;
  if (shift.data === undefined || exchange.data === undefined) {
    const error = shift.error ?? exchange.error;
    return error !== null ? (
      <div className="notice bad" role="alert">
        {errorText(error)}
      </div>
    ) : (
      <div className="empty">{t('common.loading')}</div>
    );
  }
  // the currencies a drawer holds: the till's own and the cash of the second it takes
  const currencies = [...new Set<Currency>([exchange.data.base, ...exchange.data.settings.accepts])];
  return shift.data === null ? (
    <div className="stack" style={{ maxWidth: 820 }}>
      <OpenShift currencies={currencies} />
      <NoSale />
    </div>
  ) : (
    <div className="stack" data-testid="shift-screen" style={{ maxWidth: 820 }}>
      <XReport shift={shift.data} />
      <CashMove shift={shift.data} currencies={currencies} />
      <NoSale />
      <CloseShift shift={shift.data} onClosed={setPrinted} />
    </div>
  );
}

/** Amount boxes, one per currency, read in the till's digits; `null` while one of them is not an amount. */
function useAmounts(currencies: readonly Currency[]) {
  const fmt = useFormat();
  const [text, setText] = useState<Partial<Record<Currency, string>>>({});
  const parsed: Partial<Record<Currency, number>> = {};
  let valid = true;
  for (const c of currencies) {
    const r = parseMoneyInput(text[c] ?? '', c, fmt.locale);
    if (r.ok && r.amount >= 0) parsed[c] = r.amount;
    else valid = false;
  }
  return { text, setText: (c: Currency, v: string) => setText((s) => ({ ...s, [c]: v })), amounts: valid ? parsed : null, clear: () => setText({}) };
}

function OpenShift(props: { currencies: readonly Currency[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const open = useBranchMutation('shift.open');
  const boxes = useAmounts(props.currencies);
  const [error, setError] = useState<string | null>(null);
  const [shiftId] = useState(() => uuidv7());
  const submit = async () => {
    if (boxes.amounts === null) return setError(t('shift.countEvery'));
    const r = await open.run({ shiftId, float: boxes.amounts });
    if (!r.ok) setError(errorText(r.error));
  };
  return (
    <section className="panel stack" data-testid="shift-open" style={{ maxWidth: 520 }}>
      <h2>{t('shift.openTitle')}</h2>
      <div className="muted">{t('shift.openHint')}</div>
      {props.currencies.map((c) => (
        <label key={c} className="cash-row">
          {t('shift.floatIn', { currency: c })}
          <input type="text" inputMode="decimal" dir="ltr" value={boxes.text[c] ?? ''} onChange={(e) => boxes.setText(c, e.target.value)} data-testid={`float-${c}`} />
        </label>
      ))}
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="shift-error">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={open.busy} onClick={() => void submit()} data-testid="shift-open-submit">
          {t('shift.open')}
        </button>
      </div>
    </section>
  );
}

function XReport(props: { shift: ShiftView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const s = props.shift;
  const card = Object.entries(s.card) as Array<[Currency, number]>;
  return (
    <section className="panel stack" data-testid="x-report">
      <h2>{t('shift.xTitle')}</h2>
      <div className="muted">{t('shift.openedBy', { name: s.openedByName, when: fmt.time(s.openedAt) })}</div>
      <DrawerDetail columns={s.columns} />
      {card.length > 0 && <div data-testid="x-card">{t('shift.card')}: {fmt.list(card.map(([c, a]) => fmt.money(a, c)))}</div>}
      <div data-testid="x-sales">{t('shift.sales', { count: s.sales, total: fmt.money(s.takings) })}</div>
      {(s.discounts ?? 0) > 0 && <div data-testid="x-discounts" data-amount={s.discounts}>{t('shift.discounts', { amount: fmt.money(s.discounts ?? 0) })}</div>}
      {(s.refunded ?? 0) > 0 && <div data-testid="x-refunded" data-amount={s.refunded}>{t('shift.refunded', { amount: fmt.money(s.refunded ?? 0) })}</div>}
      {s.moves.length > 0 && (
        <ul data-testid="x-moves">
          {s.moves.map((m) => (
            <li key={m.moveId} data-testid="x-move" data-direction={m.direction}>
              {m.direction === 'in'
                ? t('shift.moveIn', { amount: fmt.money(m.amount, m.currency), reason: m.reason, name: m.byName })
                : t('shift.moveOut', { amount: fmt.money(m.amount, m.currency), reason: m.reason, name: m.approvedByName ?? m.byName })}
            </li>
          ))}
        </ul>
      )}
      {(s.noSales ?? []).length > 0 && (
        <ul data-testid="x-no-sales">
          {(s.noSales ?? []).map((n) => (
            <li key={n.openId} data-testid="x-no-sale">
              {t('noSale.line', { when: fmt.clock(new Date(n.at)), reason: n.reason, name: n.byName, approver: n.approvedByName ?? n.byName })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CashMove(props: { shift: ShiftView; currencies: readonly Currency[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const move = useBranchMutation('shift.cashMove');
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [currency, setCurrency] = useState<Currency>(props.currencies[0] ?? fmt.currency);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [moveId, setMoveId] = useState(() => uuidv7());
  const submit = async () => {
    const parsed = parseMoneyInput(amount, currency, fmt.locale);
    if (!parsed.ok || parsed.amount <= 0) return setMessage({ ok: false, text: t('shift.badAmount') });
    if (reason.trim() === '') return setMessage({ ok: false, text: t('shift.needReason') });
    const r = await move.run({ moveId, direction, currency, amount: parsed.amount, reason: reason.trim() });
    if (r.ok) {
      setAmount('');
      setReason('');
      setMoveId(uuidv7());
      setMessage({ ok: true, text: t('shift.moved') });
    } else setMessage({ ok: false, text: errorText(r.error) });
  };
  return (
    <section className="panel stack" data-testid="cash-move">
      <h3>{t('shift.moveTitle')}</h3>
      <div className="row">
        {(['in', 'out'] as const).map((d) => (
          <label key={d}>
            <input type="radio" checked={direction === d} onChange={() => setDirection(d)} data-testid={`move-${d}`} />
            {t(d === 'in' ? 'shift.cashIn' : 'shift.paidOut')}
          </label>
        ))}
        <select value={currency} onChange={(e) => setCurrency(e.target.value as Currency)} data-testid="move-currency">
          {props.currencies.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <input type="text" inputMode="decimal" dir="ltr" value={amount} onChange={(e) => setAmount(e.target.value)} aria-label={t('shift.amount')} data-testid="move-amount" />
        <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} aria-label={t('shift.reason')} placeholder={t('shift.reason')} data-testid="move-reason" />
        <button type="button" disabled={move.busy} onClick={() => void submit()} data-testid="move-submit">
          {t('shift.record')}
        </button>
      </div>
      {direction === 'out' && <div className="muted">{t('shift.paidOutHint')}</div>}
      {message !== null && (
        <div className={message.ok ? 'notice ok' : 'notice bad'} role={message.ok ? 'status' : 'alert'} data-testid={message.ok ? 'move-ok' : 'move-error'}>
          {message.text}
        </div>
      )}
    </section>
  );
}

function CloseShift(props: { shift: ShiftView; onClosed: (z: ZReportView) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const close = useBranchMutation('shift.close');
  const currencies = props.shift.columns.map((c) => c.currency);
  const boxes = useAmounts(currencies);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (boxes.amounts === null) return setError(t('shift.countEvery'));
    const r = await close.run({ shiftId: props.shift.shiftId, counted: boxes.amounts });
    if (r.ok) props.onClosed(r.value);
    else setError(errorText(r.error));
  };
  return (
    <section className="panel stack" data-testid="shift-close">
      <h3>{t('shift.closeTitle')}</h3>
      {props.shift.columns.map((c) => {
        // the difference shows as soon as this currency's box holds an amount, before the shift is closed
        const parsed = parseMoneyInput(boxes.text[c.currency] ?? '', c.currency, fmt.locale);
        const n = parsed.ok ? parsed.amount : null;
        return (
          <div key={c.currency} className="cash-row">
            <label>
              {t('shift.countedIn', { currency: c.currency })}
              <input type="text" inputMode="decimal" dir="ltr" value={boxes.text[c.currency] ?? ''} onChange={(e) => boxes.setText(c.currency, e.target.value)} data-testid={`count-${c.currency}`} />
            </label>
            <span className="muted">{t('shift.expectedIs', { amount: fmt.money(c.expected, c.currency) })}</span>
            {n !== null && (
              <span data-testid={`difference-${c.currency}`} data-difference={n - c.expected} className={n - c.expected < 0 ? 'bad' : undefined}>
                {t('shift.differenceIs', { amount: fmt.money(n - c.expected, c.currency) })}
              </span>
            )}
          </div>
        );
      })}
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="close-error">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={close.busy} onClick={() => void submit()} data-testid="shift-close-submit">
          {t('shift.closeAndPrint')}
        </button>
      </div>
    </section>
  );
}
