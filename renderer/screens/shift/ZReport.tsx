import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZReportView } from '../../../shared/api/shift-api';
import type { Currency } from '../../../shared/domain/money';
import { useBranch } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { printReceipt } from '../../print/print';
import { printerErrorText } from '../../print/printer-error';

/**
 * The Z report as printed at closing, in the till's language: what the till stored, never recomputed (a Z report
 * never changes). The same component shows a reprint.
 */
export function ZReport(props: { z: ZReportView; onDone?: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { z } = props;
  const card = Object.entries(z.card) as Array<[Currency, number]>;
  const branch = useBranch();
  const errorText = useErrorText();
  const [printed, setPrinted] = useState<{ ok: boolean; text: string } | null>(null);
  // on the receipt printer when the till has one; otherwise the page prints itself
  const print = async () => {
    const r = await branch.write('shift.printZ', { shiftId: z.shiftId });
    if (r.ok) return setPrinted({ ok: true, text: t('receipt.printed') });
    const reason = r.error.details?.reason;
    if (r.error.code === 'UNAVAILABLE' && (reason === 'no_printer' || reason === 'no_raster')) {
      setPrinted(null);
      await printReceipt();
    } else setPrinted({ ok: false, text: t('receipt.printFailed', { reason: printerErrorText(t, errorText, r.error) }) });
  };
  return (
    <section className="panel stack receipt" data-testid="z-report" data-number={z.number}>
      <h2 data-testid="z-title">{t('shift.zTitle', { number: fmt.int(z.number) })}</h2>
      <div className="muted">{t('app.where', { store: z.storeName, till: z.tillName })}</div>
      <div className="muted" data-testid="z-opened">{t('shift.openedBy', { name: z.openedByName, when: fmt.time(z.openedAt) })}</div>
      <div className="muted" data-testid="z-closed">{t('shift.closedBy', { name: z.closedByName, when: fmt.time(z.closedAt) })}</div>
      <table>
        <thead>
          <tr>
            <th>{t('shift.currency')}</th>
            <th>{t('shift.expected')}</th>
            <th>{t('shift.counted')}</th>
            <th>{t('shift.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {z.columns.map((c) => (
            <tr key={c.currency} data-testid="z-column" data-currency={c.currency} data-difference={c.difference}>
              <td>{c.currency}</td>
              <td>{fmt.money(c.expected, c.currency)}</td>
              <td>{fmt.money(c.counted, c.currency)}</td>
              <td className={c.difference < 0 ? 'bad' : undefined}>{fmt.money(c.difference, c.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="screen-only">
        <DrawerDetail columns={z.columns} />
      </div>
      <div className="paper-only">
        <DrawerDetailPaper columns={z.columns} />
      </div>
      {card.length > 0 && (
        <div data-testid="z-card">
          {t('shift.card')}: {fmt.list(card.map(([c, a]) => fmt.money(a, c)))}
        </div>
      )}
      <div data-testid="z-sales">{t('shift.sales', { count: z.sales, total: fmt.money(z.takings, z.currency) })}</div>
      {z.discounts !== undefined && (
        <div data-testid="z-discounts" data-amount={z.discounts}>
          {t('shift.discounts', { amount: fmt.money(z.discounts, z.currency) })}
        </div>
      )}
      {z.refunded !== undefined && (
        <div data-testid="z-refunded" data-amount={z.refunded}>
          {t('shift.refunded', { amount: fmt.money(z.refunded, z.currency) })}
        </div>
      )}
      {z.pending && <div className="muted no-print">{t('shift.zPending')}</div>}
      {printed !== null && (
        <div className={`notice ${printed.ok ? 'ok' : 'bad'} no-print`} role={printed.ok ? 'status' : 'alert'} data-testid="z-printed">
          {printed.text}
        </div>
      )}
      <div className="actions no-print">
        <button type="button" onClick={() => void print()} data-testid="z-print">
          {t('shift.print')}
        </button>
        {props.onDone !== undefined && (
          <button type="button" onClick={props.onDone} data-testid="z-done">
            {t('common.close')}
          </button>
        )}
      </div>
    </section>
  );
}

/** How each currency's expected amount was reached: float, cash taken, change, cash refunded for returns, cash in and out. */
export function DrawerDetail(props: {
  columns: ReadonlyArray<{ currency: Currency; float: number; cashSales: number; changeGiven: number; refunds: number; cashIn: number; paidOut: number; expected: number }>;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <table data-testid="drawer-detail">
      <thead>
        <tr>
          <th>{t('shift.currency')}</th>
          <th>{t('shift.float')}</th>
          <th>{t('shift.cashSales')}</th>
          <th>{t('shift.changeGiven')}</th>
          <th>{t('shift.refunds')}</th>
          <th>{t('shift.cashIn')}</th>
          <th>{t('shift.paidOut')}</th>
          <th>{t('shift.expected')}</th>
        </tr>
      </thead>
      <tbody>
        {props.columns.map((c) => (
          <tr key={c.currency} data-testid="drawer-column" data-currency={c.currency} data-expected={c.expected}>
            <td>{c.currency}</td>
            <td>{fmt.money(c.float, c.currency)}</td>
            <td>{fmt.money(c.cashSales, c.currency)}</td>
            <td>{fmt.money(c.changeGiven, c.currency)}</td>
            <td data-testid="drawer-refunds" data-amount={c.refunds}>
              {fmt.money(c.refunds, c.currency)}
            </td>
            <td>{fmt.money(c.cashIn, c.currency)}</td>
            <td>{fmt.money(c.paidOut, c.currency)}</td>
            <td>{fmt.money(c.expected, c.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The same figures on receipt paper (72 mm): eight columns do not fit, so each currency is a short list of its own,
 * label and amount, ending with what the drawer should hold.
 */
function DrawerDetailPaper(props: { columns: Parameters<typeof DrawerDetail>[0]['columns'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className="stack" data-testid="drawer-paper">
      {props.columns.map((c) => (
        <table key={c.currency} data-testid="drawer-paper-currency" data-currency={c.currency}>
          <thead>
            <tr>
              <th colSpan={2}>{c.currency}</th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                [t('shift.float'), c.float],
                [t('shift.cashSales'), c.cashSales],
                [t('shift.changeGiven'), c.changeGiven],
                [t('shift.refunds'), c.refunds],
                [t('shift.cashIn'), c.cashIn],
                [t('shift.paidOut'), c.paidOut],
                [t('shift.expected'), c.expected],
              ] as const
            ).map(([label, amount]) => (
              <tr key={label}>
                <td>{label}</td>
                <td className="num">{fmt.money(amount, c.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
