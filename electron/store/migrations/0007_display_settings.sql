-- How this till shows itself (electron/store/display-settings-repo.ts): the language of its screens and receipts
-- and the digits it writes numbers with. The till's own choice, made by a manager at the till: not a fact of
-- the shop's data, never sent to the server. No row: the till shows the language of its locale (till_config)
-- with Latin digits.
CREATE TABLE display_settings (
  singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
  -- the same lists as shared/api/branch-api.ts DISPLAY_LANGUAGES and DIGIT_SYSTEMS
  language   TEXT NOT NULL CHECK (language IN ('en', 'ar', 'fr')),
  digits     TEXT NOT NULL CHECK (digits IN ('latin', 'arab')),
  -- who changed it last, and when: a till that suddenly speaks French can be asked about
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
