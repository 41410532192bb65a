import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptView } from '../../../shared/api/branch-api';
import { useFormat } from '../../app/format';
import { printReceipt } from '../../print/print';

export function ReceiptDialog(props: { receipt: ReceiptView; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [printed, setPrinted] = useState<string | null>(null);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('receipt.title')}>
      <div className="dialog stack">
        <div className="notice ok no-print" data-testid="sale-done">
          {t('receipt.done', { change: fmt.money(props.receipt.change, props.receipt.currency) })}
        </div>
        <Receipt receipt={props.receipt} />
        {printed !== null && <div className="notice info no-print">{printed}</div>}
        <div className="row no-print">
          <button
            type="button"
            className="big"
            onClick={async () => {
              const outcome = await printReceipt();
              if (outcome.kind === 'pdf') setPrinted(t('receipt.savedPdf', { path: outcome.path }));
            }}
            data-testid="receipt-print"
          >
            {t('receipt.print')}
          </button>
          <button type="button" className="primary big" style={{ flex: 1 }} onClick={props.onClose} autoFocus data-testid="new-sale">
            {t('receipt.newSale')}
          </button>
        </div>
      </div>
    </div>
  );
}

export function Receipt(props: { receipt: ReceiptView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const r = props.receipt;
  const money = (m: number) => fmt.money(m, r.currency);
  return (
    <div className="receipt printable" data-testid="receipt" data-sale-id={r.saleId} data-number={r.number} data-status={r.status}>
      <div className="center">
        <strong>{r.storeName}</strong>
        <br />
        {t('receipt.header', { till: r.tillName, cashier: r.cashierName })}
        <br />
        <span data-testid="receipt-number">{r.number}</span> · {fmt.time(r.occurredAt)}
      </div>
      <hr />
      <table>
        <tbody>
          {r.lines.map((l) => (
            <tr key={l.lineId} data-testid="receipt-line" style={l.reversed ? { textDecoration: 'line-through' } : undefined}>
              <td>
                {l.name}
                <br />
                <span className="muted">
                  {fmt.qty(l.qty, l.unit)} × {money(l.unitPrice)}
                </span>
              </td>
              <td className="num">{money(l.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <hr />
      <table>
        <tbody>
          <tr>
            <th>{t('pay.total')}</th>
            <td className="num" data-testid="receipt-total" data-amount={r.total}>
              <strong>{money(r.total)}</strong>
            </td>
          </tr>
          {r.tenders.map((tender, i) => (
            <tr key={i}>
              <td>{t(`pay.method.${tender.method}`)}</td>
              <td className="num">{money(tender.amount)}</td>
            </tr>
          ))}
          <tr>
            <th>{t('pay.change')}</th>
            <td className="num" data-testid="receipt-change" data-amount={r.change}>
              <strong>{money(r.change)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {r.customerContact !== null && (
        <p>{t('receipt.customer', { contact: [r.customerContact.name, r.customerContact.phone].filter((x) => x !== undefined).join(' · ') })}</p>
      )}
      {r.overrideReason !== null && <p>{t('receipt.override', { reason: r.overrideReason })}</p>}
      {r.status !== 'completed' && <p className="variance-neg">{t(`receipt.status.${r.status}`)}</p>}
      <p className="center">{t('receipt.thanks')}</p>
    </div>
  );
}
