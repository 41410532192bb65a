-- Issue 11: VAT (shared/domain/vat.ts, shared/domain/tax.ts). Each tenant has named tax classes with a rate in basis
-- points (Lebanon: standard 11% = 1100, exempt 0); a product names its class (NULL: the tenant's default class);
-- the tenant says whether its prices include tax. Tills receive all of it in every pull (the tenant object), so a
-- changed rate needs no change stamp. The tenant's legal identity (name, address, VAT registration number) is
-- printed at the top of every receipt.
CREATE TABLE tax_classes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  code text NOT NULL CONSTRAINT tax_classes_code_valid CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
  -- vat.ts MAX_RATE_BP: 0% to 100%
  rate_bp integer NOT NULL CONSTRAINT tax_classes_rate_valid CHECK (rate_bp BETWEEN 0 AND 10000),
  PRIMARY KEY (tenant_id, code)
);

ALTER TABLE tenants
  ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT true,
  ADD COLUMN default_tax_class text NOT NULL DEFAULT 'standard',
  ADD COLUMN legal_name text,
  ADD COLUMN legal_address text,
  ADD COLUMN tax_number text;

-- Every tenant, existing or new however it is created, starts with the two classes of Lebanon's VAT, so the default
-- class always exists (the deferred key below is checked at commit, after this trigger ran).
INSERT INTO tax_classes (tenant_id, code, rate_bp) SELECT id, 'standard', 1100 FROM tenants;
INSERT INTO tax_classes (tenant_id, code, rate_bp) SELECT id, 'exempt', 0 FROM tenants;

CREATE FUNCTION tenants_default_tax_classes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tax_classes (tenant_id, code, rate_bp) VALUES (NEW.id, 'standard', 1100), (NEW.id, 'exempt', 0)
    ON CONFLICT DO NOTHING;
  RETURN NEW;
END $$;
CREATE TRIGGER tenants_default_tax_classes AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION tenants_default_tax_classes();

ALTER TABLE tenants ADD CONSTRAINT tenants_default_tax_class_fk FOREIGN KEY (id, default_tax_class)
  REFERENCES tax_classes (tenant_id, code) DEFERRABLE INITIALLY DEFERRED;

-- An unknown class is refused by the database too (the import refuses it first, with a clear error).
ALTER TABLE products ADD COLUMN tax_class text;
ALTER TABLE products ADD CONSTRAINT products_tax_class_fk FOREIGN KEY (tenant_id, tax_class) REFERENCES tax_classes (tenant_id, code);
