import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferView } from '../../../shared/api/branch-api';
import { transferCode } from '../../../shared/scan/transfer-code';
import { useFormat } from '../../app/format';
import { useCode128Svg } from '../../print/use-code128';
import { printReceipt } from '../../print/print';
import { useEscape } from '../../components/use-escape';

/**
 * The paper that travels with the goods: the transfer's label, where from and where to, when, what (SKU, name,
 * quantity), two signature blocks, and the transfer code as a Code 128 barcode, which the receiving store scans
 * to open the transfer (Manager > Transfers). In the till's language, like a receipt; printed the same way.
 *
 * The lines are what was sent once the dispatch is recorded, else what was asked for (a note printed to pick the
 * goods by).
 */
export function DeliveryNote(props: { transfer: TransferView; /** the barcode's SVG (useCode128Svg), null while it is drawn */ barcode: string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tr = props.transfer;
  const code = transferCode(tr.id);
  const drawn = props.barcode;
  const dispatched = tr.sentAt !== null;
  const lines = tr.lines.filter((l) => (dispatched ? l.sent : l.requested) > 0);

  return (
    <div className="printable delivery-note" data-testid="delivery-note" data-transfer-id={tr.id} data-code={code} data-ready={drawn !== null ? 'true' : 'false'}>
      <div className="center">
        <strong className="note-title">{t('deliveryNote.title')}</strong>
        <br />
        <bdi className="note-label" data-testid="delivery-note-label">
          {tr.label}
        </bdi>
      </div>
      {/* Bars never mirror: the code reads left to right in any language. */}
      <div className="note-barcode" dir="ltr">
        {drawn !== null ? (
          <div data-testid="delivery-note-barcode" dangerouslySetInnerHTML={{ __html: drawn }} />
        ) : (
          <div className="muted">{t('deliveryNote.drawing')}</div>
        )}
        <bdi className="note-code" data-testid="delivery-note-code">
          {code}
        </bdi>
      </div>
      <table>
        <tbody>
          <tr>
            <th>{t('deliveryNote.from')}</th>
            <td data-testid="delivery-note-from">{tr.source.name}</td>
          </tr>
          <tr>
            <th>{t('deliveryNote.to')}</th>
            <td data-testid="delivery-note-to">{tr.destination.name}</td>
          </tr>
          <tr>
            <th>{dispatched ? t('deliveryNote.sentAt') : t('deliveryNote.createdAt')}</th>
            <td>
              <bdi>{fmt.time(tr.sentAt ?? tr.createdAt)}</bdi>
            </td>
          </tr>
        </tbody>
      </table>
      <hr />
      <table>
        <thead>
          <tr>
            <th>{t('deliveryNote.sku')}</th>
            <th>{t('cart.product')}</th>
            <th className="num">{dispatched ? t('deliveryNote.sent') : t('deliveryNote.asked')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.productId} data-testid="delivery-note-line" data-product-id={l.productId} data-qty={dispatched ? l.sent : l.requested}>
              <td>
                <bdi>{l.sku}</bdi>
              </td>
              <td>{l.name}</td>
              <td className="num">
                <bdi>{fmt.qty(dispatched ? l.sent : l.requested, l.unit)}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tr.note !== null && <p>{t('deliveryNote.note', { note: tr.note })}</p>}
      <hr />
      <div className="note-signatures">
        {(['sentBy', 'receivedBy'] as const).map((who) => (
          <div key={who} className="note-sign">
            <strong>{who === 'sentBy' ? t('deliveryNote.sentBy') : t('deliveryNote.receivedBy')}</strong>
            <div className="sign-line">{t('deliveryNote.name')}</div>
            <div className="sign-line">{t('deliveryNote.signature')}</div>
            <div className="sign-line">{t('deliveryNote.date')}</div>
          </div>
        ))}
      </div>
      <p className="center muted">{t('deliveryNote.scanHint')}</p>
    </div>
  );
}

/** The note on screen with its Print button, which waits for the barcode: a note without it cannot be scanned. */
export function DeliveryNoteDialog(props: { transfer: TransferView; onClose: () => void }) {
  const { t } = useTranslation();
  const [printed, setPrinted] = useState<string | null>(null);
  const barcode = useCode128Svg(transferCode(props.transfer.id));
  useEscape(props.onClose);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('deliveryNote.title')}>
      <div className="dialog stack">
        <DeliveryNote transfer={props.transfer} barcode={barcode} />
        {printed !== null && <div className="notice info no-print">{printed}</div>}
        <div className="row no-print">
          <button
            type="button"
            className="primary big"
            disabled={barcode === null}
            onClick={async () => {
              const outcome = await printReceipt();
              if (outcome.kind === 'pdf') setPrinted(t('receipt.savedPdf', { path: outcome.path }));
            }}
            data-testid="delivery-note-print"
          >
            {t('deliveryNote.print')}
          </button>
          <button type="button" className="big" onClick={props.onClose} data-testid="delivery-note-close">
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
