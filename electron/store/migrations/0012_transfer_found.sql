-- The `found` resolution of a transfer (shared/domain/transfer.ts): units written off as lost that turned up after
-- all. The server records it (its 0009 CHECK allows it) and sends it in pulls, and a destination till records it
-- itself, so the two CHECKs of 0009 that list the resolution kinds must allow it too.
--
-- SQLite cannot change a CHECK in place: the tables are rebuilt as 0009 made them with the wider list, their rows
-- copied as they are. The runner holds each migration in one transaction, where foreign keys cannot be switched
-- off, so no parent is dropped while a child still points at it: transfer_event_lines is rebuilt beside
-- transfer_events, pointing at the new table, and renaming the new tables into place rewrites that reference
-- (SQLite renames references with the table). DROP TABLE fires no DELETE trigger; the no-delete trigger is made
-- again on the new table.

CREATE TABLE transfer_resolutions_new (
  transfer_id TEXT NOT NULL REFERENCES transfers (id),
  n           INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('write_off', 'return_to_source', 'complete_dispatch', 'found')),
  product_id  TEXT NOT NULL,
  qty         INTEGER NOT NULL CHECK (typeof(qty) = 'integer' AND qty BETWEEN 1 AND 1000000000000),
  reason      TEXT NOT NULL,
  by_name     TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (transfer_id, n)
) WITHOUT ROWID;
INSERT INTO transfer_resolutions_new (transfer_id, n, kind, product_id, qty, reason, by_name, at)
  SELECT transfer_id, n, kind, product_id, qty, reason, by_name, at FROM transfer_resolutions;
DROP TABLE transfer_resolutions;
ALTER TABLE transfer_resolutions_new RENAME TO transfer_resolutions;

CREATE TABLE transfer_events_new (
  id                  TEXT PRIMARY KEY,
  transfer_id         TEXT NOT NULL REFERENCES transfers (id),
  kind                TEXT NOT NULL CHECK (kind IN ('request', 'approve', 'cancel', 'close', 'dispatch', 'receive', 'resolve')),
  op_seq              INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  user_id             TEXT NOT NULL REFERENCES users (id),
  occurred_at         TEXT NOT NULL,
  -- a step's note, or a resolution's reason
  note                TEXT,
  -- a resolution's kind
  resolution          TEXT CHECK (resolution IS NULL OR resolution IN ('write_off', 'return_to_source', 'complete_dispatch', 'found')),
  request_fingerprint TEXT NOT NULL,
  folded              INTEGER NOT NULL DEFAULT 0 CHECK (folded IN (0, 1))
) WITHOUT ROWID;
INSERT INTO transfer_events_new (id, transfer_id, kind, op_seq, user_id, occurred_at, note, resolution, request_fingerprint, folded)
  SELECT id, transfer_id, kind, op_seq, user_id, occurred_at, note, resolution, request_fingerprint, folded FROM transfer_events;
CREATE TABLE transfer_event_lines_new (
  event_id    TEXT NOT NULL REFERENCES transfer_events_new (id),
  product_id  TEXT NOT NULL REFERENCES products (id),
  qty         INTEGER NOT NULL CHECK (typeof(qty) = 'integer' AND qty BETWEEN 0 AND 1000000000000),
  damaged     INTEGER NOT NULL DEFAULT 0 CHECK (typeof(damaged) = 'integer' AND damaged BETWEEN 0 AND 1000000000000),
  -- a receipt line that accepted more than was sent says why
  over_reason TEXT,
  note        TEXT,
  PRIMARY KEY (event_id, product_id)
) WITHOUT ROWID;
INSERT INTO transfer_event_lines_new (event_id, product_id, qty, damaged, over_reason, note)
  SELECT event_id, product_id, qty, damaged, over_reason, note FROM transfer_event_lines;
DROP TABLE transfer_event_lines;
DROP TABLE transfer_events;
ALTER TABLE transfer_events_new RENAME TO transfer_events;
ALTER TABLE transfer_event_lines_new RENAME TO transfer_event_lines;
CREATE INDEX transfer_events_by_transfer ON transfer_events (transfer_id, op_seq);

-- A step is a fact of this till, like the op that carries it: never removed.
CREATE TRIGGER transfer_events_no_delete BEFORE DELETE ON transfer_events
BEGIN
  SELECT RAISE(ABORT, 'a transfer step is never deleted: record a new step instead');
END;
