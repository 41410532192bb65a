-- The cart being rung up, kept so a reload or a power cut does not lose the basket (electron/store/open-cart.ts).
-- Not a fact about stock: nothing here moves stock or reaches the server. One open cart per user of the till:
-- a cashier who logs in again after a restart finds their basket where they left it.
CREATE TABLE open_carts (
  user_id    TEXT PRIMARY KEY REFERENCES users (id),
  -- the cart's sale id: kept so a retry after a lost answer still cannot sell twice
  sale_id    TEXT NOT NULL,
  -- JSON of shared/api/branch-api.ts openCartSchema, checked by zod on the way in and on the way out
  body       TEXT NOT NULL CHECK (json_valid(body)),
  updated_at TEXT NOT NULL
);
