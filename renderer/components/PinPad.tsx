import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readNumber, useFormat } from '../app/format';

/**
 * A PIN pad for touch, also driven by the keyboard (digits, Backspace, Enter, Escape) from anywhere on the
 * screen while it is shown. The PIN is never displayed, only its length.
 */
export function PinPad(props: { onSubmit: (pin: string) => void; onCancel?: () => void; busy?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { onSubmit, onCancel, busy = false, testId = 'pinpad' } = props;
  const [pin, setPin] = useState('');

  const press = useCallback(
    (key: string) => {
      if (busy) return;
      if (/^\d$/.test(key)) setPin((p) => (p.length < 8 ? p + key : p));
      else if (key === 'Backspace') setPin((p) => p.slice(0, -1));
      else if (key === 'Clear') setPin('');
      else if (key === 'Enter' && pin.length >= 4) {
        onSubmit(pin);
        setPin('');
      } else if (key === 'Escape') onCancel?.();
    },
    [busy, pin, onSubmit, onCancel],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      // A focused text field (a reason, a note) keeps its own keys. Once a PIN is long enough, Enter submits it
      // even on a focused digit button (no extra digit by confirming); before that it presses the focused button.
      if (target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      // an Arabic keyboard types ٣ for 3
      const key = e.key.length === 1 ? readNumber(e.key, '.') : e.key;
      if (/^\d$/.test(key) || key === 'Backspace' || key === 'Escape' || (key === 'Enter' && pin.length >= 4)) {
        e.preventDefault();
        press(key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [press, pin.length]);

  return (
    <div className="stack" data-testid={testId}>
      <div className="pin-dots" aria-live="polite" aria-label={t('pin.entered', { count: pin.length })} data-testid={`${testId}-dots`}>
        {pin.length === 0 ? <span className="muted">{t('pin.placeholder')}</span> : '•'.repeat(pin.length)}
      </div>
      {/* a keypad reads 1 2 3 from the left in every language, like a phone's */}
      <div className="pinpad" dir="ltr">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" onClick={() => press(d)} data-testid={`${testId}-${d}`}>
            {fmt.int(Number(d))}
          </button>
        ))}
        <button type="button" onClick={() => press('Clear')} aria-label={t('pin.clear')}>
          {t('pin.clearShort')}
        </button>
        <button type="button" onClick={() => press('0')} data-testid={`${testId}-0`}>
          {fmt.int(0)}
        </button>
        <button type="button" onClick={() => press('Backspace')} aria-label={t('pin.backspace')}>
          ⌫
        </button>
      </div>
      <div className="row">
        {onCancel !== undefined && (
          <button type="button" onClick={onCancel} className="big" data-testid={`${testId}-cancel`}>
            {t('common.cancel')}
          </button>
        )}
        <button type="button" className="primary big" style={{ flex: 1 }} disabled={busy || pin.length < 4} onClick={() => press('Enter')} data-testid={`${testId}-ok`}>
          {busy ? t('common.working') : t('pin.ok')}
        </button>
      </div>
    </div>
  );
}
