-- Issue 11, faster selling: scale labels (shared/scan/embedded-barcode.ts). Each product's item code at the scales
-- (PLU, as pulled; NULL: none), one product's at a time: a label names one product (a pull moving a PLU clears it
-- from its former product first, electron/store/catalog-writes.ts). And the store's label formats as head office
-- set them and the last pull brought (JSON checked by zod when read; NULL: none, no code is read as a label).
ALTER TABLE products ADD COLUMN plu TEXT;
CREATE UNIQUE INDEX products_plu ON products (plu) WHERE plu IS NOT NULL;
ALTER TABLE till_config ADD COLUMN scale_formats_json TEXT;
