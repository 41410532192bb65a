-- Issue 8: a product's pack barcodes (shared/domain/packs.ts, productSchema.packs). Scanning one at a till adds
-- `units` of the product at once, at the pack's own price when it has one (NULL: units x the unit price). Sent to
-- the tills with their product (sync-server/db/pull-repo.ts); written with it (sync-server/db/catalog-repo.ts
-- upsertProducts), so a change of a product's packs bumps the product's change stamp.
CREATE TABLE pack_barcodes (
  tenant_id uuid NOT NULL,
  code text NOT NULL,
  product_id uuid NOT NULL,
  -- shared/domain/schemas.ts MAX_PACK_UNITS; one unit is no pack
  units integer NOT NULL CONSTRAINT pack_barcodes_units CHECK (units BETWEEN 2 AND 10000),
  -- within the one range of money (0003), never negative
  price bigint CONSTRAINT pack_barcodes_price CHECK (price IS NULL OR price BETWEEN 0 AND 1000000000000000),
  PRIMARY KEY (tenant_id, code),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE INDEX pack_barcodes_product ON pack_barcodes (tenant_id, product_id);

-- One code, one meaning at the scanner: a code of the tenant is a unit barcode or a pack barcode, never both.
-- Catalog writes hold the tenant's write lock (sync-server/db/locks.ts withTenantWrite), so two of them cannot
-- pass this check at once.
CREATE FUNCTION refuse_barcode_in_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'pack_barcodes' THEN
    IF EXISTS (SELECT 1 FROM barcodes WHERE tenant_id = NEW.tenant_id AND code = NEW.code) THEN
      RAISE EXCEPTION 'barcode % is already a unit barcode', NEW.code USING ERRCODE = 'unique_violation';
    END IF;
  ELSIF EXISTS (SELECT 1 FROM pack_barcodes WHERE tenant_id = NEW.tenant_id AND code = NEW.code) THEN
    RAISE EXCEPTION 'barcode % is already a pack barcode', NEW.code USING ERRCODE = 'unique_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER pack_barcodes_not_unit_barcodes BEFORE INSERT OR UPDATE OF code ON pack_barcodes
  FOR EACH ROW EXECUTE FUNCTION refuse_barcode_in_both();
CREATE TRIGGER barcodes_not_pack_barcodes BEFORE INSERT OR UPDATE OF code ON barcodes
  FOR EACH ROW EXECUTE FUNCTION refuse_barcode_in_both();
