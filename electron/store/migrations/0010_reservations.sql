-- Reservations at this till's store (issue 8; shared/domain/reservation.ts): stock set aside for a customer order.
-- What a reservation holds is in `reserved` of its level, moved by RESERVE / FULFIL / RELEASE movements of the op
-- that did it; these rows say for whom, per line how much, and in which state. They hold this till's own
-- reservations (made here, with `create_op_seq`) and the store's others as the server sends them in pulls.
-- Quantities are milli-units within the one range of 0004 (±1e12); these are new tables, so the range is a CHECK.
CREATE TABLE reservations (
  id                  TEXT PRIMARY KEY,
  location_id         TEXT NOT NULL REFERENCES locations (id),
  status              TEXT NOT NULL CHECK (status IN ('open', 'fulfilled', 'released', 'expired', 'refused')),
  -- JSON of the customer contact (name and/or phone, note): who to call when the server refuses it
  customer_contact    TEXT NOT NULL,
  note                TEXT,
  -- ISO time after which an open reservation lapses (the till's clock plus the hold, when made here)
  expires_at          TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  created_by_name     TEXT NOT NULL,
  -- who made it at this till: the till's own expiry names them on its release op. NULL when pulled from elsewhere.
  created_by_user_id  TEXT,
  ended_at            TEXT,
  -- the op of this till that made it; NULL for a reservation made elsewhere (another till, head office). The
  -- till expires only its own: the server's job expires the rest.
  create_op_seq       INTEGER UNIQUE REFERENCES ops (seq),
  -- the latest op of this till about it: until the server's result for it is in, the local state is ahead of
  -- the server's, and a pulled copy waits in `pulled` (electron/store/reservations-repo.ts explains when it applies)
  last_op_seq         INTEGER REFERENCES ops (seq),
  -- JSON of the server's copy (shared/sync/protocol.ts syncReservationSchema) pulled while last_op_seq had no result
  pulled              TEXT,
  -- store/idempotency.ts requestFingerprint of the reservation.create request; NULL for one made elsewhere
  request_fingerprint TEXT
) WITHOUT ROWID;
-- The till's expiry (open ones past expires_at) and the list (open ones, soonest to lapse first).
CREATE INDEX reservations_by_expiry ON reservations (status, expires_at);

CREATE TABLE reservation_lines (
  reservation_id TEXT NOT NULL REFERENCES reservations (id),
  line_no        INTEGER NOT NULL CHECK (line_no >= 1),
  line_id        TEXT NOT NULL UNIQUE,
  product_id     TEXT NOT NULL REFERENCES products (id),
  -- what the customer asked for; `held` is what the reservation still sets aside, `fulfilled` what left with them
  requested      INTEGER NOT NULL CHECK (typeof(requested) = 'integer' AND requested BETWEEN 1 AND 1000000000000),
  held           INTEGER NOT NULL CHECK (typeof(held) = 'integer' AND held BETWEEN 0 AND 1000000000000),
  fulfilled      INTEGER NOT NULL DEFAULT 0 CHECK (typeof(fulfilled) = 'integer' AND fulfilled BETWEEN 0 AND 1000000000000),
  -- the server could not hold it when it replayed the reservation (it no longer fitted): call the customer
  refused        INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1)),
  CHECK (held + fulfilled <= requested),
  PRIMARY KEY (reservation_id, line_no)
) WITHOUT ROWID;
