import { BANKNOTES, CURRENCIES, MAX_MONEY_MINOR, type Currency, type Minor } from './money';

/**
 * An amount a cashier types, read by the till's locale and the currency's decimals.
 *
 * Separators. A locale has one decimal symbol ("." in en, "," in fr/de) and one grouping symbol ("," in en,
 * "." in de, a space in fr, an apostrophe in de-CH). The cashier may type either "." or ",", because keyboards
 * and habits differ from the till's settings, so a separator is read by where it stands:
 * - both "." and "," present: the last one is the decimal separator, the other one groups ("1,050.00" and
 *   "1.050,00" both mean 1050.00, in any locale);
 * - one kind, several times: grouping only ("1,000,000", "1.000.000");
 * - one separator once: the locale's decimal symbol is decimal ("10,50" in fr is 10.50, "10.50" in en is 10.50).
 *   Otherwise it groups only when exactly three digits follow and at most three precede ("1,050" in en is
 *   1050; "1.050" in de is 1050). A comma followed by anything other than three digits cannot be grouping, so
 *   "10,50" in an en locale is 10.50, not 1,050. For a currency without decimals (LBP) any single separator
 *   before three digits groups ("5.000" is 5000 pounds), since nothing else could be meant.
 * - spaces and apostrophes only ever group. Grouping must be valid: a first group of 1-3 digits, then groups
 *   of exactly 3 ("1,00,000" is refused, not guessed).
 * Arabic-Indic digits (٠-٩, ۰-۹) and the Arabic decimal and thousands marks (٫ ٬) are read as their Latin
 * equivalents.
 *
 * More decimals than the currency has are refused (never rounded), and so is anything negative or beyond the
 * one money range. Pure: no I/O, the locale's symbols come from Intl.
 */

export type MoneyInputError =
  | { kind: 'empty' }
  | { kind: 'not_an_amount' }
  | { kind: 'negative' }
  | { kind: 'bad_grouping' }
  | { kind: 'too_many_decimals'; allowed: number }
  | { kind: 'too_large' };

export type MoneyInputResult = { ok: true; amount: Minor } | { ok: false; error: MoneyInputError };

/** The locale's decimal symbol as the cashier types it: "." or "," (Arabic locales' ٫ is typed as "."). */
export function decimalSymbolOf(locale: string): '.' | ',' {
  let decimal = '.';
  try {
    decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  } catch {
    // An unknown locale tag: read amounts the en way.
  }
  return decimal === ',' ? ',' : '.';
}

const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
function latinDigits(text: string): string {
  return text.replace(ARABIC_DIGITS, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

/** Whitespace of every kind (fr groups with a narrow no-break space) and apostrophes (de-CH) only ever group. */
const GROUP_ONLY = /[\s\u00A0\u202F'\u2019]/;

export function parseMoneyInput(text: string, currency: Currency, locale: string): MoneyInputResult {
  const digitsAllowed = CURRENCIES[currency].minorDigits;
  const fail = (error: MoneyInputError): MoneyInputResult => ({ ok: false, error });

  let s = latinDigits(text.trim()).replace(/\u066B/g, '.').replace(/\u066C/g, ',');
  if (s === '') return fail({ kind: 'empty' });
  if (/^[-\u2212]/.test(s)) return fail({ kind: 'negative' });
  if (s.startsWith('+')) s = s.slice(1);
  // Group-only characters become one marker, so they take part in the grouping check like any separator.
  s = s.replace(new RegExp(GROUP_ONLY.source, 'g'), ' ');
  if (!/^[\d., ]+$/.test(s) || !/\d/.test(s)) return fail({ kind: 'not_an_amount' });

  const { whole, fraction } = splitDecimal(s, digitsAllowed, decimalSymbolOf(locale));
  if (whole === null) return fail({ kind: 'bad_grouping' });
  if (fraction !== null && !/^\d*$/.test(fraction)) return fail({ kind: 'not_an_amount' });
  if (fraction !== null && fraction.length > digitsAllowed) return fail({ kind: 'too_many_decimals', allowed: digitsAllowed });

  const wholeDigits = whole === '' ? '0' : whole;
  // Checked on the digit count first: a long string must never reach Number() and lose precision.
  if (wholeDigits.replace(/^0+/, '').length > 16) return fail({ kind: 'too_large' });
  const amount = Number(wholeDigits) * 10 ** digitsAllowed + Number((fraction ?? '').padEnd(digitsAllowed, '0') || '0');
  if (!Number.isSafeInteger(amount) || amount > MAX_MONEY_MINOR) return fail({ kind: 'too_large' });
  return { ok: true, amount };
}

/**
 * Splits "1,234.5" into whole digits "1234" and fraction "5" by the rules above; whole is null when the
 * grouping is not valid. Only digits, ".", "," and " " reach here.
 */
function splitDecimal(s: string, digitsAllowed: number, localeDecimal: '.' | ','): { whole: string | null; fraction: string | null } {
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) {
    decimalAt = Math.max(lastDot, lastComma);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const at = Math.max(lastDot, lastComma);
    if (s.indexOf(sep) === at) {
      const couldGroup = /^\d{3}$/.test(s.slice(at + 1)) && ungroup(s.slice(0, at)) !== null && /^[1-9]/.test(s);
      // Without decimals a separator before three digits can only group; otherwise the locale decides, and a
      // separator that cannot be grouping is the decimal one.
      const isDecimal = digitsAllowed === 0 && couldGroup ? false : sep === localeDecimal || !couldGroup;
      if (isDecimal) decimalAt = at;
    }
  }
  if (decimalAt < 0) return { whole: ungroup(s), fraction: null };
  const whole = s.slice(0, decimalAt);
  // The decimal separator's character never also groups the same number ("1.000.5" and "1,000.000,5" are refused).
  return { whole: whole.includes(s[decimalAt] ?? '') ? null : ungroup(whole), fraction: s.slice(decimalAt + 1) };
}

/**
 * "1,234,567" → "1234567"; "" and plain digits as they are; null unless the groups are one separator kind, a
 * first group of 1-3 digits not starting with 0, then groups of exactly 3.
 */
function ungroup(part: string): string | null {
  if (/^\d*$/.test(part)) return part;
  const seps = new Set(part.replace(/\d/g, ''));
  if (seps.size !== 1) return null;
  return /^[1-9]\d{0,2}([., ]\d{3})+$/.test(part) ? part.replace(/[., ]/g, '') : null;
}

/**
 * The largest banknote in circulation of each currency, in minor units: a cash tender above what is due by more
 * than this is almost certainly a typing slip (an extra zero), so the till asks before taking it.
 */
export function largestNote(currency: Currency): Minor {
  // Read when called, not at load: money.ts and this module import each other (see there).
  return Math.max(...BANKNOTES[currency]);
}

/** The most cash that is plausible for `due`: what is due plus one largest note (nobody hands over two spare). */
export function plausibleTenderLimit(due: Minor, currency: Currency): Minor {
  return Math.max(0, due) + largestNote(currency);
}

export function isImplausibleTender(amount: Minor, due: Minor, currency: Currency): boolean {
  return amount > plausibleTenderLimit(due, currency);
}
