-- Issue 11, receipts that print: the original of a sale's receipt is printed once (services/printing.ts). The
-- print that claims this row is the original, and opens the drawer for a cash sale; every later print of the
-- sale is a COPY and never opens it, across restarts and two prints at once. A print that fails gives the claim
-- back, so the next try is the original again.
CREATE TABLE receipt_prints (
  sale_id       TEXT PRIMARY KEY REFERENCES sales (id),
  printed_at    TEXT NOT NULL,
  drawer_kicked INTEGER NOT NULL CHECK (drawer_kicked IN (0, 1))
) WITHOUT ROWID;
