import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { ROUNDING_MODES, type ExchangeSettings, type ExchangeView } from '../../../shared/api/branch-api';
import type { Currency } from '../../../shared/domain/money';
import { parseMoneyInput } from '../../../shared/domain/money-input';
import { MAX_RATE } from '../../../shared/domain/exchange';
import { useBranchMutation, useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { RateText } from '../checkout/PaymentPanel';

/**
 * The day's exchange rate (issue 11), on the manager's tab: the rate in force with who posted it and when (and
 * whether head office has it yet), posting a new one (it works offline: the next sale uses it), the latest posts,
 * and the till's settings for the second currency: which cash it takes and how the second currency is rounded.
 */
export function ExchangeScreen() {
  const { t } = useTranslation();
  const view = useBranchQuery('exchange.current', {});
  const errorText = useErrorText();
  const data = view.data ?? null;
  if (data === null) {
    return view.error !== null ? (
      <div className="notice bad" role="alert">
        {errorText(view.error)}
      </div>
    ) : (
      <div className="empty">{t('common.loading')}</div>
    );
  }
  return (
    <div className="stack" data-testid="exchange-screen" style={{ maxWidth: 720 }}>
      <CurrentRate view={data} />
      <PostRate view={data} />
      <RecentRates view={data} />
      <ExchangeSettingsForm key={JSON.stringify(data.settings)} view={data} />
    </div>
  );
}

function CurrentRate(props: { view: ExchangeView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const c = props.view.current;
  return (
    <section className="panel stack">
      <h2>{t('exchange.title')}</h2>
      {c === null ? (
        <div className="empty" data-testid="rate-none">
          {t('exchange.none', { base: props.view.base, quote: props.view.settings.quote })}
        </div>
      ) : (
        <div data-testid="rate-current" data-rate={c.rate} data-rate-id={c.rateId} data-pending={c.pending ? 'true' : 'false'}>
          <div className="grand">
            <RateText fmt={fmt} base={c.base} quote={c.quote} rate={c.rate} />
          </div>
          <div className="muted" data-testid="rate-current-by">
            {t('exchange.postedBy', { name: c.postedByName, when: fmt.time(c.postedAt) })}
          </div>
          {c.note !== null && <div className="muted">{c.note}</div>}
          {c.pending && (
            <div className="notice info" data-testid="rate-pending">
              {t('exchange.pending')}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function PostRate(props: { view: ExchangeView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const post = useBranchMutation('exchange.postRate');
  const { base } = props.view;
  const { quote } = props.view.settings;
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // one id per rate typed: a retry of the same post is answered as a repeat, never posted twice
  const [rateId, setRateId] = useState<string>(() => uuidv7());

  const submit = async () => {
    // the rate is an amount of the second currency per one unit of the till's own: read as such an amount
    const parsed = parseMoneyInput(text, quote, fmt.locale);
    if (!parsed.ok || parsed.amount <= 0) {
      setMessage({ ok: false, text: t('exchange.invalid', { quote, base }) });
      return;
    }
    if (parsed.amount > MAX_RATE) {
      // an extra zero or three, most likely: the till refuses it too (exchange.ts assertRate)
      setMessage({ ok: false, text: t('exchange.tooLarge', { rate: fmt.money(parsed.amount, quote) }) });
      return;
    }
    const r = await post.run({ rateId, rate: parsed.amount, ...(note.trim() === '' ? {} : { note: note.trim() }) });
    if (r.ok) {
      setText('');
      setNote('');
      setRateId(uuidv7());
      setMessage({ ok: true, text: t('exchange.posted') });
    } else setMessage({ ok: false, text: errorText(r.error) });
  };

  return (
    <section className="panel stack">
      <label htmlFor="rate-input">{t('exchange.newRate', { quote, base })}</label>
      <div className="cash-row">
        <input
          id="rate-input"
          type="text"
          inputMode="numeric"
          dir="ltr"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setRateId(uuidv7());
            setMessage(null);
          }}
          data-testid="rate-input"
        />
      </div>
      <label htmlFor="rate-note">{t('exchange.note')}</label>
      <input id="rate-note" type="text" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} data-testid="rate-note" />
      <div className="row">
        <button type="button" className="primary big" disabled={post.busy || text.trim() === ''} onClick={() => void submit()} data-testid="rate-post">
          {post.busy ? t('common.working') : t('exchange.post')}
        </button>
      </div>
      {message !== null && (
        <div className={`notice ${message.ok ? 'ok' : 'bad'}`} role={message.ok ? 'status' : 'alert'} data-testid={message.ok ? 'rate-posted' : 'rate-error'}>
          {message.text}
        </div>
      )}
    </section>
  );
}

function RecentRates(props: { view: ExchangeView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (props.view.recent.length === 0) return null;
  return (
    <section className="panel stack">
      <h3>{t('exchange.recent')}</h3>
      <table>
        <tbody>
          {props.view.recent.map((r) => (
            <tr key={r.rateId} data-testid="rate-row" data-rate={r.rate}>
              <td>
                <RateText fmt={fmt} base={r.base} quote={r.quote} rate={r.rate} />
              </td>
              <td>{r.postedByName}</td>
              <td>
                <bdi>{fmt.time(r.postedAt)}</bdi>
              </td>
              <td className="muted">{r.pending ? t('exchange.pendingShort') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ExchangeSettingsForm(props: { view: ExchangeView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const save = useBranchMutation('exchange.setSettings');
  const { base } = props.view;
  const saved = props.view.settings;
  const [accepts, setAccepts] = useState<Currency[]>(saved.accepts);
  const [rounding, setRounding] = useState<ExchangeSettings['rounding']>(saved.rounding);
  const [stepText, setStepText] = useState(String(saved.quoteStep));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const quote = saved.quote;
  const toggle = (c: Currency) => {
    setAccepts((a) => (a.includes(c) ? a.filter((x) => x !== c) : [...a, c]));
    setMessage(null);
  };

  const submit = async () => {
    const step = parseMoneyInput(stepText, quote, fmt.locale);
    if (!step.ok || step.amount < 1) {
      setMessage({ ok: false, text: t('exchange.badStep', { quote }) });
      return;
    }
    const r = await save.run({ quote, accepts, quoteStep: step.amount, rounding });
    setMessage(r.ok ? { ok: true, text: t('exchange.saved') } : { ok: false, text: errorText(r.error) });
  };

  return (
    <section className="panel stack" data-testid="exchange-settings">
      <h3>{t('exchange.settings')}</h3>
      <fieldset className="choice" data-testid="exchange-accepts">
        <legend>{t('exchange.accepts')}</legend>
        {[base, quote].map((c) => (
          <button key={c} type="button" aria-pressed={accepts.includes(c)} onClick={() => toggle(c)} data-testid={`exchange-accepts-${c}`}>
            {c}
          </button>
        ))}
      </fieldset>
      <label htmlFor="exchange-step">{t('exchange.step', { quote })}</label>
      <input id="exchange-step" type="text" inputMode="numeric" dir="ltr" value={stepText} onChange={(e) => setStepText(e.target.value)} data-testid="exchange-step" />
      <fieldset className="choice" data-testid="exchange-rounding">
        <legend>{t('exchange.roundingLegend')}</legend>
        {ROUNDING_MODES.map((m) => (
          <button key={m} type="button" aria-pressed={rounding === m} onClick={() => setRounding(m)} data-testid={`exchange-rounding-${m}`}>
            {t(`exchange.rounding.${m}`)}
          </button>
        ))}
      </fieldset>
      <div className="row">
        <button type="button" className="primary" disabled={save.busy || accepts.length === 0} onClick={() => void submit()} data-testid="exchange-save">
          {save.busy ? t('common.working') : t('common.save')}
        </button>
      </div>
      {message !== null && (
        <div className={`notice ${message.ok ? 'ok' : 'bad'}`} role={message.ok ? 'status' : 'alert'} data-testid={message.ok ? 'exchange-saved' : 'exchange-error'}>
          {message.text}
        </div>
      )}
    </section>
  );
}
