import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { saleCode } from '../../../shared/scan/sale-code';
import { useCode128Svg } from '../../print/use-code128';
import type { TFunction } from 'i18next';
import type { ReceiptView } from '../../../shared/api/branch-api';
import { useFormat } from '../../app/format';
import { useSaleReceiptPrint, type SaleReceiptPrint } from '../../print/use-sale-receipt-print';
import { useBranchQuery } from '../../app/branch-data';
import { RateText } from './PaymentPanel';
import { toQuote } from '../../../shared/domain/exchange';

/**
 * The finished sale. A scan while it is open closes it and starts the next sale with that item (CheckoutScreen),
 * so the dialog never swallows a scan. After printing, the focus returns to "New sale": the print dialog takes
 * the focus away, and Enter must still start the next sale. With a receipt printer (print.ts) the receipt goes
 * there, by itself when the till is set so.
 */
export function ReceiptDialog(props: { receipt: ReceiptView; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const printing = useSaleReceiptPrint();
  const newSaleRef = useRef<HTMLButtonElement | null>(null);
  const printer = useBranchQuery('printer.settings', {}).data;
  // A till with a receipt printer set to print by itself prints the original once, as the dialog opens (the drawer
  // opens with it for cash); the cashier's Enter still starts the next sale.
  const autoPrinted = useRef(false);
  const saleId = props.receipt.saleId;
  const { print } = printing;
  useEffect(() => {
    if (autoPrinted.current || printer === undefined || !printer.autoPrint || printer.connection.kind === 'none') return;
    autoPrinted.current = true;
    void print({ saleId, copy: false }, { auto: true });
  }, [printer, print, saleId]);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('receipt.title')}>
      <div className="dialog stack">
        <div className="notice ok no-print" data-testid="sale-done">
          {t('receipt.done', { change: changeText(props.receipt, fmt.money, t) })}
        </div>
        <Receipt receipt={props.receipt} />
        <PrintMessage printing={printing} />
        <div className="row no-print">
          <button
            type="button"
            className="big"
            disabled={printing.busy}
            onClick={async () => {
              try {
                await printing.print({ saleId, copy: false });
              } finally {
                window.focus();
                newSaleRef.current?.focus();
              }
            }}
            data-testid="receipt-print"
          >
            {t('receipt.print')}
          </button>
          <button type="button" className="primary big" style={{ flex: 1 }} onClick={props.onClose} autoFocus ref={newSaleRef} data-testid="new-sale">
            {t('receipt.newSale')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** How a print went, and the page's own print when the receipt printer failed. */
export function PrintMessage(props: { printing: SaleReceiptPrint }) {
  const { t } = useTranslation();
  const m = props.printing.message;
  if (m === null) return null;
  return (
    <div className={`notice ${m.ok ? 'ok' : 'bad'} no-print`} role={m.ok ? 'status' : 'alert'} data-testid={m.ok ? 'print-done' : 'print-failed'}>
      <div>{m.text}</div>
      {props.printing.failed && (
        <div className="actions">
          <button type="button" onClick={() => void props.printing.printPage()} data-testid="print-page">
            {t('receipt.printPage')}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * A sale's receipt, on screen and on paper. `copy`: a reprint from the receipt history, marked COPY at the top and
 * the bottom so a second paper can never pass for the original (a refund or an exchange is made against the
 * original); the receipt printed when the sale completes is never marked.
 *
 * A sale with a rate (issue 11) shows, as the Economy Ministry's decision of 2 March 2023 asks, the total in the
 * second currency with the rate applied and the date and time, each tender in its currency, the change per
 * currency and the rounding of the second currency as its own line, and the VAT in the second currency at the same
 * locked rate.
 *
 * VAT (issue 11): the tenant's name, address and tax number at the top; the VAT the sale locked per rate (net, VAT,
 * gross), never recomputed here from today's rates.
 */
export function Receipt(props: { receipt: ReceiptView; copy?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const r = props.receipt;
  const copy = props.copy === true;
  const money = (m: number) => fmt.money(m, r.currency);
  const ex = r.exchange ?? null;
  const inQuote = (m: number) => fmt.money(m, ex?.rate.quote);
  const vat = r.vat ?? null;
  const legal = r.legal ?? null;
  const copyMark = (
    <div className="receipt-copy center" data-testid="receipt-copy">
      <strong>{t('receipt.copy')}</strong>
      <br />
      {t('receipt.copyNote')}
    </div>
  );
  return (
    <div
      className="receipt printable"
      data-testid="receipt"
      data-sale-id={r.saleId}
      data-number={r.number}
      data-status={r.status}
      data-copy={copy ? 'true' : 'false'}
    >
      {copy && copyMark}
      {legal !== null && (legal.name !== null || legal.address !== null || legal.taxNumber !== null) && (
        <div className="center" data-testid="receipt-legal">
          {legal.name !== null && <strong data-testid="receipt-legal-name">{legal.name}</strong>}
          {legal.address !== null && <div data-testid="receipt-legal-address">{legal.address}</div>}
          {legal.taxNumber !== null && (
            <div data-testid="receipt-tax-number">
              {/* the number is an identifier: kept as registered, in its own direction */}
              {t('receipt.taxNumber', { number: `\u2068${legal.taxNumber}\u2069` })}
            </div>
          )}
        </div>
      )}
      <div className="center">
        <strong>{r.storeName}</strong>
        <br />
        {t('receipt.header', { till: r.tillName, cashier: r.cashierName })}
        <br />
        <bdi data-testid="receipt-number">{r.number}</bdi> · <bdi>{fmt.time(r.occurredAt)}</bdi>
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
                  <bdi>{fmt.qty(l.qty, l.unit)}</bdi> × <bdi>{money(l.unitPrice)}</bdi>
                  {l.shelfUnitPrice !== undefined && (
                    <span data-testid="receipt-line-shelf" data-amount={l.shelfUnitPrice}>
                      {' '}
                      ({t('price.shelf', { price: money(l.shelfUnitPrice) })})
                    </span>
                  )}
                </span>
                {(l.discount ?? 0) > 0 && (
                  <>
                    <br />
                    <span className="muted" data-testid="receipt-line-discount" data-amount={l.discount}>
                      {t('discount.off', { amount: money(l.discount ?? 0) })}
                    </span>
                  </>
                )}
              </td>
              <td className="num">
                <bdi>{money(l.total)}</bdi>
              </td>
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
              <strong>
                <bdi>{money(r.total)}</bdi>
              </strong>
            </td>
          </tr>
          {vat !== null && (
            <tr>
              <td>{t('receipt.vatTotal')}</td>
              <td className="num" data-testid="receipt-vat-total" data-amount={vat.vat}>
                <bdi>{money(vat.vat)}</bdi>
              </td>
            </tr>
          )}
          {ex !== null && (
            <>
              <tr>
                <th>{t('receipt.totalIn', { currency: ex.rate.quote })}</th>
                <td className="num" data-testid="receipt-total-quote" data-amount={ex.totalQuote}>
                  <strong>
                    <bdi>{inQuote(ex.totalQuote)}</bdi>
                  </strong>
                </td>
              </tr>
              {vat !== null && (
                <tr>
                  <th>{t('receipt.vatIn', { currency: ex.rate.quote })}</th>
                  <td className="num" data-testid="receipt-vat-quote" data-amount={toQuote(vat.vat, ex.rate)}>
                    <strong>
                      <bdi>{inQuote(toQuote(vat.vat, ex.rate))}</bdi>
                    </strong>
                  </td>
                </tr>
              )}
              <tr>
                <td>{t('receipt.rate')}</td>
                <td className="num" data-testid="receipt-rate" data-rate={ex.rate.rate} data-rate-id={ex.rate.rateId}>
                  <RateText fmt={fmt} base={ex.rate.base} quote={ex.rate.quote} rate={ex.rate.rate} />
                </td>
              </tr>
              <tr>
                <td>{t('receipt.dateTime')}</td>
                <td className="num" data-testid="receipt-date-time">
                  <bdi>{fmt.time(r.occurredAt)}</bdi>
                </td>
              </tr>
            </>
          )}
          {r.tenders.map((tender, i) => (
            <tr key={i} data-testid="receipt-tender" data-currency={tender.currency ?? r.currency}>
              <td>{ex === null ? t(`pay.method.${tender.method}`) : t('receipt.tenderIn', { method: t(`pay.method.${tender.method}`), currency: tender.currency ?? r.currency })}</td>
              <td className="num">
                <bdi>{fmt.money(tender.amount, tender.currency ?? r.currency)}</bdi>
              </td>
            </tr>
          ))}
          <tr>
            <th>{ex === null ? t('pay.change') : t('pay.changeInCurrency', { currency: r.currency })}</th>
            <td className="num" data-testid="receipt-change" data-amount={r.change}>
              <strong>
                <bdi>{money(r.change)}</bdi>
              </strong>
            </td>
          </tr>
          {ex !== null && (
            <tr>
              <th>{t('pay.changeInCurrency', { currency: ex.rate.quote })}</th>
              <td className="num" data-testid="receipt-change-quote" data-amount={ex.changeQuote}>
                <strong>
                  <bdi>{inQuote(ex.changeQuote)}</bdi>
                </strong>
              </td>
            </tr>
          )}
          {ex !== null && ex.rounding !== 0 && (
            <tr>
              <td>{t('pay.rounding', { currency: ex.rate.quote })}</td>
              <td className="num" data-testid="receipt-rounding" data-amount={ex.rounding}>
                <bdi>{inQuote(ex.rounding)}</bdi>
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {vat !== null && (
        <>
          <hr />
          <table data-testid="receipt-vat">
            <thead>
              <tr>
                <th>{t('receipt.vatRate')}</th>
                <th className="num">{t('receipt.vatNet')}</th>
                <th className="num">{t('receipt.vatAmount')}</th>
                <th className="num">{t('receipt.vatGross')}</th>
              </tr>
            </thead>
            <tbody>
              {vat.rows.map((row) => (
                <tr key={row.rateBp} data-testid="receipt-vat-row" data-rate-bp={row.rateBp} data-net={row.net} data-vat={row.vat} data-gross={row.gross}>
                  <td>
                    <bdi>{fmt.percent(row.rateBp)}</bdi>
                  </td>
                  <td className="num">
                    <bdi>{money(row.net)}</bdi>
                  </td>
                  <td className="num">
                    <bdi>{money(row.vat)}</bdi>
                  </td>
                  <td className="num">
                    <bdi>{money(row.gross)}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{vat.pricesIncludeTax ? t('receipt.vatIncluded') : t('receipt.vatExcluded')}</p>
        </>
      )}
      {r.customerContact !== null && (
        <p>{t('receipt.customer', { contact: [r.customerContact.name, r.customerContact.phone].filter((x) => x !== undefined).join(' · ') })}</p>
      )}
      {/* A manager's override reason is for the audit (the sale record and the conflict queue), never the customer's receipt. */}
      {r.status !== 'completed' && <p className="variance-neg">{t(`receipt.status.${r.status}`)}</p>}
      <p className="center">{t('receipt.thanks')}</p>
      <SaleBarcode saleId={r.saleId} />
      {copy && copyMark}
    </div>
  );
}

/**
 * The sale's code as a barcode at the foot of every receipt (shared/scan/sale-code.ts): a return starts by scanning
 * it. The bars are drawn once the encoder has loaded; the quiet zone is the receipt's margin.
 */
function SaleBarcode(props: { saleId: string }) {
  const code = saleCode(props.saleId);
  const svg = useCode128Svg(code);
  return (
    <div className="receipt-barcode center" dir="ltr" data-testid="receipt-barcode" data-code={code}>
      {svg !== null && <div dangerouslySetInnerHTML={{ __html: svg }} />}
    </div>
  );
}

/** "$0.50", or "$7.00 + LBP 55,000" when change was handed back in both currencies. */
function changeText(r: ReceiptView, money: (m: number, c?: ReceiptView['currency']) => string, t: TFunction): string {
  const ex = r.exchange ?? null;
  if (ex === null || ex.changeQuote === 0) return money(r.change, r.currency);
  if (r.change === 0) return money(ex.changeQuote, ex.rate.quote);
  return t('receipt.changeBoth', { base: money(r.change, r.currency), quote: money(ex.changeQuote, ex.rate.quote) });
}
