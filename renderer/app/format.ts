import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { DisplaySettings } from '../../shared/api/branch-api';
import { formatMoney, type Currency, type Minor } from '../../shared/domain/money';
import { MILLI_PER_UNIT, type Milli } from '../../shared/domain/quantity';
import { isFractionalUnit, UNITS, type Unit } from '../../shared/domain/units';
import type { ErrorBody } from '../../shared/domain/errors';
import { currentDisplay, dateLocale, numberLocale } from '../i18n/i18n';
import { useTill } from './session';

/**
 * The one place the UI turns numbers, money and dates into text: in the till's language and digits (till.settings:
 * Latin 0123 or Arabic-Indic ٠١٢٣), never by hand and never in the browser's own locale. renderer/app/format.test.ts
 * fails when a screen formats by itself.
 */
export interface Formatters {
  currency: Currency;
  /** "$12.50", "١٢٫٥٠ US$", "89 500 £LB" */
  money: (amount: Minor, cur?: Currency) => string;
  /** "1.250 kg", "3 pcs": weighed goods always show their three decimals */
  qty: (q: Milli, unit: Unit | string) => string;
  /** a quantity whose unit is not known here (conflicts carry none) */
  plain: (q: Milli) => string;
  /** a whole number, e.g. a key of the PIN pad */
  int: (n: number) => string;
  /** a rate in basis points as a percentage in the page's digits: 1100 → "11%", 550 → "5.5%" */
  percent: (bp: number) => string;
  /** date and time: "02/12/2026, 17:04" */
  time: (iso: string) => string;
  /** time of day only: "17:04" */
  clock: (d: Date) => string;
  /** "3 minutes ago", "قبل ٣ دقائق" */
  ago: (iso: string, now: Date) => string;
  /** a quantity for a text box: the till's digits and decimal sign, no grouping, read back by readNumber */
  qtyInput: (q: Milli, decimals: number) => string;
  /** what a person typed in a number box, as the Latin decimal ("1.25") the shared parsers read */
  readNumber: (text: string) => string;
  /** the BCP 47 tag numbers are written in, for the shared parsers of typed amounts */
  locale: string;
  /** "A, B and C" / "A، B وC" */
  list: (items: string[]) => string;
  /** quantities as the text of a box (receive, waste) */
  num: QtyText;
}

/** A quantity as the text of a box and back: written in the till's digits, read in any. */
export interface QtyText {
  write: (q: Milli) => string;
  read: (text: string) => string;
}
export function qtyText(display: DisplaySettings): QtyText {
  const numbers = numberLocale(display);
  const decimal = new Intl.NumberFormat(numbers).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return {
    write: (q) => new Intl.NumberFormat(numbers, { maximumFractionDigits: 3, useGrouping: false }).format(q / MILLI_PER_UNIT),
    read: (text) => readNumber(text, decimal),
  };
}

export function formatters(display: DisplaySettings, currency: Currency, t: TFunction): Formatters {
  const numbers = numberLocale(display);
  // one formatter per shape, made when first asked: a cart row re-renders on every scan
  const shapes = new Map<string, Intl.NumberFormat>();
  const quantity = (q: Milli, decimals: number, grouping: boolean) => {
    const shape = `${decimals}|${grouping}`;
    let f = shapes.get(shape);
    if (f === undefined) {
      f = new Intl.NumberFormat(numbers, { minimumFractionDigits: decimals, maximumFractionDigits: 3, useGrouping: grouping });
      shapes.set(shape, f);
    }
    return f.format(q / MILLI_PER_UNIT);
  };
  const decimal = new Intl.NumberFormat(numbers).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return {
    currency,
    money: (amount, cur = currency) => (display.language === 'ar' ? ltrIsolate(formatMoney(amount, cur, numbers)) : formatMoney(amount, cur, numbers)),
    qty: (q, unit) =>
      t('units.amount', {
        qty: quantity(q, isUnit(unit) && isFractionalUnit(unit) ? 3 : 0, true),
        // the real count picks the plural: Arabic has six forms (3 to 10 take one, 11 to 99 another)
        unit: t(`units.${unit}`, { count: Math.abs(q) / MILLI_PER_UNIT }),
      }),
    plain: (q) => quantity(q, 0, true),
    int: (n) => new Intl.NumberFormat(numbers, { useGrouping: false }).format(n),
    percent: (bp) => new Intl.NumberFormat(numbers, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000),
    time: (iso) =>
      new Intl.DateTimeFormat(dateLocale(display), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso)),
    clock: (d) => new Intl.DateTimeFormat(dateLocale(display), { hour: '2-digit', minute: '2-digit' }).format(d),
    ago: (iso, now) => relative(new Date(iso), now, dateLocale(display)),
    qtyInput: (q, decimals) => quantity(q, decimals, false),
    readNumber: (text) => readNumber(text, decimal),
    locale: numbers,
    list: (items) => new Intl.ListFormat(numbers, { type: 'unit' }).format(items),
    num: qtyText(display),
  };
}

/** Formatting in the page's language and digits (applied from till.settings by App). */
export function useFormat(): Formatters {
  // useTranslation re-renders this component when the language or the digits change.
  const { t } = useTranslation();
  const currency: Currency = useTill()?.currency ?? 'USD';
  const { language, digits } = currentDisplay();
  return useMemo(() => formatters({ language, digits }, currency, t), [language, digits, currency, t]);
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];
function relative(then: Date, now: Date, locale: string): string {
  let amount = (then.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(amount), unit);
    amount /= size;
  }
  return new Intl.RelativeTimeFormat(locale).format(Math.round(amount), 'year');
}

const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9]/g;
/**
 * Arabic-Indic and Persian digits to Latin, the Arabic decimal sign (٫) and the locale's decimal comma to ".",
 * grouping signs (٬, spaces) dropped: "١٫٢٥" and "1,25" (fr) read as "1.25". A comma in an English box stays a
 * comma, which the parser refuses rather than guessing.
 */
export function readNumber(text: string, localeDecimal: string): string {
  let s = text.trim().replace(ARABIC_INDIC, (d) => String(d.charCodeAt(0) - (d.charCodeAt(0) >= 0x06f0 ? 0x06f0 : 0x0660)));
  s = s.replace(/[\u066C\s\u00A0\u202F]/g, '').replace(/\u066B/g, '.');
  if (localeDecimal === ',' || localeDecimal === '\u066B') s = s.replace(/,/g, '.');
  return s;
}

function isUnit(u: string): u is Unit {
  return (UNITS as readonly string[]).includes(u);
}

/** A translated message for an error from the backend, with the backend's own text as the detail. */
export function useErrorText() {
  const { t } = useTranslation();
  return useCallback((e: ErrorBody) => t(`errors.${e.code}`, { detail: e.message }), [t]);
}

/**
 * An amount in Arabic as one left-to-right island. Intl writes "‏٥٫٢٨ US$" with a right-to-left mark first; in a
 * right-to-left line that mark and the "$" after "US" (a weak character) put the dollar sign before the letters,
 * and the cashier read "$US ٥٫٢٨" (seen in the Arabic checkout screenshot). Without the marks and inside an LRI…PDI
 * isolate, the amount keeps its own order wherever it stands.
 */
function ltrIsolate(text: string): string {
  return `\u2066${text.replace(/[\u200e\u200f\u061c]/g, '')}\u2069`;
}
