import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ProductView, ReservationView, ScanView } from '../../../shared/api/branch-api';
import { isDomainError } from '../../../shared/domain/errors';
import { MAX_HOLD_HOURS } from '../../../shared/domain/reservation';
import { customerContactSchema } from '../../../shared/ops/operations';
import { useBranchMutation } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { StockLinesEditor } from '../../components/StockLinesEditor';
import { addDraftLine, parseStockQty, type DraftLine } from '../manager/stock-lines';
import { useScanToList } from '../manager/use-scan-to-list';

export const DEFAULT_HOLD_HOURS = 24;

/**
 * A customer order set aside at this store (a phone order, click-and-collect): who it is for (a name or a phone
 * number, required: if the server cannot hold it, someone must call them), what (by scan or search; a case adds
 * the whole case), and how many hours it holds. Refused with nothing written when the store has not got enough
 * of a line available.
 */
export function NewReservationForm(props: { onCreated: (r: ReservationView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const num = fmt.num;
  const errorText = useErrorText();
  const create = useBranchMutation('reservation.create');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [hoursText, setHoursText] = useState(() => fmt.num.write(DEFAULT_HOLD_HOURS * 1000));
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Made once per reservation being prepared and kept across retries: a lost answer cannot hold the goods twice.
  const [reservationId] = useState(() => uuidv7());

  const onView = useCallback((view: ProductView | ScanView) => setLines((ls) => addDraftLine(ls, view, {}, num)), [num]);
  const scan = useScanToList(onView);

  const submit = async () => {
    setError(null);
    const contact = customerContactSchema.safeParse({ ...(name.trim() !== '' ? { name: name.trim() } : {}), ...(phone.trim() !== '' ? { phone: phone.trim() } : {}) });
    if (!contact.success) {
      setError(t('reservations.new.needContact'));
      return;
    }
    const holdHours = Number(fmt.readNumber(hoursText));
    if (!Number.isFinite(holdHours) || holdHours <= 0 || holdHours > MAX_HOLD_HOURS) {
      setError(t('reservations.new.badHours', { max: MAX_HOLD_HOURS }));
      return;
    }
    let parsed;
    try {
      parsed = lines.map((l) => ({ productId: l.view.product.id, qty: parseStockQty(l.view.product, l.qtyText, num) }));
    } catch (e) {
      if (!isDomainError(e)) throw e;
      setError(t(`errors.${e.code}`, { detail: e.message }));
      return;
    }
    const r = await create.run({ reservationId, lines: parsed, customerContact: contact.data, holdHours, ...(note.trim() !== '' ? { note: note.trim() } : {}) });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    props.onCreated(r.value);
  };

  return (
    <section className="panel stack" data-testid="reservation-new-form">
      <h3>{t('reservations.new.title')}</h3>
      <p className="muted" style={{ margin: 0 }}>
        {t('reservations.new.why')}
      </p>
      <div className="row">
        <label style={{ flex: 1 }}>
          {t('contact.name')}
          <input type="text" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} data-testid="reservation-new-name" />
        </label>
        <label style={{ flex: 1 }}>
          {t('contact.phone')}
          <input type="tel" dir="ltr" value={phone} maxLength={24} onChange={(e) => setPhone(e.target.value)} data-testid="reservation-new-phone" />
        </label>
        <label>
          {t('reservations.new.hours')}
          <input
            type="text"
            inputMode="decimal"
            dir="ltr"
            value={hoursText}
            onChange={(e) => setHoursText(e.target.value)}
            style={{ width: 110, textAlign: 'end' }}
            data-testid="reservation-new-hours"
          />
        </label>
      </div>
      {scan.message !== null && (
        <div className="notice bad" role="alert" data-testid="reservation-new-scan-error">
          {scan.message}
        </div>
      )}
      <StockLinesEditor lines={lines} onChange={setLines} onAdd={onView} testId="reservation-new" />
      <label>
        {t('transfers.noteLabel')}
        <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="reservation-new-note" />
      </label>
      {error !== null && (
        <div className="notice bad" role="alert" data-testid="reservation-new-error">
          {error}
        </div>
      )}
      <div className="row">
        <button type="button" className="primary big" disabled={create.busy || lines.length === 0} onClick={() => void submit()} data-testid="reservation-new-submit">
          {create.busy ? t('common.working') : t('reservations.new.submit')}
        </button>
        <button type="button" className="big" onClick={props.onCancel} data-testid="reservation-new-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}
