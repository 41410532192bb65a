-- Issue 11: cash drawers, shifts, X and Z reports (shared/domain/shift.ts, electron/services/shifts.ts). One shift
-- is open per till at a time; every sale the till records while it is open is the shift's (by op seq: sales carry
-- no shift column, so a sale's own row and op stay exactly as before). Amounts are integers of each currency's
-- minor unit within the one range of 0004 (±1e15), carried as CHECKs.

CREATE TABLE shifts (
  id            TEXT PRIMARY KEY,
  till_id       TEXT NOT NULL,
  user_id       TEXT NOT NULL REFERENCES users (id),
  opened_at     TEXT NOT NULL,
  open_op_seq   INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  -- JSON object currency -> float in its minor units (checked by zod when read)
  float_json    TEXT NOT NULL,
  note          TEXT,
  -- set once, by the closing (a Z report's op); never changed afterwards
  closed_at     TEXT,
  close_op_seq  INTEGER UNIQUE REFERENCES ops (seq),
  request_fingerprint TEXT NOT NULL,
  CHECK ((closed_at IS NULL) = (close_op_seq IS NULL))
) WITHOUT ROWID;
-- one open shift per till at a time
CREATE UNIQUE INDEX shifts_one_open ON shifts (till_id) WHERE closed_at IS NULL;

-- A shift's row changes once: from open to closed. Nothing else about it ever changes, and none is deleted.
CREATE TRIGGER shifts_no_update BEFORE UPDATE ON shifts
WHEN OLD.closed_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.till_id IS NOT OLD.till_id OR NEW.user_id IS NOT OLD.user_id
  OR NEW.opened_at IS NOT OLD.opened_at OR NEW.open_op_seq IS NOT OLD.open_op_seq OR NEW.float_json IS NOT OLD.float_json
  OR NEW.note IS NOT OLD.note OR NEW.request_fingerprint IS NOT OLD.request_fingerprint
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a shift is only ever closed, once; a closed shift never changes');
END;
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a shift is never deleted');
END;

-- Cash put into the drawer or taken out of it (a paid-out), with why; written once.
CREATE TABLE cash_moves (
  id          TEXT PRIMARY KEY,
  shift_id    TEXT NOT NULL REFERENCES shifts (id),
  direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  currency    TEXT NOT NULL,
  amount      INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount BETWEEN 1 AND 1000000000000000),
  reason      TEXT NOT NULL,
  user_id     TEXT NOT NULL REFERENCES users (id),
  approved_by TEXT REFERENCES users (id),
  occurred_at TEXT NOT NULL,
  op_seq      INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  request_fingerprint TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX cash_moves_by_shift ON cash_moves (shift_id, op_seq);
CREATE TRIGGER cash_moves_no_update BEFORE UPDATE ON cash_moves
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a cash movement is never changed; record a new one');
END;
CREATE TRIGGER cash_moves_no_delete BEFORE DELETE ON cash_moves
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a cash movement is never deleted; record a new one');
END;

-- The Z report: printed at closing, numbered per till from 1 without gaps, and never changed afterwards. It
-- carries the figures it was printed with (report_json: shared/api/branch-api.ts zReportView), so nothing that
-- happens later can alter it.
CREATE TABLE z_reports (
  shift_id    TEXT PRIMARY KEY REFERENCES shifts (id),
  till_id     TEXT NOT NULL,
  number      INTEGER NOT NULL CHECK (typeof(number) = 'integer' AND number >= 1),
  closed_by   TEXT NOT NULL REFERENCES users (id),
  closed_at   TEXT NOT NULL,
  report_json TEXT NOT NULL,
  op_seq      INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  UNIQUE (till_id, number)
) WITHOUT ROWID;
-- gap-free: the next Z of a till is its last number + 1, whoever computes it
CREATE TRIGGER z_reports_gap_free BEFORE INSERT ON z_reports
WHEN NEW.number <> (SELECT COALESCE(MAX(number), 0) + 1 FROM z_reports WHERE till_id = NEW.till_id)
BEGIN
  SELECT RAISE(ABORT, 'Z_NUMBER_GAP: a Z report takes the next number of its till');
END;
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a Z report never changes after closing');
END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a Z report is never deleted');
END;
