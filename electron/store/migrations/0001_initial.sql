-- The till's local ledger. Quantities are INTEGER milli-units, money INTEGER minor units, times ISO-8601 text.

-- One row: who this till is. Filled when the till is enrolled or seeded.
CREATE TABLE till_config (
  singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
  till_id        TEXT NOT NULL,
  till_name      TEXT NOT NULL,
  receipt_prefix TEXT NOT NULL,
  store_id       TEXT NOT NULL,
  store_name     TEXT NOT NULL,
  tenant_id      TEXT,
  currency       TEXT NOT NULL,
  locale         TEXT NOT NULL,
  server_url     TEXT,
  server_token   TEXT,
  -- next human receipt number; bumped in the sale's own transaction so numbers never repeat
  next_receipt_no INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE locations (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'store'))
) WITHOUT ROWID;

CREATE TABLE products (
  id                  TEXT PRIMARY KEY,
  sku                 TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  -- lower-cased name and SKU: what a cashier's search matches against
  search_text         TEXT NOT NULL,
  unit                TEXT NOT NULL CHECK (unit IN ('each', 'kg', 'g', 'l', 'ml', 'pack')),
  pack_size           INTEGER CHECK (pack_size IS NULL OR pack_size > 0),
  price               INTEGER NOT NULL CHECK (price >= 0),
  currency            TEXT NOT NULL,
  low_stock_threshold INTEGER NOT NULL CHECK (low_stock_threshold >= 0),
  reorder_point       INTEGER NOT NULL CHECK (reorder_point >= 0),
  reorder_qty         INTEGER NOT NULL CHECK (reorder_qty >= 0),
  lead_time_days      INTEGER NOT NULL CHECK (lead_time_days BETWEEN 0 AND 365),
  active              INTEGER NOT NULL CHECK (active IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE barcodes (
  code       TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id)
) WITHOUT ROWID;
CREATE INDEX barcodes_by_product ON barcodes (product_id);

CREATE TABLE users (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  role     TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'head_office')),
  -- scrypt$N$r$p$salt_b64$hash_b64 (electron/store/pin-hash.ts)
  pin_hash TEXT NOT NULL,
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) WITHOUT ROWID;

-- The materialized state of each product at each location: always the sum of its movements.
CREATE TABLE levels (
  product_id  TEXT NOT NULL REFERENCES products (id),
  location_id TEXT NOT NULL REFERENCES locations (id),
  on_hand     INTEGER NOT NULL DEFAULT 0,
  reserved    INTEGER NOT NULL DEFAULT 0,
  in_transit  INTEGER NOT NULL DEFAULT 0,
  quarantined INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, location_id)
) WITHOUT ROWID;

-- The outbox: every local change as an operation, gap-free per till, pushed to the server in seq order.
CREATE TABLE ops (
  seq             INTEGER PRIMARY KEY CHECK (seq >= 1),
  id              TEXT NOT NULL UNIQUE,
  type            TEXT NOT NULL,
  schema_version  INTEGER NOT NULL,
  user_id         TEXT NOT NULL,
  occurred_at     TEXT NOT NULL,
  payload         TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acknowledged')),
  -- what the server answered (accepted / reversed / rejected), as JSON, once acknowledged
  result          TEXT,
  acknowledged_at TEXT
);
CREATE INDEX ops_pending ON ops (state, seq);

-- Append-only: movements are facts. A correction is a new movement (ADJUST, REVERSAL).
CREATE TABLE movements (
  id          INTEGER PRIMARY KEY,
  product_id  TEXT NOT NULL REFERENCES products (id),
  location_id TEXT NOT NULL REFERENCES locations (id),
  kind        TEXT NOT NULL,
  qty         INTEGER NOT NULL,
  -- STOCKTAKE: what the ledger showed when the shelf was counted
  before      INTEGER,
  leg         TEXT CHECK (leg IS NULL OR leg IN ('source', 'destination')),
  reverses    TEXT,
  -- the local operation that wrote it; NULL for stock that came from the server (seeding, sync)
  op_seq      INTEGER REFERENCES ops (seq),
  occurred_at TEXT NOT NULL
);
CREATE INDEX movements_by_level ON movements (product_id, location_id);
CREATE INDEX movements_by_op ON movements (op_seq);

CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements are append-only: write a correcting movement instead');
END;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements are append-only: write a correcting movement instead');
END;
CREATE TRIGGER ops_no_delete BEFORE DELETE ON ops
BEGIN
  SELECT RAISE(ABORT, 'operations are never deleted: the server needs every sequence number');
END;
CREATE TRIGGER ops_immutable BEFORE UPDATE OF seq, id, type, schema_version, user_id, occurred_at, payload ON ops
BEGIN
  SELECT RAISE(ABORT, 'an operation is immutable once written; only its sync state changes');
END;

CREATE TABLE sales (
  id                  TEXT PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,
  op_seq              INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  user_id             TEXT NOT NULL REFERENCES users (id),
  occurred_at         TEXT NOT NULL,
  currency            TEXT NOT NULL,
  total               INTEGER NOT NULL CHECK (total >= 0),
  change              INTEGER NOT NULL CHECK (change >= 0),
  customer_contact    TEXT,
  override_manager_id TEXT REFERENCES users (id),
  override_reason     TEXT,
  status              TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'partially_reversed', 'reversed'))
) WITHOUT ROWID;
CREATE INDEX sales_recent ON sales (occurred_at);

CREATE TABLE sale_lines (
  sale_id    TEXT NOT NULL REFERENCES sales (id),
  line_no    INTEGER NOT NULL,
  line_id    TEXT NOT NULL UNIQUE,
  product_id TEXT NOT NULL REFERENCES products (id),
  qty        INTEGER NOT NULL CHECK (qty > 0),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  total      INTEGER NOT NULL CHECK (total >= 0),
  -- set when the server reversed this line under the conflict policy
  reversed   INTEGER NOT NULL DEFAULT 0 CHECK (reversed IN (0, 1)),
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE tenders (
  sale_id TEXT NOT NULL REFERENCES sales (id),
  line_no INTEGER NOT NULL,
  method  TEXT NOT NULL CHECK (method IN ('cash', 'card')),
  amount  INTEGER NOT NULL CHECK (amount > 0),
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

-- Receipts, waste and stocktakes: one header each, so a retried request is recognised by its id.
CREATE TABLE stock_documents (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'waste', 'stocktake')),
  op_seq      INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  user_id     TEXT NOT NULL REFERENCES users (id),
  occurred_at TEXT NOT NULL,
  supplier    TEXT,
  reference   TEXT,
  note        TEXT,
  -- what the service answered (levels, variances), returned again to a retry
  result      TEXT NOT NULL
) WITHOUT ROWID;

-- The manager's queue: conflicts the server opened about this till's store (filled by the sync client).
CREATE TABLE conflicts (
  id                  TEXT PRIMARY KEY,
  kind                TEXT NOT NULL CHECK (kind IN ('contact_customer', 'stock_discrepancy')),
  state               TEXT NOT NULL CHECK (state IN ('open', 'contacted', 'resolved')),
  outcome             TEXT CHECK (outcome IS NULL OR outcome IN ('refund', 'substitute', 'back_order', 'recounted')),
  sale_id             TEXT NOT NULL,
  line_id             TEXT NOT NULL,
  product_id          TEXT NOT NULL,
  product_name        TEXT NOT NULL,
  qty                 INTEGER NOT NULL CHECK (qty > 0),
  available_at_replay INTEGER NOT NULL,
  customer_contact    TEXT,
  till_name           TEXT NOT NULL,
  cashier_name        TEXT NOT NULL,
  occurred_at         TEXT NOT NULL,
  -- JSON array of {locationName, available}
  elsewhere           TEXT NOT NULL DEFAULT '[]',
  -- 1 while a local state change has not reached the server yet
  dirty               INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1)),
  updated_at          TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX conflicts_by_state ON conflicts (state, occurred_at);

CREATE TABLE conflict_history (
  id          INTEGER PRIMARY KEY,
  conflict_id TEXT NOT NULL REFERENCES conflicts (id),
  state       TEXT NOT NULL CHECK (state IN ('open', 'contacted', 'resolved')),
  by_name     TEXT NOT NULL,
  at          TEXT NOT NULL,
  note        TEXT
);
CREATE INDEX conflict_history_by_conflict ON conflict_history (conflict_id, id);
