-- Issue 11, receipts that print (electron/services/printing.ts): the till's receipt printer, set by a manager.
-- The settings are shared/api/printer-api.ts printerSettings as JSON, checked again by that schema when read. A
-- fact of this till's counter, never sent to the server.
CREATE TABLE printer_settings (
  singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
  settings_json TEXT NOT NULL CHECK (json_valid(settings_json)),
  updated_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- The drawer opened without a sale, approved by a manager (op drawer_open): written once, with its op.
CREATE TABLE drawer_opens (
  id                  TEXT PRIMARY KEY,
  shift_id            TEXT REFERENCES shifts (id),
  reason              TEXT NOT NULL,
  user_id             TEXT NOT NULL REFERENCES users (id),
  approved_by         TEXT REFERENCES users (id),
  occurred_at         TEXT NOT NULL,
  op_seq              INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  request_fingerprint TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX drawer_opens_by_shift ON drawer_opens (shift_id);
CREATE TRIGGER drawer_opens_no_update BEFORE UPDATE ON drawer_opens
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a drawer opening is never changed');
END;
CREATE TRIGGER drawer_opens_no_delete BEFORE DELETE ON drawer_opens
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a drawer opening is never deleted');
END;
