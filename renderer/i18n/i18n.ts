import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

/**
 * Every string on screen comes from here. English ships now; Arabic (right to left) and French add a resource
 * file each. The page direction follows the language, so RTL needs no change in the components.
 */
export const SUPPORTED_LANGUAGES = ['en'] as const;

/** The supported language closest to a locale such as "ar-LB" or "en-US"; English when none is. */
export function pickLanguage(locale: string): string {
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base) ? base : 'en';
}

export function applyDirection(doc: Document, language: string): void {
  doc.documentElement.lang = language;
  doc.documentElement.dir = i18next.dir(language);
}

export async function initI18n(language = 'en'): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: language,
    fallbackLng: 'en',
    // React escapes text itself; escaping here too would show "&amp;" in product names.
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  applyDirection(document, i18next.language);
  i18next.on('languageChanged', (lng) => applyDirection(document, lng));
  return i18next;
}
