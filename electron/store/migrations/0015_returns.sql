-- Issue 11: returns against a receipt (shared/domain/returns.ts, electron/services/returns.ts). A return is written
-- once with its op, its lines (each back to stock or to waste) and the parts of its refund (each into a tender of
-- the sale, in that tender's currency at the sale's rate); none of it ever changes, and a later return of the same
-- sale is a new row. Amounts are integers within the one range of 0004 (±1e15); quantities within ±1e12 milli.

-- The VAT rate a sale line was charged at (basis points), so a return refunds its VAT with tax-exclusive prices.
-- NULL on lines sold before this migration: their refund shares the sale's total (returns.ts chargedLineTotals).
ALTER TABLE sale_lines ADD COLUMN rate_bp INTEGER CHECK (rate_bp IS NULL OR (typeof(rate_bp) = 'integer' AND rate_bp BETWEEN 0 AND 10000));

CREATE TABLE sale_returns (
  id            TEXT PRIMARY KEY,
  -- a sale of this till (in sales), or of another till of the chain, read from the server (remote_sale_json)
  sale_id       TEXT NOT NULL,
  sale_number   TEXT,
  -- the other till's sale as the server answered for it (shared/sync/sale-lookup.ts); NULL for a sale of this till
  remote_sale_json TEXT,
  op_seq        INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  user_id       TEXT NOT NULL REFERENCES users (id),
  -- the manager whose PIN approved it in a cashier's session; NULL when a manager did it under their own login
  approved_by   TEXT REFERENCES users (id),
  occurred_at   TEXT NOT NULL,
  currency      TEXT NOT NULL,
  refund        INTEGER NOT NULL CHECK (typeof(refund) = 'integer' AND refund BETWEEN 0 AND 1000000000000000),
  reason        TEXT NOT NULL,
  request_fingerprint TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sale_returns_by_sale ON sale_returns (sale_id, op_seq);

CREATE TABLE sale_return_lines (
  return_id   TEXT NOT NULL REFERENCES sale_returns (id),
  line_no     INTEGER NOT NULL,
  -- a line of the sale: of this till's (sale_lines) or of the server's answer for another till's sale
  line_id     TEXT NOT NULL,
  product_id  TEXT NOT NULL REFERENCES products (id),
  qty         INTEGER NOT NULL CHECK (typeof(qty) = 'integer' AND qty BETWEEN 1 AND 1000000000000),
  disposition TEXT NOT NULL CHECK (disposition IN ('restock', 'waste')),
  refund      INTEGER NOT NULL CHECK (typeof(refund) = 'integer' AND refund BETWEEN 0 AND 1000000000000000),
  PRIMARY KEY (return_id, line_no),
  UNIQUE (return_id, line_id)
) WITHOUT ROWID;
CREATE INDEX sale_return_lines_by_line ON sale_return_lines (line_id);

CREATE TABLE sale_return_refunds (
  return_id    TEXT NOT NULL REFERENCES sale_returns (id),
  part_no      INTEGER NOT NULL,
  tender_index INTEGER NOT NULL CHECK (tender_index BETWEEN 0 AND 9),
  method       TEXT NOT NULL CHECK (method IN ('cash', 'card')),
  currency     TEXT NOT NULL,
  base_amount  INTEGER NOT NULL CHECK (typeof(base_amount) = 'integer' AND base_amount BETWEEN 0 AND 1000000000000000),
  amount       INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount BETWEEN 0 AND 1000000000000000),
  PRIMARY KEY (return_id, part_no)
) WITHOUT ROWID;

CREATE TRIGGER sale_returns_no_update BEFORE UPDATE ON sale_returns
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a return is never changed; record a new one');
END;
CREATE TRIGGER sale_returns_no_delete BEFORE DELETE ON sale_returns
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a return is never deleted');
END;
CREATE TRIGGER sale_return_lines_no_update BEFORE UPDATE ON sale_return_lines
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a returned line is never changed');
END;
CREATE TRIGGER sale_return_lines_no_delete BEFORE DELETE ON sale_return_lines
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a returned line is never deleted');
END;
CREATE TRIGGER sale_return_refunds_no_update BEFORE UPDATE ON sale_return_refunds
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a refund is never changed');
END;
CREATE TRIGGER sale_return_refunds_no_delete BEFORE DELETE ON sale_return_refunds
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a refund is never deleted');
END;
