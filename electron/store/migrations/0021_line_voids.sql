-- Issue 11, approvals: lines taken out of a basket after they were scanned, or a whole basket thrown away, each
-- approved by a manager (op line_void; services/line-voids.ts). Written once, with its op, for the audit.
CREATE TABLE line_voids (
  id                  TEXT PRIMARY KEY,
  sale_id             TEXT NOT NULL,
  -- JSON array of { productId, qty } (checked by zod when read)
  lines_json          TEXT NOT NULL CHECK (json_valid(lines_json)),
  whole               INTEGER NOT NULL CHECK (whole IN (0, 1)),
  user_id             TEXT NOT NULL REFERENCES users (id),
  approved_by         TEXT REFERENCES users (id),
  occurred_at         TEXT NOT NULL,
  op_seq              INTEGER NOT NULL UNIQUE REFERENCES ops (seq),
  request_fingerprint TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER line_voids_no_update BEFORE UPDATE ON line_voids
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a void is never changed');
END;
CREATE TRIGGER line_voids_no_delete BEFORE DELETE ON line_voids
BEGIN
  SELECT RAISE(ABORT, 'IMMUTABLE: a void is never deleted');
END;
