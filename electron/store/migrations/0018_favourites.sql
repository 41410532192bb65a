-- Issue 11, faster selling: the checkout's favourites grid (electron/services/favourites.ts), the till's own choice
-- made by a manager: goods without a label rung up by touch. Not a fact about stock; never sent to the server.
CREATE TABLE favourites (
  position   INTEGER PRIMARY KEY CHECK (position BETWEEN 1 AND 24),
  product_id TEXT NOT NULL UNIQUE REFERENCES products (id),
  set_by     TEXT NOT NULL,
  set_at     TEXT NOT NULL
);
