import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DISPLAY_LANGUAGES, displayLanguageOf, type DisplayLanguage, type DisplaySettings } from '../../shared/api/branch-api';
import en from './en.json';
import ar from './ar.json';
import fr from './fr.json';

/**
 * Every string on screen comes from here, in the till's language (English, Arabic or French: till.settings, set by
 * a manager at the till). The page direction follows the language (<html dir="rtl" lang="ar">), so the components
 * mirror through CSS logical properties. Numbers are written in the till's digits (Latin or Arabic-Indic), numbers
 * put into a sentence included: renderer/app/format.ts formats what the screens show, and the interpolation below
 * formats the numbers (counts) given to t().
 */
export const SUPPORTED_LANGUAGES = DISPLAY_LANGUAGES;

/** Each language by its own name, the same in every language: whoever stands at the till finds theirs. */
export const LANGUAGE_NAMES: Record<DisplayLanguage, string> = { en: 'English', ar: 'العربية', fr: 'Français' };

/**
 * The conventions numbers and dates follow for each language in a Lebanese shop (CLDR's data for the locale):
 * "$1,234.50" in English, "1 234,50 $US" in French, "١٬٢٣٤٫٥٠ US$" in Arabic. English dates are day first
 * (en-GB), as in Lebanon, never the US month first.
 */
const LOCALES: Record<DisplayLanguage, { numbers: string; dates: string }> = {
  en: { numbers: 'en-LB', dates: 'en-GB' },
  fr: { numbers: 'fr-LB', dates: 'fr-LB' },
  ar: { numbers: 'ar-LB', dates: 'ar-LB' },
};

/** The BCP 47 tag numbers are formatted with, the digits included ("ar-LB-u-nu-arab"). */
export function numberLocale(display: DisplaySettings): string {
  return `${LOCALES[display.language].numbers}-u-nu-${display.digits === 'arab' ? 'arab' : 'latn'}`;
}
/** The same for dates and times. */
export function dateLocale(display: DisplaySettings): string {
  return `${LOCALES[display.language].dates}-u-nu-${display.digits === 'arab' ? 'arab' : 'latn'}`;
}

/** The supported language closest to a locale such as "ar-LB" or "en-US"; English when none is. */
export function pickLanguage(locale: string): DisplayLanguage {
  return displayLanguageOf(locale);
}

function isLanguage(lng: string): lng is DisplayLanguage {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(lng);
}

/** What the page shows now; changed only by applyDisplay (App, from till.settings). */
let display: DisplaySettings = { language: 'en', digits: 'latin' };

export function currentDisplay(): DisplaySettings {
  return display;
}

/**
 * Puts the till's settings on the page at once, without a reload: the language (and the page's direction), and
 * the digits. A change of digits alone re-renders every translated component too ('displayChanged' is bound below).
 */
export async function applyDisplay(next: DisplaySettings): Promise<void> {
  const changed = next.language !== display.language || next.digits !== display.digits;
  display = { ...next };
  if (i18next.language !== next.language) await i18next.changeLanguage(next.language);
  else if (changed) i18next.emit('displayChanged');
}

export function applyDirection(doc: Document, language: string): void {
  doc.documentElement.lang = language;
  doc.documentElement.dir = i18next.dir(language);
}

/** FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE: a value keeps its own direction inside the sentence. */
const FSI = '\u2068';
const PDI = '\u2069';

export async function initI18n(language: string = 'en'): Promise<typeof i18next> {
  // a fresh start: the language asked for, Latin digits, until the till's settings are applied (App)
  display = { language: isLanguage(language) ? language : 'en', digits: 'latin' };
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ar: { translation: ar }, fr: { translation: fr } },
    supportedLngs: [...SUPPORTED_LANGUAGES],
    lng: display.language,
    fallbackLng: 'en',
    interpolation: {
      // A number given to t() (a count, a total of lines) is written in the till's digits and conventions.
      alwaysFormat: true,
      format: (value: unknown): string => (typeof value === 'number' ? new Intl.NumberFormat(numberLocale(display)).format(value) : (value as string)),
      // React escapes text itself, so "escaping" here only isolates each value in a right-to-left sentence: a
      // price, a SKU or a Latin product name keeps its own order instead of being turned around by the Arabic
      // around it. Left-to-right pages get the value as it is.
      escapeValue: true,
      escape: (value: string) => (i18next.dir(display.language) === 'rtl' ? `${FSI}${value}${PDI}` : value),
    },
    react: { bindI18n: 'languageChanged displayChanged' },
    returnNull: false,
    showSupportNotice: false,
  });
  applyDirection(document, i18next.language);
  i18next.on('languageChanged', (lng) => {
    if (isLanguage(lng)) display = { ...display, language: lng };
    applyDirection(document, lng);
  });
  return i18next;
}
