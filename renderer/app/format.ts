import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDistance } from 'date-fns';
import { formatMoney, type Currency, type Minor } from '../../shared/domain/money';
import { formatQuantity, type Milli } from '../../shared/domain/quantity';
import { isFractionalUnit, type Unit } from '../../shared/domain/units';
import type { ErrorBody } from '../../shared/domain/errors';
import { useTill } from './session';

/** Formatting in the page's language: money and quantities through the shared formatters, never by hand. */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const currency: Currency = useTill()?.currency ?? 'USD';
  const locale = i18n.language;
  return {
    currency,
    money: (amount: Minor, cur: Currency = currency) => formatMoney(amount, cur, locale),
    /** "1.250 kg", "3 each": weighed goods always show their three decimals */
    qty: (q: Milli, unit: Unit | string) =>
      t('units.amount', {
        qty: formatQuantity(q, (isUnit(unit) && isFractionalUnit(unit)) ? 3 : 0),
        unit: t(`units.${unit}`, { count: Math.abs(q) === 1000 ? 1 : 2 }),
      }),
    /** a quantity whose unit is not known here (conflicts carry none) */
    plain: (q: Milli) => formatQuantity(q),
    time: (iso: string) => new Date(iso).toLocaleString(locale),
    ago: (iso: string, now: Date) => formatDistance(new Date(iso), now, { addSuffix: true }),
  };
}

const UNIT_NAMES = ['each', 'kg', 'g', 'l', 'ml', 'pack'];
function isUnit(u: string): u is Unit {
  return UNIT_NAMES.includes(u);
}

/** A translated message for an error from the backend, with the backend's own text as the detail. */
export function useErrorText() {
  const { t } = useTranslation();
  return useCallback((e: ErrorBody) => t(`errors.${e.code}`, { detail: e.message }), [t]);
}
