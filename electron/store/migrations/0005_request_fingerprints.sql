-- Idempotent writes (issue 7 item 5): each sale and stock document keeps the fingerprint of the request that made it
-- (electron/store/idempotency.ts: sha256 of the canonical JSON of the validated request). A repeat of the same id
-- with the same fingerprint is answered with the stored result; the same id with another fingerprint is refused
-- with ID_REUSED, never answered silently with the first result. NULL for rows written before this migration:
-- their content was never recorded, so a repeat of one is answered as before.
ALTER TABLE sales ADD COLUMN request_fingerprint TEXT;
ALTER TABLE stock_documents ADD COLUMN request_fingerprint TEXT;
