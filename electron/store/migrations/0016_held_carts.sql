-- Issue 11, faster selling: carts put on hold (park one customer, serve the next; electron/services/held-carts.ts).
-- Like the open cart (0003), not a fact about stock: nothing here moves stock or reaches the server. Any user of
-- the till may resume a held cart; resuming takes it off the list (it becomes that user's open cart).
CREATE TABLE held_carts (
  id        TEXT PRIMARY KEY,
  -- the cart's sale id: it stays the cart's, so a held cart can never be sold twice
  sale_id   TEXT NOT NULL UNIQUE,
  held_by   TEXT NOT NULL REFERENCES users (id),
  label     TEXT,
  -- JSON of shared/api/branch-api.ts openCartInput, checked by zod on the way in and on the way out
  body      TEXT NOT NULL CHECK (json_valid(body)),
  held_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX held_carts_by_time ON held_carts (held_at);
