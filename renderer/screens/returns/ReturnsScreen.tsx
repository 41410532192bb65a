import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ReturnableSaleView } from '../../../shared/api/branch-api';
import type { ReturnView } from '../../../shared/api/return-api';
import { isDomainError, type ErrorBody } from '../../../shared/domain/errors';
import type { Milli } from '../../../shared/domain/quantity';
import { parseSaleCode } from '../../../shared/scan/sale-code';
import { useBranch, useBranchMutation, useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { ManagerApproval } from '../../components/ManagerApproval';
import { useWedgeScanner } from '../../scan/use-wedge-scanner';
import { parseCount } from '../manager/stock-lines';

/**
 * Returns against a receipt (issue 11). The cashier scans the barcode at the foot of the customer's receipt (or
 * types its number), picks what comes back and how many, ticks "damaged" for what goes to the bin, and gives a
 * reason. The refund shown is the till's own (return.preview): each line's share of what it cost, into the sale's
 * tenders, at the sale's rate. A manager approves with their PIN; the screen then says what to hand back, per
 * tender and currency.
 */
export function ReturnsScreen(props: { saleId: string | null; onSaleId: (saleId: string | null) => void }) {
  const { t } = useTranslation();
  const saleId = props.saleId;
  return (
    <section className="panel stack" data-testid="returns-screen">
      <h2>{t('returns.title')}</h2>
      {saleId === null ? <FindSale onFound={props.onSaleId} /> : <ReturnForm key={saleId} saleId={saleId} onDone={() => props.onSaleId(null)} />}
    </section>
  );
}

/** The receipt's barcode (a scan or typed digits) or its number. */
function FindSale(props: { onFound: (saleId: string) => void }) {
  const { t } = useTranslation();
  const branch = useBranch();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const find = async (typed: string) => {
    const code = typed.trim();
    if (code === '') return;
    const fromCode = parseSaleCode(code);
    if (fromCode !== null) {
      props.onFound(fromCode);
      return;
    }
    const r = await branch.read('sale.search', { number: code, limit: 2 });
    if (!r.ok) return setError(errorText(r.error));
    // only the receipt typed: a number that merely begins another's is not that receipt
    const exact = r.value.sales.find((s) => s.number.toUpperCase() === code.toUpperCase());
    if (exact === undefined) return setError(t('returns.notFound', { code }));
    props.onFound(exact.saleId);
  };
  useWedgeScanner((scan) => void find(scan.code));

  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void find(text);
      }}
    >
      <p className="muted">{t('returns.scanHint')}</p>
      <div className="row">
        <input
          type="text"
          dir="ltr"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label={t('returns.codeLabel')}
          placeholder={t('returns.codeLabel')}
          autoFocus
          data-testid="return-code"
        />
        <button type="submit" className="primary" data-testid="return-find">
          {t('returns.find')}
        </button>
      </div>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="return-find-error">
          {error}
        </div>
      )}
    </form>
  );
}

interface Pick {
  qtyText: string;
  damaged: boolean;
}

type Picked = { ok: true; lines: Array<{ lineId: string; qty: Milli; disposition: 'restock' | 'waste' }> } | { ok: false; message: string };

function picked(sale: ReturnableSaleView, picks: Record<string, Pick>, read: (text: string) => string): Picked {
  const lines: Array<{ lineId: string; qty: Milli; disposition: 'restock' | 'waste' }> = [];
  for (const l of sale.lines) {
    const p = picks[l.lineId];
    if (p === undefined || p.qtyText.trim() === '') continue;
    try {
      const qty = parseCount({ name: l.name, unit: l.unit }, p.qtyText, { read, write: String });
      if (qty > 0) lines.push({ lineId: l.lineId, qty, disposition: p.damaged ? 'waste' : 'restock' });
    } catch (e) {
      if (isDomainError(e)) return { ok: false, message: e.message };
      throw e;
    }
  }
  return { ok: true, lines };
}

function ReturnForm(props: { saleId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const sale = useBranchQuery('return.lookup', { saleId: props.saleId });
  const complete = useBranchMutation('return.complete');
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const [reason, setReason] = useState('');
  const [approving, setApproving] = useState(false);
  const [refused, setRefused] = useState<ErrorBody | null>(null);
  const [done, setDone] = useState<ReturnView | null>(null);
  // one id per return the cashier is making: a retry after a lost answer is the same return, never a second refund
  const [returnId, setReturnId] = useState(() => uuidv7());
  useEffect(() => setRefused(null), [picks, reason]);

  const view = sale.data ?? null;
  const choice = useMemo(() => (view === null ? null : picked(view, picks, fmt.readNumber)), [view, picks, fmt.readNumber]);
  const lines = choice?.ok === true ? choice.lines : [];
  const preview = useBranchQuery('return.preview', { saleId: props.saleId, lines }, { enabled: lines.length > 0, keepPrevious: true });

  if (done !== null) return <RefundDone refund={done} onDone={props.onDone} />;
  if (sale.error !== null) {
    return (
      <div className="stack">
        <div className="notice bad" role="alert" data-testid="return-error">
          {errorText(sale.error)}
        </div>
        <button type="button" onClick={props.onDone} data-testid="return-back">
          {t('returns.another')}
        </button>
      </div>
    );
  }
  if (view === null) return <div className="empty">{t('common.loading')}</div>;

  const money = (m: number) => fmt.money(m, view.receipt.currency);
  const submit = async () => {
    const r = await complete.run({ returnId, saleId: props.saleId, reason: reason.trim(), lines });
    if (r.ok) {
      setDone(r.value);
      setReturnId(uuidv7());
    } else if (r.error.code === 'FORBIDDEN') setApproving(true);
    else setRefused(r.error);
  };
  const previewError = preview.error === null ? null : errorText(preview.error);
  const canSubmit = lines.length > 0 && reason.trim() !== '' && preview.data !== undefined && preview.error === null && !complete.busy;

  if (approving) {
    return (
      <ManagerApproval
        reason={t('returns.approval', { amount: money(preview.data?.refund ?? 0) })}
        onCancel={() => setApproving(false)}
        onApproved={() => {
          setApproving(false);
          void submit();
        }}
      />
    );
  }

  return (
    <div className="stack" data-testid="return-form" data-sale-id={view.receipt.saleId}>
      <div className="row">
        <strong>
          <bdi data-testid="return-sale-number">{view.receipt.number}</bdi>
        </strong>
        <span className="muted">
          <bdi>{fmt.time(view.receipt.occurredAt)}</bdi> · <bdi>{money(view.receipt.total)}</bdi>
        </span>
        <span className="spacer" />
        <button type="button" onClick={props.onDone} data-testid="return-back">
          {t('returns.another')}
        </button>
      </div>
      <table>
        <thead>
          <tr>
            <th>{t('returns.item')}</th>
            <th className="num">{t('returns.sold')}</th>
            <th className="num">{t('returns.left')}</th>
            <th className="num">{t('returns.qty')}</th>
            <th>{t('returns.damaged')}</th>
          </tr>
        </thead>
        <tbody>
          {view.lines.map((l) => {
            const p = picks[l.lineId] ?? { qtyText: '', damaged: false };
            const set = (next: Partial<Pick>) => setPicks((all) => ({ ...all, [l.lineId]: { ...p, ...next } }));
            return (
              <tr key={l.lineId} data-testid="return-line" data-line-id={l.lineId}>
                <td>
                  {l.name}
                  {l.reversed && <div className="muted">{t('returns.reversed')}</div>}
                </td>
                <td className="num">
                  <bdi>{fmt.qty(l.sold, l.unit)}</bdi>
                </td>
                <td className="num" data-testid="return-line-left">
                  <bdi>{fmt.qty(l.left, l.unit)}</bdi>
                </td>
                <td className="num">
                  <input
                    type="text"
                    inputMode="decimal"
                    dir="ltr"
                    size={6}
                    value={p.qtyText}
                    disabled={l.left === 0}
                    onChange={(e) => set({ qtyText: e.target.value })}
                    aria-label={t('returns.qtyOf', { name: l.name })}
                    data-testid="return-line-qty"
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={p.damaged}
                    disabled={l.left === 0}
                    onChange={(e) => set({ damaged: e.target.checked })}
                    aria-label={t('returns.damagedOf', { name: l.name })}
                    data-testid="return-line-damaged"
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label className="stack">
        {t('returns.reason')}
        <input type="text" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="return-reason" />
      </label>
      {choice?.ok === false && (
        <div className="notice bad" role="alert">
          {choice.message}
        </div>
      )}
      {previewError !== null && (
        <div className="notice bad" role="alert" data-testid="return-preview-error">
          {previewError}
        </div>
      )}
      {lines.length > 0 && preview.data !== undefined && preview.error === null && (
        <div className="notice info" data-testid="return-preview">
          <strong>{t('returns.refund', { amount: money(preview.data.refund) })}</strong>
          <RefundParts parts={preview.data.refunds} />
        </div>
      )}
      {refused !== null && (
        <div className="notice bad" role="alert" data-testid="return-refused">
          {errorText(refused)}
        </div>
      )}
      <button type="button" className="primary big" disabled={!canSubmit} onClick={() => void submit()} data-testid="return-submit">
        {t('returns.submit')}
      </button>
    </div>
  );
}

function RefundParts(props: { parts: ReturnView['refunds'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <ul data-testid="refund-parts">
      {props.parts.map((p) => (
        <li key={p.tenderIndex} data-testid="refund-part" data-method={p.method} data-currency={p.currency} data-amount={p.amount}>
          {p.method === 'card' ? t('returns.toCard', { amount: fmt.money(p.amount, p.currency) }) : t('returns.inCash', { amount: fmt.money(p.amount, p.currency) })}
        </li>
      ))}
    </ul>
  );
}

function RefundDone(props: { refund: ReturnView; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const r = props.refund;
  return (
    <div className="stack" data-testid="return-done" data-return-id={r.returnId}>
      <div className="notice good" role="status">
        <strong>{t('returns.done', { amount: fmt.money(r.refund, r.currency), number: r.saleNumber })}</strong>
        <RefundParts parts={r.refunds} />
        {r.approvedByName !== null && <div className="muted">{t('returns.approvedBy', { name: r.approvedByName })}</div>}
      </div>
      <button type="button" className="primary big" autoFocus onClick={props.onDone} data-testid="return-next">
        {t('returns.another')}
      </button>
    </div>
  );
}
