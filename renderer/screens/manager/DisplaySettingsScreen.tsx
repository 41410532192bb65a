import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DIGIT_SYSTEMS, DISPLAY_LANGUAGES, type DisplaySettings } from '../../../shared/api/branch-api';
import { useBranchMutation, useBranchQuery } from '../../app/branch-data';
import { formatters, useErrorText, useFormat } from '../../app/format';
import { readDiscount } from '../checkout/DiscountDialog';
import { FavouritesEditor } from './FavouritesEditor';
import { PrinterSettings } from './PrinterSettings';
import { LANGUAGE_NAMES } from '../../i18n/i18n';
import { useTill } from '../../app/session';

/**
 * A manager picks this till's language and digits. Saved in the till's own database (till.setDisplay); the page
 * takes the new settings at once (App applies till.settings), receipts included, without a reload.
 */
export function DisplaySettingsScreen() {
  const { t, i18n } = useTranslation();
  const saved = useBranchQuery('till.settings', {}).data ?? null;
  const save = useBranchMutation('till.setDisplay');
  const errorText = useErrorText();
  const currency = useTill()?.currency ?? 'USD';
  const [draft, setDraft] = useState<DisplaySettings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const chosen = draft ?? saved;
  if (chosen === null) return <div className="empty">{t('common.loading')}</div>;
  // What the chosen digits look like, in the chosen language's conventions: before saving, nothing else changes.
  const preview = formatters(chosen, currency, i18n.getFixedT(chosen.language));
  const pick = (next: Partial<DisplaySettings>) => {
    setDraft({ ...chosen, ...next });
    setMessage(null);
  };

  return (
    <section className="panel stack" data-testid="settings-screen" style={{ maxWidth: 640 }}>
      <h2>{t('settings.title')}</h2>
      <p className="muted" style={{ margin: 0 }}>
        {t('settings.hint')}
      </p>
      <fieldset className="choice" data-testid="settings-language">
        <legend>{t('settings.language')}</legend>
        {DISPLAY_LANGUAGES.map((lng) => (
          <button
            key={lng}
            type="button"
            lang={lng}
            dir={i18n.dir(lng)}
            aria-pressed={chosen.language === lng}
            onClick={() => pick({ language: lng })}
            data-testid={`settings-language-${lng}`}
          >
            {LANGUAGE_NAMES[lng]}
          </button>
        ))}
      </fieldset>
      <fieldset className="choice" data-testid="settings-digits">
        <legend>{t('settings.digits')}</legend>
        {DIGIT_SYSTEMS.map((digits) => (
          <button key={digits} type="button" aria-pressed={chosen.digits === digits} onClick={() => pick({ digits })} data-testid={`settings-digits-${digits}`}>
            {t(`settings.digitNames.${digits}`)}
          </button>
        ))}
      </fieldset>
      <p className="muted" data-testid="settings-sample" lang={chosen.language} dir={i18n.dir(chosen.language)}>
        {t('settings.sample', { lng: chosen.language, amount: preview.money(123456), when: preview.time(new Date().toISOString()) })}
      </p>
      <div className="row">
        <button
          type="button"
          className="primary big"
          disabled={save.busy || draft === null || (saved !== null && draft.language === saved.language && draft.digits === saved.digits)}
          onClick={async () => {
            if (draft === null) return;
            const r = await save.run(draft);
            if (r.ok) {
              setDraft(null);
              setMessage({ ok: true, text: t('settings.saved') });
            } else setMessage({ ok: false, text: errorText(r.error) });
          }}
          data-testid="settings-save"
        >
          {save.busy ? t('common.working') : t('common.save')}
        </button>
      </div>
      {message !== null && (
        <div className={`notice ${message.ok ? 'ok' : 'bad'}`} role={message.ok ? 'status' : 'alert'} data-testid={message.ok ? 'settings-saved' : 'settings-error'}>
          {message.text}
        </div>
      )}
      <DiscountLimit />
      <PrinterSettings />
      <FavouritesEditor />
    </section>
  );
}

/** The shop's discount limit at this till: past it, a discount or a lowered line needs a manager at the sale. */
function DiscountLimit() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const save = useBranchMutation('till.setDiscountLimit');
  const limit = useTill()?.discountLimitBp ?? 1_000;
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const read = readDiscount('percent', text, 'USD', fmt.readNumber, fmt.locale);
  const bp = read.ok && read.discount.kind === 'percent' && read.discount.bp <= 10_000 ? read.discount.bp : null;
  return (
    <fieldset className="stack" data-testid="settings-discount-limit" data-bp={limit}>
      <legend>{t('settings.discountLimit')}</legend>
      <p className="muted">{t('settings.discountLimitNow', { percent: fmt.percent(limit) })}</p>
      <div className="row">
        <input
          type="text"
          inputMode="decimal"
          dir="ltr"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setMessage(null);
          }}
          aria-label={t('settings.discountLimit')}
          data-testid="settings-discount-limit-value"
        />
        <button
          type="button"
          disabled={bp === null || save.busy}
          onClick={async () => {
            if (bp === null) return;
            const r = await save.run({ bp });
            if (r.ok) {
              setText('');
              setMessage({ ok: true, text: t('settings.saved') });
            } else setMessage({ ok: false, text: errorText(r.error) });
          }}
          data-testid="settings-discount-limit-save"
        >
          {t('common.save')}
        </button>
      </div>
      {text.trim() !== '' && bp === null && <div className="notice bad">{t('discount.pastWhole')}</div>}
      {message !== null && (
        <div className={`notice ${message.ok ? 'ok' : 'bad'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
    </fieldset>
  );
}
