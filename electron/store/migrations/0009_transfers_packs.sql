-- Issue 8 at the till: transfers between two locations of the tenant, and pack barcodes.
-- New tables carry their value ranges as CHECKs (0004 used triggers only because SQLite cannot add a CHECK to an
-- existing table): quantities within ±1e12 milli-units, money within 0..1e15 minor units, typeof() so a REAL
-- never passes as a whole number.

-- A product's pack barcodes (shared/domain/packs.ts): scanning one adds `units` of the product at once, at the
-- pack's own price when it has one. Filled from pulled products (electron/store/catalog-writes.ts).
CREATE TABLE pack_barcodes (
  code       TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  units      INTEGER NOT NULL CHECK (typeof(units) = 'integer' AND units BETWEEN 2 AND 10000),
  price      INTEGER CHECK (price IS NULL OR (typeof(price) = 'integer' AND price BETWEEN 0 AND 1000000000000000))
) WITHOUT ROWID;
CREATE INDEX pack_barcodes_by_product ON pack_barcodes (product_id);

-- One code, one meaning at the scanner: a code is either a unit barcode or a pack barcode, never both.
CREATE TRIGGER pack_barcodes_unique_insert BEFORE INSERT ON pack_barcodes
WHEN EXISTS (SELECT 1 FROM barcodes WHERE code = NEW.code)
BEGIN
  SELECT RAISE(ABORT, 'DUPLICATE_BARCODE: a pack barcode cannot also be a unit barcode');
END;
CREATE TRIGGER pack_barcodes_unique_update BEFORE UPDATE OF code ON pack_barcodes
WHEN EXISTS (SELECT 1 FROM barcodes WHERE code = NEW.code)
BEGIN
  SELECT RAISE(ABORT, 'DUPLICATE_BARCODE: a pack barcode cannot also be a unit barcode');
END;
CREATE TRIGGER barcodes_unique_insert BEFORE INSERT ON barcodes
WHEN EXISTS (SELECT 1 FROM pack_barcodes WHERE code = NEW.code)
BEGIN
  SELECT RAISE(ABORT, 'DUPLICATE_BARCODE: a unit barcode cannot also be a pack barcode');
END;
CREATE TRIGGER barcodes_unique_update BEFORE UPDATE OF code ON barcodes
WHEN EXISTS (SELECT 1 FROM pack_barcodes WHERE code = NEW.code)
BEGIN
  SELECT RAISE(ABORT, 'DUPLICATE_BARCODE: a unit barcode cannot also be a pack barcode');
END;

-- A transfer from or to this till's store (electron/store/transfers-repo.ts). The row and the three tables after
-- it hold the server's word, replaced whenever a pull brings the transfer; a transfer this till started before
-- any pull has only its header here (server_status NULL) and its steps in transfer_events.
CREATE TABLE transfers (
  id              TEXT PRIMARY KEY,
  source_id       TEXT NOT NULL,
  destination_id  TEXT NOT NULL,
  -- shared/domain/transfer.ts TRANSFER_STATUSES, as the server computed it; NULL until a pull brings the transfer
  server_status   TEXT CHECK (server_status IS NULL OR server_status IN
                    ('requested', 'approved', 'cancelled', 'sent', 'received_unsent', 'discrepancy', 'received', 'closed')),
  note            TEXT,
  created_by_name TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  sent_at         TEXT,
  received_at     TEXT,
  CHECK (source_id <> destination_id)
) WITHOUT ROWID;
CREATE INDEX transfers_recent ON transfers (created_at);

-- Per product, as the server summed it: asked for, sent, received good and damaged, still short or over.
CREATE TABLE transfer_lines (
  transfer_id TEXT NOT NULL REFERENCES transfers (id),
  product_id  TEXT NOT NULL,
  requested   INTEGER NOT NULL DEFAULT 0 CHECK (typeof(requested) = 'integer' AND requested BETWEEN -1000000000000 AND 1000000000000),
  sent        INTEGER NOT NULL DEFAULT 0 CHECK (typeof(sent) = 'integer' AND sent BETWEEN -1000000000000 AND 1000000000000),
  received    INTEGER NOT NULL DEFAULT 0 CHECK (typeof(received) = 'integer' AND received BETWEEN -1000000000000 AND 1000000000000),
  damaged     INTEGER NOT NULL DEFAULT 0 CHECK (typeof(damaged) = 'integer' AND damaged BETWEEN -1000000000000 AND 1000000000000),
  short       INTEGER NOT NULL DEFAULT 0 CHECK (typeof(short) = 'integer' AND short BETWEEN -1000000000000 AND 1000000000000),
  over        INTEGER NOT NULL DEFAULT 0 CHECK (typeof(over) = 'integer' AND over BETWEEN -1000000000000 AND 1000000000000),
  PRIMARY KEY (transfer_id, product_id)
) WITHOUT ROWID;

-- How differences were settled, as the server recorded them (kept so this till's own unacknowledged
-- resolutions can be counted on top with the shared rules).
CREATE TABLE transfer_resolutions (
  transfer_id TEXT NOT NULL REFERENCES transfers (id),
  n           INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('write_off', 'return_to_source', 'complete_dispatch')),
  product_id  TEXT NOT NULL,
  qty         INTEGER NOT NULL CHECK (typeof(qty) = 'integer' AND qty BETWEEN 1 AND 1000000000000),
  reason      TEXT NOT NULL,
  by_name     TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (transfer_id, n)
) WITHOUT ROWID;

CREATE TABLE transfer_history (
  transfer_id TEXT NOT NULL REFERENCES transfers (id),
  n           INTEGER NOT NULL,
  step        TEXT NOT NULL,
  by_name     TEXT NOT NULL,
  at          TEXT NOT NULL,
  note        TEXT,
  PRIMARY KEY (transfer_id, n)
) WITHOUT ROWID;

-- This till's own steps, each written with its op (op_seq) and keyed by the id the screen made for it (the
-- transfer's id for a request; the action, dispatch, receiving or resolution id otherwise), so a retry is
-- recognised (electron/store/idempotency.ts). Laid on top of the server's word until a pull brings the transfer
-- after the step's op was acknowledged (`folded`): then the server's record includes it.
CREATE TABLE transfer_events (
  id                  TEXT PRIMARY KEY,
  transfer_id         TEXT NOT NULL REFERENCES transfers (id),
  kind                TEXT NOT NULL CHECK (kind IN ('request', 'approve', 'cancel', 'close', 'dispatch', 'receive', 'resolve')),
  op_seq              INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  user_id             TEXT NOT NULL REFERENCES users (id),
  occurred_at         TEXT NOT NULL,
  -- a step's note, or a resolution's reason
  note                TEXT,
  -- a resolution's kind
  resolution          TEXT CHECK (resolution IS NULL OR resolution IN ('write_off', 'return_to_source', 'complete_dispatch')),
  request_fingerprint TEXT NOT NULL,
  folded              INTEGER NOT NULL DEFAULT 0 CHECK (folded IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX transfer_events_by_transfer ON transfer_events (transfer_id, op_seq);

-- A step's lines: requested, sent, received good (with damaged beside it) or resolved quantity per product.
CREATE TABLE transfer_event_lines (
  event_id    TEXT NOT NULL REFERENCES transfer_events (id),
  product_id  TEXT NOT NULL REFERENCES products (id),
  qty         INTEGER NOT NULL CHECK (typeof(qty) = 'integer' AND qty BETWEEN 0 AND 1000000000000),
  damaged     INTEGER NOT NULL DEFAULT 0 CHECK (typeof(damaged) = 'integer' AND damaged BETWEEN 0 AND 1000000000000),
  -- a receipt line that accepted more than was sent says why
  over_reason TEXT,
  note        TEXT,
  PRIMARY KEY (event_id, product_id)
) WITHOUT ROWID;

-- A step is a fact of this till, like the op that carries it: never removed.
CREATE TRIGGER transfer_events_no_delete BEFORE DELETE ON transfer_events
BEGIN
  SELECT RAISE(ABORT, 'a transfer step is never deleted: record a new step instead');
END;
CREATE TRIGGER transfer_event_lines_no_change BEFORE UPDATE ON transfer_event_lines
BEGIN
  SELECT RAISE(ABORT, 'a transfer step is never changed: record a new step instead');
END;
CREATE TRIGGER transfer_event_lines_no_delete BEFORE DELETE ON transfer_event_lines
BEGIN
  SELECT RAISE(ABORT, 'a transfer step is never deleted: record a new step instead');
END;
