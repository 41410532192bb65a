import { displayLanguageOf, displaySettings, type DisplaySettings } from '../../shared/api/branch-api';
import type { TillStore } from './database';

/**
 * The till's display settings (migration 0007: display_settings, one row): its language and its digits, chosen by
 * a manager at the till and kept across restarts. Before anyone chose, the till speaks the language of its locale
 * (till_config.locale, e.g. "ar-LB") with Latin digits.
 */

export function readDisplaySettings(store: TillStore): DisplaySettings {
  const row = store.stmt<[], { language: string; digits: string }>('SELECT language, digits FROM display_settings WHERE singleton = 1').get();
  // (a till not enrolled yet has no locale either: English)
  if (row === undefined) return { language: displayLanguageOf(store.configOrNull()?.locale ?? 'en'), digits: 'latin' };
  // The table's CHECKs hold the same lists; zod says so again rather than trusting a file another version wrote.
  return displaySettings.parse(row);
}

export function writeDisplaySettings(store: TillStore, settings: DisplaySettings, byUserId: string, at: string): DisplaySettings {
  const checked = displaySettings.parse(settings);
  store
    .stmt(
      `INSERT INTO display_settings (singleton, language, digits, updated_by, updated_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET language = excluded.language, digits = excluded.digits,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .run(checked.language, checked.digits, byUserId, at);
  return checked;
}
