-- Issue 11, faster selling: scale labels (shared/scan/embedded-barcode.ts). A product's item code at the scales
-- (PLU; shared/domain/schemas.ts pluSchema: digits without leading zeros), unique in the tenant: a label names one
-- product. Deferrable, so one import may move a PLU from one product to another (the upsert is one statement).
-- Sent to the tills with their product (sync-server/db/pull-repo.ts).
ALTER TABLE products ADD COLUMN plu text CONSTRAINT products_plu_valid CHECK (plu ~ '^[1-9][0-9]{0,7}$');
ALTER TABLE products ADD CONSTRAINT products_plu_unique UNIQUE (tenant_id, plu) DEFERRABLE INITIALLY IMMEDIATE;

-- A store's label formats as head office set them for its scales (admin CLI scale-formats; the JSON is checked by
-- embeddedFormatsSchema when written and read). NULL: the store's scales print no labels. Sent whole to the store's
-- tills in every pull, as the tax settings: a few bytes, and a change needs no change stamp.
ALTER TABLE locations ADD COLUMN scale_formats jsonb;
